"""Why factor: the optimizer state of an n x n matrix, and how good the rank-one estimate is."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd


def stored(opt, n):
    """How many numbers the optimizer keeps for an n x n matrix (read from its state)."""
    state = opt(n).init(np.zeros(n * n))
    return sum(a.size for a in state[1:] if isinstance(a, np.ndarray))


ns = np.array([4, 16, 64, 256, 1024])
methods = {
    "Adam ($m$ and $v$: $2mn$)": (lambda n: gd.Adam(), "tab:blue", "o"),
    "Momentum, Muon ($mn$)": (lambda n: gd.Muon(shape=(n, n)), "tab:green", "s"),
    "Adafactor ($m + n$)": (lambda n: gd.Adafactor(shape=(n, n)), "tab:red", "^"),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.3))
for label, (make, color, marker) in methods.items():
    left.loglog(ns, [stored(make, n) for n in ns], color=color, marker=marker, label=label)
left.loglog(ns, ns * ns, color="0.6", ls=":", label="the matrix itself ($mn$)")
left.set(xlabel="matrix size $n$ ($n \\times n$)", ylabel="numbers in the optimizer's state")
left.set_title("State of one weight matrix", fontsize=9)
left.legend(fontsize=7)

# Gradients whose scale varies by row and by column: E[G_ij^2] = r_i^2 c_j^2 is rank one.
rng = np.random.default_rng(0)
m, n = 30, 20
r, c = np.geomspace(0.1, 10, m), np.geomspace(0.3, 3, n)
opt = gd.Adafactor(shape=(m, n))
x, state = np.ones(m * n), opt.init(np.ones(m * n))
for _ in range(2000):
    G = r[:, None] * rng.standard_normal((m, n)) * c[None, :]
    x, state = opt.step(x, G.reshape(-1), state)
V_hat = np.outer(state.R, state.C) / state.R.mean()
truth = np.outer(r**2, c**2)
right.loglog(truth.ravel(), V_hat.ravel(), ".", ms=2, color="tab:red", alpha=0.6)
lims = [truth.min() / 2, truth.max() * 2]
right.loglog(lims, lims, color="0.4", lw=0.8, ls="--", label="exact")
right.set(xlabel="true second moment $E[G_{ij}^2]$", ylabel=r"Adafactor's $\hat V_{ij}$")
right.set_title(f"{m * n} entries from {m + n} stored numbers", fontsize=9)
right.legend(fontsize=8)
plt.show()
