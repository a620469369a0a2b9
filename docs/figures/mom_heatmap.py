"""Heavy ball on a quadratic: final distance over a (learning rate, momentum) grid in one run."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "colorbar": r"$\log_{10}\|x_{200} - x^\star\|$ (grey: diverged)",
        "edge": r"stability edge lr = $2(1+\beta)/L$",
        "polyak": "Polyak's optimum",
        "gd": "best plain GD, lr = 2/(m+L)",
        "lr": "learning rate",
        "beta": r"momentum $\beta$",
        "title": "{K} runs of 200 steps in one batched call, $\\kappa$ = 100",
    },
    "ko": {
        "colorbar": r"$\log_{10}\|x_{200} - x^\star\|$ (회색: 발산)",
        "edge": r"안정성 경계 lr = $2(1+\beta)/L$",
        "polyak": "Polyak의 최적점",
        "gd": "평범한 GD의 최선, lr = 2/(m+L)",
        "lr": "학습률",
        "beta": r"모멘텀 $\beta$",
        "title": "200스텝 실행 {K}개를 한 번의 일괄 호출로, $\\kappa$ = 100",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Quadratic.with_spectrum(m=1.0, L=100.0, dim=2, seed=0)
m, L = problem.m, problem.L
lrs = np.geomspace(1e-3, 0.06, 60)
betas = np.linspace(0.0, 0.99, 60)
LR, BETA = np.meshgrid(lrs, betas)  # 3600 (lr, beta) pairs
K = LR.size
opt = gd.Momentum(lr=LR.reshape(K, 1), beta=BETA.reshape(K, 1))
result = gd.minimize(problem, opt, np.tile([1.0, 1.0], (K, 1)), max_iter=200)  # ONE call

dist = np.linalg.norm(result.x - problem.x_star, axis=-1).reshape(LR.shape)
diverged = (result.status == "diverged").reshape(LR.shape)
err = np.log10(np.maximum(dist, 1e-16))
err[diverged] = np.nan

fig, ax = plt.subplots(figsize=(7.0, 4.4))
cmap = plt.get_cmap("viridis").with_extremes(bad="0.85")
mesh = ax.pcolormesh(
    LR,
    BETA,
    np.ma.masked_invalid(err),
    cmap=cmap,
    vmin=-16,
    vmax=1,
    shading="nearest",
    rasterized=True,
)
fig.colorbar(mesh, ax=ax, label=label["colorbar"])
ax.plot(2 * (1 + betas) / L, betas, "w--", lw=1.2, label=label["edge"])
q = (np.sqrt(L / m) - 1) / (np.sqrt(L / m) + 1)
ax.plot(4 / (np.sqrt(L) + np.sqrt(m)) ** 2, q**2, "r*", ms=12, label=label["polyak"])
ax.plot(
    2 / (m + L),
    0.0,
    "o",
    color="tab:orange",
    ms=7,
    clip_on=False,
    label=label["gd"],
)
ax.set(
    xscale="log",
    xlim=(lrs[0], lrs[-1]),
    ylim=(0, 0.99),
    xlabel=label["lr"],
    ylabel=label["beta"],
    title=label["title"].format(K=K),
)
ax.set_xticks([1e-3, 3e-3, 1e-2, 3e-2], ["0.001", "0.003", "0.01", "0.03"], minor=False)
ax.set_xticks([], minor=True)
ax.grid(False)
ax.title.set_fontsize(10)
ax.legend(fontsize=8, loc="lower left")
plt.show()
