"""GD, momentum and Nesterov on Rosenbrock's function from (-1, 0.5): paths and losses."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths, loss_curves

problem = gd.Rosenbrock()  # f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum at (1, 1)
optimizers = {
    "GD": gd.GD(lr=0.001),
    "Momentum": gd.Momentum(lr=0.001, beta=0.9),
    "Nesterov": gd.Nesterov(lr=0.001, beta=0.9),
}


def iterates(opt, x, steps=1000):
    """x_0, ..., x_steps: the optimizer loop, with the gradient taken where opt.query says."""
    state = opt.init(x)
    xs = [x]
    for _ in range(steps):
        x, state = opt.step(x, problem.grad(opt.query(x, state)), state)
        xs.append(x)
    return np.array(xs)


paths = {name: iterates(opt, problem.x0) for name, opt in optimizers.items()}
losses = {name: problem.f(xs) for name, xs in paths.items()}

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.6))
contour_paths(
    left,
    problem.f,
    {name: xs[:201] for name, xs in paths.items()},  # the first 200 steps
    xlim=(-1.5, 1.5),
    ylim=(-0.5, 1.5),
    levels=[0.1, 0.5, 1, 2, 5, 10, 30, 100, 300],
    minimum=problem.x_star,
)
for line in left.lines:
    line.set_markevery(5)  # a dot every 5 steps keeps the drawing light
left.plot(*problem.x0, "ko", ms=4)
left.set_title("first 200 steps (lr = 0.001, beta = 0.9)", fontsize=10)
left.legend(loc="upper center", fontsize=8, ncols=2)

loss_curves(right, losses, f_star=problem.f_star)
right.axvline(200, color="0.5", lw=0.8, ls=":")
table = "\n".join(f"{name:<9} {fs[200]:.2g}" for name, fs in losses.items())
right.text(
    0.35,
    0.05,
    "$f(x_{200})$\n" + table,
    transform=right.transAxes,
    family="monospace",
    fontsize=8,
    va="bottom",
)
right.set_title("loss over 1000 steps", fontsize=10)
right.legend(fontsize=8)
plt.show()
