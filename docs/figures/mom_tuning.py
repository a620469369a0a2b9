"""Momentum 0.5, 0.9, 0.95, 0.99 on one quadratic: four runs in one batched call."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import contour_paths

LABELS = {
    "en": {
        "legend": "beta = {beta}  (rate {rate})",
        "step": "step $t$",
        "title": "lr = {lr}: paths (first 100 steps) and distance to the minimum",
    },
    "ko": {
        "legend": "beta = {beta}  (수렴 속도 {rate})",
        "step": "스텝 $t$",
        "title": "lr = {lr}: 경로(처음 100스텝)와 최소점까지의 거리",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Quadratic(np.diag([1.0, 25.0]))  # f = (x^2 + 25 y^2) / 2, kappa = 25
betas = np.array([0.5, 0.9, 0.95, 0.99])
lr = 0.01
x0 = np.tile([-9.0, 1.5], (len(betas), 1))  # one row per run
result = gd.minimize(problem, gd.Momentum(lr=lr, beta=betas[:, None]), x0, max_iter=300)


def rate(beta):
    """Asymptotic rate of the heavy ball: largest |root| of z^2 - (1 + beta - lr*lam) z + beta."""
    return max(abs(np.roots([1.0, -(1 + beta - lr * lam), beta])).max() for lam in (1.0, 25.0))


fig = plt.figure(figsize=(7.2, 5.0))
grid = fig.add_gridspec(2, 4, height_ratios=[1, 1.1])
colors = plt.cm.viridis(np.linspace(0, 0.85, len(betas)))
bottom = fig.add_subplot(grid[1, :])
for k, beta in enumerate(betas):
    ax = fig.add_subplot(grid[0, k])
    path = result.xs[:101, k]  # the first 100 steps of run k
    contour_paths(ax, problem.f, [path], xlim=(-10, 10), ylim=(-4, 4), levels=8, resolution=100)
    ax.lines[-1].set(color=colors[k], markevery=2)
    ax.set_title(f"beta = {beta}", fontsize=9)
    ax.set(xlabel="", ylabel="", xticks=[], yticks=[])
    dist = np.linalg.norm(result.xs[:, k], axis=-1)
    bottom.semilogy(
        dist, color=colors[k], label=label["legend"].format(beta=beta, rate=f"{rate(beta):.3f}")
    )
bottom.set(xlabel=label["step"], ylabel=r"$\|x_t - x^\star\|$", ylim=(1e-8, 30))
bottom.legend(fontsize=8, loc="lower left")
fig.suptitle(label["title"].format(lr=lr), fontsize=10)
plt.show()
