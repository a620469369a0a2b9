"""Newton's method: digits doubling near the minimizer, and divergence that damping prevents."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

# Left: regularized logistic regression (smooth, strongly convex, not quadratic).
p = gd.LogisticRegression(n=400, d=5, l2=0.05, seed=7)
x_ref = gd.minimize(p, gd.Newton(), p.x0, max_iter=40, grad_tol=0.0).x  # to rounding
x0 = x_ref + 0.5 * np.random.default_rng(0).standard_normal(p.dim) / np.sqrt(p.dim)
runs = {
    "Newton": gd.minimize(p, gd.Newton(), x0, max_iter=8, grad_tol=0.0),
    "gradient descent, step 1/L": gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=8),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for (name, run), color in zip(runs.items(), ["tab:blue", "tab:orange"], strict=True):
    err = np.linalg.norm(run.xs - x_ref, axis=1)
    left.semilogy(np.arange(err.size), np.maximum(err, 1e-17), "o-", color=color, label=name)
    if name == "Newton":
        for t, e in enumerate(err):
            if e > 1e-16:
                left.annotate(
                    f"{e:.0e}",
                    (t, e),
                    xytext=(6, 2),
                    textcoords="offset points",
                    fontsize=8,
                    color=color,
                )
left.set(
    xlabel="step $t$",
    ylabel=r"$\|x_t - x^\star\|$",
    ylim=(1e-17, 3),
    title="logistic regression, $\\lambda = 0.05$: the exponent doubles",
)
left.legend(fontsize=8, loc="lower left")


# Right: Nesterov's example f(x) = sqrt(1 + x^2), where the pure step is x -> -x^3.
class SoftAbs:
    dim = 1

    def f(self, x):
        return np.sqrt(1 + np.asarray(x)[..., 0] ** 2)

    def grad(self, x):
        x = np.asarray(x, dtype=float)
        return x / np.sqrt(1 + x**2)

    def hess(self, x):  # the problem gives its Hessian; minimize passes it to Newton
        x = np.asarray(x, dtype=float)
        return (1 + x**2)[..., None] ** -1.5


soft = SoftAbs()
cases = [
    ("pure, $x_0 = 0.9$", gd.Newton(), 0.9, "tab:blue", "-"),
    ("pure, $x_0 = 1.1$", gd.Newton(), 1.1, "tab:red", "-"),
    (r"damped $1/(1+\lambda)$, $x_0 = 3$", gd.Newton(damping="decrement"), 3.0, "tab:green", "--"),
    ("backtracking, $x_0 = 3$", gd.Newton(damping="backtracking"), 3.0, "tab:purple", ":"),
]
for label, opt, start, color, style in cases:
    run = gd.minimize(soft, opt, [start], max_iter=8, divergence_factor=None)
    xs = np.abs(run.xs[:, 0])
    right.semilogy(
        np.arange(xs.size),
        np.maximum(xs, 1e-17),
        style,
        marker="o",
        ms=3,
        color=color,
        label=f"{label}: {run.status}",
    )
right.set(
    xlabel="step $t$",
    ylabel="$|x_t - x^\\star|$",
    ylim=(1e-17, 1e12),
    title=r"$f(x) = \sqrt{1 + x^2}$: pure Newton is $x \mapsto -x^3$",
)
right.legend(fontsize=8, loc="upper left")
plt.show()
