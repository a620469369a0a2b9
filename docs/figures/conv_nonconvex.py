"""The stationarity rate of gradient descent on non-convex functions: observed against the bound."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "well": "double well, from next to the saddle",
        "plateau": "plateau, from radius 2 on its flank",
        "net": "two-layer tanh network, $L$ certified on its path",
        "worst": "worst {ratio} at $T = {step}$",
        "steps": "steps $T$",
        "left": r"observed (solid), $\frac{f(x_0) - f_{\inf}}{T \eta (1 - L\eta/2)}$ (dashed)",
        "ratio": "observed / bound",
        "right": "how close each run comes (1 = attained)",
    },
    "ko": {
        "well": "이중 우물, 안장점 바로 옆에서 출발",
        "plateau": "고원, 옆면의 반지름 2에서 출발",
        "net": "2층 tanh 신경망, 경로에서 인증한 $L$",
        "worst": "$T = {step}$에서 최악 {ratio}",
        "steps": "스텝 수 $T$",
        "left": r"관측값(실선)과 $\frac{f(x_0) - f_{\inf}}{T \eta (1 - L\eta/2)}$(파선)",
        "ratio": "관측값 / 상한",
        "right": "각 실행이 상한에 다가간 정도(1 = 도달)",
    },
}
label = gd.plotting.labels(LABELS)
steps = 200
well = gd.DoubleWell()  # L = 1, a saddle at the origin; the start is next to it
slow = gd.SlowStationarity(L=1.0, g=1.0, N=60)  # keeps |f'| = g for 61 steps
plateau = gd.Plateau(width=0.5)
net = gd.TwoLayerNet()  # no global L: the check certifies one on the segments of the run


def certified_L(run):
    """The largest certified bound on the Hessian over the boxes the run's segments span."""
    xs = run.xs
    return float(net.smoothness_on(np.minimum(xs[:-1], xs[1:]), np.maximum(xs[:-1], xs[1:])).max())


# the step 1/L for the L a first run (step 1/L at x0) found, as on the page
first = gd.minimize(net, gd.GD(lr=1 / net.smoothness_on(net.x0)), net.x0, max_iter=1000)
runs = [
    (label["well"], well, well.x0, "tab:blue", 1 / well.L),
    (label["plateau"], plateau, np.array([2.0, 0.0]), "tab:green", 1 / plateau.L),
    ("SlowStationarity ($N = 60$)", slow, slow.x0, "tab:red", 1 / slow.L),
    (label["net"], net, net.x0, "tab:purple", 1 / certified_L(first)),
]

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for name, p, x0, color, lr in runs:
    run = gd.minimize(p, gd.GD(lr=lr), x0, max_iter=steps, grad_tol=0.0)
    report = gd.check_gd_nonconvex(run, p)
    assert report.holds, report
    L = p.L if p.L is not None else certified_L(run)
    f_inf = p.f_inf if hasattr(p, "f_inf") else p.f_star
    g2 = np.sum(p.grad(run.xs) ** 2, axis=-1)
    observed = np.minimum.accumulate(g2)[:-1]  # at T: the minimum over t < T
    T = np.arange(1, observed.size + 1)  # a run stops early where the gradient is exactly 0
    bound = gd.gd_nonconvex_bound(T, L=L, f0_minus_finf=run.fs[0] - f_inf, lr=lr)
    shown = observed > 0
    left.loglog(T[shown], observed[shown], color=color, label=name)
    left.loglog(T, bound, "--", color=color, lw=1)
    right.semilogx(
        T,
        observed / bound,
        color=color,
        label=label["worst"].format(ratio=f"{report.worst_ratio:.3f}", step=report.worst_step),
    )
left.set(
    xlabel=label["steps"],
    ylabel=r"$\min_{t<T} \|\nabla f(x_t)\|^2$",
    ylim=(1e-12, 1e2),
    title=label["left"],
)
left.legend(fontsize=8, loc="lower left")
right.axhline(1, color="black", lw=0.8)
right.axhline(2 / 3, color="gray", lw=0.8, ls=":")
right.annotate("2/3", (1.2, 2 / 3), xytext=(0, 4), textcoords="offset points", color="gray")
right.set(
    xlabel=label["steps"],
    ylabel=label["ratio"],
    ylim=(0, 1.05),
    title=label["right"],
)
right.legend(fontsize=8, loc="upper right")
plt.show()
