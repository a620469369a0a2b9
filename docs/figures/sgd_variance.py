"""Variance of the minibatch gradient: measured against sigma^2/B, with and without replacement."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "with": "measured, with repl.",
        "without": "measured, without",
        "B": "batch size $B$",
        "draws": r"$\sigma^2$ = {sigma2}; {draws} draws per point",
        "rounding": "B = n: {value}\n(rounding error)",
        "variance": r"variance $\times\, B / \sigma^2$",
        "factor": r"the factor $(n-B)/(n-1)$; bars: $\pm 2$ s.e.",
    },
    "ko": {
        "with": "측정값, 복원 추출",
        "without": "측정값, 비복원 추출",
        "B": "배치 크기 $B$",
        "draws": r"$\sigma^2$ = {sigma2}; 점마다 {draws}번 추출",
        "rounding": "B = n: {value}\n(반올림 오차)",
        "variance": r"분산 $\times\, B / \sigma^2$",
        "factor": r"인수 $(n-B)/(n-1)$; 막대: $\pm 2$ 표준 오차",
    },
}
label = gd.plotting.labels(LABELS)

p = gd.LinearRegression(n=1000, d=20, noise=0.1, seed=0)
w = p.x0  # any point will do; here the start, w = 0
G = p.per_example_grads(w)  # (n, d): the n gradients of the single examples
full = G.mean(axis=0)  # the full gradient
sigma2 = np.mean(np.sum((G - full) ** 2, axis=1))

rng = np.random.default_rng(0)
draws = 300
Bs = np.array([1, 3, 10, 30, 100, 300, 600, 900, 1000])
measured = {True: [], False: []}
stderr = {True: [], False: []}  # standard error of each mean over the draws
for replace in (True, False):
    for B in Bs:
        sq = [
            np.sum((G[gd.sample_minibatch(rng, p.n, B, replace)].mean(axis=0) - full) ** 2)
            for _ in range(draws)
        ]
        measured[replace].append(np.mean(sq))
        stderr[replace].append(np.std(sq) / np.sqrt(draws))
B_line = np.arange(1, p.n + 1)
with_formula = sigma2 / B_line
without_formula = sigma2 / B_line * (p.n - B_line) / (p.n - 1)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
left.loglog(B_line, with_formula, color="tab:blue", label=r"$\sigma^2/B$")
left.loglog(
    B_line[:-1], without_formula[:-1], color="tab:orange", label=r"$(\sigma^2/B)(n-B)/(n-1)$"
)
left.loglog(Bs, measured[True], "o", color="tab:blue", mfc="none", label=label["with"])
left.loglog(
    Bs[:-1], measured[False][:-1], "s", color="tab:orange", mfc="none", label=label["without"]
)
left.set(xlabel=label["B"], ylabel=r"$E\,\|g_B - \nabla f\|^2$")
left.set_title(label["draws"].format(sigma2=f"{sigma2:.1f}", draws=draws), fontsize=10)
left.legend(fontsize=8)

right.semilogx(B_line, np.ones_like(B_line, dtype=float), color="tab:blue")
right.semilogx(B_line, (p.n - B_line) / (p.n - 1), color="tab:orange")
for replace, marker, color in [(True, "o", "tab:blue"), (False, "s", "tab:orange")]:
    scale = Bs / sigma2
    right.errorbar(
        Bs,
        np.array(measured[replace]) * scale,
        yerr=2 * np.array(stderr[replace]) * scale,
        fmt=marker,
        color=color,
        mfc="none",
        capsize=2,
        lw=1,
    )
right.set_xscale("log")
right.annotate(
    label["rounding"].format(value=f"{measured[False][-1]:.0e}"),
    (p.n, 0),
    xytext=(-10, 25),
    textcoords="offset points",
    ha="right",
    fontsize=9,
    arrowprops={"arrowstyle": "->"},
)
right.set(xlabel=label["B"], ylabel=label["variance"], ylim=(-0.05, 1.25))
right.set_title(label["factor"], fontsize=10)
plt.show()
