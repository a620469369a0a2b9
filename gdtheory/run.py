r"""The run loop: ``minimize(problem, optimizer, x0, ...)`` and its ``Result``.

One loop serves every optimizer and every problem:

1. ask the optimizer where it wants the gradient: ``q = optimizer.query(x, state)``
   (not called for one that keeps the base class's ``query``, which is ``x`` itself);
2. evaluate the gradient there: the full one, a minibatch one
   (``batch_size``; indices from [`sample_minibatch`][gdtheory.sample_minibatch]
   with a generator seeded by ``seed``), or round ``t`` of an online problem;
3. optionally ``clip`` it, take the step ``x, state = optimizer.step(x, g, state)``
   and optionally ``project`` the new point;
4. record $x_t$, $f(x_t)$, $\|\nabla f(x_t)\|$ (both for the full objective, also
   in stochastic runs) and the step $\eta_t$ the optimizer reports,
   ``optimizer.learning_rate(state)``, and test the stopping criteria.

**Methods that need more than a gradient** (Newton's Hessian, a line search's
function values, L-BFGS's re-evaluations inside one step) declare it in a class
attribute ``needs`` (any of ``"f"``, ``"grad"``, ``"hess"``) and take a fourth
argument: ``step(x, g, state, oracle)``. ``minimize`` builds the oracle once from the
problem (a [`ProblemOracle`][gdtheory.ProblemOracle]: ``f``, ``grad``,
``value_and_grad``, ``hess``, ``hvp`` of the full objective at any point, counted in
``Result.evaluations``) and refuses, before the first step, a problem that cannot
answer or a minibatch run. The loop is otherwise the same: ``g`` is still the
gradient at ``query(x, state)``, and the step size is read from the state the step
returns (``learning_rate(new_state)``: a line search finds it during the step). An
optimizer without ``needs`` is called exactly as before, with no cost per step. See
[`gdtheory.second_order`][gdtheory.Newton] for the methods.

The ``Result`` also records which optimizer ran and the wrappers around it (the
``clip`` and ``project`` functions, the minibatch size), so that a convergence
check can tell from the ``Result`` alone whether its theorem applies.

The stopping criteria are small predicates on the newest values, tested after each
step in this order (the first that holds names the status):

* ``"diverged"``: $f(x_t)$ or $\nabla f(x_t)$ is not finite, or the loss exploded,
  $f(x_t) >$ ``divergence_factor`` $\cdot \max(1, |f(x_0)|)$; also a non-finite
  gradient at the query point (the run then stops before that step);
* ``"converged"``: $\|\nabla f(x_t)\| \le$ ``grad_tol``;
* ``"no_improvement"``: no decrease of more than ``min_delta`` below the best loss
  so far for ``patience`` consecutive steps;
* ``"max_iter"``: ``max_iter`` steps taken.

A single run of a gradient method on the full gradient (no ``clip``, the identity
``query``) computes this loop a block of steps at a time, the gradient norms and the
rules on them once per block: the same ``Result``, bit for bit, with less work per step.

Floating-point overflow inside the loop is silenced (``np.errstate``) and shows up
as a ``"diverged"`` status instead of a storm of warnings.

**Batched runs.** ``x0`` of shape ``(K, dim)`` (or any ``(..., dim)``) with
hyperparameters of shape ``(K, 1)`` runs ``K`` runs at once. Each run stops on its
own: when it meets a criterion it is frozen (its ``x`` no longer moves, it receives a
zero gradient) and gets its own status, step count and message, while the others go
on; the loop ends when every run has stopped. So a learning-rate sweep may contain
divergent rates. All runs share the minibatch drawn at each step (common random
numbers), so each run of a batch equals the single run with the same seed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

import numpy as np

from ._validation import boolean, integer, nonnegative, positive
from .optimizers import _Base
from .protocols import Optimizer, Problem

__all__ = ["Result", "Status", "minimize", "sample_minibatch"]


class Status(StrEnum):
    """Why a run stopped. A ``str`` subclass: ``Status.DIVERGED == "diverged"``."""

    CONVERGED = "converged"
    """The gradient norm fell to ``grad_tol``."""
    NO_IMPROVEMENT = "no_improvement"
    """The loss did not improve by more than ``min_delta`` for ``patience`` steps."""
    MAX_ITER = "max_iter"
    """``max_iter`` steps were taken."""
    DIVERGED = "diverged"
    """A non-finite loss or gradient, or a loss above the divergence threshold."""


_ORDER = (Status.CONVERGED, Status.NO_IMPROVEMENT, Status.MAX_ITER, Status.DIVERGED)


@dataclass(frozen=True, eq=False)
class Result:
    r"""The outcome of [`minimize`][gdtheory.minimize]: scipy-like fields and the whole history.

    For a single run (``x0`` of shape ``(dim,)``):

    Attributes:
        x: the last iterate, shape ``(dim,)`` (for a diverged run, the point where
            the divergence was seen).
        fun: $f(x)$ (the full objective; for an online problem its average).
        jac: the full gradient at ``x``.
        nit: the number of steps taken.
        success: ``True`` when the status is ``"converged"``.
        status: a [`Status`][gdtheory.Status] (a ``str``).
        message: a sentence saying why the run stopped.
        xs: iterates $x_0, \dots, x_{nit}$, shape ``(nit + 1, dim)``.
        fs: $f(x_t)$, shape ``(nit + 1,)``.
        grad_norms: $\|\nabla f(x_t)\|$ of the full gradient, shape ``(nit + 1,)``.
        lrs: $\eta_t$, the step the optimizer reports it used at step ``t``
            (``optimizer.learning_rate(state)``: schedules, warmup and decay
            included), shape ``(nit,)``; ``nan`` for an optimizer without
            ``learning_rate``. A step that differs across coordinates is recorded
            by its largest coordinate.
        messages: ``message`` as a 0-d array (one per run in a batch).
        optimizer: the optimizer that ran (a [`Clipped`][gdtheory.Clipped] one
            included, as it was passed).
        clip: the function that clipped the gradients (``minimize``'s ``clip``,
            or the one of a [`Clipped`][gdtheory.Clipped] optimizer), or ``None``.
        project: the projection applied after each step, or ``None``.
        batch_size: the minibatch size, or ``None`` for the full gradient.
        evaluations: for an optimizer with ``needs`` (Newton's method, a line
            search, L-BFGS), how many times its steps asked the problem for each of
            ``"f"``, ``"grad"`` and ``"hess"`` (on top of the loop's own gradient and
            loss at each iterate); ``None`` for a gradient method.

    For a batch (``x0`` of shape ``(*B, dim)``) every field gains the batch axes:
    ``x`` and ``jac`` are ``(*B, dim)``; ``fun``, ``nit``, ``success``, ``status``
    (strings) and ``messages`` are ``(*B)``; the histories are ``(T + 1, *B, ...)``
    and ``(T, *B)`` with ``T = nit.max()``. After a run stops, its ``x``, ``f`` and
    gradient norm are held constant and its ``lrs`` are ``nan``. ``message``
    summarizes the statuses; ``result.run(k)`` is run ``k`` alone, as a single-run
    result with its own history.
    """

    x: np.ndarray
    fun: Any
    jac: np.ndarray
    nit: Any
    success: Any
    status: Any
    message: str
    xs: np.ndarray
    fs: np.ndarray
    grad_norms: np.ndarray
    lrs: np.ndarray
    messages: np.ndarray
    optimizer: Any = None
    clip: Callable[[np.ndarray], np.ndarray] | None = None
    project: Callable[[np.ndarray], np.ndarray] | None = None
    batch_size: int | None = None
    evaluations: dict[str, int] | None = None

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The shape of the batch of runs; ``()`` for a single run."""
        return self.xs.shape[1:-1]

    def run(self, index: int | tuple[int, ...]) -> Result:
        """Run ``index`` of a batch as a single-run ``Result``, its history cut at its ``nit``."""
        if self.batch_shape == ():
            if index in ((), None):
                return self
            raise ValueError(f"index must be () for a single run, got {index!r}")
        index = index if isinstance(index, tuple) else (index,)
        try:
            nit = int(np.asarray(self.nit)[index])
        except (IndexError, TypeError, ValueError):
            raise ValueError(
                f"index must select one run of the batch of shape {self.batch_shape}, got {index!r}"
            ) from None
        sel = (slice(None), *index)
        return Result(
            x=self.x[index],
            fun=float(self.fun[index]),
            jac=self.jac[index],
            nit=nit,
            success=bool(self.success[index]),
            status=Status(str(self.status[index])),
            message=str(self.messages[index]),
            xs=self.xs[sel][: nit + 1],
            fs=self.fs[sel][: nit + 1],
            grad_norms=self.grad_norms[sel][: nit + 1],
            lrs=self.lrs[sel][:nit],
            messages=np.array(self.messages[index], dtype=object),
            optimizer=_one_run_of(self.optimizer, index, self.batch_shape),
            clip=self.clip,
            project=self.project,
            batch_size=self.batch_size,
            evaluations=self.evaluations,
        )

    def __repr__(self) -> str:
        if self.batch_shape == ():
            return (
                f"Result(status={str(self.status)!r}, nit={self.nit}, fun={self.fun:.6g}, "
                f"x={np.array2string(np.asarray(self.x), precision=6)}, "
                f"message={self.message!r})"
            )
        return (
            f"Result(batch_shape={self.batch_shape}, steps={self.xs.shape[0] - 1}, "
            f"message={self.message!r})"
        )


