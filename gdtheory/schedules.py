r"""Learning-rate schedules: pure callables ``t -> value``, and reduce-on-plateau.

A schedule says what a hyperparameter is worth after ``t`` optimizer steps
(``t`` is 0-based: the value used by the first step is ``schedule(0)``). Every
optimizer reads its hyperparameters with ``value_at(h, state.t)``, so a schedule
plugs into any of them, the learning rate or anything else::

    opt = gd.GD(lr=gd.cosine(0.1, T_max=1000))

The contract of a pure schedule:

* ``schedule(t)`` with an integer ``t >= 0`` returns a Python ``float``, computed
  in plain Python: a call costs about as much as a function call (a few hundred
  nanoseconds), less than a third of a ``torch.optim.lr_scheduler`` step;
* ``schedule(ts)`` with a numpy array of steps returns a float64 array of the
  same shape, bitwise equal element by element to the scalar calls (this is what
  a plot uses: ``plt.plot(ts, schedule(ts))``); non-integer steps are evaluated
  by the same formula, which draws smooth curves;
* a negative, non-finite or non-numeric step raises ``ValueError`` naming ``t``;
* nothing is stored between calls: the same ``t`` always gives the same value.

Each schedule is a small frozen dataclass whose rule is written once, as
``_rule(t, xp)``, over a handful of operations ``xp`` (``minimum``, ``cos``,
``pow``, ``clip``, ...) that exist for Python floats and for numpy arrays. Its arguments are
checked when it is built (a bad period or factor raises ``ValueError`` naming the
argument and the value, before any training starts), and its ``repr`` reads like
the call that built it, which is why the classes have lower-case names, like
functions: ``cosine(init_value=0.1, T_max=1000, min_value=0.0)``.

Schedules compose: [`warmup`][gdtheory.warmup] puts a linear ramp in front of any schedule,
[`join_schedules`][gdtheory.join_schedules] chains schedules at step boundaries, and
[`multiply_schedules`][gdtheory.multiply_schedules] multiplies them step by step (as
PyTorch's ``ChainedScheduler``). A sweep over
several peak values in one batched run multiplies a unit schedule by an array,
e.g. ``lr = lambda t: peaks[:, None] * unit(t)`` with ``unit = gd.cosine(1.0, 100)``.

Parameter names follow ``torch.optim.lr_scheduler`` (``step_size``, ``gamma``,
``milestones``, ``T_max``, ``T_0``, ``T_mult``, ``total_iters``, ...), so that the
tests can compare the two side by side. Where torch reads the base value from the
optimizer, a schedule takes it as ``init_value``; torch's ``eta_min`` is called
``min_value`` since a schedule may drive any hyperparameter.

Reduce-on-plateau ([`ReduceOnPlateau`][gdtheory.ReduceOnPlateau]) is different: it needs the
loss, so it is not a pure function of ``t``. It is a small object with pure
``init() -> state`` and ``update(state, loss) -> state``, and the current
learning rate is ``state.lr``.
"""

from __future__ import annotations

import bisect
import math
import numbers
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, NamedTuple

import numpy as np

from ._validation import (
    _fmt,
    boolean,
    choice,
    integer,
    interval,
    nonnegative,
    positive,
    real,
    set_field,
)

__all__ = [
    "PlateauState",
    "ReduceOnPlateau",
    "constant",
    "constant_factor",
    "cosine",
    "cosine_restarts",
    "cyclic",
    "cyclic_momentum",
    "exponential",
    "inverse_sqrt",
    "join_schedules",
    "linear",
    "linear_decay",
    "multiplicative",
    "multiply_schedules",
    "multistep",
    "one_cycle",
    "one_cycle_momentum",
    "polynomial",
    "step_decay",
    "warmup",
]


# ----------------------------------------------------------------------------------------------
# Argument checks (private): every message names the argument and the value.


def _increasing(name: str, values: object, minimum: int) -> tuple[int, ...]:
    """A strictly increasing tuple of integers >= ``minimum``, or ``ValueError``."""
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        raise ValueError(f"{name} must be a sequence of integers, got {values!r}")
    out = tuple(integer(f"{name}[{i}]", v, minimum) for i, v in enumerate(values))
    for i in range(1, len(out)):
        if out[i] <= out[i - 1]:
            raise ValueError(f"{name} must be strictly increasing, got {list(out)}")
    return out


def _schedule_tuple(name: str, values: object) -> tuple[Callable, ...]:
    """At least one schedule (numbers become constants), as a tuple, or ``ValueError``."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be a sequence of schedules, got {values!r}")
    if not values:
        raise ValueError(f"{name} must hold at least one schedule, got []")
    return tuple(_as_schedule(f"{name}[{i}]", v) for i, v in enumerate(values))


def _steps(t: object) -> np.ndarray:
    """The steps ``t`` as a float64 array, or ``ValueError`` naming ``t``."""
    if isinstance(t, bool | np.bool_):
        raise ValueError(f"t must be a step count (an integer >= 0 or an array of them), got {t!r}")
    try:
        arr = np.asarray(t)
    except (TypeError, ValueError):  # pragma: no cover - ragged input
        raise ValueError(f"t must be a step count or an array of them, got {t!r}") from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"t must be a step count (an integer >= 0 or an array of them), got {t!r}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"t must be finite, got {_fmt(t)}")
    if np.any(arr < 0):
        raise ValueError(f"t must be non-negative (the number of steps taken), got {_fmt(t)}")
    return arr


def _as_schedule(name: str, value: object) -> Callable:
    """A number becomes [`constant`][gdtheory.constant]; a callable is kept; anything else is
    refused."""
    if callable(value):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return constant(nonnegative(name, value))
    raise ValueError(
        f"{name} must be a schedule (a callable t -> value) or a number, got {value!r}"
    )


def _libm(f: Callable[..., float], *args: object) -> np.ndarray:
    """``f``, a function of :mod:`math`, applied entry by entry: the very call a float gets.

    Numpy's own ``cos`` and ``power`` may use other implementations (SIMD, SVML)
    that differ from the C library's in the last bit; through ``math`` an array
    entry and a scalar call give the same float.
    """
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in args))
    flat = [a.ravel() for a in arrays]
    return np.fromiter(map(f, *flat), np.float64, count=flat[0].size).reshape(arrays[0].shape)


def _clip(x: float, lo: float, hi: float) -> float:  # np.clip for floats with lo <= hi
    return lo if x < lo else hi if x > hi else x


def _minimum(a: float, b: float) -> float:  # builtin min is slower on two floats
    return b if b < a else a


def _maximum(a: float, b: float) -> float:
    return b if b > a else a


class _Floats:
    """The operations a schedule's rule uses, on one step (a Python float).

    Every rule is written once, as ``_rule(t, xp)``, and runs with ``xp = _Floats``
    on one step and with ``xp = _Arrays`` on an array of steps. The two give bitwise
    the same numbers: the arithmetic, ``sqrt`` and ``floor`` are exact IEEE operations
    in both, and ``cos`` and ``pow`` are the C library's in both. (A scalar call runs
    a closure that repeats the rule's float operations without the look-ups, a few
    hundred nanoseconds: see the end of the module.)
    """

    minimum, maximum, clip = staticmethod(_minimum), staticmethod(_maximum), staticmethod(_clip)
    any = bool
    cos, sqrt, floor, pow = math.cos, math.sqrt, math.floor, math.pow
    mod = operator.mod
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right

    @staticmethod
    def full(t: float, value: float) -> float:
        return value

    @staticmethod
    def where(cond: bool, a: float, b: float) -> float:
        return a if cond else b

    rows = operator.getitem  # rows[i]: the i-th row of a table of tuples


class _Arrays:
    """The same operations, entry by entry, on a float64 array of steps."""

    minimum, maximum, clip, any = np.minimum, np.maximum, np.clip, np.any
    sqrt, floor, mod, where = np.sqrt, np.floor, np.mod, np.where

    @staticmethod
    def cos(x: np.ndarray) -> np.ndarray:
        return _libm(math.cos, x)

    @staticmethod
    def pow(x: object, y: object) -> np.ndarray:
        return _libm(math.pow, x, y)

    @staticmethod
    def full(t: np.ndarray, value: float) -> np.ndarray:
        return np.full_like(t, value)

    @staticmethod
    def bisect_left(seq: Sequence[float], t: np.ndarray) -> np.ndarray:
        return np.searchsorted(np.asarray(seq, dtype=np.float64), t, side="left")

    @staticmethod
    def bisect_right(seq: Sequence[float], t: np.ndarray) -> np.ndarray:
        return np.searchsorted(np.asarray(seq, dtype=np.float64), t, side="right")

    @staticmethod
    def rows(table: Sequence[tuple], i: np.ndarray) -> np.ndarray:
        """The columns of rows ``table[i]``, one array per column (to unpack)."""
        return np.moveaxis(np.asarray(table, dtype=np.float64)[i], -1, 0)


_MAX_STEP = 2.0**63  # larger integers are not step counts numpy can hold


def _output(value: object) -> float | np.ndarray:
    """A rule's result: a float, or an array when a callable inside returned one."""
    if type(value) is float:
        return value
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.float64)


