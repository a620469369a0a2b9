"""Batch gradient descent, minibatch SGD and one-example SGD on one least-squares problem."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths

p = gd.LinearRegression(n=200, d=2, noise=0.5, seed=3)
x0 = np.array([1.5, 1.5])
steps, lr = 40, 0.1
runs = {
    f"batch GD, B = n = {p.n}": None,
    "minibatch SGD, B = 10": 10,
    "SGD, B = 1": 1,
}
fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.9), sharey=True, layout="constrained")
for ax, (title, batch) in zip(axes, runs.items(), strict=True):
    run = gd.minimize(p, gd.GD(lr=lr), x0, max_iter=steps, batch_size=batch, seed=0)
    contour_paths(
        ax,
        p.f,
        [run.xs],
        xlim=(-2.5, 2),
        ylim=(-1.5, 2),
        levels=12,
        minimum=p.x_star,
        resolution=120,
    )
    ax.set_title(
        f"{title}\n$f(x_{{{steps}}}) - f^\\star$ = {run.fs[-1] - p.f_star:.1e}", fontsize=9
    )
    ax.set_aspect("equal")
for ax in axes[1:]:
    ax.set_ylabel("")
fig.suptitle(f"{steps} steps with learning rate {lr} from (1.5, 1.5)", fontsize=10)
plt.show()