def sample_minibatch(
    rng: np.random.Generator, n: int, batch_size: int, replace: bool = False
) -> np.ndarray:
    """The example indices of one minibatch, drawn from ``rng``.

    With ``replace=True``: ``batch_size`` independent uniform indices
    (``rng.integers(0, n, batch_size)``; repeats possible), so the minibatch gradient
    has variance $\\sigma^2 / B$. Without (the default): a uniformly random subset of
    ``batch_size`` distinct examples, drawn afresh at every step
    (``rng.choice(n, batch_size, replace=False)``; not epochs of a permutation), so
    the variance is $\\frac{\\sigma^2}{B} \\frac{n - B}{n - 1}$. Here
    $\\sigma^2 = \\frac1n \\sum_i \\|\\nabla f_i - \\nabla f\\|^2$.

    This is the function [`minimize`][gdtheory.minimize] calls at each step.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> idx = gd.sample_minibatch(np.random.default_rng(0), n=10, batch_size=4)
        >>> idx.shape, len(set(idx.tolist()))
        ((4,), 4)
    """
    if replace:
        return rng.integers(0, n, size=batch_size)
    return rng.choice(n, size=batch_size, replace=False)


# --- argument checks ----------------------------------------------------------------


def _check_x0(problem: Problem, x0: object) -> np.ndarray:
    dim = getattr(problem, "dim", None)
    if not isinstance(dim, int | np.integer):
        raise ValueError(f"problem must have an integer attribute dim, got {problem!r}")
    try:
        x = np.array(x0, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"x0 must be an array of numbers, got {x0!r}") from None
    if x.ndim == 0 or x.shape[-1] != dim:
        raise ValueError(
            f"x0 must have shape ({dim},) for one run or (K, {dim}) for K runs "
            f"(the problem's dim is {dim}), got shape {x.shape}"
        )
    if x.size == 0:
        raise ValueError(f"x0 must hold at least one run, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 must be finite, got non-finite entries")
    return x


