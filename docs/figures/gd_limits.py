"""Where gradient descent struggles: a local minimum, a plateau and a saddle point."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "a_title": "(a) A local minimum traps the run",
        "b_run": "start at distance {r}: {status}, $t = {t}$",
        "step": "step $t$",
        "b_title": "(b) A plateau: grad_tol = 1e-3",
        "start": "start (1, {y0})",
        "c_title": "(c) Saddle $f = x^2 - y^2$",
        "d_run": "start (1, {y0}): {status}",
        "d_title": "(d) Slow near the saddle",
        "converged": "converged",
        "diverged": "diverged",
        "max_iter": "max_iter",
        "no_improvement": "no_improvement",
    },
    "ko": {
        "a_title": "(a) 국소 최솟값에 갇힌 실행",
        "b_run": "시작 거리 {r}: $t = {t}$에서 {status}",
        "step": "스텝 $t$",
        "b_title": "(b) 고원: grad_tol = 1e-3",
        "start": "시작점 (1, {y0})",
        "c_title": "(c) 안장점 $f = x^2 - y^2$",
        "d_run": "시작점 (1, {y0}): {status}",
        "d_title": "(d) 안장점 근처에서 느려진다",
        "converged": "수렴",
        "diverged": "발산",
        "max_iter": "최대 반복 도달",
        "no_improvement": "개선 없음",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


class DoubleWell:
    """f(w) = (w^2 - 1)^2 + 0.3 w: a global minimum near -1 and a local one near +1."""

    dim = 1

    def f(self, x):
        w = np.asarray(x)[..., 0]
        return (w**2 - 1) ** 2 + 0.3 * w

    def grad(self, x):
        w = np.asarray(x)
        return 4 * w * (w**2 - 1) + 0.3


fig, axes = plt.subplots(2, 2, figsize=(7.5, 6.2), layout="constrained")

# (a) Local minimum: where you start decides where you end.
ax = axes[0, 0]
well = DoubleWell()
ws = np.linspace(-1.8, 1.8, 200)
ax.plot(ws, well.f(ws[:, None]), color="black")
for w0, color in [(-1.6, "tab:blue"), (1.6, "tab:red")]:
    res = gd.minimize(well, gd.GD(lr=0.02), np.array([w0]), grad_tol=1e-6)  # the page's runs
    ax.plot(
        res.xs[:, 0],
        res.fs,
        "o-",
        ms=3,
        lw=0.8,
        color=color,
        label=f"$w_0 = {w0:g}$ $\\to$ $w = {res.x[0].round(3):g}$, $f = {round(res.fun, 3):g}$",
    )
ax.set(xlabel="$w$", ylabel="$f(w)$", title=label["a_title"], ylim=(-0.6, 4))
ax.legend(fontsize=8, loc="upper center")

# (b) Plateau: a tiny gradient far from the minimizer.
ax = axes[0, 1]
plateau = gd.Plateau(width=1.0)
for r, color in [(3.0, "tab:blue"), (4.0, "tab:orange"), (5.0, "tab:red")]:
    res = gd.minimize(plateau, gd.GD(lr=1.0), np.array([r, 0.0]), max_iter=400, grad_tol=1e-3)
    ax.plot(
        res.fs,
        color=color,
        label=label["b_run"].format(r=f"{r:g}", status=label[res.status.value], t=res.nit),
    )
    ax.plot(res.nit, res.fun, "o", color=color)
ax.set(xlabel=label["step"], ylabel="$f(x_t)$", title=label["b_title"], ylim=(-0.05, 1.25))
ax.legend(fontsize=8, loc="center right")

# (c) Saddle point f = x^2 - y^2: on the x axis the run converges to the saddle.
saddle = gd.Saddle()
X, Y = np.meshgrid(np.linspace(-1.2, 1.2, 120), np.linspace(-1.2, 1.2, 120))
ax = axes[1, 0]
ax.contour(X, Y, saddle.f(np.stack([X, Y], axis=-1)), levels=15, cmap="RdBu_r", linewidths=0.8)
runs = {}
for y0, color, lw in [(0.0, "tab:blue", 3), (1e-6, "tab:red", 0.8)]:
    res = gd.minimize(saddle, gd.GD(lr=0.1), np.array([1.0, y0]), max_iter=100, grad_tol=1e-6)
    runs[y0] = (res, color)
    path = res.xs[np.all(np.abs(res.xs) <= 1.2, axis=1)]
    ax.plot(
        path[:, 0],
        path[:, 1],
        "o-",
        ms=2.5,
        lw=lw,
        color=color,
        label=label["start"].format(y0=f"{y0:g}"),
    )
ax.plot(0, 0, "kx", ms=8, mew=2)
ax.set(xlabel="$x$", ylabel="$y$", title=label["c_title"], aspect="equal")
ax.legend(fontsize=8, loc="lower left")

# (d) The gradient norm near the saddle: it nearly vanishes before the run escapes.
ax = axes[1, 1]
for y0, (res, color) in runs.items():
    ax.semilogy(
        res.grad_norms,
        color=color,
        label=label["d_run"].format(y0=f"{y0:g}", status=label[res.status.value]),
    )
ax.set(xlabel=label["step"], ylabel=r"$\|\nabla f(x_t)\|$", title=label["d_title"])
ax.legend(fontsize=8, loc="lower left")
plt.show()
