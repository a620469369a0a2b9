"""ASGD on the seed quadratic with noisy gradients: the iterates wander, their average settles."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "iterate": r"iterate $x_t$",
        "average": r"average $\bar x_t$",
        "step": "step $t$",
        "distance": r"distance to $x^\star$",
        "left_title": r"ASGD, $\eta_1 = 0.1$, noise $\sigma = {sigma}$, $t_0 = {t0}$",
        "end": r"$\bar x$ at the end",
        "right_title": "the cloud of iterates and its mean",
    },
    "ko": {
        "iterate": r"반복점 $x_t$",
        "average": r"평균 $\bar x_t$",
        "step": "스텝 $t$",
        "distance": r"$x^\star$까지의 거리",
        "left_title": r"ASGD, $\eta_1 = 0.1$, 잡음 $\sigma = {sigma}$, $t_0 = {t0}$",
        "end": r"마지막 $\bar x$",
        "right_title": "반복점의 구름과 그 평균",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

problem, steps, sigma, t0 = gd.SeedQuadratic(), 2000, 2.0, 200
opt = gd.ASGD(lr=0.1, lambd=1e-4, alpha=0.75, t0=t0)  # lambd: the decay of x, kept tiny
x, state = problem.x0, opt.init(problem.x0)
rng = np.random.default_rng(0)
xs, axs = [x], [state.ax]
for _ in range(steps):
    x, state = opt.step(x, problem.grad(x) + sigma * rng.standard_normal(2), state)
    xs.append(x)
    axs.append(state.ax)
xs, axs = np.array(xs), np.array(axs)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
dist = np.linalg.norm(xs - problem.x_star, axis=1)
left.semilogy(dist, color="tab:gray", lw=0.8, label=label["iterate"])
t = np.arange(t0 + 2, steps + 1)
left.semilogy(
    t, np.linalg.norm(axs[t] - problem.x_star, axis=1), color="tab:red", label=label["average"]
)
left.axvline(t0, color="k", lw=0.6, ls=":")
left.set(xlabel=label["step"], ylabel=label["distance"])
left.set_title(label["left_title"].format(sigma=sigma, t0=t0), fontsize=9)
left.legend(fontsize=8)
right.plot(*xs[t0:].T, ".", ms=2, color="tab:gray", alpha=0.5, label=r"$x_t$, $t > t_0$")
right.plot(*axs[-1], "o", color="tab:red", label=label["end"])
right.plot(*problem.x_star, "k+", ms=12, label=r"$x^\star$")
right.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
right.set_title(label["right_title"], fontsize=9)
right.legend(fontsize=8)
plt.show()
