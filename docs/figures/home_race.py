"""Five optimizers race down the Rosenbrock valley from (-1.5, 2); the minimum is (1, 1)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths, loss_curves

LABELS = {
    "en": {
        "minimum": "minimum",
        "paths": "Paths over 2,000 steps",
        "step": "step $t$",
        "distance": "Distance to the optimum, $f(x_t) - f^\\star$",
    },
    "ko": {
        "minimum": "최소점",
        "paths": "2,000스텝 동안의 경로",
        "step": "스텝 $t$",
        "distance": "최적값과의 차이, $f(x_t) - f^\\star$",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.Rosenbrock()
x0 = np.array([-1.5, 2.0])
racers = {
    "GD": gd.GD(lr=1e-3),
    "Momentum": gd.Momentum(lr=1e-3, beta=0.9),
    "Nesterov": gd.Nesterov(lr=1e-3, beta=0.9),
    "RMSProp": gd.RMSProp(lr=1e-2),
    "Adam": gd.Adam(lr=5e-2),
}
runs = {name: gd.minimize(problem, opt, x0, max_iter=2000) for name, opt in racers.items()}

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
contour_paths(
    left,
    problem.f,
    {name: run.xs for name, run in runs.items()},
    xlim=(-2, 2),
    ylim=(-1, 3),
    levels=25,
    resolution=150,
    markers=False,
)
left.plot(1, 1, marker="*", color="black", ms=12, ls="none", label=label["minimum"])
left.set_title(label["paths"])
left.legend(loc="lower right", fontsize=8)
loss_curves(
    right,
    {name: run.fs for name, run in runs.items()},
    f_star=problem.f_star,
    xlabel=label["step"],
)
right.set_title(label["distance"])
right.legend(fontsize=8)
plt.show()
