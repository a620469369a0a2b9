"""Why factor: the optimizer state of an n x n matrix, and how good the rank-one estimate is."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "adam": "Adam ($m$ and $v$: $2mn$)",
        "muon": "Momentum, Muon ($mn$)",
        "adafactor": "Adafactor ($m + n$)",
        "matrix": "the matrix itself ($mn$)",
        "size": "matrix size $n$ ($n \\times n$)",
        "numbers": "numbers in the optimizer's state",
        "left_title": "State of one weight matrix",
        "exact": "exact",
        "truth": "true second moment $E[G_{ij}^2]$",
        "estimate": r"Adafactor's $\hat V_{ij}$",
        "right_title": "{entries} entries from {stored} stored numbers",
    },
    "ko": {
        "adam": "Adam ($m$과 $v$: $2mn$)",
        "muon": "모멘텀, Muon ($mn$)",
        "adafactor": "Adafactor ($m + n$)",
        "matrix": "행렬 자체 ($mn$)",
        "size": "행렬 크기 $n$ ($n \\times n$)",
        "numbers": "옵티마이저 상태에 든 수의 개수",
        "left_title": "가중치 행렬 하나의 상태",
        "exact": "정확히 일치",
        "truth": "참 2차 모멘트 $E[G_{ij}^2]$",
        "estimate": r"Adafactor의 $\hat V_{ij}$",
        "right_title": "저장된 수 {stored}개로 만든 성분 {entries}개",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


def stored(opt, n):
    """How many numbers the optimizer keeps for an n x n matrix (read from its state)."""
    state = opt(n).init(np.zeros(n * n))
    return sum(a.size for a in state[1:] if isinstance(a, np.ndarray))


ns = np.array([4, 16, 64, 256, 1024])
methods = {
    label["adam"]: (lambda n: gd.Adam(), "tab:blue", "o"),
    label["muon"]: (lambda n: gd.Muon(shape=(n, n)), "tab:green", "s"),
    label["adafactor"]: (lambda n: gd.Adafactor(shape=(n, n)), "tab:red", "^"),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.3))
for name, (make, color, marker) in methods.items():
    left.loglog(ns, [stored(make, n) for n in ns], color=color, marker=marker, label=name)
left.loglog(ns, ns * ns, color="0.6", ls=":", label=label["matrix"])
left.set(xlabel=label["size"], ylabel=label["numbers"])
left.set_title(label["left_title"], fontsize=9)
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
right.loglog(lims, lims, color="0.4", lw=0.8, ls="--", label=label["exact"])
right.set(xlabel=label["truth"], ylabel=label["estimate"])
right.set_title(label["right_title"].format(entries=m * n, stored=m + n), fontsize=9)
right.legend(fontsize=8)
plt.show()