class _Schedule:
    """Shared ``__call__``: a scalar step runs the rule on floats, an array on arrays."""

    __slots__ = ()

    def __call__(self, t: int | np.ndarray) -> float | np.ndarray:
        if (type(t) is int or type(t) is float) and 0 <= t < _MAX_STEP:  # False for NaN
            return self._scalar(float(t))  # a step count: the rule on plain Python floats
        if isinstance(t, np.integer | np.floating) and 0 <= t < _MAX_STEP:
            return self._scalar(float(t))
        steps = _steps(t)  # raises ValueError naming t
        if steps.ndim == 0:
            return self._scalar(float(steps))
        return _output(self._rule(steps, _Arrays))

    def _rule(self, t: Any, xp: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @cached_property
    def _scalar(self) -> Callable[[float], float]:
        """``_rule(t, _Floats)`` for one float step, as fast as Python allows (see the end
        of the module): the same operations in the same order, so the same bits."""
        return _scalar_rule(self)

    def __getstate__(self) -> dict[str, Any]:
        """The fields and caches, without the fast rule (a closure: rebuilt on the next call)."""
        return {k: v for k, v in self.__dict__.items() if k != "_scalar"}

    @property
    def horizon(self) -> int | None:
        """The run length the schedule was built for (``None`` if it has none).

        After ``horizon`` steps a finite schedule stays at its final value.
        [`warmup`][gdtheory.warmup] refuses a warmup that is not shorter than this.
        """
        return None


def _rule_of(schedule: Callable) -> Callable[[Any, Any], Any]:
    """What a combinator calls for an inner schedule: its rule (checks already done), or
    the callable itself."""
    if isinstance(schedule, _Schedule):
        return schedule._rule
    return lambda t, xp: schedule(t)


def _horizon(schedule: Callable) -> int | None:
    return schedule.horizon if isinstance(schedule, _Schedule) else None


# ----------------------------------------------------------------------------------------------
# Pure schedules.


@dataclass(frozen=True)
class constant(_Schedule):
    r"""A constant schedule: $\eta_t = \eta$ for every $t$.

    Args:
        value: the value $\eta \ge 0$.

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.constant(0.1)
        >>> s(0), s(1000)
        (0.1, 0.1)
        >>> s
        constant(value=0.1)

    Reference:
        PyTorch's default when no scheduler is used (``torch.optim``).
    """

    value: float

    def __post_init__(self) -> None:
        set_field(self, "value", nonnegative)

    def _rule(self, t: Any, xp: Any) -> Any:
        return xp.full(t, self.value)


@dataclass(frozen=True)
class step_decay(_Schedule):
    r"""Step decay: multiply by $\gamma$ every ``step_size`` steps.

    $$\eta_t = \eta_0 \, \gamma^{\lfloor t / k \rfloor}, \qquad k = \texttt{step\_size}.$$

    Same values as ``torch.optim.lr_scheduler.StepLR(opt, step_size, gamma)``
    (torch multiplies recursively; this is its closed form).

    Args:
        init_value: $\eta_0 > 0$, the value for the first ``step_size`` steps.
        step_size: $k$, the number of steps between two decays (a positive integer).
        gamma: the factor $\gamma \in (0, 1)$ (default 0.1).

    Examples:
        The course chapter's example halves $\eta_0 = 0.1$ every 50 steps:

        >>> import gdtheory as gd
        >>> s = gd.step_decay(0.1, step_size=50, gamma=0.5)
        >>> [s(t) for t in (0, 49, 50, 100, 150)]
        [0.1, 0.1, 0.05, 0.025, 0.0125]

    Reference:
        Krizhevsky, Sutskever & Hinton (2012), *ImageNet Classification with Deep
        Convolutional Neural Networks*, NeurIPS (learning rate divided by 10 when
        the validation error stops improving); He, Zhang, Ren & Sun (2016),
        *Deep Residual Learning for Image Recognition*, CVPR (divided by 10 at
        fixed iterations).
    """

    init_value: float
    step_size: int
    gamma: float = 0.1

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "step_size", integer, 1)
        set_field(self, "gamma", interval, 0.0, 1.0, low_open=True, high_open=True)

    def _rule(self, t: Any, xp: Any) -> Any:
        return self.init_value * xp.pow(self.gamma, xp.floor(t / self.step_size))


@dataclass(frozen=True)
class multistep(_Schedule):
    r"""Multiply by $\gamma$ at each milestone.

    $$\eta_t = \eta_0 \, \gamma^{\,|\{i \,:\, m_i \le t\}|}$$

    The default is the lecture notes' example: $\times 0.1$ at 30, 60 and 90.
    There the milestones are epochs; when ``t`` counts steps, multiply them by
    the steps per epoch. Same values as
    ``torch.optim.lr_scheduler.MultiStepLR(opt, milestones, gamma)``.

    Args:
        init_value: $\eta_0 > 0$.
        milestones: the steps $m_1 < m_2 < \dots$ (non-negative integers, strictly
            increasing; default ``(30, 60, 90)``). At $t = m_i$ the new value
            is already in force.
        gamma: the factor $\gamma \in (0, 1)$ (default 0.1).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> s = gd.multistep(0.1)
        >>> s
        multistep(init_value=0.1, milestones=(30, 60, 90), gamma=0.1)
        >>> np.round(s(np.array([0, 29, 30, 59, 60, 89, 90])), 6)
        array([0.1   , 0.1   , 0.01  , 0.01  , 0.001 , 0.001 , 0.0001])

    Reference:
        He, Zhang, Ren & Sun (2016), *Deep Residual Learning for Image
        Recognition*, CVPR (CIFAR-10: divided by 10 at 32k and 48k iterations);
        Goyal et al. (2017), *Accurate, Large Minibatch SGD: Training ImageNet in
        1 Hour*, arXiv:1706.02677 (divided by 10 at epochs 30, 60 and 80).
    """

    init_value: float
    milestones: tuple[int, ...] = (30, 60, 90)
    gamma: float = 0.1

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "milestones", _increasing, 0)
        set_field(self, "gamma", interval, 0.0, 1.0, low_open=True, high_open=True)

    def _rule(self, t: Any, xp: Any) -> Any:
        passed = xp.bisect_right(self.milestones, t)  # milestones m_i <= t
        return self.init_value * xp.pow(self.gamma, passed)


@dataclass(frozen=True)
class exponential(_Schedule):
    r"""Exponential decay: multiply by $\gamma$ every step.

    $$\eta_t = \eta_0 \, \gamma^{t} = \eta_0 \, e^{-\lambda t}, \qquad \gamma = e^{-\lambda}.$$

    The course chapter writes it with a rate $\lambda$; pass
    ``gamma=math.exp(-lam)``. Same values as
    ``torch.optim.lr_scheduler.ExponentialLR(opt, gamma)``.

    Args:
        init_value: $\eta_0 > 0$.
        gamma: the factor per step, $\gamma \in (0, 1)$.

    Examples:
        >>> import math
        >>> import gdtheory as gd
        >>> s = gd.exponential(0.1, gamma=math.exp(-0.01))
        >>> round(s(100), 6), round(0.1 * math.exp(-1), 6)
        (0.036788, 0.036788)

    Reference:
        Bottou, Curtis & Nocedal (2018), *Optimization Methods for Large-Scale
        Machine Learning*, SIAM Review 60(2), 223-311 (step-size sequences);
        PyTorch ``ExponentialLR``.
    """

    init_value: float
    gamma: float

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "gamma", interval, 0.0, 1.0, low_open=True, high_open=True)

    def _rule(self, t: Any, xp: Any) -> Any:
        return self.init_value * xp.pow(self.gamma, t)


@dataclass(frozen=True)
class cosine(_Schedule):
    r"""Cosine annealing from ``init_value`` down to ``min_value`` over ``T_max`` steps.

    $$\eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
      \left(1 + \cos\frac{\pi \min(t, T_{\max})}{T_{\max}}\right).$$

    After ``T_max`` steps the value stays at $\eta_{\min}$ (like
    ``optax.cosine_decay_schedule``). **Difference from PyTorch:**
    ``torch.optim.lr_scheduler.CosineAnnealingLR`` computes this recursively and
    does not stop at ``T_max``: it follows the same cosine on, so its learning
    rate climbs back to $\eta_0$ between ``T_max`` and ``2 * T_max`` and repeats
    with period ``2 * T_max``. The two agree (to rounding) for
    $0 \le t \le T_{\max}$, which the tests check; use [`cosine_restarts`][gdtheory.cosine_restarts]
    for restarts.

    Args:
        init_value: $\eta_0 > 0$, the value at $t = 0$.
        T_max: the number of steps of the decay, $T_{\max} \ge 1$.
        min_value: $\eta_{\min} \in [0, \eta_0]$ (default 0).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.cosine(0.1, T_max=100)
        >>> [round(s(t), 6) for t in (0, 50, 100, 150)]
        [0.1, 0.05, 0.0, 0.0]

        It plugs into any optimizer:

        >>> import numpy as np
        >>> opt = gd.GD(lr=gd.cosine(0.5, T_max=10))
        >>> x = np.array([1.0])
        >>> state = opt.init(x)
        >>> x, state = opt.step(x, 2 * x, state)  # first step uses lr = s(0) = 0.5
        >>> x
        array([0.])

    Reference:
        Loshchilov & Hutter (2017), *SGDR: Stochastic Gradient Descent with Warm
        Restarts*, ICLR, equation (5) (one period, without restart).
    """

    init_value: float
    T_max: int
    min_value: float = 0.0

    def __post_init__(self) -> None:
        init = set_field(self, "init_value", positive)
        set_field(self, "T_max", integer, 1)
        set_field(self, "min_value", interval, 0.0, init)

    @property
    def horizon(self) -> int:
        return self.T_max

    def _rule(self, t: Any, xp: Any) -> Any:
        lo, hi = self.min_value, self.init_value
        frac = xp.minimum(t, self.T_max) / self.T_max
        value = lo + (hi - lo) * (1 + xp.cos(math.pi * frac)) / 2
        return xp.clip(value, lo, hi)


