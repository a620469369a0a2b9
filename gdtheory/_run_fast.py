"""The single-run loop of ``minimize`` in blocks of steps: the same ``Result``, faster.

``run._run_one`` is the loop to read (query, gradient, clip, step, project, record,
stop). For the commonest run, a gradient method on the full gradient without
``clip``, ``grad_tol`` and with the identity ``query``, this module runs the same
steps with less work per step, and ``tests/test_run_fast.py`` holds the two loops equal: the same
history, status, message, step count, iterate, gradient and steps, bit for bit.

What it does differently, and why that changes nothing:

* The gradient norms of a block of steps are computed in one call,
  ``sqrt(vecdot(G, G))``, instead of ``math.sqrt(g.dot(g))`` at each step. Both call
  the same BLAS ``ddot`` on the same contiguous float64 rows of the same length, so
  they agree bit for bit (a gradient that is not such a row, e.g. a strided view or
  another dtype, gets its norm at once, as in the readable loop).
* A non-finite gradient (the one rule on the gradient here) is found after the
  block. The readable loop tests the rules at the end of each block of losses and at
  once where the gradient may stop the run; here the same tests run at the same steps,
  after the block, so the first step and rule that hold are the same, and the steps
  computed beyond it are dropped. A run with ``grad_tol`` stays in the readable loop:
  a run that converges would compute up to a block of steps beyond its stop, which
  costs more than the block loop saves on a problem of any size.
* The step an optimizer reports, ``learning_rate(state)``, is recorded without the
  call where its value is known: the base class's ``learning_rate`` returns ``lr`` for
  a number ``lr`` and any state with a field ``t``, so for a frozen optimizer with a
  float ``lr`` and states of that class the record is ``lr`` (any other state, class
  or ``learning_rate`` is asked at every step, as in the readable loop).
* So a step may be taken with a gradient at which the readable loop had already
  stopped (a NaN one, say). If a step or a gradient then raises, the rules are tested
  up to the last complete step: a stop there is the readable loop's result (it never
  reached the call that raised); otherwise the readable loop raises the same error at
  the same call, and so does this one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import run
from .optimizers import _Base
from .protocols import Optimizer, Problem

_BASE_STEP = _Base.learning_rate  # ``_lr_at(self.lr, state.t)``


def applies(problem: Problem, optimizer: Optimizer, s: Any) -> bool:
    """Whether the block loop gives this run's ``Result``: a single run of a gradient method
    (no ``needs``), on the full gradient, with the identity ``query``, no ``clip`` and no
    ``grad_tol``."""
    return (
        s.x.ndim == 1
        and s.exact
        and s.oracle is None
        and s.clip is None
        and s.rules.grad_tol is None
        and run._query_of(optimizer) is None
    )


def run_one(problem: Problem, optimizer: Optimizer, s: Any) -> Any:
    """``run._run_one(problem, optimizer, s)``, computed a block of steps at a time."""
    project, max_iter = s.project, s.rules.max_iter
    learning_rate = getattr(optimizer, "learning_rate", None) or run._no_step_size
    step, grad, widest, new_point = optimizer.step, problem.grad, run._widest, run._new_point
    x, g, state, xs, gns, lrs, book, stop = run._start(problem, optimizer, s)
    x0 = x
    gns = np.array(gns + [math.nan] * (len(xs) - 1))  # an array beside xs: no list to convert
    shape, ndarray, f64, n = x.shape, np.ndarray, run._F64, x.shape[-1]
    unit = (x.itemsize,)
    eta, kind = _constant_step(optimizer, state)  # learning_rate(s) is eta for states of kind
    grads = np.empty((min(run._BLOCK[1], max_iter), n))  # the block's gradients
    rows_of_grads = memoryview(grads.reshape(-1))  # row k - start - 1: [lo:lo + n]
    t = 0  # the last step whose x, gradient and step size are recorded
    while stop is None:
        start, end = t, book.next_check  # the readable loop tests the rules at end at the latest
        while len(xs) <= end:
            xs = run._grown(xs, max_iter)
            gns = np.concatenate([gns, np.full(len(xs) - len(gns), math.nan)])
        rows_of_xs = memoryview(xs.reshape(-1))  # row k: [k * n:(k + 1) * n]
        odd: dict[int, tuple[float, np.ndarray]] = {}  # step -> norm, gradient not a plain row
        steps_of: dict[int, Any] = {}  # step -> its step size, where it is not eta
        k = start  # the step being computed
        at_x, at_g = (start + 1) * n, 0  # where step k's x and gradient go in the flat views
        try:
            for k in range(start + 1, end + 1):
                if state.__class__ is not kind:
                    lr = learning_rate(state)
                    steps_of[k] = lr if lr.__class__ is float else widest(lr, x)
                x, state = step(x, g, state)
                if x.__class__ is not ndarray or x.dtype is not f64 or x.shape != shape:
                    x = new_point(x, x0)  # x0: an array of the shape every point must have
                if project is not None:
                    x = np.asarray(project(x), dtype=float)
                g = grad(x)
                # A float64 ndarray of the shape of x with unit strides (a plain row) is
                # copied into the block's rows; anything else gets its norm at once, as in
                # the readable loop. The flat copy refuses another dtype or shape.
                try:
                    if g.__class__ is not ndarray or g.strides != unit:
                        raise TypeError
                    rows_of_grads[at_g : at_g + n] = g
                except (TypeError, ValueError, AttributeError):
                    if type(g) is not ndarray:
                        g = np.asarray(g, dtype=float)
                    odd[k] = math.sqrt(g.dot(g)), g
                at_g += n
                try:  # x is a float64 array of its shape, unless a projection changed that
                    rows_of_xs[at_x : at_x + n] = x
                except (TypeError, ValueError):
                    xs[k] = x  # numpy's assignment, as in the readable loop
                at_x += n
        except Exception:
            _record_steps(lrs, eta, steps_of, start, k - 1)
            stop = _settle(book, xs, gns, grads, odd, start, k - 1)
            if stop is None:
                raise
            t = k  # step k is incomplete: the result takes the gradient at its own step anew
            break
        t = end
        _record_steps(lrs, eta, steps_of, start, t)
        stop = _settle(book, xs, gns, grads, odd, start, t)
    return run._finish(problem, book, stop, t, "", g, xs, gns, lrs)


def _constant_step(optimizer: Optimizer, state: Any) -> tuple[float, type | None]:
    """The step that ``optimizer.learning_rate(s)`` returns for every state ``s`` of a class,
    when that is one number: the base class's ``learning_rate`` (``lr`` at ``s.t``, which is
    ``lr`` itself when ``lr`` is a number) of a frozen optimizer with a float ``lr``, for
    states of the class of ``state`` if it has a field ``t``. Otherwise ``(nan, None)``."""
    lr = getattr(optimizer, "lr", None)
    fields = getattr(type(state), "_fields", ())
    if (
        getattr(type(optimizer), "learning_rate", None) is _BASE_STEP
        and getattr(getattr(type(optimizer), "__dataclass_params__", None), "frozen", False)
        and type(lr) is float
        and "t" in fields
    ):
        return lr, type(state)
    return math.nan, None


def _record_steps(lrs: list, eta: float, steps_of: dict, start: int, t: int) -> None:
    """Append the step sizes of steps ``start + 1 .. t``: ``eta``, except where ``steps_of``
    holds the one the optimizer reported."""
    block = [eta] * (t - start)
    for step, lr in steps_of.items():
        if step <= t:
            block[step - start - 1] = lr
    lrs.extend(block)


def _settle(
    book: Any,
    xs: np.ndarray,
    gns: np.ndarray,
    grads: np.ndarray,
    odd: dict,
    start: int,
    t: int,
) -> tuple[int, Any] | None:
    """Record the norms of steps ``start + 1 .. t`` and test the rules where the readable
    loop tests them: at each step whose gradient norm is not finite, and at
    ``book.next_check``. The first step and rule that hold, or ``None``."""
    rows = grads[: t - start]
    norms = np.sqrt(np.vecdot(rows, rows))
    for step, (norm, _) in odd.items():
        if step <= t:
            norms[step - start - 1] = norm
    gns[start + 1 : t + 1] = norms
    finite = len(norms) == 0 or bool(norms.max() < math.inf)  # a NaN fails the comparison
    due = [] if finite else (np.flatnonzero(~(norms < math.inf)) + start + 1).tolist()
    for step in due:  # an infinite norm of a finite gradient is not a divergence
        g = odd[step][1] if step in odd else grads[step - start - 1]
        if np.isfinite(g).all():
            book.overflowed.add(step)
    due.append(math.inf)
    k = 0
    while True:
        at = min(due[k], book.next_check)
        if at > t:
            return None
        stop = book.settle(xs[: at + 1], gns)
        if stop is not None:
            return stop
        if at == due[k]:
            k += 1
