r"""Convergence checks: hold a run to the bound of a theorem, and say when the theorem applies.

A check takes a run (the ``Result`` of [`minimize`][gdtheory.minimize]) and the
problem it ran on. From the ``Result`` alone it tests the theorem's assumptions:
the method that ran (``result.optimizer``), its step (the steps the optimizer
reported, ``result.lrs``), and any wrapper (clipped gradients, a projection,
minibatch gradients); from the problem, the constants ($L$, $m$, $x^\star$,
$f^\star$). It then evaluates the theorem's bound, a function of
``gdtheory.bounds``, and compares the observed errors with it at
every step. It returns a [`Report`][gdtheory.Report]. A run outside a theorem's
assumptions is reported as ``"assumption violated"``, with the reason, never as a
pass, even when its numbers happen to lie below the bound.

The comparison itself is [`compare_to_bound`][gdtheory.compare_to_bound], a pure
function of arrays that every check calls; use it directly to hold any history to
any bound. [`empirical_rate`][gdtheory.empirical_rate] fits the observed linear
rate of convergence. The checks leave out step 0, where every bound holds by
construction (often with equality).

Examples:
    Holding a history of errors to a bound, here a geometric sequence that
    contracts by 0.8 per step against the bound $0.9^t$:

    >>> import numpy as np
    >>> import gdtheory as gd
    >>> t = np.arange(6)
    >>> report = gd.compare_to_bound(0.8**t, 0.9**t, name="0.9^t", citation="none")
    >>> report.status, round(report.worst_ratio, 3), report.worst_step
    ('holds', 1.0, 0)
    >>> round(gd.empirical_rate(0.8**t), 6)
    0.8

    A check reads the method from the run: an Adam run is not gradient descent.

    >>> p = gd.SeedQuadratic()
    >>> report = gd.check_gd_convex(gd.minimize(p, gd.Adam(lr=0.1), p.x0, max_iter=10), p)
    >>> report.status
    'assumption violated'
    >>> report.reason
    'the theorem is about GD; the run used Adam; step 0.1 <= 1/L = 0.25'
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from . import optimizers as _optimizers
from ._validation import check_nonnegative, value_at
from .bounds import (
    ARMIJO,
    BECK_TEBOULLE_FISTA,
    BECK_TEBOULLE_ISTA,
    BOTTOU_CURTIS_NOCEDAL,
    DASPREMONT_SCIEUR_TAYLOR,
    DRORI_TEBOULLE,
    KANTOROVICH,
    KARIMI_NUTINI_SCHMIDT,
    KIM_2024,
    NEMIROVSKI_ET_AL,
    NESTEROV_2_1_7,
    NESTEROV_2_1_15,
    NESTEROV_NONCONVEX,
    NEWTON_LOCAL,
    POLYAK_HEAVY_BALL,
    TAYLOR_HENDRICKX_GLINEUR,
    TAYLOR_HENDRICKX_GLINEUR_GAP,
    ZINKEVICH,
    backtracking_convex_bound,
    backtracking_step_lower_bound,
    exact_line_search_bound,
    fista_momentum,
    gd_convex_bound,
    gd_convex_tight_bound_any_step,
    gd_nonconvex_bound,
    gd_optimal_step_bound,
    gd_pl_bound,
    gd_strongly_convex_bound,
    gd_strongly_convex_gap_bound,
    gd_strongly_convex_tight_bound,
    heavy_ball_quadratic_bound,
    nesterov_convex_bound,
    nesterov_strongly_convex_bound,
    nesterov_worst_case_gap,
    newton_local_bound,
    sgd_constant_step_bound,
    sgd_convex_averaged_bound,
    sgd_strongly_convex_bound,
)
from .clipping import Clipped
from .optimizers import GD, SGD, Momentum, Nesterov

if TYPE_CHECKING:
    from .protocols import Optimizer, Problem
    from .run import Result

_EPS = np.finfo(float).eps
_STEP_RTOL = 1e-9  # relative slack when comparing a step size with a theorem's limit
_GAP = ("L", "x_star", "f_star")  # what a bound on f(x_t) - f* needs of the problem
_DIST = ("m", "L", "x_star")  # what a bound on ||x_t - x*|| needs
_MIN_GRAD = "min_{t<T} ||grad f(x_t)||^2"  # what the stationarity bound measures
# The methods whose iterates stay in x_0 + the span of past gradients, coordinate by
# coordinate: every optimizer of gdtheory.optimizers (none mixes coordinates).
_SPAN_METHODS = tuple(
    c
    for c in (getattr(_optimizers, n) for n in _optimizers.__all__)
    if isinstance(c, type) and hasattr(c, "step") and not getattr(c, "_is_protocol", False)
)

__all__ = [
    "Report",
    "compare_to_bound",
    "check_gd_convex",
    "check_gd_convex_tight",
    "check_gd_strongly_convex",
    "check_gd_strongly_convex_tight",
    "check_gd_strongly_convex_gap",
    "check_gd_optimal_step",
    "check_nesterov_convex",
    "check_nesterov_strongly_convex",
    "check_heavy_ball_quadratic",
    "check_lower_bound_convex",
    "check_gd_nonconvex",
    "check_gd_pl",
    "NoisyGradients",
    "Ball",
    "compare_mean_to_bound",
    "check_sgd_constant_step",
    "check_sgd_strongly_convex",
    "check_sgd_convex_averaged",
    "hessian_lipschitz",
    "check_newton_local",
    "check_exact_line_search",
    "check_backtracking_step",
    "check_backtracking_convex",
    "Theorem",
    "THEOREMS",
    "theorem_table",
    "suboptimality",
    "distance_to_minimizer",
    "empirical_rate",
]

# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class Report:
    """What a check found: the bound, whether it held at every step, and whether it applied.

    Attributes:
        bound: the statement checked, e.g. ``"f(x_t) - f* <= L R^2 / (2t)"``.
        citation: where the theorem comes from.
        quantity: what was measured at each step (``"f(x_t) - f*"``,
            ``"||x_t - x*||^2"`` or ``"||x_t - x*||"``).
        kind: ``"upper"`` (observed <= bound) or ``"lower"`` (observed >= bound).
        status: ``"holds"``, ``"violated"`` or ``"assumption violated"``. A run
            outside the theorem's assumptions never counts as a pass.
        holds: ``status == "holds"``.
        worst_ratio: observed / bound at the worst step: the largest ratio for
            an upper bound (at most 1 when it holds), the smallest for a lower
            bound (at least 1 when it holds). 1 means the bound is attained.
        worst_step: the step ``t`` where the worst ratio occurs.
        worst_run: for a batch of runs, the (flat) index of the worst run;
            ``None`` for a single run.
        assumptions_held: whether the theorem's assumptions held for this run.
        reason: why, in words (the step size against its limit, and so on).
        interval: for a check of an expectation over many runs
            ([`compare_mean_to_bound`][gdtheory.compare_mean_to_bound]): the
            confidence interval of the mean, divided by the bound, at
            ``worst_step``; ``None`` for a check of single runs.
        runs: the number of runs averaged (``None`` for a check of single runs).
        confidence: the simultaneous confidence level of the intervals over all
            compared steps (``None`` for a check of single runs).
    """

    bound: str
    citation: str
    quantity: str
    kind: str
    status: str
    holds: bool
    worst_ratio: float
    worst_step: int
    worst_run: int | None
    assumptions_held: bool
    reason: str
    interval: tuple[float, float] | None = None
    runs: int | None = None
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("upper", "lower"):
            raise ValueError(f"kind must be 'upper' or 'lower', got {self.kind!r}")
        if self.status not in ("holds", "violated", "assumption violated"):
            raise ValueError(f"unknown status {self.status!r}")
        if self.holds != (self.status == "holds"):
            raise ValueError("holds must be True exactly when status == 'holds'")

    def __str__(self) -> str:
        where = f"step {self.worst_step}"
        if self.worst_run is not None:
            where += f" of run {self.worst_run}"
        if self.interval is not None:
            lo, hi = self.interval
            where += (
                f" (mean of {self.runs} runs; {100 * self.confidence:g}% interval "
                f"{lo:.4g} to {hi:.4g})"
            )
        return (
            f"{self.status}: {self.bound}\n"
            f"  worst {self.quantity} / bound = {self.worst_ratio:.6g} at {where}\n"
            f"  assumptions: {self.reason}\n"
            f"  source: {self.citation}"
        )


def compare_to_bound(
    observed: ArrayLike,
    bound: ArrayLike,
    *,
    name: str,
    citation: str,
    quantity: str = "error",
    kind: str = "upper",
    assumptions_held: bool = True,
    reason: str = "not checked (plain arrays)",
    rtol: float = 1e-9,
    atol: float = 0.0,
) -> Report:
    r"""Hold a history of errors to a bound, step by step: the pure core of every check.

    An upper bound holds at step $t$ when
    $\max(\text{observed}_t - \text{atol}, 0) \le (1 + \text{rtol})\,\text{bound}_t$,
    a lower bound when $\text{observed}_t + \text{atol} \ge (1 - \text{rtol})\,\text{bound}_t$.
    ``atol`` lets values at the floating-point floor pass: once a run has
    converged to machine precision, its error stops shrinking while a linear
    bound keeps going down. A bound of ``inf`` (no claim, as $L R^2/(2t)$ at
    $t = 0$) is satisfied by any finite value.

    Args:
        observed: errors, shape ``(T + 1,)`` or ``(T + 1, runs)``, step 0 first.
        bound: bound values, broadcastable to ``observed``.
        name: the statement, shown in the report.
        citation: its source.
        quantity: what ``observed`` measures.
        kind: ``"upper"`` or ``"lower"``.
        assumptions_held: whether the theorem applies (if not, the status is
            ``"assumption violated"`` whatever the numbers say).
        reason: the assumptions, in words.
        rtol: relative slack for rounding error.
        atol: absolute floor below which values are not held against the bound.

    Examples:
        >>> import numpy as np
        >>> from gdtheory import compare_to_bound
        >>> r = compare_to_bound([1.0, 0.6, 0.5], [1.0, 0.5, 0.25], name="demo", citation="-")
        >>> r.status, r.worst_ratio, r.worst_step
        ('violated', 2.0, 2)
    """
    obs = np.asarray(observed, dtype=float)
    if obs.size == 0 or obs.ndim == 0:
        raise ValueError(
            f"observed must be a non-empty history (steps first), got shape {obs.shape}"
        )
    if not np.all(np.isfinite(obs)):
        first = int(np.argmax(~np.isfinite(obs).reshape(obs.shape[0], -1).all(axis=1)))
        raise ValueError(f"observed must be finite; the history is non-finite from step {first}")
    if obs.ndim > 2:
        raise ValueError(f"observed must have shape (T + 1,) or (T + 1, runs), got {obs.shape}")
    try:
        bnd = np.broadcast_to(np.asarray(bound, dtype=float), obs.shape)
    except ValueError:
        raise ValueError(
            f"bound must broadcast to observed's shape {obs.shape}, got shape {np.shape(bound)}"
        ) from None
    if np.any(np.isnan(bnd)):
        raise ValueError("bound has NaN entries")
    check_nonnegative("rtol", rtol)
    check_nonnegative("atol", atol)
    if kind == "upper":
        excess = np.maximum(obs - atol, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(
                bnd > 0, excess / np.where(bnd > 0, bnd, 1.0), np.where(excess > 0, np.inf, 0.0)
            )
        ratio = np.where(np.isinf(bnd), 0.0, ratio)
        flat = int(np.argmax(ratio))
        ok = bool(ratio.flat[flat] <= 1 + rtol)
    elif kind == "lower":
        lifted = obs + atol
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(bnd > 0, lifted / np.where(bnd > 0, bnd, 1.0), np.inf)
        flat = int(np.argmin(ratio))
        ok = bool(ratio.flat[flat] >= 1 - rtol)
    else:
        raise ValueError(f"kind must be 'upper' or 'lower', got {kind!r}")
    step, run = np.unravel_index(flat, ratio.shape) if ratio.ndim == 2 else (flat, None)
    if not assumptions_held:
        status = "assumption violated"
    else:
        status = "holds" if ok else "violated"
    return Report(
        bound=name,
        citation=citation,
        quantity=quantity,
        kind=kind,
        status=status,
        holds=status == "holds",
        worst_ratio=float(ratio.flat[flat]),
        worst_step=int(step),
        worst_run=None if run is None else int(run),
        assumptions_held=bool(assumptions_held),
        reason=reason,
    )


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class _Run:
    """A run's history, flattened to ``runs`` columns: xs (T+1, B, d), fs (T+1, B), lrs (T, B).

    ``stopped`` (T+1, B) marks the steps after a run of a batch stopped (its values
    are then frozen copies and its ``lrs`` are ``nan``); they are not compared.
    """

    xs: np.ndarray
    fs: np.ndarray
    lrs: np.ndarray
    stopped: np.ndarray
    batched: bool


def _need(problem: object, *names: str, check: str) -> None:
    """Raise ``ValueError`` naming every constant ``check`` needs that ``problem`` lacks."""
    missing = [n for n in names if getattr(problem, n, None) is None]
    if missing:
        raise ValueError(
            f"{check} needs the problem's {', '.join(missing)}, but "
            f"{type(problem).__name__} has {' and '.join(n + '=None' for n in missing)}"
        )
    if "L" in names and not float(problem.L) > 0:
        raise ValueError(
            f"{check} needs a positive smoothness constant L, but "
            f"{type(problem).__name__} has L={problem.L!r}"
        )


def _run_history(result: object, problem: object) -> _Run:
    """Validate a ``Result``'s histories against the problem and flatten its batch axes."""
    try:
        xs = np.asarray(result.xs, dtype=float)
        fs = np.asarray(result.fs, dtype=float)
        lrs = np.asarray(result.lrs, dtype=float)
    except AttributeError as err:
        raise ValueError(
            f"result must be a run Result with xs, fs and lrs histories ({err})"
        ) from None
    if fs.size == 0 or xs.size == 0 or fs.ndim == 0:
        raise ValueError(f"result has an empty history (xs shape {xs.shape}, fs shape {fs.shape})")
    dim = getattr(problem, "dim", None)
    if xs.ndim < 2 or (dim is not None and xs.shape[-1] != dim):
        raise ValueError(
            f"result.xs must have shape (steps, ..., dim) with dim = problem.dim = {dim}, "
            f"got shape {xs.shape}"
        )
    if xs.shape[:-1] != fs.shape:
        raise ValueError(f"result.xs {xs.shape} and result.fs {fs.shape} do not match")
    T = fs.shape[0] - 1
    batch = fs.shape[1:]
    for name, arr in (("xs", xs), ("fs", fs)):
        finite = np.isfinite(arr).reshape(arr.shape[0], -1).all(axis=1)
        if not finite.all():
            raise ValueError(
                f"result.{name} is non-finite from step {int(np.argmin(finite))} "
                "(the run diverged); "
                "a bound check needs a finite history"
            )
    if lrs.shape[:1] != (T,):
        raise ValueError(f"result.lrs must have {T} entries (one per step), got shape {lrs.shape}")
    if lrs.ndim == len(batch) + 2 and lrs.shape[-1] == 1:
        lrs = lrs[..., 0]  # an lr of shape (K, 1), broadcast against x of shape (K, dim)
    try:
        lrs = np.broadcast_to(
            lrs.reshape(lrs.shape + (1,) * (1 + len(batch) - lrs.ndim)), (T,) + batch
        )
    except ValueError:
        raise ValueError(
            f"result.lrs of shape {np.shape(result.lrs)} is not one scalar step per run and step "
            f"(runs {batch}); these theorems are about a scalar step"
        ) from None
    B = int(np.prod(batch)) if batch else 1
    nit = np.asarray(getattr(result, "nit", T))
    nit = np.broadcast_to(nit, batch).reshape(B) if nit.size in (1, B) else np.full(B, T)
    return _Run(
        xs=xs.reshape(T + 1, B, xs.shape[-1]),
        fs=fs.reshape(T + 1, B),
        lrs=np.asarray(lrs, dtype=float).reshape(T, B),
        stopped=np.arange(T + 1)[:, None] > nit[None, :],
        batched=bool(batch),
    )