@dataclass(frozen=True)
class cosine_restarts(_Schedule):
    r"""Cosine annealing with warm restarts (SGDR).

    $$\eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
      \left(1 + \cos\frac{\pi T_{cur}}{T_i}\right),$$

    where $T_i = T_0 T_{mult}^{\,i}$ is the length of the current cycle $i$
    (counted from 0) and $T_{cur} = t - T_0 (T_{mult}^{\,i} - 1)/(T_{mult} - 1)$
    (or $t \bmod T_0$ when $T_{mult} = 1$) the steps since the last restart. At
    each restart the value jumps back to $\eta_0$. Same values as
    ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min)``.

    Args:
        init_value: $\eta_0 > 0$, the value at each restart.
        T_0: the length of the first cycle (a positive integer).
        T_mult: the factor by which each cycle is longer than the one before
            (an integer $\ge 1$, as in PyTorch; default 1).
        min_value: $\eta_{\min} \in [0, \eta_0]$ (default 0).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.cosine_restarts(0.1, T_0=10, T_mult=2)
        >>> [t for t in range(1, 80) if s(t) > s(t - 1)]  # the restarts
        [10, 30, 70]
        >>> s(10) == s(30) == 0.1
        True

    Reference:
        Loshchilov & Hutter (2017), *SGDR: Stochastic Gradient Descent with Warm
        Restarts*, ICLR, equation (5) and section 3.
    """

    init_value: float
    T_0: int
    T_mult: int = 1
    min_value: float = 0.0

    def __post_init__(self) -> None:
        init = set_field(self, "init_value", positive)
        set_field(self, "T_0", integer, 1)
        set_field(self, "T_mult", integer, 1)
        set_field(self, "min_value", interval, 0.0, init)

    @cached_property
    def _cycles(self) -> tuple[tuple[float, ...], tuple[tuple[float, float], ...]]:
        """The first step of every cycle (while steps fit in a float) and its (start, length)."""
        starts, cycles, start, length = [], [], 0, self.T_0
        while start < _MAX_STEP:
            starts.append(float(start))
            cycles.append((float(start), float(length)))
            start, length = start + length, length * self.T_mult
        return tuple(starts), tuple(cycles)

    def _rule(self, t: Any, xp: Any) -> Any:
        if self.T_mult == 1:
            t_cur, t_i = xp.mod(t, self.T_0), self.T_0
        else:  # cycle i starts at T_0 (T_mult^i - 1) / (T_mult - 1): look it up
            starts, cycles = self._cycles
            start, t_i = xp.rows(cycles, xp.bisect_right(starts, t) - 1)
            t_cur = t - start
        lo, hi = self.min_value, self.init_value
        value = lo + (hi - lo) * (1 + xp.cos(math.pi * t_cur / t_i)) / 2
        return xp.clip(value, lo, hi)


@dataclass(frozen=True)
class linear(_Schedule):
    r"""``init_value`` times a factor moving linearly from ``start_factor`` to ``end_factor``.

    $$\eta_t = \eta_0 \left(f_s + (f_e - f_s) \frac{\min(t, T)}{T}\right),
      \qquad T = \texttt{total\_iters}.$$

    Same values and defaults as ``torch.optim.lr_scheduler.LinearLR(opt,
    start_factor, end_factor, total_iters)``; with ``start_factor < end_factor``
    it is a short warmup, with ``start_factor > end_factor`` a linear decay. After
    ``total_iters`` steps the value stays at $\eta_0 f_e$. (PyTorch requires
    ``start_factor > 0`` because its recursion divides by it; 0 is allowed here.)

    Args:
        init_value: $\eta_0 > 0$, the base value the factors multiply.
        start_factor: $f_s \in [0, 1]$ (default 1/3).
        end_factor: $f_e \in [0, 1]$ (default 1).
        total_iters: $T$, the number of steps of the ramp (default 5).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.linear(0.05, start_factor=0.5, end_factor=1.0, total_iters=4)
        >>> [round(s(t), 6) for t in range(6)]
        [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05]

    Reference:
        PyTorch ``LinearLR``; Goyal et al. (2017), *Accurate, Large Minibatch SGD:
        Training ImageNet in 1 Hour*, section 2.2 (gradual warmup).
    """

    init_value: float
    start_factor: float = 1.0 / 3
    end_factor: float = 1.0
    total_iters: int = 5

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "start_factor", interval, 0.0, 1.0)
        set_field(self, "end_factor", interval, 0.0, 1.0)
        set_field(self, "total_iters", integer, 1)

    @property
    def horizon(self) -> int:
        return self.total_iters

    def _rule(self, t: Any, xp: Any) -> Any:
        fs, fe, n = self.start_factor, self.end_factor, self.total_iters
        factor = fs + (fe - fs) * xp.minimum(t, n) / n
        low, high = self._between
        return self.init_value * xp.clip(factor, low, high)

    @cached_property
    def _between(self) -> tuple[float, float]:
        """The factor stays between its two ends."""
        return min(self.start_factor, self.end_factor), max(self.start_factor, self.end_factor)


@dataclass(frozen=True)
class linear_decay(_Schedule):
    r"""Linear decay from ``init_value`` to ``end_value`` over ``total_steps``, then constant.

    $$\eta_t = \eta_0 + (\eta_{end} - \eta_0) \frac{\min(t, T)}{T}.$$

    The lecture notes' "linear" schedule. It reaches $\eta_{end}$ exactly at
    $t = T$. (``linear(init_value, 1.0, end_value / init_value, T)`` is the same
    up to rounding, in PyTorch's ``LinearLR`` parametrization.)

    Args:
        init_value: $\eta_0 > 0$.
        total_steps: $T$, the length of the decay (a positive integer).
        end_value: $\eta_{end} \in [0, \eta_0]$ (default 0).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.linear_decay(0.1, total_steps=4)
        >>> [round(s(t), 6) for t in range(6)]
        [0.1, 0.075, 0.05, 0.025, 0.0, 0.0]

    Reference:
        Stanford CS231n, lecture *Training Neural Networks* (learning-rate decay:
        step, cosine, linear, inverse square root); optax ``linear_schedule``.
    """

    init_value: float
    total_steps: int
    end_value: float = 0.0

    def __post_init__(self) -> None:
        init = set_field(self, "init_value", positive)
        set_field(self, "total_steps", integer, 1)
        set_field(self, "end_value", interval, 0.0, init)

    @property
    def horizon(self) -> int:
        return self.total_steps

    def _rule(self, t: Any, xp: Any) -> Any:
        a, b = self.init_value, self.end_value
        ramp = a + (b - a) * xp.minimum(t, self.total_steps) / self.total_steps
        return xp.where(t >= self.total_steps, b, xp.clip(ramp, b, a))


@dataclass(frozen=True)
class polynomial(_Schedule):
    r"""Polynomial decay to ``end_value`` over ``total_iters`` steps, then constant.

    $$\eta_t = (\eta_0 - \eta_{end}) \left(1 - \frac{\min(t, T)}{T}\right)^{p} + \eta_{end}.$$

    With ``end_value = 0`` (the default) the values are those of
    ``torch.optim.lr_scheduler.PolynomialLR(opt, total_iters, power)``; ``power=1``
    is a linear decay, ``power=2`` a quadratic one.

    Args:
        init_value: $\eta_0 > 0$.
        total_iters: $T$, the length of the decay (a positive integer).
        power: $p > 0$ (default 1).
        end_value: $\eta_{end} \in [0, \eta_0]$ (default 0).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.polynomial(0.1, total_iters=4, power=2.0)
        >>> [round(s(t), 6) for t in range(6)]
        [0.1, 0.05625, 0.025, 0.00625, 0.0, 0.0]

    Reference:
        Chen et al. (2018), *DeepLab: Semantic Image Segmentation with Deep
        Convolutional Nets, Atrous Convolution, and Fully Connected CRFs*, IEEE
        TPAMI 40(4), 834-848 (the "poly" policy, power 0.9); PyTorch
        ``PolynomialLR``.
    """

    init_value: float
    total_iters: int
    power: float = 1.0
    end_value: float = 0.0

    def __post_init__(self) -> None:
        init = set_field(self, "init_value", positive)
        set_field(self, "total_iters", integer, 1)
        set_field(self, "power", positive)
        set_field(self, "end_value", interval, 0.0, init)

    @property
    def horizon(self) -> int:
        return self.total_iters

    def _rule(self, t: Any, xp: Any) -> Any:
        a, b = self.init_value, self.end_value
        left = 1.0 - xp.minimum(t, self.total_iters) / self.total_iters
        return xp.clip((a - b) * xp.pow(left, self.power) + b, b, a)


@dataclass(frozen=True)
class inverse_sqrt(_Schedule):
    r"""Inverse-square-root decay, flat for the first ``timescale`` steps.

    $$\eta_t = \eta_0 \sqrt{\frac{\tau}{\max(t, \tau)}}.$$

    With $\tau = 1$ this is the course chapter's $\eta_0 / \sqrt{t}$ (with
    $\eta_0$ also at $t = 0$). Put a [`warmup`][gdtheory.warmup] of $\tau$ steps in front and
    you get the Transformer schedule of Vaswani et al., which rises linearly to
    $\eta_0$ at $t = \tau$ and then falls as $\eta_0 \sqrt{\tau / t}$:
    ``gd.warmup(gd.inverse_sqrt(peak, timescale=4000), warmup_steps=4000)``.

    Args:
        init_value: $\eta_0 > 0$, the value up to step $\tau$.
        timescale: $\tau > 0$ (default 1).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.inverse_sqrt(0.1, timescale=100)
        >>> [round(s(t), 6) for t in (0, 100, 400, 10_000)]
        [0.1, 0.1, 0.05, 0.01]

    Reference:
        Vaswani et al. (2017), *Attention Is All You Need*, NeurIPS, equation (3)
        in section 5.3; Robbins & Monro (1951) for step sizes that decay to zero.
    """

    init_value: float
    timescale: float = 1.0

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "timescale", positive)

    def _rule(self, t: Any, xp: Any) -> Any:
        return self.init_value * xp.sqrt(self.timescale / xp.maximum(t, self.timescale))


