"""Gradient descent on f(x, y) = (x - 1)^2 + 2 (y - 2)^2 from (-2, -1), two step sizes."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

problem = gd.SeedQuadratic()  # minimum at (1, 2)
x0 = np.array([-2.0, -1.0])

X, Y = np.meshgrid(np.linspace(-3, 4, 200), np.linspace(-2, 5, 200))
Z = problem.f(np.stack([X, Y], axis=-1))

fig, ax = plt.subplots(figsize=(6, 4.5))
ax.contour(X, Y, Z, levels=np.geomspace(0.05, 60, 14), cmap="Greys", linewidths=0.8)
for lr, color in [(0.1, "tab:blue"), (0.45, "tab:orange")]:
    xs = gd.minimize(problem, gd.GD(lr=lr), x0, max_iter=25).xs
    ax.plot(xs[:, 0], xs[:, 1], "o-", ms=3, color=color, label=f"lr = {lr}")
ax.plot(1, 2, "k*", ms=12, label="minimum (1, 2)")
ax.set(xlabel="x", ylabel="y", title="Gradient descent: small steps glide, large steps zig-zag")
ax.set_aspect("equal")
ax.legend(loc="lower right")
plt.show()