def suboptimality(result: Result, problem: Problem) -> np.ndarray:
    r"""The history of $f(x_t) - f^\star$ of a run, shape ``(T + 1, ...)``.

    Raises:
        ValueError: when ``problem.f_star`` is ``None`` or the history is empty,
            non-finite, or does not match the problem.
    """
    _need(problem, "f_star", check="suboptimality")
    _run_history(result, problem)
    return np.asarray(result.fs, dtype=float) - float(problem.f_star)


def distance_to_minimizer(result: Result, problem: Problem) -> np.ndarray:
    r"""The history of $\|x_t - x^\star\|$ of a run, shape ``(T + 1, ...)``.

    Raises:
        ValueError: when ``problem.x_star`` is ``None`` or the history is empty,
            non-finite, or does not match the problem.
    """
    _need(problem, "x_star", check="distance_to_minimizer")
    _run_history(result, problem)
    xs = np.asarray(result.xs, dtype=float)
    return np.linalg.norm(xs - np.asarray(problem.x_star, dtype=float), axis=-1)


def empirical_rate(errors: ArrayLike, *, start: int = 0, stop: int | None = None) -> float:
    r"""The linear rate $\rho$ that fits $e_t \approx C \rho^t$ best over a window of steps.

    A least-squares line through $(t, \log e_t)$ for $t$ in ``[start, stop)``;
    returns $\exp(\text{slope})$. Feed it $\|x_t - x^\star\|$ (see
    [`distance_to_minimizer`][gdtheory.distance_to_minimizer]) to compare with a
    rate such as $1 - 1/\kappa$, or $f(x_t) - f^\star$
    ([`suboptimality`][gdtheory.suboptimality]), whose rate is the square of the
    distance's on a quadratic. Start the window after the transient and stop
    it before the errors reach the floating-point floor.

    Args:
        errors: positive, finite errors, shape ``(T + 1,)``, step 0 first.
        start: first step of the window.
        stop: one past the last step (default: the end).

    Examples:
        >>> import numpy as np
        >>> from gdtheory import empirical_rate
        >>> t = np.arange(50)
        >>> round(empirical_rate(3.0 * 0.9**t * (1 + 0.01 * (-1) ** t), start=10), 4)
        0.9
    """
    e = np.asarray(errors, dtype=float)
    if e.ndim != 1:
        raise ValueError(f"errors must be 1-D (one run, steps first), got shape {e.shape}")
    window = e[start:stop]
    steps = np.arange(e.size)[start:stop]
    if window.size < 2:
        raise ValueError(
            f"the window [start={start}, stop={stop}) must hold at least 2 steps of the "
            f"{e.size} given"
        )
    if not np.all(np.isfinite(window)):
        raise ValueError("errors must be finite in the window")
    if not np.all(window > 0):
        first = int(steps[np.argmax(window <= 0)])
        raise ValueError(
            f"errors must be positive in the window, got {window[window <= 0][0]!r} "
            f"at step {first}; "
            "end the window (stop=...) before the run reaches the minimizer exactly"
        )
    slope = np.polyfit(steps.astype(float), np.log(window), 1)[0]
    return float(np.exp(slope))


# --------------------------------------------------------------------------- helpers


def _x_star_error(problem: object, x_star: object) -> float:
    r"""How far the problem's ``x_star`` may be from the true minimizer: $\|\nabla f(x^\star)\|/m$.

    A minimizer computed numerically (logistic regression's, by Newton's method) has a
    small non-zero gradient; for an $m$-strongly convex $f$ the true minimizer lies within
    $\|\nabla f(x^\star)\|/m$ of it. Zero for a minimizer known exactly.
    """
    m = getattr(problem, "m", None)
    if x_star is None or m is None or not float(m) > 0 or getattr(problem, "online", False):
        return 0.0
    try:
        g = np.asarray(problem.grad(np.asarray(x_star, dtype=float)), dtype=float)
    except (TypeError, ValueError):
        return 0.0
    return float(np.linalg.norm(g)) / float(m) if np.all(np.isfinite(g)) else 0.0


def _floor(problem: object, quantity: str) -> float:
    """The floating-point resolution of ``quantity`` near the minimizer (``atol`` of the checks).

    It also covers the accuracy of a minimizer that was computed rather than known
    (see ``_x_star_error``): a run that converges to the true minimizer is then held
    to the bound only down to that accuracy.
    """
    x_star = getattr(problem, "x_star", None)
    dist = 64 * _EPS * (float(np.linalg.norm(x_star)) if x_star is not None else 0.0)
    dist += 2 * _x_star_error(problem, x_star)
    if quantity == "||x_t - x*||":
        return dist
    if quantity == "||x_t - x*||^2":
        return dist**2
    if quantity == _MIN_GRAD:
        return (getattr(problem, "L", None) or 0.0) ** 2 * max(dist, 64 * _EPS) ** 2
    f_star = getattr(problem, "f_star", None)
    L = getattr(problem, "L", None) or 0.0
    return 64 * _EPS * (abs(float(f_star)) if f_star is not None else 0.0) + L * dist**2


def _constant_lr(lrs: np.ndarray) -> tuple[np.ndarray, bool]:
    """The step of each run, and whether it stayed constant over the run (``nan`` = no step)."""
    if lrs.shape[0] == 0 or np.all(np.isnan(lrs)):
        return np.full(lrs.shape[1], np.nan), True
    lr = lrs[0]
    same = np.isnan(lrs) | (np.abs(lrs - lr) <= _STEP_RTOL * np.abs(lr))
    return lr, bool(np.all(same))


def _effective_L(lr: np.ndarray, constant: bool, L: float) -> np.ndarray:
    """``1/step`` for a constant step ``<= 1/L`` (f is then also ``1/step``-smooth), else ``L``."""
    if not constant:
        return np.full(lr.shape, L)
    safe = np.where(np.isnan(lr) | (lr <= 0), 1 / L, lr)
    return np.maximum(1 / safe, L)


def _fmt(values: np.ndarray) -> str:
    v = np.asarray(values, dtype=float)
    v = np.unique(v[~np.isnan(v)]) if np.any(~np.isnan(v)) else np.array([np.nan])
    return f"{v[0]:.6g}" if v.size == 1 else f"{v.min():.6g}..{v.max():.6g}"


# --------------------------------------------------------------------------- assumptions

# Each assumption a theorem can make is tested by one function here; a check lists the
# ones its theorem makes, in order, and every failure adds its reason to the report.


class _Assumptions:
    """The assumptions of one theorem for one run: whether they all held, and why."""

    def __init__(self) -> None:
        self.ok, self.reasons = True, []

    def test(self, holds: bool, yes: str | None, no: str) -> bool:
        if holds:
            if yes:
                self.reasons.append(yes)
        else:
            self.ok = False
            self.reasons.append(no)
        return holds


def _same(a: object, b: object) -> bool:
    """Whether two optimizers are the same method with the same hyperparameters."""
    if a is b:
        return True
    if type(a) is not type(b) or not is_dataclass(a):
        return False
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x is y:
            continue
        if is_dataclass(x) and not isinstance(x, type):
            if not _same(x, y):
                return False
        elif callable(x) or callable(y):
            return False
        else:
            try:
                if not np.array_equal(np.squeeze(x), np.squeeze(y)):  # 0.2 == [0.2]
                    return False
            except (TypeError, ValueError):
                return False
    return True


def _ran(result: object, optimizer: object, check: str) -> object:
    """The optimizer of the run: the one the ``Result`` records (``optimizer`` must agree)."""
    recorded = getattr(result, "optimizer", None)
    if optimizer is not None and recorded is not None and not _same(optimizer, recorded):
        raise ValueError(
            f"optimizer={optimizer!r} is not the optimizer the run used, "
            f"result.optimizer={recorded!r}: {check} reads the method from the Result, "
            "so optimizer= can be left out"
        )
    return recorded if recorded is not None else optimizer


def _method(opt: object, methods: tuple[type, ...] | None, facts: _Assumptions) -> bool:
    """The run used one of ``methods`` (a ``Clipped`` one is judged by what it wraps)."""
    base = opt.optimizer if isinstance(opt, Clipped) else opt
    if methods is None:
        return True
    names = " / ".join(m.__name__ for m in methods)
    return facts.test(
        isinstance(base, methods),
        None,
        f"the theorem is about {names}; the run used {type(base).__name__}",
    )


def _plain(result: object, problem: object, opt: object, facts: _Assumptions) -> None:
    """No wrapper around the method: no clipping, no projection, the full gradient."""
    clipped = getattr(result, "clip", None) is not None or isinstance(opt, Clipped)
    facts.test(not clipped, None, "the gradients were clipped; the theorem is about the plain step")
    facts.test(
        getattr(result, "project", None) is None,
        None,
        "the iterates were projected after each step; the theorem is about the unprojected method",
    )
    size = getattr(result, "batch_size", None)
    facts.test(
        size is None,
        None,
        f"the steps used minibatch gradients (batch_size={size}); the theorem is about the "
        "full gradient",
    )
    if isinstance(problem, NoisyGradients):
        facts.test(
            False,
            None,
            f"the gradients were noisy (NoisyGradients, sigma={problem.sigma:g}); the theorem "
            "is about the exact gradient",
        )
        return
    facts.test(
        not getattr(problem, "online", False),
        None,
        "the problem is online (a different loss at each step); the theorem is about one f",
    )


def _scalar_step(opt: object, result: object, facts: _Assumptions) -> None:
    """The step is one number per run, not one per coordinate (a diagonal preconditioner)."""
    learning_rate = getattr(opt, "learning_rate", None)
    if learning_rate is None:
        return
    try:
        x0 = np.asarray(result.xs)[0]
        value = np.broadcast_to(np.asarray(learning_rate(opt.init(x0)), dtype=float), x0.shape)
    except (AttributeError, TypeError, ValueError):
        return
    facts.test(
        bool(np.all(value.max(axis=-1) == value.min(axis=-1))),
        None,
        "the step differs across coordinates; the theorem is about one scalar step",
    )


def _start(
    result: object,
    problem: object,
    optimizer: object,
    *,
    check: str,
    needs: tuple[str, ...],
    methods: tuple[type, ...] | None,
    scalar_step: bool = True,
    require_optimizer: bool = False,
) -> tuple[_Run, object, _Assumptions, bool]:
    """What every check does first: the constants, the history, the method and its wrappers.

    Returns the flattened history, the method that ran (what a ``Clipped`` optimizer
    wraps), the assumptions so far, and whether the method is the theorem's (so that
    its hyperparameters can be read).
    """
    _need(problem, *needs, check=check)
    run = _run_history(result, problem)
    facts = _Assumptions()
    opt = _ran(result, optimizer, check)
    if opt is None:
        if require_optimizer:
            raise ValueError(
                f"{check} needs the optimizer the run used (its momentum is read from it), "
                f"but the Result records none: {check}(result, problem, optimizer)"
            )
        facts.test(False, None, "the Result does not record the optimizer that ran")
        return run, None, facts, False
    right = _method(opt, methods, facts)
    _plain(result, problem, opt, facts)
    if scalar_step:
        _scalar_step(opt, result, facts)
    return run, opt.optimizer if isinstance(opt, Clipped) else opt, facts, right


def _constant_step(
    run: _Run,
    facts: _Assumptions,
    limit: float | np.ndarray | None = None,
    label: str = "",
    strict: bool = False,
) -> tuple[np.ndarray, bool]:
    """The step of each run, which must not change during the run (and stay within ``limit``)."""
    lr, constant = _constant_lr(run.lrs)
    facts.test(
        constant, None, "the step changed during the run; the theorem assumes a constant step"
    )
    if limit is not None:
        _steps_within(run.lrs, limit, label, facts, strict=strict)
    return lr, constant


def _steps_within(
    steps: np.ndarray,
    limit: float | np.ndarray,
    label: str,
    facts: _Assumptions,
    *,
    strict: bool = False,
) -> None:
    """Every step (``nan``: none, a stopped run of a batch) is at most ``limit`` (below it).

    ``limit`` is one number, or one per run of a batch (shape ``(runs,)``).
    """
    steps = np.asarray(steps, dtype=float)
    if steps.size and np.all(np.isnan(steps)):
        facts.test(False, None, "the optimizer does not report its step (no learning_rate)")
        return
    if not steps.size:
        facts.test(True, "no step taken", "")
        return
    taken = np.nan_to_num(steps, nan=0.0)
    over = taken >= limit * (1 - _STEP_RTOL) if strict else taken > limit * (1 + _STEP_RTOL)
    facts.test(
        not np.any(over),
        f"step {_fmt(steps)} {'<' if strict else '<='} {label} = {_fmt(limit)}",
        f"step {_fmt(steps)} {'is not below' if strict else '>'} {label} = {_fmt(limit)}",
    )


def _strongly_convex(problem: object, facts: _Assumptions) -> float:
    m = float(problem.m)
    facts.test(m > 0, f"m = {m:.6g} > 0", f"m = {m:g}: the problem is not strongly convex")
    return m


def _momentum_of(optimizer: object) -> object:
    for name in _MOMENTUM_NAMES:
        if hasattr(optimizer, name):
            return getattr(optimizer, name)
    raise ValueError(
        f"cannot read the momentum of {type(optimizer).__name__}: expected an attribute "
        f"named one of {_MOMENTUM_NAMES}"
    )


_MOMENTUM_NAMES = ("beta", "momentum")


def _momentum_values(optimizer: object, steps: int) -> np.ndarray:
    """The momentum used at steps 0..steps-1, shape (steps, ...)."""
    beta = _momentum_of(optimizer)
    t = np.arange(steps)
    if callable(beta):
        return np.asarray([np.asarray(value_at(beta, int(s)), dtype=float) for s in t])
    return np.broadcast_to(np.asarray(beta, dtype=float), (steps,) + np.shape(beta))


def _lookahead(opt: object, facts: _Assumptions) -> None:
    form = getattr(opt, "form", "lookahead")
    facts.test(
        form == "lookahead",
        None,
        f"form={form!r} records the look-ahead points y_t; the theorem is about x_t of the "
        "look-ahead form (form='lookahead')",
    )


# --------------------------------------------------------------------------- checks


def _distance0(run: _Run, problem: object) -> np.ndarray:
    """$R = \\|x_0 - x^\\star\\|$ of each run."""
    return np.linalg.norm(run.xs[0] - np.asarray(problem.x_star, float), axis=-1)