@dataclass(frozen=True)
class _Rules:
    """The stopping rules of one call of ``minimize``."""

    max_iter: int
    grad_tol: float | None
    patience: int | None
    min_delta: float
    divergence_factor: float | None


@dataclass(frozen=True)
class _Setup:
    """Everything ``minimize`` checked, ready for the loop."""

    x: np.ndarray
    rules: _Rules
    gradient: Callable[[np.ndarray, int], Any]  # the gradient a step uses, at point q, step t
    exact: bool  # that gradient is the full one, so the gradient at x can be reused
    clip: Callable[[np.ndarray], np.ndarray] | None
    project: Callable[[np.ndarray], np.ndarray] | None
    batch_size: int | None
    oracle: Any = None  # what answers an optimizer with ``needs`` (None for gradient methods)


def _oracle(problem: Problem, optimizer: Optimizer, batch_size: object, online: bool) -> Any:
    """The oracle for an optimizer that declares ``needs`` (see the module), else ``None``."""
    needs = getattr(optimizer, "needs", None)
    if not needs:
        inner = getattr(optimizer, "optimizer", None)
        if getattr(inner, "needs", None):
            raise ValueError(
                f"{type(inner).__name__} asks the problem for {tuple(inner.needs)} inside its "
                f"step, which {type(optimizer).__name__} does not pass on: use "
                "minimize(..., clip=...) instead of wrapping it"
            )
        return None
    name = type(optimizer).__name__
    if batch_size is not None or online:
        raise ValueError(
            f"{name} asks the problem for {tuple(needs)} inside its step, which the run loop "
            f"answers for the full objective only: batch_size must be None (got {batch_size!r}) "
            "and the problem not online"
        )
    from .second_order import ProblemOracle

    return ProblemOracle(problem, tuple(needs))


def _setup(
    problem: Problem,
    optimizer: Optimizer,
    x0: object,
    *,
    max_iter: object,
    batch_size: object,
    replace: object,
    seed: object,
    clip: object,
    project: object,
    grad_tol: object,
    patience: object,
    min_delta: object,
    divergence_factor: object,
) -> _Setup:
    """Check every argument of ``minimize`` (``ValueError`` naming it) and build the oracle."""
    x = _check_x0(problem, x0)
    rules = _Rules(
        max_iter=integer("max_iter", max_iter, 1),
        grad_tol=None if grad_tol is None else nonnegative("grad_tol", grad_tol),
        patience=None if patience is None else integer("patience", patience, 1),
        min_delta=nonnegative("min_delta", min_delta),
        divergence_factor=None
        if divergence_factor is None
        else positive("divergence_factor", divergence_factor),
    )
    replace = boolean("replace", replace)
    for name, fn in (("clip", clip), ("project", project)):
        if fn is not None and not callable(fn):
            raise ValueError(f"{name} must be a callable or None, got {fn!r}")
    for name in ("init", "step"):
        if not callable(getattr(optimizer, name, None)):
            raise ValueError(f"optimizer must have a method {name}(...), got {optimizer!r}")
    try:
        rng = np.random.default_rng(seed)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"seed must be an int, a numpy Generator or None, got {seed!r}") from None
    online = bool(getattr(problem, "online", False))
    oracle = _oracle(problem, optimizer, batch_size, online)
    if batch_size is None:
        gradient = (lambda q, t: problem.grad(q, t=t)) if online else (lambda q, t: problem.grad(q))
        return _Setup(x, rules, gradient, not online, clip, project, None, oracle)  # type: ignore[arg-type]
    size = integer("batch_size", batch_size, 1)
    n = getattr(problem, "n", None)
    if online or not isinstance(n, int | np.integer):
        raise ValueError(
            f"batch_size={size} needs a finite-sum problem (with n examples and "
            f"an idx argument), got {problem!r}"
        )
    if not replace and size > n:
        raise ValueError(
            f"batch_size={size} exceeds the n={n} examples: sampling without "
            "replacement needs batch_size <= n (or replace=True)"
        )

    def gradient(q: np.ndarray, t: int) -> Any:
        return problem.grad(q, idx=sample_minibatch(rng, int(n), size, bool(replace)))

    return _Setup(x, rules, gradient, False, clip, project, size)  # type: ignore[arg-type]


# --- stopping rules: small predicates on the newest values (floats, or arrays per run) ---


def _is_diverged(f: Any, grad_ok: Any, threshold: Any) -> Any:
    """A non-finite loss or gradient, or a loss above the threshold."""
    return (f != f) | (abs(f) == math.inf) | (grad_ok == False) | (f > threshold)  # noqa: E712


def _is_converged(grad_norm: Any, grad_tol: float | None) -> Any:
    """The gradient-norm threshold."""
    return grad_tol is not None and grad_norm <= grad_tol


def _is_stalled(steps_since_improvement: Any, patience: int | None) -> Any:
    """No improvement larger than ``min_delta`` for ``patience`` steps."""
    return patience is not None and steps_since_improvement >= patience


def _is_out_of_steps(t: int, max_iter: int) -> bool:
    """The step budget is spent."""
    return t >= max_iter


_TESTED = (Status.DIVERGED, Status.CONVERGED, Status.NO_IMPROVEMENT, Status.MAX_ITER)


