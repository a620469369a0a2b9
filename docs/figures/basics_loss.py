"""A loss function: residuals of a line through data (left), the MSE against the slope (right)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "residuals": "residuals $d_i$",
        "data": "data $(x_i, y_i)$",
        "best": "$w = {w}$ (best)",
        "model_title": "A model $\\hat y = w x$ and its residuals",
        "mse_at": "MSE at $w = {w}$: {v}",
        "minimum_at": "minimum at $w = {w}$: {v}",
        "parameter": "parameter $w$",
        "loss": "loss $\\mathcal{L}(w)$ (MSE)",
        "loss_title": "The loss as a function of $w$",
    },
    "ko": {
        "residuals": "잔차 $d_i$",
        "data": "데이터 $(x_i, y_i)$",
        "best": "$w = {w}$ (최적)",
        "model_title": "모델 $\\hat y = w x$와 그 잔차",
        "mse_at": "$w = {w}$에서의 MSE: {v}",
        "minimum_at": "$w = {w}$에서 최솟값: {v}",
        "parameter": "파라미터 $w$",
        "loss": "손실 $\\mathcal{L}(w)$ (MSE)",
        "loss_title": "$w$의 함수로 본 손실",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

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
ax1.vlines(x, w_try * x, y, color="tab:red", lw=1, label=label["residuals"])
ax1.plot(x, y, "o", color="black", ms=4, label=label["data"])
ax1.plot(grid, w_try * grid, color="tab:red", label=f"$w = {w_try:g}$")
ax1.plot(grid, w_best * grid, color="tab:blue", label=label["best"].format(w=f"{w_best:.2f}"))
ax1.set(xlabel="$x$", ylabel="$y$", title=label["model_title"])
ax1.legend(loc="upper left", fontsize=8)

ws = np.linspace(0, 4, 200)
ax2.plot(ws, mse(ws), color="black")
ax2.plot(
    w_try,
    mse(w_try),
    "o",
    color="tab:red",
    label=label["mse_at"].format(w=f"{w_try:g}", v=f"{mse(w_try):.2f}"),
)
ax2.plot(
    w_best,
    mse(w_best),
    "*",
    color="tab:blue",
    ms=12,
    label=label["minimum_at"].format(w=f"{w_best:.2f}", v=f"{mse(w_best):.3f}"),
)
ax2.set(
    xlabel=label["parameter"],
    ylabel=label["loss"],
    title=label["loss_title"],
)
ax2.legend(loc="upper center", fontsize=8)
plt.show()
