"""gdtheory run next to optax and Keras: the largest gap between the iterates, per convention.

Each row runs one optimizer (or schedule) of a library and its gdtheory counterpart,
set with the convention flag gdtheory documents for it, from the same start for 200
steps, in float64. Both sides take their gradient from the same numpy function at
their own iterate: a diagonal quadratic whose gradients range from 1 to 1e-6 across
the coordinates, plus seeded noise, so every placement of epsilon shows. A bar is the
largest gap between the two paths, relative to the largest coordinate. Rows whose
gdtheory side has no flag for the library's rule show the measured difference.
Without optax or Keras installed, the figure says which comparison did not run.
tests/test_conventions.py runs the same rows and holds each to its verdict: below 1e-10
for the same rule, below 1e-6 for the same rule in float32, at least 1e-6 otherwise.
"""

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

import gdtheory as gd

STEPS = 200
SAME = 1e-10  # below: the same rule, to float64 rounding
ROUNDING = 1e-6  # below (and above SAME): the same rule, rounded in float32 inside the library
DIM = 6
SCALES = np.logspace(-6, 0, DIM)  # curvature of each coordinate: gradients from 1e-6 to 1
RNG = np.random.default_rng(2026)
X_STAR = RNG.uniform(-1.0, 1.0, DIM)
X0 = X_STAR + RNG.choice([-1.0, 1.0], DIM)
NOISE = 0.3 * SCALES * RNG.standard_normal((STEPS, DIM))

# The figure's words. Row labels stay English in Row (the tests key on them); the few with
# words besides code are looked up here when drawn, by the whole tick label (library and
# row), as are the names of missing libraries.
LABELS = {
    "en": {
        "xlabel": "largest gap between the paths over {steps} steps, relative\n"
        "blue: below {same}, the same rule; gray: below {rounding}, the same "
        "rule rounded in float32; orange: a different rule",
        "not_run": "The comparison with optax and Keras was not run\nwhen this site "
        "was built: neither is installed.",
        "missing": "Not run at build time, not installed: ",
        "title": "gdtheory next to optax and Keras, run in float64",
        "optax.sgd(momentum, schedule at optax's int32 count) vs gd.SGD":
            "optax.sgd(momentum, schedule at optax's int32 count) vs gd.SGD",
        "optax.adagrad vs gd.AdaGrad defaults (G0=0, eps outside)":
            "optax.adagrad vs gd.AdaGrad defaults (G0=0, eps outside)",
        "optax.rmsprop vs gd.RMSProp(alpha=0.9), eps outside":
            "optax.rmsprop vs gd.RMSProp(alpha=0.9), eps outside",
        "optax.adam(eps_root=1e-8) vs gd.Adam (no flag)":
            "optax.adam(eps_root=1e-8) vs gd.Adam (no flag)",
        "optax.nadam vs gd.NAdam (no flag)": "optax.nadam vs gd.NAdam (no flag)",
        "keras.Adam = its Section 2 rule in numpy": "keras.Adam = its Section 2 rule in numpy",
        "keras.Adamax = its rule in numpy (eps after the max)":
            "keras.Adamax = its rule in numpy (eps after the max)",
        "Keras 3 on jax (python3 dev.py setup --keras)":
            "Keras 3 on jax (python3 dev.py setup --keras)",
    },
    "ko": {
        "xlabel": "{steps}스텝 동안 두 경로 사이의 가장 큰 차이 (상대값)\n"
        "파랑: {same} 미만, 같은 규칙; 회색: {rounding} 미만, float32로 반올림된 "
        "같은 규칙;\n주황: 다른 규칙",
        "not_run": "이 사이트를 빌드할 때 optax, Keras와의 비교를\n실행하지 "
        "않았습니다: 둘 다 설치되어 있지 않습니다.",
        "missing": "빌드할 때 실행하지 않음, 설치되지 않음: ",
        "title": "optax, Keras와 나란히 실행한 gdtheory (float64)",
        "optax.sgd(momentum, schedule at optax's int32 count) vs gd.SGD":
            "optax.sgd(momentum, optax의 int32 카운트로 계산한 schedule) vs gd.SGD",
        "optax.adagrad vs gd.AdaGrad defaults (G0=0, eps outside)":
            "optax.adagrad vs gd.AdaGrad 기본값 (G0=0, eps 밖)",
        "optax.rmsprop vs gd.RMSProp(alpha=0.9), eps outside":
            "optax.rmsprop vs gd.RMSProp(alpha=0.9), eps 밖",
        "optax.adam(eps_root=1e-8) vs gd.Adam (no flag)":
            "optax.adam(eps_root=1e-8) vs gd.Adam (플래그 없음)",
        "optax.nadam vs gd.NAdam (no flag)": "optax.nadam vs gd.NAdam (플래그 없음)",
        "keras.Adam = its Section 2 rule in numpy": "keras.Adam = numpy로 옮긴 2절 규칙",
        "keras.Adamax = its rule in numpy (eps after the max)":
            "keras.Adamax = numpy로 옮긴 그 규칙 (최댓값 뒤의 eps)",
        "Keras 3 on jax (python3 dev.py setup --keras)":
            "jax 백엔드의 Keras 3 (python3 dev.py setup --keras)",
    },
}  # fmt: skip
label = gd.plotting.labels(LABELS)  # the table of GDTHEORY_LANG (default "en")