@dataclass(frozen=True)
class constant_factor(_Schedule):
    r"""``init_value`` times ``factor`` for the first ``total_iters`` steps, then ``init_value``.

    $$\eta_t = \begin{cases} \eta_0 \, f & t < T \\ \eta_0 & t \ge T \end{cases}
      \qquad T = \texttt{total\_iters}.$$

    Same values and defaults as ``torch.optim.lr_scheduler.ConstantLR(opt, factor,
    total_iters)``: a crude warmup, a few steps at a reduced rate. (PyTorch gets back
    to $\eta_0$ by dividing by $f$, so it refuses nothing but fails on ``factor=0``;
    here the value after $T$ steps is $\eta_0$ exactly. PyTorch's ``total_iters=0``
    keeps the factor for ever; here ``total_iters`` must be positive.)

    Args:
        init_value: $\eta_0 > 0$, the value from step $T$ on.
        factor: $f \in [0, 1]$ (default 1/3).
        total_iters: $T$, the number of reduced steps (a positive integer; default 5).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.constant_factor(0.05, factor=0.5, total_iters=3)
        >>> [s(t) for t in range(5)]
        [0.025, 0.025, 0.025, 0.05, 0.05]

    Reference:
        PyTorch ``ConstantLR`` (not checked against a paper: there is none for it).
    """

    init_value: float
    factor: float = 1.0 / 3
    total_iters: int = 5

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        set_field(self, "factor", interval, 0.0, 1.0)
        set_field(self, "total_iters", integer, 1)

    @property
    def horizon(self) -> int:
        return self.total_iters

    def _rule(self, t: Any, xp: Any) -> Any:
        return xp.where(t < self.total_iters, self.init_value * self.factor, self.init_value)


@dataclass(frozen=True)
class multiplicative(_Schedule):
    r"""Multiply by ``factor_fn(k)`` at every step $k$: a running product.

    $$\eta_t = \eta_0 \prod_{k=1}^{\lfloor t \rfloor} f(k),$$

    with $f$ = ``factor_fn``, a pure function of the step number (an ``int``)
    returning a factor $\ge 0$. These are the values of
    ``torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=f)``, which calls
    ``f(k)`` at its $k$-th ``step()``; here too ``f`` is called once per step
    number, with a Python ``int``, and the products are multiplied in PyTorch's order,
    $((\eta_0 f(1)) f(2)) \cdots$, so that the two give the same floats.

    A product has no closed form, so the schedule keeps the products it has
    computed (a cache, invisible from outside: the same ``t`` always gives the same
    value). A call at step $t$ costs $O(t)$ the first time and a look-up afterwards;
    steps beyond ``max_steps`` are refused (``ValueError``). When ``factor_fn`` is a
    gdtheory schedule, it is evaluated on arrays of steps, in blocks.

    Args:
        init_value: $\eta_0 > 0$.
        factor_fn: $f$, a callable ``k -> factor`` (PyTorch's ``lr_lambda``). A
            factor that is negative or not finite raises ``ValueError`` naming ``k``.
            For a constant factor, [`exponential`][gdtheory.exponential] is the closed form.
        max_steps: the largest step the schedule will evaluate (default $10^6$; the
            products take 8 bytes per step).

    Examples:
        Keep the rate for 10 steps, then lose 10% per step:

        >>> import gdtheory as gd
        >>> s = gd.multiplicative(0.1, lambda k: 1.0 if k < 10 else 0.9)
        >>> [round(s(t), 6) for t in (0, 9, 10, 11, 12)]
        [0.1, 0.1, 0.09, 0.081, 0.0729]

    Reference:
        PyTorch ``MultiplicativeLR`` (not checked against a paper: there is none for it).
    """

    init_value: float
    factor_fn: Callable[[int], float]
    max_steps: int = 10**6

    def __post_init__(self) -> None:
        set_field(self, "init_value", positive)
        if not callable(self.factor_fn):
            raise ValueError(
                f"factor_fn must be a callable k -> factor (use exponential for a constant "
                f"factor), got {_fmt(self.factor_fn)}"
            )
        set_field(self, "max_steps", integer, 1)

    @cached_property
    def _memo(self) -> list[np.ndarray]:
        """``[products]``: ``products[k]`` is $\\eta_k$ for every step computed so far."""
        return [np.array([self.init_value])]

    def _factors(self, start: int, stop: int) -> np.ndarray:
        """$f(k)$ for ``start <= k < stop``, checked."""
        if isinstance(self.factor_fn, _Schedule):
            out = np.asarray(self.factor_fn(np.arange(start, stop)), dtype=np.float64)
        else:
            factors = [self.factor_fn(k) for k in range(start, stop)]
            if not all(type(f) is float for f in factors):  # else: checked as an array below
                for k, f in zip(range(start, stop), factors, strict=True):
                    if not _is_factor(f):
                        raise ValueError(
                            f"factor_fn({k}) must be a non-negative finite number, got {_fmt(f)}"
                        )
            out = np.array(factors, dtype=np.float64)
        if not (np.all(np.isfinite(out)) and np.all(out >= 0)):
            k = start + int(np.flatnonzero(~(np.isfinite(out) & (out >= 0)))[0])
            raise ValueError(
                f"factor_fn({k}) must be a non-negative finite number, got {out[k - start]}"
            )
        return out

    def _products(self, top: int) -> np.ndarray:
        """The products up to step ``top`` at least (grown by doubling)."""
        table = self._memo[0]
        if top < table.size:
            return table
        if top > self.max_steps:
            raise ValueError(
                f"t must be at most max_steps={self.max_steps} for multiplicative (it "
                f"multiplies its factors one step at a time), got {top}"
            )
        start = table.size
        stop = min(max(top + 1, 2 * start, 1024), self.max_steps + 1)
        factors = self._factors(start, stop)
        running = np.multiply.accumulate(np.concatenate(([table[-1]], factors)))  # in order
        table = np.concatenate((table, running[1:]))
        self._memo[0] = table
        return table

    def _rule(self, t: Any, xp: Any) -> Any:
        if xp is _Floats:
            k = math.floor(t)
            return self._products(k).item(k)  # a Python float
        k = np.floor(t).astype(np.int64)
        if k.size == 0:
            return np.zeros_like(t)
        return self._products(int(k.max()))[k]


def _is_factor(f: object) -> bool:
    return (
        isinstance(f, numbers.Real)
        and not isinstance(f, bool | np.bool_)
        and math.isfinite(f)
        and f >= 0
    )


# The 1-cycle policy: phases, as in torch.optim.lr_scheduler.OneCycleLR.


def _one_cycle_ends(total_steps: int, pct_start: float, three_phase: bool) -> list[float]:
    """The last step of each phase, computed exactly as PyTorch does (floats)."""
    if three_phase:
        ends = [
            float(pct_start * total_steps) - 1,
            float(2 * pct_start * total_steps) - 2,
            float(total_steps - 1),
        ]
    else:
        ends = [float(pct_start * total_steps) - 1, float(total_steps - 1)]
    starts = [0.0, *ends[:-1]]
    if any(end <= start for start, end in zip(starts, ends, strict=True)):
        raise ValueError(
            f"pct_start={pct_start!r} and total_steps={total_steps!r} leave an empty phase "
            f"(phase ends {ends}); each phase of the cycle needs at least one step: "
            "pct_start * total_steps must exceed 1"
            + (" and pct_start must be below about 0.5 with three_phase" if three_phase else "")
        )
    return ends


class _OneCycle(_Schedule):
    """The rule shared by [`one_cycle`][gdtheory.one_cycle] and its momentum."""

    __slots__ = ()

    def _values(self) -> list[tuple[float, float]]:  # pragma: no cover - abstract
        """(from, to) of every phase."""
        raise NotImplementedError

    @cached_property
    def _phases(self) -> tuple:
        """The last step of every phase but the final one; a row per phase:
        (first step, last step, from, to, lower, upper)."""
        ends = _one_cycle_ends(self.total_steps, self.pct_start, self.three_phase)
        starts = [0.0, *ends[:-1]]
        rows = tuple(
            (s, e, a, b, min(a, b), max(a, b))
            for s, e, (a, b) in zip(starts, ends, self._values(), strict=True)
        )
        return tuple(ends[:-1]), rows

    def _rule(self, t: Any, xp: Any) -> Any:
        last_steps, rows = self._phases
        phase = xp.bisect_left(last_steps, t)  # t <= last step of phase i -> phase i (as torch)
        start, end, a, b, lower, upper = xp.rows(rows, phase)
        pct = xp.minimum((t - start) / (end - start), 1.0)
        if self.anneal_strategy == "cos":
            out = b + (a - b) / 2.0 * (xp.cos(math.pi * pct) + 1)
        else:
            out = (b - a) * pct + a
        return xp.clip(out, lower, upper)


