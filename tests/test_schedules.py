"""Schedules: properties (hypothesis), the seeds' facts, composition, bad input.

PyTorch conformance is in ``test_schedules_torch.py``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdtheory as gd

SETTINGS = settings(max_examples=60, deadline=None)

# ----------------------------------------------------------------------------------------------
# A strategy for every pure schedule, with the range its values must stay in and the
# direction it must move in ("down": non-increasing, "up": non-decreasing, None: neither).

values = st.floats(1e-6, 10.0, allow_nan=False)
fractions = st.floats(0.0, 1.0)
factors = st.floats(0.01, 0.99)
periods = st.integers(1, 200)


FACTOR_FNS = {
    "constant": lambda g, p: lambda k: g,
    "drop": lambda g, p: lambda k: g if k % p == 0 else 1.0,
    "slow": lambda g, p: lambda k: 1.0 - (1.0 - g) / (k + 1.0),
    "schedule": lambda g, p: gd.linear(1.0, g, 1.0, p),  # a vectorized factor_fn
}


@st.composite
def schedule_cases(draw, combinators: bool = True, bounded: bool = False):
    """A schedule, its range and its direction; ``bounded`` also draws schedules that
    refuse steps beyond a limit (``multiplicative``, steps up to ``max_steps``)."""
    kinds = [
        "cyclic",
        "cyclic_momentum",
        "constant_factor",
        "constant",
        "step_decay",
        "multistep",
        "exponential",
        "cosine",
        "cosine_restarts",
        "linear",
        "linear_decay",
        "polynomial",
        "inverse_sqrt",
        "one_cycle",
        "one_cycle_momentum",
    ]
    if bounded:
        kinds += ["multiplicative"]
    if combinators:
        kinds += ["warmup", "join_schedules", "multiply_schedules"]
    kind = draw(st.sampled_from(kinds))
    v = draw(values)
    if kind in ("cyclic", "cyclic_momentum"):
        cycle = dict(
            step_size_up=draw(st.integers(1, 100)),
            step_size_down=draw(st.none() | st.integers(1, 100)),
            mode=draw(st.sampled_from(["triangular", "triangular2", "exp_range"])),
            gamma=draw(st.floats(0.9, 1.0)),
        )
        if kind == "cyclic":
            lo = v * draw(fractions)
            return gd.cyclic(lo, v, **cycle), lo, v, None
        hi = draw(st.floats(0.0, 0.999))
        lo = hi * draw(fractions)
        return gd.cyclic_momentum(lo, hi, **cycle), lo, hi, None
    if kind == "constant_factor":
        f = draw(fractions)
        return gd.constant_factor(v, f, draw(periods)), v * f, v, "up"
    if kind == "multiplicative":
        make = FACTOR_FNS[draw(st.sampled_from(sorted(FACTOR_FNS)))]
        fn = make(draw(st.floats(0.5, 1.0)), draw(st.integers(1, 50)))
        return gd.multiplicative(v, fn, max_steps=draw(st.integers(1000, 5000))), 0.0, v, "down"
    if kind == "constant":
        return gd.constant(v), v, v, "down"
    if kind == "step_decay":
        return gd.step_decay(v, draw(periods), draw(factors)), 0.0, v, "down"
    if kind == "multistep":
        ms = sorted(draw(st.sets(st.integers(0, 300), min_size=1, max_size=5)))
        return gd.multistep(v, ms, draw(factors)), 0.0, v, "down"
    if kind == "exponential":
        return gd.exponential(v, draw(st.floats(0.5, 0.999))), 0.0, v, "down"
    if kind == "cosine":
        lo = v * draw(fractions)
        return gd.cosine(v, draw(periods), lo), lo, v, "down"
    if kind == "cosine_restarts":
        lo = v * draw(fractions)
        s = gd.cosine_restarts(v, draw(st.integers(1, 50)), draw(st.integers(1, 3)), lo)
        return s, lo, v, None
    if kind == "linear":
        fs, fe = draw(fractions), draw(fractions)
        s = gd.linear(v, fs, fe, draw(periods))
        return s, v * min(fs, fe), v * max(fs, fe), "up" if fs <= fe else "down"
    if kind == "linear_decay":
        end = v * draw(fractions)
        return gd.linear_decay(v, draw(periods), end), end, v, "down"
    if kind == "polynomial":
        end = v * draw(fractions)
        s = gd.polynomial(v, draw(periods), draw(st.floats(0.1, 4.0)), end)
        return s, end, v, "down"
    if kind == "inverse_sqrt":
        return gd.inverse_sqrt(v, draw(st.floats(0.1, 100.0))), 0.0, v, "down"
    if kind in ("one_cycle", "one_cycle_momentum"):
        total = draw(st.integers(10, 400))
        three = draw(st.booleans())
        pct = draw(st.floats(2.0 / total, (0.45 if three else 0.95)))
        strategy = draw(st.sampled_from(["cos", "linear"]))
        if kind == "one_cycle":
            s = gd.one_cycle(
                v,
                total,
                pct,
                strategy,
                div_factor=draw(st.floats(1.0, 100.0)),
                final_div_factor=draw(st.floats(1.0, 1e5)),
                three_phase=three,
            )
            return s, min(s.initial_value, s.final_value), v, None
        hi = draw(st.floats(0.0, 0.999))
        lo = hi * draw(fractions)
        s = gd.one_cycle_momentum(total, lo, hi, pct, strategy, three)
        return s, lo, hi, None
    if kind == "warmup":
        base, lo, hi, _ = draw(schedule_cases(False, bounded))
        run = base.horizon
        w = draw(st.integers(1, (run - 1) if run else 300)) if run != 1 else None
        if w is None:  # a run of one step leaves no room for a warmup
            return base, lo, hi, None
        start = draw(st.floats(0.0, 2 * hi))
        return gd.warmup(base, w, start), min(lo, start), max(hi, start), None
    if kind == "multiply_schedules":
        parts = draw(st.lists(schedule_cases(False, bounded), min_size=1, max_size=3))
        lo, hi = parts[0][1], parts[0][2]
        for p in parts[1:]:  # in the schedule's order: rounding is monotone
            lo, hi = lo * p[1], hi * p[2]
        return gd.multiply_schedules([p[0] for p in parts]), lo, hi, None
    # join_schedules
    parts = draw(st.lists(schedule_cases(False, bounded), min_size=1, max_size=4))
    bounds = sorted(
        draw(st.sets(st.integers(1, 300), min_size=len(parts) - 1, max_size=len(parts) - 1))
    )
    s = gd.join_schedules([p[0] for p in parts], bounds)
    return s, min(p[1] for p in parts), max(p[2] for p in parts), None


def steps_for(schedule) -> np.ndarray:
    """Every step up to well past the schedule's run (or 600 steps)."""
    run = schedule.horizon
    return np.arange(0, 2 * run + 50 if run else 600)


