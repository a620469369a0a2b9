"""The classical strongly convex bound (1 - m/L)^t against the exact worst case (1 - m/L)^(2t)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

m, L, steps = 0.1, 1.0, 80
t = np.arange(steps + 1)
# The worst case: a quadratic started along the eigenvector of its smallest eigenvalue m.
q = gd.Quadratic(np.diag([m, L]))
run = gd.minimize(q, gd.GD(lr=1 / L), [1.0, 0.0], max_iter=steps)
err = gd.distance_to_minimizer(run, q) ** 2  # R = 1

classical_line = gd.gd_strongly_convex_bound(t, m=m, L=L, R=1.0)
tight_line = gd.gd_strongly_convex_tight_bound(t, m=m, L=L, lr=1 / L, R=1.0)
target = 1e-3
t_classical = int(np.argmax(classical_line <= target))
t_run = int(np.argmax(err <= target))

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.semilogy(t, classical_line, "--", color="tab:red", label=r"classical bound $(1 - m/L)^t R^2$")
ax.semilogy(t, tight_line, color="black", label=r"tight bound $(1 - m/L)^{2t} R^2$")
ax.semilogy(
    t,
    err,
    "o",
    color="tab:blue",
    ms=4,
    mfc="none",
    label="GD on the worst quadratic (starts along the $m$ eigenvector)",
)
ax.axhline(target, color="gray", lw=0.8)
for when, what, color in [
    (t_classical, "the classical bound", "tab:red"),
    (t_run, "the run", "tab:blue"),
]:
    ax.annotate(
        f"{what} reaches {target:g}\nat step {when}",
        (when, target),
        xytext=(-70, -40) if color == "tab:blue" else (0, 22),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        color=color,
        arrowprops={"arrowstyle": "->", "color": color},
    )
ax.set(
    xlabel="step $t$",
    ylabel=r"$\|x_t - x^\star\|^2$",
    title=rf"$m = {m}$, $L = {L:g}$ ($\kappa = {L / m:g}$), step $1/L$: loose by a square",
)
ax.legend(loc="lower left", fontsize=9)
plt.show()
