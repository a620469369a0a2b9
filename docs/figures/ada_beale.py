"""SGD, Momentum, AdaGrad, RMSProp and Adam on Beale's function from (3, 3), course settings."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS, contour_paths

LABELS = {
    "en": {
        "paths": "paths, 500 steps (dotted: lr 1e-4)",
        "diverged": ": diverged at t = {t}",
        "loss": "loss (legend: final value)",
        "step": "step $t$",
        "minimum": "minimum",
    },
    "ko": {
        "paths": "경로, 500 스텝 (점선: lr 1e-4)",
        "diverged": ": t = {t}에서 발산",
        "loss": "손실 (범례: 최종값)",
        "step": "스텝 $t$",
        "minimum": "최소점",
    },
}
label = gd.plotting.labels(LABELS)
problem = gd.Beale()  # minimum f = 0 at (3, 0.5)
optimizers = {
    "SGD": gd.GD(lr=0.001),
    "Momentum": gd.Momentum(lr=0.001, beta=0.9),
    "AdaGrad": gd.AdaGrad(lr=0.5),
    "RMSProp": gd.RMSProp(lr=0.01, alpha=0.9),
    "Adam": gd.Adam(lr=0.01, beta1=0.9, beta2=0.999),
}
runs = {
    name: gd.minimize(problem, opt, problem.x0, max_iter=500) for name, opt in optimizers.items()
}
# What SGD and Momentum need to survive the first steps: a 10x smaller learning rate
rescued = {
    name: gd.minimize(problem, cls(lr=1e-4, **kw), problem.x0, max_iter=500)
    for name, cls, kw in (("SGD", gd.GD, {}), ("Momentum", gd.Momentum, {"beta": 0.9}))
}

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.8))
contour_paths(
    left,
    problem.f,
    {name: r.xs for name, r in runs.items() if r.status != "diverged"},
    xlim=(-1, 4),
    ylim=(-1, 4),
    levels=np.geomspace(0.1, 1e4, 12),
    resolution=120,
    minimum=problem.x_star,
    minimum_label=label["minimum"],
)
for line in left.lines:
    line.set_markevery(10)  # a dot every 10 steps keeps the drawing light
for name, r in rescued.items():
    left.plot(r.xs[:, 0], r.xs[:, 1], ":", color=OPTIMIZER_COLORS[name], lw=1.5)
left.plot(*problem.x0, "ko", ms=4)
left.set_title(label["paths"], fontsize=10)
left.legend(fontsize=7, loc="lower left")

for name, r in runs.items():
    entry = f"{name} (lr {optimizers[name].lr:g})"
    entry += label["diverged"].format(t=r.nit) if r.status == "diverged" else f": {r.fs[-1]:.2g}"
    right.semilogy(r.fs, color=OPTIMIZER_COLORS[name], label=entry)
for name, r in rescued.items():
    right.semilogy(
        r.fs, ":", color=OPTIMIZER_COLORS[name], label=f"{name} (lr 1e-4): {r.fs[-1]:.2g}"
    )
right.set(xlabel=label["step"], ylabel=r"$f(x_t) - f^\star$", ylim=(1e-4, 1e5), xlim=(-10, 500))
right.set_title(label["loss"], fontsize=10)
right.legend(fontsize=7, loc="lower left")
plt.show()
