"""Reddi, Kale & Kumar's online problem: Adam goes to the worst point x = +1, AMSGrad to x* = -1."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "at": "{name}: {regret} at T = {T}",
        "step": "step $t$ + 1",
        "iterates": "iterates (best point: -1)",
        "round": "round $T$",
        "ylabel": r"average regret $R_T / T$",
        "regret": "average regret",
    },
    "ko": {
        "at": "{name}: T = {T}에서 {regret}",
        "step": "스텝 $t$ + 1",
        "iterates": "반복점 (최적점: -1)",
        "round": "라운드 $T$",
        "ylabel": r"평균 리그렛 $R_T / T$",
        "regret": "평균 리그렛",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.ReddiAdam()  # loss C*x every third round, -x otherwise, on [-1, 1]; C = 3
C = problem.C
beta2 = 1 / (1 + C**2)
alpha = 0.5 * np.sqrt(1 - beta2)
T = 5_000


def run(amsgrad):
    """The paper's setting: beta1 = 0, beta2 = 1/(1 + C^2), step alpha/sqrt(t), no bias correction.

    Returns the iterates x_0..x_T and the average regret R_T / T for T = 1..T.
    """
    opt = gd.Adam(
        lr=lambda t: alpha / np.sqrt(t + 1),
        beta1=0.0,
        beta2=beta2,
        amsgrad=amsgrad,
        bias_correction=False,
    )
    x = problem.x0
    state = opt.init(x)
    xs, slopes = [x[0]], []
    for t in range(T):
        g = problem.grad(x, t)  # the loss of round t is linear: f_t(x) = g * x
        x, state = opt.step(x, g, state)
        x = problem.project(x)  # back into [-1, 1]
        xs.append(x[0])
        slopes.append(g[0])
    xs, slopes = np.array(xs), np.array(slopes)
    regret = np.cumsum(slopes * (xs[:-1] - problem.x_star[0]))  # sum_t f_t(x_t) - f_t(x*)
    return xs, regret / np.arange(1, T + 1)


fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.5))
for name, amsgrad in (("Adam", False), ("AMSGrad", True)):
    xs, regret = run(amsgrad)
    color = OPTIMIZER_COLORS[name]
    shown = np.unique(np.geomspace(1, T, 2500).astype(int))  # enough points for a log axis
    left.semilogx(shown, xs[shown - 1], color=color, lw=1.0, label=f"{name}: $x_T$ = {xs[-1]:.3f}")
    right.loglog(
        shown,
        regret[shown - 1],
        color=color,
        label=label["at"].format(name=name, regret=f"{regret[-1]:.3f}", T=T),
    )
left.axhline(-1, color="black", lw=0.8, ls="--")
left.set(xlabel=label["step"], ylabel="$x_t$", ylim=(-1.1, 1.1))
left.set_title(label["iterates"], fontsize=10)
left.legend(fontsize=8, loc="center left")
right.axhline(
    (2 * C - 4) / 3,
    color=OPTIMIZER_COLORS["Adam"],
    lw=0.8,
    ls="--",
    label=f"(2C - 4)/3 = {(2 * C - 4) / 3:.3f}",
)
right.set(xlabel=label["round"], ylabel=label["ylabel"])
right.set_title(label["regret"], fontsize=10)
right.legend(fontsize=8, loc="lower left")
plt.show()
