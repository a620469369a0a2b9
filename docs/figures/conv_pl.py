"""The PL rate without convexity: x^2 + 3 sin^2 x and over-parameterized least squares."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

sine = gd.SinePL()
x = np.linspace(-6, 6, 1201)
fx = sine.f(x[:, None])
curvature = 2 + 6 * np.cos(2 * x)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
left.plot(x, fx, color="black", label=r"$f(x) = x^2 + 3\sin^2 x$")
left.fill_between(
    x, 0, fx.max(), where=curvature < 0, color="tab:red", alpha=0.15, label="$f'' < 0$ (not convex)"
)
x_mu = 2.2017
left.plot([x_mu, -x_mu], sine.f(np.array([[x_mu], [-x_mu]])), "o", color="tab:blue", ms=5)
left.annotate(
    rf"PL ratio smallest here: $\mu = {sine.mu_pl:.4f}$",
    (x_mu, float(sine.f([x_mu]))),
    xytext=(-10, 40),
    textcoords="offset points",
    ha="right",
    fontsize=9,
    color="tab:blue",
    arrowprops={"arrowstyle": "->", "color": "tab:blue"},
)
left.set(xlabel="$x$", ylabel="$f(x)$", title=f"non-convex, PL, $L = {sine.L:g}$")
left.legend(fontsize=8, loc="upper center")

ls = gd.LinearRegression(n=10, d=30, seed=0)  # 30 unknowns, 10 equations: m = 0
steps = 120
for label, p, x0, color in [
    (
        rf"$x^2 + 3\sin^2 x$ from $x_0 = 2.25$, $\mu/L = {sine.mu_pl / sine.L:.4f}$",
        sine,
        [2.25],
        "tab:blue",
    ),
    (rf"least squares $10 \times 30$, $\mu/L = {ls.mu_pl / ls.L:.4f}$", ls, ls.x0, "tab:orange"),
]:
    run = gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=steps, grad_tol=0.0)
    report = gd.check_gd_pl(run, p)
    assert report.holds, report
    gap = gd.suboptimality(run, p)
    t = np.arange(gap.size)  # the run stops once f is at its floating-point floor
    bound = gd.gd_pl_bound(t, mu=p.mu_pl, L=p.L, f0_gap=gap[0])
    right.semilogy(t, np.maximum(gap, 1e-300), color=color, label=label)
    right.semilogy(t, bound, "--", color=color, lw=1)
right.set(
    xlabel="step $t$",
    ylabel=r"$f(x_t) - f^\star$",
    ylim=(1e-16, 1e3),
    title=r"observed (solid) and $(1 - \mu/L)^t (f(x_0) - f^\star)$ (dashed)",
)
right.legend(fontsize=8, loc="lower left")
plt.show()
