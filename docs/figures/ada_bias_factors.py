"""Adam's bias-correction factors 1/(1 - beta1^t), 1/(1 - beta2^t) and their effect on the step."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "step": "step $t$",
        "factor": "correction factor",
        "factors": "the two factors",
        "at": "{ratio}x at t = {t}",
        "ratio": "uncorrected step / corrected step",
        "net": r"net effect on the step: $(1-\beta_1^t)\,/\sqrt{1-\beta_2^t}$",
    },
    "ko": {
        "step": "스텝 $t$",
        "factor": "보정 인자",
        "factors": "두 인자",
        "at": "t = {t}에서 {ratio}배",
        "ratio": "보정 안 한 스텝 / 보정한 스텝",
        "net": r"스텝에 미치는 순효과: $(1-\beta_1^t)\,/\sqrt{1-\beta_2^t}$",
    },
}
label = gd.plotting.labels(LABELS)
beta1, beta2 = 0.9, 0.999
t = np.arange(1, 10_001)
c1 = 1 / (1 - beta1**t)  # multiplies m_t
c2 = 1 / (1 - beta2**t)  # multiplies v_t
net = c1 / np.sqrt(c2)  # what correction does to the step m / sqrt(v)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.5))
left.loglog(t, c1, label=rf"$1/(1-\beta_1^t)$, $\beta_1$ = {beta1}")
left.loglog(t, c2, label=rf"$1/(1-\beta_2^t)$, $\beta_2$ = {beta2}")
left.axhline(1, color="black", lw=0.8, ls="--")
for tt in (1, 10, 100, 1000):
    left.annotate(
        f"{c2[tt - 1]:.4g}", (tt, c2[tt - 1]), xytext=(3, 4), textcoords="offset points", fontsize=8
    )
left.set(xlabel=label["step"], ylabel=label["factor"])
left.set_title(label["factors"], fontsize=10)
left.legend(fontsize=8)

right.semilogx(t, 1 / net, color="tab:red")
worst = int(np.argmax(1 / net))
right.plot(t[worst], 1 / net[worst], "o", color="tab:red")
right.annotate(
    label["at"].format(ratio=f"{1 / net[worst]:.2f}", t=t[worst]),
    (t[worst], 1 / net[worst]),
    xytext=(8, -4),
    textcoords="offset points",
    fontsize=9,
)
right.annotate(
    label["at"].format(ratio=f"{1 / net[0]:.2f}", t=1),
    (1, 1 / net[0]),
    xytext=(6, 4),
    textcoords="offset points",
    fontsize=9,
)
right.axhline(1, color="black", lw=0.8, ls="--")
right.set(xlabel=label["step"], ylabel=label["ratio"], ylim=(0, 1.15 / net.min()))
right.set_title(label["net"], fontsize=10)
plt.show()
