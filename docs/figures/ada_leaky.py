"""AdaGrad sums squared gradients forever; RMSProp forgets them. Effective rates on Beale."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "sum": "AdaGrad: sum, weight 1",
        "age": "age $k$ of a squared gradient (steps)",
        "weight": "weight in the accumulator",
        "memory": "how long $g^2$ is remembered",
        "coordinate": "{name}, coordinate {x}",
        "step": "step $t$",
        "rate": r"effective rate $\eta/\sqrt{\cdot}$ per coordinate",
        "beale": "on Beale from (3, 3): AdaGrad's rate only falls",
    },
    "ko": {
        "sum": "AdaGrad: 합, 가중치 1",
        "age": "기울기 제곱의 나이 $k$ (스텝)",
        "weight": "누적값 안의 가중치",
        "memory": "$g^2$를 기억하는 기간",
        "coordinate": "{name}, 좌표 {x}",
        "step": "스텝 $t$",
        "rate": r"좌표별 유효 학습률 $\eta/\sqrt{\cdot}$",
        "beale": "(3, 3)에서 시작한 Beale: AdaGrad의 학습률은 줄기만 함",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Beale()
optimizers = {"AdaGrad": gd.AdaGrad(lr=0.5), "RMSProp": gd.RMSProp(lr=0.01, alpha=0.9)}
steps = 500

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.5), width_ratios=[1, 1.5])
k = np.arange(40)
left.plot(k, np.ones_like(k), color=OPTIMIZER_COLORS["AdaGrad"], label=label["sum"])
left.plot(
    k,
    (1 - 0.9) * 0.9**k,
    color=OPTIMIZER_COLORS["RMSProp"],
    label=r"RMSProp: $(1-\alpha)\alpha^k$, $\alpha$ = 0.9",
)
left.set(
    xlabel=label["age"],
    ylabel=label["weight"],
    yscale="log",
    ylim=(1e-3, 3),
)
left.set_title(label["memory"], fontsize=10)
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
            rates[:, j],
            color=OPTIMIZER_COLORS[name],
            ls=ls,
            label=label["coordinate"].format(name=name, x="xy"[j]),
        )
right.set(xlabel=label["step"], ylabel=label["rate"])
right.set_title(label["beale"], fontsize=10)
right.legend(fontsize=8, loc="lower right")
plt.show()
