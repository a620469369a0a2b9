"""Final loss on Beale after 500 steps against the learning rate: one batched run per optimizer."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "best": "{name}: best lr {lr}, loss {loss}",
        "still": "f(x0): no progress",
        "cross": "x = diverged",
        "lr": "learning rate",
        "title": "Beale from (3, 3), 500 steps; dotted: the learning rates of the comparison",
    },
    "ko": {
        "best": "{name}: 최적 lr {lr}, 손실 {loss}",
        "still": "f(x0): 진전 없음",
        "cross": "x = 발산",
        "lr": "학습률",
        "title": "(3, 3)에서 시작한 Beale, 500 스텝; 점선: 비교에 쓴 학습률",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Beale()
exponents = np.linspace(-5, 0, 41)  # learning rates 1e-5 ... 1
candidates = {  # name: (class, other hyperparameters, the course chapter's learning rate)
    "SGD": (gd.GD, {}, 1e-3),
    "Momentum": (gd.Momentum, {"beta": 0.9}, 1e-3),
    "AdaGrad": (gd.AdaGrad, {}, 0.5),
    "RMSProp": (gd.RMSProp, {"alpha": 0.9}, 1e-2),
    "Adam": (gd.Adam, {}, 1e-2),
}

fig, ax = plt.subplots(figsize=(7.0, 4.0))
for row, (name, (cls, kwargs, seed_lr)) in enumerate(candidates.items()):
    grid = gd.lr_grid(
        problem, problem.x0, exponents, optimizer=cls, steps=500, optimizer_kwargs=kwargs
    )  # all 41 learning rates in one batched run
    color = OPTIMIZER_COLORS[name]
    ok = ~grid.diverged
    ax.loglog(
        grid.lrs[ok],
        grid.losses[ok],
        ".-",
        color=color,
        label=label["best"].format(
            name=name, lr=f"{grid.best_lr:.2g}", loss=f"{grid.best_loss:.2g}"
        ),
    )
    top = 2e4 * 1.6**row  # diverged runs: a row of crosses at the top
    ax.plot(grid.lrs[~ok], np.full((~ok).sum(), top), "x", color=color, ms=5)
    ax.axvline(seed_lr, color=color, lw=0.8, ls=":")
ax.axhline(problem.f(problem.x0), color="black", lw=0.8, ls="--")
ax.text(1.2e-5, problem.f(problem.x0) * 1.3, label["still"], fontsize=8)
ax.text(1.2e-5, 3e4, label["cross"], fontsize=8)
ax.set(xlabel=label["lr"], ylabel=r"$f(x_{500}) - f^\star$", ylim=(1e-4, 3e5))
ax.set_title(label["title"], fontsize=10)
ax.legend(fontsize=8, loc="lower left")
plt.show()
