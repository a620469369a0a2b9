"""AdaGrad sums squared gradients forever; RMSProp forgets them. Effective rates on Beale."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

problem = gd.Beale()
optimizers = {"AdaGrad": gd.AdaGrad(lr=0.5), "RMSProp": gd.RMSProp(lr=0.01, alpha=0.9)}
steps = 500

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.5), width_ratios=[1, 1.5])
k = np.arange(40)
left.plot(k, np.ones_like(k), color=OPTIMIZER_COLORS["AdaGrad"], label="AdaGrad: sum, weight 1")
left.plot(
    k,
    (1 - 0.9) * 0.9**k,
    color=OPTIMIZER_COLORS["RMSProp"],
    label=r"RMSProp: $(1-\alpha)\alpha^k$, $\alpha$ = 0.9",
)
left.set(
    xlabel="age $k$ of a squared gradient (steps)",
    ylabel="weight in the accumulator",
    yscale="log",
    ylim=(1e-3, 3),
)
left.set_title("how long $g^2$ is remembered", fontsize=10)
left.legend(fontsize=8, loc="center right")

for name, opt in optimizers.items():
    x = problem.x0  # (3, 3)
    state = opt.init(x)
    rates = []
    for _ in range(steps):
        x, state = opt.step(x, problem.grad(x), state)
        acc = state.G if name == "AdaGrad" else state.v
        rates.append(opt.lr / (np.sqrt(acc) + opt.eps))  # per coordinate
    rates = np.array(rates)
    for j, ls in ((0, "-"), (1, "--")):
        right.semilogy(
            rates[:, j], color=OPTIMIZER_COLORS[name], ls=ls, label=f"{name}, coordinate {'xy'[j]}"
        )
right.set(xlabel="step $t$", ylabel=r"effective rate $\eta/\sqrt{\cdot}$ per coordinate")
right.set_title("on Beale from (3, 3): AdaGrad's rate only falls", fontsize=10)
right.legend(fontsize=8, loc="lower right")
plt.show()
