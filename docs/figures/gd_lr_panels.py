"""Gradient descent on f(x, y) = (x-1)^2 + 2(y-2)^2 from (-2, -1) with four learning rates."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "title": "$\\eta = {lr}$: {status} after {nit} steps\n$f(x_{{{nit}}})$ = {fun}",
        "iterates": "iterates",
        "neg_grad": r"$-\nabla f$ (1/8 length)",
        "start": "start $(-2, -1)$",
        "minimum": "minimum $(1, 2)$",
        "converged": "converged",
        "diverged": "diverged",
        "max_iter": "max_iter",
        "no_improvement": "no_improvement",
    },
    "ko": {
        "title": "$\\eta = {lr}$: {nit}스텝 뒤 {status}\n$f(x_{{{nit}}})$ = {fun}",
        "iterates": "반복점",
        "neg_grad": r"$-\nabla f$ (길이 1/8)",
        "start": "시작점 $(-2, -1)$",
        "minimum": "최소점 $(1, 2)$",
        "converged": "수렴",
        "diverged": "발산",
        "max_iter": "최대 반복 도달",
        "no_improvement": "개선 없음",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.SeedQuadratic()  # f(x, y) = (x - 1)^2 + 2 (y - 2)^2, L = 4
rates = np.array([[0.1], [0.3], [0.5], [0.9]])  # shape (K, 1): one learning rate per run
x0 = np.tile(problem.x0, (len(rates), 1))  # shape (K, 2): the same start for every run
batch = gd.minimize(problem, gd.GD(lr=rates), x0, max_iter=50)  # the page's run, all four at once

X, Y = np.meshgrid(np.linspace(-3, 4, 100), np.linspace(-2, 6, 100))
Z = problem.f(np.stack([X, Y], axis=-1))
levels = np.geomspace(0.1, 80, 12)

fig, axes = plt.subplots(2, 2, figsize=(7.5, 7), layout="constrained")
for k, (ax, lr) in enumerate(zip(axes.flat, rates[:, 0], strict=True)):
    res = batch.run(k)  # run k alone, its history cut where it stopped
    path = res.xs
    ax.contour(X, Y, Z, levels=levels, cmap="Greys_r", linewidths=0.7, alpha=0.8)
    ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", ms=3, lw=1, zorder=4)
    # The negative gradient at the first iterates, drawn at 1/8 of its length.
    first = path[:5]
    g = problem.grad(first)
    ax.quiver(
        first[:, 0],
        first[:, 1],
        -g[:, 0],
        -g[:, 1],
        angles="xy",
        scale_units="xy",
        scale=8,
        color="tab:blue",
        width=0.012,
        headwidth=3.5,
        alpha=0.75,
        zorder=5,
    )
    ax.plot(*problem.x0, "s", color="black", ms=6, zorder=5)
    ax.plot(*problem.x_star, "*", color="black", ms=12, zorder=5)
    ax.set_title(
        label["title"].format(
            lr=lr, status=label[res.status.value], nit=res.nit, fun=f"{res.fun:.3g}"
        ),
        fontsize=10,
    )
    ax.set(xlim=(-3, 4), ylim=(-2, 6))
    ax.set_aspect("equal")
    ax.set(xlabel="$x$", ylabel="$y$")
axes[0, 0].plot([], [], "o-", color="tab:red", ms=3, label=label["iterates"])
axes[0, 0].plot([], [], color="tab:blue", lw=3, label=label["neg_grad"])
axes[0, 0].plot([], [], "s", color="black", label=label["start"])
axes[0, 0].plot([], [], "*", color="black", ms=10, label=label["minimum"])
axes[0, 0].legend(loc="upper left", fontsize=8, framealpha=0.9, frameon=True)
plt.show()