def _criteria(
    rules: _Rules, t: int, f: Any, gnorm: Any, grad_ok: Any, since: Any, threshold: Any
) -> tuple:
    """Each stopping rule at step ``t``, in the order of ``_TESTED`` (bools, or masks)."""
    return (
        _is_diverged(f, grad_ok, threshold),
        _is_converged(gnorm, rules.grad_tol),
        _is_stalled(since, rules.patience),
        _is_out_of_steps(t, rules.max_iter),
    )


def _threshold(rules: _Rules, f0: Any) -> Any:
    """The loss above which a run has exploded: ``divergence_factor * max(1, |f(x0)|)``."""
    if rules.divergence_factor is None:
        return math.inf
    return rules.divergence_factor * np.maximum(1.0, np.abs(f0))


def _message(
    code: Status, t: int, f: float, gnorm: float, grad_ok: bool, threshold: float, rules: _Rules
) -> str:
    """The sentence that says why a run stopped at step ``t``."""
    if code is Status.DIVERGED:
        if not math.isfinite(f):
            why = f"f = {f} is not finite"
        elif not grad_ok:
            why = f"the gradient is not finite (its norm is {gnorm})"
        else:
            why = (
                f"the loss exploded: f = {f:.6g} > divergence_factor * max(1, |f(x0)|) "
                f"= {threshold:.6g}"
            )
    elif code is Status.CONVERGED:
        why = f"gradient norm {gnorm:.3g} <= grad_tol = {rules.grad_tol:g} (f = {f:.6g})"
    elif code is Status.NO_IMPROVEMENT:
        why = (
            f"no decrease of f by more than min_delta = {rules.min_delta:g} below its best "
            f"in the last {rules.patience} steps (f = {f:.6g})"
        )
    else:
        why = f"reached max_iter = {rules.max_iter} (f = {f:.6g}, gradient norm {gnorm:.3g})"
    return f"{code.value} after {t} steps: {why}"


def _query_message(t: int, stage: str) -> str:
    return (
        f"diverged after {t} steps: the gradient at the query point of step {t} "
        f"is not finite{stage}"
    )


# --- the loop ---------------------------------------------------------------------------


def _finite(g: np.ndarray) -> bool:
    """Every entry of ``g`` is finite (a cheap sum test first; exact when it overflows)."""
    return math.isfinite(np.vdot(g, g)) or bool(np.isfinite(g).all())


def _takes_batches(f: Callable[[np.ndarray], Any], x: np.ndarray) -> bool:
    """Whether ``f`` of two stacked points gives the two values of ``f`` one point at a time.

    The problem contract asks for it; a hand-written ``f`` for one point (``x[0]**2 +
    x[1]**2``) silently mixes the points of a stack, so it is tested, not assumed.
    """
    pair = np.stack([x, 0.5 * x + 0.25])
    try:
        together = np.asarray(f(pair), dtype=float)
        apart = np.array([float(f(pair[0])), float(f(pair[1]))])
    except (TypeError, ValueError, IndexError):
        return False
    return together.shape == (2,) and all(
        a == b or (a != a and b != b) or abs(a - b) <= 1e-12 * abs(b)  # np.allclose's test
        for a, b in zip(together.tolist(), apart.tolist(), strict=True)
    )


def _widest(lr: Any, x: np.ndarray) -> Any:
    """The step of each run as reported: a number as it is, a step per coordinate by its largest."""
    if isinstance(lr, float):
        return lr
    value = np.asarray(lr, dtype=float)
    if value.ndim == 0:
        return float(value)
    try:
        widest = np.broadcast_to(value, x.shape).max(axis=-1)
    except ValueError:
        raise ValueError(
            f"the learning rate has shape {value.shape}, which does not broadcast against "
            f"x of shape {x.shape}: its hyperparameters have a batch axis, so pass x0 with "
            f"that batch shape, e.g. np.broadcast_to(x0, {value.shape[:-1] + x.shape[-1:]})"
        ) from None
    return float(widest) if widest.ndim == 0 else widest


def _no_step_size(state: Any) -> float:
    """The step of an optimizer that does not report one (no ``learning_rate``)."""
    return math.nan


