"""Momentum in the PyTorch and in the Keras convention, under the same step-decay schedule."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "step": "step length",
        "title": "Momentum 0.9, learning rate divided by 10 at steps 100 and 200",
        "xlabel": "step t",
    },
    "ko": {
        "step": "스텝 길이",
        "title": "모멘텀 0.9, 스텝 100과 200에서 학습률을 10으로 나눔",
        "xlabel": "스텝 t",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem = gd.LinearRegression(n=1000, d=20, noise=0.1, seed=0)
T = 300
schedule = gd.multistep(0.02, milestones=(100, 200), gamma=0.1)  # 0.02, then 0.002, then 0.0002

runs = {}
for convention in ("torch", "keras"):
    opt = gd.Momentum(lr=schedule, beta=0.9, convention=convention)
    # Same start, same seed: both runs draw the same minibatches of 10.
    runs[convention] = gd.minimize(
        problem, opt, np.zeros(problem.dim), max_iter=T, batch_size=10, seed=0
    )

fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.4), sharex=True)
for convention, style in (("torch", "-"), ("keras", "--")):
    res = runs[convention]
    step = np.linalg.norm(np.diff(res.xs, axis=0), axis=1)  # ||x_{t+1} - x_t||
    name = f'convention="{convention}"'
    top.semilogy(np.arange(T), step, style, label=name)
    bottom.semilogy(np.arange(T + 1), res.fs - problem.f_star, style, label=name)
for ax in (top, bottom):
    for milestone in (100, 200):
        ax.axvline(milestone, color="0.6", lw=0.8)
top.set(ylabel=label["step"], title=label["title"])
bottom.set(xlabel=label["xlabel"], ylabel="f(x_t) - f*")
top.legend()
bottom.legend()
plt.show()
