"""SGD with a constant step stalls at a noise floor; a decaying step eta0/sqrt(t) keeps going."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "constant": "constant {lr}",
        "mean": "{name} (mean after t = {t}: {mean})",
        "step": "step $t$ (one example per step)",
        "title": "linear regression, SGD with B = 1: constant vs decaying step",
    },
    "ko": {
        "constant": "고정 {lr}",
        "mean": "{name} (t = {t} 이후 평균: {mean})",
        "step": "스텝 $t$ (스텝마다 샘플 하나)",
        "title": "선형 회귀, B = 1인 SGD: 고정 스텝 대 감소하는 스텝",
    },
}
label = gd.plotting.labels(LABELS)

p = gd.LinearRegression(n=1000, d=20, noise=0.1, seed=0)
T = 30_000
schedules = {
    label["constant"].format(lr=0.02): gd.constant(0.02),
    label["constant"].format(lr=0.005): gd.constant(0.005),
    r"$0.02/\sqrt{t}$": gd.inverse_sqrt(0.02),
}
lrs = np.stack([s(np.arange(T)) for s in schedules.values()])[:, :, None]  # (runs, T, 1)

# All runs see the same examples: one independent uniform draw per step (with replacement).
rng = np.random.default_rng(0)
draws = rng.integers(0, p.n, size=T)
record = np.unique(np.geomspace(1, T, 80).astype(int))
w = np.tile(p.x0, (len(schedules), 1))  # one row per run
gaps = []
for t in range(T):
    a, b = p.X[draws[t]], p.y[draws[t]]
    w = w - lrs[:, t] * (w @ a - b)[:, None] * a  # grad f_i(w) = (a^T w - b) a
    if t + 1 in record:
        gaps.append(p.f(w) - p.f_star)
gaps = np.array(gaps)

# First-order prediction of the floor for a constant step: eta * sigma_*^2 / 4, with
# sigma_*^2 = (1/n) sum_i ||grad f_i(w*)||^2, the gradient noise at the minimizer.
sigma2_star = np.mean(np.sum(p.per_example_grads(p.x_star) ** 2, axis=1))

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
colors = ["tab:red", "tab:orange", "tab:blue"]
late = record >= T // 3  # the constant-step runs have reached their floor by then
for k, (name, color) in enumerate(zip(schedules, colors, strict=True)):
    mean = f"{gaps[late, k].mean():.1e}"
    entry = name if k == 2 else label["mean"].format(name=name, t=T // 3, mean=mean)
    ax.loglog(record, gaps[:, k], color=color, label=entry)
for eta, color in [(0.02, "tab:red"), (0.005, "tab:orange")]:
    floor = eta * sigma2_star / 4
    ax.axhline(floor, color=color, ls="--", lw=1)
    ax.text(1.5, floor * 1.15, rf"$\eta\sigma_\star^2/4$ = {floor:.1e}", color=color, fontsize=9)
ax.set(
    xlabel=label["step"],
    ylabel=r"$f(w_t) - f^\star$",
    title=label["title"],
)
ax.legend(loc="center left", fontsize=9)
plt.show()
