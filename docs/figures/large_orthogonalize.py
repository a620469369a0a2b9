"""What Newton-Schulz does to a matrix's singular values: before and after, and the map."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

rng = np.random.default_rng(1)
m, n = 16, 32
U, _ = np.linalg.qr(rng.standard_normal((m, m)))
V, _ = np.linalg.qr(rng.standard_normal((n, m)))
sigma = np.geomspace(10.0, 0.01, m)  # a momentum matrix dominated by a few directions
M = U @ np.diag(sigma) @ V.T
before = np.linalg.svd(M, compute_uv=False)
after = np.linalg.svd(gd.newton_schulz(M), compute_uv=False)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
k = np.arange(1, m + 1)
left.semilogy(
    k,
    before / np.linalg.norm(M),
    "o-",
    color="tab:blue",
    ms=3,
    label=r"momentum $\sigma_i / \|M\|_F$",
)
left.semilogy(k, after, "s-", color="tab:red", ms=3, label="after 5 Newton-Schulz steps")
left.set(xlabel="singular value index $i$", ylabel="singular value")
left.set_title(f"A {m} x {n} matrix, condition number {before[0] / before[-1]:.0e}", fontsize=9)
left.legend(fontsize=8)

s = np.geomspace(1e-4, 1, 400)
a, b, c = 3.4445, -4.7750, 2.0315
y = s.copy()
for step in range(1, 6):
    y = a * y + b * y**3 + c * y**5
    if step in (1, 2, 5):
        right.semilogx(s, y, lw=1.2, label=f"{step} step{'s' if step > 1 else ''}")
right.axhline(1.0, color="0.5", lw=0.8, ls=":")
right.set(xlabel=r"input singular value $\sigma / \|M\|_F$", ylabel="output singular value")
right.set_title(r"$p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5$, composed", fontsize=9)
right.legend(fontsize=8)
plt.show()
