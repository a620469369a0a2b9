"""Reduce-on-plateau driving minibatch SGD on a linear regression, against a constant rate."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "constant": "constant 0.05",
        "gap": "f(x) - f* after the epoch",
        "title": "Halved {cuts} times; final gap {gap_plateau} vs {gap_constant}",
        "epoch": "epoch (100 steps of batch 10)",
        "lr": "learning rate in the epoch",
    },
    "ko": {
        "constant": "상수 0.05",
        "gap": "에포크 뒤의 f(x) - f*",
        "title": "학습률을 {cuts}번 절반으로 줄임, 최종 차이 {gap_plateau} 대 {gap_constant}",
        "epoch": "에포크 (배치 크기 10으로 100 스텝)",
        "lr": "에포크의 학습률",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LinearRegression(n=1000, d=20, noise=1.0, seed=0)
plateau = gd.ReduceOnPlateau(lr=0.05, factor=0.5, patience=2, threshold=1e-3, cooldown=1)
ps = plateau.init()

# Two runs side by side (the rows of x): row 0 obeys the plateau rule, row 1 keeps 0.05.
x = np.zeros((2, problem.dim))
state = gd.SGD().init(x)
rng = np.random.default_rng(0)
epochs, steps_per_epoch = 30, 100
gaps, lrs = [], []
for _ in range(epochs):
    lr = np.array([[ps.lr], [0.05]])  # one learning rate per run, shape (2, 1)
    opt = gd.SGD(lr=lr)  # a new rate for this epoch; the state carries over
    for _ in range(steps_per_epoch):
        idx = rng.choice(problem.n, size=10, replace=False)
        x, state = opt.step(x, problem.grad(x, idx=idx), state)
    loss = problem.f(x)  # the full training loss after the epoch, one per run
    ps = plateau.update(ps, float(loss[0]))
    gaps.append(loss - problem.f_star)
    lrs.append(lr[:, 0])
gaps, lrs = np.array(gaps), np.array(lrs)
cuts = [e for e in range(1, epochs) if lrs[e, 0] < lrs[e - 1, 0]]

fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
e = np.arange(1, epochs + 1)
top.semilogy(e, gaps[:, 1], "o-", ms=3, color="tab:blue", label=label["constant"])
top.semilogy(e, gaps[:, 0], "o-", ms=3, color="tab:orange", label="ReduceOnPlateau")
top.set(
    ylabel=label["gap"],
    title=label["title"].format(
        cuts=len(cuts), gap_plateau=f"{gaps[-1, 0]:.1e}", gap_constant=f"{gaps[-1, 1]:.1e}"
    ),
)
top.legend()
bottom.semilogy(e, lrs[:, 1], drawstyle="steps-mid", color="tab:blue")
bottom.semilogy(e, lrs[:, 0], drawstyle="steps-mid", color="tab:orange")
levels = np.unique(lrs)
bottom.set_yticks(levels, labels=[f"{v:g}" for v in levels])
bottom.minorticks_off()
for c in cuts:
    for ax in (top, bottom):
        ax.axvline(c + 0.5, color="grey", lw=0.8, ls=":")
bottom.set(xlabel=label["epoch"], ylabel=label["lr"])
plt.show()
