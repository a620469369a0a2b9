"""A loss function: residuals of a line through data (left), the MSE against the slope (right)."""

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=20)
y = 2 * x + 0.3 * rng.standard_normal(20)


def mse(w):
    """Mean squared error of the model y_pred = w * x, for one slope or an array of slopes."""
    w = np.asarray(w, dtype=float)[..., None]
    return np.mean((y - w * x) ** 2, axis=-1)


w_try = 1.0
w_best = np.sum(x * y) / np.sum(x * x)  # where dL/dw = 0

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.4), layout="constrained")

grid = np.linspace(0, 2, 2)
ax1.vlines(x, w_try * x, y, color="tab:red", lw=1, label="residuals $d_i$")
ax1.plot(x, y, "o", color="black", ms=4, label="data $(x_i, y_i)$")
ax1.plot(grid, w_try * grid, color="tab:red", label=f"$w = {w_try:g}$")
ax1.plot(grid, w_best * grid, color="tab:blue", label=f"$w = {w_best:.2f}$ (best)")
ax1.set(xlabel="$x$", ylabel="$y$", title="A model $\\hat y = w x$ and its residuals")
ax1.legend(loc="upper left", fontsize=8)

ws = np.linspace(0, 4, 200)
ax2.plot(ws, mse(ws), color="black")
ax2.plot(w_try, mse(w_try), "o", color="tab:red", label=f"MSE at $w = {w_try:g}$: {mse(w_try):.2f}")
ax2.plot(
    w_best,
    mse(w_best),
    "*",
    color="tab:blue",
    ms=12,
    label=f"minimum at $w = {w_best:.2f}$: {mse(w_best):.3f}",
)
ax2.set(
    xlabel="parameter $w$",
    ylabel="loss $\\mathcal{L}(w)$ (MSE)",
    title="The loss as a function of $w$",
)
ax2.legend(loc="upper center", fontsize=8)
plt.show()
