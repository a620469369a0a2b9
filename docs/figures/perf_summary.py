"""The latest benchmark results against their goals (read from benchmarks/results/*.json).

Run ``python3 dev.py bench`` to measure again; the site redraws this figure from
the new files on its next build.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt

RESULTS = Path("benchmarks/results")
opt = json.loads((RESULTS / "optimizers.json").read_text())
site_file = RESULTS / "site.json"  # written by benchmarks/bench_site.py
site = json.loads(site_file.read_text()) if site_file.exists() else {"goals": {}}

fig, axes = plt.subplots(1, 3, figsize=(11, 4.0), width_ratios=[2.2, 1, 1.2])

# 1. Per-step speed against torch.optim, one bar per optimizer (higher is better).
ax = axes[0]
names = list(opt["per_step_ratio_vs_torch"])
ratios = [opt["per_step_ratio_vs_torch"][n] for n in names]
colors = ["tab:green" if r >= 5 else "tab:orange" for r in ratios]
ax.barh(names, ratios, color=colors)
ax.axvline(5, color="black", ls="--", lw=1, label="goal: 5x faster")
for y, r in enumerate(ratios):
    ax.text(r + 0.1, y, f"{r:.1f}x", va="center", fontsize=8)
ax.invert_yaxis()
ax.set(xlabel="torch step time / gdtheory step time", title="One step, 2-D parameters")
ax.legend(loc="lower right", fontsize=8)

# 2. Batched sweep vs a Python loop, and Adam on 10^7 parameters vs torch.
ax = axes[1]
labels = [f"sweep\n{k}" for k in opt["sweep_speedup_vs_loop"]]
values = list(opt["sweep_speedup_vs_loop"].values())
ax.bar(labels, values, color="tab:green")
ax.axhline(50, color="black", ls="--", lw=1, label="goal: 50x")
for x, v in enumerate(values):
    ax.text(x, v, f"{v:.0f}x", ha="center", va="bottom", fontsize=8)
ax.set(ylabel="loop time / batched time", title="1,000 rates x 1,000 steps")
ax.legend(loc="lower right", fontsize=8)
adam = opt["adam_1e7_ratio_vs_torch"]
ax.text(
    0.5,
    -0.32,
    f"Adam, $10^7$ parameters: {adam:.2f}x torch's time (goal <= 1.5x)",
    transform=ax.transAxes,
    ha="center",
    fontsize=8,
)

# 3. The site: cold build, rebuild after one edit, whole test suite, against goals.
ax = axes[2]
keys = [k for k in ("cold_build_seconds", "rebuild_seconds", "test_suite_seconds") if k in site]
short = {
    "cold_build_seconds": "cold build",
    "rebuild_seconds": "rebuild\n(1 page)",
    "test_suite_seconds": "test suite",
}
fractions = [site[k] / site["goals"][k] for k in keys]
ax.bar(
    [short[k] for k in keys],
    fractions,
    color=["tab:green" if f <= 1 else "tab:orange" for f in fractions],
)
ax.axhline(1, color="black", ls="--", lw=1, label="goal")
for x, k in enumerate(keys):
    ax.text(x, fractions[x], f"{site[k]:.1f} s", ha="center", va="bottom", fontsize=8)
ax.set(ylabel="time / goal", title="The site")
ax.legend(loc="upper right", fontsize=8)
if not keys:
    ax.text(
        0.5,
        0.5,
        "not measured yet:\nrun python3 dev.py bench",
        ha="center",
        va="center",
        transform=ax.transAxes,
    )

m = opt["machine"]
fig.suptitle(
    f"{m['cpu']}, {m['cpu_count']} cores; Python {m['python']}, numpy {m['numpy']}, "
    f"torch {m.get('torch', 'absent')}",
    fontsize=9,
)
plt.show()
