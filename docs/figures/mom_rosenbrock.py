"""GD, momentum and Nesterov on Rosenbrock's function from (-1, 0.5): paths and losses."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths, loss_curves

LABELS = {
    "en": {
        "Momentum": "Momentum",
        "Nesterov": "Nesterov",
        "minimum": "minimum",
        "paths": "first 200 steps (lr = 0.001, beta = 0.9)",
        "row": "{name:<9} {f}",
        "step": "step $t$",
        "loss": "loss over 1000 steps",
    },
    "ko": {
        "Momentum": "모멘텀",
        "Nesterov": "네스테로프",
        "minimum": "최소점",
        "paths": "처음 200스텝 (lr = 0.001, beta = 0.9)",
        "row": "{name}: {f}",
        "step": "스텝 $t$",
        "loss": "1000스텝 동안의 손실",
    },
}
label = gd.plotting.labels(LABELS)
# Proportional Hangul does not line up in columns: only the English table is monospace.
TABLE_FONT = "monospace" if gd.plotting.language() == "en" else None


def relabel(ax):
    """Legend entries in the page's language (the dict keys above pick the colors)."""
    for line in ax.lines:
        line.set_label(label.get(line.get_label(), line.get_label()))


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
left.set_title(label["paths"], fontsize=10)
relabel(left)
left.legend(loc="upper center", fontsize=8, ncols=2)

loss_curves(right, losses, f_star=problem.f_star, xlabel=label["step"])
right.axvline(200, color="0.5", lw=0.8, ls=":")
table = "\n".join(
    label["row"].format(name=label.get(name, name), f=f"{fs[200]:.2g}")
    for name, fs in losses.items()
)
right.text(
    0.35,
    0.05,
    "$f(x_{200})$\n" + table,
    transform=right.transAxes,
    family=TABLE_FONT,
    fontsize=8,
    va="bottom",
)
right.set_title(label["loss"], fontsize=10)
relabel(right)
right.legend(fontsize=8)
plt.show()
