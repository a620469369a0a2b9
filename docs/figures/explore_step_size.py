"""Explorable: gradient descent on a 2-D quadratic over a grid of step sizes and condition numbers.

The page's script (docs/assets/explore.js) draws the run a reader picks with two sliders;
every number it shows is in ``EXPLORABLE``, computed here by gdtheory. The figure below is
the default setting, what the page shows without JavaScript.
"""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {"step": "step $t$", "loss": "Loss"},
    "ko": {"step": "스텝 $t$", "loss": "손실"},
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

KAPPAS = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]  # condition number L/m, with L = 1
LRS = [round(0.1 * k, 1) for k in range(1, 23)]  # eta, from 0.1 to 2.2 (the edge 2/L = 2)
X0 = [1.0, 1.0]
STEPS = 30
DEFAULT = {"kappa": 10.0, "lr": 1.0}
VIEW = [-1.6, 1.6, -1.6, 1.6]


def problem_for(kappa: float) -> gd.Quadratic:
    """f(x) = (x_1^2 + x_2^2 / kappa) / 2: L = 1, m = 1 / kappa."""
    return gd.Quadratic(np.diag([1.0, 1.0 / kappa]))


def run(kappa: float, lr: float) -> gd.Result:
    return gd.minimize(problem_for(kappa), gd.GD(lr=lr), X0, max_iter=STEPS)


def contraction(kappa: float, lr: float) -> float:
    """max_i |1 - lr * lambda_i| over the Hessian's eigenvalues."""
    return float(np.max(np.abs(1 - lr * np.linalg.eigvalsh(problem_for(kappa).A))))


def contours(kappa: float) -> list:
    """Level sets f = c through a few fractions of f(x0), as polylines (drawing only)."""
    p = problem_for(kappa)
    f0 = float(p.f(np.array(X0)))
    theta = np.linspace(0, 2 * np.pi, 73)
    lines = []
    for c in f0 * np.array([4.0, 1.0, 0.3, 0.1, 0.03, 0.01]):
        x, y = np.sqrt(2 * c) * np.cos(theta), np.sqrt(2 * c * kappa) * np.sin(theta)
        keep = (np.abs(x) < 3) & (np.abs(y) < 3)
        lines.append(np.round(np.column_stack([x[keep], y[keep]]), 4).tolist())
    return lines


runs = {}
for kappa in KAPPAS:
    for lr in LRS:
        r = run(kappa, lr)
        runs[f"{kappa:g}|{lr:g}"] = {
            "xs": r.xs.tolist(),
            "fs": r.fs.tolist(),
            "rho": contraction(kappa, lr),
            "status": r.status.value,
        }

EXPLORABLE = {
    "kappas": KAPPAS,
    "lrs": LRS,
    "L": 1.0,
    "x0": X0,
    "steps": STEPS,
    "default": DEFAULT,
    "view": VIEW,
    "contours": {f"{k:g}": contours(k) for k in KAPPAS},
    "runs": runs,
}

# The static figure: the default setting.
kappa, lr = DEFAULT["kappa"], DEFAULT["lr"]
r = run(kappa, lr)
fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.4))
for line in contours(kappa):
    xy = np.array(line)
    left.plot(xy[:, 0], xy[:, 1], color="0.75", lw=0.8)
left.plot(r.xs[:, 0], r.xs[:, 1], "o-", color="tab:blue", ms=3)
left.plot(0, 0, "k*", ms=8)
left.set(xlim=VIEW[:2], ylim=VIEW[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
left.set_title(rf"$\kappa = {kappa:g}$, $\eta = {lr:g}$: $\rho = {contraction(kappa, lr):.3g}$")
right.semilogy(r.fs, color="tab:blue")
right.set(xlabel=label["step"], ylabel="$f(x_t)$", title=label["loss"])
plt.show()