def _steps_axis(run: _Run) -> np.ndarray:
    """The steps ``t = 0..T`` as a column, against the runs."""
    return np.arange(run.fs.shape[0])[:, None]


def _finish(
    run: _Run,
    observed: np.ndarray,
    bound: ArrayLike,
    *,
    name: str,
    citation: str,
    quantity: str,
    problem: object,
    facts: _Assumptions,
    kind: str = "upper",
    rtol: float,
    atol: float | None,
) -> Report:
    """The shared comparison: the observed history against the bound, with the assumptions."""
    atol = _floor(problem, quantity) if atol is None else atol
    # Not compared: the steps after a run of a batch stopped (frozen copies), and step 0,
    # the starting point, where every bound holds by construction (often with equality,
    # which would hide the informative worst ratio). "No claim" is inf for an upper
    # bound and 0 for a lower one.
    skip = run.stopped.copy()
    if skip.shape[0] > 1:
        skip[0] = True
    bound = np.where(skip, np.inf if kind == "upper" else 0.0, np.broadcast_to(bound, run.fs.shape))
    obs = observed if run.batched else observed[:, 0]
    bnd = bound if run.batched else bound[:, 0]
    return compare_to_bound(
        obs,
        bnd,
        name=name,
        citation=citation,
        quantity=quantity,
        kind=kind,
        assumptions_held=facts.ok,
        reason="; ".join(facts.reasons),
        rtol=rtol,
        atol=atol,
    )


def _quadratic_hessian(problem: object, visited: np.ndarray) -> tuple[np.ndarray, bool]:
    r"""The Hessian of a quadratic problem from gradient differences, and whether f is quadratic.

    For $f(x) = \tfrac12 (x - x^\star)^\top A (x - x^\star) + c$ the gradient is
    affine, so $A e_i = \nabla f(x^\star + e_i) - \nabla f(x^\star)$ exactly. The
    affinity is then tested where it matters, at the ``visited`` points (the run's
    iterates), and at a few seeded random points.
    """
    x_star = np.asarray(problem.x_star, dtype=float)
    d = x_star.shape[-1]
    g_star = np.asarray(problem.grad(x_star[None, :]), dtype=float)[0]
    A = np.asarray(problem.grad(x_star[None, :] + np.eye(d)), dtype=float) - g_star
    A = (A + A.T) / 2
    rng = np.random.default_rng(0)
    pts = visited.reshape(-1, d)
    if pts.shape[0] > 200:
        pts = pts[np.linspace(0, pts.shape[0] - 1, 200).astype(int)]
    spread = max(1.0, float(np.abs(pts - x_star).max()))
    Z = np.concatenate([pts, x_star + spread * rng.standard_normal((4, d))])
    G = np.asarray(problem.grad(Z), dtype=float) - g_star
    scale = max(float(np.abs(A).max()), 1e-300) * max(float(np.abs(Z - x_star).max()), 1e-300)
    affine = bool(np.allclose(G, (Z - x_star) @ A, rtol=0, atol=1e-8 * scale)) and bool(
        np.allclose(g_star, 0, atol=1e-8 * scale)
    )
    return A, affine


def _is_nesterov_worst_function(problem: object) -> bool:
    """Whether ``problem.f`` is (L/4)(x^T A x / 2 - x_1) with A = tridiag(-1, 2, -1)."""
    n, L = int(problem.dim), float(problem.L)
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, n))
    Ax = 2 * X
    Ax[:, 1:] -= X[:, :-1]
    Ax[:, :-1] -= X[:, 1:]
    want = L / 4 * (np.sum(X * Ax, axis=-1) / 2 - X[:, 0])
    got = np.asarray(problem.f(X), dtype=float)
    return bool(np.allclose(got, want, rtol=1e-10, atol=1e-12 * L))


