"""Gradient descent on f(x, y) = (x - 1)^2 + 2 (y - 2)^2 from (-2, -1), two step sizes."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd


def f(x):
    return (x[..., 0] - 1) ** 2 + 2 * (x[..., 1] - 2) ** 2


def grad(x):
    return np.stack([2 * (x[..., 0] - 1), 4 * (x[..., 1] - 2)], axis=-1)


def path(lr, steps=25):
    opt = gd.GD(lr=lr)
    x = np.array([-2.0, -1.0])
    state = opt.init(x)
    xs = [x]
    for _ in range(steps):
        x, state = opt.step(x, grad(x), state)
        xs.append(x)
    return np.array(xs)


X, Y = np.meshgrid(np.linspace(-3, 4, 200), np.linspace(-2, 5, 200))
Z = f(np.stack([X, Y], axis=-1))

fig, ax = plt.subplots(figsize=(6, 4.5))
ax.contour(X, Y, Z, levels=np.geomspace(0.05, 60, 14), cmap="Greys", linewidths=0.8)
for lr, color in [(0.1, "tab:blue"), (0.45, "tab:orange")]:
    xs = path(lr)
    ax.plot(xs[:, 0], xs[:, 1], "o-", ms=3, color=color, label=f"lr = {lr}")
ax.plot(1, 2, "k*", ms=12, label="minimum (1, 2)")
ax.set(xlabel="x", ylabel="y", title="Gradient descent: small steps glide, large steps zig-zag")
ax.set_aspect("equal")
ax.legend(loc="lower right")
plt.show()
