"""Error of finite-difference gradients against the analytic gradient, as the step h shrinks."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "forward": "forward difference",
        "central": "central difference",
        "best": "best central: {err} at h = {h}",
        "rounding": "rounding error\ngrows like $\\varepsilon / h$",
        "truncation": "truncation error\nshrinks like $h$ or $h^2$",
        "step": "step $h$",
        "error": "max |numerical - analytic|",
        "title": "Finite-difference gradient of a logistic-regression loss",
    },
    "ko": {
        "forward": "전방 차분",
        "central": "중심 차분",
        "best": "중심 차분의 최선: h = {h}에서 {err}",
        "rounding": "반올림 오차는\n$\\varepsilon / h$처럼 커진다",
        "truncation": "절단 오차는\n$h$나 $h^2$처럼 줄어든다",
        "step": "스텝 $h$",
        "error": "max |수치 기울기 - 해석적 기울기|",
        "title": "로지스틱 회귀 손실의 유한 차분 기울기",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LogisticRegression(n=200, d=5, seed=0)  # a smooth, non-quadratic loss
rng = np.random.default_rng(1)
w = rng.standard_normal(problem.dim)
exact = problem.grad(w)  # the analytic gradient


def forward_diff(f, w, h):
    """(f(w + h e_i) - f(w)) / h for every coordinate i, in one batched call."""
    E = h * np.eye(w.size)
    return (f(w + E) - f(w)) / h


def central_diff(f, w, h):
    """(f(w + h e_i) - f(w - h e_i)) / (2h) for every coordinate i."""
    E = h * np.eye(w.size)
    return (f(w + E) - f(w - E)) / (2 * h)


hs = np.geomspace(1e-13, 1e-1, 61)
err_fwd = [np.max(np.abs(forward_diff(problem.f, w, h) - exact)) for h in hs]
err_ctr = [np.max(np.abs(central_diff(problem.f, w, h) - exact)) for h in hs]

eps = np.finfo(float).eps
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.loglog(hs, err_fwd, "o-", ms=3, label=label["forward"])
ax.loglog(hs, err_ctr, "s-", ms=3, label=label["central"])
ax.axvline(eps**0.5, color="tab:blue", ls=":", lw=1)
ax.axvline(eps ** (1 / 3), color="tab:orange", ls=":", lw=1)
ax.text(eps**0.5, 1e-1, r" $\sqrt{\varepsilon}$", color="tab:blue")
ax.text(eps ** (1 / 3), 1e-1, r" $\varepsilon^{1/3}$", color="tab:orange")
best = int(np.argmin(err_ctr))
ax.annotate(
    label["best"].format(err=f"{err_ctr[best]:.0e}", h=f"{hs[best]:.0e}"),
    xy=(hs[best], err_ctr[best]),
    xytext=(1e-8, 3e-13),
    arrowprops=dict(arrowstyle="->", lw=0.8),
    fontsize=9,
)
ax.text(3e-13, 3e-3, label["rounding"], fontsize=9)
ax.text(3e-4, 3e-10, label["truncation"], fontsize=9)
ax.set(
    xlabel=label["step"],
    ylabel=label["error"],
    title=label["title"],
    ylim=(1e-13, 1),
)
ax.legend(loc="lower left")
plt.show()
