"""Batch gradient descent, minibatch SGD and one-example SGD on one least-squares problem."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths

LABELS = {
    "en": {
        "batch": "batch GD, B = n = {n}",
        "minibatch": "minibatch SGD, B = 10",
        "sgd": "SGD, B = 1",
        "title": "{steps} steps with learning rate {lr} from (1.5, 1.5)",
    },
    "ko": {
        "batch": "배치 GD, B = n = {n}",
        "minibatch": "미니배치 SGD, B = 10",
        "sgd": "SGD, B = 1",
        "title": "(1.5, 1.5)에서 학습률 {lr}로 {steps}스텝",
    },
}
label = gd.plotting.labels(LABELS)

p = gd.LinearRegression(n=200, d=2, noise=0.5, seed=3)
x0 = np.array([1.5, 1.5])
steps, lr = 40, 0.1
runs = {
    label["batch"].format(n=p.n): None,
    label["minibatch"]: 10,
    label["sgd"]: 1,
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
fig.suptitle(label["title"].format(steps=steps, lr=lr), fontsize=10)
plt.show()
