"""Rprop on Rosenbrock: the loss against GD and Adam, and its two step sizes along the run."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "of": r"$\Delta$ of ${x}$",
        "step": "step $t$",
        "left": "Rosenbrock from (-1.2, 1)",
        "size": r"step size $\Delta_t$",
        "right": "Rprop's per-coordinate step sizes",
    },
    "ko": {
        "of": r"${x}$의 $\Delta$",
        "step": "스텝 $t$",
        "left": "(-1.2, 1)에서 시작한 Rosenbrock",
        "size": r"스텝 크기 $\Delta_t$",
        "right": "Rprop의 좌표별 스텝 크기",
    },
}
label = gd.plotting.labels(LABELS)

problem, steps = gd.Rosenbrock(), 1000
runs = {
    "GD, $\\eta = 10^{-3}$": (gd.GD(lr=1e-3), "tab:gray"),
    "Adam, $\\eta = 0.01$": (gd.Adam(lr=0.01), "tab:blue"),
    "Rprop, $\\Delta_0 = 0.01$": (gd.Rprop(lr=0.01), "tab:red"),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
for name, (opt, color) in runs.items():
    x, state = problem.x0, opt.init(problem.x0)
    fs, deltas = [problem.f(x)], []
    for _ in range(steps):
        x, state = opt.step(x, problem.grad(x), state)
        fs.append(problem.f(x))
        if isinstance(opt, gd.Rprop):
            deltas.append(state.delta)
    left.semilogy(np.maximum(np.array(fs) - problem.f_star, 1e-30), color=color, label=name)
deltas = np.array(deltas)
right.semilogy(deltas[:, 0], color="tab:red", label=label["of"].format(x="x_1"))
right.semilogy(deltas[:, 1], color="tab:orange", ls="--", label=label["of"].format(x="x_2"))
left.set(xlabel=label["step"], ylabel=r"$f(x_t) - f^\star$")
left.set_title(label["left"], fontsize=9)
left.legend(fontsize=8)
right.set(xlabel=label["step"], ylabel=label["size"])
right.set_title(label["right"], fontsize=9)
right.legend(fontsize=8)
plt.show()
