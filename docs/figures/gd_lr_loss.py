"""Loss curves of four learning rates on (x-1)^2 + 2(y-2)^2, and the y coordinate step by step."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "step": "step $t$",
        "loss_title": "Loss curves (log scale)",
        "y_label": "$y_t - 2$ (symmetric log scale)",
        "y_title": "Each step multiplies $y_t - 2$ by $1 - 4\\eta$",
        "converged": "converged",
        "diverged": "diverged",
        "max_iter": "max_iter",
        "no_improvement": "no_improvement",
    },
    "ko": {
        "step": "스텝 $t$",
        "loss_title": "손실 곡선 (로그 눈금)",
        "y_label": "$y_t - 2$ (대칭 로그 눈금)",
        "y_title": "스텝마다 $y_t - 2$에 $1 - 4\\eta$가 곱해진다",
        "converged": "수렴",
        "diverged": "발산",
        "max_iter": "최대 반복 도달",
        "no_improvement": "개선 없음",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.SeedQuadratic()
rates = np.array([[0.1], [0.3], [0.5], [0.9]])  # shape (K, 1): one learning rate per run
x0 = np.tile(problem.x0, (len(rates), 1))  # shape (K, 2): the same start for every run
batch = gd.minimize(problem, gd.GD(lr=rates), x0, max_iter=50)  # four runs at once
colors = ["tab:blue", "tab:green", "tab:orange", "tab:red"]

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
for k, (lr, color) in enumerate(zip(rates[:, 0], colors, strict=True)):
    run = batch.run(k)  # run k alone, its history cut where it stopped
    ax1.semilogy(
        run.fs, "o-", ms=2.5, color=color, label=f"$\\eta = {lr}$ ({label[run.status.value]})"
    )
    ys = run.xs[:13, 1] - problem.x_star[1]
    ax2.plot(ys, "o-", ms=3, color=color, label=f"$\\eta = {lr}$: $1 - 4\\eta = {1 - 4 * lr:+.1f}$")
ax1.set(xlabel=label["step"], ylabel="$f(x_t) - f^\\star$", title=label["loss_title"])
ax1.set_ylim(1e-22, 1e10)
ax1.legend(fontsize=8, loc="lower left")
ax2.set_yscale("symlog", linthresh=1)
ax2.set(
    xlabel=label["step"],
    ylabel=label["y_label"],
    title=label["y_title"],
    ylim=(-1e4, 1e8),
)
ax2.legend(fontsize=8, loc="upper left")
plt.show()
