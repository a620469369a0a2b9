"""Minibatch SGD on linear regression (n = 1000, d = 20) with batch sizes 1, 10, 50, 200, 1000."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "epochs": "epochs (n example gradients each)",
        "per_epoch": "the same work: per epoch",
        "updates": "minibatch gradient evaluations (= updates)",
        "per_update": "the same number of updates",
        "title": "learning rate {lr}, data shuffled once per epoch",
    },
    "ko": {
        "epochs": "에포크 (각각 샘플 기울기 n개)",
        "per_epoch": "같은 일의 양: 에포크 기준",
        "updates": "미니배치 기울기 계산 횟수 (= 업데이트 횟수)",
        "per_update": "같은 업데이트 횟수",
        "title": "학습률 {lr}, 에포크마다 데이터를 한 번 섞음",
    },
}
label = gd.plotting.labels(LABELS)

p = gd.LinearRegression(n=1000, d=20, noise=0.1, seed=0)
epochs, lr = 50, 0.01
rng = np.random.default_rng(0)


def minibatch_grad(w, Xb, yb):
    """(1/B) X_B^T (X_B w - y_B): the gradient p.grad(w, idx) returns for the rows idx."""
    return Xb.T @ (Xb @ w - yb) / len(yb)


idx = rng.choice(p.n, 7, replace=False)
assert np.allclose(minibatch_grad(p.x0 + 1, p.X[idx], p.y[idx]), p.grad(p.x0 + 1, idx))

fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.7), sharey=True, layout="constrained")
for B in [1, 10, 50, 200, 1000]:
    steps_per_epoch = p.n // B
    record = set(np.geomspace(1, epochs * steps_per_epoch, 60).astype(int))
    w, step = p.x0.copy(), 0
    steps, gaps = [0], [p.f(w) - p.f_star]
    for _ in range(epochs):
        order = rng.permutation(p.n)  # shuffle once per epoch, then take the batches in turn
        Xs, ys = p.X[order], p.y[order]
        for start in range(0, p.n, B):
            w = w - lr * minibatch_grad(w, Xs[start : start + B], ys[start : start + B])
            step += 1
            if step in record or step % steps_per_epoch == 0:
                steps.append(step)
                gaps.append(p.f(w) - p.f_star)
    steps, gaps = np.array(steps), np.array(gaps)
    per_epoch = steps % steps_per_epoch == 0
    left.semilogy(steps[per_epoch] / steps_per_epoch, gaps[per_epoch], label=f"B = {B}")
    right.loglog(steps[1:], gaps[1:], label=f"B = {B}")
left.set(
    xlabel=label["epochs"],
    ylabel=r"$f(w) - f^\star$",
    title=label["per_epoch"],
)
right.set(xlabel=label["updates"], title=label["per_update"])
right.legend(fontsize=9, loc="lower left")
fig.suptitle(label["title"].format(lr=lr), fontsize=10)
plt.show()
