"""Exploding gradients in a linear recurrence, and clipping on a one-weight 'cliff'."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "cap": "clip_by_norm(g, 1) caps it here",
        "length": "sequence length T",
        "left_title": r"Gradient through $h_{k+1} = W h_k$, $L = \mathbf{1}^\top h_T$",
        "clipped": "clipped: {status} in {nit} steps",
        "unclipped": "unclipped: one step to w = {w}\n({status})",
        "right_title": "A cliff: GD with lr = 2e-4",
        "converged": "converged",
        "diverged": "diverged",
        "max_iter": "max_iter",
        "no_improvement": "no_improvement",
    },
    "ko": {
        "cap": "clip_by_norm(g, 1)은 여기서 자른다",
        "length": "시퀀스 길이 T",
        "left_title": r"$h_{k+1} = W h_k$, $L = \mathbf{1}^\top h_T$의 기울기",
        "clipped": "클리핑: {nit} 스텝 만에 {status}",
        "unclipped": "클리핑 없음: 한 스텝에 w = {w}\n({status})",
        "right_title": "절벽: lr = 2e-4인 GD",
        "converged": "수렴",
        "diverged": "발산",
        "max_iter": "최대 반복 도달",
        "no_improvement": "개선 없음",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


def grad_W(W, h0, T):
    """Gradient of L = sum(h_T) with respect to W, for h_{k+1} = W h_k (backprop through time)."""
    hs = [h0]
    for _ in range(T):
        hs.append(W @ hs[-1])
    delta, G = np.ones_like(h0), np.zeros_like(W)  # delta = dL/dh_T
    for k in range(T - 1, -1, -1):
        G += np.outer(delta, hs[k])
        delta = W.T @ delta
    return G


rng = np.random.default_rng(2)
A = rng.standard_normal((10, 10)) / np.sqrt(10)
h0 = rng.standard_normal(10)
A = A / max(abs(np.linalg.eigvals(A)))  # spectral radius 1, then scale it
Ts = np.arange(1, 61)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.4))
for rho, color in [(1.5, "tab:red"), (1.1, "tab:orange"), (0.8, "tab:blue")]:
    norms = [np.linalg.norm(grad_W(rho * A, h0, T)) for T in Ts]
    left.semilogy(Ts, norms, color=color, label=f"rho(W) = {rho}")
left.axhline(1.0, color="k", lw=1, ls="--", label=label["cap"])
left.set(
    xlabel=label["length"],
    ylabel=r"$\|\partial L / \partial W\|$",
    title=label["left_title"],
)
left.legend(fontsize=8)


class PowerFit:
    """A one-weight recurrent model: fit w so that w**30 = 2."""

    dim = 1

    def f(self, x):
        return 0.5 * (x[..., 0] ** 30 - 2.0) ** 2

    def grad(self, x):
        w = x[..., 0]
        return (30 * w**29 * (w**30 - 2.0))[..., None]


p = PowerFit()
w = np.linspace(0.9, 1.17, 400)
right.semilogy(w, p.f(w[:, None]) + 1e-12, color="grey")
plain = gd.minimize(p, gd.GD(lr=2e-4), np.array([1.15]), max_iter=50)
clipped = gd.minimize(
    p,
    gd.GD(lr=2e-4),
    np.array([1.15]),
    max_iter=50,
    clip=lambda g: gd.clip_by_norm(g, 100.0),
    grad_tol=1e-8,
)
xs = clipped.xs[:, 0]
right.semilogy(
    xs,
    p.f(clipped.xs) + 1e-12,
    "o-",
    ms=3,
    color="tab:green",
    label=label["clipped"].format(status=label[clipped.status.value], nit=clipped.nit),
)
right.annotate(
    label["unclipped"].format(w=f"{plain.x[0]:.1f}", status=label[plain.status.value]),
    xy=(1.15, float(p.f(np.array([1.15])))),
    xytext=(0.905, 1e-9),
    fontsize=8,
    arrowprops={"arrowstyle": "->", "color": "tab:red"},
    color="tab:red",
)
right.set(xlabel="w", ylabel=r"$f(w) = (w^{30} - 2)^2 / 2$", title=label["right_title"])
right.legend(fontsize=8, loc="upper left")
left.title.set_fontsize(9.5)
right.title.set_fontsize(9.5)
plt.show()
