"""The 1-cycle policy: the learning rate goes up then far down, the momentum the other way."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

T = 1000
t = np.arange(T)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

for kw, label in [
    ({}, "two phases (PyTorch default)"),
    ({"three_phase": True}, "three phases (Smith & Topin)"),
    ({"anneal_strategy": "linear"}, "linear anneal"),
]:
    left.plot(t, gd.one_cycle(0.1, total_steps=T, **kw)(t), label=label)
left.set(title="one_cycle(0.1, total_steps=1000)", xlabel="step t", ylabel="learning rate")
left.legend(fontsize=8)

right.plot(t, gd.one_cycle_momentum(total_steps=T)(t), color="tab:purple")
right.axvline(0.3 * T - 1, color="grey", lw=0.8, ls=":")
right.set(title="one_cycle_momentum(total_steps=1000)", xlabel="step t", ylabel="momentum")
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
