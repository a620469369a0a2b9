"""Smooth decays: exponential, linear, polynomial and inverse square root."""

import math

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "exp": "exponential: 0.1 exp(-lambda t)",
        "to_002": "to 0.02 at t = 150, then flat",
        "linear": "linear",
        "power": "power = {p}",
        "poly": "polynomial: 0.1 (1 - t/200)^power",
        "step": "step t",
        "tau": "timescale = {tau}",
        "isqrt": "inverse_sqrt: 0.1 sqrt(tau / max(t, tau))",
        "lr": "learning rate",
    },
    "ko": {
        "exp": "지수 감쇠: 0.1 exp(-lambda t)",
        "to_002": "t = 150에서 0.02, 그 뒤 일정",
        "linear": "선형 감쇠",
        "power": "거듭제곱 = {p}",
        "poly": "다항식 감쇠: 0.1 (1 - t/200)^power",
        "step": "스텝 t",
        "tau": "시간 척도 = {tau}",
        "isqrt": "역제곱근: 0.1 sqrt(tau / max(t, tau))",
        "lr": "학습률",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

t = np.arange(201)
fig, axes = plt.subplots(2, 2, figsize=(7, 5.2), sharex=True)
(exp_ax, lin_ax), (poly_ax, isqrt_ax) = axes

for lam in (0.005, 0.01, 0.03):
    s = gd.exponential(0.1, gamma=math.exp(-lam))
    exp_ax.plot(t, s(t), label=f"lambda = {lam}")
exp_ax.set(title=label["exp"])

lin_ax.plot(t, gd.linear_decay(0.1, total_steps=200)(t), label="linear_decay(0.1, 200)")
lin_ax.plot(
    t,
    gd.linear_decay(0.1, total_steps=150, end_value=0.02)(t),
    label=label["to_002"],
)
lin_ax.set(title=label["linear"])

for p in (0.5, 1.0, 2.0):
    poly_ax.plot(
        t, gd.polynomial(0.1, total_iters=200, power=p)(t), label=label["power"].format(p=p)
    )
poly_ax.set(title=label["poly"], xlabel=label["step"])

for tau in (1, 10, 50):
    isqrt_ax.plot(t, gd.inverse_sqrt(0.1, timescale=tau)(t), label=label["tau"].format(tau=tau))
isqrt_ax.set(title=label["isqrt"], xlabel=label["step"])

for ax in axes.flat:
    ax.set_ylim(0, 0.105)
    ax.legend(fontsize=8)
    ax.title.set_fontsize(9.5)
exp_ax.set_ylabel(label["lr"])
poly_ax.set_ylabel(label["lr"])
plt.show()