# ----------------------------------------------------------------------------------------------
# Properties.


@SETTINGS
@given(schedule_cases())
def test_values_stay_within_their_range(case) -> None:
    s, lo, hi, _ = case
    ts = steps_for(s)
    v = s(ts)
    assert v.dtype == np.float64 and v.shape == ts.shape
    assert np.all(v >= lo) and np.all(v <= hi), (s, v.min(), v.max(), lo, hi)
    far = s(np.array([10**6, 10**9]))
    assert np.all(far >= lo) and np.all(far <= hi)


@SETTINGS
@given(schedule_cases(bounded=True))
def test_monotone_schedules_are_monotone(case) -> None:
    s, _, _, direction = case
    v = s(steps_for(s))
    if direction == "down":
        assert np.all(np.diff(v) <= 0), s
    elif direction == "up":
        assert np.all(np.diff(v) >= 0), s


@SETTINGS
@given(schedule_cases(bounded=True), st.lists(st.integers(0, 1000), min_size=1, max_size=20))
def test_array_input_equals_elementwise_scalar_input(case, steps) -> None:
    s = case[0]
    ts = np.asarray(steps)
    together = s(ts)
    one_by_one = np.array([s(int(t)) for t in steps])
    assert all(isinstance(s(int(t)), float) for t in steps[:3])
    np.testing.assert_array_equal(together, one_by_one)
    # The same for a 2-d array of steps, and for numpy integer scalars.
    np.testing.assert_array_equal(s(ts.reshape(1, -1)), together.reshape(1, -1))
    assert s(np.int64(steps[0])) == one_by_one[0]


steps_anywhere = st.one_of(
    st.integers(0, 10**7),
    st.floats(0.0, 1e7, allow_nan=False, allow_infinity=False),  # fractional steps too
    st.integers(0, 2**62).map(float),
)


@SETTINGS
@given(schedule_cases(), st.lists(steps_anywhere, min_size=1, max_size=30))
def test_scalar_and_array_calls_are_bitwise_equal_for_any_steps(case, steps) -> None:
    """A scalar call runs plain Python floats, an array call numpy: the same bits."""
    s = case[0]
    together = s(np.asarray(steps, dtype=np.float64))
    one_by_one = [s(t) for t in steps]
    assert all(type(v) is float for v in one_by_one)
    assert together.tobytes() == np.array(one_by_one).tobytes(), (s, steps)


@SETTINGS
@given(
    schedule_cases(bounded=True),
    st.lists(st.integers(0, 999) | st.floats(0.0, 999.0), min_size=1, max_size=30),
    st.booleans(),
)
def test_bounded_schedules_scalar_and_array_calls_are_bitwise_equal(case, steps, fresh) -> None:
    """The same with schedules that refuse far steps (multiplicative), on a fresh
    schedule or one whose cache the scalar calls filled first."""
    s = case[0]
    if fresh:
        s = dataclasses.replace(s)  # a new object: an empty cache
    one_by_one = [s(t) for t in steps]
    together = s(np.asarray(steps, dtype=np.float64))
    again = dataclasses.replace(s)(np.asarray(steps, dtype=np.float64))  # array call first
    assert all(type(v) is float for v in one_by_one)
    assert together.tobytes() == np.array(one_by_one).tobytes() == again.tobytes(), (s, steps)


