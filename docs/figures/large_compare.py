"""Adam, Adafactor and Muon on a matrix least-squares problem, against gradient descent."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "gd": "GD, $\\eta = 1/L$",
        "adam": "Adam, $\\eta = 0.01$",
        "adafactor": "Adafactor, $\\eta = 0.05$",
        "muon": "Muon, $\\eta = 0.02$",
        "muon_cosine": "Muon, cosine from 0.05",
        "step": "step $t$",
        "size": "$W$ of {m} x {n}, ",
    },
    "ko": {
        "gd": "GD, $\\eta = 1/L$",
        "adam": "Adam, $\\eta = 0.01$",
        "adafactor": "Adafactor, $\\eta = 0.05$",
        "muon": "Muon, $\\eta = 0.02$",
        "muon_cosine": "Muon, 0.05에서 시작하는 코사인",
        "step": "스텝 $t$",
        "size": "$W$는 {m} x {n}, ",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

# f(W) = 1/2 ||A W - B||_F^2 for a 12 x 8 matrix W, A with condition number 100.
rng = np.random.default_rng(0)
m, n, k = 12, 8, 40
Q, _ = np.linalg.qr(rng.standard_normal((k, m)))
A = Q @ np.diag(np.geomspace(1.0, 0.01, m)) @ np.linalg.qr(rng.standard_normal((m, m)))[0]
B = A @ rng.standard_normal((m, n)) + 0.01 * rng.standard_normal((k, n))
H = np.kron(A.T @ A, np.eye(n))  # the Hessian of f on the flat, row-major W
problem = gd.Quadratic(H, b=(A.T @ B).reshape(-1))
x0, steps = 0.5 * rng.standard_normal(m * n), 1000
runs = {
    "gd": (gd.GD(lr=1 / problem.L), "0.5"),
    "adam": (gd.Adam(lr=0.01), "tab:blue"),
    "adafactor": (gd.Adafactor(lr=0.05, shape=(m, n)), "tab:red"),
    "muon": (gd.Muon(lr=0.02, weight_decay=0.0, shape=(m, n)), "tab:green"),
    "muon_cosine": (
        gd.Muon(lr=gd.cosine(0.05, steps), weight_decay=0.0, shape=(m, n)),
        "darkgreen",
    ),
}
fig, ax = plt.subplots(figsize=(6.4, 3.4))
for key, (opt, color) in runs.items():
    res = gd.minimize(problem, opt, x0, max_iter=steps)
    ls = "--" if key == "muon_cosine" else "-"
    ax.semilogy(np.maximum(res.fs - problem.f_star, 1e-16), color=color, ls=ls, label=label[key])
ax.set(xlabel=label["step"], ylabel=r"$f(W_t) - f^\star$")
ax.set_title(
    r"$\frac{1}{2}\|AW - B\|_F^2$, "
    + label["size"].format(m=m, n=n)
    + r"$\kappa(A^\top A) = 10^4$",
    fontsize=9,
)
ax.legend(fontsize=8)
plt.show()