def grad(x, t):
    """The gradient both sides see at step t: exact quadratic gradient plus fixed noise."""
    return SCALES * (np.asarray(x, dtype=np.float64) - X_STAR) + NOISE[t]


@dataclass(frozen=True)
class Row:
    """One comparison: a library's rule and gdtheory's, run side by side."""

    library: str  # "optax" or "keras"
    label: str  # what is compared, as shown in the figure
    theirs: Callable  # () -> library object (an optax transform, a Keras optimizer, a schedule)
    ours: Callable  # () -> gdtheory optimizer or schedule (or a numpy rule, for schedules)
    kind: str = "optimizer"  # or "schedule"


def _installed(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or blocked install counts as missing
        return False


def load_optax():
    """optax with jax in float64, or None when it is not installed."""
    if not (_installed("optax") and _installed("jax")):
        return None
    import jax

    jax.config.update("jax_enable_x64", True)
    import optax

    return optax


def load_keras():
    """Keras 3 on the jax backend in float64, or None when it is not installed."""
    if not (_installed("keras") and _installed("jax")):
        return None
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import jax

    jax.config.update("jax_enable_x64", True)
    import keras

    if keras.backend.backend() != "jax":
        return None
    keras.config.set_floatx("float64")
    return keras


# ----------------------------------------------------------------------------- runners


def run_gd(opt, steps=STEPS):
    x = X0.copy()
    state = opt.init(x)
    path = [x]
    for t in range(steps):
        x, state = opt.step(x, grad(opt.query(x, state), t), state)
        path.append(x)
    return np.array(path)


def run_optax(tx, steps=STEPS):
    import jax
    import jax.numpy as jnp
    import optax

    update = jax.jit(tx.update)
    x = jnp.asarray(X0)
    state = tx.init(x)
    path = [X0.copy()]
    for t in range(steps):
        u, state = update(jnp.asarray(grad(x, t)), state, x)
        x = optax.apply_updates(x, u)
        path.append(np.asarray(x))
    return np.array(path)


def run_keras(opt, steps=STEPS):
    import jax
    import jax.numpy as jnp
    import keras

    variable = keras.Variable(X0.copy(), dtype="float64")
    opt.build([variable])
    slots = [v.value for v in opt.variables]
    apply = jax.jit(opt.stateless_apply)
    x = jnp.asarray(X0)
    path = [X0.copy()]
    for t in range(steps):
        [x], slots = apply(slots, [jnp.asarray(grad(x, t))], [x])
        path.append(np.asarray(x))
    return np.array(path)


def verdict(gap):
    """What a gap says: "same", "float32" (the same rule, rounded in float32) or "differs"."""
    if not np.isfinite(gap) or gap >= ROUNDING:
        return "differs"
    return "same" if gap < SAME else "float32"


def gap(row):
    """Largest gap between the two paths (or schedules), relative to the largest value."""
    theirs, ours = row.theirs(), row.ours()
    if row.kind == "schedule":
        import jax

        t = np.arange(STEPS + 1)
        at = jax.jit(theirs) if row.library == "keras" else theirs  # Keras's eager cond is slow
        a = np.array([float(at(int(k))) for k in t])
        b = np.asarray(ours(t), dtype=np.float64)
    else:
        a = run_optax(theirs) if row.library == "optax" else run_keras(theirs)
        b = run_gd(ours)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    return float(np.abs(a - b).max() / np.abs(b).max())


# ----------------------------------------------------------------------------- the rows


@dataclass(frozen=True)
class NumpyRule:
    """A library's rule written out in numpy, with gdtheory's init/query/step contract."""

    rule: Callable  # (x, g, t, state) -> (x, state); t counts from 1
    slots: int  # how many state arrays, each starting at zero

    def init(self, x):
        return (0, *[np.zeros_like(x) for _ in range(self.slots)])

    def query(self, x, state):
        return x

    def step(self, x, g, state):
        t, *slots = state
        x, slots = self.rule(x, g, t + 1, slots)
        return x, (t + 1, *slots)


def keras_section2_adam(lr, b1=0.9, b2=0.999, eps_hat=1e-7):
    """Keras's Adam in numpy: eps_hat added to sqrt(v_t) before the bias correction."""

    def rule(x, g, t, slots):
        m, v = slots
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        alpha = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        return x - alpha * m / (np.sqrt(v) + eps_hat), (m, v)

    return NumpyRule(rule, 2)


def keras_adamax(lr, b1=0.9, b2=0.999, eps=1e-7):
    """Keras's AdaMax in numpy: eps added after the maximum, max(b2 u, |g|) + eps."""

    def rule(x, g, t, slots):
        m, u = slots
        m = m + (g - m) * (1 - b1)
        u = np.maximum(b2 * u, np.abs(g))
        return x - lr * m / ((1 - b1**t) * (u + eps)), (m, u)

    return NumpyRule(rule, 2)


def optax_rows(optax):
    import jax.numpy as jnp

    lr, int32_decay = 1e-2, optax.exponential_decay(5e-2, transition_steps=1, decay_rate=0.98)

    def decay(count):  # the same schedule at a float64 count (optax passes an int32 one)
        return int32_decay(jnp.asarray(count, jnp.float64))

    ours_decay = gd.exponential(5e-2, gamma=0.98)
    peak, w, total, end = 0.1, 20, STEPS, 1e-3
    return [
        Row("optax", "sgd(momentum=0.9) = gd.SGD(momentum=0.9)",
            lambda: optax.sgd(lr, momentum=0.9), lambda: gd.SGD(lr=lr, momentum=0.9)),
        Row("optax", "sgd(momentum, schedule) = gd.SGD(momentum, schedule)",
            lambda: optax.sgd(decay, momentum=0.9),
            lambda: gd.SGD(lr=ours_decay, momentum=0.9)),
        Row("optax", "sgd(momentum, schedule at optax's int32 count) vs gd.SGD",
            lambda: optax.sgd(int32_decay, momentum=0.9),
            lambda: gd.SGD(lr=ours_decay, momentum=0.9)),
        Row("optax", "sgd(nesterov=True) = gd.SGD(nesterov=True)",
            lambda: optax.sgd(lr, momentum=0.9, nesterov=True),
            lambda: gd.SGD(lr=lr, momentum=0.9, nesterov=True)),
        Row("optax", "adagrad = gd.AdaGrad(G0=0.1, eps=1e-7, inside)",
            lambda: optax.adagrad(lr),
            lambda: gd.AdaGrad(lr=lr, initial_accumulator_value=0.1, eps=1e-7,
                               eps_inside_sqrt=True)),
        Row("optax", "adagrad vs gd.AdaGrad defaults (G0=0, eps outside)",
            lambda: optax.adagrad(lr), lambda: gd.AdaGrad(lr=lr)),
        Row("optax", "rmsprop = gd.RMSProp(alpha=0.9, eps_inside_sqrt)",
            lambda: optax.rmsprop(lr),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, eps_inside_sqrt=True)),
        Row("optax", "rmsprop(eps_in_sqrt=False) = gd.RMSProp(alpha=0.9)",
            lambda: optax.rmsprop(lr, eps_in_sqrt=False), lambda: gd.RMSProp(lr=lr, alpha=0.9)),
        Row("optax", "rmsprop vs gd.RMSProp(alpha=0.9), eps outside",
            lambda: optax.rmsprop(lr), lambda: gd.RMSProp(lr=lr, alpha=0.9)),
        Row("optax", "rmsprop(centered) = gd.RMSProp(centered, inside)",
            lambda: optax.rmsprop(lr, centered=True),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, centered=True, eps_inside_sqrt=True)),
        Row("optax", "rmsprop(momentum=0.9) = gd.RMSProp(momentum=0.9)",
            lambda: optax.rmsprop(lr, momentum=0.9),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, momentum=0.9, eps_inside_sqrt=True)),
        Row("optax", "rmsprop(momentum, schedule) vs gd.RMSProp(momentum, schedule)",
            lambda: optax.rmsprop(decay, momentum=0.9),
            lambda: gd.RMSProp(lr=ours_decay, alpha=0.9, momentum=0.9, eps_inside_sqrt=True)),
        Row("optax", "adadelta(1.0) = gd.AdaDelta()",
            lambda: optax.adadelta(1.0), lambda: gd.AdaDelta()),
        Row("optax", "adadelta() (learning_rate=None) vs gd.AdaDelta()",
            lambda: optax.adadelta(), lambda: gd.AdaDelta()),
        Row("optax", "adam = gd.Adam", lambda: optax.adam(lr), lambda: gd.Adam(lr=lr)),
        Row("optax", "adam(eps_root=1e-8) vs gd.Adam (no flag)",
            lambda: optax.adam(lr, eps_root=1e-8), lambda: gd.Adam(lr=lr)),
        Row("optax", "amsgrad vs gd.Adam(amsgrad=True)",
            lambda: optax.amsgrad(lr), lambda: gd.Adam(lr=lr, amsgrad=True)),
        Row("optax", "adamw(weight_decay=0.1, schedule) = gd.AdamW(weight_decay=0.1)",
            lambda: optax.adamw(decay, weight_decay=0.1),
            lambda: gd.AdamW(lr=ours_decay, weight_decay=0.1)),
        Row("optax", "adamax = gd.AdaMax", lambda: optax.adamax(lr), lambda: gd.AdaMax(lr=lr)),
        Row("optax", "lion(weight_decay=0.1) = gd.Lion(weight_decay=0.1)",
            lambda: optax.lion(1e-3, weight_decay=0.1),
            lambda: gd.Lion(lr=1e-3, weight_decay=0.1)),
        Row("optax", "nadam vs gd.NAdam (no flag)", lambda: optax.nadam(lr),
            lambda: gd.NAdam(lr=lr)),
        Row("optax", "warmup_cosine_decay_schedule = gd.join_schedules",
            lambda: optax.warmup_cosine_decay_schedule(0.0, peak, w, total, end),
            lambda: gd.join_schedules(
                [gd.linear(peak, start_factor=0.0, total_iters=w),
                 gd.cosine(peak, T_max=total - w, min_value=end)], [w]),
            kind="schedule"),
        Row("optax", "warmup_cosine_decay_schedule vs gd.warmup(gd.cosine)",
            lambda: optax.warmup_cosine_decay_schedule(0.0, peak, w, total, end),
            lambda: gd.warmup(gd.cosine(peak, T_max=total, min_value=end), warmup_steps=w),
            kind="schedule"),
        Row("optax", "cosine_decay_schedule = gd.cosine",
            lambda: optax.cosine_decay_schedule(peak, 150, alpha=0.01),
            lambda: gd.cosine(peak, T_max=150, min_value=0.01 * peak), kind="schedule"),
        Row("optax", "polynomial_schedule(power=2) = gd.polynomial(power=2)",
            lambda: optax.polynomial_schedule(peak, end, power=2.0, transition_steps=150),
            lambda: gd.polynomial(peak, total_iters=150, power=2.0, end_value=end),
            kind="schedule"),
    ]  # fmt: skip


