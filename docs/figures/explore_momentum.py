"""Explorable: the heavy ball on a quadratic over a grid of learning rates and momenta.

The page's script (docs/assets/explore.js) colours the (learning rate, momentum) plane by
the rate computed here and draws the run of the point the reader picks; every number it
shows is in ``EXPLORABLE``. The figure is the default setting, shown without JavaScript.
"""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "colorbar": "rate per step (1: no convergence)",
        "lr": r"learning rate $\alpha$",
        "beta": r"momentum $\beta$",
        "title": r"Heavy ball, $\kappa = {kappa}$: + marks Polyak's optimum",
        "step": "step $t$",
    },
    "ko": {
        "colorbar": "스텝당 수렴 속도 (1: 수렴하지 않음)",
        "lr": r"학습률 $\alpha$",
        "beta": r"모멘텀 $\beta$",
        "title": r"헤비볼, $\kappa = {kappa}$: +는 Polyak의 최적점",
        "step": "스텝 $t$",
    },
}
label = gd.plotting.labels(LABELS)

KAPPA = 25.0
problem = gd.Quadratic(np.diag([1.0, 1.0 / KAPPA]))  # L = 1, m = 1 / kappa
L, m = problem.L, problem.m
LRS = [0.25 * k for k in range(1, 17)]  # alpha from 0.25 to 4
BETAS = [round(0.1 * k, 1) for k in range(10)]  # beta from 0 to 0.9
X0 = [1.0, 1.0]
STEPS = 40
VIEW = [-1.6, 1.6, -2.4, 2.4]
# Polyak's tuning on a quadratic: the best alpha and beta, and the rate they give.
q = (np.sqrt(KAPPA) - 1) / (np.sqrt(KAPPA) + 1)
OPTIMUM = {"lr": 4 / (np.sqrt(L) + np.sqrt(m)) ** 2, "beta": q**2, "rate": q}
DEFAULT = {"lr": 2.75, "beta": 0.4}


def rate(lr: float, beta: float) -> float:
    """The asymptotic rate: the largest |eigenvalue| of the iteration matrix over the spectrum.

    x_{t+1} - x* = (1 + beta - lr * lam)(x_t - x*) - beta (x_{t-1} - x*) in each eigen-direction.
    """
    lam = np.linalg.eigvalsh(problem.A)
    M = np.zeros((lam.size, 2, 2))
    M[:, 0, 0], M[:, 0, 1], M[:, 1, 0] = 1 + beta - lr * lam, -beta, 1.0
    return float(np.max(np.abs(np.linalg.eigvals(M))))


def run(lr: float, beta: float) -> gd.Result:
    return gd.minimize(problem, gd.Momentum(lr=lr, beta=beta), X0, max_iter=STEPS)


def contours() -> list:
    """Level sets of f through fractions of f(x0), as polylines (drawing only)."""
    f0 = float(problem.f(np.array(X0)))
    theta = np.linspace(0, 2 * np.pi, 73)
    lines = []
    for c in f0 * np.array([4.0, 1.0, 0.3, 0.1, 0.03, 0.01]):
        x, y = np.sqrt(2 * c / L) * np.cos(theta), np.sqrt(2 * c / m) * np.sin(theta)
        keep = (np.abs(x) < 4) & (np.abs(y) < 4)
        lines.append(np.round(np.column_stack([x[keep], y[keep]]), 4).tolist())
    return lines


runs = {}
for beta in BETAS:
    for lr in LRS:
        r = run(lr, beta)
        runs[f"{lr:g}|{beta:g}"] = {
            "xs": r.xs.tolist(),
            "fs": r.fs.tolist(),
            "rate": rate(lr, beta),
            "status": r.status.value,
        }

EXPLORABLE = {
    "kappa": KAPPA,
    "L": L,
    "m": m,
    "lrs": LRS,
    "betas": BETAS,
    "x0": X0,
    "steps": STEPS,
    "default": DEFAULT,
    "optimum": {k: float(v) for k, v in OPTIMUM.items()},
    "view": VIEW,
    "contours": contours(),
    "runs": runs,
}

# The static figure: the rate map and the default run.
grid = np.array([[runs[f"{lr:g}|{b:g}"]["rate"] for lr in LRS] for b in BETAS])
r = run(DEFAULT["lr"], DEFAULT["beta"])
fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.4))
im = left.pcolormesh(
    LRS, BETAS, np.minimum(grid, 1.0), cmap="viridis_r", shading="nearest", vmin=q, vmax=1
)
fig.colorbar(im, ax=left, label=label["colorbar"])
left.plot(OPTIMUM["lr"], OPTIMUM["beta"], "w+", ms=10, mew=2)
left.plot(DEFAULT["lr"], DEFAULT["beta"], "o", mfc="none", mec="tab:red", ms=9)
left.set(xlabel=label["lr"], ylabel=label["beta"])
left.set_title(label["title"].format(kappa=f"{KAPPA:g}"), fontsize=9)
right.semilogy(r.fs, color="tab:blue")
right.set(xlabel=label["step"], ylabel="$f(x_t)$")
right.set_title(rf"$\alpha = {DEFAULT['lr']:g}$, $\beta = {DEFAULT['beta']:g}$", fontsize=9)
plt.show()
