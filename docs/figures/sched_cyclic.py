"""Cyclical learning rates in PyTorch's three modes, and the momentum cycled the other way."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "tri2": "triangular2 (halved each cycle)",
        "step": "step t",
        "lr": "learning rate",
        "rate_left": "rate (left)",
        "mom_right": "momentum (right)",
        "with_mom": "step_size_down=300, with cyclic_momentum",
        "momentum": "momentum",
    },
    "ko": {
        "tri2": "triangular2 (주기마다 절반)",
        "step": "스텝 t",
        "lr": "학습률",
        "rate_left": "학습률 (왼쪽 축)",
        "mom_right": "모멘텀 (오른쪽 축)",
        "with_mom": "step_size_down=300, cyclic_momentum과 함께",
        "momentum": "모멘텀",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

T, up = 1200, 100
t = np.arange(T)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

for kw, name in [
    ({}, "triangular"),
    ({"mode": "triangular2"}, label["tri2"]),
    ({"mode": "exp_range", "gamma": 0.998}, r"exp_range, $\gamma = 0.998$"),
]:
    left.plot(t, gd.cyclic(0.01, 0.1, step_size_up=up, **kw)(t), label=name)
left.set(title="cyclic(0.01, 0.1, step_size_up=100)", xlabel=label["step"], ylabel=label["lr"])
left.set_ylim(0, 0.145)  # room for the legend above the waves
left.legend(fontsize=8, loc="upper right", ncol=1)

lr = gd.cyclic(0.01, 0.1, step_size_up=up, step_size_down=3 * up)
beta = gd.cyclic_momentum(0.8, 0.9, step_size_up=up, step_size_down=3 * up)
right.plot(t, lr(t), color="tab:blue", label=label["rate_left"])
twin = right.twinx()
twin.plot(t, beta(t), color="tab:purple", label=label["mom_right"])
peaks = [k for k in range(1, T - 1) if lr(k) > lr(k - 1) and lr(k) > lr(k + 1)]
for k in peaks:
    right.axvline(k, color="grey", lw=0.8, ls=":")
right.set(title=label["with_mom"], xlabel=label["step"], ylabel=label["lr"])
twin.set_ylabel(label["momentum"])
right.set_ylim(0, 0.145)
twin.set_ylim(0.78, 0.95)
lines = right.get_lines()[:1] + twin.get_lines()
right.legend(lines, [ln.get_label() for ln in lines], fontsize=8, loc="upper center", ncol=2)
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