def check_gd_convex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a gradient-descent run to the classical convex bound $f(x_t) - f^\star \le L R^2/(2t)$.

    Assumptions: a constant step $\eta \le 1/L$ (then the bound is used with
    $\bar L = 1/\eta$, which is $L$ itself at $\eta = 1/L$); $f$ convex (the
    check cannot see convexity: it is your side of the contract). A larger step
    is reported as ``"assumption violated"``.

    Args:
        result: the run ([`minimize`][gdtheory.minimize]), plain gradient descent.
        problem: needs ``L``, ``x_star`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 3.1
        (theorem number not checked against the paper); the course chapter's statement.
    """
    run, _, facts, _ = _start(
        result, problem, optimizer, check="check_gd_convex", needs=_GAP, methods=(GD,)
    )
    L = float(problem.L)
    lr, constant = _constant_step(run, facts, 1 / L, "1/L")
    if facts.ok and run.lrs.size:
        facts.reasons[-1] += "; bound used with L' = 1/step >= L"
    L_eff = _effective_L(lr, constant, L)
    return _finish(
        run,
        run.fs - float(problem.f_star),
        gd_convex_bound(_steps_axis(run), L_eff, _distance0(run, problem)),
        name="f(x_t) - f* <= L R^2 / (2t)  (gradient descent, convex, step 1/L)",
        citation=BECK_TEBOULLE_ISTA,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_gd_convex_tight(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a gradient-descent run to the tight convex bound, step $h/L$ with $0 < h < 2$.

    For $h \le 1$: $f(x_t) - f^\star \le L R^2/(4th + 2)$ (Drori & Teboulle
    2014); for $1 < h < 2$:
    $\tfrac{L R^2}{2}\max\{1/(2th + 1), (1 - h)^{2t}\}$ (Kim 2024). Both are
    attained, so a run on the Huber worst case reports a worst ratio of 1.
    Assumptions: a constant step with $0 < h < 2$, $f$ convex.

    Args:
        result: the run, plain gradient descent.
        problem: needs ``L``, ``x_star`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Drori & Teboulle (2014), Math. Program. 145:451-482, Thm 3.1 ($h \le 1$);
        conjectured there and proved by Kim (2024), arXiv:2412.04427 ($h < 2$).
    """
    run, _, facts, _ = _start(
        result, problem, optimizer, check="check_gd_convex_tight", needs=_GAP, methods=(GD,)
    )
    L = float(problem.L)
    lr, constant = _constant_step(run, facts, 2 / L, "2/L", strict=True)
    h = lr * L
    citation = DRORI_TEBOULLE if np.all(np.nan_to_num(h, nan=1.0) <= 1 + _STEP_RTOL) else KIM_2024
    h_use = np.clip(np.nan_to_num(h if constant else np.ones_like(h), nan=1.0), 1e-300, 2 - 1e-12)
    return _finish(
        run,
        run.fs - float(problem.f_star),
        gd_convex_tight_bound_any_step(_steps_axis(run), L, _distance0(run, problem), h_use),
        name="f(x_t) - f* <= (L R^2 / 2) max{1/(2th + 1), (1 - h)^(2t)}  "
        "(gradient descent, convex, step h/L; = L R^2/(4th + 2) for h <= 1)",
        citation=citation,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_gd_strongly_convex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a GD run to the classical bound $\|x_t - x^\star\|^2 \le (1 - m/L)^t R^2$.

    Assumptions: $m > 0$ and every step $\eta_k \le 1/L$ (the factor of step
    $k$ is then $1 - \eta_k m$, which is $1 - m/L$ at $\eta_k = 1/L$). The
    bound holds, but it is loose by a square: compare
    [`check_gd_strongly_convex_tight`][gdtheory.check_gd_strongly_convex_tight].

    Args:
        result: the run, plain gradient descent.
        problem: needs ``m``, ``L`` and ``x_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        The course chapter's statement; it follows from the one-step case of Taylor,
        Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178, Thm 3.1.
    """
    run, _, facts, _ = _start(
        result, problem, optimizer, check="check_gd_strongly_convex", needs=_DIST, methods=(GD,)
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    _steps_within(run.lrs, 1 / L, "1/L", facts)
    steps = np.minimum(np.nan_to_num(run.lrs, nan=0.0), 1 / L)  # nan: a stopped run of a batch
    bound = gd_strongly_convex_bound(
        np.arange(run.fs.shape[0]), max(m, 0.0), L, _distance0(run, problem), lrs=steps
    )
    return _finish(
        run,
        np.sum((run.xs - np.asarray(problem.x_star, float)) ** 2, axis=-1),
        bound,
        name="||x_t - x*||^2 <= (1 - m/L)^t R^2  (gradient descent, strongly convex, step 1/L)",
        citation="the course chapter's statement (gdtheory.gd_strongly_convex_bound); implied by "
        + TAYLOR_HENDRICKX_GLINEUR,
        quantity="||x_t - x*||^2",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_gd_strongly_convex_tight(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a gradient-descent run to the exact worst case $\|x_t - x^\star\|^2 \le \rho^{2t} R^2$.

    $\rho = \max\{|1 - \eta m|, |1 - \eta L|\}$. Assumptions: $m > 0$ and every
    step in $(0, 2/L)$. A varying step is allowed: the bound is then the product
    of the one-step factors $\rho_k^2$.

    Args:
        result: the run, plain gradient descent.
        problem: needs ``m``, ``L`` and ``x_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, Thm 3.1.
    """
    run, _, facts, _ = _start(
        result,
        problem,
        optimizer,
        check="check_gd_strongly_convex_tight",
        needs=_DIST,
        methods=(GD,),
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    _steps_within(run.lrs, 2 / L, "2/L", facts, strict=True)
    steps = np.minimum(np.nan_to_num(run.lrs, nan=0.0), 2 / L * (1 - 1e-12))
    bound = gd_strongly_convex_tight_bound(
        np.arange(run.fs.shape[0]), max(m, 0.0), L, None, _distance0(run, problem), lrs=steps
    )
    return _finish(
        run,
        np.sum((run.xs - np.asarray(problem.x_star, float)) ** 2, axis=-1),
        bound,
        name="||x_t - x*||^2 <= rho^(2t) R^2, rho = max{|1 - step m|, |1 - step L|}  "
        "(gradient descent, strongly convex, tight)",
        citation=TAYLOR_HENDRICKX_GLINEUR,
        quantity="||x_t - x*||^2",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_gd_strongly_convex_gap(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a gradient-descent run to the worst case of its gap, $\rho^{2t}(f(x_0) - f^\star)$.

    [`gd_strongly_convex_gap_bound`][gdtheory.gd_strongly_convex_gap_bound], with
    $\rho = \max\{|1 - \eta m|, |1 - \eta L|\}$. Assumptions: plain gradient descent,
    $m > 0$ and every step in $(0, 2/L)$; a step that varies is allowed (the
    product of the one-step factors).

    Args:
        result: the run, plain gradient descent.
        problem: needs ``m``, ``L``, ``x_star`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Examples:
        A quadratic started along the eigenvector of $m$ attains the bound:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> q = gd.Quadratic(np.diag([0.5, 2.0]))
        >>> run = gd.minimize(q, gd.GD(lr=0.5), np.array([1.0, 0.0]), max_iter=20)
        >>> report = gd.check_gd_strongly_convex_gap(run, q)
        >>> report.status, round(report.worst_ratio, 12)
        ('holds', 1.0)

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, the
        function-value rate (theorem number not checked).
    """
    run, _, facts, _ = _start(
        result,
        problem,
        optimizer,
        check="check_gd_strongly_convex_gap",
        needs=("m", "L", "x_star", "f_star"),
        methods=(GD,),
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    _steps_within(run.lrs, 2 / L, "2/L", facts, strict=True)
    steps = np.minimum(np.nan_to_num(run.lrs, nan=0.0), 2 / L * (1 - 1e-12))
    gaps = run.fs - float(problem.f_star)
    bound = gd_strongly_convex_gap_bound(
        np.arange(run.fs.shape[0]), max(m, 0.0), L, None, np.maximum(gaps[0], 0.0), lrs=steps
    )
    return _finish(
        run,
        gaps,
        bound,
        name="f(x_t) - f* <= rho^(2t) (f(x_0) - f*), rho = max{|1 - step m|, |1 - step L|}  "
        "(gradient descent, strongly convex, tight)",
        citation=TAYLOR_HENDRICKX_GLINEUR_GAP,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_gd_optimal_step(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a GD run with step $2/(m + L)$ to $\|x_t - x^\star\| \le ((\kappa-1)/(\kappa+1))^t R$.

    Assumptions: $m > 0$ and the step is $2/(m + L)$ at every step (to a
    relative $10^{-9}$).

    Args:
        result: the run, plain gradient descent.
        problem: needs ``m``, ``L`` and ``x_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.15.
    """
    run, _, facts, _ = _start(
        result, problem, optimizer, check="check_gd_optimal_step", needs=_DIST, methods=(GD,)
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    step = 2 / (m + L)
    off = np.abs(np.nan_to_num(run.lrs, nan=step) - step) > _STEP_RTOL * step
    facts.test(
        not np.any(off),
        f"step = 2/(m + L) = {step:.6g}" if run.lrs.size else None,
        f"step {_fmt(run.lrs)} is not 2/(m + L) = {step:.6g}",
    )
    R = _distance0(run, problem)
    bound = gd_optimal_step_bound(_steps_axis(run), m, L, R) if m > 0 else np.inf
    return _finish(
        run,
        np.linalg.norm(run.xs - np.asarray(problem.x_star, float), axis=-1),
        bound,
        name="||x_t - x*|| <= ((kappa - 1)/(kappa + 1))^t R  (gradient descent, step 2/(m + L))",
        citation=NESTEROV_2_1_15,
        quantity="||x_t - x*||",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_nesterov_convex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a Nesterov (FISTA) run to $f(x_t) - f^\star \le 2 L R^2/(t + 1)^2$.

    Assumptions: ``optimizer`` is [`Nesterov`][gdtheory.Nesterov] with the momentum
    schedule [`fista_momentum`][gdtheory.fista_momentum], a constant step $\eta \le 1/L$ (the bound
    is used with $\bar L = 1/\eta$), and $f$ convex.

    Args:
        result: the run.
        problem: needs ``L``, ``x_star`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 4.4
        (theorem number as given in secondary sources).
    """
    run, opt, facts, right = _start(
        result,
        problem,
        optimizer,
        check="check_nesterov_convex",
        needs=_GAP,
        methods=(Nesterov,),
        require_optimizer=True,
    )
    L = float(problem.L)
    if right:
        _lookahead(opt, facts)
        T = run.lrs.shape[0]
        beta = _momentum_values(opt, T).reshape(T, -1)
        fista = np.allclose(beta, fista_momentum(np.arange(T))[:, None], rtol=1e-9, atol=1e-12)
        facts.test(
            not T or fista,
            "momentum = FISTA's schedule",
            "the momentum is not FISTA's schedule (gdtheory.fista_momentum)",
        )
    lr, constant = _constant_step(run, facts, 1 / L, "1/L")
    L_eff = _effective_L(lr, constant, L)
    return _finish(
        run,
        run.fs - float(problem.f_star),
        nesterov_convex_bound(_steps_axis(run), L_eff, _distance0(run, problem)),
        name="f(x_t) - f* <= 2 L R^2 / (t + 1)^2  (Nesterov / FISTA, convex, step 1/L)",
        citation=BECK_TEBOULLE_FISTA,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_nesterov_strongly_convex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a Nesterov run to the accelerated rate $f(x_t) - f^\star = O((1 - 1/\sqrt\kappa)^t)$.

    The bound, [`nesterov_strongly_convex_bound`][gdtheory.nesterov_strongly_convex_bound]:

    $$f(x_t) - f^\star \le \Big(1 - \frac{1}{\sqrt\kappa}\Big)^t
      \Big(f(x_0) - f^\star + \frac m2 R^2\Big).$$

    Assumptions: $m > 0$; ``optimizer`` is [`Nesterov`][gdtheory.Nesterov] with a constant
    step $\eta \le 1/L$ and the constant momentum
    $(\sqrt{\bar L} - \sqrt m)/(\sqrt{\bar L} + \sqrt m)$ where $\bar L = 1/\eta$
    ($= L$ at $\eta = 1/L$); the bound is used with $\kappa = \bar L/m$.

    Args:
        result: the run.
        problem: needs ``m``, ``L``, ``x_star`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        d'Aspremont, Scieur & Taylor (2021), Acceleration Methods, Found. Trends
        Optim. 5(1-2), Cor. 4.15.
    """
    run, opt, facts, right = _start(
        result,
        problem,
        optimizer,
        check="check_nesterov_strongly_convex",
        needs=("m", *_GAP),
        methods=(Nesterov,),
        require_optimizer=True,
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    lr, constant = _constant_step(run, facts, 1 / L, "1/L")
    L_eff = _effective_L(lr, constant, L)
    if right:
        _lookahead(opt, facts)
        T = run.lrs.shape[0]
        beta = _momentum_values(opt, T).reshape(T, -1)
        want = (np.sqrt(L_eff) - np.sqrt(max(m, 0.0))) / (np.sqrt(L_eff) + np.sqrt(max(m, 0.0)))
        facts.test(
            not T or np.allclose(beta, want, rtol=1e-9, atol=1e-12),
            f"momentum = (sqrt(L') - sqrt(m))/(sqrt(L') + sqrt(m)) = {_fmt(want)}" if T else None,
            f"momentum {_fmt(beta)} is not (sqrt(L') - sqrt(m))/(sqrt(L') + sqrt(m))"
            f" = {_fmt(want)}",
        )
    gap0 = np.maximum(run.fs[0] - float(problem.f_star), 0.0)
    R = _distance0(run, problem)
    bound = (
        nesterov_strongly_convex_bound(_steps_axis(run), m, L_eff, R, initial_gap=gap0)
        if m > 0
        else np.inf
    )
    return _finish(
        run,
        run.fs - float(problem.f_star),
        bound,
        name="f(x_t) - f* <= (1 - 1/sqrt(kappa))^t (f(x_0) - f* + m R^2 / 2)  "
        "(Nesterov, strongly convex, step 1/L)",
        citation=DASPREMONT_SCIEUR_TAYLOR,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_heavy_ball_quadratic(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a heavy-ball run on a quadratic to its exact per-eigen-direction bound.

    Uses [`heavy_ball_quadratic_bound`][gdtheory.heavy_ball_quadratic_bound] with
    the Hessian's eigenvalues and the initial error in its eigenbasis.
    Assumptions: the problem is a quadratic (its gradient is affine, tested at the
    run's iterates and at a few random points), ``optimizer`` is
    [`Momentum`][gdtheory.Momentum] (the heavy ball, in either convention, started
    with zero velocity so that $x_{-1} = x_0$), and the step and momentum are
    constant.

    Args:
        result: the run.
        problem: needs ``x_star``; must be a quadratic.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Polyak (1964), USSR Comput. Math. Math. Phys. 4(5):1-17 (the method); the
        bound is exact linear algebra.
    """
    run, opt, facts, right = _start(
        result,
        problem,
        optimizer,
        check="check_heavy_ball_quadratic",
        needs=("x_star",),
        methods=(Momentum,),
        require_optimizer=True,
    )
    A, affine = _quadratic_hessian(problem, run.xs)
    facts.test(
        affine, "quadratic problem", "the problem is not a quadratic (its gradient is not affine)"
    )
    beta = None
    if right:
        T = max(run.lrs.shape[0], 1)
        betas = _momentum_values(opt, T).reshape(T, -1)
        beta = betas[0]
        facts.test(
            np.allclose(betas, beta, rtol=1e-12, atol=0),
            None,
            "the momentum changed during the run",
        )
    lr, constant = _constant_step(run, facts)
    if constant and run.lrs.size:
        facts.reasons.append(
            f"constant step {_fmt(lr)}" + ("" if beta is None else f", momentum {_fmt(beta)}")
        )
    lam, Q = np.linalg.eigh(A)
    x_star = np.asarray(problem.x_star, float)
    B = run.fs.shape[1]
    t = np.arange(run.fs.shape[0])
    bound = np.empty(run.fs.shape)
    for b in range(B):
        e0 = Q.T @ (run.xs[0, b] - x_star)
        lr_b = float(np.nan_to_num(lr[b], nan=1.0)) if lr.size else 1.0
        beta_b = 0.0 if beta is None else float(np.broadcast_to(beta, (B,))[b])
        bound[:, b] = heavy_ball_quadratic_bound(t, lam, max(lr_b, 1e-300), max(beta_b, 0.0), e0)
    return _finish(
        run,
        np.linalg.norm(run.xs - x_star, axis=-1),
        bound,
        name="||x_t - x*|| <= (2 sum_lambda ||M_lambda^t||_2^2 e_0,lambda^2)^(1/2)  "
        "(heavy ball on a quadratic, exact per eigen-direction)",
        citation=POLYAK_HEAVY_BALL,
        quantity="||x_t - x*||",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_lower_bound_convex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Check that a run on Nesterov's worst function stays above the first-order lower bound.

    On $f(x) = \tfrac L4 (\tfrac12 x^\top A x - x_1)$ in $\mathbb{R}^n$ from
    $x_0 = 0$, any method whose iterates stay in the span of past gradients
    (gradient descent, heavy ball, Nesterov, and coordinate-wise methods such as
    Adam) keeps $f(x_t) - f^\star \ge \tfrac L8 (\tfrac1{t+1} - \tfrac1{n+1})$ for
    $t \le n$ ([`nesterov_worst_case_gap`][gdtheory.nesterov_worst_case_gap]); at
    $t = (n-1)/2$ this implies Nesterov's $3 L R^2 / (32 (t + 1)^2)$
    ([`lower_bound_convex`][gdtheory.lower_bound_convex]).
    Assumptions: the problem is that function (tested on random points) and
    $x_0 = 0$.

    Args:
        result: the run.
        problem: Nesterov's worst function ([`NesterovWorstCase`][gdtheory.NesterovWorstCase]);
            needs ``L`` and ``f_star``.
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.7
        and its proof.
    """
    run, _, facts, _ = _start(
        result,
        problem,
        optimizer,
        check="check_lower_bound_convex",
        needs=("L", "f_star"),
        methods=_SPAN_METHODS,
        scalar_step=False,
    )
    n, L = int(problem.dim), float(problem.L)
    facts.test(
        _is_nesterov_worst_function(problem),
        f"Nesterov's worst function, n = {n}",
        "the problem is not Nesterov's worst function (L/4)(x^T A x / 2 - x_1)",
    )
    facts.test(bool(np.all(run.xs[0] == 0)), "x_0 = 0", "the run did not start at x_0 = 0")
    return _finish(
        run,
        run.fs - float(problem.f_star),
        np.broadcast_to(nesterov_worst_case_gap(_steps_axis(run), L, n), run.fs.shape),
        name="f(x_t) - f* >= (L/8)(1/(t + 1) - 1/(n + 1)) for t <= n, which at t = (n - 1)/2 "
        "gives >= 3 L R^2 / (32 (t + 1)^2)  (any first-order method)",
        citation=NESTEROV_2_1_7,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        kind="lower",
        rtol=rtol,
        atol=0.0 if atol is None else atol,
    )


def _gradient_step(
    run: _Run, L: float | np.ndarray, facts: _Assumptions
) -> tuple[np.ndarray, bool]:
    """A constant step in ``(0, 2/L)`` (the descent lemma's range); ``1/L`` where none is known.

    ``L`` is one number, or one per run of a batch.
    """
    lr, constant = _constant_step(run, facts, 2 / L, "2/L", strict=True)
    safe = np.where(np.isnan(lr) | (lr <= 0) | (lr * L >= 2), 1 / L, lr)
    return (safe if constant else np.full(lr.shape, 1 / L)), constant


def _smoothness_on_run(run: _Run, problem: object, facts: _Assumptions, check: str) -> np.ndarray:
    r"""The $L$ of each run: the problem's global one, or one certified where the run went.

    A problem without a global ``L`` may offer ``smoothness_on(lo, hi)``, a certified
    bound on $\|\nabla^2 f\|_2$ over the box $[lo, hi]$ (as
    [`TwoLayerNet`][gdtheory.TwoLayerNet] does). The box spanned by $x_t$ and
    $x_{t+1}$ holds the segment between them, and the descent lemma at step $t$ needs
    the Hessian bound on that segment only, so the largest bound over the segments
    the run took (and at $x_0$) serves as $L$ for the whole run.
    """
    L = getattr(problem, "L", None)
    if L is not None:
        _need(problem, "L", check=check)
        return np.full(run.fs.shape[1], float(L))
    local = getattr(problem, "smoothness_on", None)
    if not callable(local):
        raise ValueError(
            f"{check} needs the problem's L (a global Lipschitz constant of the gradient) or "
            f"a method smoothness_on(lo, hi) certifying one on a box, but "
            f"{type(problem).__name__} has L=None and no smoothness_on"
        )
    xs = run.xs
    L = np.asarray(local(xs[0]), dtype=float).reshape(-1)
    if xs.shape[0] > 1:
        seg = np.asarray(local(np.minimum(xs[:-1], xs[1:]), np.maximum(xs[:-1], xs[1:])))
        seg = np.where(run.stopped[1:], 0.0, seg.reshape(run.lrs.shape))
        L = np.maximum(L, seg.max(axis=0))
    L = np.maximum(L, np.finfo(float).tiny)  # a flat path: any L > 0 is one
    facts.test(
        True,
        f"L = {_fmt(L)} certified on every segment [x_t, x_t+1] of the run "
        f"({type(problem).__name__}.smoothness_on the box each segment spans; the problem "
        "has no global L)",
        "",
    )
    return L


def _lower_bound(problem: object, check: str) -> float:
    """``f_inf``, a lower bound of ``f``, from ``problem.f_inf`` or else ``problem.f_star``."""
    for name in ("f_inf", "f_star"):
        value = getattr(problem, name, None)
        if value is not None:
            return float(value)
    raise ValueError(
        f"{check} needs a lower bound of f, the problem's f_inf or f_star, but "
        f"{type(problem).__name__} has f_inf=None and f_star=None"
    )


def check_gd_nonconvex(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a GD run on an $L$-smooth $f$ (convex or not) to the stationarity rate.

    At each $T \ge 1$ the smallest squared gradient norm seen so far is held to
    [`gd_nonconvex_bound`][gdtheory.gd_nonconvex_bound]:

    $$\min_{t < T} \|\nabla f(x_t)\|^2 \le
      \frac{f(x_0) - f_{\inf}}{T\,\eta\,(1 - L\eta/2)}
      \quad\Big(= \frac{2L\,(f(x_0) - f_{\inf})}{T} \text{ at } \eta = 1/L\Big),$$

    with $f_{\inf}$ = ``problem.f_inf`` if the problem has one, else
    ``problem.f_star`` (any lower bound of $f$ will do). The gradients are evaluated
    with ``problem.grad`` at the recorded iterates. Assumptions: plain gradient
    descent with a constant step $0 < \eta < 2/L$. $L$ is the problem's global
    Lipschitz constant of $\nabla f$ (``problem.L``) or, for a problem without one
    that certifies a bound on boxes (``problem.smoothness_on``, as
    [`TwoLayerNet`][gdtheory.TwoLayerNet]), the largest bound over the boxes spanned
    by each segment $[x_t, x_{t+1}]$ the run took: the descent lemma at step $t$
    needs the Hessian bounded on that segment only. A run that goes where the
    curvature is larger gets a larger $L$, and is outside the theorem once its step
    is not below $2/L$. Problems with neither, such as Rosenbrock, raise
    ``ValueError``. Convexity is not needed.

    Args:
        result: the run, plain gradient descent.
        problem: needs ``L`` (or ``smoothness_on``) and ``f_inf`` (or ``f_star``).
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance (defaults to the floating-point floor of $\|\nabla f\|^2$).

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.DoubleWell()
        >>> report = gd.check_gd_nonconvex(gd.minimize(p, gd.GD(lr=1.0), p.x0, max_iter=50), p)
        >>> report.status, report.worst_ratio < 1
        ('holds', True)

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, §1.2 (descent
        lemma, Lemma 1.2.3; the rate on p. 28, as cited by Abbaszadehpeivasti, de Klerk
        & Zamani; section number not checked).
    """
    check = "check_gd_nonconvex"
    f_inf = _lower_bound(problem, check)
    run, _, facts, _ = _start(result, problem, optimizer, check=check, needs=(), methods=(GD,))
    L = _smoothness_on_run(run, problem, facts, check)
    lr, _ = _gradient_step(run, L, facts)
    grads = np.asarray(problem.grad(run.xs), dtype=float)
    observed = np.minimum.accumulate(np.sum(grads * grads, axis=-1), axis=0)
    # observed[T] must be the minimum over t < T: shift by one (step 0 is not compared).
    observed = np.concatenate([observed[:1], observed[:-1]])
    gap = np.maximum(run.fs[0] - f_inf, 0.0)
    bound = gd_nonconvex_bound(_steps_axis(run), L, gap, lr=lr)
    if atol is None and getattr(problem, "L", None) is None:  # the floor, with the certified L
        atol = (float(np.max(L)) * 64 * _EPS) ** 2
    return _finish(
        run,
        observed,
        bound,
        name="min_{t<T} ||grad f(x_t)||^2 <= (f(x_0) - f_inf) / (T step (1 - L step/2))  "
        "(gradient descent, L-smooth, not necessarily convex; = 2L(f(x_0) - f_inf)/T at 1/L)",
        citation=NESTEROV_NONCONVEX,
        quantity=_MIN_GRAD,
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def _pl_constant(problem: object, facts: _Assumptions) -> float:
    """``problem.mu_pl``, or ``m`` when ``f`` is strongly convex (then PL with ``mu = m``)."""
    mu = getattr(problem, "mu_pl", None)
    if mu is not None:
        mu = float(mu)
        facts.test(mu > 0, f"PL constant mu = {mu:.6g}", f"mu_pl = {mu:g} is not positive")
        return mu
    m = getattr(problem, "m", None)
    if m is not None and float(m) > 0:
        facts.test(True, f"PL constant mu = m = {float(m):.6g} (strongly convex)", "")
        return float(m)
    raise ValueError(
        f"check_gd_pl needs the problem's PL constant mu_pl (or m > 0), but "
        f"{type(problem).__name__} has mu_pl=None and m={m!r}"
    )


def check_gd_pl(
    result: Result,
    problem: Problem,
    optimizer: Optimizer | None = None,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a GD run on a Polyak-Lojasiewicz function to its linear rate.

    $$f(x_t) - f^\star \le \big(1 - 2\mu\eta(1 - L\eta/2)\big)^t (f(x_0) - f^\star)
      \quad\Big(= (1 - \mu/L)^t (f(x_0) - f^\star) \text{ at } \eta = 1/L\Big),$$

    [`gd_pl_bound`][gdtheory.gd_pl_bound], with $\mu$ = ``problem.mu_pl`` (or
    ``problem.m`` for a strongly convex problem without ``mu_pl``). Assumptions:
    plain gradient descent with a constant step $0 < \eta < 2/L$; the PL inequality
    with that $\mu$ is the problem's side of the contract.

    Args:
        result: the run, plain gradient descent.
        problem: needs ``L``, ``f_star`` and ``mu_pl`` (or ``m > 0``).
        optimizer: optional; the method is read from ``result.optimizer``. If given,
            it must be the optimizer that ran (else ``ValueError``).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SinePL()
        >>> report = gd.check_gd_pl(gd.minimize(p, gd.GD(lr=1 / p.L), p.x0, max_iter=100), p)
        >>> report.status, report.worst_ratio < 1
        ('holds', True)

    Reference:
        Karimi, Nutini & Schmidt (2016), ECML-PKDD, Thm 1 (theorem number not checked
        against the paper).
    """
    run, _, facts, _ = _start(
        result, problem, optimizer, check="check_gd_pl", needs=("L", "f_star"), methods=(GD,)
    )
    mu = _pl_constant(problem, facts)
    L = float(problem.L)
    lr, _ = _gradient_step(run, L, facts)
    gap = np.maximum(run.fs[0] - float(problem.f_star), 0.0)
    bound = gd_pl_bound(_steps_axis(run), min(mu, L), L, gap, lr=lr)
    return _finish(
        run,
        run.fs - float(problem.f_star),
        bound,
        name="f(x_t) - f* <= (1 - 2 mu step (1 - L step/2))^t (f(x_0) - f*)  "
        "(gradient descent, PL; = (1 - mu/L)^t at step 1/L)",
        citation=KARIMI_NUTINI_SCHMIDT,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


# --------------------------------------------------------------------------- SGD


@dataclass(frozen=True, eq=False)
class NoisyGradients:
    r"""A problem whose gradient, inside a run, carries fresh Gaussian noise: SGD's oracle.

    At step ``t`` of [`minimize`][gdtheory.minimize] the gradient is
    $g_t = \nabla f(x_t) + \xi_t$ with $\xi_t \sim N(0, \sigma^2 I/d)$, so that
    $E[g_t] = \nabla f(x_t)$ and $E\|g_t - \nabla f(x_t)\|^2 = \sigma^2$. The noise
    of step ``t`` is drawn from ``np.random.default_rng([seed, t])``, one draw per
    row of ``x``: the runs of one batched call (``x0`` of shape ``(K, dim)``) are
    ``K`` independent runs, reproducible from ``seed``. (A batch of minibatch runs,
    ``batch_size=...``, shares its minibatches, so its runs are not independent.)
    Everything else (``f``, ``L``, ``m``, ``x_star``, ``f_star``, ``x0``, ``dim``)
    is the wrapped problem's; ``f`` and ``grad`` without ``t`` are exact, so a run
    records the true loss.

    Args:
        problem: the problem whose gradient is perturbed.
        sigma: $\sigma \ge 0$, the standard deviation of the noise (its norm).
        seed: seed of the noise.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.NoisyGradients(gd.SeedQuadratic(), sigma=1.0, seed=0)
        >>> g = p.grad(np.zeros((4000, 2)), t=0) - p.grad(np.zeros(2))
        >>> round(float(np.mean(np.sum(g**2, axis=-1))), 1)  # E||xi||^2 = sigma^2
        1.0
    """

    problem: Any
    sigma: float
    seed: int = 0

    online: ClassVar[bool] = True

    def __post_init__(self) -> None:
        check_nonnegative("sigma", self.sigma)
        if not (callable(getattr(self.problem, "grad", None)) and hasattr(self.problem, "dim")):
            raise ValueError(
                f"problem must be a Problem with dim and grad(x), got {self.problem!r}"
            )
        if getattr(self.problem, "online", False):
            raise ValueError(f"problem must not be online itself, got {self.problem!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int | np.integer):
            raise ValueError(f"seed must be an integer, got {self.seed!r}")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "problem":
            raise AttributeError(name)
        return getattr(self.problem, name)

    def f(self, x: object, t: int | None = None) -> np.ndarray:
        """The wrapped problem's ``f`` (no noise: the loss a run records)."""
        return self.problem.f(x)

    def grad(self, x: object, t: int | None = None) -> np.ndarray:
        """The exact gradient without ``t``; with ``t``, plus the noise of step ``t``."""
        g = np.asarray(self.problem.grad(x), dtype=float)
        if t is None or self.sigma == 0:
            return g
        if isinstance(t, bool) or not isinstance(t, int | np.integer) or t < 0:
            raise ValueError(f"t must be a non-negative integer step count, got {t!r}")
        rng = np.random.default_rng([int(self.seed), int(t)])
        return g + self.sigma / np.sqrt(g.shape[-1]) * rng.standard_normal(g.shape)


@dataclass(frozen=True, eq=False)
class Ball:
    r"""The Euclidean projection onto the ball $\{x : \|x - c\| \le r\}$, for ``project=``.

    The SGD theorems with decaying steps assume a bounded feasible set $X$ (so
    that $E\|g\|^2$ is bounded on it) and the projection onto it after each step;
    a check reads the set from this object (a plain function would hide it).

    Args:
        center: $c$, shape ``(dim,)``.
        radius: $r > 0$.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> gd.Ball(np.zeros(2), 1.0)(np.array([[3.0, 4.0], [0.1, 0.2]]))
        array([[0.6, 0.8],
               [0.1, 0.2]])
    """

    center: np.ndarray
    radius: float

    def __post_init__(self) -> None:
        c = np.asarray(self.center, dtype=float)
        if c.ndim != 1 or not np.all(np.isfinite(c)):
            raise ValueError(f"center must be a finite 1-D point, got {self.center!r}")
        object.__setattr__(self, "center", c)
        if not (np.isfinite(self.radius) and self.radius > 0):
            raise ValueError(f"radius must be positive and finite, got {self.radius!r}")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        d = np.asarray(x, dtype=float) - self.center
        n = np.linalg.norm(d, axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(n > self.radius, self.radius / np.where(n > 0, n, 1.0), 1.0)
        return self.center + d * scale


def compare_mean_to_bound(
    samples: ArrayLike,
    bound: ArrayLike,
    *,
    name: str,
    citation: str,
    quantity: str = "error",
    confidence: float = 0.95,
    assumptions_held: bool = True,
    reason: str = "not checked (plain arrays)",
    rtol: float = 1e-9,
    atol: float = 0.0,
    skip_first: bool = False,
    exact: bool = False,
) -> Report:
    r"""Hold the mean of many independent runs to a bound on an expectation, with intervals.

    ``samples[t, k]`` is the error of run $k$ at step $t$. At every step the mean
    $\bar e_t$ and its standard error $s_t/\sqrt K$ give the interval
    $\bar e_t \pm z\, s_t/\sqrt K$, with $z$ the normal quantile of level
    $1 - (1 - \text{confidence})/(2 n)$ for $n$ compared steps (Bonferroni), so
    that all $n$ intervals hold together with probability about ``confidence``.
    The bound on $E[e_t]$ is **violated** when an interval lies entirely above it
    (its lower end exceeds $(1 + \text{rtol})\,\text{bound}_t + \text{atol}$),
    and **holds** otherwise. ``worst_ratio`` is $\bar e_t / \text{bound}_t$ at the
    step where it is largest, ``interval`` the interval there over the bound.

    Args:
        samples: errors, shape ``(T + 1, K)``, step 0 first, one column per run;
            ``K >= 2`` unless ``exact``.
        bound: the bound on the expectation, broadcastable to ``(T + 1, 1)`` or
            to ``samples`` (then averaged over the runs: runs from different
            starts have different bounds, and the mean obeys their mean).
        name: the statement, shown in the report.
        citation: its source.
        quantity: what ``samples`` measures.
        confidence: simultaneous confidence level, in $(0, 1)$.
        assumptions_held: whether the theorem applies.
        reason: the assumptions, in words.
        rtol: relative slack.
        atol: absolute slack.
        skip_first: leave step 0 out of the comparison.
        exact: the samples are not random (exact gradients): their mean is the
            expectation, one run suffices and the interval is a point.

    Examples:
        Exponential errors of mean 1, against the bound 1 (attained) and 0.5:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> e = np.random.default_rng(0).exponential(size=(3, 2000))
        >>> r = gd.compare_mean_to_bound(e, 1.0, name="E e <= 1", citation="-")
        >>> r.status, r.runs, r.interval[0] < 1 < r.interval[1]
        ('holds', 2000, True)
        >>> gd.compare_mean_to_bound(e, 0.5, name="E e <= 0.5", citation="-").status
        'violated'
    """
    obs = np.asarray(samples, dtype=float)
    if obs.ndim != 2 or obs.shape[0] == 0 or obs.shape[1] == 0:
        raise ValueError(f"samples must have shape (T + 1, runs), got {obs.shape}")
    if not np.all(np.isfinite(obs)):
        raise ValueError("samples must be finite")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    check_nonnegative("rtol", rtol)
    check_nonnegative("atol", atol)
    K = obs.shape[1]
    if K < 2 and not exact:
        raise ValueError(
            "samples must hold at least 2 runs to estimate a standard error (a batch of runs: "
            "x0 of shape (K, dim)), unless they are exact (exact=True)"
        )
    try:
        bnd = np.broadcast_to(np.asarray(bound, dtype=float), obs.shape)
    except ValueError:
        raise ValueError(
            f"bound must broadcast to samples' shape {obs.shape}, got shape {np.shape(bound)}"
        ) from None
    if np.any(np.isnan(bnd)):
        raise ValueError("bound has NaN entries")
    with np.errstate(invalid="ignore"):
        b = np.mean(bnd, axis=1)  # inf stays inf: no claim
    mean = obs.mean(axis=1)
    se = np.zeros_like(mean) if exact else obs.std(axis=1, ddof=1) / np.sqrt(K)
    compared = np.isfinite(b)
    if skip_first and compared.size > 1:
        compared[0] = False
    n = max(int(compared.sum()), 1)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / (2 * n))
    lo, hi = mean - z * se, mean + z * se
    violated = compared & (lo - atol > (1 + rtol) * b)
    with np.errstate(divide="ignore", invalid="ignore"):
        excess = np.maximum(mean - atol, 0.0)
        ratio = np.where(b > 0, excess / np.where(b > 0, b, 1.0), np.where(excess > 0, np.inf, 0.0))
    ratio = np.where(compared, ratio, -np.inf)
    step = int(np.argmax(ratio)) if np.any(compared) else 0
    bstep = b[step] if np.isfinite(b[step]) and b[step] > 0 else np.nan
    status = (
        "assumption violated"
        if not assumptions_held
        else ("violated" if np.any(violated) else "holds")
    )
    return Report(
        bound=name,
        citation=citation,
        quantity=f"E[{quantity}]",
        kind="upper",
        status=status,
        holds=status == "holds",
        worst_ratio=float(max(ratio[step], 0.0)) if np.any(compared) else 0.0,
        worst_step=step,
        worst_run=None,
        assumptions_held=bool(assumptions_held),
        reason=reason,
        interval=(float(lo[step] / bstep), float(hi[step] / bstep)),
        runs=K,
        confidence=float(confidence),
    )


def _noise_variance(result: object, problem: object, facts: _Assumptions) -> float:
    r"""$\sigma^2$ of the gradients the steps used: ``NoisyGradients``' or 0 for exact ones."""
    if isinstance(problem, NoisyGradients):
        sigma2 = float(problem.sigma) ** 2
        facts.test(True, f"unbiased gradient noise, E||g - grad f||^2 = {sigma2:.6g}", "")
        return sigma2
    size = getattr(result, "batch_size", None)
    if size is not None:
        facts.test(
            False,
            None,
            f"the steps used minibatch gradients of gd.minimize (batch_size={size}): the runs of "
            "one batch share their minibatches, so they are not independent samples, and the "
            "noise level is not known to the check; use gd.NoisyGradients",
        )
        return 0.0
    if getattr(problem, "online", False):
        facts.test(
            False,
            None,
            "the problem is online (a different loss at each step); the theorem is about one f",
        )
        return 0.0
    facts.test(True, "exact gradients (noise 0)", "")
    return 0.0


def _plain_sgd(opt: object, facts: _Assumptions) -> None:
    """SGD without momentum and without weight decay is the method of the theorems."""
    if not isinstance(opt, SGD):
        return
    for field_name in ("momentum", "weight_decay"):
        value = getattr(opt, field_name)
        zero = not callable(value) and bool(np.all(np.asarray(value) == 0))
        facts.test(
            zero,
            None,
            f"SGD with {field_name}={value!r}: the theorem is about the plain step "
            "x - lr * g (momentum 0, weight_decay 0)",
        )


def _start_sgd(
    result: object, problem: object, *, check: str, needs: tuple[str, ...], ball: bool
) -> tuple[_Run, object, _Assumptions, float, Ball | None]:
    """The shared start of the SGD checks: history, method, wrappers, noise and feasible set."""
    _need(problem, *needs, check=check)
    run = _run_history(result, problem)
    if np.any(run.stopped):
        raise ValueError(
            f"{check} averages runs step by step; some runs of the batch stopped early "
            "(status != max_iter): run without stopping rules (grad_tol=None, patience=None)"
        )
    facts = _Assumptions()
    opt = _ran(result, None, check)
    if opt is None:
        facts.test(False, None, "the Result does not record the optimizer that ran")
        return run, None, facts, 0.0, None
    _method(opt, (GD, SGD), facts)
    clipped = getattr(result, "clip", None) is not None or isinstance(opt, Clipped)
    facts.test(not clipped, None, "the gradients were clipped; the theorem is about the plain step")
    if isinstance(opt, Clipped):
        opt = opt.optimizer
    _plain_sgd(opt, facts)
    _scalar_step(opt, result, facts)
    sigma2 = _noise_variance(result, problem, facts)
    project = getattr(result, "project", None)
    X = None
    if ball:
        if isinstance(project, Ball):
            x_star = np.asarray(problem.x_star, dtype=float)
            inside = float(np.linalg.norm(x_star - project.center)) <= project.radius * (1 + 1e-12)
            if facts.test(
                inside,
                f"projected onto a Ball of radius {project.radius:.6g} holding x*",
                "the Ball the iterates were projected onto does not hold x*",
            ):
                X = project
        else:
            facts.test(
                False,
                None,
                "the iterates were not projected onto a gd.Ball: the theorem needs a bounded set "
                "X (E||g||^2 bounded on it) and the projection onto it (project=gd.Ball(c, r))"
                if project is None
                else "the iterates were projected by a function that is not a gd.Ball, so the "
                "set X and the bound on E||g||^2 over it are unknown",
            )
    else:
        facts.test(
            project is None,
            None,
            "the iterates were projected after each step; the theorem is about the unprojected "
            "method",
        )
    return run, opt, facts, sigma2, X


def _second_moment_on(X: Ball, problem: object, sigma2: float) -> float:
    r"""$\sup_{x \in X} E\|g(x)\|^2 \le (L \max_{x \in X}\|x - x^\star\|)^2 + \sigma^2$."""
    far = float(np.linalg.norm(np.asarray(problem.x_star, float) - X.center)) + X.radius
    return (float(problem.L) * far) ** 2 + sigma2


def check_sgd_constant_step(
    result: Result,
    problem: Problem,
    *,
    confidence: float = 0.95,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold many SGD runs with a constant step to the noise-floor bound, by their mean.

    $$E[f(x_t)] - f^\star \le \frac{\eta L \sigma^2}{2m}
      + (1 - \eta m)^t \Big(f(x_0) - f^\star - \frac{\eta L \sigma^2}{2m}\Big),$$

    [`sgd_constant_step_bound`][gdtheory.sgd_constant_step_bound] with $M = \sigma^2$,
    $M_G = 1$. Assumptions, read from the run: plain SGD (or GD: momentum 0, no
    weight decay), a constant step $0 < \eta \le 1/L$, no clipping, no projection,
    $m > 0$, and gradients that are exact or unbiased with known variance
    ([`NoisyGradients`][gdtheory.NoisyGradients]). The runs of a batch (``x0`` of
    shape ``(K, dim)``) are the samples; the report gives the mean's confidence
    interval ([`compare_mean_to_bound`][gdtheory.compare_mean_to_bound]).

    Args:
        result: a batch of runs (or one run, with exact gradients).
        problem: the problem the runs used; needs ``m``, ``L``, ``x_star``, ``f_star``.
        confidence: simultaneous confidence level of the intervals.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.NoisyGradients(gd.SeedQuadratic(), sigma=0.5, seed=1)
        >>> res = gd.minimize(p, gd.SGD(lr=1 / p.L), np.tile(p.x0, (500, 1)), max_iter=40)
        >>> report = gd.check_sgd_constant_step(res, p)
        >>> report.status, report.runs
        ('holds', 500)

    Reference:
        Bottou, Curtis & Nocedal (2018), SIAM Review 60(2):223-311, Thm 4.6.
    """
    run, _, facts, sigma2, _ = _start_sgd(
        result,
        problem,
        check="check_sgd_constant_step",
        needs=("m", "L", "x_star", "f_star"),
        ball=False,
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    lr, _ = _constant_step(run, facts, 1 / L, "1/L")
    step = float(np.nanmax(lr)) if np.any(np.isfinite(lr)) else 1 / L
    step = min(max(step, 1e-300), 1 / L)
    gaps = run.fs - float(problem.f_star)
    bound = sgd_constant_step_bound(
        _steps_axis(run), max(m, 1e-300), L, step, sigma2, np.maximum(gaps[0], 0.0)
    )
    return compare_mean_to_bound(
        gaps,
        bound,
        name="E f(x_t) - f* <= step L sigma^2/(2m) + (1 - step m)^t (f(x_0) - f* - floor)  "
        "(SGD, constant step <= 1/L, strongly convex, unbiased noise of variance sigma^2)",
        citation=BOTTOU_CURTIS_NOCEDAL,
        quantity="f(x_t) - f*",
        confidence=confidence,
        assumptions_held=facts.ok,
        reason="; ".join(facts.reasons),
        rtol=rtol,
        atol=_floor(problem, "f(x_t) - f*") if atol is None else atol,
        skip_first=True,
        exact=sigma2 == 0,
    )


def _harmonic_theta(lrs: np.ndarray, facts: _Assumptions) -> float:
    r"""The $\theta$ of steps $\theta/(t + 1)$, or ``nan`` (with the reason) if they are not."""
    if lrs.shape[0] == 0 or np.all(np.isnan(lrs)):
        facts.test(False, None, "the optimizer does not report its step (no learning_rate)")
        return np.nan
    scaled = lrs * np.arange(1, lrs.shape[0] + 1)[:, None]
    theta = float(scaled[0, 0])
    same = bool(np.allclose(scaled, theta, rtol=_STEP_RTOL, atol=0))
    facts.test(
        same,
        f"steps theta/(t + 1), theta = {theta:.6g}",
        f"the steps {_fmt(lrs[:3])}... are not theta/(t + 1) for one theta",
    )
    return theta if same else np.nan


def check_sgd_strongly_convex(
    result: Result,
    problem: Problem,
    *,
    confidence: float = 0.95,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold many projected SGD runs with steps $\theta/t$ to $E\|x_t - x^\star\|^2 \le Q/t$.

    [`sgd_strongly_convex_bound`][gdtheory.sgd_strongly_convex_bound]: steps
    $\theta/(t + 1)$ with $\theta > 1/(2m)$, the iterates projected onto a
    [`Ball`][gdtheory.Ball] $X$ that holds $x^\star$, and
    $M^2 = (L \max_{x \in X} \|x - x^\star\|)^2 + \sigma^2 \ge E\|g\|^2$ on $X$.
    Assumptions read from the run as in
    [`check_sgd_constant_step`][gdtheory.check_sgd_constant_step], except that the
    projection onto a ``Ball`` is required and the steps must be $\theta/(t + 1)$.

    Args:
        result: a batch of runs (``project=gd.Ball(...)``).
        problem: needs ``m``, ``L`` and ``x_star``.
        confidence: simultaneous confidence level of the intervals.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.NoisyGradients(gd.SeedQuadratic(), sigma=1.0, seed=2)
        >>> X = gd.Ball(p.x_star, 3.0)
        >>> res = gd.minimize(p, gd.SGD(lr=lambda t: 0.5 / (t + 1)), np.tile(p.x0, (400, 1)),
        ...                   max_iter=50, project=X)
        >>> gd.check_sgd_strongly_convex(res, p).status
        'holds'

    Reference:
        Nemirovski, Juditsky, Lan & Shapiro (2009), SIAM J. Optim. 19(4):1574-1609,
        eqs. (2.8)-(2.10), with the constant completed for $2m\theta > 3/2$ (see
        [`sgd_strongly_convex_bound`][gdtheory.sgd_strongly_convex_bound]).
    """
    run, _, facts, sigma2, X = _start_sgd(
        result, problem, check="check_sgd_strongly_convex", needs=("m", "L", "x_star"), ball=True
    )
    m = _strongly_convex(problem, facts)
    theta = _harmonic_theta(run.lrs, facts)
    if np.isfinite(theta) and m > 0:
        facts.test(
            2 * m * theta > 1,
            f"theta > 1/(2m) = {1 / (2 * m):.6g}",
            f"theta = {theta:.6g} is not above 1/(2m) = {1 / (2 * m):.6g}",
        )
    x_star = np.asarray(problem.x_star, dtype=float)
    dist2 = np.sum((run.xs - x_star) ** 2, axis=-1)
    if facts.ok:
        M2 = _second_moment_on(X, problem, sigma2)
        bound = sgd_strongly_convex_bound(_steps_axis(run), m, M2, np.sqrt(dist2[0]), theta)
    else:
        bound = np.full((1, 1), np.inf)  # no claim: the report says why
    return compare_mean_to_bound(
        dist2,
        bound,
        name="E||x_t - x*||^2 <= Q/(t + 1), "
        "Q = max{theta^2 M^2/(2 m theta - 1), 2 theta^2 M^2, ||x_0 - x*||^2}"
        "  (projected SGD, steps theta/(t + 1), strongly convex, E||g||^2 <= M^2 on X)",
        citation=NEMIROVSKI_ET_AL,
        quantity="||x_t - x*||^2",
        confidence=confidence,
        assumptions_held=facts.ok,
        reason="; ".join(facts.reasons),
        rtol=rtol,
        atol=_floor(problem, "||x_t - x*||^2") if atol is None else atol,
        skip_first=True,
        exact=sigma2 == 0,
    )


def check_sgd_convex_averaged(
    result: Result,
    problem: Problem,
    *,
    confidence: float = 0.95,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold the averaged iterate of many projected SGD runs to the $1/\sqrt T$ bound.

    With $\bar x_T = \frac1T \sum_{t<T} x_t$ (computed here from the history),

    $$E f(\bar x_T) - f^\star \le \frac1T\Big(\frac{D^2}{2\eta_{T-1}}
      + \frac{G^2}{2} \sum_{t<T} \eta_t\Big),$$

    [`sgd_convex_averaged_bound`][gdtheory.sgd_convex_averaged_bound] with the steps
    the run used, which must be positive and non-increasing (e.g.
    [`inverse_sqrt`][gdtheory.inverse_sqrt], for the rate $1/\sqrt T$), the
    iterates projected onto a [`Ball`][gdtheory.Ball] $X$ of diameter $D = 2r$
    holding $x^\star$, and $G^2 = (L \max_{x \in X}\|x - x^\star\|)^2 + \sigma^2$.
    Convexity is the problem's ``m >= 0``.

    Args:
        result: a batch of runs (``project=gd.Ball(...)``).
        problem: needs ``m``, ``L``, ``x_star`` and ``f_star``.
        confidence: simultaneous confidence level of the intervals.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.NoisyGradients(gd.SeedQuadratic(), sigma=1.0, seed=3)
        >>> res = gd.minimize(p, gd.SGD(lr=gd.inverse_sqrt(0.1)), np.tile(p.x0, (200, 1)),
        ...                   max_iter=50, project=gd.Ball(p.x_star, 3.0))
        >>> gd.check_sgd_convex_averaged(res, p).status
        'holds'

    Reference:
        Zinkevich (2003), ICML (online gradient descent; no theorem number checked);
        the averaged iterate by Jensen's inequality.
    """
    run, _, facts, sigma2, X = _start_sgd(
        result,
        problem,
        check="check_sgd_convex_averaged",
        needs=("m", "L", "x_star", "f_star"),
        ball=True,
    )
    m = float(problem.m)
    facts.test(m >= 0, f"convex (m = {m:.6g})", f"m = {m:g}: the problem is not convex")
    steps = run.lrs
    positive = bool(steps.size) and bool(np.all(np.isfinite(steps) & (steps > 0)))
    increasing = positive and bool(np.any(np.diff(steps, axis=0) > _STEP_RTOL * steps[:-1]))
    facts.test(
        positive and not increasing,
        f"non-increasing steps {_fmt(steps[:1])} to {_fmt(steps[-1:])}" if positive else None,
        "the steps increase during the run; the theorem needs non-increasing steps"
        if increasing
        else "the optimizer does not report positive steps",
    )
    T = run.fs.shape[0] - 1
    csum = np.cumsum(run.xs[:-1], axis=0)
    counts = np.arange(1, T + 1)[:, None, None]
    xbar = np.concatenate([run.xs[:1], csum / counts])  # xbar[T] = mean of x_0..x_{T-1}
    gaps = np.asarray(problem.f(xbar), dtype=float) - float(problem.f_star)
    if facts.ok:
        G2 = _second_moment_on(X, problem, sigma2)
        bound = sgd_convex_averaged_bound(np.arange(T + 1), 2 * X.radius, G2, lrs=steps)
    else:
        bound = np.full((1, 1), np.inf)
    return compare_mean_to_bound(
        gaps,
        bound,
        name="E f(xbar_T) - f* <= (D^2/(2 step_{T-1}) + (G^2/2) sum_t step_t)/T  "
        "(projected SGD, non-increasing steps, convex, E||g||^2 <= G^2 on X; "
        "<= (D^2/(2 eta0) + eta0 G^2)/sqrt(T) for eta0/sqrt(t + 1))",
        citation=ZINKEVICH,
        quantity="f(xbar_T) - f*",
        confidence=confidence,
        assumptions_held=facts.ok,
        reason="; ".join(facts.reasons),
        rtol=rtol,
        atol=_floor(problem, "f(x_t) - f*") if atol is None else atol,
        skip_first=True,
        exact=sigma2 == 0,
    )


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Theorem:
    r"""One theorem of the site, as the table of theorems lists it.

    Attributes:
        bound: name of its bound function in ``gdtheory.bounds``.
        check: name of its check, or ``None`` (no finite problem can attain it).
        quantity: what it bounds, as its check's [`Report`][gdtheory.Report] names
            it (``"E[...]"`` for an expectation over the noise).
        kind: ``"upper"`` or ``"lower"``.
        guarantee: ``"worst case"``, ``"tight"`` (attained by some function of the
            class), ``"expected"`` (over the gradient noise) or ``"exact"``.
        statement: the inequality, in LaTeX.
        assumptions: the function class and oracle, in LaTeX.
        step: the step (and method) the theorem is about, in LaTeX.
        source: author and year, with the theorem number where it was checked.
    """

    bound: str
    check: str | None
    quantity: str
    kind: str
    guarantee: str
    statement: str
    assumptions: str
    step: str
    source: str


_N = r"\lVert"
_M = r"\rVert"
THEOREMS: tuple[Theorem, ...] = (
    Theorem(
        "gd_convex_bound",
        "check_gd_convex",
        "f(x_t) - f*",
        "upper",
        "worst case",
        r"$\le L R^2/(2t)$",
        r"convex, $L$-smooth",
        r"GD, $\eta \le 1/L$",
        "Beck & Teboulle 2009",
    ),
    Theorem(
        "gd_convex_tight_bound_any_step",
        "check_gd_convex_tight",
        "f(x_t) - f*",
        "upper",
        "tight",
        r"$\le \frac{L R^2}{2}\max\{\frac{1}{2th + 1}, (1 - h)^{2t}\}$",
        r"convex, $L$-smooth",
        r"GD, $\eta = h/L$, $0 < h < 2$",
        "Drori & Teboulle 2014, Thm 3.1 ($h \\le 1$); Kim 2024",
    ),
    Theorem(
        "gd_strongly_convex_bound",
        "check_gd_strongly_convex",
        "||x_t - x*||^2",
        "upper",
        "worst case",
        r"$\le (1 - m/L)^t R^2$",
        r"$m$-strongly convex, $L$-smooth",
        r"GD, $\eta \le 1/L$",
        "course notes (loose by a square)",
    ),
    Theorem(
        "gd_strongly_convex_tight_bound",
        "check_gd_strongly_convex_tight",
        "||x_t - x*||^2",
        "upper",
        "tight",
        r"$\le \rho^{2t} R^2$",
        r"$m$-strongly convex, $L$-smooth",
        r"GD, $0 < \eta < 2/L$",
        "Taylor, Hendrickx & Glineur 2018, Thm 3.1",
    ),
    Theorem(
        "gd_strongly_convex_gap_bound",
        "check_gd_strongly_convex_gap",
        "f(x_t) - f*",
        "upper",
        "tight",
        r"$\le \rho^{2t} (f(x_0) - f^\star)$",
        r"$m$-strongly convex, $L$-smooth",
        r"GD, $0 < \eta < 2/L$",
        "Taylor, Hendrickx & Glineur 2018 (function values)",
    ),
    Theorem(
        "gd_optimal_step_bound",
        "check_gd_optimal_step",
        "||x_t - x*||",
        "upper",
        "worst case",
        r"$\le (\frac{\kappa - 1}{\kappa + 1})^t R$",
        r"$m$-strongly convex, $L$-smooth",
        r"GD, $\eta = 2/(m + L)$",
        "Nesterov 2004, Thm 2.1.15",
    ),
    Theorem(
        "nesterov_convex_bound",
        "check_nesterov_convex",
        "f(x_t) - f*",
        "upper",
        "worst case",
        r"$\le 2 L R^2/(t + 1)^2$",
        r"convex, $L$-smooth",
        r"Nesterov (FISTA momentum), $\eta = 1/L$",
        "Beck & Teboulle 2009, Thm 4.4",
    ),
    Theorem(
        "nesterov_strongly_convex_bound",
        "check_nesterov_strongly_convex",
        "f(x_t) - f*",
        "upper",
        "worst case",
        r"$\le (1 - \frac{1}{\sqrt\kappa})^t (f(x_0) - f^\star + \frac m2 R^2)$",
        r"$m$-strongly convex, $L$-smooth",
        r"Nesterov, $\beta = \frac{\sqrt L - \sqrt m}{\sqrt L + \sqrt m}$, $\eta = 1/L$",
        "d'Aspremont, Scieur & Taylor 2021, Cor. 4.15",
    ),
    Theorem(
        "heavy_ball_quadratic_bound",
        "check_heavy_ball_quadratic",
        "||x_t - x*||",
        "upper",
        "exact",
        rf"$\le (2 \sum_\lambda {_N} M_\lambda^t {_M}^2 e_{{0,\lambda}}^2)^{{1/2}}$",
        "quadratic",
        r"heavy ball, any $\alpha, \beta$",
        "linear algebra (Polyak 1964, the method)",
    ),
    Theorem(
        "lower_bound_convex",
        "check_lower_bound_convex",
        "f(x_t) - f*",
        "lower",
        "worst case",
        r"$\ge 3 L R^2/(32 (t + 1)^2)$, some $f$",
        r"convex, $L$-smooth, $t \le (n - 1)/2$",
        "any method in the span of its gradients",
        "Nesterov 2004, Thm 2.1.7",
    ),
    Theorem(
        "lower_bound_strongly_convex",
        None,
        "f(x_t) - f*",
        "lower",
        "worst case",
        r"$\ge \frac m2 q^{2t} R^2$, some $f$",
        r"$m$-strongly convex, $L$-smooth (infinite dimension)",
        "any method in the span of its gradients",
        "Nesterov 2004, Thm 2.1.13",
    ),
    Theorem(
        "gd_nonconvex_bound",
        "check_gd_nonconvex",
        _MIN_GRAD,
        "upper",
        "worst case",
        r"$\le 2 L (f(x_0) - f_{\inf})/T$",
        r"$L$-smooth, bounded below",
        r"GD, $\eta = 1/L$ (any $\eta < 2/L$)",
        "Nesterov 2004, §1.2",
    ),
    Theorem(
        "gd_pl_bound",
        "check_gd_pl",
        "f(x_t) - f*",
        "upper",
        "worst case",
        r"$\le (1 - \mu/L)^t (f(x_0) - f^\star)$",
        r"$\mu$-PL, $L$-smooth",
        r"GD, $\eta = 1/L$ (any $\eta < 2/L$)",
        "Karimi, Nutini & Schmidt 2016",
    ),
    Theorem(
        "sgd_constant_step_bound",
        "check_sgd_constant_step",
        "E[f(x_t) - f*]",
        "upper",
        "expected",
        r"$\le \frac{\eta L \sigma^2}{2m} + (1 - \eta m)^t (\dots)$",
        r"$m$-strongly convex, $L$-smooth, unbiased noise $\sigma^2$",
        r"SGD, constant $\eta \le 1/L$",
        "Bottou, Curtis & Nocedal 2018, Thm 4.6",
    ),
    Theorem(
        "sgd_strongly_convex_bound",
        "check_sgd_strongly_convex",
        "E[||x_t - x*||^2]",
        "upper",
        "expected",
        r"$\le Q/(t + 1)$",
        rf"$m$-strongly convex on $X$, $E{_N} g {_M}^2 \le M^2$ on $X$",
        r"projected SGD, $\eta_t = \theta/(t + 1)$, $\theta > 1/(2m)$",
        "after Nemirovski, Juditsky, Lan & Shapiro 2009, eqs. 2.8-2.10 (constant completed)",
    ),
    Theorem(
        "sgd_convex_averaged_bound",
        "check_sgd_convex_averaged",
        "E[f(xbar_T) - f*]",
        "upper",
        "expected",
        r"$\le (D^2/(2\eta_0) + \eta_0 G^2)/\sqrt T$",
        rf"convex on $X$ of diameter $D$, $E{_N} g {_M}^2 \le G^2$ on $X$",
        r"projected SGD, $\eta_t = \eta_0/\sqrt{t + 1}$ (any non-increasing)",
        "Zinkevich 2003",
    ),
    Theorem(
        "newton_local_bound",
        "check_newton_local",
        "||x_t - x*||",
        "upper",
        "worst case",
        r"$r_{t+1} \le \frac{M r_t^2}{2(\mu - M r_t)}$, $r_t = \lVert x_t - x^\star \rVert$",
        r"$\nabla^2 f$ $M$-Lipschitz, $\nabla^2 f(x^\star) \succeq \mu I$, "
        r"$r_0 < \frac{2\mu}{3M}$",
        "pure Newton",
        "Nesterov 2004, Thm 1.2.5; Nocedal & Wright 2006, Thm 3.5",
    ),
    Theorem(
        "exact_line_search_bound",
        "check_exact_line_search",
        "f(x_t) - f*",
        "upper",
        "tight",
        r"$\le (\frac{\kappa - 1}{\kappa + 1})^{2t} (f(x_0) - f^\star)$",
        "strongly convex quadratic",
        "GD, exact line search",
        "Nocedal & Wright 2006, Thm 3.3 (Kantorovich)",
    ),
    Theorem(
        "backtracking_step_lower_bound",
        "check_backtracking_step",
        "accepted step",
        "lower",
        "worst case",
        r"$\ge \min\{\eta_0, 2\rho(1 - c)/L\}$",
        r"$L$-smooth",
        r"GD, Armijo backtracking ($\eta_0$, $c$, $\rho$), $\eta_t$ the accepted step",
        "Armijo 1966; the descent lemma",
    ),
    Theorem(
        "backtracking_convex_bound",
        "check_backtracking_convex",
        "f(x_t) - f*",
        "upper",
        "worst case",
        r"$\le R^2/(2 t \eta_{\min})$",
        r"convex, $L$-smooth",
        r"GD, Armijo backtracking, $c \ge 1/2$",
        "the $O(1/t)$ proof with the accepted steps",
    ),
)

"""Every theorem the package checks, in the order of the convergence page's table."""

_QUANTITY_TEX = {
    "f(x_t) - f*": r"$f(x_t) - f^\star$",
    "||x_t - x*||^2": rf"${_N} x_t - x^\star {_M}^2$",
    "||x_t - x*||": rf"${_N} x_t - x^\star {_M}$",
    _MIN_GRAD: rf"$\min_{{t<T}} {_N}\nabla f(x_t){_M}^2$",
    "E[f(x_t) - f*]": r"$E[f(x_t) - f^\star]$",
    "E[||x_t - x*||^2]": rf"$E {_N} x_t - x^\star {_M}^2$",
    "E[f(xbar_T) - f*]": r"$E[f(\bar x_T) - f^\star]$",
    "accepted step": r"$\eta_t$",
}


# The Korean edition of the table: every English phrase of the table beside its Korean
# (terms from docs/snippets/glossary.md). Names, formulas and the check names stay as
# they are; a theorem whose words are missing here makes theorem_table(lang="ko") fail.
_TABLE_KO: dict[str, str] = {
    # the header and the kinds of guarantee
    "bound": "부등식",
    "guarantee": "보장",
    "assumptions; method and step": "가정; 방법과 학습률",
    "source": "출처",
    "check": "검사",
    "worst case": "최악의 경우",
    "tight": "엄밀함",
    "expected": "기댓값",
    "exact": "정확한 값",
    ", lower bound": ", 하한",
    # in the statements
    ", some $f$": ", 어떤 $f$에서",
    # the assumptions
    "$L$-smooth": "$L$-매끄러움",
    "$L$-smooth, bounded below": "$L$-매끄러움, 아래로 유계",
    r"$\mu$-PL, $L$-smooth": r"$\mu$-PL, $L$-매끄러움",
    r"$\nabla^2 f$ $M$-Lipschitz, $\nabla^2 f(x^\star) \succeq \mu I$, $r_0 < \frac{2\mu}{3M}$": (
        r"$\nabla^2 f$가 $M$-립시츠, $\nabla^2 f(x^\star) \succeq \mu I$, $r_0 < \frac{2\mu}{3M}$"
    ),
    r"$m$-strongly convex on $X$, $E\lVert g \rVert^2 \le M^2$ on $X$": (
        r"$X$에서 $m$-강볼록, $X$에서 $E\lVert g \rVert^2 \le M^2$"
    ),
    "$m$-strongly convex, $L$-smooth": "$m$-강볼록, $L$-매끄러움",
    "$m$-strongly convex, $L$-smooth (infinite dimension)": "$m$-강볼록, $L$-매끄러움(무한 차원)",
    r"$m$-strongly convex, $L$-smooth, unbiased noise $\sigma^2$": (
        r"$m$-강볼록, $L$-매끄러움, 비편향 잡음 $\sigma^2$"
    ),
    r"convex on $X$ of diameter $D$, $E\lVert g \rVert^2 \le G^2$ on $X$": (
        r"지름이 $D$인 $X$에서 볼록, $X$에서 $E\lVert g \rVert^2 \le G^2$"
    ),
    "convex, $L$-smooth": "볼록, $L$-매끄러움",
    r"convex, $L$-smooth, $t \le (n - 1)/2$": r"볼록, $L$-매끄러움, $t \le (n - 1)/2$",
    "quadratic": "이차 함수",
    "strongly convex quadratic": "강볼록 이차 함수",
    # the methods and steps
    r"GD, $0 < \eta < 2/L$": r"GD, $0 < \eta < 2/L$",
    r"GD, $\eta = 1/L$ (any $\eta < 2/L$)": r"GD, $\eta = 1/L$($\eta < 2/L$이면 모두)",
    r"GD, $\eta = 2/(m + L)$": r"GD, $\eta = 2/(m + L)$",
    r"GD, $\eta = h/L$, $0 < h < 2$": r"GD, $\eta = h/L$, $0 < h < 2$",
    r"GD, $\eta \le 1/L$": r"GD, $\eta \le 1/L$",
    r"GD, Armijo backtracking ($\eta_0$, $c$, $\rho$), $\eta_t$ the accepted step": (
        r"GD, Armijo 백트래킹($\eta_0$, $c$, $\rho$), $\eta_t$는 받아들여진 학습률"
    ),
    r"GD, Armijo backtracking, $c \ge 1/2$": r"GD, Armijo 백트래킹, $c \ge 1/2$",
    "GD, exact line search": "GD, 정확한 선 탐색",
    r"Nesterov (FISTA momentum), $\eta = 1/L$": r"네스테로프(FISTA 모멘텀), $\eta = 1/L$",
    r"Nesterov, $\beta = \frac{\sqrt L - \sqrt m}{\sqrt L + \sqrt m}$, $\eta = 1/L$": (
        r"네스테로프, $\beta = \frac{\sqrt L - \sqrt m}{\sqrt L + \sqrt m}$, $\eta = 1/L$"
    ),
    r"SGD, constant $\eta \le 1/L$": r"SGD, 상수 $\eta \le 1/L$",
    "any method in the span of its gradients": "기울기들의 생성 공간 안에서 움직이는 모든 방법",
    r"heavy ball, any $\alpha, \beta$": r"헤비볼 방법, 모든 $\alpha, \beta$",
    r"projected SGD, $\eta_t = \eta_0/\sqrt{t + 1}$ (any non-increasing)": (
        r"사영 SGD, $\eta_t = \eta_0/\sqrt{t + 1}$(증가하지 않으면 모두)"
    ),
    r"projected SGD, $\eta_t = \theta/(t + 1)$, $\theta > 1/(2m)$": (
        r"사영 SGD, $\eta_t = \theta/(t + 1)$, $\theta > 1/(2m)$"
    ),
    "pure Newton": "순수한 뉴턴 방법",
    # the sources (author names stay in Latin letters)
    "Armijo 1966; the descent lemma": "Armijo 1966; 하강 보조정리",
    "Beck & Teboulle 2009": "Beck & Teboulle 2009",
    "Beck & Teboulle 2009, Thm 4.4": "Beck & Teboulle 2009, 정리 4.4",
    "Bottou, Curtis & Nocedal 2018, Thm 4.6": "Bottou, Curtis & Nocedal 2018, 정리 4.6",
    r"Drori & Teboulle 2014, Thm 3.1 ($h \le 1$); Kim 2024": (
        r"Drori & Teboulle 2014, 정리 3.1($h \le 1$); Kim 2024"
    ),
    "Karimi, Nutini & Schmidt 2016": "Karimi, Nutini & Schmidt 2016",
    "Nesterov 2004, Thm 1.2.5; Nocedal & Wright 2006, Thm 3.5": (
        "Nesterov 2004, 정리 1.2.5; Nocedal & Wright 2006, 정리 3.5"
    ),
    "Nesterov 2004, Thm 2.1.13": "Nesterov 2004, 정리 2.1.13",
    "Nesterov 2004, Thm 2.1.15": "Nesterov 2004, 정리 2.1.15",
    "Nesterov 2004, Thm 2.1.7": "Nesterov 2004, 정리 2.1.7",
    "Nesterov 2004, §1.2": "Nesterov 2004, §1.2",
    "Nocedal & Wright 2006, Thm 3.3 (Kantorovich)": "Nocedal & Wright 2006, 정리 3.3(Kantorovich)",
    "Taylor, Hendrickx & Glineur 2018 (function values)": (
        "Taylor, Hendrickx & Glineur 2018(함숫값)"
    ),
    "Taylor, Hendrickx & Glineur 2018, Thm 3.1": "Taylor, Hendrickx & Glineur 2018, 정리 3.1",
    "Zinkevich 2003": "Zinkevich 2003",
    "after Nemirovski, Juditsky, Lan & Shapiro 2009, eqs. 2.8-2.10 (constant completed)": (
        "Nemirovski, Juditsky, Lan & Shapiro 2009, 식 2.8-2.10을 따름(상수를 보완)"
    ),
    "course notes (loose by a square)": "강의 노트(제곱만큼 느슨함)",
    "d'Aspremont, Scieur & Taylor 2021, Cor. 4.15": (
        "d'Aspremont, Scieur & Taylor 2021, 따름정리 4.15"
    ),
    "linear algebra (Polyak 1964, the method)": "선형대수(방법은 Polyak 1964)",
    "the $O(1/t)$ proof with the accepted steps": "받아들여진 학습률로 다시 쓴 $O(1/t)$ 증명",
}
_TABLE_LANGS = ("en", "ko")


def _table_words(lang: str) -> object:
    """The function that puts one English phrase of the table into ``lang``."""
    if lang not in _TABLE_LANGS:
        raise ValueError(f"lang must be one of {_TABLE_LANGS}, got {lang!r}")
    if lang == "en":
        return lambda phrase: phrase

    def ko(phrase: str) -> str:
        try:
            return _TABLE_KO[phrase]
        except KeyError:
            raise ValueError(
                f"the theorem table has no Korean for {phrase!r}: add it to _TABLE_KO"
            ) from None

    return ko


def theorem_table(lang: str = "en") -> str:
    r"""The table of every theorem the package checks, in Markdown, from ``THEOREMS``.

    One row per [`Theorem`][gdtheory.Theorem]: the bound (what it measures on the
    left), the kind of guarantee, its assumptions with the method and step, the
    source, and the check that holds runs to it (the check's page links its bound
    function). The convergence page prints this table; a test holds the page to it
    and each row's quantity to its check's reports, so the table cannot drift from
    the code.

    Args:
        lang: ``"en"`` (English) or ``"ko"`` (Korean: the words translated, the
            formulas, names and checks as they are; the Korean convergence page
            prints this one).

    Examples:
        >>> import gdtheory as gd
        >>> print(gd.theorem_table().splitlines()[0])
        | bound | guarantee | assumptions; method and step | source | check |
        >>> print(gd.theorem_table("ko").splitlines()[0])
        | 부등식 | 보장 | 가정; 방법과 학습률 | 출처 | 검사 |
    """
    word = _table_words(lang)
    header = ("bound", "guarantee", "assumptions; method and step", "source", "check")
    rows = ["| " + " | ".join(word(h) for h in header) + " |", "|---|---|---|---|---|"]
    for th in THEOREMS:
        guarantee = word(th.guarantee) + (word(", lower bound") if th.kind == "lower" else "")
        name = th.check if th.check is not None else th.bound
        statement = th.statement
        if statement.endswith(", some $f$"):
            statement = statement[: -len(", some $f$")] + word(", some $f$")
        # "$\le ...$" states the right-hand side: put what it measures on the left
        rel = statement.startswith((r"$\le", r"$\ge"))
        bound = (_QUANTITY_TEX[th.quantity][:-1] + " " + statement[1:]) if rel else statement
        cells = (
            bound,
            guarantee,
            f"{word(th.assumptions)}; {word(th.step)}",
            word(th.source),
            f"[`{name}`][gdtheory.{name}]",
        )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- second order


def _second_order_classes() -> tuple[type, type, type]:
    from .second_order import BacktrackingGD, ExactLineSearchGD, Newton

    return Newton, ExactLineSearchGD, BacktrackingGD


def hessian_lipschitz(problem: Problem) -> float:
    r"""A Lipschitz constant $M$ of the Hessian, $\|\nabla^2 f(x) - \nabla^2 f(y)\| \le M\|x - y\|$.

    The problem's own ``hessian_lipschitz`` when it has one; 0 for a quadratic
    ([`Quadratic`][gdtheory.Quadratic], [`LinearRegression`][gdtheory.LinearRegression]);
    for [`LogisticRegression`][gdtheory.LogisticRegression]
    $M = \frac{1}{6\sqrt3}\,\frac1n \sum_i \|x_i\|^3$, since the Hessian is
    $\frac1n \sum_i \sigma'(y_i x_i^\top w)\, x_i x_i^\top + \lambda I$ and
    $|\sigma''| \le 1/(6\sqrt3)$.

    Raises:
        ValueError: for any other problem (the message names it).

    Examples:
        >>> import gdtheory as gd
        >>> gd.hessian_lipschitz(gd.SeedQuadratic())
        0.0
    """
    from . import problems as P

    own = getattr(problem, "hessian_lipschitz", None)
    if own is not None:
        return float(own() if callable(own) else own)
    if isinstance(problem, P.Quadratic | P.LinearRegression):
        return 0.0
    if isinstance(problem, P.LogisticRegression):
        norms = np.linalg.norm(problem.X, axis=1)
        return float(np.mean(norms**3) / (6 * np.sqrt(3)))
    raise ValueError(
        f"no Hessian Lipschitz constant is known for {problem!r}: give the problem an "
        "attribute hessian_lipschitz (or pass M=...)"
    )


def check_newton_local(
    result: Result,
    problem: Problem,
    *,
    M: float | None = None,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a pure Newton run to the local quadratic rate $r_{t+1} \le M r_t^2/(2(\mu - M r_t))$.

    [`newton_local_bound`][gdtheory.newton_local_bound], with
    $\mu = \lambda_{\min}(\nabla^2 f(x^\star))$ (from
    [`hessian`][gdtheory.hessian]) and $M$ from
    [`hessian_lipschitz`][gdtheory.hessian_lipschitz] (or the argument).
    Assumptions, read from the run: [`Newton`][gdtheory.Newton] with
    ``damping="none"`` and ``lr=1`` (the pure step), no wrapper, and a start inside
    the region $r_0 < 2\mu/(3M)$.

    Args:
        result: the run.
        problem: needs ``x_star`` and a Hessian.
        M: the Hessian's Lipschitz constant, if the problem does not give it.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor of the distance).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.LogisticRegression(n=200, d=3, l2=1.0, seed=0)
        >>> run = gd.minimize(p, gd.Newton(), p.x_star + 0.05, max_iter=4)
        >>> gd.check_newton_local(run, p).status
        'holds'

    Reference:
        Nesterov (2004), §1.2.4, Thm 1.2.5 (checked in a transcription); Nocedal & Wright
        (2006), Thm 3.5.
    """
    from .second_order import hessian

    Newton, _, _ = _second_order_classes()
    run, opt, facts, right = _start(
        result,
        problem,
        None,
        check="check_newton_local",
        needs=("x_star",),
        methods=(Newton,),
        scalar_step=False,
    )
    if right:
        facts.test(
            opt.damping == "none" and np.all(np.asarray(opt.lr) == 1),
            "the pure Newton step (damping='none', lr=1)",
            f"Newton with damping={opt.damping!r}, lr={opt.lr!r}: the theorem is about the "
            "pure step (damping='none', lr=1)",
        )
    x_star = np.asarray(problem.x_star, dtype=float)
    mu = float(np.linalg.eigvalsh(hessian(problem, x_star))[0])
    M = hessian_lipschitz(problem) if M is None else float(M)
    check_nonnegative("M", M)
    facts.test(mu > 0, f"mu = {mu:.6g} > 0 at x*", f"mu = {mu:.3g}: the Hessian at x* is singular")
    dist = np.linalg.norm(run.xs - x_star, axis=-1)
    R = dist[0]
    radius = 2 * mu / (3 * M) if M > 0 else np.inf
    inside = bool(np.all(R < radius))
    facts.test(
        inside,
        f"||x_0 - x*|| = {_fmt(R)} < 2 mu/(3M) = {radius:.6g} (M = {M:.6g})",
        f"||x_0 - x*|| = {_fmt(R)} is not below 2 mu/(3M) = {radius:.6g} (M = {M:.6g}): "
        "outside the region of quadratic convergence",
    )
    steps = np.arange(run.fs.shape[0])
    if facts.ok:
        bound = np.stack([newton_local_bound(steps, float(r), mu, M) for r in R], axis=1)
    else:
        bound = np.full(dist.shape, np.inf)
    return _finish(
        run,
        dist,
        bound,
        name="||x_{t+1} - x*|| <= M ||x_t - x*||^2 / (2 (mu - M ||x_t - x*||))  "
        "(pure Newton, Hessian M-Lipschitz, ||x_0 - x*|| < 2 mu/(3M))",
        citation=NEWTON_LOCAL,
        quantity="||x_t - x*||",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def check_exact_line_search(
    result: Result,
    problem: Problem,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold an exact-line-search run on a quadratic to Kantorovich's rate.

    [`exact_line_search_bound`][gdtheory.exact_line_search_bound] on $f - f^\star$.
    Assumptions: [`ExactLineSearchGD`][gdtheory.ExactLineSearchGD], no wrapper, a
    strongly convex quadratic (tested from gradients at the visited points: on other
    functions the method's step is only the minimizer of a second-order model).

    Args:
        result: the run.
        problem: needs ``m``, ``L``, ``x_star`` and ``f_star``.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> q = gd.Quadratic(np.diag([1.0, 10.0]))
        >>> run = gd.minimize(q, gd.ExactLineSearchGD(), [10.0, 1.0], max_iter=10)
        >>> report = gd.check_exact_line_search(run, q)
        >>> report.status, round(report.worst_ratio, 9)
        ('holds', 1.0)

    Reference:
        Nocedal & Wright (2006), Numerical Optimization, 2nd ed., Thm 3.3.
    """
    _, ExactLineSearchGD, _ = _second_order_classes()
    run, _, facts, _ = _start(
        result,
        problem,
        None,
        check="check_exact_line_search",
        needs=("m", "L", "x_star", "f_star"),
        methods=(ExactLineSearchGD,),
        scalar_step=False,
    )
    m, L = _strongly_convex(problem, facts), float(problem.L)
    _, quadratic = _quadratic_hessian(problem, run.xs)
    facts.test(
        quadratic,
        "f is quadratic",
        "f is not quadratic: Kantorovich's rate is for quadratics (elsewhere the step "
        "only minimizes a second-order model)",
    )
    gaps = run.fs - float(problem.f_star)
    bound = (
        exact_line_search_bound(_steps_axis(run), m, L, np.maximum(gaps[0], 0.0))
        if m > 0
        else np.inf
    )
    return _finish(
        run,
        gaps,
        bound,
        name="f(x_t) - f* <= ((kappa - 1)/(kappa + 1))^(2t) (f(x_0) - f*)  "
        "(steepest descent, exact line search, strongly convex quadratic)",
        citation=KANTOROVICH,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )


def _backtracking_facts(
    result: object, problem: object, check: str, needs: tuple[str, ...]
) -> tuple[_Run, object, _Assumptions, bool]:
    _, _, BacktrackingGD = _second_order_classes()
    run, opt, facts, right = _start(
        result,
        problem,
        None,
        check=check,
        needs=needs,
        methods=(BacktrackingGD,),
        scalar_step=False,
    )
    return run, opt, facts, right


def check_backtracking_step(
    result: Result,
    problem: Problem,
    *,
    rtol: float = 1e-9,
) -> Report:
    r"""Hold the steps a backtracking line search accepted to their lower bound.

    [`backtracking_step_lower_bound`][gdtheory.backtracking_step_lower_bound]: a lower
    bound, on the recorded steps ``result.lrs`` (the history has one entry per step;
    entry ``t`` of the report is the step that produced $x_t$). Assumptions:
    [`BacktrackingGD`][gdtheory.BacktrackingGD] and an $L$-smooth problem; no
    convexity needed.

    Args:
        result: the run.
        problem: needs ``L``.
        rtol: relative tolerance.

    Examples:
        >>> import gdtheory as gd
        >>> q = gd.Quadratic.with_spectrum(m=1.0, L=10.0, dim=5, seed=0)
        >>> run = gd.minimize(q, gd.BacktrackingGD(lr=1.0, c=0.5), [1.0] * 5, max_iter=20)
        >>> report = gd.check_backtracking_step(run, q)
        >>> report.status, report.kind
        ('holds', 'lower')

    Reference:
        Armijo (1966); the descent lemma (Nesterov 2004, Lemma 1.2.3).
    """
    run, opt, facts, right = _backtracking_facts(result, problem, "check_backtracking_step", ("L",))
    L = float(problem.L)
    eta_min = backtracking_step_lower_bound(L, opt.lr, opt.c, opt.rho) if right else 0.0
    if right:
        facts.test(True, f"eta_min = min(lr, 2 rho (1 - c)/L) = {eta_min:.6g}", "")
    # entry t is the step that produced x_t; x_0 had none (step 0 is never compared)
    steps = np.concatenate([run.lrs[:1], run.lrs]) if run.lrs.size else np.ones_like(run.fs)
    steps = np.where(np.isnan(steps), eta_min, steps)  # nan: a stopped run of a batch
    # The Armijo test at x_t is decided by rounding once the decrease it asks for,
    # c eta ||g_t||^2, is below the rounding error of f: such steps are not compared.
    xs = run.xs[:-1]
    g2 = np.sum(np.asarray(problem.grad(xs), dtype=float) ** 2, axis=-1)
    f_scale = np.abs(run.fs[:-1]) + L * np.sum(xs * xs, axis=-1)
    c = opt.c if right else 0.5
    floor = np.concatenate(
        [np.zeros((1, g2.shape[1]), bool), c * eta_min * g2 <= 64 * _EPS * f_scale]
    )
    if np.any(floor[1:]):
        facts.test(
            True,
            f"{int(floor.sum())} steps at the floating-point floor of f not compared",
            "",
        )
    bound = np.where(floor, 0.0, eta_min)
    return _finish(
        run,
        steps,
        bound,
        name="accepted step >= min(lr, 2 rho (1 - c)/L)  (Armijo backtracking, L-smooth)",
        citation=ARMIJO,
        quantity="accepted step",
        problem=problem,
        facts=facts,
        kind="lower",
        rtol=rtol,
        atol=0.0,
    )


def check_backtracking_convex(
    result: Result,
    problem: Problem,
    *,
    rtol: float = 1e-9,
    atol: float | None = None,
) -> Report:
    r"""Hold a backtracking run on a convex function to $R^2/(2 t \eta_{\min})$.

    [`backtracking_convex_bound`][gdtheory.backtracking_convex_bound]. Assumptions:
    [`BacktrackingGD`][gdtheory.BacktrackingGD] with $c \ge 1/2$, no wrapper, a
    convex $L$-smooth problem (``m >= 0``).

    Args:
        result: the run.
        problem: needs ``m``, ``L``, ``x_star`` and ``f_star``.
        rtol: relative tolerance.
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Examples:
        >>> import gdtheory as gd
        >>> h = gd.Huber(L=1.0, R=1.0, N=10)
        >>> run = gd.minimize(h, gd.BacktrackingGD(lr=4.0, c=0.5), h.x0, max_iter=10)
        >>> gd.check_backtracking_convex(run, h).status
        'holds'

    Reference:
        The proof of the $L R^2/(2t)$ rate with the accepted steps in place of $1/L$.
    """
    run, opt, facts, right = _backtracking_facts(
        result, problem, "check_backtracking_convex", ("m", "L", "x_star", "f_star")
    )
    m, L = float(problem.m), float(problem.L)
    facts.test(m >= 0, f"convex (m = {m:.6g})", f"m = {m:g}: the problem is not convex")
    if right:
        facts.test(
            opt.c >= 0.5,
            f"c = {opt.c:g} >= 1/2",
            f"c = {opt.c:g} < 1/2: the bound needs the sufficient decrease with c >= 1/2",
        )
    if facts.ok:
        bound = backtracking_convex_bound(
            _steps_axis(run), _distance0(run, problem), L, opt.lr, opt.c, opt.rho
        )
    else:
        bound = np.inf
    return _finish(
        run,
        run.fs - float(problem.f_star),
        bound,
        name="f(x_t) - f* <= R^2 / (2 t eta_min), eta_min = min(lr, 2 rho (1 - c)/L)  "
        "(Armijo backtracking, c >= 1/2, convex)",
        citation=ARMIJO,
        quantity="f(x_t) - f*",
        problem=problem,
        facts=facts,
        rtol=rtol,
        atol=atol,
    )
