"""Gradient descent on f(x, y) = (x - 1)^2 + 2 (y - 2)^2 from (-2, -1), two step sizes."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "lr": "lr = {lr}",
        "minimum": "minimum (1, 2)",
        "title": "Gradient descent: small steps glide, large steps zig-zag",
    },
    "ko": {
        "lr": "lr = {lr}",
        "minimum": "최소점 (1, 2)",
        "title": "경사 하강법: 작은 스텝은 미끄러지고, 큰 스텝은 지그재그로 간다",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.SeedQuadratic()  # minimum at (1, 2)
x0 = np.array([-2.0, -1.0])

X, Y = np.meshgrid(np.linspace(-3, 4, 200), np.linspace(-2, 5, 200))
Z = problem.f(np.stack([X, Y], axis=-1))

fig, ax = plt.subplots(figsize=(6, 4.5))
ax.contour(X, Y, Z, levels=np.geomspace(0.05, 60, 14), cmap="Greys", linewidths=0.8)
for lr, color in [(0.1, "tab:blue"), (0.45, "tab:orange")]:
    xs = gd.minimize(problem, gd.GD(lr=lr), x0, max_iter=25).xs
    ax.plot(xs[:, 0], xs[:, 1], "o-", ms=3, color=color, label=label["lr"].format(lr=lr))
ax.plot(1, 2, "k*", ms=12, label=label["minimum"])
ax.set(xlabel="x", ylabel="y", title=label["title"])
ax.set_aspect("equal")
ax.legend(loc="lower right")
plt.show()
