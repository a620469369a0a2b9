"""The PL rate without convexity: x^2 + 3 sin^2 x and over-parameterized least squares."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "nonconvex": "$f'' < 0$ (not convex)",
        "smallest": "PL ratio smallest here: $\\mu = {mu}$",
        "left": "non-convex, PL, $L = {L}$",
        "sine": "$x^2 + 3\\sin^2 x$ from $x_0 = 2.25$, $\\mu/L = {ratio}$",
        "ls": "least squares $10 \\times 30$, $\\mu/L = {ratio}$",
        "step": "step $t$",
        "right": r"observed (solid) and $(1 - \mu/L)^t (f(x_0) - f^\star)$ (dashed)",
    },
    "ko": {
        "nonconvex": "$f'' < 0$ (볼록하지 않음)",
        "smallest": "PL 비가 가장 작은 곳: $\\mu = {mu}$",
        "left": "볼록하지 않음, PL, $L = {L}$",
        "sine": "$x_0 = 2.25$에서 출발한 $x^2 + 3\\sin^2 x$, $\\mu/L = {ratio}$",
        "ls": "최소제곱 $10 \\times 30$, $\\mu/L = {ratio}$",
        "step": "스텝 $t$",
        "right": r"관측값(실선)과 $(1 - \mu/L)^t (f(x_0) - f^\star)$(파선)",
    },
}
label = gd.plotting.labels(LABELS)
sine = gd.SinePL()
x = np.linspace(-6, 6, 1201)
fx = sine.f(x[:, None])
curvature = 2 + 6 * np.cos(2 * x)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
left.plot(x, fx, color="black", label=r"$f(x) = x^2 + 3\sin^2 x$")
left.fill_between(
    x, 0, fx.max(), where=curvature < 0, color="tab:red", alpha=0.15, label=label["nonconvex"]
)
x_mu = 2.2017
left.plot([x_mu, -x_mu], sine.f(np.array([[x_mu], [-x_mu]])), "o", color="tab:blue", ms=5)
left.annotate(
    label["smallest"].format(mu=f"{sine.mu_pl:.4f}"),
    (x_mu, float(sine.f([x_mu]))),
    xytext=(-10, 40),
    textcoords="offset points",
    ha="right",
    fontsize=9,
    color="tab:blue",
    arrowprops={"arrowstyle": "->", "color": "tab:blue"},
)
left.set(xlabel="$x$", ylabel="$f(x)$", title=label["left"].format(L=f"{sine.L:g}"))
left.legend(fontsize=8, loc="upper center")

ls = gd.LinearRegression(n=10, d=30, seed=0)  # 30 unknowns, 10 equations: m = 0
steps = 120
for name, p, x0, color in [
    (
        label["sine"].format(ratio=f"{sine.mu_pl / sine.L:.4f}"),
        sine,
        [2.25],
        "tab:blue",
    ),
    (label["ls"].format(ratio=f"{ls.mu_pl / ls.L:.4f}"), ls, ls.x0, "tab:orange"),
]:
    run = gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=steps, grad_tol=0.0)
    report = gd.check_gd_pl(run, p)
    assert report.holds, report
    gap = gd.suboptimality(run, p)
    t = np.arange(gap.size)  # the run stops once f is at its floating-point floor
    bound = gd.gd_pl_bound(t, mu=p.mu_pl, L=p.L, f0_gap=gap[0])
    right.semilogy(t, np.maximum(gap, 1e-300), color=color, label=name)
    right.semilogy(t, bound, "--", color=color, lw=1)
right.set(
    xlabel=label["step"],
    ylabel=r"$f(x_t) - f^\star$",
    ylim=(1e-16, 1e3),
    title=label["right"],
)
right.legend(fontsize=8, loc="lower left")
plt.show()
