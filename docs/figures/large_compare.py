"""Adam, Adafactor and Muon on a matrix least-squares problem, against gradient descent."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

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
    "GD, $\\eta = 1/L$": (gd.GD(lr=1 / problem.L), "0.5"),
    "Adam, $\\eta = 0.01$": (gd.Adam(lr=0.01), "tab:blue"),
    "Adafactor, $\\eta = 0.05$": (gd.Adafactor(lr=0.05, shape=(m, n)), "tab:red"),
    "Muon, $\\eta = 0.02$": (gd.Muon(lr=0.02, weight_decay=0.0, shape=(m, n)), "tab:green"),
    "Muon, cosine from 0.05": (
        gd.Muon(lr=gd.cosine(0.05, steps), weight_decay=0.0, shape=(m, n)),
        "darkgreen",
    ),
}
fig, ax = plt.subplots(figsize=(6.4, 3.4))
for label, (opt, color) in runs.items():
    res = gd.minimize(problem, opt, x0, max_iter=steps)
    ls = "--" if "cosine" in label else "-"
    ax.semilogy(np.maximum(res.fs - problem.f_star, 1e-16), color=color, ls=ls, label=label)
ax.set(xlabel="step $t$", ylabel=r"$f(W_t) - f^\star$")
ax.set_title(
    r"$\frac{1}{2}\|AW - B\|_F^2$, " + f"$W$ of {m} x {n}, " + r"$\kappa(A^\top A) = 10^4$",
    fontsize=9,
)
ax.legend(fontsize=8)
plt.show()
