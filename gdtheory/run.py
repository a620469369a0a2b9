r"""The run loop: ``minimize(problem, optimizer, x0, ...)`` and its ``Result``.

One loop serves every optimizer and every problem:

1. ask the optimizer where it wants the gradient: ``q = optimizer.query(x, state)``;
2. evaluate the gradient there: the full one, a minibatch one
   (``batch_size``; indices from [`sample_minibatch`][gdtheory.sample_minibatch]
   with a generator seeded by ``seed``), or round ``t`` of an online problem;
3. optionally ``clip`` it, take the step ``x, state = optimizer.step(x, g, state)``
   and optionally ``project`` the new point;
4. record $x_t$, $f(x_t)$, $\|\nabla f(x_t)\|$ (both for the full objective, also
   in stochastic runs) and $\eta_t$, and test the stopping criteria.

The stopping criteria are small predicates on the newest values, tested after each
step in this order (the first that holds names the status):

* ``"diverged"``: $f(x_t)$ or $\nabla f(x_t)$ is not finite, or the loss exploded,
  $f(x_t) >$ ``divergence_factor`` $\cdot \max(1, |f(x_0)|)$; also a non-finite
  gradient at the query point (the run then stops before that step);
* ``"converged"``: $\|\nabla f(x_t)\| \le$ ``grad_tol``;
* ``"no_improvement"``: no decrease of more than ``min_delta`` below the best loss
  so far for ``patience`` consecutive steps;
* ``"max_iter"``: ``max_iter`` steps taken.

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

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from ._validation import value_at

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
        lrs: $\eta_t$ = ``value_at(optimizer.lr, t)`` used by step ``t``, shape
            ``(nit,)``; ``nan`` for an optimizer without ``lr``. A learning rate that
            differs across coordinates is recorded by its largest coordinate.
        messages: ``message`` as a 0-d array (one per run in a batch).

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


def _check_int(name: str, value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_number(name: str, value: object, *, positive: bool) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    ok = np.isfinite(v) and (v > 0 if positive else v >= 0)
    if not ok:
        kind = "positive" if positive else "non-negative"
        raise ValueError(f"{name} must be a {kind} finite number, got {value!r}")
    return v


def _check_x0(problem: Any, x0: object) -> np.ndarray:
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


def _lr_record(optimizer: Any, t: int, x: np.ndarray) -> np.ndarray:
    """The learning rate of step ``t`` per run (``nan`` without ``lr``)."""
    lr = getattr(optimizer, "lr", None)
    if lr is None:
        return np.full(x.shape[:-1], np.nan)
    value = np.asarray(value_at(lr, t), dtype=float)
    if value.ndim == 0:
        return np.full(x.shape[:-1], float(value))
    try:
        return np.broadcast_to(value, x.shape).max(axis=-1)
    except ValueError:
        raise ValueError(
            f"the learning rate at step {t} has shape {value.shape}, which does not "
            f"broadcast against x of shape {x.shape}"
        ) from None


# --- stopping criteria: small predicates on the newest values -------------------------


def _is_diverged(f: np.ndarray, grad_ok: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """A non-finite loss or gradient, or a loss above the threshold."""
    return ~np.isfinite(f) | ~grad_ok | (f > threshold)


def _is_converged(grad_norm: np.ndarray, grad_tol: float) -> np.ndarray:
    """The gradient-norm threshold."""
    return grad_norm <= grad_tol


def _is_stalled(steps_since_improvement: np.ndarray, patience: int) -> np.ndarray:
    """No improvement larger than ``min_delta`` for ``patience`` steps."""
    return steps_since_improvement >= patience


def _is_out_of_steps(t: int, max_iter: int) -> bool:
    """The step budget is spent."""
    return t >= max_iter


def minimize(
    problem: Any,
    optimizer: Any,
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
        problem: a problem of ``gdtheory.problems`` (or any object
            with ``dim``, ``f(x)`` and ``grad(x)``).
        optimizer: an object with ``init(x) -> state`` (a NamedTuple with field
            ``t``), ``query(x, state) -> point`` (optional; defaults to ``x``) and
            ``step(x, g, state) -> (x, state)``.
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
    x = _check_x0(problem, x0)
    max_iter = _check_int("max_iter", max_iter)
    if not isinstance(replace, bool | np.bool_):
        raise ValueError(f"replace must be True or False, got {replace!r}")
    online = bool(getattr(problem, "online", False))
    n = None
    if batch_size is not None:
        batch_size = _check_int("batch_size", batch_size)
        n = getattr(problem, "n", None)
        if online or not isinstance(n, int | np.integer):
            raise ValueError(
                f"batch_size={batch_size} needs a finite-sum problem (with n examples and "
                f"an idx argument), got {problem!r}"
            )
        if not replace and batch_size > n:
            raise ValueError(
                f"batch_size={batch_size} exceeds the n={n} examples: sampling without "
                "replacement needs batch_size <= n (or replace=True)"
            )
    if grad_tol is not None:
        grad_tol = _check_number("grad_tol", grad_tol, positive=False)
    if patience is not None:
        patience = _check_int("patience", patience)
    min_delta = _check_number("min_delta", min_delta, positive=False)
    if divergence_factor is not None:
        divergence_factor = _check_number("divergence_factor", divergence_factor, positive=True)
    for name, fn in (("clip", clip), ("project", project)):
        if fn is not None and not callable(fn):
            raise ValueError(f"{name} must be a callable or None, got {fn!r}")
    for name in ("init", "step"):
        if not callable(getattr(optimizer, name, None)):
            raise ValueError(f"optimizer must have a method {name}(...), got {optimizer!r}")
    query = getattr(optimizer, "query", None)
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError):
        raise ValueError(f"seed must be an int, a numpy Generator or None, got {seed!r}") from None

    batch_shape = x.shape[:-1]
    size = int(np.prod(batch_shape, dtype=int))
    # Book-keeping per run, flat: which runs still move, and why the others stopped.
    running = np.ones(size, dtype=bool)
    status = np.full(size, "", dtype=object)
    messages = np.full(size, "", dtype=object)
    nit = np.zeros(size, dtype=int)

    def settle(t: int, mask: np.ndarray, code: Status, why: Callable[[int], str]) -> None:
        newly = running & np.reshape(mask, size)
        if not newly.any():
            return
        for i in np.flatnonzero(newly):
            messages[i] = f"{code.value} after {t} steps: {why(int(i))}"
        status[newly] = code
        nit[newly] = t
        running[newly] = False

    def stochastic_grad(q: np.ndarray, t: int) -> np.ndarray:
        if online:
            return problem.grad(q, t=t)
        if batch_size is not None:
            return problem.grad(q, idx=sample_minibatch(rng, n, batch_size, replace))
        return problem.grad(q)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        f = np.asarray(problem.f(x), dtype=float)
        g_full = np.asarray(problem.grad(x), dtype=float)
        if f.shape != batch_shape or g_full.shape != x.shape:
            raise ValueError(
                f"problem.f and problem.grad must return shapes {batch_shape} and {x.shape} "
                f"for x of shape {x.shape}, got {f.shape} and {g_full.shape}"
            )
        gnorm = np.linalg.norm(g_full, axis=-1)
        grad_ok = np.all(np.isfinite(g_full), axis=-1)
        if divergence_factor is None:
            threshold = np.full(batch_shape, np.inf)
        else:
            threshold = divergence_factor * np.maximum(1.0, np.abs(f))
        best = f.copy()
        since = np.zeros(batch_shape, dtype=int)

        def at(a: np.ndarray, i: int) -> float:
            return float(np.reshape(a, size)[i])

        def check_stops(t: int) -> None:
            settle(
                t,
                _is_diverged(f, grad_ok, threshold),
                Status.DIVERGED,
                lambda i: (
                    f"f = {at(f, i)} is not finite"
                    if not np.isfinite(at(f, i))
                    else f"the gradient is not finite (its norm is {at(gnorm, i)})"
                    if not np.isfinite(at(gnorm, i))
                    else f"the loss exploded: f = {at(f, i):.6g} > divergence_factor * "
                    f"max(1, |f(x0)|) = {at(threshold, i):.6g}"
                ),
            )
            if grad_tol is not None:
                settle(
                    t,
                    _is_converged(gnorm, grad_tol),
                    Status.CONVERGED,
                    lambda i: (
                        f"gradient norm {at(gnorm, i):.3g} <= grad_tol = {grad_tol:g} "
                        f"(f = {at(f, i):.6g})"
                    ),
                )
            if patience is not None:
                settle(
                    t,
                    _is_stalled(since, patience),
                    Status.NO_IMPROVEMENT,
                    lambda i: (
                        f"no decrease of f by more than min_delta = {min_delta:g} below its best "
                        f"in the last {patience} steps (f = {at(f, i):.6g})"
                    ),
                )
            if _is_out_of_steps(t, max_iter):
                settle(
                    t,
                    np.ones(size, bool),
                    Status.MAX_ITER,
                    lambda i: (
                        f"reached max_iter = {max_iter} (f = {at(f, i):.6g}, "
                        f"gradient norm {at(gnorm, i):.3g})"
                    ),
                )

        def zero_stopped(g: np.ndarray, t: int, stage: str) -> np.ndarray:
            settle(
                t,
                ~np.all(np.isfinite(g), axis=-1),
                Status.DIVERGED,
                lambda i: f"the gradient at the query point of step {t} is not finite{stage}",
            )
            return np.where(running.reshape(batch_shape)[..., None], g, 0.0)

        xs, fs, gns, lrs = [x], [f], [gnorm], []
        state = optimizer.init(x)
        t = 0
        check_stops(t)
        while running.any():
            step_t = getattr(state, "t", t)
            q = x if query is None else query(x, state)
            if q is x and not online and batch_size is None:
                g = g_full  # the gradient at x is already known
            else:
                g = np.asarray(stochastic_grad(q, t), dtype=float)
            # A non-finite gradient stops its run; stopped runs get a zero gradient, so
            # neither clip nor the optimizer ever sees a NaN.
            g = zero_stopped(g, t, "")
            if clip is not None:
                g = zero_stopped(np.asarray(clip(g), dtype=float), t, " after clipping")
            if not running.any():
                break
            on = running.reshape(batch_shape)
            x_new, state = optimizer.step(x, g, state)
            x_new = np.asarray(x_new, dtype=float)
            if x_new.shape != x.shape:
                raise ValueError(
                    f"the optimizer turned x of shape {x.shape} into shape {x_new.shape}: "
                    "its hyperparameters have a batch axis, so pass x0 with that batch "
                    f"shape, e.g. np.broadcast_to(x0, {x_new.shape})"
                )
            if project is not None:
                x_new = np.asarray(project(x_new), dtype=float)
            lrs.append(np.where(on, _lr_record(optimizer, step_t, x), np.nan))
            x = np.where(on[..., None], x_new, x)
            t += 1
            f = np.where(on, np.asarray(problem.f(x), dtype=float), f)
            g_full = np.where(on[..., None], np.asarray(problem.grad(x), dtype=float), g_full)
            gnorm = np.linalg.norm(g_full, axis=-1)
            grad_ok = np.all(np.isfinite(g_full), axis=-1)
            improved = f < best - min_delta
            best = np.where(improved, f, best)
            since = np.where(improved, 0, since + 1)
            xs.append(x)
            fs.append(f)
            gns.append(gnorm)
            check_stops(t)

    status_arr = np.array([str(s) for s in status]).reshape(batch_shape)
    lr_hist = np.stack(lrs) if lrs else np.empty((0, *batch_shape))
    hist = {
        k: _frozen(v)
        for k, v in (
            ("xs", np.stack(xs)),
            ("fs", np.stack(fs)),
            ("grad_norms", np.stack(gns)),
            ("lrs", lr_hist),
        )
    }
    msgs = messages.reshape(batch_shape)
    if batch_shape == ():
        return Result(
            x=_frozen(x),
            fun=float(f),
            jac=_frozen(g_full),
            nit=int(nit[0]),
            success=bool(status[0] == Status.CONVERGED),
            status=Status(status[0]),
            message=str(messages[0]),
            messages=msgs,
            **hist,
        )
    counts = [
        f"{int(np.sum(status_arr == s))} {s.value}" for s in _ORDER if np.any(status_arr == s)
    ]
    return Result(
        x=_frozen(x),
        fun=_frozen(f),
        jac=_frozen(g_full),
        nit=_frozen(nit.reshape(batch_shape)),
        success=_frozen(status_arr == Status.CONVERGED),
        status=_frozen(status_arr),
        message=f"{size} runs: " + ", ".join(counts),
        messages=msgs,
        **hist,
    )


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a
