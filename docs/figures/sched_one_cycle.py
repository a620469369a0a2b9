"""The 1-cycle policy: the learning rate goes up then far down, the momentum the other way."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "two": "two phases (PyTorch default)",
        "three": "three phases (Smith & Topin)",
        "linear": "linear anneal",
        "step": "step t",
        "lr": "learning rate",
        "momentum": "momentum",
    },
    "ko": {
        "two": "두 단계 (PyTorch 기본값)",
        "three": "세 단계 (Smith & Topin)",
        "linear": "선형 어닐링",
        "step": "스텝 t",
        "lr": "학습률",
        "momentum": "모멘텀",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

T = 1000
t = np.arange(T)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

for kw, name in [
    ({}, label["two"]),
    ({"three_phase": True}, label["three"]),
    ({"anneal_strategy": "linear"}, label["linear"]),
]:
    left.plot(t, gd.one_cycle(0.1, total_steps=T, **kw)(t), label=name)
left.set(title="one_cycle(0.1, total_steps=1000)", xlabel=label["step"], ylabel=label["lr"])
left.legend(fontsize=8)

right.plot(t, gd.one_cycle_momentum(total_steps=T)(t), color="tab:purple")
right.axvline(0.3 * T - 1, color="grey", lw=0.8, ls=":")
right.set(
    title="one_cycle_momentum(total_steps=1000)", xlabel=label["step"], ylabel=label["momentum"]
)
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
