"""Explorable: a learning-rate schedule built from a warmup, a decay and restarts.

For every setting of the page's sliders this script writes the gdtheory code that builds the
schedule and the values that code gives on steps 0..T-1; the page (docs/assets/explore.js)
shows the code and draws the values. The figure is the default setting, shown without
JavaScript.
"""

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

LABELS = {
    "en": {
        "step": "step $t$",
        "lr": r"learning rate $\eta_t$",
        "title": "{warmup} warmup steps, cosine decay restarted every {period} steps",
    },
    "ko": {
        "step": "스텝 $t$",
        "lr": r"학습률 $\eta_t$",
        "title": "워밍업 {warmup} 스텝, {period} 스텝마다 재시작하는 코사인 감쇠",
    },
}
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")

T = 100  # steps drawn
PEAK = 0.1
WARMUPS = [0, 5, 10, 20]
CYCLES = [1, 2, 4]  # 2 and 4: the decay restarts every T / cycles steps
# Each decay, the name of its one parameter and three values of it.
DECAYS = {
    "step": ("gamma", [0.1, 0.3, 0.5]),
    "cosine": ("min_value", [0.0, 0.01, 0.03]),
    "linear": ("end_value", [0.0, 0.01, 0.03]),
    "inverse_sqrt": ("timescale", [1.0, 5.0, 20.0]),
}
DEFAULT = {"warmup": 10, "decay": "cosine", "param": 0, "cycles": 2}


def decay_code(decay: str, value: float, period: int) -> str:
    """The gdtheory expression of one cycle of the decay, ``period`` steps long."""
    if decay == "step":
        return f"gd.step_decay({PEAK}, step_size={period // 3}, gamma={value!r})"
    if decay == "cosine":
        return f"gd.cosine({PEAK}, T_max={period}, min_value={value!r})"
    if decay == "linear":
        return f"gd.linear_decay({PEAK}, total_steps={period}, end_value={value!r})"
    return f"gd.inverse_sqrt({PEAK}, timescale={value!r})"


def code(warmup: int, decay: str, value: float, cycles: int) -> str:
    """Runnable code that builds the schedule and evaluates it on steps 0..T-1."""
    period = T // cycles
    lines = ["import numpy as np", "import gdtheory as gd", ""]
    if cycles == 1:
        lines.append(f"schedule = {decay_code(decay, value, period)}")
    elif decay == "cosine":
        lines.append(f"schedule = gd.cosine_restarts({PEAK}, T_0={period}, min_value={value!r})")
    else:
        lines.append(f"decay = {decay_code(decay, value, period)}")
        starts = [period * k for k in range(1, cycles)]
        lines.append(f"schedule = gd.join_schedules([decay] * {cycles}, boundaries={starts})")
    if warmup:
        lines.append(f"schedule = gd.warmup(schedule, warmup_steps={warmup})")
    lines.append(f"lrs = schedule(np.arange({T}))")
    return "\n".join(lines) + "\n"


def values(source: str) -> list:
    namespace: dict = {}
    exec(source, namespace)  # the very code the page shows
    return np.asarray(namespace["lrs"], dtype=float).tolist()


curves = {}
for warmup in WARMUPS:
    for decay, (_, params) in DECAYS.items():
        for i, value in enumerate(params):
            for cycles in CYCLES:
                source = code(warmup, decay, value, cycles)
                curves[f"{warmup}|{decay}|{i}|{cycles}"] = {"code": source, "lrs": values(source)}

EXPLORABLE = {
    "T": T,
    "peak": PEAK,
    "warmups": WARMUPS,
    "cycles": CYCLES,
    "decays": list(DECAYS),
    "params": {d: {"name": n, "values": v} for d, (n, v) in DECAYS.items()},
    "default": DEFAULT,
    "curves": curves,
}

# The static figure: the default setting, with its code as the title.
d = DEFAULT
source = code(d["warmup"], d["decay"], DECAYS[d["decay"]][1][d["param"]], d["cycles"])
fig, ax = plt.subplots(figsize=(7.0, 3.0))
ax.plot(np.arange(T), values(source), color="tab:blue")
ax.set(xlabel=label["step"], ylabel=label["lr"], ylim=(0, 1.1 * PEAK))
ax.set_title(
    label["title"].format(warmup=d["warmup"], period=T // d["cycles"]),
    fontsize=9,
)
plt.show()
