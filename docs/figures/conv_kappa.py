"""Gradient descent with step 1/L on quadratics with condition numbers 1, 10, 100, 1000."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "classical": r"classical bound $(1 - 1/\kappa)^t$",
        "tight": r"tight bound $(1 - 1/\kappa)^{2t}$",
        "gd": "gradient descent",
        "exact": "exact after one step\n(error {error}: rounding)",
        "measured": "measured rate of $\\|x_t - x^\\star\\|$: {rate}",
        "step": "step $t$",
        "title": "The larger the condition number, the slower gradient descent (step 1/L)",
    },
    "ko": {
        "classical": r"고전적 상한 $(1 - 1/\kappa)^t$",
        "tight": r"엄밀한 상한 $(1 - 1/\kappa)^{2t}$",
        "gd": "경사 하강법",
        "exact": "한 스텝 만에 정확\n(오차 {error}: 반올림)",
        "measured": "$\\|x_t - x^\\star\\|$의 측정 비율: {rate}",
        "step": "스텝 $t$",
        "title": "조건수가 클수록 경사 하강법은 느립니다(학습률 1/L)",
    },
}
label = gd.plotting.labels(LABELS)
steps = 100
t = np.arange(steps + 1)
rng = np.random.default_rng(0)
x0 = rng.standard_normal(10)

fig, axes = plt.subplots(2, 2, figsize=(7, 5.2), sharex=True, sharey=True, layout="constrained")
for ax, kappa in zip(axes.flat, [1, 10, 100, 1000], strict=True):
    # eigenvalues spread evenly over [m, L] = [1, kappa], in a random orthonormal basis
    q = gd.Quadratic.with_spectrum(m=1.0, L=float(kappa), dim=10, seed=kappa)
    run = gd.minimize(q, gd.GD(lr=1 / q.L), x0, max_iter=steps)
    err = gd.distance_to_minimizer(run, q) ** 2 / np.sum(x0**2)
    classical_line = gd.gd_strongly_convex_bound(t, m=q.m, L=q.L, R=1.0)
    tight_line = gd.gd_strongly_convex_tight_bound(t, m=q.m, L=q.L, lr=1 / q.L, R=1.0)
    ax.semilogy(t, classical_line, "--", color="tab:red", label=label["classical"])
    ax.semilogy(t, tight_line, ":", color="black", label=label["tight"])
    ax.semilogy(t, np.maximum(err, 1e-300), color="tab:blue", label=label["gd"])
    ax.set_title(rf"$\kappa = {kappa}$")
    if kappa == 1:
        ax.annotate(
            label["exact"].format(error=f"{err[1]:.0e}"),
            (1, 1e-7),
            xytext=(12, 8),
            textcoords="offset points",
            fontsize=9,
        )
    else:
        rate = gd.empirical_rate(np.sqrt(err), start=50)
        ax.text(
            0.04,
            0.05,
            label["measured"].format(rate=f"{rate:.4f}")
            + "\n"
            + f"$1 - 1/\\kappa$ = {1 - 1 / kappa:.4f}",
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=9,
        )
for ax in axes[1]:
    ax.set_xlabel(label["step"])
for ax in axes[:, 0]:
    ax.set_ylabel(r"$\|x_t - x^\star\|^2 / \|x_0 - x^\star\|^2$")
axes[0, 0].set_ylim(1e-8, 3)
axes[0, 1].legend(loc="upper right", fontsize=8)
fig.suptitle(label["title"])
plt.show()
