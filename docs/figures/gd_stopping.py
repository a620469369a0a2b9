"""Three stopping rules on one run: gradient threshold, no improvement for n steps, step budget."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "stop": "{name}: {status} at $t = {t}$",
        "step": "step $t$",
        "loss_title": "The loss curve",
        "grad_title": "The gradient norm",
        "converged": "converged",
        "diverged": "diverged",
        "max_iter": "max_iter",
        "no_improvement": "no_improvement",
    },
    "ko": {
        "stop": "{name}: $t = {t}$에서 {status}",
        "step": "스텝 $t$",
        "loss_title": "손실 곡선",
        "grad_title": "기울기 노름",
        "converged": "수렴",
        "diverged": "발산",
        "max_iter": "최대 반복 도달",
        "no_improvement": "개선 없음",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.Quadratic.with_spectrum(m=0.01, L=1.0, dim=10, seed=0)  # slow: kappa = 100
x0 = np.ones(10)
opt = gd.GD(lr=1.0)  # = 1/L

full = gd.minimize(problem, opt, x0, max_iter=600)
stops = {
    "grad_tol=1e-3": gd.minimize(problem, opt, x0, max_iter=600, grad_tol=1e-3),
    "patience=10, min_delta=1e-6": gd.minimize(
        problem, opt, x0, max_iter=600, patience=10, min_delta=1e-6
    ),
    "max_iter=100": gd.minimize(problem, opt, x0, max_iter=100),
}
colors = ["tab:green", "tab:orange", "tab:purple"]

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 4.2), layout="constrained", sharex=True)
ax1.semilogy(full.fs, color="black", lw=1.2)
ax2.semilogy(full.grad_norms, color="black", lw=1.2)
ax2.axhline(1e-3, color="tab:green", ls=":", lw=1)
for (name, res), color in zip(stops.items(), colors, strict=True):
    for ax, values in ((ax1, res.fs), (ax2, res.grad_norms)):
        ax.axvline(res.nit, color=color, ls="--", lw=1)
        ax.plot(
            res.nit,
            values[-1],
            "o",
            color=color,
            ms=6,
            label=label["stop"].format(name=name, status=label[res.status.value], t=res.nit),
        )
ax1.set(xlabel=label["step"], ylabel="$f(x_t)$", title=label["loss_title"])
ax2.set(xlabel=label["step"], ylabel=r"$\|\nabla f(x_t)\|$", title=label["grad_title"])
fig.legend(*ax1.get_legend_handles_labels(), loc="outside lower center", fontsize=9)
plt.show()
