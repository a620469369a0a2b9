"""The latest benchmark results against their goals (read from benchmarks/results/*.json).

Run ``python3 dev.py bench`` to measure again; the site redraws this figure from
the new files on its next build. Green bars meet their goal, orange ones miss it.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

RESULTS = Path("benchmarks/results")
opt = json.loads((RESULTS / "optimizers.json").read_text())
site_file = RESULTS / "site.json"  # written by benchmarks/bench_site.py
site = json.loads(site_file.read_text()) if site_file.exists() else {"goals": {}}
# Written by benchmarks/bench_run.py and benchmarks/bench_schedules.py, when run.
run_file, sched_file = RESULTS / "run.json", RESULTS / "schedules.json"
run = json.loads(run_file.read_text()) if run_file.exists() else None
sched = json.loads(sched_file.read_text()) if sched_file.exists() else None
MEETS, MISSES = "tab:green", "tab:orange"
FONT = 9  # points; at the page's column width (about 680 px) that is 11.3 px
GOAL = {"color": "black", "ls": "--", "lw": 1}


def colour(ok: bool) -> str:
    return MEETS if ok else MISSES


def label(ax, text: str, xy: tuple[float, float], side: str) -> None:
    """A bar's value, 4 points past its end (never on the bar)."""
    offset, align = ((4, 0), {"va": "center"}) if side == "right" else ((0, 4), {"ha": "center"})
    ax.annotate(
        text,
        xy,
        xytext=offset,
        textcoords="offset points",
        fontsize=FONT,
        bbox={"fc": "white", "ec": "none", "pad": 0.5},  # readable across the goal line
        zorder=3,
        **align,
    )


def headroom(ax, values, factor=1.3) -> None:
    """Room past the longest bar for its value label."""
    top = max(values) * factor
    if ax.get_xlabel():
        ax.set_xlim(0, top)
    else:
        ax.set_ylim(0, top)


fig, axes = plt.subplots(
    3, 2, figsize=(7.5, 11.5), height_ratios=[1.6, 1, 2.0], layout="constrained"
)
(a, b), (c, d), (e, h) = axes

# (a) One step on 2-D parameters: torch's time over ours, per optimizer (goal: >= 5).
names = list(opt["per_step_ratio_vs_torch"])
ratios = [opt["per_step_ratio_vs_torch"][n] for n in names]
a.barh(names, ratios, color=[colour(r >= 5) for r in ratios])
a.axvline(5, **GOAL)
a.set_xlabel("torch time / gdtheory time (goal: at least 5)", fontsize=FONT)
for y, r in enumerate(ratios):
    label(a, f"{r:.2f}x", (r, y), "right")
a.invert_yaxis()
a.set_title("One step on 2-D parameters", fontsize=FONT + 1)
headroom(a, ratios, 1.25)

# (b) 1,000 learning rates x 1,000 steps: a Python loop's time over one batched run.
sweeps = opt["sweep_speedup_vs_loop"]
b.bar(list(sweeps), list(sweeps.values()), color=[colour(v >= 50) for v in sweeps.values()])
b.axhline(50, **GOAL)
for x, v in enumerate(sweeps.values()):
    label(b, f"{v:.0f}x", (x, v), "up")
b.set_ylabel("loop time / batched time\n(goal: at least 50)", fontsize=FONT)
b.set_title("Sweep of 1,000 rates,\n1,000 steps each", fontsize=FONT + 1)
headroom(b, list(sweeps.values()), 1.2)

# (c) One Adam step on 10^7 parameters: our time over torch's (goal: <= 1.5).
adam = opt["adam_1e7_ratio_vs_torch"]
c.barh(["Adam"], [adam], color=colour(adam <= 1.5), height=0.4)
c.axvline(1.5, **GOAL)
label(c, f"{adam:.2f}x", (adam, 0), "right")
c.set_xlabel("gdtheory time / torch time (goal: at most 1.5)", fontsize=FONT)
c.set_title("One Adam step on $10^7$ parameters", fontsize=FONT + 1)
headroom(c, [adam, 1.5], 1.3)

