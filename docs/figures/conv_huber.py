"""The Huber function on which gradient descent attains its tight worst case L R^2 / (4N + 2)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "quadratic": r"quadratic part, $|x| < \tau$",
        "iterates": "iterates $x_0, \\dots, x_5$",
        "left": "Huber function built for N = {N}",
        "classical": r"classical: $LR^2/(2N)$",
        "tight": r"tight: $LR^2/(4N+2)$",
        "huber": "GD on Huber$_N$",
        "quad": "GD on the worst quadratic",
        "steps": "steps $N$",
        "right": "Huber$_N$ / tight bound: {ratio}",
    },
    "ko": {
        "quadratic": r"이차 함수 부분, $|x| < \tau$",
        "iterates": "반복점 $x_0, \\dots, x_5$",
        "left": "N = {N}에 맞춰 만든 후버 함수",
        "classical": r"고전적 상한: $LR^2/(2N)$",
        "tight": r"엄밀한 상한: $LR^2/(4N+2)$",
        "huber": "Huber$_N$에서의 GD",
        "quad": "최악의 이차 함수에서의 GD",
        "steps": "스텝 수 $N$",
        "right": "Huber$_N$ / 엄밀한 상한: {ratio}",
    },
}
label = gd.plotting.labels(LABELS)
L, R = 1.0, 1.0
fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")

# Left: the function built for N = 5 steps, and the 5 steps of gradient descent on it.
N = 5
p = gd.Huber(L=L, R=R, N=N)
run = gd.minimize(p, gd.GD(lr=1 / L), p.x0, max_iter=N)
x = np.linspace(-1.1, 1.1, 400)[:, None]
left.plot(x[:, 0], p.f(x), color="black")
left.axvspan(-p.tau, p.tau, color="tab:blue", alpha=0.12, label=label["quadratic"])
left.plot(run.xs[:, 0], run.fs, "o", color="tab:red", ms=5, label=label["iterates"])
left.set(xlabel="$x$", ylabel="$f(x)$", title=label["left"].format(N=N))
left.legend(loc="upper center", fontsize=8)
gap = f"$f(x_5)$ = {run.fs[-1]:.6f}\n$LR^2/22$ = {L * R**2 / 22:.6f}"
left.annotate(
    gap,
    (run.xs[-1, 0], run.fs[-1]),
    xytext=(-10, 45),
    textcoords="offset points",
    ha="right",
    fontsize=9,
    arrowprops={"arrowstyle": "->"},
)

# Right: f(x_N) - f* after N steps, against the bounds.
Ns = np.arange(1, 31)
huber_gap = [
    gd.minimize(gd.Huber(L=L, R=R, N=n), gd.GD(lr=1 / L), [R], max_iter=n).fs[-1] for n in Ns
]
# The worst quadratic lambda x^2 / 2 (0 < lambda <= L) after N steps: (lambda/2)(1 - lambda/L)^(2N).
lam = np.linspace(1e-4, L, 20_000)[:, None]
quad_gap = np.max(lam / 2 * (1 - lam / L) ** (2 * Ns) * R**2, axis=0)
right.loglog(Ns, gd.gd_convex_bound(Ns, L, R), "--", color="tab:red", label=label["classical"])
right.loglog(Ns, gd.gd_convex_tight_bound(Ns, L, R), color="black", label=label["tight"])
right.loglog(Ns, huber_gap, "o", color="tab:red", ms=4, mfc="none", label=label["huber"])
right.loglog(Ns, quad_gap, ":", color="tab:blue", label=label["quad"])
ratio = np.max(np.asarray(huber_gap) / gd.gd_convex_tight_bound(Ns, L, R))
right.set(
    xlabel=label["steps"],
    ylabel=r"$f(x_N) - f^\star$",
    title=label["right"].format(ratio=f"{ratio:.6f}"),
)
right.legend(fontsize=8, loc="lower left")
plt.show()
