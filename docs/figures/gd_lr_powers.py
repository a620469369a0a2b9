"""Learning rates as powers of ten on a least-squares problem: one batched run with gd.lr_grid."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

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
        + (" (diverged)" if run.status == "diverged" else ""),
    )
ax1.set(xlabel="step $t$", ylabel="$f(x_t) - f^\\star$", title="Loss curves, one per learning rate")
ax1.legend(fontsize=8, loc="lower left")

ok = ~grid.diverged
ax2.loglog(grid.lrs[ok], grid.losses[ok], "o-", color="black", label="final loss")
ax2.plot(
    grid.lrs[~ok], np.full((~ok).sum(), 1e2), "x", color="tab:red", ms=9, mew=2, label="diverged"
)
ax2.axhline(problem.f_star, color="tab:blue", ls=":", label="minimum $f^\\star$")
ax2.axvline(2 / problem.L, color="gray", ls="--", lw=0.8)
ax2.text(2 / problem.L, 1e-1, " $2/L$", fontsize=9)
ax2.set(
    xlabel=r"learning rate $\eta$",
    ylabel="$f(x_{100})$",
    title=f"After 100 steps: best $\\eta = {grid.best_lr:g}$",
)
ax2.legend(fontsize=8, loc="center left")
plt.show()