# (d) The site: cold build, rebuild after one edit, whole test suite, each over its goal.
short = {
    "cold_build_seconds": "cold\nbuild",
    "warm_build_seconds": "warm\nbuild",
    "rebuild_seconds": "page\nedit",
    "docstring_rebuild_seconds": "doc-\nstring",
    "test_suite_seconds": "test\nsuite",
}
keys = [k for k in short if k in site and k in site["goals"]]
fractions = [site[k] / site["goals"][k] for k in keys]
d.bar([short[k] for k in keys], fractions, color=[colour(f <= 1) for f in fractions])
d.axhline(1, **GOAL)
for x, k in enumerate(keys):
    label(d, f"{site[k]:.1f} s", (x, fractions[x]), "up")
d.set_ylabel("time / goal (goal: at most 1)", fontsize=FONT)
d.set_title("The site", fontsize=FONT + 1)
if keys:
    headroom(d, fractions + [1.0], 1.2)
else:
    d.text(0.5, 0.5, "not measured yet", ha="center", va="center", transform=d.transAxes)

# (e) The run loop: gd.minimize's time per step over a hand loop of the same optimizer.
if run:
    names = list(run["optimizers"])
    over = [run["optimizers"][n]["minimize_over_hand"] for n in names]
    e.barh(names, over, color=[colour(v <= 1.3) for v in over])
    e.axvline(1.3, **GOAL)
    for y, v in enumerate(over):
        label(e, f"{v:.2f}x", (v, y), "right")
    e.invert_yaxis()
e.set_xlabel("minimize time / hand-loop time\n(goal: at most 1.3)", fontsize=FONT)
if run:
    headroom(e, over + [1.3], 1.3)
else:
    e.text(0.5, 0.5, "not measured yet", ha="center", va="center", transform=e.transAxes)
e.set_title("gd.minimize on a 2-D problem", fontsize=FONT + 1)

# (f) One scalar call of a schedule over torch's scheduler step() for the same schedule.
if sched:
    calls = sched["call_ratio_vs_torch"]
    names, ratios = list(calls), list(calls.values())
    h.barh(names, ratios, color=[colour(r <= 1 / 3) for r in ratios])
    h.axvline(1 / 3, **GOAL)
    for y, r in enumerate(ratios):
        label(h, f"{r:.2f}", (r, y), "right")
    h.invert_yaxis()
h.set_xlabel("call / torch step()\n(goal: at most 1/3)", fontsize=FONT)
if sched:
    headroom(h, ratios + [1 / 3], 1.2)
    h.set_xticks([x / 10 for x in range(10) if x / 10 <= h.get_xlim()[1]])  # none past the edge
else:
    h.text(0.5, 0.5, "not measured yet", ha="center", va="center", transform=h.transAxes)
h.set_title("One scalar call of a schedule", fontsize=FONT + 1)

for ax in axes.flat:
    ax.tick_params(labelsize=FONT)

# Where, when and how: only what the results files record.
m = opt["machine"]
recorded = []
files = (("optimizers", opt), ("site", site), ("run", run), ("schedules", sched))
for name, data in ((n, d) for n, d in files if d is not None):
    when = data.get("date") or data.get("measured")
    where = "" if name == "optimizers" or "machine" in data else ", machine not recorded"
    recorded.append(f"{name}: {when}" if when else f"{name}: date not recorded{where}")
    if data.get("test_suite_date", when) != when:  # the suite time kept from an earlier run
        recorded.append(f"test suite: {data['test_suite_date']}")
fig.legend(
    handles=[
        Patch(color=MEETS, label="meets its goal"),
        Patch(color=MISSES, label="misses its goal"),
        Line2D([], [], label="goal", **GOAL),
    ],
    loc="outside lower center",
    ncols=3,
    fontsize=FONT,
    frameon=False,
)
fig.suptitle(
    f"Measured with python3 dev.py bench on {m['cpu']}, {m['cpu_count']} cores, "
    f"{m.get('memory_gib', '?')} GiB;\nPython {m['python']}, numpy {m['numpy']}, "
    f"torch {m.get('torch', 'absent')}. Results files:\n" + "\n".join(recorded),
    fontsize=FONT,
)
plt.show()
