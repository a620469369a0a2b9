"""How the step size sets the rate of gradient descent, and where it diverges (2/L)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "diverges": "diverges",
        "lr": r"step $\eta$ in units of $1/L$",
        "factor": r"factor $\rho(\eta)$ per step",
        "left": "worst-case factor, $\\kappa = {kappa}$",
        "step": "step $t$",
        "right": "the same steps on a quadratic",
    },
    "ko": {
        "diverges": "발산",
        "lr": r"$1/L$ 단위로 잰 학습률 $\eta$",
        "factor": r"스텝당 비율 $\rho(\eta)$",
        "left": "최악의 경우의 비율, $\\kappa = {kappa}$",
        "step": "스텝 $t$",
        "right": "이차 함수에서의 같은 학습률",
    },
}
label = gd.plotting.labels(LABELS)
m, L = 1.0, 10.0
kappa = L / m
fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.8), layout="constrained")

# Left: the worst-case factor per step, rho(eta) = max{|1 - eta m|, |1 - eta L|}.
h = np.linspace(0.01, 2.3, 500)  # the step as a multiple of 1/L
rho = np.maximum(np.abs(1 - h / L * m), np.abs(1 - h))
left.plot(h, rho, color="black")
left.axhline(1, color="gray", lw=0.8)
left.axvspan(2, 2.3, color="tab:red", alpha=0.12)
left.text(2.15, 0.55, label["diverges"], rotation=90, ha="center", color="tab:red")
marks = [
    (1.0, "1/L", "tab:blue"),
    (2 * L / (m + L), "2/(m+L)", "tab:green"),
    (2.0, "2/L", "tab:red"),
]
for hx, name, color in marks:
    r = max(abs(1 - hx / L * m), abs(1 - hx))
    left.plot(hx, r, "o", color=color)
    left.annotate(
        f"{name}: {r:.3f}",
        (hx, r),
        xytext=(-6, -18),
        textcoords="offset points",
        ha="right" if name != "2/L" else "center",
        color=color,
        fontsize=9,
    )
left.set(
    xlabel=label["lr"],
    ylabel=label["factor"],
    ylim=(0.4, 1.35),
    title=label["left"].format(kappa=f"{kappa:g}"),
)

# Right: gradient descent with these steps (and one beyond 2/L) on a quadratic with kappa = 10.
q = gd.Quadratic.with_spectrum(m=m, L=L, dim=10, seed=0)
x0 = np.random.default_rng(0).standard_normal(10)
lrs = {"1/L": 1 / L, "2/(m+L)": 2 / (m + L), "2/L": 2 / L, "2.1/L": 2.1 / L}
res = gd.minimize(
    q, gd.GD(lr=np.array(list(lrs.values()))[:, None]), np.tile(x0, (4, 1)), max_iter=60
)
colors = ["tab:blue", "tab:green", "tab:red", "tab:purple"]
for k, (name, color) in enumerate(zip(lrs, colors, strict=True)):
    run = res.run(k)
    right.semilogy(gd.distance_to_minimizer(run, q), color=color, label=rf"$\eta$ = {name}")
right.set(xlabel=label["step"], ylabel=r"$\|x_t - x^\star\|$", title=label["right"])
right.legend(fontsize=9, loc="lower left")
plt.show()
