"""Gradient descent in one variable: move against the slope (left), and the steps (right)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "increase": "increase",
        "decrease": "decrease",
        "move": "$dL/dw = {slope} {sign} 0$\n{move} $w$",
        "against": "Move against the slope",
        "eight": "Eight steps from $w_0 = 0$, $\\delta = {delta}$",
    },
    "ko": {
        "increase": "키운다",
        "decrease": "줄인다",
        "move": "$dL/dw = {slope} {sign} 0$\n$w$를 {move}",
        "against": "기울어짐의 반대로 움직인다",
        "eight": "$w_0 = 0$에서 여덟 스텝, $\\delta = {delta}$",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=20)
y = 2 * x + 0.3 * rng.standard_normal(20)


def loss(w):
    """MSE of the model y_pred = w * x; w has shape (..., 1)."""
    return np.mean((y - w * x) ** 2, axis=-1)


def grad(w):
    """dL/dw, shape (..., 1)."""
    return np.mean(-2 * x * (y - w * x), axis=-1, keepdims=True)


ws = np.linspace(-0.2, 4.2, 200)[:, None]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.5, 3.4), layout="constrained", sharey=True)

# Left: tangent lines; the update moves against the slope.
ax1.plot(ws[:, 0], loss(ws), color="black")
for w0, color in [(0.6, "tab:blue"), (3.4, "tab:orange")]:
    w0 = np.array([w0])
    slope = float(grad(w0)[0])
    span = np.linspace(w0[0] - 0.35, w0[0] + 0.35, 2)
    ax1.plot(span, float(loss(w0)) + slope * (span - w0[0]), color=color, lw=1.2)
    ax1.plot(w0[0], float(loss(w0)), "o", color=color)
    direction = -np.sign(slope)
    ax1.annotate(
        "",
        xy=(w0[0] + 0.7 * direction, float(loss(w0)) + 1.3),
        xytext=(w0[0], float(loss(w0)) + 1.3),
        arrowprops=dict(arrowstyle="->", color=color, lw=1.5),
    )
    sign = "<" if slope < 0 else ">"
    move = label["increase"] if slope < 0 else label["decrease"]
    ax1.text(
        w0[0] + 0.35 * direction,
        float(loss(w0)) + 1.6,
        label["move"].format(slope=f"{slope:.1f}", sign=sign, move=move),
        ha="center",
        fontsize=9,
        color=color,
    )
ax1.set(xlabel="$w$", ylabel="$\\mathcal{L}(w)$", title=label["against"], ylim=(-0.3, 7.5))

# Right: the iterates of w_new = w_old - delta * dL/dw, with gd.GD.
delta = 0.15
opt = gd.GD(lr=delta)
w = np.array([0.0])
state = opt.init(w)
path = [w]
for _ in range(8):
    w, state = opt.step(w, grad(w), state)
    path.append(w)
path = np.array(path)
ax2.plot(ws[:, 0], loss(ws), color="black")
ax2.plot(path[:, 0], loss(path), "o", color="tab:blue", ms=5)
for a, b in zip(path[:-1], path[1:], strict=True):
    ax2.annotate(
        "",
        xy=(b[0], float(loss(b))),
        xytext=(a[0], float(loss(a))),
        arrowprops=dict(arrowstyle="->", color="tab:blue", lw=1),
    )
for t in range(3):
    ax2.text(path[t, 0] + 0.08, float(loss(path[t])) + 0.1, f"$w_{t}$", fontsize=9)
ax2.set(xlabel="$w$", title=label["eight"].format(delta=delta))
plt.show()
