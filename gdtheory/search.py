r"""Hyperparameter search: a grid of learning rates over powers of ten, and random search.

The loss-function slides's recipe for choosing a learning rate: try powers of ten; or sample
values at random in a rough range, train with each, keep the best and narrow the
range around it, round after round. Both searches here run all their candidates
as **one batched run** (``x0`` repeated ``K`` times, ``lr`` of shape ``(K, 1)``,
see [`minimize`][gdtheory.minimize]), so a search costs little more than a single
run. A candidate that diverges is reported with a loss of ``inf`` and its status;
it never stops the others.

Examples:
    >>> import numpy as np
    >>> import gdtheory as gd
    >>> p = gd.SeedQuadratic()                       # L = 4: GD diverges above 2/L = 0.5
    >>> grid = gd.lr_grid(p, p.x0, exponents=range(-3, 2), steps=50)
    >>> grid.lrs
    array([1.e-03, 1.e-02, 1.e-01, 1.e+00, 1.e+01])
    >>> grid.statuses.tolist()
    ['max_iter', 'max_iter', 'max_iter', 'diverged', 'diverged']
    >>> float(grid.best_lr)
    0.1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import integer
from .optimizers import GD
from .protocols import Optimizer, Problem
from .run import Result, minimize

__all__ = ["LRGridResult", "RandomSearchResult", "lr_grid", "random_search"]


@dataclass(frozen=True)
class LRGridResult:
    """What [`lr_grid`][gdtheory.lr_grid] found.

    Attributes:
        lrs: the learning rates tried, shape ``(K,)``.
        losses: the final loss $f(x_T)$ of each, ``inf`` for a run that diverged.
        statuses: why each run stopped (``"max_iter"``, ``"diverged"``, ...).
        best_lr: the learning rate with the lowest final loss (``nan`` if every
            run diverged).
        best_loss: its final loss (``inf`` if every run diverged).
        result: the batched run itself, with every history.
    """

    lrs: np.ndarray
    losses: np.ndarray
    statuses: np.ndarray
    best_lr: float
    best_loss: float
    result: Result

    @property
    def diverged(self) -> np.ndarray:
        """Which learning rates diverged, shape ``(K,)``."""
        return self.statuses == "diverged"


@dataclass(frozen=True)
class RandomSearchResult:
    """What [`random_search`][gdtheory.random_search] tried, round by round.

    Attributes:
        lrs: the learning rates sampled, shape ``(rounds, samples)``.
        losses: their final losses, ``inf`` where the run diverged.
        ranges: the range ``[low, high]`` each round sampled from, shape
            ``(rounds, 2)``; each is narrower than the one before.
        best_lr: the best learning rate over all rounds.
        best_loss: its final loss.
        best_so_far: the best loss after each round, shape ``(rounds,)``
            (non-increasing).
    """

    lrs: np.ndarray
    losses: np.ndarray
    ranges: np.ndarray
    best_lr: float
    best_loss: float
    best_so_far: np.ndarray


def _final_losses(
    problem: Problem,
    x0: object,
    lrs: np.ndarray,
    optimizer: Callable[..., Optimizer],
    steps: int,
    optimizer_kwargs: dict[str, Any] | None,
    run_kwargs: dict[str, Any],
) -> tuple[np.ndarray, np.ndarray, Result]:
    """One batched run, one learning rate per run: final losses (inf if diverged) and statuses."""
    x0 = np.asarray(x0, dtype=float)
    dim = getattr(problem, "dim", None)
    if x0.shape != (dim,):
        raise ValueError(f"x0 must be one starting point of shape ({dim},), got shape {x0.shape}")
    K = lrs.size
    opt = optimizer(lr=lrs.reshape(K, 1), **(optimizer_kwargs or {}))
    result = minimize(problem, opt, np.tile(x0, (K, 1)), max_iter=steps, **run_kwargs)
    statuses = np.asarray(result.status).astype(str).reshape(K)
    losses = np.asarray(result.fun, dtype=float).reshape(K).copy()
    losses[(statuses == "diverged") | ~np.isfinite(losses)] = np.inf
    return losses, statuses, result


def _check_steps(steps: object) -> int:
    return integer("steps", steps, 1)


def lr_grid(
    problem: Problem,
    x0: object,
    exponents: Iterable[float] = range(-5, 1),
    *,
    optimizer: Callable[..., Optimizer] = GD,
    steps: int = 100,
    optimizer_kwargs: dict[str, Any] | None = None,
    **run_kwargs: Any,
) -> LRGridResult:
    r"""Try the learning rates $10^k$ for each ``k`` in ``exponents``, in one batched run.

    Each learning rate runs ``steps`` steps from ``x0``; the final loss decides.
    This is the loss-function slides's "use the powers of ten as learning rates".

    Args:
        problem: a problem (``dim``, ``f``, ``grad``).
        x0: the starting point, shape ``(dim,)``, shared by every run.
        exponents: the powers of ten to try (default $10^{-5}, \dots, 10^0$).
        optimizer: the optimizer class, called as ``optimizer(lr=..., **optimizer_kwargs)``
            (default [`GD`][gdtheory.GD]).
        steps: steps per run.
        optimizer_kwargs: the optimizer's other hyperparameters.
        **run_kwargs: passed on to [`minimize`][gdtheory.minimize] (``batch_size``,
            ``seed``, ``grad_tol``, ...).

    Returns:
        An [`LRGridResult`][gdtheory.LRGridResult].

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SeedQuadratic()
        >>> g = gd.lr_grid(p, p.x0, exponents=[-2, -1, 0], steps=30)
        >>> [f"{v:.3g}" for v in g.losses]  # the last one diverged
        ['4.23', '1.38e-05', 'inf']
        >>> g.diverged.tolist(), float(g.best_lr)
        ([False, False, True], 0.1)
    """
    exps = np.asarray(list(exponents), dtype=float)
    if exps.ndim != 1 or exps.size == 0 or not np.all(np.isfinite(exps)):
        raise ValueError(f"exponents must be a non-empty list of finite numbers, got {exponents!r}")
    steps = _check_steps(steps)
    lrs = 10.0**exps
    losses, statuses, result = _final_losses(
        problem, x0, lrs, optimizer, steps, optimizer_kwargs, run_kwargs
    )
    best = int(np.argmin(losses))
    ok = np.isfinite(losses[best])
    return LRGridResult(
        lrs=lrs,
        losses=losses,
        statuses=statuses,
        best_lr=float(lrs[best]) if ok else float("nan"),
        best_loss=float(losses[best]),
        result=result,
    )


def random_search(
    problem: Problem,
    x0: object,
    *,
    low: float = 1e-5,
    high: float = 1.0,
    rounds: int = 4,
    samples: int = 16,
    shrink: float = 0.5,
    seed: int = 0,
    optimizer: Callable[..., Optimizer] = GD,
    steps: int = 100,
    optimizer_kwargs: dict[str, Any] | None = None,
    **run_kwargs: Any,
) -> RandomSearchResult:
    r"""Random search for a learning rate, narrowing its range round by round.

    The procedure of the loss-function slides (see the bibliography's source notes):
    sample widely, keep the best, search again in a narrower range around it.

    Round $r$ samples ``samples`` learning rates log-uniformly from
    $[a_r, b_r]$ (that is, $\log_{10}$ uniform), runs them as one batched run,
    and keeps the best value seen so far, $\eta^\star$. The next range is
    ``shrink`` times as wide on the log scale,
    $\log_{10}(b_{r+1}/a_{r+1}) = \text{shrink}\cdot\log_{10}(b_r/a_r)$, centred on
    $\eta^\star$ and moved, if needed, to stay inside the first range
    $[\text{low}, \text{high}]$.

    Args:
        problem: a problem (``dim``, ``f``, ``grad``).
        x0: the starting point, shape ``(dim,)``.
        low: the lower end of the first range, ``0 < low < high``.
        high: the upper end of the first range.
        rounds: number of rounds (>= 1).
        samples: learning rates per round (>= 1).
        shrink: factor in ``(0, 1)`` by which the log-width narrows each round.
        seed: seeds ``np.random.default_rng`` for the samples, and ``minimize``'s
            minibatches; the same seed gives the same search.
        optimizer: the optimizer class (default [`GD`][gdtheory.GD]).
        steps: steps per run.
        optimizer_kwargs: the optimizer's other hyperparameters.
        **run_kwargs: passed on to [`minimize`][gdtheory.minimize].

    Returns:
        A [`RandomSearchResult`][gdtheory.RandomSearchResult] with every value tried and its loss.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SeedQuadratic()
        >>> s = gd.random_search(p, p.x0, low=1e-3, high=1.0, rounds=3, samples=8, steps=20)
        >>> s.lrs.shape, s.ranges.shape
        ((3, 8), (3, 2))
        >>> widths = np.log10(s.ranges[:, 1] / s.ranges[:, 0])
        >>> widths.round(3)
        array([3.  , 1.5 , 0.75])
        >>> bool(s.best_so_far[-1] <= s.best_so_far[0])
        True
    """
    lo, hi = float(low), float(high)
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        raise ValueError(
            f"low and high must satisfy 0 < low < high, got low={low!r}, high={high!r}"
        )
    rounds, samples = integer("rounds", rounds, 1), integer("samples", samples, 1)
    if not (isinstance(shrink, int | float | np.floating) and 0 < shrink < 1):
        raise ValueError(f"shrink must be a number in (0, 1), got {shrink!r}")
    steps = _check_steps(steps)
    if "seed" in run_kwargs:
        raise ValueError("pass seed=... to random_search itself; it also seeds the runs")
    rng = np.random.default_rng(seed)
    bounds = np.log10([lo, hi])
    a, b = bounds
    tried, losses, ranges, best_so_far = [], [], [], []
    best_lr, best_loss = float("nan"), np.inf
    for _ in range(rounds):
        ranges.append((10.0**a, 10.0**b))
        lrs = 10.0 ** rng.uniform(a, b, size=samples)
        loss, _, _ = _final_losses(
            problem, x0, lrs, optimizer, steps, optimizer_kwargs, {"seed": seed, **run_kwargs}
        )
        k = int(np.argmin(loss))
        if loss[k] < best_loss:
            best_lr, best_loss = float(lrs[k]), float(loss[k])
        tried.append(lrs)
        losses.append(loss)
        best_so_far.append(best_loss)
        # Narrow: the same centre (the best so far), shrink times the width, inside [low, high].
        width = shrink * (b - a)
        centre = np.log10(best_lr) if np.isfinite(best_lr) else (a + b) / 2
        a = float(np.clip(centre - width / 2, bounds[0], bounds[1] - width))
        b = a + width
    return RandomSearchResult(
        lrs=np.array(tried),
        losses=np.array(losses),
        ranges=np.array(ranges),
        best_lr=best_lr,
        best_loss=float(best_loss),
        best_so_far=np.array(best_so_far),
    )
