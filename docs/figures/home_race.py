"""Five optimizers race down the Rosenbrock valley from (-1.5, 2); the minimum is (1, 1)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths, loss_curves

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
    minimum=(1, 1),
    resolution=150,
    markers=False,
)
left.set_title("Paths over 2,000 steps")
left.legend(loc="lower right", fontsize=8)
loss_curves(right, {name: run.fs for name, run in runs.items()}, f_star=problem.f_star)
right.set_title("Distance to the optimum, $f(x_t) - f^\\star$")
right.legend(fontsize=8)
plt.show()
