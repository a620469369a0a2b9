"""A few reduced steps, a running product of factors, and their product (ChainedScheduler)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "mult": r"multiplicative: $\times 0.998$, $\times 0.5$ at 100, 200",
        "two": "two factors",
        "step": "step t",
        "lr": "learning rate",
        "product": "multiply_schedules([the two])",
    },
    "ko": {
        "mult": r"multiplicative: $\times 0.998$, 100과 200에서 $\times 0.5$",
        "two": "두 계수",
        "step": "스텝 t",
        "lr": "학습률",
        "product": "multiply_schedules([두 스케줄])",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

T = 300
t = np.arange(T)
fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3.2))

start = gd.constant_factor(0.1, factor=0.25, total_iters=30)
drops = gd.multiplicative(1.0, lambda k: 0.5 if k % 100 == 0 else 0.998)
left.plot(t, start(t), label="constant_factor(0.1, 0.25, 30)")
left.plot(t, 0.1 * drops(t), label=label["mult"])
left.set(title=label["two"], xlabel=label["step"], ylabel=label["lr"])
left.legend(fontsize=8)

both = gd.multiply_schedules([start, drops])
right.plot(t, both(t), color="tab:green")
right.set(title=label["product"], xlabel=label["step"], ylabel=label["lr"])
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