@dataclass(frozen=True)
class one_cycle(_OneCycle):
    r"""The 1-cycle policy: up from $\eta_{\max}/d$ to $\eta_{\max}$, then down to far below.

    With $\eta_{\text{init}} = \eta_{\max} / d$ (``div_factor``) and
    $\eta_{\text{final}} = \eta_{\text{init}} / d_f$ (``final_div_factor``), and
    $s_1 = p\,T - 1$ the last step of the warm-up phase ($p$ = ``pct_start``,
    $T$ = ``total_steps``):

    $$\eta_t = \begin{cases}
      A(\eta_{\text{init}}, \eta_{\max}, t / s_1) & t \le s_1 \\
      A(\eta_{\max}, \eta_{\text{final}}, (t - s_1)/(T - 1 - s_1)) & s_1 < t
      \end{cases}$$

    where the anneal is $A(a, b, u) = b + \tfrac12 (a - b)(1 + \cos \pi u)$ for
    ``anneal_strategy="cos"`` and $A(a, b, u) = a + (b - a) u$ for ``"linear"``.
    With ``three_phase=True`` the cycle is the paper's: up to $\eta_{\max}$ until
    $s_1$, back down to $\eta_{\text{init}}$ at $s_2 = 2pT - 2$, then down to
    $\eta_{\text{final}}$ at $T - 1$. These are exactly the phases of
    ``torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, total_steps, pct_start,
    anneal_strategy, div_factor=..., final_div_factor=..., three_phase=...)``.
    PyTorch raises an error when stepped more than ``total_steps`` times; here
    the value stays at $\eta_{\text{final}}$ from $t = T - 1$ on. The momentum
    that 1-cycle moves the other way is [`one_cycle_momentum`][gdtheory.one_cycle_momentum].

    Args:
        max_value: $\eta_{\max} > 0$, the peak.
        total_steps: $T$, the length of the cycle.
        pct_start: $p \in (0, 1)$, the fraction of the cycle spent rising (default 0.3).
        anneal_strategy: ``"cos"`` (default) or ``"linear"``.
        div_factor: $d > 0$: the cycle starts at $\eta_{\max} / d$ (default 25).
        final_div_factor: $d_f > 0$: it ends at $\eta_{\max} / (d\,d_f)$ (default 1e4).
        three_phase: use the paper's symmetric three-phase cycle (default False:
            the two phases of fastai and PyTorch).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.one_cycle(0.1, total_steps=100)
        >>> round(s(0), 6), round(s(29), 6), f"{s(99):.0e}"
        (0.004, 0.1, '4e-07')
        >>> peak = max(range(100), key=s)
        >>> peak
        29

    Reference:
        Smith (2017), *Cyclical Learning Rates for Training Neural Networks*, WACV;
        Smith & Topin (2019), *Super-Convergence: Very Fast Training of Neural
        Networks Using Large Learning Rates*, Proc. SPIE 11006 (the 1cycle
        policy).
    """

    max_value: float
    total_steps: int
    pct_start: float = 0.3
    anneal_strategy: Literal["cos", "linear"] = "cos"
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    three_phase: bool = False

    def __post_init__(self) -> None:
        set_field(self, "max_value", positive)
        set_field(self, "total_steps", integer, 1)
        set_field(self, "pct_start", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "anneal_strategy", choice, ("cos", "linear"))
        set_field(self, "div_factor", positive)
        set_field(self, "final_div_factor", positive)
        set_field(self, "three_phase", boolean)
        _one_cycle_ends(self.total_steps, self.pct_start, self.three_phase)

    @property
    def horizon(self) -> int:
        return self.total_steps

    def _values(self) -> list[tuple[float, float]]:
        init, peak, final = self.initial_value, self.max_value, self.final_value
        if self.three_phase:
            return [(init, peak), (peak, init), (init, final)]
        return [(init, peak), (peak, final)]

    @property
    def initial_value(self) -> float:
        r"""$\eta_{\text{init}} = \eta_{\max} / d$, the value at $t = 0$."""
        return self.max_value / self.div_factor

    @property
    def final_value(self) -> float:
        r"""$\eta_{\text{final}} = \eta_{\text{init}} / d_f$, the value from $t = T - 1$ on."""
        return self.initial_value / self.final_div_factor


@dataclass(frozen=True)
class one_cycle_momentum(_OneCycle):
    r"""The momentum that goes with [`one_cycle`][gdtheory.one_cycle]:
    down while the rate rises, then up.

    The same phases and anneal $A$ as [`one_cycle`][gdtheory.one_cycle], between
    $\beta_{\max}$ (``max_momentum``) and $\beta_{\min}$ (``base_momentum``):
    $A(\beta_{\max}, \beta_{\min}, \cdot)$ in the first phase, then
    $A(\beta_{\min}, \beta_{\max}, \cdot)$, and with ``three_phase=True`` a last
    phase that holds $\beta_{\max}$. These are the momenta that
    ``torch.optim.lr_scheduler.OneCycleLR`` writes into the optimizer with
    ``cycle_momentum=True``.

    Args:
        total_steps: $T$, the length of the cycle.
        base_momentum: $\beta_{\min}$, the momentum at the learning-rate peak (default 0.85).
        max_momentum: $\beta_{\max}$, the momentum at both ends (default 0.95).
        pct_start: as in [`one_cycle`][gdtheory.one_cycle] (default 0.3).
        anneal_strategy: ``"cos"`` (default) or ``"linear"``.
        three_phase: as in [`one_cycle`][gdtheory.one_cycle] (default False).

    Examples:
        >>> import gdtheory as gd
        >>> lr = gd.one_cycle(0.1, total_steps=100)
        >>> beta = gd.one_cycle_momentum(total_steps=100)
        >>> round(beta(0), 6), round(beta(29), 6), round(beta(99), 6)
        (0.95, 0.85, 0.95)
        >>> max(range(100), key=lr) == min(range(100), key=beta)
        True

    Reference:
        Smith (2018), *A disciplined approach to neural network
        hyper-parameters: Part 1*, arXiv:1803.09820 (cyclical momentum).
    """

    total_steps: int
    base_momentum: float = 0.85
    max_momentum: float = 0.95
    pct_start: float = 0.3
    anneal_strategy: Literal["cos", "linear"] = "cos"
    three_phase: bool = False

    def __post_init__(self) -> None:
        set_field(self, "total_steps", integer, 1)
        hi = set_field(self, "max_momentum", interval, 0.0, 1.0, high_open=True)
        set_field(self, "base_momentum", interval, 0.0, hi)
        set_field(self, "pct_start", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "anneal_strategy", choice, ("cos", "linear"))
        set_field(self, "three_phase", boolean)
        _one_cycle_ends(self.total_steps, self.pct_start, self.three_phase)

    @property
    def horizon(self) -> int:
        return self.total_steps

    def _values(self) -> list[tuple[float, float]]:
        lo, hi = self.base_momentum, self.max_momentum
        return [(hi, lo), (lo, hi), (hi, hi)] if self.three_phase else [(hi, lo), (lo, hi)]


# Cyclical learning rates: a triangle wave, as in torch.optim.lr_scheduler.CyclicLR.

_CYCLIC_MODES = ("triangular", "triangular2", "exp_range")


class _Cyclic(_Schedule):
    """The wave shared by [`cyclic`][gdtheory.cyclic] and its momentum."""

    __slots__ = ()

    def _check_cycle(self) -> None:
        set_field(self, "step_size_up", integer, 1)
        if self.step_size_down is not None:
            set_field(self, "step_size_down", integer, 1)
        set_field(self, "mode", choice, _CYCLIC_MODES)
        set_field(self, "gamma", interval, 0.0, 1.0, low_open=True)

    @cached_property
    def _sizes(self) -> tuple[float, float]:
        """(cycle length, fraction of it spent rising), as PyTorch computes them."""
        up = float(self.step_size_up)
        down = float(self.step_size_down) if self.step_size_down is not None else up
        total = up + down
        return total, up / total

    def _wave(self, t: Any, xp: Any) -> tuple[Any, Any]:
        """(height in the cycle in [0, 1], amplitude scale) at step ``t``."""
        total, ratio = self._sizes
        pos = t / total
        cycle = xp.floor(1 + pos)
        x = 1.0 + pos - cycle  # where in the cycle, in [0, 1)
        height = xp.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        if self.mode == "triangular":
            scale = 1.0
        elif self.mode == "triangular2":
            scale = xp.pow(0.5, cycle - 1)  # PyTorch's 1 / 2 ** (cycle - 1), exactly
        else:
            scale = xp.pow(self.gamma, t)
        return height, scale


@dataclass(frozen=True)
class cyclic(_Cyclic):
    r"""Cyclical learning rate: a triangle wave between ``base_value`` and ``max_value``.

    A cycle lasts $u + d$ steps ($u$ = ``step_size_up`` rising, $d$ =
    ``step_size_down`` falling). With $c = \lfloor 1 + t/(u + d) \rfloor$ the
    cycle number (from 1) and $x = 1 + t/(u + d) - c \in [0, 1)$ the position in
    it, the height $h \in [0, 1]$ rises linearly then falls:

    $$h = \begin{cases} x / r & x \le r \\ (x - 1)/(r - 1) & x > r \end{cases},
      \qquad r = \frac{u}{u + d},$$

    $$\eta_t = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}})\, h \, s,$$

    where the amplitude scale is $s = 1$ (``mode="triangular"``),
    $s = 2^{-(c - 1)}$, halved every cycle (``"triangular2"``), or $s = \gamma^{t}$
    (``"exp_range"``). With $u = d$ this is Smith's triangular policy,
    $\eta_t = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}}) \max(0, 1 - |t/u - 2c + 1|)$.
    Same values as ``torch.optim.lr_scheduler.CyclicLR(opt, base_lr, max_lr,
    step_size_up, step_size_down, mode, gamma)``; PyTorch's custom ``scale_fn``
    has no counterpart here. The momentum that PyTorch cycles the other way
    (``cycle_momentum=True``) is [`cyclic_momentum`][gdtheory.cyclic_momentum].

    Args:
        base_value: $\eta_{\text{base}} \ge 0$, the value at the start of every cycle.
        max_value: $\eta_{\max} \ge \eta_{\text{base}}$, the peak of the first cycle.
        step_size_up: $u$, the steps of the rise (a positive integer; default 2000).
        step_size_down: $d$, the steps of the fall (default ``None``: equal to $u$).
        mode: ``"triangular"`` (default), ``"triangular2"`` or ``"exp_range"``.
        gamma: $\gamma \in (0, 1]$, the decay per step in ``"exp_range"`` (default 1).

    Examples:
        >>> import gdtheory as gd
        >>> s = gd.cyclic(0.01, 0.1, step_size_up=4)
        >>> [round(s(t), 4) for t in range(9)]
        [0.01, 0.0325, 0.055, 0.0775, 0.1, 0.0775, 0.055, 0.0325, 0.01]
        >>> half = gd.cyclic(0.0, 1.0, step_size_up=4, mode="triangular2")
        >>> [half(t) for t in (4, 12, 20)]  # the peaks of the first three cycles
        [1.0, 0.5, 0.25]

    Reference:
        Smith (2017), *Cyclical Learning Rates for Training Neural Networks*, WACV,
        section 3.1 (the triangular policy, given there as code:
        ``cycle = floor(1 + t/(2 stepsize))``, ``x = abs(t/stepsize - 2 cycle + 1)``,
        ``lr = base_lr + (max_lr - base_lr) max(0, 1 - x)``; and the
        ``triangular2`` and ``exp_range`` variants); PyTorch ``CyclicLR``.
    """

    base_value: float
    max_value: float
    step_size_up: int = 2000
    step_size_down: int | None = None
    mode: Literal["triangular", "triangular2", "exp_range"] = "triangular"
    gamma: float = 1.0

    def __post_init__(self) -> None:
        base = set_field(self, "base_value", nonnegative)
        set_field(self, "max_value", real, base)
        self._check_cycle()

    def _rule(self, t: Any, xp: Any) -> Any:
        height, scale = self._wave(t, xp)
        lo, hi = self.base_value, self.max_value
        return xp.clip(lo + (hi - lo) * height * scale, lo, hi)


