"""Clipping by norm keeps the direction of the gradient; clipping by value bends it."""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "by norm": "by norm",
        "by value": "by value",
        "title": "clip {name}, $\\theta$ = {theta}",
        "suptitle": "Faint: the gradient; bold: clipped. Numbers: how far the direction turned.",
    },
    "ko": {
        "by norm": "노름 기준",
        "by value": "값 기준",
        "title": "{name} 클리핑, $\\theta$ = {theta}",
        "suptitle": "흐린 화살표: 기울기, 굵은 화살표: 클리핑한 기울기, 숫자: 방향이 돌아간 각도",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

theta = 1.0
grads = np.array([[3.0, 0.5], [1.2, 2.4], [-2.5, -1.5], [0.5, -0.4], [-0.6, 2.8]])

fig, axes = plt.subplots(1, 2, figsize=(7, 3.7), sharex=True, sharey=True)
for ax, name in zip(axes, ["by norm", "by value"], strict=True):
    if name == "by norm":
        clipped = np.array([gd.clip_by_norm(g, theta) for g in grads])
        ax.add_patch(plt.Circle((0, 0), theta, fill=False, color="k", lw=1, ls="--"))
    else:
        clipped = gd.clip_by_value(grads, theta)
        ax.add_patch(
            plt.Rectangle(
                (-theta, -theta), 2 * theta, 2 * theta, fill=False, color="k", lw=1, ls="--"
            )
        )
    for k, (g, c) in enumerate(zip(grads, clipped, strict=True)):
        color = f"C{k}"
        ax.annotate(
            "",
            xy=g,
            xytext=(0, 0),
            arrowprops={"arrowstyle": "->", "color": color, "alpha": 0.35, "lw": 1.2},
        )
        ax.annotate(
            "", xy=c, xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2}
        )
        turn = np.degrees(np.arctan2(c[1], c[0]) - np.arctan2(g[1], g[0]))
        turn = (turn + 180) % 360 - 180
        ax.text(*(g * 1.08), f"{abs(turn):.0f}°", color=color, fontsize=8, ha="center")
    ax.set(
        title=label["title"].format(name=label[name], theta=f"{theta:g}"),
        xlim=(-3.3, 3.6),
        ylim=(-2.2, 3.3),
        xlabel="$g_1$",
    )
    ax.set_aspect("equal")
axes[0].set_ylabel("$g_2$")
fig.suptitle(label["suptitle"], fontsize=9)
plt.show()
