"""Nesterov's O(1/t^2) against the lower bound for every first-order method."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "gd": "gradient descent",
        "nesterov": "Nesterov (FISTA)",
        "floor": "floor for any first-order method",
        "star": r"$3LR^2/(32(t+1)^2)$ at $t = (n-1)/2$",
        "step": "step $t$",
        "left": "one worst function, n = {n}",
        "gd_bound": r"GD bound $1/(4t+2)$",
        "nesterov_bound": r"Nesterov bound $2/(t+1)^2$",
        "lower": r"lower bound $3/(32(t+1)^2)$",
        "horizon": "horizon $t$ (function built with $n = 2t + 1$)",
        "right": "upper / lower bound = {ratio} = 64/3",
    },
    "ko": {
        "gd": "경사 하강법",
        "nesterov": "네스테로프 (FISTA)",
        "floor": "모든 1차 방법의 바닥",
        "star": r"$t = (n-1)/2$에서 $3LR^2/(32(t+1)^2)$",
        "step": "스텝 $t$",
        "left": "최악의 함수 하나, n = {n}",
        "gd_bound": r"GD 상한 $1/(4t+2)$",
        "nesterov_bound": r"네스테로프 상한 $2/(t+1)^2$",
        "lower": r"하한 $3/(32(t+1)^2)$",
        "horizon": "지평 $t$ ($n = 2t + 1$로 만든 함수)",
        "right": "상한 / 하한 = {ratio} = 64/3",
    },
}
label = gd.plotting.labels(LABELS)
L = 1.0
fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.9), layout="constrained")

# Left: one worst function (n = 201), whole histories of gradient descent and Nesterov.
n, T = 201, 100
p = gd.NesterovWorstCase(L=L, dim=n)
R = np.linalg.norm(p.x0 - p.x_star)
nesterov = gd.Nesterov(lr=1 / L, beta=gd.fista_momentum)
runs = {
    label["gd"]: gd.minimize(p, gd.GD(lr=1 / L), p.x0, max_iter=T),
    label["nesterov"]: gd.minimize(p, nesterov, p.x0, max_iter=T),
}
t = np.arange(1, T + 1)
for (name, run), color in zip(runs.items(), ["tab:blue", "tab:green"], strict=True):
    left.loglog(t, gd.suboptimality(run, p)[1:], color=color, label=name)
left.loglog(
    t,
    gd.nesterov_worst_case_gap(t, L, n),
    ":",
    color="black",
    label=label["floor"],
)
left.plot(T, gd.lower_bound_convex(T, L, R), "k*", ms=10, label=label["star"])
left.set(xlabel=label["step"], ylabel=r"$f(x_t) - f^\star$", title=label["left"].format(n=n))
left.legend(fontsize=8, loc="lower left")

# Right: for each horizon t, the worst function built for it (n = 2t + 1), gap / (L R^2).
ts = np.array([1, 2, 4, 8, 16, 32, 64, 128])
gaps = {label["gd"]: [], label["nesterov"]: []}
for s in ts:
    p = gd.NesterovWorstCase(L=L, dim=2 * s + 1)
    R2 = np.sum((p.x0 - p.x_star) ** 2)
    for name, opt in [(label["gd"], gd.GD(lr=1 / L)), (label["nesterov"], nesterov)]:
        gaps[name].append(gd.minimize(p, opt, p.x0, max_iter=int(s)).fs[-1] - p.f_star)
        gaps[name][-1] /= L * R2
right.loglog(
    ts, gd.gd_convex_tight_bound(ts, 1.0, 1.0), "--", color="tab:blue", label=label["gd_bound"]
)
right.loglog(
    ts,
    gd.nesterov_convex_bound(ts, 1.0, 1.0),
    "--",
    color="tab:green",
    label=label["nesterov_bound"],
)
right.loglog(
    ts,
    gd.lower_bound_convex(ts, 1.0, 1.0),
    ":",
    color="black",
    label=label["lower"],
)
for (name, gap), color in zip(gaps.items(), ["tab:blue", "tab:green"], strict=True):
    right.loglog(ts, gap, "o-", color=color, ms=4, label=name)
ratio = gd.nesterov_convex_bound(1, 1.0, 1.0) / gd.lower_bound_convex(1, 1.0, 1.0)
right.set(
    xlabel=label["horizon"],
    ylabel=r"$(f(x_t) - f^\star) / (L R^2)$",
    title=label["right"].format(ratio=f"{ratio:.2f}"),
)
right.legend(fontsize=7, loc="lower left")
plt.show()
