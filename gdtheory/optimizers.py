r"""Optimizers: each one a frozen dataclass of hyperparameters with pure ``init``/``step``.

The contract every optimizer follows:

* ``init(x) -> state``: a NamedTuple whose first field is ``t``, the number of
  steps taken (0 at start), and whose other fields carry the paper's symbols.
* ``query(x, state) -> point``: where the gradient must be evaluated (``x`` for
  most methods; the look-ahead point for Nesterov's original form, the
  interpolation $y_t$ for Schedule-Free SGD).
* ``step(x, g, state) -> (x_new, state_new)``: one update; ``g`` is the gradient
  at ``query(x, state)``. Nothing is modified in place: neither ``x``, ``g``
  nor any array of the old state.

A run is therefore::

    state = opt.init(x)
    for _ in range(n):
        x, state = opt.step(x, grad(opt.query(x, state)), state)

Hyperparameters may be numbers, arrays that broadcast against ``x`` (a leading
batch axis sweeps many settings in one run: ``x`` of shape ``(K, d)`` with
``lr`` of shape ``(K, 1)`` runs ``K`` learning rates at once), or schedules
``t -> value`` evaluated at ``state.t`` (0 for the first step). Every
hyperparameter that can sensibly vary over time (learning rates, momentum and
averaging coefficients, weight decay) accepts a schedule; ``eps``, the flags and
initial values are constants (single numbers).

Bad input raises ``ValueError`` naming the argument and its value, eagerly in the
constructor for numbers and arrays (a string, a boolean or ``None`` where a number
is meant is refused there: ``lr must be a positive finite number, got '0.1'``), and
at the step where it is read for a
schedule (a schedule may return 0 for the learning rate, as a warmup does, but not
a negative or non-finite value). ``step`` checks the gradient: a ``g`` whose shape
differs from ``x`` or that holds a NaN or an infinity raises ``ValueError``
naming ``g``, so a non-finite gradient never turns the state into NaN silently;
the old ``x`` and state are untouched and can be used to stop or to retry.

Conventions (which one is implemented where the literature differs) are given in
each class; the numbers of PyTorch's ``torch.optim`` (float64) are reproduced to
1e-10 over 200 steps by the tests for SGD (momentum, Nesterov), Adagrad, RMSprop,
Adadelta, Adam (AMSGrad, L2), AdamW, NAdam, Adamax (each with its ``weight_decay``),
RAdam, Rprop and ASGD. Adafactor and Muon, which read the point as a matrix, are in
``gdtheory.matrix_optimizers``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Literal, NamedTuple, Protocol

import numpy as np

from . import _kernels
from ._validation import (
    Hyper,
    boolean,
    check_gradient,
    choice,
    integer,
    interval,
    nonnegative,
    positive,
    real,
    set_field,
    unit_interval,
)

__all__ = [
    "Optimizer",
    "GD",
    "GDState",
    "SGD",
    "SGDState",
    "Momentum",
    "MomentumState",
    "Nesterov",
    "NesterovState",
    "AdaGrad",
    "AdaGradState",
    "RMSProp",
    "RMSPropState",
    "AdaDelta",
    "AdaDeltaState",
    "Adam",
    "AdamW",
    "AdamState",
    "NAdam",
    "NAdamState",
    "AdaMax",
    "AdaMaxState",
    "RAdam",
    "RAdamState",
    "Rprop",
    "RpropState",
    "ASGD",
    "ASGDState",
    "Lion",
    "LionState",
    "ScheduleFreeSGD",
    "ScheduleFreeState",
]


class Optimizer(Protocol):
    r"""What every optimizer of this module provides (a structural type for annotations).

    ``init(x)`` builds the state, ``query(x, state)`` says where to take the
    gradient, ``step(x, g, state)`` returns the new ``(x, state)``, and
    ``learning_rate(state)`` is the step size $\eta_t$ that ``step`` uses at that
    state (after any decay, warmup or schedule): the one number a run records.
    """

    def init(self, x: np.ndarray) -> Any: ...

    def learning_rate(self, state: Any) -> float | np.ndarray: ...

    def query(self, x: np.ndarray, state: Any) -> np.ndarray: ...

    def step(self, x: np.ndarray, g: np.ndarray, state: Any) -> tuple[np.ndarray, Any]: ...


# --------------------------------------------------------------------------- helpers


# Field checks, in the one vocabulary of ``_validation`` (each returns the coerced value).
# A time-varying hyperparameter is a number, an array (one value per run of a batch) or
# a schedule; a constant (``eps``, decay powers, initial values) is a number.
_RATE = partial(positive, arrays=True, schedules=True)  # lr
_COEF = partial(unit_interval, arrays=True, schedules=True)  # momentum-like, in [0, 1)
_DECAY = partial(nonnegative, arrays=True, schedules=True)  # weight decay >= 0


_OPEN_UNIT = partial(  # Nesterov's beta: 0 would be plain GD
    interval, low=0.0, high=1.0, low_open=True, high_open=True, arrays=True, schedules=True
)


def _choices(*allowed: str) -> Callable[[str, object], str]:
    return partial(choice, choices=allowed)


def _at(name: str, h: Hyper, t: int, check: Callable[..., Any]) -> Any:
    """Value of hyperparameter ``h`` at step ``t``; a schedule's value is checked here."""
    if not callable(h):
        return h  # numbers and arrays were checked by the constructor
    value = h(t)
    try:
        check(name, value, arrays=True)
    except ValueError as err:
        raise ValueError(f"{name} schedule gave an invalid value at t={t}: {err}") from None
    return value


def _lr_at(h: Hyper, t: int, name: str = "lr") -> Any:
    # A schedule may reach 0 (warmup starts there); a constant must be > 0.
    return _at(name, h, t, nonnegative) if callable(h) else h


def _beta_at(name: str, h: Hyper, t: int) -> Any:
    return _at(name, h, t, unit_interval) if callable(h) else h


def _nonzero(h: Any) -> bool:
    """True if the hyperparameter value is not identically zero."""
    if isinstance(h, (int, float)):
        return h != 0
    return bool(np.any(h))


