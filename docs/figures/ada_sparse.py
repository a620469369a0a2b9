"""Sparse features: SGD vs AdaGrad on least squares with 5 common and 5 rare binary features."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd
from gdtheory.plotting import OPTIMIZER_COLORS

LABELS = {
    "en": {
        "common": "{name}, common features",
        "rare": "{name}, rare features",
        "step": "step $t$ (minibatches of 32)",
        "error": "weight error by feature frequency (SGD: lr 1 vs 2/L = {limit})",
        "feature": "feature $j$ (0-4 common, 5-9 rare)",
        "rate": r"AdaGrad's rate per feature, $t$ = 400",
        "mean": r"mean $|w_j - w_j^{true}|$",
    },
    "ko": {
        "common": "{name}, 흔한 특성",
        "rare": "{name}, 드문 특성",
        "step": "스텝 $t$ (크기 32의 미니배치)",
        "error": "특성 빈도별 가중치 오차 (SGD: lr 1, 2/L = {limit})",
        "feature": "특성 $j$ (0-4 흔함, 5-9 드묾)",
        "rate": r"AdaGrad의 특성별 학습률, $t$ = 400",
        "mean": r"$|w_j - w_j^{true}|$의 평균",
    },
}
label = gd.plotting.labels(LABELS)


class SparseRegression:
    """f(w) = mean of (x_i . w - y_i)^2 / 2 over n rows of 0/1 features (like word indicators)."""

    def __init__(self, freq, n=2000, noise=0.1, seed=0):
        rng = np.random.default_rng(seed)
        self.X = (rng.random((n, len(freq))) < freq).astype(float)
        self.w_true = rng.uniform(1.0, 2.0, len(freq))
        self.y = self.X @ self.w_true + noise * rng.standard_normal(n)
        self.n, self.dim = n, len(freq)

    def f(self, w, idx=None):
        X, y = (self.X, self.y) if idx is None else (self.X[idx], self.y[idx])
        r = w @ X.T - y
        return 0.5 * np.mean(r * r, axis=-1)

    def grad(self, w, idx=None):
        X, y = (self.X, self.y) if idx is None else (self.X[idx], self.y[idx])
        return (w @ X.T - y) @ X / len(y)


freq = np.array([0.5] * 5 + [0.02] * 5)  # features 0-4 in half the rows, 5-9 in 2%
problem = SparseRegression(freq)
common, rare = freq == 0.5, freq == 0.02
optimizers = {"SGD": gd.SGD(lr=1.0), "AdaGrad": gd.AdaGrad(lr=0.5)}
runs = {
    name: gd.minimize(problem, opt, np.zeros(10), max_iter=400, batch_size=32, seed=0)
    for name, opt in optimizers.items()
}

fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.5), width_ratios=[1.5, 1])
for name, run in runs.items():
    err = np.abs(run.xs - problem.w_true)
    color = OPTIMIZER_COLORS[name]
    left.semilogy(err[:, common].mean(axis=1), color=color, label=label["common"].format(name=name))
    left.semilogy(
        err[:, rare].mean(axis=1), color=color, ls="--", label=label["rare"].format(name=name)
    )
left.set(xlabel=label["step"], ylabel=label["mean"])
L = np.linalg.eigvalsh(problem.X.T @ problem.X / problem.n).max()  # curvature bound of f
left.set_title(label["error"].format(limit=f"{2 / L:.2f}"), fontsize=9)
left.legend(fontsize=8)

# Replay the AdaGrad run step by step (same minibatches) to read eta / sqrt(G) from its state
opt = optimizers["AdaGrad"]
rng = np.random.default_rng(0)
w = np.zeros(10)
state = opt.init(w)
for _ in range(400):
    w, state = opt.step(w, problem.grad(w, gd.sample_minibatch(rng, problem.n, 32)), state)
eff = opt.lr / (np.sqrt(state.G) + opt.eps)
right.bar(np.arange(10), eff, color=np.where(common, "0.55", OPTIMIZER_COLORS["AdaGrad"]))
right.set(xlabel=label["feature"], ylabel=r"$\eta / \sqrt{G_{t,j}}$", xticks=range(10))
right.set_title(label["rate"], fontsize=10)
plt.show()
