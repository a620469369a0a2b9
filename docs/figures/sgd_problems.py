"""SGD's three problems: ill-conditioning, saddle points, and noisy gradients."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths

LABELS = {
    "en": {
        "ill": "ill-conditioned, $\\kappa$ = {kappa}:\nzig-zag across the valley",
        "saddle": "saddle point: {slow} of {nit} steps\nwith $\\|\\nabla f\\| < 0.1$",
        "noisy": "noisy gradients: 200 SGD steps\nmean distance to $x^\\star$ {spread}",
    },
    "ko": {
        "ill": "나쁜 조건, $\\kappa$ = {kappa}:\n골짜기를 가로지르는 지그재그",
        "saddle": "안장점: {nit}스텝 중 {slow}스텝이\n$\\|\\nabla f\\| < 0.1$",
        "noisy": "잡음 섞인 기울기: SGD 200스텝\n$x^\\star$까지 평균 거리 {spread}",
    },
}
label = gd.plotting.labels(LABELS)

fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.9), layout="constrained")

# 1. Ill-conditioning: curvature 20 across the valley, 1 along it (kappa = 20).
q = gd.Quadratic(np.diag([1.0, 20.0]))
run = gd.minimize(q, gd.GD(lr=0.09), [-9.0, 2.5], max_iter=30)
contour_paths(
    axes[0],
    q.f,
    [run.xs],
    xlim=(-10, 1.5),
    ylim=(-4, 4),
    levels=12,
    minimum=q.x_star,
    resolution=120,
)
axes[0].set_title(label["ill"].format(kappa=f"{q.L / q.m:g}"), fontsize=9)

# 2. A saddle point: f = x^2 - y^2, started almost exactly on the x axis.
s = gd.Saddle()
run = gd.minimize(s, gd.GD(lr=0.1), [1.5, 1e-6], max_iter=80, divergence_factor=None)
slow = int(np.sum(run.grad_norms < 0.1))
contour_paths(
    axes[1],
    s.f,
    [run.xs],
    xlim=(-1.6, 1.6),
    ylim=(-1.6, 1.6),
    levels=12,
    log_levels=False,
    minimum=None,
    resolution=120,
)
axes[1].plot(0, 0, "kx", ms=8)
axes[1].set_title(label["saddle"].format(slow=slow, nit=run.nit), fontsize=9)

# 3. Noisy gradients: SGD (B = 1) started at the minimizer does not stay there.
p = gd.LinearRegression(n=200, d=2, noise=0.5, seed=3)
run = gd.minimize(p, gd.GD(lr=0.1), p.x_star, max_iter=200, batch_size=1, seed=0)
c = p.x_star
contour_paths(
    axes[2],
    p.f,
    [run.xs],
    xlim=(c[0] - 0.4, c[0] + 0.4),
    ylim=(c[1] - 0.4, c[1] + 0.4),
    levels=8,
    minimum=c,
    resolution=120,
)
spread = np.mean(np.linalg.norm(run.xs - c, axis=1))
axes[2].set_title(label["noisy"].format(spread=f"{spread:.2f}"), fontsize=9)
for ax in axes:
    ax.set_aspect("equal")
    ax.set(xlabel="", ylabel="")
plt.show()