@dataclass(frozen=True)
class cyclic_momentum(_Cyclic):
    r"""The momentum that goes with [`cyclic`][gdtheory.cyclic]: low where the rate peaks.

    The same cycle, height $h$ and amplitude scale $s$ as [`cyclic`][gdtheory.cyclic],
    turned upside down between $\beta_{\min}$ (``base_momentum``) and $\beta_{\max}$
    (``max_momentum``):

    $$\beta_t = \beta_{\max} - (\beta_{\max} - \beta_{\min})\, h \, s.$$

    These are the momenta that ``torch.optim.lr_scheduler.CyclicLR`` writes into the
    optimizer with ``cycle_momentum=True`` (its default). Pass it as the momentum
    of an optimizer, with the same cycle arguments as the rate's:
    ``gd.SGD(lr=gd.cyclic(0.01, 0.1, 500), momentum=gd.cyclic_momentum(0.8, 0.9, 500))``.

    Args:
        base_momentum: $\beta_{\min}$, the momentum at the rate's peak (default 0.8).
        max_momentum: $\beta_{\max} \in [\beta_{\min}, 1)$, at the start of every cycle
            (default 0.9).
        step_size_up: the steps of the rate's rise, as in [`cyclic`][gdtheory.cyclic]
            (default 2000).
        step_size_down: the steps of its fall (default ``None``: equal to ``step_size_up``).
        mode: ``"triangular"`` (default), ``"triangular2"`` or ``"exp_range"``.
        gamma: $\gamma \in (0, 1]$, the decay per step in ``"exp_range"`` (default 1).

    Examples:
        >>> import gdtheory as gd
        >>> lr = gd.cyclic(0.01, 0.1, step_size_up=4)
        >>> beta = gd.cyclic_momentum(0.8, 0.9, step_size_up=4)
        >>> [round(beta(t), 3) for t in range(9)]
        [0.9, 0.875, 0.85, 0.825, 0.8, 0.825, 0.85, 0.875, 0.9]
        >>> max(range(8), key=lr) == min(range(8), key=beta)
        True

    Reference:
        Smith (2018), *A disciplined approach to neural network hyper-parameters:
        Part 1*, arXiv:1803.09820 (cyclical momentum; not checked there); PyTorch
        ``CyclicLR``.
    """

    base_momentum: float = 0.8
    max_momentum: float = 0.9
    step_size_up: int = 2000
    step_size_down: int | None = None
    mode: Literal["triangular", "triangular2", "exp_range"] = "triangular"
    gamma: float = 1.0

    def __post_init__(self) -> None:
        hi = set_field(self, "max_momentum", interval, 0.0, 1.0, high_open=True)
        set_field(self, "base_momentum", interval, 0.0, hi)
        self._check_cycle()

    def _rule(self, t: Any, xp: Any) -> Any:
        height, scale = self._wave(t, xp)
        lo, hi = self.base_momentum, self.max_momentum
        return xp.clip(hi - (hi - lo) * height * scale, lo, hi)


# ----------------------------------------------------------------------------------------------
# Combinators.


@dataclass(frozen=True)
class warmup(_Schedule):
    r"""A linear warmup in front of any schedule.

    For the first $w$ steps the value rises on a straight line from
    ``start_value`` to the value the schedule has at $w$; from $w$ on it is the
    schedule's own:

    $$\eta_t = \begin{cases}
      \eta_{start} + \big(s(w) - \eta_{start}\big)\, t / w & t < w \\
      s(t) & t \ge w
    \end{cases}$$

    The schedule $s$ keeps its own clock ($t$ is not shifted), so a schedule with
    a run length (``cosine``'s ``T_max``, ``one_cycle``'s ``total_steps``, ...)
    must be longer than the warmup, and milestones stay where they were (as in
    Goyal et al., who warm up for 5 epochs and still divide at epoch 30). The
    ramp starts at ``start_value`` exactly and ends at $s(w)$ exactly. To start
    the schedule *after* the warmup instead, chain a ramp and the schedule with
    [`join_schedules`][gdtheory.join_schedules].

    Args:
        schedule: the schedule $s$ to warm up (a callable ``t -> value`` or a
            number, which means a constant).
        warmup_steps: $w$, the length of the ramp (a positive integer; default
            5000, the lecture notes' example).
        start_value: $\eta_{start} \ge 0$ (default 0).

    Examples:
        The lecture notes' recipe: 5,000 steps from 0, then a decay.

        >>> import gdtheory as gd
        >>> s = gd.warmup(gd.cosine(0.1, T_max=100_000), warmup_steps=5000)
        >>> s(0), s(2500) == s(5000) / 2, s(5000) == gd.cosine(0.1, T_max=100_000)(5000)
        (0.0, True, True)

        The Transformer schedule (Vaswani et al. 2017, with $t$ counted from 0):

        >>> noam = gd.warmup(gd.inverse_sqrt(1e-3, timescale=4000), warmup_steps=4000)
        >>> [round(noam(t) / 1e-3, 4) for t in (0, 2000, 4000, 16_000)]
        [0.0, 0.5, 1.0, 0.5]

    Reference:
        Goyal et al. (2017), *Accurate, Large Minibatch SGD: Training ImageNet in
        1 Hour*, arXiv:1706.02677, section 2.2 (gradual warmup); Vaswani et al.
        (2017), *Attention Is All You Need*, NeurIPS, section 5.3.
    """

    schedule: Callable
    warmup_steps: int = 5000
    start_value: float = 0.0

    def __post_init__(self) -> None:
        schedule = set_field(self, "schedule", _as_schedule)
        w = set_field(self, "warmup_steps", integer, 1)
        set_field(self, "start_value", nonnegative)
        run = _horizon(schedule)
        if run is not None and w >= run:
            raise ValueError(
                f"warmup_steps must be shorter than the run of the schedule it warms up "
                f"({run} steps), got {w}"
            )

    @property
    def horizon(self) -> int | None:
        return _horizon(self.schedule)

    @cached_property
    def _target(self) -> Any:
        return self.schedule(self.warmup_steps)  # s(w), reached exactly at t = w

    @cached_property
    def _inner(self) -> Callable[[Any, Any], Any]:
        return _rule_of(self.schedule)

    def _rule(self, t: Any, xp: Any) -> Any:
        w, a, target = self.warmup_steps, self.start_value, self._target
        if xp is _Floats and t >= w:
            return self._inner(t, xp)
        if not isinstance(target, float):  # a callable inside that returns arrays
            xp = _Arrays
        ramp = xp.clip(a + (target - a) * (t / w), xp.minimum(a, target), xp.maximum(a, target))
        if xp is _Floats:
            return ramp
        inside = t < w
        after = self._inner(np.where(inside, w, t), xp) if np.any(~inside) else target
        return np.where(inside, ramp, after)


@dataclass(frozen=True)
class join_schedules(_Schedule):
    r"""Run schedules one after another, switching at step boundaries.

    With boundaries $b_1 < \dots < b_{n-1}$ (and $b_0 = 0$), schedule $s_i$ runs
    on $b_i \le t < b_{i+1}$ and sees the steps counted from its own boundary:

    $$\eta_t = s_i(t - b_i), \qquad b_i \le t < b_{i+1}.$$

    As ``optax.join_schedules``; at $t = b_i$ the value is $s_i(0)$ exactly.

    Args:
        schedules: $n \ge 1$ schedules (callables ``t -> value``, or numbers for constants).
        boundaries: the $n - 1$ switching steps, positive and strictly increasing.

    Examples:
        Ten steps of linear warmup, then a cosine that starts at its peak:

        >>> import gdtheory as gd
        >>> s = gd.join_schedules(
        ...     [gd.linear(0.1, start_factor=0.0, total_iters=10), gd.cosine(0.1, T_max=90)],
        ...     boundaries=[10],
        ... )
        >>> [round(s(t), 6) for t in (0, 5, 9, 10, 55, 100)]
        [0.0, 0.05, 0.09, 0.1, 0.05, 0.0]

    Reference:
        optax ``join_schedules``; PyTorch ``SequentialLR`` (which counts each
        scheduler's steps from its milestone in the same way).
    """

    schedules: tuple[Callable, ...]
    boundaries: tuple[int, ...]

    def __post_init__(self) -> None:
        schedules = set_field(self, "schedules", _schedule_tuple)
        boundaries = set_field(self, "boundaries", _increasing, 1)
        if len(boundaries) != len(schedules) - 1:
            raise ValueError(
                f"boundaries must have one entry fewer than schedules ({len(schedules) - 1}), "
                f"got {list(boundaries)}"
            )

    @property
    def horizon(self) -> int | None:
        last = _horizon(self.schedules[-1])
        if last is None:
            return None
        return (self.boundaries[-1] if self.boundaries else 0) + last

    @cached_property
    def _pieces(self) -> tuple[tuple[int, Callable[[Any, Any], Any]], ...]:
        """(first step, rule) of every piece."""
        starts = (0, *self.boundaries)
        return tuple((b, _rule_of(s)) for b, s in zip(starts, self.schedules, strict=True))

    def _rule(self, t: Any, xp: Any) -> Any:
        if xp is _Floats:
            start, rule = self._pieces[bisect.bisect_right(self.boundaries, t)]
            return rule(t - start, xp)
        piece = np.searchsorted(np.asarray(self.boundaries, dtype=np.float64), t, side="right")
        out = np.zeros_like(t)
        for i, (start, rule) in enumerate(self._pieces):
            mine = piece == i
            if np.any(mine):
                value = rule(np.where(mine, t - start, 0.0), xp)
                out = np.where(mine, value, out)
        return out


