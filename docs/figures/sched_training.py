"""Four learning-rate schedules training the same logistic regression with minibatch momentum."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "constant": "constant",
        "step_name": "step (x0.1 at 50% and 75%)",
        "cosine": "cosine",
        "one_cycle": "1-cycle",
        "final": "{name}: final gap {gap}",
        "lr": "learning rate",
        "title": "Momentum SGD (beta = 0.9, batch 32) on logistic regression",
        "step": "step t",
    },
    "ko": {
        "constant": "상수",
        "step_name": "계단식 (50%와 75%에서 x0.1)",
        "cosine": "코사인",
        "one_cycle": "1-사이클",
        "final": "{name}: 최종 차이 {gap}",
        "lr": "학습률",
        "title": "로지스틱 회귀에서 모멘텀 SGD (beta = 0.9, 배치 크기 32)",
        "step": "스텝 t",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LogisticRegression(n=1000, d=20, seed=0)
T = 1000  # steps: 32 epochs of minibatches of 32
schedules = {
    label["constant"]: gd.constant(0.1),
    label["step_name"]: gd.multistep(0.1, milestones=[T // 2, 3 * T // 4]),
    label["cosine"]: gd.cosine(0.1, T_max=T),
    label["one_cycle"]: gd.one_cycle(0.1, total_steps=T),
}
names = list(schedules)

# A schedule takes an array of steps, so tabulate all four once: shape (4, T).
table = np.array([s(np.arange(T)) for s in schedules.values()])

# One batched run: four copies of x0, each with its own learning rate (shape (4, 1) at
# step t), all drawing the same minibatches.
x0 = np.zeros((len(names), problem.dim))
opt = gd.Momentum(lr=lambda t: table[:, [t]], beta=0.9)
res = gd.minimize(problem, opt, x0, max_iter=T, batch_size=32, seed=0)
gap = res.fs - problem.f_star  # f(x_t) - f*, shape (T + 1, 4)

fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.6), sharex=True, height_ratios=[1, 2])
steps = np.arange(T + 1)
for k, name in enumerate(names):
    top.plot(steps[:-1], res.lrs[:, k], label=name)
    bottom.semilogy(
        steps, gap[:, k], lw=1.2, label=label["final"].format(name=name, gap=f"{gap[-1, k]:.1e}")
    )
top.set(ylabel=label["lr"], title=label["title"])
bottom.set(xlabel=label["step"], ylabel="f(x_t) - f*", ylim=(3e-4, 1))
bottom.legend(loc="upper right", fontsize=9)
plt.show()
