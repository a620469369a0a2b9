"""Newton's method: digits doubling near the minimizer, and divergence that damping prevents."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "newton": "Newton",
        "gd": "gradient descent, step 1/L",
        "step": "step $t$",
        "left_title": "logistic regression, $\\lambda = 0.05$: the exponent doubles",
        "pure_09": "pure, $x_0 = 0.9$",
        "pure_11": "pure, $x_0 = 1.1$",
        "damped": r"damped $1/(1+\lambda)$, $x_0 = 3$",
        "backtracking": "backtracking, $x_0 = 3$",
        "right_title": r"$f(x) = \sqrt{1 + x^2}$: pure Newton is $x \mapsto -x^3$",
        # A run's status, gd.Status(...).value in English.
        "converged": "converged",
        "no_improvement": "no_improvement",
        "max_iter": "max_iter",
        "diverged": "diverged",
    },
    "ko": {
        "newton": "뉴턴 방법",
        "gd": "경사 하강법, 학습률 1/L",
        "step": "스텝 $t$",
        "left_title": "로지스틱 회귀, $\\lambda = 0.05$: 지수가 두 배씩 커진다",
        "pure_09": "순수 뉴턴, $x_0 = 0.9$",
        "pure_11": "순수 뉴턴, $x_0 = 1.1$",
        "damped": r"감쇠 $1/(1+\lambda)$, $x_0 = 3$",
        "backtracking": "백트래킹, $x_0 = 3$",
        "right_title": r"$f(x) = \sqrt{1 + x^2}$: 순수 뉴턴 스텝은 $x \mapsto -x^3$",
        "converged": "수렴",
        "no_improvement": "개선 없음",
        "max_iter": "최대 반복 도달",
        "diverged": "발산",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

# Left: regularized logistic regression (smooth, strongly convex, not quadratic).
p = gd.LogisticRegression(n=400, d=5, l2=0.05, seed=7)
x_ref = gd.minimize(p, gd.Newton(), p.x0, max_iter=40, grad_tol=0.0).x  # to rounding
x0 = x_ref + 0.5 * np.random.default_rng(0).standard_normal(p.dim) / np.sqrt(p.dim)
runs = {
    label["newton"]: gd.minimize(p, gd.Newton(), x0, max_iter=8, grad_tol=0.0),
    label["gd"]: gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=8),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for (name, run), color in zip(runs.items(), ["tab:blue", "tab:orange"], strict=True):
    err = np.linalg.norm(run.xs - x_ref, axis=1)
    left.semilogy(np.arange(err.size), np.maximum(err, 1e-17), "o-", color=color, label=name)
    if name == label["newton"]:
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
    xlabel=label["step"],
    ylabel=r"$\|x_t - x^\star\|$",
    ylim=(1e-17, 3),
    title=label["left_title"],
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
    (label["pure_09"], gd.Newton(), 0.9, "tab:blue", "-"),
    (label["pure_11"], gd.Newton(), 1.1, "tab:red", "-"),
    (label["damped"], gd.Newton(damping="decrement"), 3.0, "tab:green", "--"),
    (label["backtracking"], gd.Newton(damping="backtracking"), 3.0, "tab:purple", ":"),
]
for name, opt, start, color, style in cases:
    # grad_tol as on the page: a run that reaches the minimizer stops there as converged.
    run = gd.minimize(soft, opt, [start], max_iter=8, grad_tol=1e-12, divergence_factor=None)
    xs = np.abs(run.xs[:, 0])
    right.semilogy(
        np.arange(xs.size),
        np.maximum(xs, 1e-17),
        style,
        marker="o",
        ms=3,
        color=color,
        label=f"{name}: {label[run.status.value]}",
    )
right.set(
    xlabel=label["step"],
    ylabel="$|x_t - x^\\star|$",
    ylim=(1e-17, 1e12),
    title=label["right_title"],
)
right.legend(fontsize=8, loc="upper left")
plt.show()