@dataclass(frozen=True)
class multiply_schedules(_Schedule):
    r"""The product of schedules, step by step.

    $$\eta_t = s_1(t)\, s_2(t) \cdots s_n(t).$$

    This is how ``torch.optim.lr_scheduler.ChainedScheduler`` composes schedulers
    whose ``step()`` multiplies the current rate by a factor (``ConstantLR``,
    ``ExponentialLR``, ``StepLR``, ``MultiStepLR``, ``LinearLR``,
    ``MultiplicativeLR``, ``PolynomialLR``, ``CosineAnnealingLR`` with
    ``eta_min=0``): each one's factors multiply the base rate in turn. Give the
    base value to one schedule and ``1.0`` as ``init_value`` to the others, which
    then act as factors. (A PyTorch scheduler whose step adds, such as cosine with
    ``eta_min > 0``, does not compose as a product; neither does this.)

    Args:
        schedules: $n \ge 1$ schedules (callables ``t -> value``, or numbers for constants).

    Examples:
        PyTorch's own example of ``ChainedScheduler``: ``ConstantLR(factor=0.1,
        total_iters=20)`` and ``ExponentialLR(gamma=0.9)`` on a base rate 0.05.

        >>> import gdtheory as gd
        >>> s = gd.multiply_schedules([
        ...     gd.constant_factor(0.05, factor=0.1, total_iters=20),
        ...     gd.exponential(1.0, gamma=0.9),
        ... ])
        >>> [round(s(t), 5) for t in (0, 1, 2, 19, 20, 21)]
        [0.005, 0.0045, 0.00405, 0.00068, 0.00608, 0.00547]

    Reference:
        PyTorch ``ChainedScheduler`` (not checked against a paper: there is none for it).
    """

    schedules: tuple[Callable, ...]

    def __post_init__(self) -> None:
        set_field(self, "schedules", _schedule_tuple)

    @property
    def horizon(self) -> int | None:
        runs = [_horizon(s) for s in self.schedules]
        return None if None in runs else max(runs)

    @cached_property
    def _rules(self) -> tuple[Callable[[Any, Any], Any], ...]:
        return tuple(_rule_of(s) for s in self.schedules)

    def _rule(self, t: Any, xp: Any) -> Any:
        first, *rest = self._rules
        out = first(t, xp)
        for rule in rest:
            out = out * rule(t, xp)  # left to right, the order of the list
        return out


# ----------------------------------------------------------------------------------------------
# Reduce on plateau: stateful, because it needs the loss.


class PlateauState(NamedTuple):
    """State of [`ReduceOnPlateau`][gdtheory.ReduceOnPlateau].

    Attributes:
        lr: the learning rate to use for the next step.
        best: the best loss seen so far ($+\\infty$ before the first one in
            ``mode="min"``).
        num_bad: updates in a row without a significant improvement.
        cooldown: updates still to wait, after a reduction, before bad updates
            count again.
    """

    lr: float | np.ndarray
    best: float | np.ndarray
    num_bad: int | np.ndarray
    cooldown: int | np.ndarray


def _scalar(x: np.ndarray, kind: type) -> object:
    """A 0-d array back to a Python number (readable state); arrays stay arrays."""
    return kind(x) if np.ndim(x) == 0 else x


@dataclass(frozen=True)
class ReduceOnPlateau:
    r"""Reduce the learning rate by ``factor`` when the loss stops improving.

    Not a pure schedule: it needs the loss, so it keeps a small state
    ([`PlateauState`][gdtheory.PlateauState]). Each ``update(state, loss)`` (once per step or per
    epoch, your choice) does, in ``mode="min"``:

    1. the loss improves if $\ell < \ell^\star (1 - \theta)$ (``threshold_mode="rel"``)
       or $\ell < \ell^\star - \theta$ (``"abs"``); then $\ell^\star \leftarrow \ell$
       and the count of bad updates is reset, else it grows by one;
    2. during a cooldown, bad updates are not counted;
    3. when more than ``patience`` bad updates have been counted in a row,
       $\eta \leftarrow \max(\gamma \eta, \eta_{\min})$ (applied only if this lowers
       $\eta$ by more than ``eps``), the count is reset and a cooldown of
       ``cooldown`` updates starts.

    ``mode="max"`` watches a quantity that should grow (an accuracy): the
    inequalities turn round, $\ell > \ell^\star(1 + \theta)$ or $\ell > \ell^\star + \theta$.
    A NaN loss never counts as an improvement. These are the rules of
    ``torch.optim.lr_scheduler.ReduceLROnPlateau``, with one change of default:
    ``factor=0.5``, the slides' "halve the learning rate when the loss stops
    improving" (PyTorch's default is 0.1). The loss (and ``lr``) may be arrays:
    each entry of a batched run then keeps its own plateau state.

    Use it in a loop by giving the optimizer the current rate at every step;
    ``dataclasses.replace`` swaps the hyperparameter and keeps the optimizer's
    own state (its momentum buffers and step count) untouched.

    Args:
        lr: the initial learning rate $\eta_0 > 0$ (a number, or an array for a batch of runs).
        factor: $\gamma \in (0, 1)$ (default 0.5).
        patience: bad updates tolerated before a reduction (default 10).
        threshold: $\theta \ge 0$ (default 1e-4; below 1 in ``"rel"`` mode).
        threshold_mode: ``"rel"`` (default) or ``"abs"``.
        cooldown: updates to wait after a reduction (default 0).
        min_lr: the floor $\eta_{\min} \ge 0$ (default 0).
        eps: reductions smaller than this are skipped (default 1e-8, as PyTorch).
        mode: ``"min"`` (default) or ``"max"``.

    Examples:
        Gradient descent on $f(x) = x^2$ with $\eta = 1$ jumps between $1$ and
        $-1$ for ever: the loss is stuck. After ``patience`` stuck steps the rate
        is halved, and $\eta = 0.5$ lands on the minimum in one step.

        >>> import dataclasses
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> plateau = gd.ReduceOnPlateau(lr=1.0, patience=2)
        >>> ps = plateau.init()
        >>> opt = gd.GD(lr=ps.lr)
        >>> x = np.array([1.0])
        >>> state = opt.init(x)
        >>> for _ in range(6):
        ...     opt = dataclasses.replace(opt, lr=ps.lr)
        ...     x, state = opt.step(x, 2 * x, state)
        ...     ps = plateau.update(ps, float(x[0] ** 2))
        ...     print(state.t, x, ps.lr)
        1 [-1.] 1.0
        2 [1.] 1.0
        3 [-1.] 1.0
        4 [1.] 0.5
        5 [0.] 0.5
        6 [0.] 0.5

    Reference:
        PyTorch ``ReduceLROnPlateau``; Krizhevsky, Sutskever & Hinton (2012),
        *ImageNet Classification with Deep Convolutional Neural Networks*,
        NeurIPS, section 5 (divide by 10 when the validation error stops improving).
    """

    lr: float | np.ndarray
    factor: float = 0.5
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: Literal["rel", "abs"] = "rel"
    cooldown: int = 0
    min_lr: float = 0.0
    eps: float = 1e-8
    mode: Literal["min", "max"] = "min"

    def __post_init__(self) -> None:
        if callable(self.lr):
            raise ValueError(
                f"lr must be a number or an array (the plateau rule reduces it), got {self.lr!r}"
            )
        lr = set_field(self, "lr", positive, arrays=True)
        set_field(self, "factor", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "patience", integer, 0)
        set_field(self, "threshold_mode", choice, ("rel", "abs"))
        if self.threshold_mode == "rel":
            set_field(self, "threshold", interval, 0.0, 1.0, high_open=True)
        else:
            set_field(self, "threshold", nonnegative)
        set_field(self, "cooldown", integer, 0)
        min_lr = set_field(self, "min_lr", nonnegative)
        if np.any(np.asarray(lr) < min_lr):
            raise ValueError(f"min_lr must not exceed lr ({_fmt(self.lr)}), got {self.min_lr!r}")
        set_field(self, "eps", nonnegative)
        set_field(self, "mode", choice, ("min", "max"))

    def init(self) -> PlateauState:
        """The state before the first loss: ``lr`` as given, no best loss yet."""
        worst = math.inf if self.mode == "min" else -math.inf
        lr = float(self.lr) if np.ndim(self.lr) == 0 else np.asarray(self.lr, dtype=np.float64)
        return PlateauState(lr=lr, best=worst, num_bad=0, cooldown=0)

    def _is_better(self, loss: np.ndarray, best: np.ndarray) -> np.ndarray:
        th = self.threshold
        if self.mode == "min":
            return loss < (best * (1.0 - th) if self.threshold_mode == "rel" else best - th)
        return loss > (best * (th + 1.0) if self.threshold_mode == "rel" else best + th)

    def update(self, state: PlateauState, loss: float | np.ndarray) -> PlateauState:
        """The state after seeing ``loss``; ``state.lr`` of the result is the next rate.

        Args:
            state: the current state (from ``init`` or a previous ``update``).
            loss: the monitored value (a number, or an array for a batch of runs).
        """
        if isinstance(loss, bool | np.bool_):
            raise ValueError(f"loss must be a real number or an array of them, got {loss!r}")
        try:
            current = np.asarray(loss, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                f"loss must be a real number or an array of them, got {loss!r}"
            ) from None
        best = np.asarray(state.best, dtype=np.float64)
        better = self._is_better(current, best)
        best = np.where(better, current, best)
        num_bad = np.where(better, 0, np.asarray(state.num_bad) + 1)
        in_cooldown = np.asarray(state.cooldown) > 0
        cooldown = np.where(in_cooldown, np.asarray(state.cooldown) - 1, state.cooldown)
        num_bad = np.where(in_cooldown, 0, num_bad)
        reduce = num_bad > self.patience
        old = np.asarray(state.lr, dtype=np.float64)
        new = np.maximum(old * self.factor, self.min_lr)
        lr = np.where(reduce & (old - new > self.eps), new, old)
        cooldown = np.where(reduce, self.cooldown, cooldown)
        num_bad = np.where(reduce, 0, num_bad)
        return PlateauState(
            lr=_scalar(lr, float),
            best=_scalar(best, float),
            num_bad=_scalar(num_bad, int),
            cooldown=_scalar(cooldown, int),
        )


