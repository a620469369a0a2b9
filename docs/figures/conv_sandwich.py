"""An m-strongly convex, L-smooth function between its two quadratic models at a point."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

# f(x) = x^2/2 + 2 log cosh(x) has f''(x) = 1 + 2 / cosh(x)^2, between m = 1 and L = 3.
m, L = 1.0, 3.0

LABELS = {
    "en": {
        "band": "where f must lie",
        "upper": "upper model, curvature $L = {L}$",
        "lower": "lower model, curvature $m = {m}$",
        "tangent": "tangent (convexity)",
        "decrease": "decrease {value}",
        "value": "value",
        "title": "Smoothness caps f from above, strong convexity props it up from below",
    },
    "ko": {
        "band": "f가 놓여야 하는 영역",
        "upper": "위쪽 모형, 곡률 $L = {L}$",
        "lower": "아래쪽 모형, 곡률 $m = {m}$",
        "tangent": "접선(볼록성)",
        "decrease": "감소량 {value}",
        "value": "값",
        "title": "매끄러움은 f를 위에서 누르고, 강볼록성은 아래에서 받칩니다",
    },
}
label = gd.plotting.labels(LABELS)


def f(x):
    return x**2 / 2 + 2 * np.log(np.cosh(x))


def grad(x):
    return x + 2 * np.tanh(x)


x0 = np.array([1.4])
g0 = grad(x0)
x = np.linspace(-1.2, 3.0, 400)
upper = f(x0) + g0 * (x - x0) + L / 2 * (x - x0) ** 2  # smoothness: f lies below
lower = f(x0) + g0 * (x - x0) + m / 2 * (x - x0) ** 2  # strong convexity: f lies above
tangent = f(x0) + g0 * (x - x0)  # convexity alone: f lies above its tangent

# One gradient-descent step with the step 1/L lands on the minimum of the upper model.
opt = gd.GD(lr=1 / L)
x1, _ = opt.step(x0, grad(x0), opt.init(x0))

fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
ax.fill_between(x, lower, upper, color="tab:blue", alpha=0.12, label=label["band"])
ax.plot(x, f(x), color="black", lw=2.2, label=r"$f(x) = x^2/2 + 2\log\cosh x$")
ax.plot(x, upper, color="tab:red", label=label["upper"].format(L=f"{L:g}"))
ax.plot(x, lower, color="tab:blue", label=label["lower"].format(m=f"{m:g}"))
ax.plot(x, tangent, color="gray", ls=":", label=label["tangent"])
ax.plot(x0, f(x0), "ko", ms=6)
ax.annotate(r"$x_t$", (x0[0], f(x0)[0]), xytext=(8, -14), textcoords="offset points")
ax.plot(x1, f(x1), "o", color="tab:red", ms=6)
ax.annotate(
    r"$x_{t+1} = x_t - \nabla f(x_t)/L$"
    "\n"
    + label["decrease"].format(value=f"{f(x0)[0] - f(x1)[0]:.3f}")
    + rf" $\geq \|\nabla f\|^2/(2L)$ = {g0[0] ** 2 / (2 * L):.3f}",
    (x1[0], f(x1)[0]),
    xytext=(0.97, 0.06),
    textcoords="axes fraction",
    ha="right",
    arrowprops={"arrowstyle": "->", "color": "tab:red"},
)
ax.set(xlim=(-1.2, 3.0), ylim=(-0.6, 7), xlabel="$x$", ylabel=label["value"])
ax.set_title(label["title"])
ax.legend(loc="upper left", fontsize=9)
plt.show()
