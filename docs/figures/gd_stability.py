"""Which learning rates converge on (x-1)^2 + 2(y-2)^2: contraction factors and a batched sweep."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "diverges": "diverges",
        "lr": r"learning rate $\eta$",
        "factor": "factor per step",
        "factor_title": "Error in each coordinate is multiplied by",
        "sweep_title": "Loss after 30 steps (one batched run)",
    },
    "ko": {
        "diverges": "발산",
        "lr": r"학습률 $\eta$",
        "factor": "스텝당 인수",
        "factor_title": "좌표마다 오차에 곱해지는 인수",
        "sweep_title": "30스텝 뒤의 손실 (한 번의 묶음 실행)",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.SeedQuadratic()  # Hessian diag(2, 4): m = 2, L = 4
m, L = problem.m, problem.L
etas = np.linspace(0.005, 0.6, 120)

# 120 learning rates in one batched run: lr of shape (K, 1), x0 of shape (K, 2).
batch = gd.minimize(
    problem,
    gd.GD(lr=etas[:, None]),
    np.tile(problem.x0, (etas.size, 1)),
    max_iter=30,
    divergence_factor=None,
)
final = batch.fs[-1]

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained", sharex=True)
ax1.plot(etas, np.abs(1 - etas * m), color="tab:blue", label=f"$|1 - \\eta m|$, $m = {m:g}$ ($x$)")
ax1.plot(
    etas, np.abs(1 - etas * L), color="tab:orange", label=f"$|1 - \\eta L|$, $L = {L:g}$ ($y$)"
)
ax1.axhline(1, color="black", lw=0.8)
ax1.fill_between(etas, 1, 1.5, where=etas > 2 / L, color="tab:red", alpha=0.15, lw=0)
ax1.text(0.505, 1.38, label["diverges"], color="tab:red", fontsize=8)
ax1.set(
    xlabel=label["lr"],
    ylabel=label["factor"],
    title=label["factor_title"],
    ylim=(0, 1.5),
)
ax1.legend(fontsize=8, loc="lower left")

ax2.semilogy(etas, final, color="black")
ax2.set(
    xlabel=label["lr"],
    ylabel="$f(x_{30})$",
    title=label["sweep_title"],
)
for ax in (ax1, ax2):
    for eta in (1 / L, 2 / (m + L), 2 / L):
        ax.axvline(eta, color="gray", ls="--", lw=0.8)
ax2.text(1 / L, 1e6, "$1/L$ ", ha="right", fontsize=9)
ax2.text(2 / (m + L), 1e6, " $2/(m{+}L)$", fontsize=9)
ax2.text(2 / L, 1e-12, " $2/L$", fontsize=9)
plt.show()
