"""RAdam's built-in warmup: the rectification r_t; Adam and RAdam on the noisy seed quadratic."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "step": "step $t$",
        "r": "rectification $r_t$",
        "left": "the adaptive step, switched on gradually",
        "right": r"seed quadratic, noisy gradients, $\eta = {lr}$",
    },
    "ko": {
        "step": "스텝 $t$",
        "r": "교정 계수 $r_t$",
        "left": "서서히 켜지는 적응적 스텝",
        "right": r"강좌 교재의 이차 함수, 잡음 섞인 기울기, $\eta = {lr}$",
    },
}
label = gd.plotting.labels(LABELS)

# Left: r_t for three beta2 (0 while rho_t <= 5: momentum steps), against step t.
t = np.arange(1, 3001)
fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
for beta2, color in [(0.9, "tab:green"), (0.99, "tab:blue"), (0.999, "tab:red")]:
    r = np.array([gd.optimizers._rectification(beta2, k)[1] for k in t])
    left.semilogx(t, r, color=color, label=rf"$\beta_2 = {beta2}$")
left.set(xlabel=label["step"], ylabel=label["r"], ylim=(0, 1.05))
left.set_title(label["left"], fontsize=9)
left.legend(fontsize=8)

# Right: the seed quadratic with noisy gradients (sigma = 1), the same noise for both.
problem, lr, steps, sigma = gd.SeedQuadratic(), 0.03, 1500, 1.0
for opt, color in [(gd.Adam(lr=lr), "tab:gray"), (gd.RAdam(lr=lr), "tab:red")]:
    rng = np.random.default_rng(0)
    x, state = problem.x0, opt.init(problem.x0)
    fs = [problem.f(x)]
    for _ in range(steps):
        g = problem.grad(x) + sigma * rng.standard_normal(2)
        x, state = opt.step(x, g, state)
        fs.append(problem.f(x))
    right.semilogy(np.array(fs) - problem.f_star, color=color, label=type(opt).__name__)
right.set(xlabel=label["step"], ylabel=r"$f(x_t) - f^\star$")
right.set_title(label["right"].format(lr=lr), fontsize=9)
right.legend(fontsize=8)
plt.show()
