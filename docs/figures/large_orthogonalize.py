"""What Newton-Schulz does to a matrix's singular values: before and after, and the map."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "momentum": r"momentum $\sigma_i / \|M\|_F$",
        "after": "after 5 Newton-Schulz steps",
        "index": "singular value index $i$",
        "singular": "singular value",
        "left_title": "A {m} x {n} matrix, condition number {kappa}",
        "one_step": "1 step",
        "steps": "{step} steps",
        "input": r"input singular value $\sigma / \|M\|_F$",
        "output": "output singular value",
        "right_title": r"$p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5$, composed",
    },
    "ko": {
        "momentum": r"모멘텀 $\sigma_i / \|M\|_F$",
        "after": "Newton-Schulz 5 스텝 뒤",
        "index": "특잇값 번호 $i$",
        "singular": "특잇값",
        "left_title": "{m} x {n} 행렬, 조건수 {kappa}",
        "one_step": "1 스텝",
        "steps": "{step} 스텝",
        "input": r"입력 특잇값 $\sigma / \|M\|_F$",
        "output": "출력 특잇값",
        "right_title": r"$p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5$의 합성",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

rng = np.random.default_rng(1)
m, n = 16, 32
U, _ = np.linalg.qr(rng.standard_normal((m, m)))
V, _ = np.linalg.qr(rng.standard_normal((n, m)))
sigma = np.geomspace(10.0, 0.01, m)  # a momentum matrix dominated by a few directions
M = U @ np.diag(sigma) @ V.T
before = np.linalg.svd(M, compute_uv=False)
after = np.linalg.svd(gd.newton_schulz(M), compute_uv=False)

fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
k = np.arange(1, m + 1)
left.semilogy(
    k,
    before / np.linalg.norm(M),
    "o-",
    color="tab:blue",
    ms=3,
    label=label["momentum"],
)
left.semilogy(k, after, "s-", color="tab:red", ms=3, label=label["after"])
left.set(xlabel=label["index"], ylabel=label["singular"])
kappa = f"{before[0] / before[-1]:.0e}"
left.set_title(label["left_title"].format(m=m, n=n, kappa=kappa), fontsize=9)
left.legend(fontsize=8)

s = np.geomspace(1e-4, 1, 400)
a, b, c = 3.4445, -4.7750, 2.0315
y = s.copy()
for step in range(1, 6):
    y = a * y + b * y**3 + c * y**5
    if step in (1, 2, 5):
        right.semilogx(
            s, y, lw=1.2, label=label["steps"].format(step=step) if step > 1 else label["one_step"]
        )
right.axhline(1.0, color="0.5", lw=0.8, ls=":")
right.set(xlabel=label["input"], ylabel=label["output"])
right.set_title(label["right_title"], fontsize=9)
right.legend(fontsize=8)
plt.show()