@SETTINGS
@given(schedule_cases(combinators=False), st.data())
def test_warmup_starts_at_its_start_value_and_ends_at_the_base_value(case, data) -> None:
    base = case[0]
    run = base.horizon
    if run == 1:
        return
    w = data.draw(st.integers(1, run - 1 if run else 5000))
    start = data.draw(st.floats(0.0, 1.0))
    s = gd.warmup(base, w, start)
    assert s(0) == start
    assert s(w) == base(w)  # exactly, not approximately
    ts = np.arange(w, w + 50)
    np.testing.assert_array_equal(s(ts), base(ts))
    # In between it is the straight line from (0, start) to (w, base(w)).
    mid = np.arange(0, w)
    np.testing.assert_allclose(s(mid), start + (base(w) - start) * mid / w, rtol=1e-12, atol=1e-300)


@SETTINGS
@given(st.lists(schedule_cases(combinators=False), min_size=2, max_size=4), st.data())
def test_joined_schedules_switch_at_the_boundary(cases, data) -> None:
    parts = [c[0] for c in cases]
    bounds = sorted(
        data.draw(st.sets(st.integers(1, 500), min_size=len(parts) - 1, max_size=len(parts) - 1))
    )
    s = gd.join_schedules(parts, bounds)
    starts = [0, *bounds]
    for i, part in enumerate(parts):
        assert s(starts[i]) == part(0)  # each piece starts at its own step 0
        end = bounds[i] if i < len(bounds) else starts[i] + 100
        ts = np.arange(starts[i], end)
        np.testing.assert_array_equal(s(ts), part(ts - starts[i]))


# ----------------------------------------------------------------------------------------------
# The seeds' examples and hand-computed values.


def test_multistep_default_is_the_lecture_notes_x01_at_30_60_90() -> None:
    s = gd.multistep(0.1)
    assert s.milestones == (30, 60, 90) and s.gamma == 0.1
    ts = np.arange(120)
    expected = 0.1 * 0.1 ** ((ts >= 30).astype(int) + (ts >= 60) + (ts >= 90))
    np.testing.assert_allclose(s(ts), expected, rtol=1e-15)


def test_warmup_default_is_the_lecture_notes_5000_steps_from_zero() -> None:
    base = gd.cosine(0.1, T_max=100_000)
    s = gd.warmup(base)
    assert s.warmup_steps == 5000 and s.start_value == 0.0
    assert s(0) == 0.0 and s(5000) == base(5000)
    assert s(4999) < s(5000) and s(1) == pytest.approx(base(5000) / 5000)


