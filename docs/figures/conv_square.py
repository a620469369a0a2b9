"""The classical strongly convex bound (1 - m/L)^t against the exact worst case (1 - m/L)^(2t)."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "classical": r"classical bound $(1 - m/L)^t R^2$",
        "tight": r"tight bound $(1 - m/L)^{2t} R^2$",
        "run": "GD on the worst quadratic (starts along the $m$ eigenvector)",
        "what_classical": "the classical bound",
        "what_run": "the run",
        "reaches": "{what} reaches {target}\nat step {when}",
        "step": "step $t$",
        "title": "$m = {m}$, $L = {L}$ ($\\kappa = {kappa}$), step $1/L$: loose by a square",
    },
    "ko": {
        "classical": r"고전적 상한 $(1 - m/L)^t R^2$",
        "tight": r"엄밀한 상한 $(1 - m/L)^{2t} R^2$",
        "run": "최악의 이차 함수에서의 GD($m$의 고유벡터 방향에서 출발)",
        "what_classical": "고전적 상한",
        "what_run": "실행",
        "reaches": "{what}은 스텝 {when}에서\n{target}에 도달",
        "step": "스텝 $t$",
        "title": "$m = {m}$, $L = {L}$ ($\\kappa = {kappa}$), 학습률 $1/L$: 제곱만큼 느슨함",
    },
}
label = gd.plotting.labels(LABELS)
m, L, steps = 0.1, 1.0, 80
t = np.arange(steps + 1)
# The worst case: a quadratic started along the eigenvector of its smallest eigenvalue m.
q = gd.Quadratic(np.diag([m, L]))
run = gd.minimize(q, gd.GD(lr=1 / L), [1.0, 0.0], max_iter=steps)
err = gd.distance_to_minimizer(run, q) ** 2  # R = 1

classical_line = gd.gd_strongly_convex_bound(t, m=m, L=L, R=1.0)
tight_line = gd.gd_strongly_convex_tight_bound(t, m=m, L=L, lr=1 / L, R=1.0)
target = 1e-3
t_classical = int(np.argmax(classical_line <= target))
t_run = int(np.argmax(err <= target))

fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.semilogy(t, classical_line, "--", color="tab:red", label=label["classical"])
ax.semilogy(t, tight_line, color="black", label=label["tight"])
ax.semilogy(
    t,
    err,
    "o",
    color="tab:blue",
    ms=4,
    mfc="none",
    label=label["run"],
)
ax.axhline(target, color="gray", lw=0.8)
for when, what, color in [
    (t_classical, label["what_classical"], "tab:red"),
    (t_run, label["what_run"], "tab:blue"),
]:
    ax.annotate(
        label["reaches"].format(what=what, target=f"{target:g}", when=when),
        (when, target),
        xytext=(-70, -40) if color == "tab:blue" else (0, 22),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        color=color,
        arrowprops={"arrowstyle": "->", "color": color},
    )
ax.set(
    xlabel=label["step"],
    ylabel=r"$\|x_t - x^\star\|^2$",
    title=label["title"].format(m=m, L=f"{L:g}", kappa=f"{L / m:g}"),
)
ax.legend(loc="lower left", fontsize=9)
plt.show()