def keras_rows(keras):
    k = keras.optimizers
    lr = 1e-2

    def decay():  # a fresh schedule object for each optimizer
        return k.schedules.ExponentialDecay(5e-2, decay_steps=1, decay_rate=0.98)

    ours_decay = gd.exponential(5e-2, gamma=0.98)
    peak, w, total, alpha = 0.1, 20, 150, 0.01
    return [
        Row("keras", "SGD(momentum=0.9) = gd.Momentum(convention='keras')",
            lambda: k.SGD(lr, momentum=0.9),
            lambda: gd.Momentum(lr=lr, beta=0.9, convention="keras")),
        Row("keras", "SGD(momentum, schedule) = gd.Momentum('keras', schedule)",
            lambda: k.SGD(decay(), momentum=0.9),
            lambda: gd.Momentum(lr=ours_decay, beta=0.9, convention="keras")),
        Row("keras", "SGD(momentum, schedule) vs gd.SGD(momentum, schedule)",
            lambda: k.SGD(decay(), momentum=0.9),
            lambda: gd.SGD(lr=ours_decay, momentum=0.9)),
        Row("keras", "SGD(nesterov=True) = gd.SGD(nesterov=True)",
            lambda: k.SGD(lr, momentum=0.9, nesterov=True),
            lambda: gd.SGD(lr=lr, momentum=0.9, nesterov=True)),
        Row("keras", "Adagrad = gd.AdaGrad(G0=0.1, eps=1e-7, inside)",
            lambda: k.Adagrad(lr),
            lambda: gd.AdaGrad(lr=lr, initial_accumulator_value=0.1, eps=1e-7,
                               eps_inside_sqrt=True)),
        Row("keras", "RMSprop = gd.RMSProp(alpha=0.9, eps=1e-7, inside)",
            lambda: k.RMSprop(lr),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, eps=1e-7, eps_inside_sqrt=True)),
        Row("keras", "RMSprop(centered) = gd.RMSProp(centered, inside)",
            lambda: k.RMSprop(lr, centered=True),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, eps=1e-7, centered=True,
                               eps_inside_sqrt=True)),
        Row("keras", "RMSprop(momentum=0.9) = gd.RMSProp(momentum=0.9)",
            lambda: k.RMSprop(lr, momentum=0.9),
            lambda: gd.RMSProp(lr=lr, alpha=0.9, eps=1e-7, momentum=0.9,
                               eps_inside_sqrt=True)),
        Row("keras", "RMSprop(momentum, schedule) vs gd.RMSProp(momentum, schedule)",
            lambda: k.RMSprop(decay(), momentum=0.9),
            lambda: gd.RMSProp(lr=ours_decay, alpha=0.9, eps=1e-7, momentum=0.9,
                               eps_inside_sqrt=True)),
        Row("keras", "Adadelta = gd.AdaDelta(lr=1e-3, rho=0.95, eps=1e-7)",
            lambda: k.Adadelta(), lambda: gd.AdaDelta(lr=1e-3, rho=0.95, eps=1e-7)),
        Row("keras", "Adam = its Section 2 rule in numpy", lambda: k.Adam(lr),
            lambda: keras_section2_adam(lr)),
        Row("keras", "Adam vs gd.Adam(eps=1e-7)", lambda: k.Adam(lr),
            lambda: gd.Adam(lr=lr, eps=1e-7)),
        Row("keras", "AdamW(eps=1e-30) = gd.AdamW(eps=1e-30)",
            lambda: k.AdamW(lr, weight_decay=0.1, epsilon=1e-30),
            lambda: gd.AdamW(lr=lr, weight_decay=0.1, eps=1e-30)),
        Row("keras", "Adamax vs gd.AdaMax(eps=1e-7)", lambda: k.Adamax(lr),
            lambda: gd.AdaMax(lr=lr, eps=1e-7)),
        Row("keras", "Adamax = its rule in numpy (eps after the max)", lambda: k.Adamax(lr),
            lambda: keras_adamax(lr)),
        Row("keras", "Lion(weight_decay=0.1) = gd.Lion(weight_decay=0.1)",
            lambda: k.Lion(1e-3, weight_decay=0.1),
            lambda: gd.Lion(lr=1e-3, weight_decay=0.1)),
        Row("keras", "Nadam = gd.NAdam(eps=1e-7, momentum_decay=1)", lambda: k.Nadam(lr),
            lambda: gd.NAdam(lr=lr, eps=1e-7, momentum_decay=1.0)),
        Row("keras", "CosineDecay(warmup) = gd.join_schedules",
            lambda: k.schedules.CosineDecay(0.0, total, alpha=alpha, warmup_target=peak,
                                            warmup_steps=w),
            lambda: gd.join_schedules(
                [gd.linear(peak, start_factor=0.0, total_iters=w),
                 gd.cosine(peak, T_max=total, min_value=alpha * peak)], [w]),
            kind="schedule"),
    ]  # fmt: skip


