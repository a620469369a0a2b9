"""Weight decay in AdamW and as an L2 penalty in Adam: how much each value shrinks the weights."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "l2": "Adam + L2 penalty",
        "decoupled": "AdamW (decoupled)",
        "lambda": r"weight decay $\lambda$",
        "shrinkage": r"shrinkage of $\|x_{1000}\|$ (%)",
        "left_title": "Shaded: the values each convention uses",
        "no_decay": "no decay",
        "adamw_small": r"AdamW, $\lambda = 10^{-4}$ (an L2-sized value)",
        "step": "step $t$",
        "right_title": "lr = 0.01, minibatches of 64",
    },
    "ko": {
        "l2": "Adam + L2 벌점",
        "decoupled": "AdamW (분리된 감쇠)",
        "lambda": r"가중치 감쇠 $\lambda$",
        "shrinkage": r"$\|x_{1000}\|$의 감소율 (%)",
        "left_title": "음영: 각 관례에서 쓰는 값의 범위",
        "no_decay": "감쇠 없음",
        "adamw_small": r"AdamW, $\lambda = 10^{-4}$ (L2에 맞는 크기의 값)",
        "step": "스텝 $t$",
        "right_title": "lr = 0.01, 크기 64인 미니배치",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LogisticRegression(n=1000, d=20, seed=0)
setup = {"max_iter": 1000, "batch_size": 64}  # the practice page's experiment
lams = 10.0 ** np.arange(-6, 0.25, 0.5)  # 1e-6 ... 1, one run per value
x0 = np.zeros((lams.size, problem.dim))

free = gd.minimize(problem, gd.Adam(lr=0.01), x0, **setup)  # no decay
runs = {
    label["l2"]: gd.minimize(problem, gd.Adam(lr=0.01, weight_decay=lams[:, None]), x0, **setup),
    label["decoupled"]: gd.minimize(
        problem, gd.AdamW(lr=0.01, weight_decay=lams[:, None]), x0, **setup
    ),
}
size = np.linalg.norm(free.x, axis=1)
usual = {label["l2"]: (1e-5, 1e-4), label["decoupled"]: (1e-2, 1e-1)}
colors = {label["l2"]: "tab:orange", label["decoupled"]: "tab:blue"}

fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
for name, res in runs.items():
    shrink = 1 - np.linalg.norm(res.x, axis=1) / size
    left.semilogx(lams, 100 * shrink, "o-", ms=3.5, color=colors[name], label=name)
    low, high = usual[name]
    left.axvspan(low, high, color=colors[name], alpha=0.15, lw=0)
left.set(
    xlabel=label["lambda"],
    ylabel=label["shrinkage"],
    title=label["left_title"],
)
left.legend(fontsize=9, loc="upper left")

# The norm of the weights along the runs: the L2-sized value does nothing in AdamW.
t = np.arange(setup["max_iter"] + 1)
right.plot(t, np.linalg.norm(free.xs[:, 0], axis=1), color="black", label=label["no_decay"])
for name, lam, ls, text in [
    (label["decoupled"], 1e-4, ":", label["adamw_small"]),
    (label["decoupled"], 1e-1, "-", r"AdamW, $\lambda = 10^{-1}$"),
    (label["l2"], 1e-4, "-", r"Adam + L2, $\lambda = 10^{-4}$"),
]:
    k = int(np.argmin(np.abs(np.log10(lams / lam))))  # the run of the sweep with that value
    right.plot(
        t, np.linalg.norm(runs[name].xs[:, k], axis=1), ls=ls, color=colors[name], label=text
    )
right.set(xlabel=label["step"], ylabel=r"$\|x_t\|$", title=label["right_title"])
right.legend(fontsize=9, loc="lower right")
plt.show()
