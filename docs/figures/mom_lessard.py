"""Lessard, Recht & Packard's function: the tuned heavy ball cycles, gradient descent converges."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "cycle": "3-cycle: {points}",
        "curvature": "curvature f'' = 25, but 1 on [1, 2] (shaded)",
        "heavy": "heavy ball, lr 1/9, beta 4/9",
        "gd": "gradient descent, lr 2/(m+L)",
        "step": "step $t$",
        "start": "from $x_0$ = {x0}",
    },
    "ko": {
        "cycle": "세 점 순환: {points}",
        "curvature": "곡률 f'' = 25, 단 [1, 2](음영)에서는 1",
        "heavy": "헤비볼, lr 1/9, beta 4/9",
        "gd": "경사 하강법, lr 2/(m+L)",
        "step": "스텝 $t$",
        "start": "$x_0$ = {x0}에서 출발",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.LessardHeavyBall()  # strongly convex, m = 1, L = 25, minimum at 0
m, L = problem.m, problem.L
q = (np.sqrt(L / m) - 1) / (np.sqrt(L / m) + 1)
heavy = gd.Momentum(lr=4 / (np.sqrt(L) + np.sqrt(m)) ** 2, beta=q**2)  # Polyak's tuning
hb = gd.minimize(problem, heavy, problem.x0, max_iter=60)  # lr = 1/9, beta = 4/9
gd_run = gd.minimize(problem, gd.GD(lr=2 / (m + L)), problem.x0, max_iter=60)
cycle = np.sort(hb.xs[-3:, 0])

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.4), width_ratios=[1, 1.4])
x = np.linspace(-2.5, 3.5, 400)
left.plot(x, problem.f(x[:, None]), color="0.3")
left.plot(
    cycle,
    problem.f(cycle[:, None]),
    "o",
    color=OPTIMIZER_COLORS["Momentum"],
    label=label["cycle"].format(points=", ".join(f"{c:.3f}" for c in cycle)),
)
left.axvspan(1, 2, color="0.9", zorder=0)
left.set(xlabel="$x$", ylabel="$f(x)$", title=label["curvature"])
left.title.set_fontsize(9)
left.legend(fontsize=8, loc="upper left")

right.plot(hb.xs[:, 0], ".-", color=OPTIMIZER_COLORS["Momentum"], label=label["heavy"])
right.plot(gd_run.xs[:, 0], ".-", color=OPTIMIZER_COLORS["GD"], label=label["gd"])
right.axhline(0, color="black", lw=0.8)
right.set(xlabel=label["step"], ylabel="$x_t$", title=label["start"].format(x0=problem.x0[0]))
right.title.set_fontsize(9)
right.legend(fontsize=8, loc="upper right")
plt.show()
