"""Linear warmup in front of a decay, the Transformer schedule, and joined schedules."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "cosine": "cosine",
        "step_name": "step",
        "linear": "linear",
        "thousands": "step t (thousands)",
        "lr": "learning rate",
        "step": "step t",
        "vs": "warmup vs join_schedules",
    },
    "ko": {
        "cosine": "코사인",
        "step_name": "계단식",
        "linear": "선형",
        "thousands": "스텝 t (천 단위)",
        "lr": "학습률",
        "step": "스텝 t",
        "vs": "warmup 대 join_schedules",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

fig, axes = plt.subplots(1, 3, figsize=(7.5, 3.2))

# (a) 5,000 warmup steps in front of three different decays over 100,000 steps.
t = np.arange(0, 100_001, 100)
decays = {
    label["cosine"]: gd.cosine(0.1, T_max=100_000),
    label["step_name"]: gd.multistep(0.1, milestones=[30_000, 60_000, 90_000], gamma=0.1),
    label["linear"]: gd.linear_decay(0.1, total_steps=100_000),
}
for name, decay in decays.items():
    axes[0].plot(t / 1000, gd.warmup(decay, warmup_steps=5000)(t), label=name)
axes[0].axvline(5, color="grey", lw=0.8, ls=":")
axes[0].set(title="warmup(decay, 5000)", xlabel=label["thousands"], ylabel=label["lr"])

# (b) The Transformer schedule: warmup then inverse square root.
t2 = np.arange(40_001)
noam = gd.warmup(gd.inverse_sqrt(1e-3, timescale=4000), warmup_steps=4000)
axes[1].plot(t2 / 1000, noam(t2), color="tab:red")
axes[1].set(title="warmup(inverse_sqrt, 4000)", xlabel=label["thousands"])

# (c) warmup keeps the decay's clock; join_schedules restarts it at the boundary.
t3 = np.arange(101)
cos = gd.cosine(0.1, T_max=100)
ramp = gd.linear(0.1, start_factor=0.0, total_iters=20)
axes[2].plot(t3, gd.warmup(cos, warmup_steps=20)(t3), label="warmup")
axes[2].plot(
    t3,
    gd.join_schedules([ramp, gd.cosine(0.1, T_max=80)], boundaries=[20])(t3),
    label="join",
)
axes[2].set(title=label["vs"], xlabel=label["step"])

axes[0].legend(fontsize=7.5)
axes[2].legend(fontsize=8, loc="upper right")
for ax in axes:
    ax.title.set_fontsize(9)
plt.show()
