"""Adam with and without bias correction on Rosenbrock and Beale (lr = 0.01, defaults otherwise)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "rosenbrock": "Rosenbrock from (-1, 0.5)",
        "beale": "Beale from (3, 3)",
        "with": "with correction",
        "without": "without correction",
        "step": "step $t$",
        "length": "step length, first 100 steps",
    },
    "ko": {
        "rosenbrock": "(-1, 0.5)에서 시작한 Rosenbrock",
        "beale": "(3, 3)에서 시작한 Beale",
        "with": "보정함",
        "without": "보정 안 함",
        "step": "스텝 $t$",
        "length": "스텝 길이, 처음 100 스텝",
    },
}
label = gd.plotting.labels(LABELS)
problems = {label["rosenbrock"]: gd.Rosenbrock(), label["beale"]: gd.Beale()}
styles = {True: ("tab:red", label["with"]), False: ("tab:gray", label["without"])}
lr, steps = 0.01, 1000

fig, axes = plt.subplots(2, 2, figsize=(7.2, 5.2), height_ratios=[1.3, 1])
for col, (title, problem) in enumerate(problems.items()):
    for corrected, (color, name) in styles.items():
        opt = gd.Adam(lr=lr, bias_correction=corrected)
        x = problem.x0
        state = opt.init(x)
        xs = [x]
        for _ in range(steps):
            x, state = opt.step(x, problem.grad(x), state)
            xs.append(x)
        xs = np.array(xs)
        axes[0, col].semilogy(problem.f(xs) - problem.f_star, color=color, label=name)
        step = np.linalg.norm(np.diff(xs, axis=0), axis=1) / lr  # step length in units of lr
        axes[1, col].plot(step[:100], color=color, label=name)
    axes[0, col].set(xlabel=label["step"], ylabel=r"$f(x_t) - f^\star$")
    axes[0, col].set_title(title, fontsize=10)
    axes[1, col].set(xlabel=label["step"], ylabel=r"$\|x_{t+1} - x_t\| / \eta$", ylim=(0, None))
axes[0, 0].legend(fontsize=8)
axes[1, 0].set_title(label["length"], fontsize=9)
axes[1, 1].set_title(label["length"], fontsize=9)
plt.show()