def _evaluate(problem: Problem, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``f(x)`` and the full gradient at the start, with their shapes checked."""
    f = np.asarray(problem.f(x), dtype=float)
    g = np.asarray(problem.grad(x), dtype=float)
    if f.shape != x.shape[:-1] or g.shape != x.shape:
        raise ValueError(
            f"problem.f and problem.grad must return shapes {x.shape[:-1]} and {x.shape} "
            f"for x of shape {x.shape}, got {f.shape} and {g.shape}"
        )
    return f, g


_F64 = np.dtype(np.float64)


def _new_point(x_new: Any, x: np.ndarray) -> np.ndarray:
    """The optimizer's new point, as a float array of the shape of ``x``."""
    if type(x_new) is np.ndarray and x_new.dtype is _F64 and x_new.shape == x.shape:
        return x_new
    if type(x_new) is not np.ndarray or x_new.dtype is not _F64:
        x_new = np.asarray(x_new, dtype=float)
    if x_new.shape != x.shape:
        raise ValueError(
            f"the optimizer turned x of shape {x.shape} into shape {x_new.shape}: "
            "its hyperparameters have a batch axis, so pass x0 with that batch "
            f"shape, e.g. np.broadcast_to(x0, {x_new.shape})"
        )
    return x_new


_IDENTITY_QUERY = _Base.query  # ``query(x, state) = x``, as defined when this module was loaded


def _query_of(optimizer: Optimizer) -> Callable[[np.ndarray, Any], np.ndarray] | None:
    """The optimizer's ``query``, or ``None`` where it is the identity (the loop then uses ``x``).

    An optimizer that inherits the base class's ``query`` asks for the gradient at ``x``;
    the loop skips that call. One that overrides ``query`` (or has no base class) is
    called at every step, whatever its ``query`` returns.
    """
    query = getattr(optimizer, "query", None)
    if query is None or getattr(type(optimizer), "query", None) is _IDENTITY_QUERY:
        return None
    return query


def _history(x: np.ndarray, max_iter: int) -> np.ndarray:
    """The buffer of the iterates of a single run: ``x`` in row 0, room for a first block."""
    rows = np.empty((min(max_iter + 1, _BLOCK[0] + 1), x.shape[-1]))
    rows[0] = x
    return rows


def _grown(rows: np.ndarray, max_iter: int) -> np.ndarray:
    """``rows`` in a buffer twice as long (at most ``max_iter + 1`` rows): a run that stops
    early holds at most twice the memory of its history, and a run of ``n`` steps copies
    fewer than ``2 n`` rows in all."""
    bigger = np.empty((min(2 * len(rows), max_iter + 1), rows.shape[1]))
    bigger[: len(rows)] = rows
    return bigger


def _stepper(optimizer: Optimizer, s: _Setup) -> tuple[Callable[..., Any], bool]:
    """The step the loop calls, ``step(x, g, state)``, and whether its step size is read after it.

    A gradient method's own ``step``; for a method with ``needs``, its ``step`` with the
    oracle bound (so the loop's body is the same for both, and no slower for the first).
    """
    if s.oracle is None:
        return optimizer.step, False
    return partial(optimizer.step, oracle=s.oracle), True


@dataclass
class _Run:
    """What the loop hands to the result assembly."""

    x: np.ndarray
    f: Any
    g: np.ndarray
    nit: Any
    status: Any
    messages: Any
    xs: np.ndarray  # (nit + 1, *B, dim), fresh: the result freezes it without a copy
    fs: np.ndarray
    gns: np.ndarray
    lrs: np.ndarray


_BLOCK = 32, 1024  # steps of a single run whose losses one vectorized call evaluates: first, most


class _Rulebook:
    """The stopping rules of a single run, applied step by step to its history.

    The losses are evaluated a block of steps at a time (one vectorized ``problem.f``
    call per block; the blocks double from 32 steps to 1024, so a run never computes
    many more steps than it keeps); the gradient norms are known at every step. The
    loop calls ``settle`` after each block, and at once when a rule on the gradient
    may hold, so the first step at which a rule holds is found exactly, in the rules'
    order, whatever the block.
    """

    def __init__(self, problem: Problem, rules: _Rules, f0: float, block: int) -> None:
        self.problem, self.rules, self.block = problem, rules, block
        self.threshold = float(_threshold(rules, f0))
        self.fs = [f0]
        self.best, self.since = f0, 0
        self.checked, self.next_check = -1, 0
        self.overflowed: set[int] = set()  # steps whose finite gradient has an infinite norm
        self.vectorized: bool | None = None  # whether f takes a batch of points, once known

    def _losses(self, points: np.ndarray) -> np.ndarray:
        """``f`` at the rows of ``points``: one vectorized call if ``f`` takes a batch of points."""
        f = self.problem.f
        if self.vectorized is None:
            self.vectorized = _takes_batches(f, points[0])
        if self.vectorized:
            return np.array(f(points), dtype=float)
        return np.array([float(f(x)) for x in points])

    def grad_ok(self, t: int, gnorm: float) -> bool:
        return gnorm < math.inf or t in self.overflowed

    def settle(self, xs: np.ndarray, gns: list) -> tuple[int, Status] | None:
        """Test the rules at every step not yet tested (``xs``: the iterates so far, one a
        row); the first step and rule that hold."""
        start, end = self.checked + 1, len(xs)
        fs, known = self.fs, len(self.fs)
        if known < end:
            new = self._losses(xs[known:])
            fs.extend(new.tolist())
        steps = np.arange(start, end)
        f = new if start == known < end else np.array(fs[start:end], dtype=float)
        gnorm = np.array(gns[start:end], dtype=float)
        if self._none_can_hold(f, gnorm, end - 1):
            hits = None
        else:
            ok = gnorm < math.inf
            for t in self.overflowed:
                if start <= t < end:
                    ok[t - start] = True
            since = self._since(f, start)
            crit = _criteria(self.rules, steps, f, gnorm, ok, since, self.threshold)
            hits = np.empty((len(crit), len(steps)), dtype=bool)  # (rule, step)
            for row, c in zip(hits, crit, strict=True):
                row[...] = c
        self.checked = end - 1
        self.next_check = min(end - 1 + self.block, self.rules.max_iter)
        if self.block > 1:  # a stochastic run (block 1) tests every step
            self.block = min(2 * self.block, _BLOCK[1])
        if hits is None or not hits.any():
            return None
        first = int(np.argmax(hits.any(axis=0)))
        self.checked = start + first
        return start + first, _TESTED[int(np.argmax(hits[:, first]))]

    def _none_can_hold(self, f: np.ndarray, gnorm: np.ndarray, last: int) -> bool:
        """Whether no rule can hold at these steps, tested on the whole block at once: the
        step budget is not spent by ``last``, there is no ``grad_tol`` or ``patience``
        (whose counter must see every step), and every loss and gradient norm is finite
        and every loss at most the divergence threshold (a NaN fails each comparison).
        The common case; otherwise every rule is tested at every step."""
        rules = self.rules
        if f.size == 0:
            return True
        return (
            last < rules.max_iter
            and rules.grad_tol is None
            and rules.patience is None
            and bool(np.abs(f).max() < math.inf)
            and bool(f.max() <= self.threshold)
            and bool(gnorm.max() < math.inf)
        )

    def _since(self, f: np.ndarray, start: int) -> Any:
        """Steps since the last improvement, at each of these steps (0 without patience)."""
        if self.rules.patience is None:
            return 0
        since = np.empty(f.shape, dtype=int)
        for k, value in enumerate(f.tolist()):
            if start + k > 0:
                if value < self.best - self.rules.min_delta:
                    self.best, self.since = value, 0
                else:
                    self.since += 1
            since[k] = self.since
        return since


def _start(problem: Problem, optimizer: Optimizer, s: _Setup) -> tuple:
    """The start of a single run: ``x0``, its gradient, the state, the histories, the rules
    tested at step 0 (``stop``: ``None``, or the step and status of a run that stops there)."""
    x = s.x
    f0, g_full = _evaluate(problem, x)
    # A stochastic run tests its rules at every step, so that it draws no minibatch
    # beyond its stop.
    book = _Rulebook(problem, s.rules, float(f0), _BLOCK[0] if s.exact else 1)
    xs, gns, lrs = _history(x, s.rules.max_iter), [math.sqrt(g_full.dot(g_full))], []
    if not gns[0] < math.inf and np.isfinite(g_full).all():
        book.overflowed.add(0)
    state = optimizer.init(x)
    return x, g_full, state, xs, gns, lrs, book, book.settle(xs[:1], gns)


def _finish(
    problem: Problem,
    book: _Rulebook,
    stop: tuple[int, Status],
    t: int,
    failed: str,
    g_full: np.ndarray,
    xs: np.ndarray,
    gns: list | np.ndarray,
    lrs: list,
) -> _Run:
    """A single run that stopped at step ``nit`` of the ``t`` it computed, as a ``_Run``."""
    nit, code = stop
    if failed:
        message = _query_message(t, " after clipping" if failed == "clip" else "")
    else:
        gnorm = float(gns[nit])
        ok = book.grad_ok(nit, gnorm)
        message = _message(code, nit, book.fs[nit], gnorm, ok, book.threshold, book.rules)
    if nit < t:  # a rule on the loss held inside the last block: the run ends there
        g_full = np.asarray(problem.grad(xs[nit]), dtype=float)
    return _Run(
        xs[nit],
        book.fs[nit],
        g_full,
        nit,
        code,
        message,
        xs[: nit + 1],
        np.array(book.fs[: nit + 1], dtype=float),
        np.array(gns[: nit + 1], dtype=float),
        np.array(lrs[:nit], dtype=float),
    )


def _run_one(problem: Problem, optimizer: Optimizer, s: _Setup) -> _Run:
    """One run (``x`` of shape ``(dim,)``): plain floats, the losses evaluated in blocks."""
    clip, project, exact, max_iter = s.clip, s.project, s.exact, s.rules.max_iter
    query = _query_of(optimizer)
    learning_rate = getattr(optimizer, "learning_rate", None) or _no_step_size
    step, late = _stepper(optimizer, s)
    tol = -1.0 if s.rules.grad_tol is None else s.rules.grad_tol
    x, g_full, state, xs, gns, lrs, book, stop = _start(problem, optimizer, s)
    shape, ndarray, f64 = x.shape, np.ndarray, _F64  # what every new point must be
    t, failed = 0, ""
    while stop is None:
        q = x if query is None else query(x, state)  # query
        if q is x and exact:  # gradient
            g = g_full
        else:
            g = np.asarray(s.gradient(q, t), dtype=float)
            if not _finite(g):
                failed = "query"
        if clip is not None and not failed:  # clip
            g = np.asarray(clip(g), dtype=float)
            failed = "" if _finite(g) else "clip"
        if failed:  # the rules at step t come first; then the step that cannot be taken
            stop = book.settle(xs[: t + 1], gns)
            if stop is None:
                stop = (t, Status.DIVERGED)
            else:
                failed = ""
            break
        if not late:
            lr = learning_rate(state)
            lrs.append(lr if lr.__class__ is float else _widest(lr, x))
        x_new, state = step(x, g, state)  # step
        if late:  # a method that finds its step inside the step reports it in the new state
            lr = learning_rate(state)
            lrs.append(lr if lr.__class__ is float else _widest(lr, x))
        if x_new.__class__ is not ndarray or x_new.dtype is not f64 or x_new.shape != shape:
            x_new = _new_point(x_new, x)
        x = x_new
        if project is not None:  # project
            x = np.asarray(project(x), dtype=float)
        t += 1
        g_full = problem.grad(x)  # record
        if type(g_full) is not np.ndarray:
            g_full = np.asarray(g_full, dtype=float)
        gnorm = math.sqrt(g_full.dot(g_full))
        if t == len(xs):
            xs = _grown(xs, max_iter)
        xs[t] = x
        gns.append(gnorm)
        if not gnorm < math.inf:  # stop: a rule on the gradient holds (or its norm overflowed)
            if np.isfinite(g_full).all():
                book.overflowed.add(t)
            stop = book.settle(xs[: t + 1], gns)
        elif gnorm <= tol or t >= book.next_check:
            stop = book.settle(xs[: t + 1], gns)
    return _finish(problem, book, stop, t, failed, g_full, xs, gns, lrs)


def _run_batch(problem: Problem, optimizer: Optimizer, s: _Setup) -> _Run:
    """A batch of runs (``x`` of shape ``(*B, dim)``), each frozen once it stops."""
    rules, clip, project = s.rules, s.clip, s.project
    query = _query_of(optimizer)
    learning_rate = getattr(optimizer, "learning_rate", None) or _no_step_size
    step, late = _stepper(optimizer, s)
    x = s.x
    batch_shape = x.shape[:-1]
    f, g_full = _evaluate(problem, x)
    gnorm = np.linalg.norm(g_full, axis=-1)
    threshold = _threshold(rules, f)
    best, since = f.copy(), np.zeros(batch_shape, dtype=int)
    running = np.ones(batch_shape, dtype=bool)
    status = np.full(batch_shape, "", dtype=object)
    messages = np.full(batch_shape, "", dtype=object)
    nit = np.zeros(batch_shape, dtype=int)

    def settle(t: int, masks: tuple, why: Callable[[Status, tuple], str]) -> None:
        for code, mask in zip(_TESTED, masks, strict=True):
            newly = running & mask
            for i in map(tuple, np.argwhere(newly)):
                messages[i] = why(code, i)
            status[newly], nit[newly] = code.value, t
            running[newly] = False

    def by_rule(t: int) -> Callable[[Status, tuple], str]:
        thr = np.broadcast_to(threshold, batch_shape)
        return lambda code, i: _message(
            code, t, float(f[i]), float(gnorm[i]), bool(grad_ok[i]), float(thr[i]), rules
        )

    def usable(g: np.ndarray, t: int, stage: str) -> np.ndarray:
        """Stop the runs whose gradient is not finite; give every stopped run a zero one."""
        bad = ~np.all(np.isfinite(g), axis=-1)
        settle(t, (bad, False, False, False), lambda code, i: _query_message(t, stage))
        return np.where(running[..., None], g, 0.0)

    xs, fs, gns, lrs = [x], [f], [gnorm], []
    state = optimizer.init(x)
    t = 0
    grad_ok = np.all(np.isfinite(g_full), axis=-1)
    settle(t, _criteria(rules, t, f, gnorm, grad_ok, since, threshold), by_rule(t))
    while running.any():
        q = x if query is None else query(x, state)  # query
        if q is x and s.exact:  # gradient
            g = g_full
        else:
            g = np.asarray(s.gradient(q, t), dtype=float)
        g = usable(g, t, "")  # a stopped run gets a zero gradient: never a NaN
        if clip is not None:  # clip
            g = usable(np.asarray(clip(g), dtype=float), t, " after clipping")
        if not running.any():
            break
        on = running.copy()
        if not late:
            lrs.append(np.where(on, _widest(learning_rate(state), x), np.nan))
        x_new, state = step(x, g, state)  # step
        if late:
            lrs.append(np.where(on, _widest(learning_rate(state), x), np.nan))
        x_new = _new_point(x_new, x)
        if project is not None:  # project
            x_new = np.asarray(project(x_new), dtype=float)
        x = np.where(on[..., None], x_new, x)
        t += 1
        f = np.where(on, np.asarray(problem.f(x), dtype=float), f)  # record
        g_full = np.where(on[..., None], np.asarray(problem.grad(x), dtype=float), g_full)
        gnorm = np.linalg.norm(g_full, axis=-1)
        improved = f < best - rules.min_delta
        best = np.where(improved, f, best)
        since = np.where(improved, 0, since + 1)
        xs.append(x)
        fs.append(f)
        gns.append(gnorm)
        grad_ok = np.all(np.isfinite(g_full), axis=-1)
        settle(t, _criteria(rules, t, f, gnorm, grad_ok, since, threshold), by_rule(t))  # stop
    lrs = np.array(lrs, dtype=float) if lrs else np.empty((0, *batch_shape))
    xs, fs, gns = (np.array(h, dtype=float) for h in (xs, fs, gns))
    return _Run(x, f, g_full, nit, status, messages, xs, fs, gns, lrs)


def _run(problem: Problem, optimizer: Optimizer, s: _Setup) -> _Run:
    """The loop of this call: a batch, or one run. A single run of a gradient method on the
    full gradient (no ``clip``, the identity ``query``) computes the same loop in blocks of
    steps (``gdtheory._run_fast``, held bit-equal to ``_run_one`` by its tests)."""
    if s.x.ndim > 1:
        return _run_batch(problem, optimizer, s)
    from . import _run_fast

    if _run_fast.applies(problem, optimizer, s):
        return _run_fast.run_one(problem, optimizer, s)
    return _run_one(problem, optimizer, s)


# --- the result ---------------------------------------------------------------------------


def _frozen(a: Any, *, fresh: bool = False) -> np.ndarray:
    """``a`` read-only: a read-only copy, or, when ``a`` is ``fresh`` (the loop's own array or
    a view of one, held by nobody else), ``a`` itself with the array it views made read-only."""
    if not fresh:
        a = np.array(a)
    base = a
    while isinstance(base, np.ndarray):
        base.setflags(write=False)
        base = base.base
    return a


def _clip_of(optimizer: Any, clip: Callable | None) -> Callable | None:
    """The clipping of a run: ``minimize``'s ``clip``, or the one a ``Clipped`` optimizer adds."""
    if clip is not None:
        return clip
    from .clipping import Clipped

    return optimizer.clip if isinstance(optimizer, Clipped) else None


def _result(run: _Run, optimizer: Optimizer, s: _Setup) -> Result:
    """Assemble the ``Result``: read-only histories, and what ran with which wrappers."""
    batch_shape = s.x.shape[:-1]
    common = dict(
        xs=_frozen(run.xs, fresh=True),
        fs=_frozen(run.fs, fresh=True),
        grad_norms=_frozen(run.gns, fresh=True),
        lrs=_frozen(run.lrs, fresh=True),
        x=_frozen(run.x),
        jac=_frozen(run.g),
        optimizer=optimizer,
        clip=_clip_of(optimizer, s.clip),
        project=s.project,
        batch_size=s.batch_size,
        evaluations=None if s.oracle is None else dict(s.oracle.counts),
    )
    if batch_shape == ():
        return Result(
            fun=float(run.f),
            nit=int(run.nit),
            success=run.status is Status.CONVERGED,
            status=run.status,
            message=run.messages,
            messages=np.array(run.messages, dtype=object),
            **common,
        )
    status = run.status.astype(str)
    counts = [f"{int(np.sum(status == c))} {c.value}" for c in _ORDER if np.any(status == c)]
    return Result(
        fun=_frozen(run.f),
        nit=_frozen(run.nit),
        success=_frozen(status == Status.CONVERGED),
        status=_frozen(status),
        message=f"{status.size} runs: " + ", ".join(counts),
        messages=run.messages,
        **common,
    )


def _one_run_of(optimizer: Any, index: tuple, batch_shape: tuple) -> Any:
    """``optimizer`` with each hyperparameter that has the batch axes cut to run ``index``."""
    if not dataclasses.is_dataclass(optimizer) or isinstance(optimizer, type):
        return optimizer
    changes = {}
    for field in dataclasses.fields(optimizer):
        value = getattr(optimizer, field.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            inner = _one_run_of(value, index, batch_shape)
            if inner is not value:
                changes[field.name] = inner
        elif (
            isinstance(value, np.ndarray)
            and value.ndim > len(batch_shape)
            and value.shape[: len(batch_shape)] == batch_shape
        ):
            changes[field.name] = value[index]
    if not changes:
        return optimizer
    try:
        return dataclasses.replace(optimizer, **changes)
    except (TypeError, ValueError):
        return optimizer


def minimize(
    problem: Problem,
    optimizer: Optimizer,
    x0: object,
    *,
    max_iter: int = 1000,
    batch_size: int | None = None,
    replace: bool = False,
    seed: int | np.random.Generator | None = 0,
    clip: Callable[[np.ndarray], np.ndarray] | None = None,
    project: Callable[[np.ndarray], np.ndarray] | None = None,
    grad_tol: float | None = None,
    patience: int | None = None,
    min_delta: float = 0.0,
    divergence_factor: float | None = 1e6,
) -> Result:
    r"""Run ``optimizer`` on ``problem`` from ``x0`` and return the whole history.

    Args:
        problem: a problem of ``gdtheory.problems``, or any
            [`Problem`][gdtheory.Problem] (``dim``, ``f(x)`` and ``grad(x)``).
        optimizer: an [`Optimizer`][gdtheory.Optimizer]: ``init(x) -> state``,
            ``query(x, state) -> point`` (optional; defaults to ``x``),
            ``step(x, g, state) -> (x, state)`` and ``learning_rate(state)``, the
            step that ``step`` uses at ``state`` (optional; recorded as ``lrs``).
        x0: start, shape ``(dim,)``; or ``(K, dim)`` (any ``(..., dim)``) for a batch
            of runs, with hyperparameters of shape ``(K, 1)``.
        max_iter: the most steps per run (>= 1).
        batch_size: minibatch size for a finite-sum problem (one with ``n`` and an
            ``idx`` argument); ``None`` uses the full gradient.
        replace: draw the minibatch with replacement (see
            [`sample_minibatch`][gdtheory.sample_minibatch]).
        seed: seed of ``np.random.default_rng`` for the minibatches.
        clip: applied to the gradient before each step, e.g. a clipping function.
        project: applied to the new iterate after each step (not to ``x0``), e.g.
            ``ReddiAdam().project``.
        grad_tol: stop with ``"converged"`` once $\|\nabla f(x_t)\| \le$ ``grad_tol``.
        patience: stop with ``"no_improvement"`` after ``patience`` steps in a row
            without a decrease of more than ``min_delta`` below the best loss so far.
        min_delta: the least decrease that counts as an improvement.
        divergence_factor: stop with ``"diverged"`` once $f(x_t) >$
            ``divergence_factor`` $\cdot \max(1, |f(x_0)|)$; ``None`` keeps only the
            test for non-finite values.

    Returns:
        A [`Result`][gdtheory.Result]. Its history index ``t`` counts steps; the loss
        and gradient norm are those of the full objective (for an online problem, its
        average over a period), whatever gradient the steps used.

    Raises:
        ValueError: on a bad argument (named in the message), or when the optimizer's
            hyperparameters change the shape of ``x`` (pass ``x0`` with the batch
            shape, e.g. ``np.broadcast_to(x0, (K, dim))``).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.SeedQuadratic()
        >>> res = gd.minimize(p, gd.GD(lr=0.1), p.x0, grad_tol=1e-8)
        >>> res.status, res.nit, res.success
        (<Status.CONVERGED: 'converged'>, 91, True)
        >>> bool(np.allclose(res.x, p.x_star))
        True

        Four learning rates at once, one of them above $2/L$:

        >>> lrs = np.array([[0.1], [0.3], [0.5], [0.9]])
        >>> res = gd.minimize(p, gd.GD(lr=lrs), np.tile(p.x0, (4, 1)), max_iter=100,
        ...                   grad_tol=1e-8)
        >>> res.status.tolist()
        ['converged', 'converged', 'max_iter', 'diverged']
    """
    s = _setup(
        problem,
        optimizer,
        x0,
        max_iter=max_iter,
        batch_size=batch_size,
        replace=replace,
        seed=seed,
        clip=clip,
        project=project,
        grad_tol=grad_tol,
        patience=patience,
        min_delta=min_delta,
        divergence_factor=divergence_factor,
    )
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        run = _run(problem, optimizer, s)
    return _result(run, optimizer, s)
