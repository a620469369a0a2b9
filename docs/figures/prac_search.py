"""Choosing a learning rate: a grid of powers of ten, then random search narrowing its range."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

problem = gd.Rosenbrock()
x0 = np.array([-1.0, 0.5])
setup = {"optimizer": gd.Momentum, "optimizer_kwargs": {"beta": 0.9}, "steps": 500}

grid = gd.lr_grid(problem, x0, exponents=range(-6, 2), **setup)
search = gd.random_search(problem, x0, low=1e-6, high=10.0, rounds=4, samples=12, seed=0, **setup)

fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.2), sharex=True, height_ratios=[3, 2])
ceiling = 1e2  # where diverged runs are drawn
ok = np.isfinite(grid.losses)
top.loglog(grid.lrs[ok], grid.losses[ok], "ks-", label="grid: 10^k")
top.loglog(grid.lrs[~ok], np.full((~ok).sum(), ceiling), "kx", ms=8, label="grid: diverged")
for r in range(search.lrs.shape[0]):
    loss = np.where(np.isfinite(search.losses[r]), search.losses[r], ceiling)
    top.loglog(search.lrs[r], loss, "o", ms=4, alpha=0.7, color=f"C{r}")
top.loglog(
    search.best_lr,
    search.best_loss,
    "*",
    ms=14,
    color="gold",
    mec="k",
    label=f"best of random search: lr = {search.best_lr:.2g}",
)
top.set(
    ylabel=f"f after {setup['steps']} steps",
    ylim=(1e-12, 3e2),
    title="Momentum (beta = 0.9) on Rosenbrock from (-1, 0.5)",
)
top.legend(fontsize=8, loc="lower left")

for r, ((lo, hi), lrs) in enumerate(zip(search.ranges, search.lrs, strict=True)):
    bottom.plot([lo, hi], [r + 1, r + 1], lw=6, alpha=0.3, color=f"C{r}")
    bottom.plot(lrs, np.full(lrs.shape, r + 1), "o", ms=4, color=f"C{r}")
bottom.set_xscale("log")
bottom.set(
    xlabel="learning rate",
    ylabel="round",
    yticks=[1, 2, 3, 4],
    ylim=(4.6, 0.4),
    title="Random search: each round samples log-uniformly in a range half as wide",
)
top.title.set_fontsize(10)
bottom.title.set_fontsize(9.5)
plt.show()
