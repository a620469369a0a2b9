"""Exact line search on a quadratic: the zig-zag, and Kantorovich's rate attained."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "exact": "exact line search",
        "left_title": "each step stops where the gradient turns at a right angle",
        "random": "500 random starts (range)",
        "worst": "the worst start",
        "step": "step $t$",
        "ratio": "gap ratio per step",
    },
    "ko": {
        "exact": "정확한 선 탐색",
        "left_title": "각 스텝은 기울기가 직각으로 꺾이는 곳에서 멈춘다",
        "random": "무작위 시작점 500개 (범위)",
        "worst": "최악의 시작점",
        "step": "스텝 $t$",
        "ratio": "스텝당 차이의 비율",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

q = gd.Quadratic(np.diag([1.0, 10.0]))  # m = 1, L = 10, x* = 0
kappa = q.L / q.m
rate = ((kappa - 1) / (kappa + 1)) ** 2
worst = np.array([1 / q.m, 1 / q.L]) * 8  # along e_min / lambda_min + e_max / lambda_max
run = gd.minimize(q, gd.ExactLineSearchGD(), worst, max_iter=12, grad_tol=0.0)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
u, v = np.meshgrid(np.linspace(-9, 9, 300), np.linspace(-3, 3, 200))
values = q.f(np.stack([u, v], axis=-1))
left.contour(u, v, values, levels=np.geomspace(0.05, 60, 12), colors="0.6", linewidths=0.7)
left.plot(run.xs[:, 0], run.xs[:, 1], "o-", color="tab:blue", ms=3, label=label["exact"])
left.plot(0, 0, "k*", ms=9)
left.set(
    xlabel="$x_1$ ($\\lambda = 1$)",
    ylabel="$x_2$ ($\\lambda = 10$)",
    aspect="equal",
    title=label["left_title"],
)
left.legend(fontsize=8, loc="upper right")

starts = np.random.default_rng(0).standard_normal((500, 2))
many = gd.minimize(q, gd.ExactLineSearchGD(), starts, max_iter=12, grad_tol=0.0)
per_step = many.fs[1:] / many.fs[:-1]
t = np.arange(1, per_step.shape[0] + 1)
right.fill_between(
    t,
    per_step.min(axis=1),
    per_step.max(axis=1),
    color="tab:orange",
    alpha=0.3,
    label=label["random"],
)
right.plot(t, run.fs[1:] / run.fs[:-1], "o", color="tab:blue", ms=4, label=label["worst"])
right.axhline(
    rate, color="black", ls="--", lw=1, label=rf"$((\kappa-1)/(\kappa+1))^2 = {rate:.4f}$"
)
right.set(
    xlabel=label["step"],
    ylabel=label["ratio"],
    ylim=(0, 0.8),
    title=r"$(f(x_t) - f^\star)/(f(x_{t-1}) - f^\star)$, $\kappa = 10$",
)
right.legend(fontsize=8, loc="lower right")
plt.show()
