"""A sharp and a flat minimum: a shifted test loss, perturbation sensitivity, and GD's step size."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "train": "train",
        "test": "test (shifted)",
        "gap_title": "test - train at the minimum:\n+{sharp} sharp, +{flat} flat",
        "sharp": "sharp",
        "flat": "flat",
        "rise_title": "rise of the loss",
        "eps": "perturbation eps",
        "gd_title": "GD from w = -0.8",
        "step": "step t",
    },
    "ko": {
        "train": "학습",
        "test": "테스트 (옮긴 것)",
        "gap_title": "최솟값에서 테스트 - 학습:\n날카로운 쪽 +{sharp}, 평평한 쪽 +{flat}",
        "sharp": "날카로운 최솟값",
        "flat": "평평한 최솟값",
        "rise_title": "손실의 증가",
        "eps": "흔든 크기 eps",
        "gd_title": "w = -0.8에서 시작한 GD",
        "step": "스텝 t",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


class TwoMinima:
    """A 1-D loss: a sharp well at w = -1 (width 0.1), a flat one near w = 1.5 (width 0.6)."""

    dim = 1

    def f(self, x):
        w = np.asarray(x, dtype=float)[..., 0]
        return 1 + 0.02 * w**2 - np.exp(-((w + 1) ** 2) / 0.02) - np.exp(-((w - 1.5) ** 2) / 0.72)

    def grad(self, x):
        w = np.asarray(x, dtype=float)[..., 0]
        g = (
            0.04 * w
            + (w + 1) / 0.01 * np.exp(-((w + 1) ** 2) / 0.02)
            + (w - 1.5) / 0.36 * np.exp(-((w - 1.5) ** 2) / 0.72)
        )
        return g[..., None]


p = TwoMinima()
# The two minima, found by gradient descent with a small step.
w_sharp, w_flat = gd.minimize(
    p, gd.GD(lr=0.015), np.array([[-0.9], [1.0]]), max_iter=5000, grad_tol=1e-10
).x[:, 0]

fig, axes = plt.subplots(1, 3, figsize=(7.5, 3.2))

# (a) the training loss, and a "test" loss: the same curve shifted by 0.15.
w = np.linspace(-2.5, 3.5, 1200)
axes[0].plot(w, p.f(w[:, None]), color="k", label=label["train"])
axes[0].plot(w, p.f(w[:, None] - 0.15), color="tab:purple", ls="--", label=label["test"])
rises = []
for w0, color in [(w_sharp, "tab:red"), (w_flat, "tab:blue")]:
    rises.append(float(p.f(np.array([w0 - 0.15])) - p.f(np.array([w0]))))
    axes[0].plot(w0, p.f(np.array([w0])), "o", color=color)
axes[0].set(
    title=label["gap_title"].format(sharp=f"{rises[0]:.2f}", flat=f"{rises[1]:.2f}"),
    xlabel="w",
    ylim=(-0.05, 1.25),
)
axes[0].legend(fontsize=7, loc="upper center")

# (b) how much the loss rises when the weight is perturbed by eps (worst of +-eps).
eps = np.geomspace(1e-3, 1, 60)
for w0, color, name in [(w_sharp, "tab:red", label["sharp"]), (w_flat, "tab:blue", label["flat"])]:
    f0 = p.f(np.array([w0]))
    rise = np.maximum(p.f((w0 + eps)[:, None]), p.f((w0 - eps)[:, None])) - f0
    axes[1].loglog(eps, rise, color=color, label=name)
axes[1].set(title=label["rise_title"], xlabel=label["eps"])
axes[1].legend(fontsize=8)

# (c) GD from w = -0.8 in the sharp basin, with a small and a large step.
for lr, color in [(0.01, "tab:red"), (0.1, "tab:blue")]:
    run = gd.minimize(p, gd.GD(lr=lr), np.array([-0.8]), max_iter=150)
    axes[2].plot(run.xs[:, 0], color=color, label=f"lr = {lr}")
axes[2].axhline(w_sharp, color="grey", lw=0.8, ls=":")
axes[2].axhline(w_flat, color="grey", lw=0.8, ls=":")
axes[2].set(title=label["gd_title"], xlabel=label["step"], ylabel="w_t")
axes[2].legend(fontsize=8)
for ax in axes:
    ax.title.set_fontsize(9.5)
plt.show()
