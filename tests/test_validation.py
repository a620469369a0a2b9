"""One vocabulary of argument checks: every optimizer, schedule and clipping function
refuses a wrong type at construction, with a ``ValueError`` that names the argument.
"""

from __future__ import annotations

import dataclasses
import math
import typing

import numpy as np
import pytest

import gdtheory as gd
from gdtheory import _validation as v

# ------------------------------------------------------------------------- the vocabulary


@pytest.mark.parametrize(
    ("check", "args", "good", "coerced"),
    [
        (v.positive, (), 1, 1.0),
        (v.positive, (), np.float32(0.5), 0.5),
        (v.nonnegative, (), 0, 0.0),
        (v.finite, (), -3, -3.0),
        (v.unit_interval, (), 0.0, 0.0),
        (v.interval, (0.0, 1.0), 1, 1.0),
        (v.integer, (), np.int64(3), 3),
        (v.boolean, (), np.bool_(True), True),
        (v.choice, (("a", "b"),), "b", "b"),
    ],
)
def test_checks_return_the_coerced_value(check, args, good, coerced) -> None:
    out = check("x", good, *args)
    assert out == coerced and type(out) is type(coerced)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: v.positive("lr", "0.1"), "lr must be a positive finite number, got '0.1'"),
        (lambda: v.positive("lr", 0.0), "lr must be a positive finite number, got 0.0"),
        (lambda: v.nonnegative("wd", -1), "wd must be a non-negative finite number, got -1"),
        (lambda: v.finite("x", math.inf), "x must be a finite number, got inf"),
        (lambda: v.real("p", 0.5, 1.0), "p must be a finite number >= 1, got 0.5"),
        (lambda: v.real("p", 1.0, 1.0, low_open=True), "p must be a finite number > 1, got 1.0"),
        (lambda: v.unit_interval("b", 1.0), r"b must be a number in \[0, 1\), got 1.0"),
        (
            lambda: v.interval("b", 0.0, 0.0, 1.0, low_open=True),
            r"b must be a number in \(0, 1\], got 0.0",
        ),
        (lambda: v.integer("n", 2.0), "n must be a non-negative integer, got 2.0"),
        (lambda: v.integer("n", 0, 1), "n must be a positive integer, got 0"),
        (lambda: v.integer("n", 2, 3), "n must be an integer >= 3, got 2"),
        (lambda: v.integer("n", True), "n must be a non-negative integer, got True"),
        (lambda: v.boolean("flag", 1), "flag must be True or False, got 1"),
        (lambda: v.choice("mode", "x", ("a", "b")), "mode must be one of 'a', 'b', got 'x'"),
        (lambda: v.positive("lr", [0.1, 0.2]), r"lr must be a positive finite number, got \[0.1"),
    ],
)
def test_one_message_style(call, message) -> None:
    with pytest.raises(ValueError, match=f"^{message}"):
        call()


def test_arrays_and_schedules_only_where_allowed() -> None:
    out = v.positive("lr", [0.1, 2], arrays=True)
    assert out.dtype == np.float64 and out.tolist() == [0.1, 2.0]
    f32 = np.ones(2, dtype=np.float32)
    assert v.positive("lr", f32, arrays=True) is f32  # a float array is kept as it is
    sched = gd.cosine(0.1, 10)
    assert v.positive("lr", sched, schedules=True) is sched
    for bad in (["0.1"], [True, 1.0], [[1.0], [1.0, 2.0]], np.array([0.1, -1.0])):
        with pytest.raises(ValueError, match="^lr must be a positive finite number"):
            v.positive("lr", bad, arrays=True)
    with pytest.raises(ValueError, match="^lr must be a positive finite number"):
        v.positive("lr", sched)


# ------------------------------------------------------------------------- every constructor

WRONG_TYPES = ["0.1", True, None]
NOT_A_NUMBER = [*WRONG_TYPES, [1, 2]]  # where a single number is meant


def _fields(cls: type) -> dict[str, str]:
    hints = typing.get_type_hints(cls, vars(gd.optimizers) | vars(gd.schedules))
    return {f.name: str(hints[f.name]) for f in dataclasses.fields(cls)}


OPTIMIZER_CLASSES = [
    gd.GD,
    gd.SGD,
    gd.Momentum,
    gd.Nesterov,
    gd.AdaGrad,
    gd.RMSProp,
    gd.AdaDelta,
    gd.Adam,
    gd.AdamW,
    gd.NAdam,
    gd.AdaMax,
    gd.Lion,
    gd.RAdam,
    gd.Rprop,
    gd.ASGD,
    gd.ScheduleFreeSGD,
]