def _l2(weight_decay: Hyper, t: int, x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``g + weight_decay * x`` (PyTorch's coupled L2 term), or ``g`` itself when it is 0."""
    wd = _at("weight_decay", weight_decay, t, nonnegative)
    return g + wd * x if _nonzero(wd) else g


def _arrays(x: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``g`` as arrays; raise ``ValueError`` naming ``g`` if it is unusable."""
    if type(x) is not np.ndarray:
        x = np.asarray(x, dtype=float)
    if type(g) is not np.ndarray:
        g = np.asarray(g, dtype=float)
    if g.shape != x.shape or not _finite_sum(g):
        check_gradient(g, x)  # raises, unless a huge but finite g overflowed the sum
    return x, g


def _finite_sum(g: np.ndarray) -> bool:
    """A cheap sufficient test that every entry of ``g`` is finite.

    A finite sum (of squares) implies finite entries; a NaN or an infinity always
    makes it non-finite, and so may an overflow of huge but finite entries, which
    the caller's exact check then lets through. A few entries are summed in Python
    (cheaper than any call into numpy); small arrays use BLAS ``vdot`` (fastest per
    call, never a numpy warning); large ones numpy's own sum, because a threaded
    BLAS call leaves spinning threads that slow down what follows.
    """
    if g.ndim == 1 and g.size <= _kernels.SMALL:
        return math.isfinite(sum(g.tolist()))
    if g.size <= 8192:
        return math.isfinite(np.vdot(g, g))
    with np.errstate(over="ignore", invalid="ignore"):
        return math.isfinite(g.sum())


def _zeros(x: np.ndarray) -> np.ndarray:
    """A zero array shaped like ``x``: of its dtype if floating, else float64."""
    x = np.asarray(x)
    return np.zeros(x.shape, dtype=x.dtype if np.issubdtype(x.dtype, np.floating) else float)


class _Base:
    """Shared by every optimizer: argument checks and the default ``query``."""

    # field name -> check; __post_init__ stores each field's coerced value.
    _checks: ClassVar[dict[str, Callable[[str, object], Any]]] = {}

    def __post_init__(self) -> None:
        for name, check in self._checks.items():
            set_field(self, name, check)

    def query(self, x: np.ndarray, state: Any) -> np.ndarray:
        """Where the gradient for the next step is taken: ``x`` itself."""
        return x

    def learning_rate(self, state: Any) -> Any:
        r"""The step size $\eta_t$ that ``step`` uses at ``state``: ``lr`` at ``state.t``.

        ``step`` reads its step size from this method, so what a run records is what
        the step used.
        """
        return _lr_at(self.lr, state.t)


# --------------------------------------------------------------------------- GD / SGD


class GDState(NamedTuple):
    """State of plain gradient descent: only the step count."""

    t: int


@dataclass(frozen=True)
class GD(_Base):
    r"""Gradient descent: $x_{t+1} = x_t - \eta_t \nabla f(x_t)$.

    Args:
        lr: learning rate $\eta$ (a number, an array, or a schedule). Default 0.01.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.GD(lr=0.1)
        >>> x = np.array([1.0, -2.0])
        >>> state = opt.init(x)
        >>> x, state = opt.step(x, 2 * x, state)
        >>> x
        array([ 0.8, -1.6])

    Reference:
        Cauchy, A. (1847). Méthode générale pour la résolution des systèmes
        d'équations simultanées.
    """

    lr: Hyper = 0.01

    _checks = {"lr": _RATE}

    def init(self, x: np.ndarray) -> GDState:
        return GDState(t=0)

    def step(self, x: np.ndarray, g: np.ndarray, state: GDState) -> tuple[np.ndarray, GDState]:
        x, g = _arrays(x, g)
        eta = self.learning_rate(state)
        return x - eta * g, GDState(state.t + 1)


class SGDState(NamedTuple):
    """State of [`SGD`][gdtheory.SGD].

    Step count ``t`` and momentum buffer ``b`` (None without momentum).
    """

    t: int
    b: np.ndarray | None


@dataclass(frozen=True)
class SGD(_Base):
    r"""Stochastic gradient descent with PyTorch's options (``torch.optim.SGD``).

    With $\lambda$ = ``weight_decay``, $\mu$ = ``momentum``, $\tau$ = ``dampening``,
    $\eta_t$ = ``lr`` and $b$ the momentum buffer:

    $$
    \begin{aligned}
    \tilde g_t &= g_t + \lambda x_t \\
    b_t &= \begin{cases} \tilde g_t & t = 1 \\
           \mu b_{t-1} + (1-\tau)\tilde g_t & t > 1 \end{cases} \\
    d_t &= \begin{cases} \tilde g_t + \mu b_t & \text{nesterov} \\ b_t & \text{otherwise}
           \end{cases} \\
    x_{t+1} &= x_t - \eta_t d_t
    \end{aligned}
    $$

    Without momentum ($\mu = 0$) this is gradient descent. The buffer starts as the
    first gradient, undamped, exactly as in PyTorch. The same rules under the
    textbook names are [`Momentum`][gdtheory.Momentum] and [`Nesterov`][gdtheory.Nesterov].

    Args:
        lr: learning rate $\eta$ (default 1e-3, as PyTorch).
        momentum: $\mu \in [0, 1)$ (default 0).
        dampening: $\tau \in [0, 1)$ (default 0).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).
        nesterov: use Nesterov momentum (needs $\mu > 0$ and $\tau = 0$).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.SGD(lr=0.1, momentum=0.9)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> for _ in range(2):
        ...     x, s = opt.step(x, np.array([1.0]), s)
        >>> x  # 1 - 0.1*1 - 0.1*(0.9 + 1)
        array([0.71])

    Reference:
        Robbins, H. & Monro, S. (1951). A stochastic approximation method.
        PyTorch ``torch.optim.SGD`` documentation.
    """

    lr: Hyper = 1e-3
    momentum: Hyper = 0.0
    dampening: Hyper = 0.0
    weight_decay: Hyper = 0.0
    nesterov: bool = False

    _checks = {
        "lr": _RATE,
        "momentum": _COEF,
        "dampening": _COEF,
        "weight_decay": _DECAY,
        "nesterov": boolean,
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.nesterov:
            if not callable(self.momentum) and np.any(np.asarray(self.momentum) == 0):
                raise ValueError(f"momentum must be > 0 when nesterov=True, got {self.momentum}")
            if not callable(self.dampening) and _nonzero(self.dampening):
                raise ValueError(f"dampening must be 0 when nesterov=True, got {self.dampening}")

    def _has_momentum(self) -> bool:
        return callable(self.momentum) or _nonzero(self.momentum)

    def init(self, x: np.ndarray) -> SGDState:
        return SGDState(t=0, b=_zeros(x) if self._has_momentum() else None)

    def step(self, x: np.ndarray, g: np.ndarray, state: SGDState) -> tuple[np.ndarray, SGDState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        wd = _at("weight_decay", self.weight_decay, t, nonnegative)
        if _nonzero(wd):
            g = g + wd * x
        if state.b is None:
            return x - lr * g, SGDState(t + 1, None)
        mu = _beta_at("momentum", self.momentum, t)
        if t == 0:
            b = g.copy()  # PyTorch: the buffer starts as the first gradient
        else:
            tau = _beta_at("dampening", self.dampening, t)
            if self.nesterov and _nonzero(tau):
                raise ValueError(f"dampening must be 0 when nesterov=True, got {tau} at t={t}")
            b = mu * state.b + (1 - tau) * g
        d = g + mu * b if self.nesterov else b
        return x - lr * d, SGDState(t + 1, b)


# --------------------------------------------------------------------------- momentum


class MomentumState(NamedTuple):
    """State of [`Momentum`][gdtheory.Momentum]: step count ``t`` and velocity ``v``.

    In the ``"torch"`` convention ``v`` is a running sum of gradients (gradient
    units); in the ``"keras"`` convention it is the displacement of the last step
    (parameter units).
    """

    t: int
    v: np.ndarray


@dataclass(frozen=True)
class Momentum(_Base):
    r"""Momentum, the heavy-ball method, in either of its two common conventions.

    ``convention="torch"`` (default; PyTorch, optax, the lecture notes and the course chapter):

    $$ v_t = \beta v_{t-1} + g_t, \qquad x_{t+1} = x_t - \eta_t v_t $$

    ``convention="keras"`` (Keras, CS231n, the blog tutorial's ``V = mV - a g; W += V``):

    $$ v_t = \beta v_{t-1} - \eta_t g_t, \qquad x_{t+1} = x_t + v_t $$

    with $v_0 = 0$, $g_t$ the gradient at $x_t$, $\eta$ = ``lr`` (the blog tutorial's $a$) and
    $\beta$ = ``beta`` (the blog tutorial's $m$). With a constant learning rate the two give
    identical iterates (the keras velocity is $-\eta$ times the torch one); with a
    schedule they differ: torch scales the whole accumulated velocity by the current
    $\eta_t$, keras multiplies each gradient by the $\eta$ of its own step. The
    torch convention equals ``SGD(momentum=beta)``; ``beta = 0`` is plain GD.

    Args:
        lr: learning rate $\eta$ (default 0.01).
        beta: momentum coefficient $\beta \in [0, 1)$ (default 0.9).
        convention: ``"torch"`` or ``"keras"`` (default ``"torch"``).

    Examples:
        The blog tutorial's worked example: gradients 0.5 then -0.3, $m = 0.9$, $a = 1$:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Momentum(lr=1.0, beta=0.9, convention="keras")
        >>> x = np.zeros(1); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([0.5]), s); s.v
        array([-0.5])
        >>> x, s = opt.step(x, np.array([-0.3]), s); s.v
        array([-0.15])

        The same run in the torch convention: the velocity has the other sign and
        the iterates are the same.

        >>> opt = gd.Momentum(lr=1.0, beta=0.9)
        >>> y = np.zeros(1); s = opt.init(y)
        >>> y, s = opt.step(y, np.array([0.5]), s)
        >>> y, s = opt.step(y, np.array([-0.3]), s)
        >>> s.v, bool(np.allclose(x, y))
        (array([0.15]), True)

    Reference:
        Polyak, B. T. (1964). Some methods of speeding up the convergence of
        iteration methods. Sutskever, I., Martens, J., Dahl, G. & Hinton, G. (2013).
        On the importance of initialization and momentum in deep learning. ICML.
    """

    lr: Hyper = 0.01
    beta: Hyper = 0.9
    convention: Literal["torch", "keras"] = "torch"

    _checks = {
        "lr": _RATE,
        "beta": _COEF,
        "convention": _choices("torch", "keras"),
    }

    def init(self, x: np.ndarray) -> MomentumState:
        return MomentumState(t=0, v=_zeros(x))

    def step(
        self, x: np.ndarray, g: np.ndarray, state: MomentumState
    ) -> tuple[np.ndarray, MomentumState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        beta = _beta_at("beta", self.beta, t)
        if self.convention == "torch":
            v = beta * state.v + g
            return x - lr * v, MomentumState(t + 1, v)
        v = beta * state.v - lr * g
        return x + v, MomentumState(t + 1, v)


class NesterovState(NamedTuple):
    """State of [`Nesterov`][gdtheory.Nesterov].

    Step count ``t`` and velocity ``v`` (gradient units).
    """

    t: int
    v: np.ndarray


@dataclass(frozen=True)
class Nesterov(_Base):
    r"""Nesterov accelerated gradient (NAG), in the look-ahead form or PyTorch's form.

    ``form="lookahead"`` (default): the gradient is taken at the point the momentum
    is about to carry the iterate to, $y_t = x_t - \eta_t \beta v_{t-1}$, which
    ``query`` returns:

    $$
    \begin{aligned}
    y_t &= x_t - \eta_t \beta v_{t-1} \\
    v_t &= \beta v_{t-1} + \nabla f(y_t) \\
    x_{t+1} &= x_t - \eta_t v_t
    \end{aligned}
    $$

    This is Sutskever et al.'s (2013) form of Nesterov's method written with the
    torch-convention velocity (theirs is $-\eta v$). The course chapter (§4.2) writes the
    look-ahead as $x_t - \beta v_{t-1}$: with $v$ a sum of gradients, as there, the
    step the momentum actually takes is $\eta\beta v_{t-1}$, so the two agree for
    $\eta = 1$ and the form with $\eta$ is the one implemented.

    ``form="torch"`` (``torch.optim.SGD(nesterov=True)``): the gradient is taken at
    the iterate itself:

    $$ v_t = \beta v_{t-1} + g_t, \qquad x_{t+1} = x_t - \eta_t (g_t + \beta v_t) $$

    The torch form is the look-ahead form after the change of variables
    $x \leftarrow y$: with a constant $\eta$ and $\beta$, its iterates are exactly the
    look-ahead form's query points $y_t$ (a test checks this to rounding). With a
    learning-rate schedule the two are no longer the same algorithm.

    Args:
        lr: learning rate $\eta$ (default 0.01).
        beta: momentum coefficient $\beta \in (0, 1)$ (default 0.9); 0 is refused
            (Nesterov without momentum is plain GD: use [`GD`][gdtheory.GD]).
        form: ``"lookahead"`` or ``"torch"`` (default ``"lookahead"``).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> grad = lambda x: 2 * x                    # f(x) = x^2
        >>> a, b = gd.Nesterov(lr=0.1), gd.Nesterov(lr=0.1, form="torch")
        >>> xa = xb = np.array([1.0]); sa, sb = a.init(xa), b.init(xb)
        >>> for _ in range(5):
        ...     xa, sa = a.step(xa, grad(a.query(xa, sa)), sa)
        ...     xb, sb = b.step(xb, grad(b.query(xb, sb)), sb)
        >>> bool(np.allclose(a.query(xa, sa), xb))   # torch's x is the look-ahead y
        True

    Reference:
        Nesterov, Y. (1983). A method for solving the convex programming problem
        with convergence rate O(1/k^2). Sutskever et al. (2013), ICML, eq. (3)-(4).
    """

    lr: Hyper = 0.01
    beta: Hyper = 0.9
    form: Literal["lookahead", "torch"] = "lookahead"

    _checks = {
        "lr": _RATE,
        "beta": _OPEN_UNIT,
        "form": _choices("lookahead", "torch"),
    }

    def init(self, x: np.ndarray) -> NesterovState:
        return NesterovState(t=0, v=_zeros(x))

    def query(self, x: np.ndarray, state: NesterovState) -> np.ndarray:
        """The look-ahead point $x_t - \\eta_t\\beta v_{t-1}$ (``x`` in the torch form)."""
        if self.form == "torch" or state.t == 0:
            return x
        lr = self.learning_rate(state)
        beta = _beta_at("beta", self.beta, state.t)
        return x - lr * beta * state.v

    def step(
        self, x: np.ndarray, g: np.ndarray, state: NesterovState
    ) -> tuple[np.ndarray, NesterovState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        beta = _beta_at("beta", self.beta, t)
        if fast := _kernels.nesterov(x, g, state, lr, beta, self.form == "torch"):  # a few entries
            return fast
        v = beta * state.v + g
        if self.form == "torch":
            return x - lr * (g + beta * v), NesterovState(t + 1, v)
        return x - lr * v, NesterovState(t + 1, v)


# --------------------------------------------------------------------------- adaptive


class AdaGradState(NamedTuple):
    """State of [`AdaGrad`][gdtheory.AdaGrad].

    Step count ``t`` and sum of squared gradients ``G``.
    """

    t: int
    G: np.ndarray


@dataclass(frozen=True)
class AdaGrad(_Base):
    r"""AdaGrad: per-coordinate steps scaled by the root of the summed squared gradients.

    $$
    \begin{aligned}
    \tilde g_t &= g_t + \lambda x_t \\
    G_t &= G_{t-1} + \tilde g_t \odot \tilde g_t, \qquad G_0 = G_{\text{init}} \\
    \tilde\eta_t &= \frac{\eta_t}{1 + (t-1)\,\delta} \\
    x_{t+1} &= x_t - \tilde\eta_t \, \frac{\tilde g_t}{\sqrt{G_t} + \epsilon}
    \end{aligned}
    $$

    Conventions: $\epsilon$ outside the square root, as PyTorch (default
    ``eps_inside_sqrt=False``); the blog tutorial and the course chapter write
    $\sqrt{G_t + \epsilon}$, offered by ``eps_inside_sqrt=True``. The accumulator starts at
    $G_{\text{init}}$ = ``initial_accumulator_value`` = 0 as in PyTorch and the
    paper (Keras and optax start at 0.1). $\delta$ = ``lr_decay`` is PyTorch's
    learning-rate decay. $\lambda$ = ``weight_decay`` is PyTorch's coupled L2 term: it
    is added to the gradient and so enters $G$.

    Args:
        lr: learning rate $\eta$ (default 0.01, as PyTorch).
        lr_decay: $\delta \ge 0$ (default 0; constant).
        eps: $\epsilon > 0$ (default 1e-10, as PyTorch; constant).
        initial_accumulator_value: $G_{\text{init}} \ge 0$ (default 0; constant).
        eps_inside_sqrt: put $\epsilon$ under the root (default False).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).

    Examples:
        The first step moves every coordinate by about $\eta$, whatever its scale:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.AdaGrad(lr=0.5)
        >>> x = np.array([1.0, 1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([100.0, 0.01]), s)
        >>> x.round(6)
        array([0.5, 0.5])

    Reference:
        Duchi, J., Hazan, E. & Singer, Y. (2011). Adaptive subgradient methods for
        online learning and stochastic optimization. JMLR 12.
    """

    lr: Hyper = 0.01
    lr_decay: float = 0.0
    eps: float = 1e-10
    initial_accumulator_value: float = 0.0
    eps_inside_sqrt: bool = False
    weight_decay: Hyper = 0.0

    _checks = {
        "lr": _RATE,
        "lr_decay": nonnegative,
        "eps": positive,
        "initial_accumulator_value": nonnegative,
        "eps_inside_sqrt": boolean,
        "weight_decay": _DECAY,
    }

    def init(self, x: np.ndarray) -> AdaGradState:
        return AdaGradState(t=0, G=_zeros(x) + self.initial_accumulator_value)

    def learning_rate(self, state: AdaGradState) -> Any:
        r"""The decayed step size $\tilde\eta_t = \eta_t / (1 + t\,\delta)$ ($t$ steps done)."""
        return _lr_at(self.lr, state.t) / (1 + state.t * self.lr_decay)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: AdaGradState
    ) -> tuple[np.ndarray, AdaGradState]:
        x, g = _arrays(x, g)
        t = state.t + 1
        lr = self.learning_rate(state)
        g = _l2(self.weight_decay, state.t, x, g)
        G = state.G + g * g
        denom = np.sqrt(G + self.eps) if self.eps_inside_sqrt else np.sqrt(G) + self.eps
        return x - lr * (g / denom), AdaGradState(t, G)


class RMSPropState(NamedTuple):
    """State of [`RMSProp`][gdtheory.RMSProp].

    ``v``: running mean of squared gradients; ``g_avg``: running mean of gradients
    (None unless centered); ``b``: momentum buffer (None without momentum).
    """

    t: int
    v: np.ndarray
    g_avg: np.ndarray | None
    b: np.ndarray | None


@dataclass(frozen=True)
class RMSProp(_Base):
    r"""RMSProp ("leaky AdaGrad"), with PyTorch's centered and momentum options.

    $$
    \begin{aligned}
    g_t &\leftarrow g_t + \lambda x_t &&\text{(weight decay } \lambda > 0) \\
    v_t &= \alpha v_{t-1} + (1-\alpha)\, g_t \odot g_t \\
    \bar g_t &= \alpha \bar g_{t-1} + (1-\alpha)\, g_t
        &&\text{(centered only)} \\
    s_t &= \sqrt{v_t - \bar g_t \odot \bar g_t} + \epsilon
        \quad(\text{or } \sqrt{v_t} + \epsilon \text{ if not centered}) \\
    b_t &= \mu b_{t-1} + g_t / s_t, \qquad x_{t+1} = x_t - \eta_t b_t
        &&\text{(momentum } \mu > 0) \\
    x_{t+1} &= x_t - \eta_t\, g_t / s_t &&\text{(} \mu = 0)
    \end{aligned}
    $$

    All states start at 0. Conventions: $\epsilon$ outside the square root and the
    momentum buffer on the scaled gradient with $\eta$ applied outside it, as
    PyTorch; the course chapter writes $\sqrt{v_t + \epsilon}$ and calls $\alpha$ $\beta$
    (``eps_inside_sqrt=True`` gives that form). In the centered form the variance
    estimate is clamped at 0 before the root (it can only go negative by rounding).
    $\lambda$ = ``weight_decay`` is PyTorch's coupled L2 term, added to the gradient.

    Args:
        lr: learning rate $\eta$ (default 0.01, as PyTorch).
        alpha: smoothing constant $\alpha \in [0, 1)$ (default 0.99).
        eps: $\epsilon > 0$ (default 1e-8; constant).
        momentum: $\mu \in [0, 1)$ (default 0).
        centered: divide by the estimated standard deviation instead of the RMS.
        eps_inside_sqrt: put $\epsilon$ under the root (default False).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.RMSProp(lr=0.01, alpha=0.9)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([3.0]), s)   # v = 0.1*9, step = 0.01*3/sqrt(0.9)
        >>> x.round(6)
        array([0.968377])

    Reference:
        Tieleman, T. & Hinton, G. (2012). Lecture 6.5, RMSprop. COURSERA: Neural
        Networks for Machine Learning. Graves, A. (2013). Generating sequences
        with recurrent neural networks (centered form).
    """

    lr: Hyper = 0.01
    alpha: Hyper = 0.99
    eps: float = 1e-8
    momentum: Hyper = 0.0
    centered: bool = False
    eps_inside_sqrt: bool = False
    weight_decay: Hyper = 0.0

    _checks = {
        "lr": _RATE,
        "alpha": _COEF,
        "eps": positive,
        "momentum": _COEF,
        "centered": boolean,
        "eps_inside_sqrt": boolean,
        "weight_decay": _DECAY,
    }

    def init(self, x: np.ndarray) -> RMSPropState:
        has_momentum = callable(self.momentum) or _nonzero(self.momentum)
        return RMSPropState(
            t=0,
            v=_zeros(x),
            g_avg=_zeros(x) if self.centered else None,
            b=_zeros(x) if has_momentum else None,
        )

    def step(
        self, x: np.ndarray, g: np.ndarray, state: RMSPropState
    ) -> tuple[np.ndarray, RMSPropState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        alpha = _beta_at("alpha", self.alpha, t)
        g = _l2(self.weight_decay, t, x, g)
        if fast := _kernels.rmsprop(self, x, g, state, lr, alpha):  # a few entries: Python floats
            return fast
        v = alpha * state.v + (1 - alpha) * g * g
        g_avg = None
        if self.centered:
            g_avg = alpha * state.g_avg + (1 - alpha) * g
            var = np.maximum(v - g_avg * g_avg, 0.0)
        else:
            var = v
        s = np.sqrt(var + self.eps) if self.eps_inside_sqrt else np.sqrt(var) + self.eps
        if state.b is None:
            return x - lr * (g / s), RMSPropState(t + 1, v, g_avg, None)
        mu = _beta_at("momentum", self.momentum, t)
        b = mu * state.b + g / s
        return x - lr * b, RMSPropState(t + 1, v, g_avg, b)


class AdaDeltaState(NamedTuple):
    """State of [`AdaDelta`][gdtheory.AdaDelta].

    Running means ``v`` of $g^2$ and ``u`` of $\\Delta^2$.
    """

    t: int
    v: np.ndarray
    u: np.ndarray


@dataclass(frozen=True)
class AdaDelta(_Base):
    r"""AdaDelta: RMSProp whose step size is the RMS of the past updates (unit correction).

    $$
    \begin{aligned}
    \tilde g_t &= g_t + \lambda x_t \\
    v_t &= \rho v_{t-1} + (1-\rho)\, \tilde g_t \odot \tilde g_t \\
    \Delta_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} \odot \tilde g_t \\
    u_t &= \rho u_{t-1} + (1-\rho)\, \Delta_t \odot \Delta_t \\
    x_{t+1} &= x_t - \eta_t \Delta_t
    \end{aligned}
    $$

    with $v_0 = u_0 = 0$. Conventions: $\epsilon$ inside both roots, as Zeiler
    (2012) and PyTorch. The paper has no learning rate; PyTorch multiplies the
    update by ``lr`` with default 1.0, which is the paper's method, and so does
    this class (Keras defaults to 0.001, which is not). $\lambda$ = ``weight_decay``
    is PyTorch's coupled L2 term (0 in the paper).

    Args:
        lr: learning rate $\eta$ (default 1.0: the paper's rule).
        rho: decay $\rho \in [0, 1)$ (default 0.9).
        eps: $\epsilon > 0$ (default 1e-6; constant).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.AdaDelta()
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([2.0]), s)   # step sqrt(eps)/sqrt(0.4+eps)*2
        >>> x.round(6)
        array([0.996838])

    Reference:
        Zeiler, M. D. (2012). ADADELTA: An adaptive learning rate method.
        arXiv:1212.5701.
    """

    lr: Hyper = 1.0
    rho: Hyper = 0.9
    eps: float = 1e-6
    weight_decay: Hyper = 0.0

    _checks = {"lr": _RATE, "rho": _COEF, "eps": positive, "weight_decay": _DECAY}

    def init(self, x: np.ndarray) -> AdaDeltaState:
        return AdaDeltaState(t=0, v=_zeros(x), u=_zeros(x))

    def step(
        self, x: np.ndarray, g: np.ndarray, state: AdaDeltaState
    ) -> tuple[np.ndarray, AdaDeltaState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        rho = _beta_at("rho", self.rho, t)
        eps = self.eps
        g = _l2(self.weight_decay, t, x, g)
        if fast := _kernels.adadelta(x, g, state, lr, rho, eps):  # a few entries: Python floats
            return fast
        v = rho * state.v + (1 - rho) * g * g
        delta = np.sqrt(state.u + eps) / np.sqrt(v + eps) * g
        u = rho * state.u + (1 - rho) * delta * delta
        return x - lr * delta, AdaDeltaState(t + 1, v, u)


# --------------------------------------------------------------------------- Adam family


class AdamState(NamedTuple):
    """State of [`Adam`][gdtheory.Adam] and [`AdamW`][gdtheory.AdamW].

    ``m``, ``v``: first and second moment estimates (not bias-corrected);
    ``v_max``: running maximum of ``v`` (None unless ``amsgrad``).
    """

    t: int
    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray | None


@dataclass(frozen=True)
class Adam(_Base):
    r"""Adam, with bias correction switchable off, AMSGrad, and coupled L2 weight decay.

    $$
    \begin{aligned}
    \tilde g_t &= g_t + \lambda x_t \\
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, \tilde g_t \\
    v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, \tilde g_t \odot \tilde g_t \\
    \hat m_t &= \frac{m_t}{1-\beta_1^t}, \qquad
    \hat v_t = \frac{\max(v_1,\dots,v_t)\ \text{(amsgrad) or}\ v_t}{1-\beta_2^t} \\
    x_{t+1} &= x_t - \eta_t\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
    \end{aligned}
    $$

    with $m_0 = v_0 = 0$ and $t$ counted from 1. ``bias_correction=False`` drops
    the two denominators ($\hat m_t = m_t$, $\hat v_t = v_t$). Conventions as
    PyTorch (``torch.optim.Adam``): $\epsilon$ outside the root and added to
    $\sqrt{\hat v_t}$ (the bias-corrected value); AMSGrad keeps the maximum of the
    raw $v_t$ and bias-corrects it; $\lambda$ = ``weight_decay`` is the coupled L2
    penalty ("Adam with L2", ``torch.optim.Adam(weight_decay=)``): it is added to
    the gradient and so passes through the adaptive scaling, which is what
    [`AdamW`][gdtheory.AdamW] avoids.

    ``step`` is the paper's Algorithm 1 line by line. Keras instead adds its
    ``epsilon`` (default 1e-7) to $\sqrt{v_t}$ before the bias correction, which
    differs from this rule only while $\sqrt{v_t}$ is comparable to $\epsilon$. On
    large arrays the same update runs as a cache-blocked kernel (``gdtheory._kernels``,
    equal to these lines to rounding).

    Args:
        lr: learning rate $\eta$ (default 1e-3).
        beta1: $\beta_1 \in [0, 1)$ (default 0.9).
        beta2: $\beta_2 \in [0, 1)$ (default 0.999).
        eps: $\epsilon > 0$ (default 1e-8; constant).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).
        amsgrad: use the AMSGrad maximum (default False).
        bias_correction: divide by $1-\beta^t$ (default True).

    Examples:
        With bias correction the first step has length $\eta$ in every coordinate:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Adam(lr=0.1)
        >>> x = np.array([1.0, 1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([5.0, -0.02]), s)
        >>> x.round(6)
        array([0.9, 1.1])

    Reference:
        Kingma, D. P. & Ba, J. (2015). Adam: A method for stochastic optimization.
        ICLR. Reddi, S. J., Kale, S. & Kumar, S. (2018). On the convergence of Adam
        and beyond. ICLR (AMSGrad).
    """

    lr: Hyper = 1e-3
    beta1: Hyper = 0.9
    beta2: Hyper = 0.999
    eps: float = 1e-8
    weight_decay: Hyper = 0.0
    amsgrad: bool = False
    bias_correction: bool = True

    _decoupled: ClassVar[bool] = False
    _checks = {
        "lr": _RATE,
        "beta1": _COEF,
        "beta2": _COEF,
        "eps": positive,
        "weight_decay": _DECAY,
        "amsgrad": boolean,
        "bias_correction": boolean,
    }

    def init(self, x: np.ndarray) -> AdamState:
        return AdamState(t=0, m=_zeros(x), v=_zeros(x), v_max=_zeros(x) if self.amsgrad else None)

    def step(self, x: np.ndarray, g: np.ndarray, state: AdamState) -> tuple[np.ndarray, AdamState]:
        x, g = _arrays(x, g)
        t = state.t + 1
        lr = self.learning_rate(state)
        beta1 = _beta_at("beta1", self.beta1, state.t)
        beta2 = _beta_at("beta2", self.beta2, state.t)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        if _nonzero(wd) and not self._decoupled:
            g = g + wd * x  # L2 penalty: its gradient is scaled like the loss's
        if fast := _kernels.adam(self, x, g, state, lr, beta1, beta2):  # tiny or large arrays
            return fast
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g**2
        v_max = np.maximum(state.v_max, v) if self.amsgrad else None
        bc1, bc2 = (1 - beta1**t, 1 - beta2**t) if self.bias_correction else (1.0, 1.0)
        m_hat = m / bc1
        v_hat = (v_max if self.amsgrad else v) / bc2
        return x - lr * m_hat / (np.sqrt(v_hat) + self.eps), AdamState(t, m, v, v_max)


@dataclass(frozen=True)
class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay, as ``torch.optim.AdamW``.

    $$
    \begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
    v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t \odot g_t \\
    x_{t+1} &= (1 - \eta_t \lambda)\, x_t - \eta_t\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
    \end{aligned}
    $$

    with $\hat m_t$, $\hat v_t$ (and ``amsgrad``, ``bias_correction``) as in
    [`Adam`][gdtheory.Adam]. The decay acts on $x$ directly and never enters $m$ or $v$.
    Convention: the decay is scaled by the learning rate, $\eta_t\lambda$, as in
    PyTorch and optax; Loshchilov & Hutter's paper multiplies $\lambda$ by the
    schedule multiplier only, not by Adam's $\alpha$, so their $\lambda$ is
    ``weight_decay * lr`` here. With ``weight_decay=0`` AdamW is Adam.

    Args:
        lr: learning rate $\eta$ (default 1e-3).
        beta1: first-moment decay $\beta_1$, as [`Adam`][gdtheory.Adam] (default 0.9).
        beta2: second-moment decay $\beta_2$, as [`Adam`][gdtheory.Adam] (default 0.999).
        eps: $\epsilon$, added outside the square root, as [`Adam`][gdtheory.Adam] (default 1e-8).
        amsgrad: use AMSGrad's running maximum of $v$, as [`Adam`][gdtheory.Adam].
        bias_correction: divide the moments by $1 - \beta^t$, as [`Adam`][gdtheory.Adam].
        weight_decay: decoupled decay $\lambda \ge 0$ (default 0.01, as PyTorch).

    Examples:
        With a zero gradient only the decay acts: $x \leftarrow (1-\eta\lambda) x$.

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.AdamW(lr=0.1, weight_decay=0.5)
        >>> x = np.array([2.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.zeros(1), s)
        >>> x
        array([1.9])

    Reference:
        Loshchilov, I. & Hutter, F. (2019). Decoupled weight decay regularization.
        ICLR.
    """

    weight_decay: Hyper = 1e-2

    _decoupled: ClassVar[bool] = True  # Adam.step then adds no L2 term to g

    def step(self, x: np.ndarray, g: np.ndarray, state: AdamState) -> tuple[np.ndarray, AdamState]:
        x, g = _arrays(x, g)
        lr = self.learning_rate(state)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        if fast := _kernels.adamw(self, x, g, state, lr, wd):  # a few entries: Python floats
            return fast
        if _nonzero(wd):
            x = x * (1 - lr * wd)  # the decoupled decay: it shrinks x, never enters m or v
        return super().step(x, g, state)


class NAdamState(NamedTuple):
    """State of [`NAdam`][gdtheory.NAdam].

    Moments ``m``, ``v``; ``mu_product`` $= \\prod_{i\\le t}\\mu_i$.
    """

    t: int
    m: np.ndarray
    v: np.ndarray
    mu_product: Any


@dataclass(frozen=True)
class NAdam(_Base):
    r"""NAdam: Adam with Nesterov momentum, as ``torch.optim.NAdam``.

    With $\psi$ = ``momentum_decay`` and $t$ counted from 1:

    $$
    \begin{aligned}
    g_t &\leftarrow g_t + \lambda x_t \quad\text{or}\quad
        x_t \leftarrow (1 - \eta_t\lambda)\, x_t \ \text{(decoupled)} \\
    \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{t\psi}\right), \qquad
    \Pi_t = \prod_{i=1}^{t} \mu_i \\
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
    v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t \odot g_t \\
    d_t &= \sqrt{v_t / (1-\beta_2^t)} + \epsilon \\
    x_{t+1} &= x_t - \eta_t \frac{1-\mu_t}{1-\Pi_t} \frac{g_t}{d_t}
        - \eta_t \frac{\mu_{t+1}}{1-\Pi_{t+1}} \frac{m_t}{d_t}
    \end{aligned}
    $$

    Convention: PyTorch's, which follows Dozat's momentum schedule $\mu_t$
    (the warming momentum of Sutskever et al. with $\psi = 1/250$); $\epsilon$
    outside the root. $\lambda$ = ``weight_decay`` is added to the gradient (L2, as
    [`Adam`][gdtheory.Adam]) or, with ``decoupled_weight_decay=True``, shrinks $x$
    before the step, as [`AdamW`][gdtheory.AdamW] ("NAdamW"), both as PyTorch.

    Args:
        lr: learning rate $\eta$ (default 2e-3, as PyTorch).
        beta1: $\beta_1 \in [0, 1)$ (default 0.9).
        beta2: $\beta_2 \in [0, 1)$ (default 0.999).
        eps: $\epsilon > 0$ (default 1e-8; constant).
        momentum_decay: $\psi \ge 0$ (default 4e-3; constant).
        weight_decay: $\lambda \ge 0$ (default 0).
        decoupled_weight_decay: decay $x$ directly instead of adding $\lambda x$ to
            the gradient (default False).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.NAdam(lr=0.01)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([1.0]), s)
        >>> x.round(6)
        array([0.989435])

    Reference:
        Dozat, T. (2016). Incorporating Nesterov momentum into Adam. ICLR workshop.
    """

    lr: Hyper = 2e-3
    beta1: Hyper = 0.9
    beta2: Hyper = 0.999
    eps: float = 1e-8
    momentum_decay: float = 4e-3
    weight_decay: Hyper = 0.0
    decoupled_weight_decay: bool = False

    _checks = {
        "lr": _RATE,
        "beta1": _COEF,
        "beta2": _COEF,
        "eps": positive,
        "momentum_decay": nonnegative,
        "weight_decay": _DECAY,
        "decoupled_weight_decay": boolean,
    }

    def init(self, x: np.ndarray) -> NAdamState:
        return NAdamState(t=0, m=_zeros(x), v=_zeros(x), mu_product=1.0)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: NAdamState
    ) -> tuple[np.ndarray, NAdamState]:
        x, g = _arrays(x, g)
        t = state.t + 1
        lr = self.learning_rate(state)
        beta1 = _beta_at("beta1", self.beta1, state.t)
        beta2 = _beta_at("beta2", self.beta2, state.t)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        if _nonzero(wd) and self.decoupled_weight_decay:
            x = x * (1 - lr * wd)  # decoupled, as AdamW: never enters m or v
        elif _nonzero(wd):
            g = g + wd * x  # L2: passes through the adaptive scaling
        psi = self.momentum_decay
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        mu_product = state.mu_product * mu
        mu_product_next = mu_product * mu_next
        a = lr * (1.0 - mu) / (1.0 - mu_product)  # the weight of g_t / d_t
        b = lr * mu_next / (1.0 - mu_product_next)  # the weight of m_t / d_t
        if fast := _kernels.nadam(x, g, state, beta1, beta2, self.eps, a, b):  # a few entries
            return fast[0], NAdamState(t, fast[1], fast[2], mu_product)
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g * g
        d = np.sqrt(v / (1 - beta2**t)) + self.eps
        return x - a * (g / d) - b * (m / d), NAdamState(t, m, v, mu_product)


class AdaMaxState(NamedTuple):
    """State of [`AdaMax`][gdtheory.AdaMax].

    First moment ``m``, exponentially weighted infinity norm ``u``.
    """

    t: int
    m: np.ndarray
    u: np.ndarray


@dataclass(frozen=True)
class AdaMax(_Base):
    r"""AdaMax: Adam with the infinity norm in place of the second moment.

    $$
    \begin{aligned}
    \tilde g_t &= g_t + \lambda x_t \\
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, \tilde g_t \\
    u_t &= \max\!\left(\beta_2 u_{t-1},\ |\tilde g_t| + \epsilon\right) \\
    x_{t+1} &= x_t - \frac{\eta_t}{1-\beta_1^t}\, \frac{m_t}{u_t}
    \end{aligned}
    $$

    Convention: PyTorch's (``torch.optim.Adamax``), which adds $\epsilon$ inside the
    maximum; the paper has $\max(\beta_2 u_{t-1}, |g_t|)$ with no $\epsilon$.
    $\lambda$ = ``weight_decay`` is PyTorch's coupled L2 term (0 in the paper).

    Args:
        lr: learning rate $\eta$ (default 2e-3, as PyTorch and the paper).
        beta1: $\beta_1 \in [0, 1)$ (default 0.9).
        beta2: $\beta_2 \in [0, 1)$ (default 0.999).
        eps: $\epsilon > 0$ (default 1e-8; constant).
        weight_decay: coupled L2 coefficient $\lambda \ge 0$ (default 0).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.AdaMax(lr=0.1)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([4.0]), s)
        >>> x.round(6)
        array([0.9])

    Reference:
        Kingma, D. P. & Ba, J. (2015). Adam: A method for stochastic optimization.
        ICLR, section 7.1.
    """

    lr: Hyper = 2e-3
    beta1: Hyper = 0.9
    beta2: Hyper = 0.999
    eps: float = 1e-8
    weight_decay: Hyper = 0.0

    _checks = {
        "lr": _RATE,
        "beta1": _COEF,
        "beta2": _COEF,
        "eps": positive,
        "weight_decay": _DECAY,
    }

    def init(self, x: np.ndarray) -> AdaMaxState:
        return AdaMaxState(t=0, m=_zeros(x), u=_zeros(x))

    def step(
        self, x: np.ndarray, g: np.ndarray, state: AdaMaxState
    ) -> tuple[np.ndarray, AdaMaxState]:
        x, g = _arrays(x, g)
        t = state.t + 1
        lr = self.learning_rate(state)
        beta1 = _beta_at("beta1", self.beta1, state.t)
        beta2 = _beta_at("beta2", self.beta2, state.t)
        g = _l2(self.weight_decay, state.t, x, g)
        if fast := _kernels.adamax(x, g, state, lr, beta1, beta2, self.eps):  # a few entries
            return fast
        m = beta1 * state.m + (1 - beta1) * g
        u = np.maximum(beta2 * state.u, np.abs(g) + self.eps)
        return x - (lr / (1 - beta1**t)) * (m / u), AdaMaxState(t, m, u)


class RAdamState(NamedTuple):
    """State of [`RAdam`][gdtheory.RAdam]: moments ``m``, ``v`` (not bias-corrected)."""

    t: int
    m: np.ndarray
    v: np.ndarray


def _rectification(beta2: Any, t: int) -> tuple[Any, Any]:
    r"""$(\rho_t, r_t)$ of RAdam; $r_t = 0$ where the variance is not tractable ($\rho_t \le 5$)."""
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    if isinstance(rho_t, float):  # one run: plain Python
        if rho_t <= 5:
            return rho_t, 0.0
        return rho_t, (
            (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
        ) ** 0.5
    tractable = rho_t > 5
    if not np.any(tractable):
        return rho_t, 0.0 * rho_t
    rho = np.where(tractable, rho_t, 6.0)  # any value > 5 where r_t is not used
    inf = np.where(tractable, rho_inf, 7.0)
    r = ((rho - 4) * (rho - 2) * inf / ((inf - 4) * (inf - 2) * rho)) ** 0.5
    return rho_t, np.where(tractable, r, 0.0) if np.ndim(r) else r


@dataclass(frozen=True)
class RAdam(_Base):
    r"""RAdam (Rectified Adam): Adam whose adaptive step is switched on as its variance settles.

    With $\rho_\infty = 2/(1-\beta_2) - 1$ and $t$ counted from 1:

    $$
    \begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad
    v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t \odot g_t, \qquad
    \hat m_t = \frac{m_t}{1-\beta_1^t} \\
    \rho_t &= \rho_\infty - \frac{2 t \beta_2^t}{1-\beta_2^t} \\
    x_{t+1} &= \begin{cases}
        x_t - \eta_t\, r_t\, \hat m_t\, \dfrac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \epsilon},
        \quad r_t = \sqrt{\dfrac{(\rho_t-4)(\rho_t-2)\,\rho_\infty}
        {(\rho_\infty-4)(\rho_\infty-2)\,\rho_t}} & \rho_t > 5 \\
        x_t - \eta_t\, \hat m_t & \text{otherwise (momentum SGD)}
    \end{cases}
    \end{aligned}
    $$

    $\rho_t$ estimates how many squared gradients the average $v_t$ really holds;
    while it is small the adaptive denominator is too noisy to trust, and RAdam takes
    plain momentum steps: a warmup built into the rule (with the default
    $\beta_2 = 0.999$, the first 5 steps). $r_t$ rises towards 1, and RAdam becomes
    Adam.

    Conventions: PyTorch's (``torch.optim.RAdam``): the threshold is $\rho_t > 5$
    (the paper's Algorithm 2 switches at $\rho_t > 4$, where $r_t$ is defined) and
    $\epsilon$ is added to $\sqrt{v_t}$ before the bias correction. $\lambda$ =
    ``weight_decay`` is added to the gradient (L2), or, with
    ``decoupled_weight_decay=True``, shrinks $x$ by $1 - \eta_t\lambda$ first, as
    [`AdamW`][gdtheory.AdamW].

    Args:
        lr: learning rate $\eta$ (default 1e-3).
        beta1: $\beta_1 \in [0, 1)$ (default 0.9).
        beta2: $\beta_2 \in [0, 1)$ (default 0.999).
        eps: $\epsilon > 0$ (default 1e-8; constant).
        weight_decay: $\lambda \ge 0$ (default 0).
        decoupled_weight_decay: decay $x$ directly (default False).

    Examples:
        The first steps are momentum steps of length $\eta\,|\hat m_t|$: with a steady
        gradient $\hat m_t = g$.

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.RAdam(lr=0.1)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([2.0]), s)
        >>> x
        array([0.8])

    Reference:
        Liu, L., Jiang, H., He, P., Chen, W., Liu, X., Gao, J. & Han, J. (2020). On the
        variance of the adaptive learning rate and beyond. ICLR. arXiv:1908.03265,
        Algorithm 2. Checked: the update and the threshold $\rho_t > 4$ against
        secondary sources found with the search tool (the Papers with Code method page
        and a library's documentation citing Algorithm 2), not against the paper's
        own text; PyTorch's $\rho_t > 5$ against its source (torch 2.13).
    """

    lr: Hyper = 1e-3
    beta1: Hyper = 0.9
    beta2: Hyper = 0.999
    eps: float = 1e-8
    weight_decay: Hyper = 0.0
    decoupled_weight_decay: bool = False

    _checks = {
        "lr": _RATE,
        "beta1": _COEF,
        "beta2": _COEF,
        "eps": positive,
        "weight_decay": _DECAY,
        "decoupled_weight_decay": boolean,
    }

    def init(self, x: np.ndarray) -> RAdamState:
        return RAdamState(t=0, m=_zeros(x), v=_zeros(x))

    def step(
        self, x: np.ndarray, g: np.ndarray, state: RAdamState
    ) -> tuple[np.ndarray, RAdamState]:
        x, g = _arrays(x, g)
        t = state.t + 1
        lr = self.learning_rate(state)
        beta1 = _beta_at("beta1", self.beta1, state.t)
        beta2 = _beta_at("beta2", self.beta2, state.t)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        if _nonzero(wd) and self.decoupled_weight_decay:
            x = x * (1 - lr * wd)
        elif _nonzero(wd):
            g = g + wd * x
        _, r = _rectification(beta2, t)
        if fast := _kernels.radam(x, g, state, lr, beta1, beta2, self.eps, r):  # a few entries
            return fast
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        adaptive = np.sqrt(1 - beta2**t) / (np.sqrt(v) + self.eps) * r  # l_t r_t
        scale = np.where(np.asarray(r) > 0, adaptive, 1.0)  # 1: the momentum step
        return x - m_hat * lr * scale, RAdamState(t, m, v)


# --------------------------------------------------------------------------- sign and averaging


def _pair(first: Callable[..., Any], second: Callable[..., Any]) -> Callable[[str, object], Any]:
    """A check for a pair ``(a, b)``: each entry checked as ``name[0]``, ``name[1]``."""

    def check(name: str, value: object) -> tuple[float, float]:
        if not isinstance(value, tuple | list) or len(value) != 2:
            raise ValueError(f"{name} must be a pair of numbers, got {value!r}")
        return (first(f"{name}[0]", value[0]), second(f"{name}[1]", value[1]))

    return check


class RpropState(NamedTuple):
    r"""State of [`Rprop`][gdtheory.Rprop].

    ``g_prev``: the previous gradient as the rule kept it (0 where its sign had
    changed); ``delta``: the per-coordinate step sizes $\Delta$.
    """

    t: int
    g_prev: np.ndarray
    delta: np.ndarray


@dataclass(frozen=True)
class Rprop(_Base):
    r"""Rprop (resilient backpropagation): a step size per coordinate, grown or cut by sign.

    With $\eta^-, \eta^+$ = ``etas`` and $[\Delta_{\min}, \Delta_{\max}]$ = ``step_sizes``,
    per coordinate:

    $$
    \begin{aligned}
    s_t &= \operatorname{sign}(g_t\, g_{t-1}) \\
    \Delta_t &= \operatorname{clip}\!\left(\Delta_{t-1} \cdot
        \begin{cases} \eta^+ & s_t > 0 \\ \eta^- & s_t < 0 \\ 1 & s_t = 0 \end{cases},
        \ \Delta_{\min},\ \Delta_{\max}\right) \\
    g_t &\leftarrow 0 \quad\text{where } s_t < 0 \\
    x_{t+1} &= x_t - \Delta_t \odot \operatorname{sign}(g_t)
    \end{aligned}
    $$

    with $\Delta_0$ = ``lr`` and $g_0 = 0$. Only the sign of the gradient is used:
    a coordinate whose gradient keeps its sign speeds up by $\eta^+$, one whose sign
    flips (a minimum was jumped over) slows down by $\eta^-$ and does not move at that
    step; the zeroed gradient is what is remembered, so the next step neither grows
    nor cuts. Convention: PyTorch's (``torch.optim.Rprop``), which is Riedmiller &
    Braun's rule without weight backtracking (the variant often called Rprop-).

    ``lr`` is only the initial step size $\Delta_0$ (a number, or an array for a
    batch; not a schedule: PyTorch too reads it once). ``learning_rate(state)``
    reports the step sizes $\Delta_{t-1}$ the state holds, which this step first
    multiplies by $\eta^+$, $\eta^-$ or 1 (it cannot know which before it sees $g_t$).
    Rprop is a full-batch method: with noisy gradients the signs flip at random.

    Args:
        lr: initial step size $\Delta_0 > 0$ (default 0.01).
        etas: $(\eta^-, \eta^+)$ with $0 < \eta^- < 1 < \eta^+$ (default (0.5, 1.2)).
        step_sizes: $(\Delta_{\min}, \Delta_{\max})$ (default (1e-6, 50)).

    Examples:
        Two steps the same way, then a sign change: the step grows by 1.2, then the
        coordinate waits.

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Rprop(lr=0.1)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> for g in (2.0, 3.0, -1.0):
        ...     x, s = opt.step(x, np.array([g]), s)
        ...     print(x.round(6), s.delta.round(6))
        [0.9] [0.1]
        [0.78] [0.12]
        [0.78] [0.06]

    Reference:
        Riedmiller, M. & Braun, H. (1993). A direct adaptive method for faster
        backpropagation learning: the RPROP algorithm. IEEE International Conference
        on Neural Networks, 586-591 (the adaptation rule, eq. (4) there, not checked;
        the rule above was checked against PyTorch's documentation and source with the
        search tool and torch 2.13).
    """

    lr: float | np.ndarray = 1e-2
    etas: tuple[float, float] = (0.5, 1.2)
    step_sizes: tuple[float, float] = (1e-6, 50.0)

    _checks = {
        "lr": partial(positive, arrays=True),
        "etas": _pair(
            partial(interval, low=0.0, high=1.0, low_open=True, high_open=True),
            partial(real, low=1.0, low_open=True),
        ),
        "step_sizes": _pair(nonnegative, positive),
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        low, high = self.step_sizes
        if low > high:
            raise ValueError(
                f"step_sizes must be (min, max) with min <= max, got {self.step_sizes}"
            )

    def init(self, x: np.ndarray) -> RpropState:
        return RpropState(t=0, g_prev=_zeros(x), delta=_zeros(x) + self.lr)

    def learning_rate(self, state: RpropState) -> np.ndarray:
        r"""The per-coordinate step sizes $\Delta_{t-1}$ held in ``state`` (see above)."""
        return state.delta

    def step(
        self, x: np.ndarray, g: np.ndarray, state: RpropState
    ) -> tuple[np.ndarray, RpropState]:
        x, g = _arrays(x, g)
        (eta_minus, eta_plus), (low, high) = self.etas, self.step_sizes
        if fast := _kernels.rprop(x, g, state, eta_minus, eta_plus, low, high):  # a few entries
            return fast
        s = np.sign(g * state.g_prev)
        factor = np.where(s > 0, eta_plus, np.where(s < 0, eta_minus, 1.0))
        delta = np.minimum(np.maximum(state.delta * factor, low), high)  # clip to the bounds
        g = np.where(s < 0, 0.0, g)  # a sign change: wait, and forget this gradient
        return x - np.sign(g) * delta, RpropState(state.t + 1, g, delta)


class ASGDState(NamedTuple):
    r"""State of [`ASGD`][gdtheory.ASGD].

    ``eta``: the step size $\eta_t$ of the next step; ``mu``: the averaging weight
    $\mu_t$; ``ax``: the averaged iterate $\bar x_t$ (the point to report).
    """

    t: int
    eta: Any
    mu: float
    ax: np.ndarray


@dataclass(frozen=True)
class ASGD(_Base):
    r"""Averaged SGD: decaying steps, and the running average of the iterates after $t_0$.

    With $\gamma$ = ``lr``, $\lambda$ = ``lambd``, $\alpha$ = ``alpha``, $\omega$ =
    ``weight_decay`` and $t$ counted from 1:

    $$
    \begin{aligned}
    x_{t+1} &= (1 - \lambda\eta_t)\, x_t - \eta_t \left(g_t + \omega x_t\right) \\
    \bar x_{t+1} &= \bar x_t + \mu_t \left(x_{t+1} - \bar x_t\right)
        \qquad (\bar x_{t+1} = x_{t+1} \text{ while } \mu_t = 1) \\
    \eta_{t+1} &= \frac{\gamma}{(1 + \lambda \gamma t)^{\alpha}}, \qquad
    \mu_{t+1} = \frac{1}{\max(1,\ t - t_0)}
    \end{aligned}
    $$

    with $\eta_1 = \gamma$, $\mu_1 = 1$. The iterates $x_t$ are SGD with the slowly
    decaying step $\eta_t \propto t^{-\alpha}$ (and a small decay $\lambda$ of $x$);
    after step $t_0 + 2$, $\bar x$ is the plain mean of the iterates from $x_{t_0+3}$ on:
    Polyak-Ruppert averaging, which on a strongly convex problem with noisy
    gradients reaches the best rate a step size $t^{-\alpha}$ alone cannot. The
    averaged iterate $\bar x$ is ``state.ax``; ``step`` returns $x$ itself, on
    which the gradient is taken.

    Convention: PyTorch's (``torch.optim.ASGD``), including its default
    $t_0 = 10^6$ (no averaging in a short run) and its timing: $\eta_{t+1}$ is
    computed at step $t$ from the ``lr`` of that step, so a schedule on ``lr``
    acts one step late. ``learning_rate(state)`` is $\eta_t$, read from the state.

    Args:
        lr: $\gamma > 0$ (default 0.01).
        lambd: decay $\lambda \ge 0$ (default 1e-4; constant).
        alpha: step-size power $\alpha \ge 0$ (default 0.75; constant).
        t0: step $t_0 \ge 0$ at which averaging starts (default 1e6; constant).
        weight_decay: coupled L2 coefficient $\omega \ge 0$ (default 0).

    Examples:
        With averaging from the start ($t_0 = 0$) on $f(x) = x^2/2$, $\bar x$ is the
        mean of the iterates:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.ASGD(lr=0.5, lambd=0.0, t0=0)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> for _ in range(3):
        ...     x, s = opt.step(x, x, s)
        >>> x, s.ax                     # iterates 1/2, 1/4, 1/8; mean (1/4 + 1/8) / 2
        (array([0.125]), array([0.1875]))

    Reference:
        Polyak, B. T. & Juditsky, A. B. (1992). Acceleration of stochastic
        approximation by averaging. SIAM J. Control Optim. 30(4), 838-855.
        Checked: the update and the defaults against PyTorch's documentation and
        source (found with the search tool; torch 2.13), not against the paper's
        equation numbers. The $\eta_t$ schedule is Xu's (2011) "Towards optimal one
        pass large scale learning with averaged stochastic gradient descent",
        arXiv:1107.2490, not checked.
    """

    lr: Hyper = 1e-2
    lambd: float = 1e-4
    alpha: float = 0.75
    t0: float = 1e6
    weight_decay: Hyper = 0.0

    _checks = {
        "lr": _RATE,
        "lambd": nonnegative,
        "alpha": nonnegative,
        "t0": nonnegative,
        "weight_decay": _DECAY,
    }

    def init(self, x: np.ndarray) -> ASGDState:
        return ASGDState(t=0, eta=_lr_at(self.lr, 0), mu=1.0, ax=_zeros(x))

    def learning_rate(self, state: ASGDState) -> Any:
        r"""$\eta_t$, the step size the state carries for the next step."""
        return state.eta

    def step(self, x: np.ndarray, g: np.ndarray, state: ASGDState) -> tuple[np.ndarray, ASGDState]:
        x, g = _arrays(x, g)
        t, eta, lam = state.t + 1, self.learning_rate(state), self.lambd
        g = _l2(self.weight_decay, state.t, x, g)
        x_new = x * (1 - lam * eta) - eta * g
        ax = x_new.copy() if state.mu == 1 else state.ax + (x_new - state.ax) * state.mu
        gamma = _lr_at(self.lr, state.t)
        eta_next = gamma / (1 + lam * gamma * t) ** self.alpha
        return x_new, ASGDState(t, eta_next, 1 / max(1, t - self.t0), ax)


# --------------------------------------------------------------------------- modern


class LionState(NamedTuple):
    """State of [`Lion`][gdtheory.Lion]: step count ``t`` and momentum ``m``."""

    t: int
    m: np.ndarray


@dataclass(frozen=True)
class Lion(_Base):
    r"""Lion (EvoLved Sign Momentum): the sign of an interpolated momentum.

    $$
    \begin{aligned}
    c_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
    x_{t+1} &= x_t - \eta_t \left(\operatorname{sign}(c_t) + \lambda x_t\right) \\
    m_t &= \beta_2 m_{t-1} + (1-\beta_2)\, g_t
    \end{aligned}
    $$

    with $m_0 = 0$ and $\operatorname{sign}(0) = 0$. Every coordinate moves by
    exactly $\eta$ (plus the decay), so Lion wants a learning rate 3-10x smaller
    than AdamW's and a correspondingly larger $\lambda$. The decay is decoupled and
    scaled by $\eta$, as in ``torch.optim`` (which the tests compare against; the
    paper's algorithm box was not checked).

    Args:
        lr: learning rate $\eta$ (default 1e-4).
        beta1: interpolation $\beta_1 \in [0, 1)$ (default 0.9).
        beta2: momentum decay $\beta_2 \in [0, 1)$ (default 0.99).
        weight_decay: $\lambda \ge 0$ (default 0).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Lion(lr=0.1)
        >>> x = np.array([1.0, 1.0, 1.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([30.0, -1e-3, 0.0]), s)
        >>> x
        array([0.9, 1.1, 1. ])

    Reference:
        Chen, X., Liang, C., Huang, D., Real, E., et al. (2023). Symbolic discovery
        of optimization algorithms. NeurIPS. arXiv:2302.06675.
    """

    lr: Hyper = 1e-4
    beta1: Hyper = 0.9
    beta2: Hyper = 0.99
    weight_decay: Hyper = 0.0

    _checks = {
        "lr": _RATE,
        "beta1": _COEF,
        "beta2": _COEF,
        "weight_decay": _DECAY,
    }

    def init(self, x: np.ndarray) -> LionState:
        return LionState(t=0, m=_zeros(x))

    def step(self, x: np.ndarray, g: np.ndarray, state: LionState) -> tuple[np.ndarray, LionState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        beta1 = _beta_at("beta1", self.beta1, t)
        beta2 = _beta_at("beta2", self.beta2, t)
        wd = _at("weight_decay", self.weight_decay, t, nonnegative)
        c = beta1 * state.m + (1 - beta1) * g
        update = np.sign(c) + wd * x if _nonzero(wd) else np.sign(c)
        m = beta2 * state.m + (1 - beta2) * g
        return x - lr * update, LionState(t + 1, m)


class ScheduleFreeState(NamedTuple):
    """State of [`ScheduleFreeSGD`][gdtheory.ScheduleFreeSGD].

    ``z``: the SGD sequence; ``weight_sum``: $\\sum_i w_i$ of the averaging weights;
    ``lr_max``: the largest learning rate seen (weights use it).
    """

    t: int
    z: np.ndarray
    weight_sum: Any
    lr_max: Any


@dataclass(frozen=True)
class ScheduleFreeSGD(_Base):
    r"""Schedule-Free SGD: momentum by interpolation, averaging instead of a schedule.

    Three sequences: $z$ takes plain SGD steps, $x$ is a weighted running average
    of the $z$'s, and the gradient is taken at their interpolation $y$:

    $$
    \begin{aligned}
    y_t &= (1-\beta)\, z_t + \beta\, x_t \\
    z_{t+1} &= z_t - \gamma_t \left(\nabla f(y_t) + \lambda y_t\right) \\
    c_{t+1} &= w_t \Big/ \textstyle\sum_{i \le t} w_i, \qquad
        w_t = (t+1)^r\, \gamma_{\max,t}^{\,p} \\
    x_{t+1} &= (1-c_{t+1})\, x_t + c_{t+1}\, z_{t+1}
    \end{aligned}
    $$

    with $z_0 = x_0$, $\gamma_t$ = ``lr`` times a linear warmup
    $\min(1, (t+1)/T_w)$ over ``warmup_steps`` $= T_w$ steps, $\gamma_{\max,t}$ the
    largest $\gamma$ so far, $r$ = ``r`` and $p$ = ``weight_lr_power``. With a constant
    learning rate and $r = 0$, $c_{t+1} = 1/(t+1)$: $x$ is the plain average of the
    $z$ iterates after each step (the first step sets $x = z$), as in the authors'
    reference implementation.

    How to read it: the ``x`` that ``step`` takes and returns is the averaged
    sequence $x_t$ and is the point to evaluate and report (the loss, the distance
    to the minimizer); ``query(x, state)`` returns $y_t$, where the gradient must be
    taken. (PyTorch's reference implementation stores $y$ in the model during
    training and swaps in $x$ on ``optimizer.eval()``.)

    Args:
        lr: learning rate $\gamma$ (default 1.0, as the reference implementation).
        beta: interpolation $\beta \in [0, 1)$ (default 0.9); $\beta = 0$ gives SGD
            with Polyak-Ruppert averaging.
        weight_decay: L2 coefficient $\lambda \ge 0$, applied at $y$ (default 0).
        warmup_steps: linear warmup length $T_w$ (default 0; constant).
        r: polynomial weighting power (default 0; constant).
        weight_lr_power: $p$ (default 2; constant).

    Examples:
        On $f(x) = x^2/2$ with $\beta = 0$ the $z$'s are gradient descent and $x$ is
        their running mean:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.ScheduleFreeSGD(lr=0.5, beta=0.0)
        >>> x = np.array([1.0]); s = opt.init(x)
        >>> for _ in range(3):
        ...     x, s = opt.step(x, opt.query(x, s), s)   # gradient of x^2/2 at y
        >>> s.z, x                                      # z: 1/2, 1/4, 1/8
        (array([0.125]), array([0.29166667]))

    Reference:
        Defazio, A., Yang, X., Mehta, H., Mishchenko, K., Khaled, A. & Cutkosky, A.
        (2024). The road less scheduled. NeurIPS. arXiv:2405.15682.
    """

    lr: Hyper = 1.0
    beta: Hyper = 0.9
    weight_decay: Hyper = 0.0
    warmup_steps: int = 0
    r: float = 0.0
    weight_lr_power: float = 2.0

    _checks = {
        "lr": _RATE,
        "beta": _COEF,
        "weight_decay": _DECAY,
        "warmup_steps": integer,
        "r": nonnegative,
        "weight_lr_power": nonnegative,
    }

    def init(self, x: np.ndarray) -> ScheduleFreeState:
        z = np.array(x, dtype=_zeros(x).dtype)  # a copy: z_0 = x_0
        return ScheduleFreeState(t=0, z=z, weight_sum=0.0, lr_max=0.0)

    def learning_rate(self, state: ScheduleFreeState) -> Any:
        r"""$\gamma_t$: ``lr`` at ``state.t`` times the warmup factor $\min(1, (t+1)/T_w)$."""
        lr = _lr_at(self.lr, state.t)
        if state.t < self.warmup_steps:
            lr = lr * (state.t + 1) / self.warmup_steps
        return lr

    def query(self, x: np.ndarray, state: ScheduleFreeState) -> np.ndarray:
        """The gradient point $y_t = (1-\\beta) z_t + \\beta x_t$ (``x`` itself at ``t = 0``)."""
        if state.t == 0:
            return x
        beta = _beta_at("beta", self.beta, state.t)
        return beta * x + (1 - beta) * state.z

    def step(
        self, x: np.ndarray, g: np.ndarray, state: ScheduleFreeState
    ) -> tuple[np.ndarray, ScheduleFreeState]:
        x, g = _arrays(x, g)
        t = state.t
        lr = self.learning_rate(state)
        wd = _at("weight_decay", self.weight_decay, t, nonnegative)
        if _nonzero(wd):
            g = g + wd * self.query(x, state)
        lr_max = np.maximum(lr, state.lr_max)
        weight = (t + 1) ** self.r * lr_max**self.weight_lr_power
        weight_sum = state.weight_sum + weight
        # c = weight / weight_sum, and 0 while every weight so far is 0 (lr 0 in warmup)
        positive = np.asarray(weight_sum) > 0
        c = np.divide(weight, weight_sum, out=np.zeros(np.shape(weight_sum)), where=positive)
        z = state.z - lr * g
        x_new = x * (1 - c) + c * z
        return x_new, ScheduleFreeState(t + 1, z, weight_sum, lr_max)
