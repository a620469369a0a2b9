"""Cyclical learning rates in PyTorch's three modes, and the momentum cycled the other way."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

T, up = 1200, 100
t = np.arange(T)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

for kw, label in [
    ({}, "triangular"),
    ({"mode": "triangular2"}, "triangular2 (halved each cycle)"),
    ({"mode": "exp_range", "gamma": 0.998}, r"exp_range, $\gamma = 0.998$"),
]:
    left.plot(t, gd.cyclic(0.01, 0.1, step_size_up=up, **kw)(t), label=label)
left.set(title="cyclic(0.01, 0.1, step_size_up=100)", xlabel="step t", ylabel="learning rate")
left.set_ylim(0, 0.145)  # room for the legend above the waves
left.legend(fontsize=8, loc="upper right", ncol=1)

lr = gd.cyclic(0.01, 0.1, step_size_up=up, step_size_down=3 * up)
beta = gd.cyclic_momentum(0.8, 0.9, step_size_up=up, step_size_down=3 * up)
right.plot(t, lr(t), color="tab:blue", label="rate (left)")
twin = right.twinx()
twin.plot(t, beta(t), color="tab:purple", label="momentum (right)")
peaks = [k for k in range(1, T - 1) if lr(k) > lr(k - 1) and lr(k) > lr(k + 1)]
for k in peaks:
    right.axvline(k, color="grey", lw=0.8, ls=":")
right.set(title="step_size_down=300, with cyclic_momentum", xlabel="step t", ylabel="learning rate")
twin.set_ylabel("momentum")
right.set_ylim(0, 0.145)
twin.set_ylim(0.78, 0.95)
lines = right.get_lines()[:1] + twin.get_lines()
right.legend(lines, [ln.get_label() for ln in lines], fontsize=8, loc="upper center", ncol=2)
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
