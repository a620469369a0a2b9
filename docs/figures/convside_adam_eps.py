"""Where epsilon sits in Adam: the step of each convention against the gradient's size."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "keras": "Keras: eps_hat = 1e-7, step {t}",
        "root": "eps = 1e-8 under the root",
        "xlabel": "size of a constant gradient |g|",
        "ylabel": "step length / learning rate",
        "title": "Adam under a constant gradient: which gradients count as small",
    },
    "ko": {
        "keras": "Keras: eps_hat = 1e-7, 스텝 {t}",
        "root": "제곱근 안의 eps = 1e-8",
        "xlabel": "일정한 기울기의 크기 |g|",
        "ylabel": "스텝 길이 / 학습률",
        "title": "일정한 기울기에서의 Adam: 어떤 기울기를 작다고 보는가",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

lr, beta1, beta2 = 1e-3, 0.9, 0.999
g = np.logspace(-12, 0, 241)  # gradient magnitudes, one coordinate each


def torch_steps(eps, t):
    """Length of step t of gd.Adam (PyTorch's rule) under a constant gradient g, divided by lr."""
    opt = gd.Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    x = np.zeros_like(g)
    state = opt.init(x)
    for _ in range(t):
        x_new, state = opt.step(x, g, state)
        step, x = x - x_new, x_new
    return step / lr


def keras_steps(eps_hat, t):
    """The same for Keras's rule: eps_hat added to sqrt(v_t) before bias correction."""
    m = v = np.zeros_like(g)
    for k in range(1, t + 1):
        m = m + (g - m) * (1 - beta1)
        v = v + (g * g - v) * (1 - beta2)
        alpha = lr * np.sqrt(1 - beta2**k) / (1 - beta1**k)
        step = alpha * m / (np.sqrt(v) + eps_hat)
    return step / lr


def eps_root_steps(eps_root, t):
    """The same with the constant under the root, sqrt(v_hat + eps_root) (optax's eps_root)."""
    m = v = np.zeros_like(g)
    for k in range(1, t + 1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        step = lr * (m / (1 - beta1**k)) / np.sqrt(v / (1 - beta2**k) + eps_root)
    return step / lr


fig, ax = plt.subplots(figsize=(7, 4.8))
ax.semilogx(g, torch_steps(1e-8, 1), label="PyTorch, optax, gdtheory: eps = 1e-8")
ax.semilogx(g, keras_steps(1e-7, 1), "--", label=label["keras"].format(t=1))
ax.semilogx(g, keras_steps(1e-7, 3000), "--", label=label["keras"].format(t=3000))
ax.semilogx(g, eps_root_steps(1e-8, 1), ":", lw=2.2, label=label["root"])
ax.set(
    xlabel=label["xlabel"],
    ylabel=label["ylabel"],
    title=label["title"],
    ylim=(-0.03, 1.05),
)
fig.legend(loc="outside lower center", ncols=2, fontsize=9)
plt.show()
