"""Step decay (the course chapter's halving every 50 steps) and multistep (x0.1 at 30, 60, 90)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {"step": "step t", "lr": "learning rate", "epoch": "epoch", "log": "(log scale)"},
    "ko": {"step": "스텝 t", "lr": "학습률", "epoch": "에포크", "log": "(로그 눈금)"},
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

t = np.arange(200)
step = gd.step_decay(0.1, step_size=50, gamma=0.5)
left.plot(t, step(t), drawstyle="steps-post")
left.set(title="step_decay(0.1, step_size=50, gamma=0.5)", xlabel=label["step"], ylabel=label["lr"])

epochs = np.arange(120)
multi = gd.multistep(0.1, milestones=[30, 60, 90], gamma=0.1)
right.semilogy(epochs, multi(epochs), drawstyle="steps-post", color="tab:orange")
for m in multi.milestones:
    right.axvline(m, color="grey", lw=0.8, ls=":")
right.set(
    title="multistep(0.1, [30, 60, 90], gamma=0.1)", xlabel=label["epoch"], ylabel=label["log"]
)
left.title.set_fontsize(9)
right.title.set_fontsize(9)
plt.show()
