"""GD, heavy ball and Nesterov with their best parameters on a quadratic with kappa = 100."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "GD": "GD, step 2/(m+L)",
        "Momentum": "heavy ball (Polyak)",
        "Nesterov": "Nesterov",
        "legend": "{name}: fitted {fitted}, theory {rho}",
        "bound": "exact heavy-ball bound (Polyak)",
        "step": "step $t$",
        "title": r"$\kappa$ = 100: solid = run, dashed = $\|x_0 - x^\star\|\,\rho^t$",
    },
    "ko": {
        "GD": "GD, 스텝 2/(m+L)",
        "Momentum": "헤비볼 (Polyak)",
        "Nesterov": "네스테로프",
        "legend": "{name}: 맞춘 값 {fitted}, 이론 {rho}",
        "bound": "헤비볼의 정확한 상한 (Polyak)",
        "step": "스텝 $t$",
        "title": r"$\kappa$ = 100: 실선 = 실행, 파선 = $\|x_0 - x^\star\|\,\rho^t$",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Quadratic.with_spectrum(m=1.0, L=100.0, dim=10, seed=0)
m, L = problem.m, problem.L
kappa = L / m
q = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
x0 = np.ones(problem.dim)
steps = 300
cases = {  # label: (optimizer, theoretical rate of ||x_t - x*||)
    "GD": (gd.GD(lr=2 / (m + L)), (kappa - 1) / (kappa + 1)),
    "Momentum": (gd.Momentum(lr=4 / (np.sqrt(L) + np.sqrt(m)) ** 2, beta=q**2), q),
    "Nesterov": (gd.Nesterov(lr=1 / L, beta=q), 1 - 1 / np.sqrt(kappa)),
}

fig, ax = plt.subplots(figsize=(7.0, 4.0))
t = np.arange(steps + 1)
for name, (opt, rho) in cases.items():
    run = gd.minimize(problem, opt, x0, max_iter=steps)
    dist = gd.distance_to_minimizer(run, problem)
    fitted = gd.empirical_rate(dist, start=50)
    color = OPTIMIZER_COLORS[name]
    ax.semilogy(
        t,
        dist,
        color=color,
        label=label["legend"].format(name=label[name], fitted=f"{fitted:.3f}", rho=f"{rho:.3f}"),
    )
    ax.semilogy(t, dist[0] * rho**t, color=color, ls="--", lw=0.9)
heavy = cases["Momentum"][0]
e0 = problem.eigenvectors.T @ x0  # the start in the eigenbasis of A
bound = gd.heavy_ball_quadratic_bound(t, problem.eigenvalues, heavy.lr, heavy.beta, e0)
ax.semilogy(t, bound, color="black", lw=0.8, ls=":", label=label["bound"])
ax.set(
    xlabel=label["step"],
    ylabel=r"$\|x_t - x^\star\|$",
    ylim=(1e-16, 10),
    title=label["title"],
)
ax.title.set_fontsize(10)
ax.legend(fontsize=8, loc="lower left")
plt.show()
