"""The latest benchmark results against their goals (read from benchmarks/results/*.json).

Run ``python3 dev.py bench`` to measure again; the site redraws this figure from
the new files on its next build. Green bars meet their goal, orange ones miss it.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

import gdtheory as gd

LABELS = {
    "en": {
        "a_x": "torch time / gdtheory time (goal: at least 5)",
        "a_title": "One step on 2-D parameters",
        "b_y": "loop time / batched time\n(goal: at least 50)",
        "b_title": "Sweep of 1,000 rates,\n1,000 steps each",
        "c_x": "gdtheory time / torch time (goal: at most 1.5)",
        "c_title": "One Adam step on $10^7$ parameters",
        "cold": "cold build",
        "warm": "warm build",
        "page": "page edit",
        "docstring": "docstring edit",
        "code": "code edit",
        "korean": "Korean edition's cost",
        "suite": "test suite",
        "d_x": "measured / goal (goal: at most 1)",
        "d_title": "The site",
        "not_measured": "not measured yet",
        "e_x": "minimize time / hand-loop time\n(goal: at most 1.3)",
        "e_title": "gd.minimize on a 2-D problem",
        "h_x": "call / torch step()\n(goal: at most 1/3)",
        "h_title": "One scalar call of a schedule",
        "optimizers": "optimizers",
        "site": "site",
        "run": "run",
        "schedules": "schedules",
        "when": "{name}: {when}",
        "no_date": "{name}: date not recorded{where}",
        "no_machine": ", machine not recorded",
        "suite_date": "test suite: {date}",
        "meets": "meets its goal",
        "misses": "misses its goal",
        "goal": "goal",
        "absent": "absent",
        "measured": "Measured with python3 dev.py bench on {cpu}, {cores} cores, {memory} GiB;\n"
        "Python {python}, numpy {numpy}, torch {torch}. Results files:\n",
    },
    "ko": {
        "a_x": "torch 시간 / gdtheory 시간 (목표: 5 이상)",
        "a_title": "2차원 파라미터에서 한 스텝",
        "b_y": "루프 시간 / 배치 실행 시간\n(목표: 50 이상)",
        "b_title": "학습률 1,000개의 스윕,\n각각 1,000 스텝",
        "c_x": "gdtheory 시간 / torch 시간 (목표: 1.5 이하)",
        "c_title": "파라미터 $10^7$개에서 Adam 한 스텝",
        "cold": "콜드 빌드",
        "warm": "웜 빌드",
        "page": "페이지 수정",
        "docstring": "docstring 수정",
        "code": "코드 수정",
        "korean": "한국어판의 비용",
        "suite": "테스트 모음",
        "d_x": "측정값 / 목표 (목표: 1 이하)",
        "d_title": "사이트",
        "not_measured": "아직 측정하지 않음",
        "e_x": "minimize 시간 / 직접 쓴 루프 시간\n(목표: 1.3 이하)",
        "e_title": "2차원 문제에서 gd.minimize",
        "h_x": "호출 / torch step()\n(목표: 1/3 이하)",
        "h_title": "스케줄의 스칼라 호출 한 번",
        "optimizers": "옵티마이저",
        "site": "사이트",
        "run": "실행 루프",
        "schedules": "스케줄",
        "when": "{name}: {when}",
        "no_date": "{name}: 날짜 기록 없음{where}",
        "no_machine": ", 기계 기록 없음",
        "suite_date": "테스트 모음: {date}",
        "meets": "목표 달성",
        "misses": "목표 미달",
        "goal": "목표",
        "absent": "없음",
        "measured": "측정: python3 dev.py bench, {cpu}, 코어 {cores}개, {memory} GiB;\n"
        "Python {python}, numpy {numpy}, torch {torch}. 결과 파일:\n",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

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


def value_label(ax, text: str, xy: tuple[float, float], side: str) -> None:
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
a.set_xlabel(label["a_x"], fontsize=FONT)
for y, r in enumerate(ratios):
    value_label(a, f"{r:.2f}x", (r, y), "right")
a.invert_yaxis()
a.set_title(label["a_title"], fontsize=FONT + 1)
headroom(a, ratios, 1.25)

# (b) 1,000 learning rates x 1,000 steps: a Python loop's time over one batched run.
sweeps = opt["sweep_speedup_vs_loop"]
b.bar(list(sweeps), list(sweeps.values()), color=[colour(v >= 50) for v in sweeps.values()])
b.axhline(50, **GOAL)
for x, v in enumerate(sweeps.values()):
    value_label(b, f"{v:.0f}x", (x, v), "up")
b.set_ylabel(label["b_y"], fontsize=FONT)
b.set_title(label["b_title"], fontsize=FONT + 1)
headroom(b, list(sweeps.values()), 1.2)

# (c) One Adam step on 10^7 parameters: our time over torch's (goal: <= 1.5).
adam = opt["adam_1e7_ratio_vs_torch"]
c.barh(["Adam"], [adam], color=colour(adam <= 1.5), height=0.4)
c.axvline(1.5, **GOAL)
value_label(c, f"{adam:.2f}x", (adam, 0), "right")
c.set_xlabel(label["c_x"], fontsize=FONT)
c.set_title(label["c_title"], fontsize=FONT + 1)
headroom(c, [adam, 1.5], 1.3)

# (d) The site: builds, rebuilds under serve after three kinds of edit, the Korean
# edition's cost (both editions' cold build over the English one's) and the test suite,
# each over its goal.
short = {
    "cold_build_seconds": label["cold"],
    "warm_build_seconds": label["warm"],
    "rebuild_seconds": label["page"],
    "docstring_rebuild_seconds": label["docstring"],
    "code_edit_page_seconds": label["code"],
    "languages_build_ratio": label["korean"],
    "test_suite_seconds": label["suite"],
}
keys = [k for k in short if k in site and k in site["goals"]]
fractions = [site[k] / site["goals"][k] for k in keys]
d.barh([short[k] for k in keys], fractions, color=[colour(f <= 1) for f in fractions])
d.axvline(1, **GOAL)
for y, k in enumerate(keys):
    shown = f"{site[k]:.2f}x" if k.endswith("_ratio") else f"{site[k]:.1f} s"
    value_label(d, shown, (fractions[y], y), "right")
d.invert_yaxis()
d.set_xlabel(label["d_x"], fontsize=FONT)
d.set_title(label["d_title"], fontsize=FONT + 1)
if keys:
    headroom(d, fractions + [1.0], 1.35)
    # The default ticks put the last label past the figure's right edge (tests/test_content.py).
    d.xaxis.set_major_locator(MaxNLocator(5, prune="upper"))
else:
    d.text(0.5, 0.5, label["not_measured"], ha="center", va="center", transform=d.transAxes)

# (e) The run loop: gd.minimize's time per step over a hand loop of the same optimizer.
if run:
    names = list(run["optimizers"])
    over = [run["optimizers"][n]["minimize_over_hand"] for n in names]
    e.barh(names, over, color=[colour(v <= 1.3) for v in over])
    e.axvline(1.3, **GOAL)
    for y, v in enumerate(over):
        value_label(e, f"{v:.2f}x", (v, y), "right")
    e.invert_yaxis()
e.set_xlabel(label["e_x"], fontsize=FONT)
if run:
    headroom(e, over + [1.3], 1.3)
else:
    e.text(0.5, 0.5, label["not_measured"], ha="center", va="center", transform=e.transAxes)
e.set_title(label["e_title"], fontsize=FONT + 1)

# (f) One scalar call of a schedule over torch's scheduler step() for the same schedule.
if sched:
    calls = sched["call_ratio_vs_torch"]
    names, ratios = list(calls), list(calls.values())
    h.barh(names, ratios, color=[colour(r <= 1 / 3) for r in ratios])
    h.axvline(1 / 3, **GOAL)
    for y, r in enumerate(ratios):
        value_label(h, f"{r:.2f}", (r, y), "right")
    h.invert_yaxis()
h.set_xlabel(label["h_x"], fontsize=FONT)
if sched:
    headroom(h, ratios + [1 / 3], 1.2)
    h.set_xticks([x / 10 for x in range(10) if x / 10 <= h.get_xlim()[1]])  # none past the edge
else:
    h.text(0.5, 0.5, label["not_measured"], ha="center", va="center", transform=h.transAxes)
h.set_title(label["h_title"], fontsize=FONT + 1)

for ax in axes.flat:
    ax.tick_params(labelsize=FONT)

# Where, when and how: only what the results files record.
m = opt["machine"]
recorded = []
files = (("optimizers", opt), ("site", site), ("run", run), ("schedules", sched))
for name, data in ((n, d) for n, d in files if d is not None):
    when = data.get("date") or data.get("measured")
    where = "" if name == "optimizers" or "machine" in data else label["no_machine"]
    shown = label[name]
    recorded.append(
        label["when"].format(name=shown, when=when)
        if when
        else label["no_date"].format(name=shown, where=where)
    )
    if data.get("test_suite_date", when) != when:  # the suite time kept from an earlier run
        recorded.append(label["suite_date"].format(date=data["test_suite_date"]))
fig.legend(
    handles=[
        Patch(color=MEETS, label=label["meets"]),
        Patch(color=MISSES, label=label["misses"]),
        Line2D([], [], label=label["goal"], **GOAL),
    ],
    loc="outside lower center",
    ncols=3,
    fontsize=FONT,
    frameon=False,
)
fig.suptitle(
    label["measured"].format(
        cpu=m["cpu"],
        cores=m["cpu_count"],
        memory=m.get("memory_gib", "?"),
        python=m["python"],
        numpy=m["numpy"],
        torch=m.get("torch", label["absent"]),
    )
    + "\n".join(recorded),
    fontsize=FONT,
)
plt.show()
