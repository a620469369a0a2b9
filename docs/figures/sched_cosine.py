"""Cosine annealing, and cosine annealing with warm restarts (SGDR)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {"step": "step t", "lr": "learning rate", "restarts": "restarts at t = {jumps}"},
    "ko": {"step": "스텝 t", "lr": "학습률", "restarts": "재시작: t = {jumps}"},
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

t = np.arange(311)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2), sharey=True)

left.plot(t, gd.cosine(0.1, T_max=300)(t), label="min_value = 0")
left.plot(t, gd.cosine(0.1, T_max=300, min_value=0.02)(t), label="min_value = 0.02")
left.axvline(300, color="grey", lw=0.8, ls=":")
left.set(title="cosine(0.1, T_max=300)", xlabel=label["step"], ylabel=label["lr"])
left.legend(fontsize=8, loc="lower left")

restarts = gd.cosine_restarts(0.1, T_0=20, T_mult=2)
right.plot(t, restarts(t), color="tab:green")
# The restarts: where the value jumps back up (cycles of 20, 40, 80, 160 steps).
jumps = [int(k) for k in t[1:] if restarts(k) > restarts(k - 1)]
for k in jumps:
    right.axvline(k, color="grey", lw=0.8, ls=":")
right.set(title="cosine_restarts(0.1, T_0=20, T_mult=2)", xlabel=label["step"])
right.text(
    0.5,
    -0.3,
    label["restarts"].format(jumps=", ".join(map(str, jumps))),
    transform=right.transAxes,
    ha="center",
    fontsize=8.5,
)
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