def rows():
    """Every row whose library is installed, and the libraries that are missing."""
    found, missing = [], []
    optax, keras = load_optax(), load_keras()
    if optax is None:
        missing.append("optax (python3 dev.py setup --optax)")
    else:
        found += optax_rows(optax)
    if keras is None:
        missing.append("Keras 3 on jax (python3 dev.py setup --keras)")
    else:
        found += keras_rows(keras)
    return found, missing


def draw(results, missing):
    fig, ax = plt.subplots(figsize=(7.6, 1.2 + 0.24 * max(len(results), 4)))
    floor = 1e-18
    if results:
        names = [f"{row.library}.{row.label}" for row, _ in results]
        labels = [label.get(name, name) for name in names]
        values = [max(v, floor) if np.isfinite(v) else 1.0 for _, v in results]
        palette = {"same": "tab:blue", "float32": "tab:gray", "differs": "tab:orange"}
        colors = [palette[verdict(v)] for _, v in results]
        y = np.arange(len(results))[::-1]
        ax.barh(y, values, color=colors, left=floor)
        for yi, (_, v) in zip(y, results, strict=True):
            text = "0" if v == 0 else f"{v:.1e}"
            ax.text(max(v, floor) * 1.6, yi, text, va="center", fontsize=7)
        ax.set_yticks(y, labels, fontsize=7)
        ax.axvline(SAME, color="black", lw=1, ls="--")
        ax.axvline(ROUNDING, color="black", lw=1, ls=":")
        ax.set_xscale("log")
        ax.set_xlim(floor, 10.0)
        ax.set_xlabel(
            label["xlabel"].format(steps=STEPS, same=f"{SAME:.0e}", rounding=f"{ROUNDING:.0e}"),
            fontsize=8,
        )
    else:
        ax.set_axis_off()
        ax.text(0.5, 0.5, label["not_run"], ha="center", va="center", fontsize=11,
                transform=ax.transAxes)  # fmt: skip
    if missing:
        names = "; ".join(label.get(name, name) for name in missing)
        ax.set_title(label["missing"] + names, fontsize=8)
    else:
        ax.set_title(label["title"], fontsize=10)


if __name__ == "__main__":
    found, missing = rows()
    draw([(row, gap(row)) for row in found], missing)
    plt.show()