# ----------------------------------------------------------------------------------------------
# Fast scalar calls (private). A schedule's ``_rule(t, xp)`` above is the formula; for one
# step, ``_rule(t, _Floats)`` pays for its generality (attribute look-ups, a function call per
# ``xp`` operation). Each builder below returns a closure over the schedule's constants that
# does the very same floating-point operations in the same order (a constant such as
# ``hi - lo`` is computed once, which gives the same float), so a scalar call returns the
# same bits as the rule and as the array call; tests/test_schedules.py holds the three equal
# for every schedule and mode. A schedule with no builder, or one that wraps a callable that
# is not a gdtheory schedule, runs its rule.

_cos, _floor, _pow, _sqrt = math.cos, math.floor, math.pow, math.sqrt
_PI = math.pi


def _scalar_rule(s: _Schedule) -> Callable[[float], float]:
    build = _BUILDERS.get(type(s))
    fast = build(s) if build is not None else None
    if fast is not None:
        return fast
    rule = s._rule

    def by_rule(t: float) -> float:
        out = rule(t, _Floats)
        return out if type(out) is float else _output(out)

    return by_rule


def _inner_scalar(schedule: Callable) -> Callable[[float], float] | None:
    """An inner schedule's fast call, or ``None`` for a callable that is not ours."""
    return schedule._scalar if isinstance(schedule, _Schedule) else None


def _fast_constant(s: constant) -> Callable[[float], float]:
    value = s.value
    return lambda t: value


def _fast_step_decay(s: step_decay) -> Callable[[float], float]:
    a, gamma, k = s.init_value, s.gamma, s.step_size
    return lambda t: a * _pow(gamma, _floor(t / k))


def _fast_multistep(s: multistep) -> Callable[[float], float]:
    a, gamma, ms = s.init_value, s.gamma, s.milestones
    bisect_right = bisect.bisect_right
    return lambda t: a * _pow(gamma, bisect_right(ms, t))


def _fast_exponential(s: exponential) -> Callable[[float], float]:
    a, gamma = s.init_value, s.gamma
    return lambda t: a * _pow(gamma, t)


def _fast_cosine(s: cosine) -> Callable[[float], float]:
    lo, hi, n = s.min_value, s.init_value, s.T_max
    span = hi - lo

    def f(t: float) -> float:
        frac = (n if n < t else t) / n
        value = lo + span * (1 + _cos(_PI * frac)) / 2
        return lo if value < lo else hi if value > hi else value

    return f


def _fast_cosine_restarts(s: cosine_restarts) -> Callable[[float], float]:
    lo, hi, t0 = s.min_value, s.init_value, s.T_0
    span = hi - lo
    if s.T_mult == 1:

        def f(t: float) -> float:
            value = lo + span * (1 + _cos(_PI * (t % t0) / t0)) / 2
            return lo if value < lo else hi if value > hi else value

        return f
    starts, cycles = s._cycles
    bisect_right = bisect.bisect_right

    def g(t: float) -> float:
        start, t_i = cycles[bisect_right(starts, t) - 1]
        value = lo + span * (1 + _cos(_PI * (t - start) / t_i)) / 2
        return lo if value < lo else hi if value > hi else value

    return g


def _fast_linear(s: linear) -> Callable[[float], float]:
    a, fs, n = s.init_value, s.start_factor, s.total_iters
    slope = s.end_factor - fs
    low, high = s._between

    def f(t: float) -> float:
        factor = fs + slope * (n if n < t else t) / n
        return a * (low if factor < low else high if factor > high else factor)

    return f


def _fast_linear_decay(s: linear_decay) -> Callable[[float], float]:
    a, b, n = s.init_value, s.end_value, s.total_steps
    span = b - a

    def f(t: float) -> float:
        if t >= n:
            return b
        ramp = a + span * t / n  # t < n: min(t, n) is t
        return b if ramp < b else a if ramp > a else ramp

    return f


def _fast_polynomial(s: polynomial) -> Callable[[float], float]:
    a, b, n, p = s.init_value, s.end_value, s.total_iters, s.power
    span = a - b

    def f(t: float) -> float:
        value = span * _pow(1.0 - (n if n < t else t) / n, p) + b
        return b if value < b else a if value > a else value

    return f


def _fast_inverse_sqrt(s: inverse_sqrt) -> Callable[[float], float]:
    a, tau = s.init_value, s.timescale
    return lambda t: a * _sqrt(tau / (tau if tau > t else t))


def _fast_constant_factor(s: constant_factor) -> Callable[[float], float]:
    a, n = s.init_value, s.total_iters
    low = a * s.factor
    return lambda t: low if t < n else a


def _fast_multiplicative(s: multiplicative) -> Callable[[float], float]:
    memo, products = s._memo, s._products

    def f(t: float) -> float:
        k = _floor(t)
        table = memo[0]
        return table.item(k) if k < table.size else products(k).item(k)

    return f


def _fast_one_cycle(s: _OneCycle) -> Callable[[float], float]:
    last_steps, rows = s._phases
    bisect_left = bisect.bisect_left
    if s.anneal_strategy == "cos":
        table = tuple((st, e - st, b, (a - b) / 2.0, lo, hi) for st, e, a, b, lo, hi in rows)

        def f(t: float) -> float:
            start, length, b, half, lo, hi = table[bisect_left(last_steps, t)]
            pct = (t - start) / length
            out = b + half * (_cos(_PI * (1.0 if 1.0 < pct else pct)) + 1)
            return lo if out < lo else hi if out > hi else out

        return f
    table = tuple((st, e - st, a, b - a, lo, hi) for st, e, a, b, lo, hi in rows)

    def g(t: float) -> float:
        start, length, a, rise, lo, hi = table[bisect_left(last_steps, t)]
        pct = (t - start) / length
        out = rise * (1.0 if 1.0 < pct else pct) + a
        return lo if out < lo else hi if out > hi else out

    return g


def _fast_wave(s: _Cyclic, lo: float, hi: float, sign: float) -> Callable[[float], float]:
    """``cyclic`` (``sign = 1``: ``lo + span h s``) or its momentum (``-1``: ``hi - span h s``).

    ``a + sign * y`` is ``a + y`` or ``a - y`` exactly (multiplying by 1 or -1 is exact).
    """
    total, ratio = s._sizes
    down, span, mode, gamma = ratio - 1, hi - lo, s.mode, s.gamma
    base = lo if sign > 0 else hi

    if mode == "triangular":  # the scale is 1.0, and y * 1.0 is y

        def f(t: float) -> float:
            pos = t / total
            x = 1.0 + pos - _floor(1 + pos)
            value = base + sign * (span * (x / ratio if x <= ratio else (x - 1) / down))
            return lo if value < lo else hi if value > hi else value

        return f
    if mode == "triangular2":

        def g(t: float) -> float:
            pos = t / total
            cycle = _floor(1 + pos)
            x = 1.0 + pos - cycle
            height = x / ratio if x <= ratio else (x - 1) / down
            value = base + sign * (span * height * _pow(0.5, cycle - 1))
            return lo if value < lo else hi if value > hi else value

        return g

    def h(t: float) -> float:
        pos = t / total
        x = 1.0 + pos - _floor(1 + pos)
        height = x / ratio if x <= ratio else (x - 1) / down
        value = base + sign * (span * height * _pow(gamma, t))
        return lo if value < lo else hi if value > hi else value

    return h


def _fast_warmup(s: warmup) -> Callable[[float], float] | None:
    inner, target = _inner_scalar(s.schedule), s._target
    if inner is None or type(target) is not float:
        return None
    w, a = s.warmup_steps, s.start_value
    rise = target - a
    lo, hi = (target if target < a else a), (target if target > a else a)

    def f(t: float) -> float:
        if t >= w:
            return inner(t)
        ramp = a + rise * (t / w)
        return lo if ramp < lo else hi if ramp > hi else ramp

    return f


def _fast_join(s: join_schedules) -> Callable[[float], float] | None:
    inner = [_inner_scalar(x) for x in s.schedules]
    if None in inner:
        return None
    pieces = tuple(zip((0, *s.boundaries), inner, strict=True))
    boundaries, bisect_right = s.boundaries, bisect.bisect_right

    def f(t: float) -> float:
        start, piece = pieces[bisect_right(boundaries, t)]
        return piece(t - start)

    return f


def _fast_multiply(s: multiply_schedules) -> Callable[[float], float] | None:
    inner = [_inner_scalar(x) for x in s.schedules]
    if None in inner:
        return None
    if len(inner) == 1:
        return inner[0]
    if len(inner) == 2:
        first, second = inner
        return lambda t: first(t) * second(t)
    first, *rest = inner

    def f(t: float) -> float:
        out = first(t)
        for rule in rest:
            out = out * rule(t)
        return out

    return f


_BUILDERS: dict[type, Callable[[Any], Callable[[float], float] | None]] = {
    constant: _fast_constant,
    step_decay: _fast_step_decay,
    multistep: _fast_multistep,
    exponential: _fast_exponential,
    cosine: _fast_cosine,
    cosine_restarts: _fast_cosine_restarts,
    linear: _fast_linear,
    linear_decay: _fast_linear_decay,
    polynomial: _fast_polynomial,
    inverse_sqrt: _fast_inverse_sqrt,
    constant_factor: _fast_constant_factor,
    multiplicative: _fast_multiplicative,
    one_cycle: _fast_one_cycle,
    one_cycle_momentum: _fast_one_cycle,
    cyclic: lambda s: _fast_wave(s, s.base_value, s.max_value, 1.0),
    cyclic_momentum: lambda s: _fast_wave(s, s.base_momentum, s.max_momentum, -1.0),
    warmup: _fast_warmup,
    join_schedules: _fast_join,
    multiply_schedules: _fast_multiply,
}
