"""Nesterov's O(1/t^2) against the lower bound for every first-order method."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

L = 1.0
fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.9), layout="constrained")

# Left: one worst function (n = 201), whole histories of gradient descent and Nesterov.
n, T = 201, 100
p = gd.NesterovWorstCase(L=L, dim=n)
R = np.linalg.norm(p.x0 - p.x_star)
nesterov = gd.Nesterov(lr=1 / L, beta=gd.fista_momentum)
runs = {
    "gradient descent": gd.minimize(p, gd.GD(lr=1 / L), p.x0, max_iter=T),
    "Nesterov (FISTA)": gd.minimize(p, nesterov, p.x0, max_iter=T),
}
t = np.arange(1, T + 1)
for (name, run), color in zip(runs.items(), ["tab:blue", "tab:green"], strict=True):
    left.loglog(t, gd.suboptimality(run, p)[1:], color=color, label=name)
left.loglog(
    t,
    gd.nesterov_worst_case_gap(t, L, n),
    ":",
    color="black",
    label="floor for any first-order method",
)
left.plot(
    T, gd.lower_bound_convex(T, L, R), "k*", ms=10, label=r"$3LR^2/(32(t+1)^2)$ at $t = (n-1)/2$"
)
left.set(xlabel="step $t$", ylabel=r"$f(x_t) - f^\star$", title=f"one worst function, n = {n}")
left.legend(fontsize=8, loc="lower left")

# Right: for each horizon t, the worst function built for it (n = 2t + 1), gap / (L R^2).
ts = np.array([1, 2, 4, 8, 16, 32, 64, 128])
gaps = {"gradient descent": [], "Nesterov (FISTA)": []}
for s in ts:
    p = gd.NesterovWorstCase(L=L, dim=2 * s + 1)
    R2 = np.sum((p.x0 - p.x_star) ** 2)
    for name, opt in [("gradient descent", gd.GD(lr=1 / L)), ("Nesterov (FISTA)", nesterov)]:
        gaps[name].append(gd.minimize(p, opt, p.x0, max_iter=int(s)).fs[-1] - p.f_star)
        gaps[name][-1] /= L * R2
right.loglog(
    ts, gd.gd_convex_tight_bound(ts, 1.0, 1.0), "--", color="tab:blue", label=r"GD bound $1/(4t+2)$"
)
right.loglog(
    ts,
    gd.nesterov_convex_bound(ts, 1.0, 1.0),
    "--",
    color="tab:green",
    label=r"Nesterov bound $2/(t+1)^2$",
)
right.loglog(
    ts,
    gd.lower_bound_convex(ts, 1.0, 1.0),
    ":",
    color="black",
    label=r"lower bound $3/(32(t+1)^2)$",
)
for (name, gap), color in zip(gaps.items(), ["tab:blue", "tab:green"], strict=True):
    right.loglog(ts, gap, "o-", color=color, ms=4, label=name)
ratio = gd.nesterov_convex_bound(1, 1.0, 1.0) / gd.lower_bound_convex(1, 1.0, 1.0)
right.set(
    xlabel="horizon $t$ (function built with $n = 2t + 1$)",
    ylabel=r"$(f(x_t) - f^\star) / (L R^2)$",
    title=f"upper / lower bound = {ratio:.2f} = 64/3",
)
right.legend(fontsize=7, loc="lower left")
plt.show()
