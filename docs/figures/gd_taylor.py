"""Why a small step descends: f along the negative gradient, its tangent and the L-smooth bound."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

problem = gd.SeedQuadratic()  # L = 4
x0 = problem.x0
f0, g = float(problem.f(x0)), problem.grad(x0)
g2 = float(g @ g)  # ||grad f(x0)||^2
L = problem.L

LABELS = {
    "en": {
        "tangent": r"tangent $f(x_0) - \eta \|\nabla f\|^2$",
        "bound": r"bound $f(x_0) - \eta (1 - L\eta/2) \|\nabla f\|^2$",
        "lr": r"learning rate $\eta$",
        "after": "loss after one step",
        "one_step": "One step from $x_0 = (-2, -1)$, $f(x_0) = {f0}$",
        "lr_log": r"learning rate $\eta$ (log scale)",
        "ratio": r"actual decrease / $\eta \|\nabla f\|^2$",
        "exact": "Taylor's prediction is exact as $\\eta \\to 0$",
    },
    "ko": {
        "tangent": r"접선 $f(x_0) - \eta \|\nabla f\|^2$",
        "bound": r"상한 $f(x_0) - \eta (1 - L\eta/2) \|\nabla f\|^2$",
        "lr": r"학습률 $\eta$",
        "after": "한 스텝 뒤의 손실",
        "one_step": "$x_0 = (-2, -1)$에서 한 스텝, $f(x_0) = {f0}$",
        "lr_log": r"학습률 $\eta$ (로그 눈금)",
        "ratio": r"실제 감소량 / $\eta \|\nabla f\|^2$",
        "exact": "$\\eta \\to 0$이면 테일러 예측이 정확해진다",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

etas = np.linspace(0, 0.6, 200)
phi = problem.f(x0 - etas[:, None] * g)  # f(x0 - eta * g) for every eta at once
tangent = f0 - etas * g2
upper = f0 - etas * g2 + 0.5 * L * etas**2 * g2

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
ax1.plot(etas, phi, color="black", label=r"$f(x_0 - \eta \nabla f(x_0))$")
ax1.plot(etas, tangent, "--", color="tab:blue", label=label["tangent"])
ax1.plot(
    etas,
    upper,
    ":",
    color="tab:red",
    lw=2,
    label=label["bound"],
)
ax1.axhline(f0, color="gray", lw=0.8)
for eta in (1 / L, 2 / L):
    ax1.axvline(eta, color="gray", ls="--", lw=0.8)
top = ax1.secondary_xaxis("top")
top.set_xticks([1 / L, 2 / L], ["$1/L$", "$2/L$"])
ax1.set(
    xlabel=label["lr"],
    ylabel=label["after"],
    title=label["one_step"].format(f0=f"{f0:g}"),
    ylim=(-25, 75),
)
ax1.legend(fontsize=8, loc="upper left")

# The first-order prediction becomes exact as eta -> 0.
small = np.geomspace(1e-6, 0.5, 60)
actual = f0 - problem.f(x0 - small[:, None] * g)
ax2.semilogx(small, actual / (small * g2), color="black")
ax2.axhline(1, color="tab:blue", ls="--", lw=1)
ax2.axvline(2 / L, color="gray", ls="--", lw=0.8)
top2 = ax2.secondary_xaxis("top")
top2.set_xticks([2 / L], ["$2/L$"])
top2.minorticks_off()
ax2.set(
    xlabel=label["lr_log"],
    ylabel=label["ratio"],
    title=label["exact"],
    ylim=(-0.1, 1.15),
)
plt.show()