def _optimizer_cases():
    for cls in OPTIMIZER_CLASSES:
        for name, hint in _fields(cls).items():
            if "Literal" in hint:
                bad_values = [1, None, "nope"]
            elif hint == "<class 'bool'>":
                bad_values = ["yes", None, 1]
            elif "Callable" in hint:  # Hyper: a number, an array or a schedule
                bad_values = [*WRONG_TYPES, ["0.1"], [True, False]]
            elif "tuple" in hint:  # a pair of numbers (Rprop's etas and step_sizes)
                bad_values = [*WRONG_TYPES, (0.5,), [1.0, 2.0, 3.0]]
            elif "ndarray" in hint:  # a number or an array, not a schedule (Rprop's lr)
                bad_values = [*WRONG_TYPES, ["0.1"], [True, False], lambda t: 0.1]
            else:  # float or int constants
                bad_values = NOT_A_NUMBER
            for bad in bad_values:
                yield pytest.param(cls, name, bad, id=f"{cls.__name__}-{name}-{bad!r}")


@pytest.mark.parametrize(("cls", "name", "bad"), list(_optimizer_cases()))
def test_every_optimizer_argument_refuses_a_wrong_type(cls, name, bad) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must be ") as err:
        cls(**{name: bad})
    assert str(err.value).endswith(f"got {bad!r}")


SCHEDULES = [
    gd.constant(0.1),
    gd.step_decay(0.1, 10),
    gd.multistep(0.1),
    gd.exponential(0.1, 0.9),
    gd.cosine(0.1, 100),
    gd.cosine_restarts(0.1, 10, 2),
    gd.linear(0.1),
    gd.linear_decay(0.1, 100),
    gd.polynomial(0.1, 100),
    gd.inverse_sqrt(0.1, 10.0),
    gd.one_cycle(0.1, 100),
    gd.one_cycle_momentum(100),
    gd.warmup(gd.cosine(0.1, 100), 10),
    gd.join_schedules([gd.constant(0.1), gd.cosine(0.1, 10)], [5]),
    gd.ReduceOnPlateau(0.1),
]


def _schedule_cases():
    for schedule in SCHEDULES:
        cls = type(schedule)
        for name, hint in _fields(cls).items():
            if "Literal" in hint:
                bad_values = [1, None, "nope"]
            elif hint == "<class 'bool'>":
                bad_values = ["yes", None, 1]
            elif hint in ("<class 'float'>", "<class 'int'>"):
                bad_values = NOT_A_NUMBER
            elif name == "lr":  # ReduceOnPlateau: a number or an array of them
                bad_values = [*WRONG_TYPES, ["0.1"]]
            elif name in ("milestones", "boundaries"):
                bad_values = ["0.1", None, [1.5], [True]]
            elif name in ("schedule", "schedules"):
                bad_values = ["0.1", None, [None]] if name == "schedules" else ["0.1", None]
            else:  # pragma: no cover - a new field must get a case here
                raise AssertionError(f"no bad values for {cls.__name__}.{name}: {hint}")
            for bad in bad_values:
                yield pytest.param(schedule, name, bad, id=f"{cls.__name__}-{name}-{bad!r}")


@pytest.mark.parametrize(("schedule", "name", "bad"), list(_schedule_cases()))
def test_every_schedule_argument_refuses_a_wrong_type(schedule, name, bad) -> None:
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        dataclasses.replace(schedule, **{name: bad})


@pytest.mark.parametrize("bad", NOT_A_NUMBER)
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda b: gd.clip_by_value(np.ones(2), b), "max_value"),
        (lambda b: gd.clip_by_norm(np.ones(2), b), "max_norm"),
        (lambda b: gd.clip_by_norm(np.ones(2), 1.0, eps=b), "eps"),
        (lambda b: gd.clip_by_norm(np.ones(2), 1.0, norm_type=b), "norm_type"),
        (lambda b: gd.clip_by_global_norm([np.ones(2)], b), "max_norm"),
        (lambda b: gd.clip_by_global_norm([np.ones(2)], 1.0, eps=b), "eps"),
    ],
)
def test_clipping_refuses_a_wrong_type(call, name, bad) -> None:
    if isinstance(bad, list) and name in ("max_value", "max_norm"):
        bad = ["0.1"]  # an array of thresholds (one per run) is allowed here
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        call(bad)


def test_old_names_still_check() -> None:
    v.check_positive("lr", gd.cosine(0.1, 10))  # a schedule passes
    v.check_unit_interval("beta", np.array([0.0, 0.5]))
    with pytest.raises(ValueError, match="^L must be a positive finite number, got '1'"):
        v.check_positive("L", "1")
    with pytest.raises(ValueError, match=r"^beta must be a number in \[0, 1\), got 1"):
        v.check_unit_interval("beta", 1)
    with pytest.raises(ValueError, match="^mu must be a non-negative finite number"):
        v.check_nonnegative("mu", -1.0)


@pytest.mark.parametrize("name", ["etas", "step_sizes"])
def test_a_pair_names_the_entry_that_is_wrong(name) -> None:
    with pytest.raises(ValueError, match=rf"^{name}\[0\] must be .*, got '0.5'$"):
        gd.Rprop(**{name: ("0.5", 1.2)})
    with pytest.raises(ValueError, match=rf"^{name}\[1\] must be .*, got None$"):
        gd.Rprop(**{name: (0.5, None)})
