"""Choosing a learning rate: a grid of powers of ten, then random search narrowing its range."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "grid": "grid: 10^k",
        "grid_diverged": "grid: diverged",
        "best": "best of random search: lr = {lr}",
        "f_after": "f after {steps} steps",
        "top_title": "Momentum (beta = 0.9) on Rosenbrock from (-1, 0.5)",
        "lr": "learning rate",
        "round": "round",
        "bottom_title": "Random search: each round samples log-uniformly in a range half as wide",
    },
    "ko": {
        "grid": "격자: 10^k",
        "grid_diverged": "격자: 발산",
        "best": "랜덤 탐색의 최선: lr = {lr}",
        "f_after": "{steps} 스텝 뒤의 f",
        "top_title": "(-1, 0.5)에서 출발한 Rosenbrock 함수 위의 모멘텀 (beta = 0.9)",
        "lr": "학습률",
        "round": "라운드",
        "bottom_title": "랜덤 탐색: 라운드마다 폭이 절반인 범위에서 로그 균등하게 뽑는다",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.Rosenbrock()
x0 = np.array([-1.0, 0.5])
setup = {"optimizer": gd.Momentum, "optimizer_kwargs": {"beta": 0.9}, "steps": 500}

grid = gd.lr_grid(problem, x0, exponents=range(-6, 2), **setup)
search = gd.random_search(problem, x0, low=1e-6, high=10.0, rounds=4, samples=12, seed=0, **setup)

fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.2), sharex=True, height_ratios=[3, 2])
ceiling = 1e2  # where diverged runs are drawn
ok = np.isfinite(grid.losses)
top.loglog(grid.lrs[ok], grid.losses[ok], "ks-", label=label["grid"])
top.loglog(grid.lrs[~ok], np.full((~ok).sum(), ceiling), "kx", ms=8, label=label["grid_diverged"])
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
    label=label["best"].format(lr=f"{search.best_lr:.2g}"),
)
top.set(
    ylabel=label["f_after"].format(steps=setup["steps"]),
    ylim=(1e-12, 3e2),
    title=label["top_title"],
)
top.legend(fontsize=8, loc="lower left")

for r, ((lo, hi), lrs) in enumerate(zip(search.ranges, search.lrs, strict=True)):
    bottom.plot([lo, hi], [r + 1, r + 1], lw=6, alpha=0.3, color=f"C{r}")
    bottom.plot(lrs, np.full(lrs.shape, r + 1), "o", ms=4, color=f"C{r}")
bottom.set_xscale("log")
bottom.set(
    xlabel=label["lr"],
    ylabel=label["round"],
    yticks=[1, 2, 3, 4],
    ylim=(4.6, 0.4),
    title=label["bottom_title"],
)
top.title.set_fontsize(10)
bottom.title.set_fontsize(9.5)
plt.show()
