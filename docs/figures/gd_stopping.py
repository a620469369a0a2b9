"""Three stopping rules on one run: gradient threshold, no improvement for n steps, step budget."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

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
            label=f"{name}: {res.status} at $t = {res.nit}$",
        )
ax1.set(xlabel="step $t$", ylabel="$f(x_t)$", title="The loss curve")
ax2.set(xlabel="step $t$", ylabel=r"$\|\nabla f(x_t)\|$", title="The gradient norm")
fig.legend(*ax1.get_legend_handles_labels(), loc="outside lower center", fontsize=9)
plt.show()