def test_step_decay_matches_the_course_chapter_formula() -> None:
    # seed 002: eta_t = eta_0 * gamma ** floor(t / k) with eta_0 = 0.1, gamma = 0.5, k = 50
    s = gd.step_decay(0.1, step_size=50, gamma=0.5)
    ts = np.arange(200)
    np.testing.assert_allclose(s(ts), 0.1 * 0.5 ** (ts // 50), rtol=1e-15)


def test_exponential_matches_the_course_chapter_formula() -> None:
    # seed 002: eta_t = eta_0 * exp(-lambda t) with eta_0 = 0.1, lambda = 0.01
    s = gd.exponential(0.1, gamma=math.exp(-0.01))
    ts = np.arange(200)
    np.testing.assert_allclose(s(ts), 0.1 * np.exp(-0.01 * ts), rtol=1e-13)


def test_cosine_matches_the_course_chapter_formula_and_then_holds() -> None:
    # seed 002: eta_min + (eta_max - eta_min) (1 + cos(pi t / T)) / 2 with T = 200
    s = gd.cosine(0.1, T_max=200, min_value=0.001)
    ts = np.arange(201)
    expected = 0.001 + 0.5 * (0.1 - 0.001) * (1 + np.cos(np.pi * ts / 200))
    np.testing.assert_allclose(s(ts), expected, rtol=1e-14)
    assert s(200) == s(201) == s(10_000) == 0.001


def test_inverse_sqrt_is_eta0_over_sqrt_t() -> None:
    s = gd.inverse_sqrt(0.1)
    ts = np.arange(1, 500)
    np.testing.assert_allclose(s(ts), 0.1 / np.sqrt(ts), rtol=1e-15)
    assert s(0) == 0.1


def test_inverse_sqrt_with_warmup_is_the_transformer_schedule() -> None:
    # Vaswani et al. (2017), eq. (3): d^-0.5 * min(s^-0.5, s * w^-1.5), here with s = t.
    d, w = 512, 4000
    s = gd.warmup(gd.inverse_sqrt(d**-0.5 * w**-0.5, timescale=w), warmup_steps=w)
    ts = np.arange(1, 20_000, 7)
    expected = d**-0.5 * np.minimum(ts**-0.5, ts * w**-1.5)
    np.testing.assert_allclose(s(ts), expected, rtol=1e-12)


def test_sgdr_restarts_where_the_cycle_lengths_add_up() -> None:
    # T_0 = 10, T_mult = 2: cycles of 10, 20, 40, 80 steps restart at 10, 30, 70, 150.
    s = gd.cosine_restarts(1.0, T_0=10, T_mult=2, min_value=0.0)
    v = s(np.arange(200))
    restarts = np.flatnonzero(np.diff(v) > 0) + 1
    assert list(restarts) == [10, 30, 70, 150]
    assert np.all(v[restarts] == 1.0)
    # Half way through the 40-step cycle that starts at 30 the value is exactly half.
    assert s(50) == pytest.approx(0.5, rel=1e-15)


def test_one_cycle_three_phase_is_symmetric_about_its_peak() -> None:
    s = gd.one_cycle(1.0, total_steps=101, pct_start=0.3, three_phase=True)
    peak = 0.3 * 101 - 1
    ts = np.arange(0, 30)
    np.testing.assert_allclose(s(ts), s(2 * peak - ts), rtol=1e-12)
    assert s(100) == s.final_value == 1.0 / 25 / 1e4


def test_a_schedule_drives_an_optimizer_step_by_step() -> None:
    sched = gd.warmup(gd.cosine(0.2, T_max=50), warmup_steps=10)
    opt = gd.GD(lr=sched)
    x = np.array([1.0, -2.0])
    state = opt.init(x)
    for t in range(60):
        g = 2 * x
        x_new, state = opt.step(x, g, state)
        np.testing.assert_array_equal(x_new, x - sched(t) * g)
        x = x_new
    assert state.t == 60


def test_fractional_steps_use_the_same_formula() -> None:
    s = gd.cosine(1.0, T_max=10)
    assert s(2.0) == s(2)
    assert s(2) > s(2.5) > s(3)


@pytest.mark.parametrize(
    "schedule",
    [
        gd.constant(0.3),
        gd.step_decay(0.1, 30),
        gd.multistep(0.1, [5, 9]),
        gd.cosine(0.1, 100, 0.01),
        gd.cosine_restarts(0.1, 10, 2),
        gd.linear(0.1, 0.5, 1.0, 8),
        gd.one_cycle(0.1, 100, three_phase=True, anneal_strategy="linear"),
        gd.warmup(gd.polynomial(0.1, 100, 2.0), 10),
        gd.join_schedules([0.1, gd.exponential(0.1, 0.9)], [10]),
        gd.cyclic(0.01, 0.1, 20, 30, "exp_range", 0.99),
        gd.cyclic_momentum(0.8, 0.9, 20, mode="triangular2"),
        gd.constant_factor(0.1, 0.25, 7),
        gd.multiply_schedules([gd.constant_factor(0.1, 0.5, 5), gd.exponential(1.0, 0.9)]),
        gd.multiplicative(0.1, gd.constant(0.9)),
    ],
    ids=repr,
)
def test_repr_rebuilds_an_equal_schedule(schedule) -> None:
    rebuilt = eval(repr(schedule), vars(gd))
    assert rebuilt == schedule
    assert hash(rebuilt) == hash(schedule)
    ts = np.arange(200)
    np.testing.assert_array_equal(rebuilt(ts), schedule(ts))


def test_schedules_are_frozen() -> None:
    s = gd.cosine(0.1, 100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.T_max = 5  # type: ignore[misc]


def test_a_plain_function_can_be_warmed_up_and_joined() -> None:
    def halving(t):
        return 0.1 * 0.5 ** (np.asarray(t) // 10)

    s = gd.warmup(halving, warmup_steps=20, start_value=0.01)
    assert s(0) == 0.01 and s(20) == halving(20) and s(35) == halving(35)
    j = gd.join_schedules([0.05, halving], [7])
    assert j(3) == 0.05 and j(7) == 0.1 and j(27) == 0.025


# ----------------------------------------------------------------------------------------------
# Reduce on plateau.


def run_plateau(plateau, losses):
    state = plateau.init()
    lrs = []
    for loss in losses:
        lrs.append(state.lr)
        state = plateau.update(state, loss)
    return lrs, state


def test_plateau_default_halves_the_rate() -> None:
    plateau = gd.ReduceOnPlateau(lr=0.1, patience=0)
    assert plateau.factor == 0.5
    # 1.0 is the first best; 1.0 again is no improvement -> one bad update > patience 0.
    lrs, state = run_plateau(plateau, [1.0, 1.0, 0.5])
    assert lrs == [0.1, 0.1, 0.05] and state.lr == 0.05


def test_plateau_patience_threshold_cooldown_and_floor_by_hand() -> None:
    plateau = gd.ReduceOnPlateau(lr=1.0, patience=1, cooldown=2, min_lr=0.2, threshold=0.1)
    losses = [1.0, 0.95, 0.95, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    lrs, _ = run_plateau(plateau, losses)
    # step: loss  better?                         bad  cooldown  lr after
    # 0:    1.0   yes (best 1.0)                  0    0         1.0
    # 1:    0.95  no: 0.95 >= 1.0 * 0.9           1    0         1.0
    # 2:    0.95  no                              2>1  -> 2      0.5
    # 3:    0.5   yes (best 0.5), in cooldown     0    1         0.5
    # 4:    0.5   no, in cooldown: not counted    0    0         0.5
    # 5:    0.5   no                              1    0         0.5
    # 6:    0.5   no                              2>1  -> 2      0.25
    # 7, 8: cooldown; 9: bad 1; 10: bad 2 -> max(0.125, 0.2) = 0.2
    assert lrs == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25]
    _, state = run_plateau(plateau, losses + [0.5] * 20)
    assert state.lr == 0.2  # the floor holds


def test_plateau_abs_threshold_and_max_mode() -> None:
    up = gd.ReduceOnPlateau(lr=1.0, patience=0, mode="max", threshold=0.05, threshold_mode="abs")
    lrs, _ = run_plateau(up, [0.5, 0.6, 0.62, 0.7, 0.7])
    # 0.6 > 0.5 + 0.05 is better; 0.62 is not (-> halve); 0.7 > 0.6 + 0.05 is; 0.7 is not.
    assert lrs == [1.0, 1.0, 1.0, 0.5, 0.5]


def test_plateau_nan_is_never_an_improvement() -> None:
    plateau = gd.ReduceOnPlateau(lr=1.0, patience=1)
    lrs, state = run_plateau(plateau, [1.0, float("nan"), float("nan"), 1.0])
    assert lrs == [1.0, 1.0, 1.0, 0.5] and state.best == 1.0


def test_plateau_update_is_pure() -> None:
    plateau = gd.ReduceOnPlateau(lr=1.0, patience=0)
    s0 = plateau.init()
    s1 = plateau.update(s0, 1.0)
    s2a = plateau.update(s1, 2.0)
    s2b = plateau.update(s1, 2.0)
    assert s0 == plateau.init() and s2a == s2b and s2a.lr == 0.5 and s1.lr == 1.0


def test_plateau_batched_runs_keep_separate_states() -> None:
    rng = np.random.default_rng(3)
    losses = np.abs(rng.standard_normal((40, 3))).cumsum(axis=0)[::-1] ** 0.1
    lr0 = np.array([0.1, 0.2, 0.3])
    plateau = gd.ReduceOnPlateau(lr=lr0, patience=2, cooldown=1, min_lr=0.01)
    batched, _ = run_plateau(plateau, losses)
    for k in range(3):
        alone = gd.ReduceOnPlateau(lr=float(lr0[k]), patience=2, cooldown=1, min_lr=0.01)
        lrs, _ = run_plateau(alone, losses[:, k])
        np.testing.assert_array_equal(np.array(batched)[:, k], lrs)


# ----------------------------------------------------------------------------------------------
# Bad input: ValueError naming the argument and the value.

SCHEDULES = [
    gd.constant(0.1),
    gd.cosine(0.1, 10),
    gd.warmup(gd.cosine(0.1, 100), 10),
    gd.join_schedules([0.1, 0.2], [5]),
    gd.one_cycle(0.1, 100),
]


@pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda s: type(s).__name__)
@pytest.mark.parametrize(
    ("t", "pattern"),
    [
        (-1, r"t must be non-negative.*-1"),
        (np.array([0, 5, -3]), r"t must be non-negative.*-3"),
        (np.arange(-1, 20), r"t must be non-negative.*min -1"),
        (float("nan"), r"t must be finite.*nan"),
        (np.inf, r"t must be finite.*inf"),
        (True, r"t must be a step count.*True"),
        ("3", r"t must be a step count.*'3'"),
    ],
)
def test_bad_steps_are_refused(schedule, t, pattern) -> None:
    with pytest.raises(ValueError, match=pattern):
        schedule(t)


@pytest.mark.parametrize(
    ("build", "pattern"),
    [
        # zero or negative periods
        (lambda: gd.step_decay(0.1, step_size=0), r"step_size.*0"),
        (lambda: gd.cosine(0.1, T_max=0), r"T_max.*0"),
        (lambda: gd.cosine(0.1, T_max=-5), r"T_max.*-5"),
        (lambda: gd.cosine(0.1, T_max=10.0), r"T_max.*10\.0"),
        (lambda: gd.cosine_restarts(0.1, T_0=0), r"T_0.*0"),
        (lambda: gd.cosine_restarts(0.1, T_0=5, T_mult=0), r"T_mult.*0"),
        (lambda: gd.linear(0.1, total_iters=0), r"total_iters.*0"),
        (lambda: gd.linear_decay(0.1, total_steps=-1), r"total_steps.*-1"),
        (lambda: gd.polynomial(0.1, total_iters=0), r"total_iters.*0"),
        (lambda: gd.one_cycle(0.1, total_steps=0), r"total_steps.*0"),
        (lambda: gd.inverse_sqrt(0.1, timescale=0), r"timescale.*0"),
        (lambda: gd.inverse_sqrt(0.1, timescale=-2.0), r"timescale.*-2\.0"),
        (lambda: gd.warmup(0.1, warmup_steps=0), r"warmup_steps.*0"),
        (lambda: gd.ReduceOnPlateau(0.1, patience=-1), r"patience.*-1"),
        (lambda: gd.ReduceOnPlateau(0.1, cooldown=-2), r"cooldown.*-2"),
        # a warmup longer than the run
        (lambda: gd.warmup(gd.cosine(0.1, T_max=1000), 5000), r"warmup_steps.*1000.*5000"),
        (lambda: gd.warmup(gd.cosine(0.1, T_max=1000), 1000), r"warmup_steps.*1000.*1000"),
        (lambda: gd.warmup(gd.one_cycle(0.1, 100), 200), r"warmup_steps.*100.*200"),
        (
            lambda: gd.warmup(gd.join_schedules([0.1, gd.linear_decay(0.1, 50)], [100]), 150),
            r"warmup_steps.*150.*150",
        ),
        # factors outside (0, 1)
        (lambda: gd.step_decay(0.1, 10, gamma=1.5), r"gamma.*1\.5"),
        (lambda: gd.step_decay(0.1, 10, gamma=0.0), r"gamma.*0\.0"),
        (lambda: gd.multistep(0.1, gamma=1.0), r"gamma.*1\.0"),
        (lambda: gd.exponential(0.1, gamma=-0.5), r"gamma.*-0\.5"),
        (lambda: gd.ReduceOnPlateau(0.1, factor=1.0), r"factor.*1\.0"),
        (lambda: gd.ReduceOnPlateau(0.1, factor=2), r"factor.*2"),
        (lambda: gd.linear(0.1, start_factor=1.5), r"start_factor.*1\.5"),
        (lambda: gd.one_cycle(0.1, 100, pct_start=1.0), r"pct_start.*1\.0"),
        # milestones and boundaries that are not strictly increasing
        (lambda: gd.multistep(0.1, [30, 30, 90]), r"milestones.*\[30, 30, 90\]"),
        (lambda: gd.multistep(0.1, [60, 30]), r"milestones.*\[60, 30\]"),
        (lambda: gd.multistep(0.1, [-1, 30]), r"milestones\[0\].*-1"),
        (lambda: gd.multistep(0.1, 30), r"milestones.*30"),
        (lambda: gd.join_schedules([0.1, 0.2, 0.3], [10, 5]), r"boundaries.*\[10, 5\]"),
        (lambda: gd.join_schedules([0.1, 0.2], [0]), r"boundaries\[0\].*0"),
        (lambda: gd.join_schedules([0.1, 0.2], []), r"boundaries.*\[\]"),
        # values
        (lambda: gd.cosine(-0.1, 10), r"init_value.*-0\.1"),
        (lambda: gd.cosine(0.1, 10, min_value=0.2), r"min_value.*0\.2"),
        (lambda: gd.constant(float("nan")), r"value.*nan"),
        (lambda: gd.constant("0.1"), r"value.*'0\.1'"),
        (lambda: gd.warmup("cosine", 10), r"schedule.*'cosine'"),
        (lambda: gd.one_cycle(0.1, 100, anneal_strategy="exp"), r"anneal_strategy.*'exp'"),
        (lambda: gd.one_cycle(0.1, 3, pct_start=0.3), r"pct_start.*0\.3.*total_steps.*3"),
        (lambda: gd.ReduceOnPlateau(-0.1), r"lr.*-0\.1"),
        (lambda: gd.ReduceOnPlateau(gd.cosine(0.1, 10)), r"lr.*cosine"),
        (lambda: gd.ReduceOnPlateau(0.1, min_lr=0.5), r"min_lr.*0\.5"),
        (lambda: gd.ReduceOnPlateau(0.1, mode="low"), r"mode.*'low'"),
        (lambda: gd.ReduceOnPlateau(0.1, threshold_mode="x"), r"threshold_mode.*'x'"),
        (lambda: gd.ReduceOnPlateau(0.1, threshold=1.0), r"threshold.*1\.0"),
        # the cyclic, constant-factor and multiplicative schedules, and products
        (lambda: gd.cyclic(0.1, 0.05), r"max_value.*0\.1.*0\.05"),
        (lambda: gd.cyclic(-0.1, 0.05), r"base_value.*-0\.1"),
        (lambda: gd.cyclic(0.01, 0.1, step_size_up=0), r"step_size_up.*0"),
        (lambda: gd.cyclic(0.01, 0.1, 10, step_size_down=0), r"step_size_down.*0"),
        (lambda: gd.cyclic(0.01, 0.1, 10, step_size_down=2.5), r"step_size_down.*2\.5"),
        (lambda: gd.cyclic(0.01, 0.1, mode="exp"), r"mode.*'exp'"),
        (lambda: gd.cyclic(0.01, 0.1, mode="exp_range", gamma=1.5), r"gamma.*1\.5"),
        (lambda: gd.cyclic(0.01, 0.1, mode="exp_range", gamma=0.0), r"gamma.*0\.0"),
        (lambda: gd.cyclic_momentum(0.9, 0.8), r"base_momentum.*0\.9"),
        (lambda: gd.cyclic_momentum(0.8, 1.0), r"max_momentum.*1\.0"),
        (lambda: gd.constant_factor(0.1, factor=1.5), r"factor.*1\.5"),
        (lambda: gd.constant_factor(0.1, total_iters=0), r"total_iters.*0"),
        (lambda: gd.multiplicative(0.1, 0.95), r"factor_fn.*0\.95"),
        (lambda: gd.multiplicative(0.1, lambda k: 0.9, max_steps=0), r"max_steps.*0"),
        (lambda: gd.multiply_schedules([]), r"schedules.*\[\]"),
        (lambda: gd.multiply_schedules(["x"]), r"schedules\[0\].*'x'"),
    ],
)
def test_bad_arguments_name_the_argument_and_the_value(build, pattern) -> None:
    with pytest.raises(ValueError, match=pattern):
        build()


def test_plateau_refuses_a_loss_that_is_not_a_number() -> None:
    plateau = gd.ReduceOnPlateau(0.1)
    with pytest.raises(ValueError, match=r"loss.*'high'"):
        plateau.update(plateau.init(), "high")


# ----------------------------------------------------------------------------------------------
# Multiplicative: the running product, its cache, its limit.


def test_multiplicative_is_the_running_product_in_order_across_cache_blocks() -> None:
    def f(k):
        return 1.0 - 0.3 / (k + 2.0)

    s = gd.multiplicative(0.7, f, max_steps=5000)
    expected, lr = [0.7], 0.7
    for k in range(1, 5001):
        lr = lr * f(k)  # PyTorch's recursion: each rate from the previous one
        expected.append(lr)
    assert s(3) == expected[3]  # a first small block, then growth by doubling
    assert s(2500) == expected[2500] and s(2500.9) == expected[2500]  # floor of the step
    np.testing.assert_array_equal(s(np.arange(5001)), expected)


def test_multiplicative_refuses_steps_beyond_max_steps_and_bad_factors() -> None:
    s = gd.multiplicative(0.1, lambda k: 0.99, max_steps=100)
    assert s(100) == pytest.approx(0.1 * 0.99**100, rel=1e-13)
    with pytest.raises(ValueError, match=r"t must be at most max_steps=100.*got 101"):
        s(101)
    with pytest.raises(ValueError, match=r"max_steps=100.*got 150"):
        s(np.array([3, 150]))
    bad = gd.multiplicative(0.1, lambda k: -0.5 if k == 7 else 1.0)
    with pytest.raises(ValueError, match=r"factor_fn\(7\) must be a non-negative.*-0\.5"):
        bad(10)
    nan = gd.multiplicative(0.1, lambda k: "x" if k == 3 else 1.0)
    with pytest.raises(ValueError, match=r"factor_fn\(3\).*'x'"):
        nan(np.arange(5))


def test_cyclic_momentum_feeds_an_optimizer_and_mirrors_the_rate() -> None:
    lr = gd.cyclic(0.01, 0.1, step_size_up=5, step_size_down=15)
    beta = gd.cyclic_momentum(0.8, 0.9, step_size_up=5, step_size_down=15)
    ts = np.arange(100)
    # Inverse to each other: beta goes down exactly where the rate goes up.
    np.testing.assert_array_equal(np.sign(np.diff(lr(ts))), -np.sign(np.diff(beta(ts))))
    opt = gd.SGD(lr=lr, momentum=beta)
    x = np.array([1.0, -1.0])
    state = opt.init(x)
    for _ in range(40):
        x, state = opt.step(x, 2 * x, state)
    assert state.t == 40 and np.all(np.isfinite(x))


# ----------------------------------------------------------------------------------------------
# A scalar call is the rule on one float: every schedule, every mode, dense steps.

EVERY_SCHEDULE = [
    gd.constant(0.1),
    gd.step_decay(0.1, 30, 0.5),
    gd.multistep(0.1),
    gd.multistep(0.3, [0, 7, 8], 0.7),
    gd.exponential(0.1, 0.999),
    gd.cosine(0.1, 300),
    gd.cosine(0.1, 77, 0.013),
    gd.cosine_restarts(0.1, 100, 2),
    gd.cosine_restarts(0.1, 7, 1, 0.01),
    gd.cosine_restarts(0.1, 3, 3, 0.02),
    gd.linear(0.1, 0.1, 1.0, 100),
    gd.linear(0.1, 0.9, 0.2, 37),
    gd.linear_decay(0.1, 300),
    gd.linear_decay(0.1, 41, 0.03),
    gd.polynomial(0.1, 300, 2.0),
    gd.polynomial(0.1, 53, 0.7, 0.01),
    gd.inverse_sqrt(0.1, 100.0),
    gd.inverse_sqrt(0.1, 0.3),
    gd.constant_factor(0.1, 0.5, 100),
    gd.one_cycle(0.1, 300),
    gd.one_cycle(0.1, 97, 0.25, "linear", 10.0, 100.0),
    gd.one_cycle(0.1, 120, 0.3, "cos", three_phase=True),
    gd.one_cycle(0.1, 120, 0.4, "linear", three_phase=True),
    gd.one_cycle_momentum(300),
    gd.one_cycle_momentum(97, 0.8, 0.9, 0.25, "linear"),
    gd.one_cycle_momentum(120, 0.7, 0.95, 0.3, "cos", True),
    gd.cyclic(0.01, 0.1, 200),
    gd.cyclic(0.01, 0.1, 13, 29, "triangular2"),
    gd.cyclic(0.01, 0.1, 150, 250, "exp_range", 0.999),
    gd.cyclic_momentum(0.8, 0.9, 200),
    gd.cyclic_momentum(0.8, 0.9, 13, 29, "triangular2"),
    gd.cyclic_momentum(0.7, 0.9, 150, 250, "exp_range", 0.999),
    gd.multiplicative(0.1, lambda k: 0.5 if k % 50 == 0 else 0.999, max_steps=5000),
    gd.multiplicative(0.1, gd.linear(1.0, 0.9, 1.0, 30), max_steps=5000),
    gd.warmup(gd.cosine(0.1, 3000), 100),
    gd.warmup(gd.inverse_sqrt(1e-3, 40.0), 40, 2e-3),
    gd.warmup(gd.cyclic(0.01, 0.1, 20), 15, 0.05),
    gd.join_schedules([gd.linear(0.1, 0.0, 1.0, 10), gd.cosine(0.1, 90)], [10]),
    gd.join_schedules([0.05, gd.exponential(0.1, 0.99), gd.cosine_restarts(0.1, 9, 2)], [7, 60]),
    gd.join_schedules([gd.warmup(gd.cosine(0.1, 50), 5)], []),
    gd.multiply_schedules([gd.constant_factor(0.1, 0.1, 20), gd.exponential(1.0, 0.999)]),
    gd.multiply_schedules([gd.step_decay(0.1, 9, 0.5), gd.cosine(1.0, 200), 0.5]),
    gd.multiply_schedules([gd.warmup(gd.cosine(0.1, 300), 30)]),
]

DENSE_STEPS = [
    *range(0, 700),
    *(t + 0.5 for t in range(0, 400, 7)),  # fractional steps
    0.1,
    99.99999999999999,
    4999.0,
    1e4,
    1e6 + 0.25,
    2.0**40,
]


@pytest.mark.parametrize("schedule", EVERY_SCHEDULE, ids=repr)
def test_a_scalar_call_is_the_rule_on_one_float_and_equals_the_array_call(schedule) -> None:
    """Whatever makes a scalar call fast, it returns the bits of the rule as written
    (``_rule`` on floats) and of the array call, for an int step and a float step."""
    from gdtheory.schedules import _Floats

    far = schedule.__class__.__name__ == "multiplicative" or "multiplicative" in repr(schedule)
    steps = [t for t in DENSE_STEPS if not far or t <= 4999]
    fresh = dataclasses.replace(schedule)  # a scalar call first, on an empty cache
    by_int = [fresh(int(t)) for t in steps if float(t).is_integer()]
    by_float = [fresh(float(t)) for t in steps]
    assert all(type(v) is float for v in by_int + by_float)
    rule = [float(schedule._rule(float(t), _Floats)) for t in steps]
    array = dataclasses.replace(schedule)(np.asarray(steps, dtype=np.float64))
    assert np.array(by_float).tobytes() == np.array(rule).tobytes() == array.tobytes()
    integral = np.array([float(t).is_integer() for t in steps])
    assert np.array(by_int).tobytes() == array[integral].tobytes()
    assert fresh(np.int64(7)) == fresh(7) and fresh(np.float64(7.5)) == fresh(7.5)


@pytest.mark.parametrize(
    "schedule", [s for s in EVERY_SCHEDULE if "<lambda>" not in repr(s)], ids=repr
)
def test_a_called_schedule_still_pickles_and_copies(schedule) -> None:
    """What a call caches (the fast scalar rule) is not part of the schedule's state."""
    import copy
    import pickle

    schedule(5), schedule(np.arange(3))
    for twin in (pickle.loads(pickle.dumps(schedule)), copy.deepcopy(schedule)):
        assert twin == schedule
        assert [twin(t) for t in range(0, 400, 7)] == [schedule(t) for t in range(0, 400, 7)]


def test_every_schedule_class_has_a_fast_scalar_rule() -> None:
    """A new schedule class without a builder would fall back to its slower rule."""
    from gdtheory import schedules

    classes = {
        obj
        for obj in vars(schedules).values()
        if isinstance(obj, type) and issubclass(obj, schedules._Schedule) and obj.__name__.islower()
    }
    assert classes and classes <= set(schedules._BUILDERS), classes - set(schedules._BUILDERS)


def test_a_callable_inside_a_combinator_still_gives_python_floats() -> None:
    def numpy_scalar(t):
        return np.float64(0.1) / (1.0 + np.asarray(t))

    for s in (
        gd.warmup(numpy_scalar, 10),
        gd.join_schedules([0.1, numpy_scalar], [5]),
        gd.multiply_schedules([gd.cosine(1.0, 100), numpy_scalar]),
    ):
        values = [s(t) for t in range(30)]
        assert all(type(v) is float for v in values), s
        assert np.array(values).tobytes() == s(np.arange(30.0)).tobytes()
