"""SGD's three rates, each the mean of 400 independent runs (one batched call) against its bound."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "constant": "$\\eta = {lr}$: mean / bound $\\leq$ {ratio}",
        "step": "step $t$",
        "left": "constant step: linear rate to a floor $\\eta L \\sigma^2/(2m)$",
        "mean": "mean of {K} runs, $\\theta = 1/m$",
        "middle": "steps $\\theta/(t+1)$: mean / bound $\\leq$ {ratio}",
        "averaged_gap": r"$f(\bar x_T) - f^\star$, mean",
        "bound": "bound, slope $-1/2$",
        "averaged": "steps averaged $T$",
        "right": "averaged, steps $0.1/\\sqrt{{t}}$: mean / bound $\\leq$ {ratio}",
    },
    "ko": {
        "constant": "$\\eta = {lr}$: 평균 / 상한 $\\leq$ {ratio}",
        "step": "스텝 $t$",
        "left": "상수 학습률: 바닥 $\\eta L \\sigma^2/(2m)$까지 선형 수렴",
        "mean": "실행 {K}개의 평균, $\\theta = 1/m$",
        "middle": "학습률 $\\theta/(t+1)$: 평균 / 상한 $\\leq$ {ratio}",
        "averaged_gap": r"$f(\bar x_T) - f^\star$, 평균",
        "bound": "상한, 직선의 기울기 $-1/2$",
        "averaged": "평균한 스텝 수 $T$",
        "right": "평균 반복점, 학습률 $0.1/\\sqrt{{t}}$: 평균 / 상한 $\\leq$ {ratio}",
    },
}
label = gd.plotting.labels(LABELS)
q = gd.Quadratic(np.diag([1.0, 4.0]))  # m = 1, L = 4
p = gd.NoisyGradients(q, sigma=1.0, seed=0)
x0 = np.array([3.0, 3.0])
K = 400
starts = np.tile(x0, (K, 1))
X = gd.Ball(q.x_star, 5.0)  # the bounded set of the decaying-step theorems


def band(ax, t, samples, color, label, log_points=None):
    """The mean of the runs and its pointwise 95% interval.

    With ``log_points``, drawn at that many log-spaced steps (on a log axis the later
    steps would otherwise crowd into a few pixels, and the page carries every one).
    """
    if log_points is not None and len(t) > log_points:
        keep = np.unique(np.geomspace(1, len(t), log_points).astype(int) - 1)
        t, samples = t[keep], samples[keep]
    mean = samples.mean(axis=1)
    half = 1.96 * samples.std(axis=1, ddof=1) / np.sqrt(samples.shape[1])
    ax.plot(t, mean, color=color, label=label)
    ax.fill_between(t, np.maximum(mean - half, 1e-12), mean + half, color=color, alpha=0.25)


fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")

ax = axes[0]
T = 150
t = np.arange(T + 1)
for lr, color in [(1 / q.L, "tab:red"), (0.25 / q.L, "tab:blue")]:
    run = gd.minimize(p, gd.SGD(lr=lr), starts, max_iter=T)
    report = gd.check_sgd_constant_step(run, p)
    assert report.holds, report
    gap = run.fs - q.f_star
    band(
        ax, t, gap, color, label["constant"].format(lr=f"{lr:g}", ratio=f"{report.worst_ratio:.2f}")
    )
    bound = gd.sgd_constant_step_bound(t, q.m, q.L, lr, p.sigma**2, gap[0].mean())
    ax.plot(t, bound, "--", color=color, lw=1)
    ax.axhline(lr * q.L * p.sigma**2 / (2 * q.m), color=color, ls=":", lw=1)
ax.set(
    yscale="log",
    xlabel=label["step"],
    ylabel=r"$E f(x_t) - f^\star$",
    title=label["left"],
)
ax.legend(fontsize=8)

ax = axes[1]
T = 1000
t = np.arange(T + 1)
theta = 1 / q.m
run = gd.minimize(p, gd.SGD(lr=lambda s: theta / (s + 1)), starts, max_iter=T, project=X)
report = gd.check_sgd_strongly_convex(run, p)
assert report.holds, report
dist2 = np.sum((run.xs - q.x_star) ** 2, axis=-1)
band(ax, t[1:], dist2[1:], "tab:green", label["mean"].format(K=K), log_points=300)
M2 = (q.L * (np.linalg.norm(X.center - q.x_star) + X.radius)) ** 2 + p.sigma**2
ax.plot(
    t[1:],
    gd.sgd_strongly_convex_bound(t[1:], q.m, M2, np.linalg.norm(x0), theta)[:],
    "--",
    color="tab:green",
    lw=1,
    label=r"$Q/(t + 1)$",
)
ax.set(
    xscale="log",
    yscale="log",
    xlabel=label["step"],
    ylabel=r"$E\|x_t - x^\star\|^2$",
    title=label["middle"].format(ratio=f"{report.worst_ratio:.2g}"),
)
ax.legend(fontsize=8)

ax = axes[2]
run = gd.minimize(p, gd.SGD(lr=gd.inverse_sqrt(0.1)), starts, max_iter=T, project=X)
report = gd.check_sgd_convex_averaged(run, p)
assert report.holds, report
xbar = np.cumsum(run.xs[:-1], axis=0) / t[1:, None, None]
gap_avg = q.f(xbar) - q.f_star
band(ax, t[1:], gap_avg, "tab:purple", label["averaged_gap"], log_points=300)
bound = gd.sgd_convex_averaged_bound(t[1:], 2 * X.radius, M2, lrs=run.lrs[:, 0])
ax.plot(t[1:], bound, "--", color="tab:purple", lw=1, label=label["bound"])
ax.set(
    xscale="log",
    yscale="log",
    xlabel=label["averaged"],
    ylabel=r"$E f(\bar x_T) - f^\star$",
    title=label["right"].format(ratio=f"{report.worst_ratio:.2g}"),
)
ax.legend(fontsize=8)
plt.show()
