"""Adam's bias-correction factors 1/(1 - beta1^t), 1/(1 - beta2^t) and their effect on the step."""

import matplotlib.pyplot as plt
import numpy as np

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
left.set(xlabel="step $t$", ylabel="correction factor")
left.set_title("the two factors", fontsize=10)
left.legend(fontsize=8)

right.semilogx(t, 1 / net, color="tab:red")
worst = int(np.argmax(1 / net))
right.plot(t[worst], 1 / net[worst], "o", color="tab:red")
right.annotate(
    f"{1 / net[worst]:.2f}x at t = {t[worst]}",
    (t[worst], 1 / net[worst]),
    xytext=(8, -4),
    textcoords="offset points",
    fontsize=9,
)
right.annotate(
    f"{1 / net[0]:.2f}x at t = 1",
    (1, 1 / net[0]),
    xytext=(6, 4),
    textcoords="offset points",
    fontsize=9,
)
right.axhline(1, color="black", lw=0.8, ls="--")
right.set(xlabel="step $t$", ylabel="uncorrected step / corrected step", ylim=(0, 1.15 / net.min()))
right.set_title(r"net effect on the step: $(1-\beta_1^t)\,/\sqrt{1-\beta_2^t}$", fontsize=10)
plt.show()
