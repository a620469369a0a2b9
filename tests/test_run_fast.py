"""The block loop of ``gdtheory._run_fast`` gives the readable loop's ``Result``, bit for bit.

Each case runs ``minimize`` twice: as it is (the block loop, where it applies; the
test asserts that it did) and with the block loop switched off (``run._run_one``,
the loop the module docs describe). Every field of the two results must be equal,
NaNs included, or both calls must raise the same error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
import pytest

import gdtheory as gd
from gdtheory import _run_fast

SEED = gd.SeedQuadratic()
WIDE = gd.NesterovWorstCase(L=1.0, dim=41)  # 41 coordinates: BLAS's vector kernel and its tail
DATA = gd.LinearRegression(n=30, d=5, seed=0)
FIELDS = ("x", "fun", "jac", "nit", "success", "status", "message", "xs", "fs", "grad_norms")
FIELDS += ("lrs", "messages", "evaluations", "clip", "project", "batch_size")


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype.kind == "f" or b.dtype.kind == "f":
            return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
        return a.shape == b.shape and bool(np.all(a == b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


def _outcome(problem, optimizer, x0, kwargs):
    try:
        return gd.minimize(problem, optimizer, x0, **kwargs)
    except Exception as error:  # noqa: BLE001  (the two loops must raise the same)
        return error


def both(problem, make, x0, *, fast=None, may_raise=False, **kwargs):
    """The two loops' outcomes, asserted equal; ``fast``: whether the block loop must run
    (by default, unless ``grad_tol`` is given); ``may_raise``: whether the run may end in
    an error (the same one in both loops)."""
    optimizer, calls = make(), []
    fast = kwargs.get("grad_tol") is None if fast is None else fast
    real = _run_fast.run_one

    def spy(*args):
        calls.append(1)
        return real(*args)

    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(_run_fast, "run_one", spy)
        quick = _outcome(problem, optimizer, x0, kwargs)
        mp.setattr(_run_fast, "applies", lambda *args: False)
        plain = _outcome(problem, optimizer, x0, kwargs)
    finally:
        mp.undo()
    assert bool(calls) == fast, "the block loop ran" if calls else "the block loop did not run"
    if isinstance(plain, Exception):
        assert may_raise, plain
        assert type(quick) is type(plain) and str(quick) == str(plain), (quick, plain)
        return plain
    assert not isinstance(quick, Exception), quick
    for field in FIELDS:
        a, b = getattr(quick, field), getattr(plain, field)
        assert _same(a, b), f"{field}: {a!r} != {b!r}"
    for field in ("xs", "fs", "grad_norms", "lrs", "x", "jac"):
        assert not getattr(quick, field).flags.writeable
    return plain


OPTIMIZERS = {  # every optimizer class that takes the block loop, with a small step
    "GD": lambda: gd.GD(lr=0.05),
    "SGD": lambda: gd.SGD(lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.01),
    "Momentum": lambda: gd.Momentum(lr=0.05, beta=0.3),
    "AdaGrad": lambda: gd.AdaGrad(lr=0.1, lr_decay=0.5),
    "RMSProp": lambda: gd.RMSProp(lr=0.01),
    "AdaDelta": lambda: gd.AdaDelta(),
    "Adam": lambda: gd.Adam(lr=0.1),
    "AdamW": lambda: gd.AdamW(lr=0.1),
    "NAdam": lambda: gd.NAdam(lr=0.1),
    "AdaMax": lambda: gd.AdaMax(lr=0.1),
    "Lion": lambda: gd.Lion(lr=0.01),
    "RAdam": lambda: gd.RAdam(lr=0.1),
    "Rprop": lambda: gd.Rprop(lr=0.01),
    "ASGD": lambda: gd.ASGD(lr=0.05),
    "Adafactor": lambda: gd.Adafactor(lr=0.05),
    "PreconditionedGD": lambda: gd.PreconditionedGD(lr=0.1, P=np.eye(2)),
    "GD, cosine schedule": lambda: gd.GD(lr=gd.warmup(gd.cosine(0.1, 200), 10)),
    "GD, per-coordinate lr": lambda: gd.GD(lr=np.array([0.1, 0.2])),
}
SLOW = {  # the classes the readable loop keeps: a query of their own, or an oracle
    "Nesterov": lambda: gd.Nesterov(lr=0.05, beta=0.3),
    "ScheduleFreeSGD": lambda: gd.ScheduleFreeSGD(lr=0.05, warmup_steps=5),
    "Clipped": lambda: gd.Clipped(gd.GD(lr=0.5), partial(gd.clip_by_norm, max_norm=1.0)),
    "Newton": lambda: gd.Newton(),
    "BacktrackingGD": lambda: gd.BacktrackingGD(),
    "ExactLineSearchGD": lambda: gd.ExactLineSearchGD(),
    "LBFGS": lambda: gd.LBFGS(),
}


def test_every_optimizer_class_is_in_one_list():
    classes = {
        name
        for name in gd.__all__
        if isinstance(getattr(gd, name), type)
        and callable(getattr(getattr(gd, name), "step", None))
        and name != "Optimizer"
    }
    listed = {key.split(",")[0] for key in {**OPTIMIZERS, **SLOW}}
    assert classes - {"Muon"} <= listed, classes - listed  # Muon steps matrices only


RULES = [
    {},
    {"max_iter": 1},
    {"max_iter": 32},
    {"max_iter": 33},
    {"max_iter": 97},
    {"grad_tol": 1e-3},
    {"grad_tol": 1e-6, "max_iter": 2000},
    {"patience": 3},
    {"patience": 5, "min_delta": 1e-3},
    {"divergence_factor": 1.5},
    {"divergence_factor": None},
]


@pytest.mark.parametrize("rules", RULES, ids=str)
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_and_rule_gives_the_readable_loops_result(name, rules):
    make = OPTIMIZERS[name]
    both(SEED, make, SEED.x0, **{"max_iter": 300, **rules})
    if name not in ("GD, per-coordinate lr", "PreconditionedGD"):  # these have 2 coordinates
        both(WIDE, make, np.zeros(WIDE.dim), **{"max_iter": 150, **rules})
        both(DATA, make, DATA.x0, **{"max_iter": 150, **rules})


@pytest.mark.parametrize("name", SLOW)
def test_the_readable_loop_keeps_query_and_oracle_methods(name):
    both(SEED, SLOW[name], SEED.x0, fast=False, max_iter=40, grad_tol=1e-6)


def test_clip_minibatch_online_and_batches_keep_the_readable_loop():
    both(
        SEED,
        OPTIMIZERS["GD"],
        SEED.x0,
        fast=False,
        clip=partial(gd.clip_by_norm, max_norm=1.0),
        max_iter=50,
    )
    both(DATA, OPTIMIZERS["GD"], DATA.x0, fast=False, batch_size=4, max_iter=50)
    lrs = np.array([[0.1], [0.6]])
    res = gd.minimize(SEED, gd.GD(lr=lrs), np.tile(SEED.x0, (2, 1)), max_iter=50)
    assert res.batch_shape == (2,)


@pytest.mark.parametrize("max_iter", [40, 100, 400])
@pytest.mark.parametrize("steps", [1, 5, 31, 32, 33, 95, 96, 97, 223, 224, 225, 300])
def test_a_nan_gradient_at_each_place_in_a_block(steps, max_iter):
    # GD moves x[0] up from -2 towards 1; the gradient is NaN from the point of step
    # `steps` on, so the run diverges there: mid-block, at a block's edge, or never
    ref = gd.minimize(SEED, gd.GD(lr=0.05), SEED.x0, max_iter=400)
    edge = float(ref.xs[steps - 1, 0] + ref.xs[steps, 0]) / 2
    res = both(NanBeyond(edge), OPTIMIZERS["GD"], SEED.x0, max_iter=max_iter, patience=50)
    assert res.nit == min(steps, max_iter)
    assert res.status == ("diverged" if steps <= max_iter else "max_iter")


def test_grad_tol_keeps_the_readable_loop():
    # a converging run would compute up to a block of steps past its stop in blocks
    res = both(SEED, OPTIMIZERS["GD"], SEED.x0, fast=False, grad_tol=1e-6, max_iter=400)
    assert res.status == "converged"


@pytest.mark.parametrize("lr", [0.49, 0.5, 0.51, 0.55, 0.7, 3.0])
@pytest.mark.parametrize("factor", [1e6, 10.0, None])
def test_divergence_and_overflow_to_nan(lr, factor):
    res = both(SEED, lambda: gd.GD(lr=lr), SEED.x0, max_iter=3000, divergence_factor=factor)
    assert res.status in ("diverged", "max_iter", "no_improvement")


@dataclass(frozen=True)
class NanBeyond:
    """The seed quadratic whose gradient is NaN where x[0] > edge (f stays finite)."""

    edge: float
    dim = 2

    def f(self, x):
        return SEED.f(x)

    def grad(self, x):
        return np.where(np.asarray(x)[..., :1] > self.edge, np.nan, SEED.grad(x))


@pytest.mark.parametrize("edge", [-1.9, -1.5, -0.5, 0.5, 0.99])
@pytest.mark.parametrize("name", ["GD", "Adam", "Lion", "RMSProp"])
def test_a_non_finite_gradient_mid_block(edge, name):
    res = both(NanBeyond(edge), OPTIMIZERS[name], SEED.x0, max_iter=500)
    assert res.status in ("diverged", "max_iter")


@dataclass(frozen=True)
class RaisesBeyond:
    """A gradient that raises where x[0] > edge: a call the readable loop may never make."""

    edge: float
    nan_first: bool
    dim = 2

    def f(self, x):
        return SEED.f(x)

    def grad(self, x):
        x = np.asarray(x)
        if x[0] > self.edge + 1.0:
            raise ArithmeticError(f"grad at {x.tolist()}")
        if self.nan_first and x[0] > self.edge:
            return np.full(2, np.nan)
        return SEED.grad(x)


@pytest.mark.parametrize("edge", [-1.9, -1.0, 0.5])
@pytest.mark.parametrize("nan_first", [True, False])
@pytest.mark.parametrize("name", ["GD", "Momentum", "Adam"])
def test_an_error_past_the_stop_is_not_raised_and_before_it_is(edge, nan_first, name):
    problem = RaisesBeyond(edge, nan_first)
    out = both(problem, OPTIMIZERS[name], SEED.x0, may_raise=True, max_iter=400)
    if nan_first:  # the NaN gradient stops the run before the call that would raise
        assert out.status == "diverged"
    elif edge < 0:  # the run reaches the call that raises, in both loops
        assert isinstance(out, ArithmeticError)


@dataclass(frozen=True)
class Odd:
    """The seed quadratic whose gradient comes in another form from step ``after`` on."""

    kind: str
    dim: int = 2

    def f(self, x):
        return SEED.f(x)

    def grad(self, x):
        g = SEED.grad(x)
        if np.asarray(x).ndim > 1 or abs(float(x[0]) - 1.0) > 0.5:
            return g  # far from the minimum: a plain row
        if self.kind == "list":
            return g.tolist()
        if self.kind == "float32":
            return g.astype(np.float32)
        if self.kind == "strided":
            return np.repeat(g, 2)[::2]
        if self.kind == "big-endian":
            return g.astype(">f8")
        if self.kind == "huge":  # finite entries whose norm overflows
            return g * 1e300
        raise AssertionError(self.kind)


@pytest.mark.parametrize("kind", ["list", "float32", "strided", "big-endian", "huge"])
@pytest.mark.parametrize("factor", [1e6, None])
def test_gradients_that_are_not_plain_float64_rows(kind, factor):
    both(Odd(kind), OPTIMIZERS["GD"], SEED.x0, max_iter=200, divergence_factor=factor)
    both(Odd(kind), OPTIMIZERS["Adam"], SEED.x0, max_iter=200, divergence_factor=factor)


class InPlace:
    """The seed quadratic writing its gradient into one buffer, returned at every call."""

    dim = 2

    def __init__(self):
        self.out = np.empty(2)

    def f(self, x):
        return SEED.f(x)

    def grad(self, x):
        if np.asarray(x).ndim > 1:
            return SEED.grad(x)
        np.multiply(SEED.grad(x), 1.0, out=self.out)
        return self.out


@dataclass(frozen=True)
class InPlaceGD:
    """GD that updates x in place and returns it; its step is a list every 7th step."""

    lr: float = 0.05

    def init(self, x):
        return gd.GDState(0)

    def step(self, x, g, state):
        x -= self.lr * np.asarray(g)
        return (x.tolist() if state.t % 7 == 6 else x), gd.GDState(state.t + 1)

    def learning_rate(self, state):
        return self.lr


def test_buffers_reused_by_the_problem_or_the_optimizer():
    both(InPlace(), OPTIMIZERS["Momentum"], SEED.x0, max_iter=100, grad_tol=1e-4)
    both(SEED, InPlaceGD, SEED.x0.copy(), max_iter=100, grad_tol=1e-4)


@dataclass(frozen=True)
class ShapeShifter:
    """Its step turns x into a batch at step ``at`` (an error of the run, raised by both)."""

    at: int

    def init(self, x):
        return gd.GDState(0)

    def step(self, x, g, state):
        x = x - 0.05 * g
        return (np.stack([x, x]) if state.t == self.at else x), gd.GDState(state.t + 1)


@pytest.mark.parametrize("at", [0, 10, 31, 40])
@pytest.mark.parametrize("rules", [{}, {"grad_tol": 1.0}])
def test_an_optimizer_error_is_raised_unless_the_run_stopped_first(at, rules):
    both(SEED, lambda: ShapeShifter(at), SEED.x0, may_raise=True, max_iter=100, **rules)


def test_projected_runs_and_an_optimizer_without_learning_rate():
    ball = gd.Ball(SEED.x_star, 1.0)
    both(SEED, OPTIMIZERS["Adam"], SEED.x0, max_iter=200, project=ball, grad_tol=1e-3)
    both(SEED, OPTIMIZERS["GD"], SEED.x0, max_iter=200, project=np.abs, patience=4)
    both(SEED, lambda: ShapeShifter(10**6), SEED.x0, max_iter=70)


def test_gradient_norms_of_a_block_equal_those_of_single_vectors():
    # the block loop's claim: vecdot over contiguous float64 rows is ddot row by row
    rng = np.random.default_rng(0)
    for dim in (1, 2, 3, 7, 16, 31, 32, 33, 100, 1000):
        rows = rng.standard_normal((50, dim)) * rng.uniform(1e-3, 1e3, (50, 1))
        one = [math.sqrt(g.dot(g)) for g in rows]
        assert np.sqrt(np.vecdot(rows, rows)).tolist() == one, dim


@dataclass(frozen=True)
class Loose:
    """f = |x - 1|^2, whose gradient is NaN where x[0] > edge; it takes points of any length."""

    edge: float
    dim = 2

    def f(self, x):
        return ((np.asarray(x) - 1.0) ** 2).sum(axis=-1)

    def grad(self, x):
        x = np.asarray(x)
        return np.where(x[..., :1] > self.edge, np.nan, 2.0 * (x - 1.0))


def three_nans_if_not_finite(x):
    return x if np.isfinite(x).all() else np.full(3, np.nan)


@pytest.mark.parametrize("edge", [-1.5, 0.0, 0.5])
def test_an_error_in_the_step_after_the_stop_leaves_the_stop_and_its_gradient(edge):
    # the readable loop stops at the NaN gradient; the block loop takes one more step,
    # whose projection has another shape, and fails recording it: the result is the stop's
    res = both(
        Loose(edge),
        lambda: ShapeShifter(10**6),
        SEED.x0,
        max_iter=300,
        project=three_nans_if_not_finite,
    )
    assert res.status == "diverged" and res.jac.shape == (2,)


@dataclass(frozen=True)
class HalvedGD(gd.GD):
    """GD whose step (read by its step from ``learning_rate``) is half its ``lr``."""

    def learning_rate(self, state):
        return self.lr / 2


@dataclass(frozen=True)
class ChangingState(gd.GD):
    """GD (the base class's ``learning_rate``) whose state after step 5 is a plain tuple,
    which has no field ``t`` for ``learning_rate`` to read."""

    def step(self, x, g, state):
        t = state[0] + 1
        return x - self.lr * g, (gd.GDState(t) if t < 5 else (t,))


def test_the_recorded_step_is_learning_rate_whatever_the_class_does():
    # a constant lr of the base class's learning_rate is recorded without the call; a
    # subclass with its own learning_rate, or a state of another class, is asked
    res = both(SEED, lambda: HalvedGD(lr=0.2), SEED.x0, max_iter=50)
    assert res.lrs.tolist() == [0.1] * 50
    out = both(SEED, lambda: ChangingState(lr=0.2), SEED.x0, may_raise=True, max_iter=50)
    assert isinstance(out, AttributeError)


class StridedWide:
    """The 41-coordinate problem whose gradient is a strided view (BLAS takes another path
    for a stride, and its sums differ in the last bits from a contiguous row's)."""

    dim = WIDE.dim

    def f(self, x):
        return WIDE.f(x)

    def grad(self, x):
        g = WIDE.grad(x)
        return g if g.ndim > 1 else np.repeat(g, 2)[::2]


def test_a_strided_gradient_gets_the_readable_loops_norm():
    res = both(StridedWide(), OPTIMIZERS["GD"], np.zeros(WIDE.dim), max_iter=100)
    assert res.nit == 100


@pytest.mark.parametrize("radius", [10.0, 0.5, 1e-8])
def test_a_projection_that_changes_the_shape_or_the_layout(radius):
    """The block loop copies x into its history through a flat view, which refuses a row of
    another shape; numpy's assignment (the readable loop's) takes over, raising or not.
    Here the projection turns x into a batch once x is within ``radius`` of x*."""

    def batch_near(x):
        return np.stack([x, x]) if np.linalg.norm(x - SEED.x_star) < radius else x

    res = both(SEED, OPTIMIZERS["GD"], SEED.x0, may_raise=True, max_iter=100, project=batch_near)
    assert isinstance(res, Exception) == (radius > 1e-2), res

    def strided(x):  # the same values, every other entry of a longer array
        return np.repeat(x, 2)[::2]

    both(SEED, OPTIMIZERS["Adam"], SEED.x0, max_iter=100, project=strided)


@dataclass(frozen=True)
class Unbounded:
    """``f(x) = -exp(x_0) + x_1^2``: the loss falls to -inf (a divergence) mid-block."""

    dim: int = 2

    def f(self, x):
        x = np.asarray(x)
        return -np.exp(x[..., 0]) + x[..., 1] ** 2

    def grad(self, x):
        x = np.asarray(x)
        return np.stack([-np.exp(x[..., 0]), 2 * x[..., 1]], axis=-1)


@pytest.mark.parametrize("factor", [None, 1e6])
def test_a_loss_unbounded_below_diverges_at_the_same_step(factor):
    res = both(
        Unbounded(), OPTIMIZERS["GD"], np.array([1.0, 1.0]), max_iter=3000, divergence_factor=factor
    )
    assert res.status is gd.Status.DIVERGED, res.message


def test_a_loss_exactly_at_the_threshold_is_not_a_divergence():
    # f = (x - 1)^2 + 2 (y - 2)^2 from (0, 2): f(x0) = 1, so with divergence_factor 1 the
    # threshold is 1. GD with lr 1 sends x to 2 - x and keeps y = 2: f stays exactly 1.
    x0 = np.array([0.0, 2.0])
    res = both(SEED, lambda: gd.GD(lr=1.0), x0, max_iter=100, divergence_factor=1.0)
    assert res.fs.max() == 1.0 and res.status is gd.Status.MAX_ITER, res.message


@dataclass(frozen=True)
class ChangesState(gd.GD):
    """GD whose state turns into another class after step ``at``: its step size is asked
    of ``learning_rate`` again (here half of ``lr``) from then on."""

    at: int = 40

    def learning_rate(self, state):
        return self.lr / 2 if isinstance(state, Later) else self.lr

    def step(self, x, g, state):
        eta = self.learning_rate(state)
        t = state.t + 1
        return x - eta * g, (Later(t) if t >= self.at else gd.GDState(t))


class Later(NamedTuple):
    t: int


@pytest.mark.parametrize("at", [1, 31, 40, 100])
def test_a_state_of_another_class_mid_run_records_its_own_step(at):
    res = both(SEED, lambda: ChangesState(lr=0.1, at=at), SEED.x0, max_iter=200)
    assert res.lrs[:at].tolist() == [0.1] * at and set(res.lrs[at:].tolist()) == {0.05}
