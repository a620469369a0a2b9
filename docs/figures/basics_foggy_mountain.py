"""The foggy mountain: a loss surface (left), and the downhill directions one can feel (right)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "mountain": "The mountain (seen without fog)",
        "gd": "gradient descent",
        "start": "start",
        "fog": "In the fog: only the downhill direction",
    },
    "ko": {
        "mountain": "산 (안개 없이 본 모습)",
        "gd": "경사 하강법",
        "start": "시작점",
        "fog": "안개 속: 내리막 방향만 보인다",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=20)
y = 2 * x + 0.3 * rng.standard_normal(20)
A = np.column_stack([x, np.ones_like(x)])  # model y_pred = w * x + b, parameters theta = (w, b)


def loss(theta):
    """MSE for parameters of shape (..., 2)."""
    r = theta @ A.T - y
    return np.mean(r**2, axis=-1)


def grad(theta):
    """Gradient of the MSE, (2/N) A^T (A theta - y), shape (..., 2)."""
    r = theta @ A.T - y
    return 2 * r @ A / len(y)


# Gradient descent from (w, b) = (-0.5, 3): the walker's path.
opt = gd.GD(lr=0.2)
theta = np.array([-0.5, 3.0])
state = opt.init(theta)
path = [theta]
for _ in range(60):
    theta, state = opt.step(theta, grad(theta), state)
    path.append(theta)
path = np.array(path)

W, B = np.meshgrid(np.linspace(-1, 4, 150), np.linspace(-2, 4, 150))
Z = loss(np.stack([W, B], axis=-1))

fig = plt.figure(figsize=(7.5, 3.6), layout="constrained")
ax1 = fig.add_subplot(1, 2, 1, projection="3d")
ax1.plot_surface(
    W[::5, ::5], B[::5, ::5], Z[::5, ::5], cmap="viridis", alpha=0.6, linewidth=0, rasterized=True
)
ax1.plot(path[:, 0], path[:, 1], loss(path), "o-", color="tab:red", ms=2.5, lw=1.2, zorder=5)
ax1.set(xlabel="$w$", ylabel="$b$", zlabel="", title=label["mountain"])
ax1.view_init(elev=30, azim=-60)
ax1.set_box_aspect(None, zoom=0.85)

levels = np.geomspace(0.05, Z.max(), 15)
ax2 = fig.add_subplot(1, 2, 2)
ax2.contour(W, B, Z, levels=levels, cmap="viridis", linewidths=0.8)
Wc, Bc = np.meshgrid(np.linspace(-0.75, 3.75, 10), np.linspace(-1.7, 3.7, 10))
G = grad(np.stack([Wc, Bc], axis=-1))
U = -G / np.linalg.norm(G, axis=-1, keepdims=True)  # unit downhill directions
ax2.quiver(Wc, Bc, U[..., 0], U[..., 1], color="gray", width=0.004, scale=22)
ax2.plot(path[:, 0], path[:, 1], "o-", color="tab:red", ms=2.5, lw=1.2, label=label["gd"])
ax2.plot(*path[0], "s", color="tab:red", ms=6, label=label["start"])
ax2.set(xlabel="$w$", ylabel="$b$", title=label["fog"])
ax2.legend(loc="lower left", fontsize=8)
plt.show()
