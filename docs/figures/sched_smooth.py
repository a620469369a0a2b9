"""Smooth decays: exponential, linear, polynomial and inverse square root."""

import math

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

t = np.arange(201)
fig, axes = plt.subplots(2, 2, figsize=(7, 5.2), sharex=True)
(exp_ax, lin_ax), (poly_ax, isqrt_ax) = axes

for lam in (0.005, 0.01, 0.03):
    s = gd.exponential(0.1, gamma=math.exp(-lam))
    exp_ax.plot(t, s(t), label=f"lambda = {lam}")
exp_ax.set(title="exponential: 0.1 exp(-lambda t)")

lin_ax.plot(t, gd.linear_decay(0.1, total_steps=200)(t), label="linear_decay(0.1, 200)")
lin_ax.plot(
    t,
    gd.linear_decay(0.1, total_steps=150, end_value=0.02)(t),
    label="to 0.02 at t = 150, then flat",
)
lin_ax.set(title="linear")

for p in (0.5, 1.0, 2.0):
    poly_ax.plot(t, gd.polynomial(0.1, total_iters=200, power=p)(t), label=f"power = {p}")
poly_ax.set(title="polynomial: 0.1 (1 - t/200)^power", xlabel="step t")

for tau in (1, 10, 50):
    isqrt_ax.plot(t, gd.inverse_sqrt(0.1, timescale=tau)(t), label=f"timescale = {tau}")
isqrt_ax.set(title="inverse_sqrt: 0.1 sqrt(tau / max(t, tau))", xlabel="step t")

for ax in axes.flat:
    ax.set_ylim(0, 0.105)
    ax.legend(fontsize=8)
    ax.title.set_fontsize(9.5)
exp_ax.set_ylabel("learning rate")
poly_ax.set_ylabel("learning rate")
plt.show()
