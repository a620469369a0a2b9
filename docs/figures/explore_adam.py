"""Explorable: Adam's four knobs (beta1, beta2, eps, bias correction) on Beale's function.

The page's script (docs/assets/explore.js) draws the run of the setting the reader picks: its
path over the contours and the step it took in each coordinate; every number it shows is in
``EXPLORABLE``, computed here by gdtheory. The figure is the default setting, shown without
JavaScript.
"""

import contourpy
import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "path": r"Adam, $\eta = {lr}$, defaults, on Beale's function",
        "step": "step $t$",
        "steps": "Step taken in each coordinate",
    },
    "ko": {
        "path": r"Beale 함수에서 기본 설정의 Adam, $\eta = {lr}$",
        "step": "스텝 $t$",
        "steps": "각 좌표에서 밟은 스텝",
    },
}
label = gd.plotting.labels(LABELS)

problem = gd.Beale()  # minimum f = 0 at (3, 0.5)
X0 = [1.0, 1.5]
LR = 0.1
STEPS = 100
EVERY = 5  # the page gets every 5th point of the path (and of the steps), to stay light
BETA1S = [0.0, 0.5, 0.9, 0.99]
BETA2S = [0.9, 0.99, 0.999]
EPSS = [1e-8, 1e-2, 1.0]
BIAS = [True, False]
DEFAULT = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "bias_correction": True}
VIEW = [-0.5, 4.0, -1.5, 2.0]


def run(beta1: float, beta2: float, eps: float, bias_correction: bool) -> gd.Result:
    adam = gd.Adam(lr=LR, beta1=beta1, beta2=beta2, eps=eps, bias_correction=bias_correction)
    return gd.minimize(problem, adam, X0, max_iter=STEPS)


def contours() -> list:
    """Level sets of Beale's function on the view, as polylines (drawing only)."""
    x = np.linspace(VIEW[0], VIEW[1], 121)
    y = np.linspace(VIEW[2], VIEW[3], 101)
    z = problem.f(np.stack(np.meshgrid(x, y), axis=-1))
    gen = contourpy.contour_generator(x, y, np.log10(z + 1e-12))
    lines = []
    for level in np.linspace(-1, 4, 11):
        for seg in gen.lines(level):
            lines.append(np.round(seg[::2], 3).tolist())
    return lines


runs = {}  # keyed by the sliders' positions: "i|j|k|l"
for i, b1 in enumerate(BETA1S):
    for j, b2 in enumerate(BETA2S):
        for k, eps in enumerate(EPSS):
            for l, bias in enumerate(BIAS):  # noqa: E741
                r = run(b1, b2, eps, bias)
                t = np.arange(0, r.xs.shape[0] - 1, EVERY)
                runs[f"{i}|{j}|{k}|{l}"] = {
                    "t": t.tolist(),
                    "xs": r.xs[t].tolist(),
                    "steps": np.abs(
                        r.xs[t + 1] - r.xs[t]
                    ).tolist(),  # |x_{t+1} - x_t| per coordinate
                    "f_end": float(r.fs[-1]),
                    "x_end": r.xs[-1].tolist(),
                    "status": r.status.value,
                }

EXPLORABLE = {
    "lr": LR,
    "x0": X0,
    "steps": STEPS,
    "every": EVERY,
    "beta1s": BETA1S,
    "beta2s": BETA2S,
    "epss": EPSS,
    "bias": BIAS,
    "default": DEFAULT,
    "view": VIEW,
    "x_star": problem.x_star.tolist(),
    "contours": contours(),
    "runs": runs,
}

# The static figure: the default setting.
r = run(**DEFAULT)
fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 3.2))
for line in EXPLORABLE["contours"]:
    xy = np.array(line)
    left.plot(xy[:, 0], xy[:, 1], color="0.8", lw=0.6)
left.plot(r.xs[:, 0], r.xs[:, 1], color="tab:blue")
left.plot(*problem.x_star, "k*", ms=8)
left.set(xlim=VIEW[:2], ylim=VIEW[2:], xlabel="$x$", ylabel="$y$")
left.set_title(label["path"].format(lr=f"{LR:g}"), fontsize=9)
steps = np.abs(np.diff(r.xs, axis=0))
right.semilogy(steps[:, 0], label="$|\\Delta x|$")
right.semilogy(steps[:, 1], label="$|\\Delta y|$")
right.set(xlabel=label["step"], title=label["steps"])
right.legend()
plt.show()
