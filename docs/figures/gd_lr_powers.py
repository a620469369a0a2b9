"""Learning rates as powers of ten on a least-squares problem: one batched run with gd.lr_grid."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "diverged_suffix": " (diverged)",
        "step": "step $t$",
        "curves_title": "Loss curves, one per learning rate",
        "final": "final loss",
        "diverged": "diverged",
        "minimum": "minimum $f^\\star$",
        "lr": r"learning rate $\eta$",
        "best": "After 100 steps: best $\\eta = {best}$",
    },
    "ko": {
        "diverged_suffix": " (발산)",
        "step": "스텝 $t$",
        "curves_title": "학습률마다 하나씩 그린 손실 곡선",
        "final": "마지막 손실",
        "diverged": "발산",
        "minimum": "최솟값 $f^\\star$",
        "lr": r"학습률 $\eta$",
        "best": "100스텝 뒤: 가장 좋은 $\\eta = {best}$",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LinearRegression(n=1000, d=20, noise=0.1, seed=0)
grid = gd.lr_grid(problem, problem.x0, exponents=range(-4, 2), steps=100)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
colors = plt.cm.viridis(np.linspace(0, 0.9, grid.lrs.size))
for k, (lr, color) in enumerate(zip(grid.lrs, colors, strict=True)):
    run = grid.result.run(k)
    ax1.semilogy(
        run.fs - problem.f_star,
        color=color,
        label=f"$\\eta = 10^{{{int(np.log10(lr))}}}$"
        + (label["diverged_suffix"] if run.status == "diverged" else ""),
    )
ax1.set(xlabel=label["step"], ylabel="$f(x_t) - f^\\star$", title=label["curves_title"])
ax1.legend(fontsize=8, loc="lower left")

ok = ~grid.diverged
ax2.loglog(grid.lrs[ok], grid.losses[ok], "o-", color="black", label=label["final"])
ax2.plot(
    grid.lrs[~ok],
    np.full((~ok).sum(), 1e2),
    "x",
    color="tab:red",
    ms=9,
    mew=2,
    label=label["diverged"],
)
ax2.axhline(problem.f_star, color="tab:blue", ls=":", label=label["minimum"])
ax2.axvline(2 / problem.L, color="gray", ls="--", lw=0.8)
ax2.text(2 / problem.L, 1e-1, " $2/L$", fontsize=9)
ax2.set(
    xlabel=label["lr"],
    ylabel="$f(x_{100})$",
    title=label["best"].format(best=f"{grid.best_lr:g}"),
)
ax2.legend(fontsize=8, loc="center left")
plt.show()
