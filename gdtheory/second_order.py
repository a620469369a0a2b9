r"""Methods that ask the problem for more than a gradient: Newton's method, line search, L-BFGS.

**The contract extension (the one place it lives).** A gradient method follows the
optimizer contract of [`gdtheory.optimizers`][gdtheory.Optimizer]:
``step(x, g, state) -> (x, state)``. A method that also needs function values, the
Hessian or more gradients inside its step declares them in a class attribute
``needs`` and takes one more argument, the *oracle*::

    needs = ("f", "hess")          # any of "f", "grad", "hess"

    def step(self, x, g, state, oracle): ...

[`minimize`][gdtheory.minimize] sees ``needs``, builds an
[`Oracle`][gdtheory.Oracle] for the problem once (a ``ValueError`` before the first
step if the problem cannot answer, e.g. no Hessian is known), and passes it to every
``step``. The oracle answers ``f(x)``, ``grad(x)``, ``value_and_grad(x)``,
``hess(x)`` and ``hvp(x, v)`` for the full objective at any point, and counts its
calls (``Result.evaluations``). Nothing else changes: ``init``, ``query`` and the
gradient ``g`` at ``query(x, state)`` are as for every optimizer, and an optimizer
without ``needs`` is called exactly as before. The step stays a pure function of
``(x, g, state)`` and the problem, so a test can call it by hand with
``ProblemOracle(problem, needs)``. A method that finds its step size during the
step (a line search) reports it in the state it returns: for an optimizer with
``needs`` the run records ``learning_rate(new_state)``, the step just taken.

The Hessian comes from the problem's ``hess(x)`` method when it has one, and
otherwise from the known structure of gdtheory's problems (see
[`hessian`][gdtheory.hessian]).

Methods here:

* [`Newton`][gdtheory.Newton]: Newton's method, pure or damped (a fixed step,
  Nesterov's $1/(1 + \lambda)$, or a backtracking line search);
* [`ExactLineSearchGD`][gdtheory.ExactLineSearchGD] and
  [`BacktrackingGD`][gdtheory.BacktrackingGD]: gradient descent whose step is
  chosen along $-\nabla f$;
* [`PreconditionedGD`][gdtheory.PreconditionedGD]: $x - \eta P \nabla f$ with a
  fixed preconditioner (gradient only);
* [`LBFGS`][gdtheory.LBFGS]: ``torch.optim.LBFGS``, step for step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np

from ._validation import choice, integer, interval, positive, set_field
from .optimizers import _RATE, _arrays, _Base

__all__ = [
    "BacktrackingGD",
    "BacktrackingGDState",
    "ExactLineSearchGD",
    "ExactLineSearchGDState",
    "Newton",
    "NewtonState",
    "PreconditionedGD",
    "PreconditionedGDState",
    "ProblemOracle",
    "hessian",
]

_NEEDS = ("f", "grad", "hess")


# ------------------------------------------------------------------------- the Hessian


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def hessian(problem: Any, x: object) -> np.ndarray:
    r"""The Hessian $\nabla^2 f(x)$ of ``problem`` at ``x`` (shape ``(..., dim, dim)``).

    The problem's own ``hess(x)`` when it has one; otherwise the closed form for
    gdtheory's problems: $A$ for a [`Quadratic`][gdtheory.Quadratic] (and its
    subclasses), $X^\top X / n$ for [`LinearRegression`][gdtheory.LinearRegression],
    $\frac1n X^\top \operatorname{diag}(\sigma_i(1 - \sigma_i)) X + \lambda I$ with
    $\sigma_i = \sigma(y_i x_i^\top w)$ for
    [`LogisticRegression`][gdtheory.LogisticRegression], and
    $\begin{pmatrix} 2 - 4b(v - u^2) + 8bu^2 & -4bu \\ -4bu & 2b \end{pmatrix}$ for
    [`Rosenbrock`][gdtheory.Rosenbrock].

    Raises:
        ValueError: for a problem with neither (the message names it).

    Examples:
        >>> import gdtheory as gd
        >>> gd.hessian(gd.Rosenbrock(), [1.0, 1.0])
        array([[ 802., -400.],
               [-400.,  200.]])
    """
    from . import problems as P

    own = getattr(problem, "hess", None)
    if callable(own):
        return np.asarray(own(x), dtype=float)
    x = np.asarray(x, dtype=float)
    d = getattr(problem, "dim", None)
    if d is None or x.ndim == 0 or x.shape[-1] != d:
        raise ValueError(f"x must have shape (..., {d}) for {problem!r}, got shape {x.shape}")
    if isinstance(problem, P.Quadratic):
        return np.broadcast_to(problem.A, (*x.shape, d)).copy()
    if isinstance(problem, P.LinearRegression):
        return np.broadcast_to(problem.hessian, (*x.shape, d)).copy()
    if isinstance(problem, P.LogisticRegression):
        s = _sigmoid(problem.y * (x @ problem.X.T))  # (..., n)
        w = s * (1 - s) / problem.n
        return np.einsum("ni,...n,nj->...ij", problem.X, w, problem.X) + problem.l2 * np.eye(d)
    if isinstance(problem, P.Rosenbrock):
        u, v, b = x[..., 0], x[..., 1], problem.b
        h = np.empty((*x.shape, 2))
        h[..., 0, 0] = 2 - 4 * b * (v - u**2) + 8 * b * u**2
        h[..., 0, 1] = h[..., 1, 0] = -4 * b * u
        h[..., 1, 1] = 2 * b
        return h
    raise ValueError(
        f"problem {problem!r} has no hess(x) method and no Hessian known to gdtheory: "
        "give it a method hess(x) returning shape (..., dim, dim)"
    )


class ProblemOracle:
    r"""What the run loop answers for a method with ``needs``: the full objective, counted.

    ``f(x)``, ``grad(x)``, ``value_and_grad(x)``, ``hess(x)`` and ``hvp(x, v)``
    $= \nabla^2 f(x) v$ at any point (a single point gives a Python ``float`` for
    ``f``); ``counts`` holds how many times each was asked for.

    Args:
        problem: the problem.
        needs: what the method declared (any of ``"f"``, ``"grad"``, ``"hess"``); a
            problem that cannot give the Hessian is refused here, before a step.

    Examples:
        >>> import gdtheory as gd
        >>> oracle = gd.ProblemOracle(gd.SeedQuadratic(), needs=("f", "hess"))
        >>> oracle.f([1.0, 2.0]), oracle.hvp([0.0, 0.0], [1.0, 1.0])
        (0.0, array([2., 4.]))
        >>> oracle.counts
        {'f': 1, 'grad': 0, 'hess': 1}
    """

    def __init__(self, problem: Any, needs: tuple[str, ...] | list[str]) -> None:
        needs = tuple(needs)
        for item in needs:
            choice("needs", item, _NEEDS)
        self.problem, self.needs = problem, needs
        self.counts = {"f": 0, "grad": 0, "hess": 0}
        if "hess" in needs:
            x = np.zeros(problem.dim)
            hessian(problem, x)  # raises now if the problem has no Hessian

    def f(self, x: object) -> Any:
        self.counts["f"] += 1
        v = np.asarray(self.problem.f(x), dtype=float)
        return float(v) if v.ndim == 0 else v

    def grad(self, x: object) -> np.ndarray:
        self.counts["grad"] += 1
        return np.asarray(self.problem.grad(x), dtype=float)

    def value_and_grad(self, x: object) -> tuple[Any, np.ndarray]:
        return self.f(x), self.grad(x)

    def hess(self, x: object) -> np.ndarray:
        self.counts["hess"] += 1
        return hessian(self.problem, x)

    def hvp(self, x: object, v: object) -> np.ndarray:
        return np.einsum("...ij,...j->...i", self.hess(x), np.asarray(v, dtype=float))


def _solve(H: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``H^{-1} g`` for stacks of matrices; ``nan`` where ``H`` is singular (the run then
    stops as diverged, as for any non-finite step)."""
    try:
        return np.linalg.solve(H, g[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(g.shape, np.nan)
        for i in np.ndindex(g.shape[:-1]):
            try:
                out[i] = np.linalg.solve(H[i], g[i])
            except np.linalg.LinAlgError:
                pass
        return out


def _backtrack(
    oracle: Any,
    x: np.ndarray,
    d: np.ndarray,
    slope: Any,
    eta0: float,
    c: float,
    rho: float,
    max_backtracks: int,
) -> Any:
    r"""Armijo backtracking: the first $\eta = \eta_0 \rho^k$ with
    $f(x + \eta d) \le f(x) + c \eta \nabla f(x)^\top d$ (per run of a batch)."""
    f0 = oracle.f(x)
    eta = np.full(np.shape(f0), eta0, dtype=float)
    for _ in range(max_backtracks):
        trial = oracle.f(x + eta[..., None] * d)
        bad = ~(trial <= f0 + c * eta * slope)  # a NaN trial is refused too
        if not bad.any():
            break
        eta = np.where(bad, rho * eta, eta)
    return float(eta) if eta.ndim == 0 else eta


def _per_run(value: Any) -> Any:
    """A per-run step (shape ``batch``) broadcast against points ``(..., dim)``."""
    return value if np.ndim(value) == 0 else np.asarray(value)[..., None]


# ------------------------------------------------------------------------------ Newton


class NewtonState(NamedTuple):
    r"""State of [`Newton`][gdtheory.Newton]: step count ``t``, the step size ``eta``
    $= h_t$ of the last step (``nan`` before the first), and the Newton decrement
    ``decrement`` $= \lambda(x_t) = \sqrt{\nabla f^\top [\nabla^2 f]^{-1} \nabla f}$ at
    the last step's start."""

    t: int
    eta: Any
    decrement: Any


@dataclass(frozen=True)
class Newton:
    r"""Newton's method, pure or damped: $x_{t+1} = x_t - h_t [\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$.

    With $\lambda_t = \sqrt{\nabla f(x_t)^\top [\nabla^2 f(x_t)]^{-1} \nabla f(x_t)}$
    the Newton decrement, the step size $h_t$ is, by ``damping``:

    * ``"none"``: $h_t = \eta$ (``lr``; $\eta = 1$ is the pure Newton step, which
      minimizes the second-order Taylor model);
    * ``"decrement"``: $h_t = \eta / (1 + \lambda_t)$, Nesterov's damped Newton
      method for self-concordant functions;
    * ``"backtracking"``: the first $h = \eta \rho^k$ with
      $f(x_t + h \Delta x) \le f(x_t) + c\, h\, \nabla f(x_t)^\top \Delta x$,
      $\Delta x = -[\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$ (Boyd and Vandenberghe's
      Newton's method with backtracking line search, $c \in (0, 1/2)$).

    Near a minimizer with a Lipschitz Hessian and $\nabla^2 f(x^\star) \succeq \mu I$
    the pure step converges quadratically (the number of correct digits doubles per
    step; Nesterov 2004, Thm 1.2.5); far away it may diverge, which the damping
    prevents. A singular Hessian gives a non-finite step, so a run stops there as
    ``"diverged"``. It needs the Hessian: ``needs = ("hess",)`` (and ``"f"`` for
    backtracking), answered by the run loop from the problem (see the module).

    Args:
        lr: $\eta > 0$, the step size (``"none"``), its numerator (``"decrement"``)
            or the first trial step (``"backtracking"``). Default 1.
        damping: ``"none"``, ``"decrement"`` or ``"backtracking"``.
        c: the sufficient-decrease constant of backtracking, in $(0, 1/2)$.
        rho: backtracking's shrink factor, in $(0, 1)$.
        max_backtracks: the most halvings per step (the last trial is taken).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.LogisticRegression(n=200, d=3, l2=0.1, seed=0)
        >>> res = gd.minimize(p, gd.Newton(), p.x0, max_iter=6)
        >>> [f"{e:.0e}" for e in res.grad_norms]  # the exponent doubles: -2, -4, -7, -13
        ['3e-01', '3e-02', '7e-04', '5e-07', '2e-13', '5e-17', '2e-17']

    References:
        Nesterov, Y. (2004). Introductory Lectures on Convex Optimization, §1.2.4
        (Newton's method, Thm 1.2.5) and §4.1.5 (the damped Newton method).
        Boyd, S., Vandenberghe, L. (2004). Convex Optimization, §9.5, Algorithm 9.5.
    """

    lr: Any = 1.0
    damping: str = "none"
    c: float = 0.25
    rho: float = 0.5
    max_backtracks: int = 60

    def __post_init__(self) -> None:
        set_field(self, "lr", positive, arrays=True)
        set_field(self, "damping", choice, ("none", "decrement", "backtracking"))
        set_field(self, "c", interval, 0.0, 0.5, low_open=True, high_open=True)
        set_field(self, "rho", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "max_backtracks", integer, 1)
        if self.damping == "backtracking" and np.ndim(self.lr) != 0:
            raise ValueError(f"lr must be a number with damping='backtracking', got {self.lr!r}")

    @property
    def needs(self) -> tuple[str, ...]:
        """What the step asks the problem for: the Hessian (and ``f`` to backtrack)."""
        return ("f", "hess") if self.damping == "backtracking" else ("hess",)

    def init(self, x: np.ndarray) -> NewtonState:
        return NewtonState(t=0, eta=math.nan, decrement=math.nan)

    def query(self, x: np.ndarray, state: NewtonState) -> np.ndarray:
        return x

    def learning_rate(self, state: NewtonState) -> Any:
        """The step size $h_t$ of the last step (read after it, as for every line search)."""
        return _per_run(state.eta)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: NewtonState, oracle: Any
    ) -> tuple[np.ndarray, NewtonState]:
        x, g = _arrays(x, g)
        newton = _solve(oracle.hess(x), g)  # [H]^{-1} g
        decrement = np.sqrt(np.maximum(np.sum(g * newton, axis=-1), 0.0))
        if self.damping == "none":
            h = self.lr
        elif self.damping == "decrement":
            h = (
                _per_run(self.lr / (1 + decrement))
                if np.ndim(self.lr) == 0
                else (self.lr / (1 + decrement[..., None]))
            )
        else:
            slope = -np.sum(g * newton, axis=-1)
            h = _per_run(
                _backtrack(
                    oracle, x, -newton, slope, self.lr, self.c, self.rho, self.max_backtracks
                )
            )
        eta = h if np.ndim(h) == 0 else np.broadcast_to(h, (*x.shape[:-1], 1))[..., 0]
        if np.ndim(eta) == 0:
            eta = float(eta)
        d = float(decrement) if np.ndim(decrement) == 0 else decrement
        return x - h * newton, NewtonState(state.t + 1, eta, d)


# ------------------------------------------------------------------------- line search


class ExactLineSearchGDState(NamedTuple):
    """State of [`ExactLineSearchGD`][gdtheory.ExactLineSearchGD]: step count ``t``
    and the step ``eta`` the last step took (``nan`` before the first)."""

    t: int
    eta: Any


@dataclass(frozen=True)
class ExactLineSearchGD:
    r"""Steepest descent with exact line search: $x_{t+1} = x_t - \eta_t g_t$,
    $\eta_t = \dfrac{g_t^\top g_t}{g_t^\top \nabla^2 f(x_t)\, g_t}$, $g_t = \nabla f(x_t)$.

    On a quadratic $\tfrac12 (x - x^\star)^\top A (x - x^\star)$ this $\eta_t$ minimizes
    $f(x_t - \eta g_t)$ over $\eta$ exactly, and (Kantorovich's inequality)
    $f(x_{t+1}) - f^\star \le \left(\frac{\kappa - 1}{\kappa + 1}\right)^2
    (f(x_t) - f^\star)$, $\kappa = L/m$, with equality at every step from a start
    $x_0 - x^\star \propto e_{\min}/\lambda_{\min} \pm e_{\max}/\lambda_{\max}$
    (the iterates zig-zag). On other problems it takes the step that minimizes the
    second-order model along $-g_t$ (the Cauchy step), which is exact only for
    quadratics. Needs the Hessian (``needs = ("hess",)``); a zero gradient gives
    $\eta_t = 0$.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> q = gd.Quadratic(np.diag([1.0, 10.0]))
        >>> res = gd.minimize(q, gd.ExactLineSearchGD(), [10.0, 1.0], max_iter=3)
        >>> res.fs[1:] / res.fs[:-1], ((10 - 1) / (10 + 1)) ** 2
        (array([0.66942149, 0.66942149, 0.66942149]), 0.6694214876033059)

    Reference:
        Nocedal, J., Wright, S. J. (2006). Numerical Optimization, 2nd ed., §3.3,
        Thm 3.3 (steepest descent with exact line searches on a strongly convex
        quadratic).
    """

    needs: ClassVar[tuple[str, ...]] = ("hess",)

    def init(self, x: np.ndarray) -> ExactLineSearchGDState:
        return ExactLineSearchGDState(t=0, eta=math.nan)

    def query(self, x: np.ndarray, state: Any) -> np.ndarray:
        return x

    def learning_rate(self, state: ExactLineSearchGDState) -> Any:
        """The step $\\eta_t$ the last step took (read after the step)."""
        return _per_run(state.eta)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: ExactLineSearchGDState, oracle: Any
    ) -> tuple[np.ndarray, ExactLineSearchGDState]:
        x, g = _arrays(x, g)
        gg = np.sum(g * g, axis=-1)
        gHg = np.sum(g * oracle.hvp(x, g), axis=-1)
        eta = np.where(gHg > 0, gg / np.where(gHg > 0, gHg, 1.0), 0.0)
        eta = float(eta) if eta.ndim == 0 else eta
        return x - _per_run(eta) * g, ExactLineSearchGDState(state.t + 1, eta)


class BacktrackingGDState(NamedTuple):
    """State of [`BacktrackingGD`][gdtheory.BacktrackingGD]: step count ``t`` and the
    accepted step ``eta`` of the last step (``nan`` before the first)."""

    t: int
    eta: Any


@dataclass(frozen=True)
class BacktrackingGD:
    r"""Gradient descent with a backtracking (Armijo) line search.

    At each step, try $\eta = \eta_0, \rho \eta_0, \rho^2 \eta_0, \dots$ and accept the
    first with sufficient decrease

    $$ f(x_t - \eta g_t) \le f(x_t) - c\, \eta\, \|g_t\|^2, \qquad
       x_{t+1} = x_t - \eta g_t . $$

    On an $L$-smooth $f$ every $\eta \le 2(1 - c)/L$ passes the test (descent
    lemma), so the accepted step is at least $\min(\eta_0, 2\rho(1 - c)/L)$: the
    method needs no knowledge of $L$ and still gets the rate of a fixed step of that
    size. ``needs = ("f",)``: the trial values come from the problem through the run
    loop's oracle; ``Result.lrs`` records the accepted steps.

    Args:
        lr: $\eta_0 > 0$, the first trial step of every step. Default 1.
        c: sufficient-decrease constant in $(0, 1)$. Default ``1e-4``.
        rho: shrink factor in $(0, 1)$. Default 0.5.
        max_backtracks: the most shrinks per step (the last trial is then taken).

    Examples:
        >>> import gdtheory as gd
        >>> q = gd.Quadratic.with_spectrum(m=1.0, L=10.0, dim=5, seed=0)
        >>> res = gd.minimize(q, gd.BacktrackingGD(lr=1.0, c=0.5, rho=0.5), [1.0] * 5,
        ...                   max_iter=6)
        >>> res.lrs.tolist(), 2 * 0.5 * (1 - 0.5) / q.L  # accepted steps, their lower bound
        ([0.0625, 0.125, 0.125, 0.25, 0.125, 0.5], 0.05)

    References:
        Armijo, L. (1966). Minimization of functions having Lipschitz continuous first
        partial derivatives. Pacific J. Math. 16(1). Boyd, S., Vandenberghe, L.
        (2004). Convex Optimization, §9.2, Algorithm 9.2 (backtracking line search).
    """

    lr: float = 1.0
    c: float = 1e-4
    rho: float = 0.5
    max_backtracks: int = 60

    needs: ClassVar[tuple[str, ...]] = ("f",)

    def __post_init__(self) -> None:
        set_field(self, "lr", positive)
        set_field(self, "c", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "rho", interval, 0.0, 1.0, low_open=True, high_open=True)
        set_field(self, "max_backtracks", integer, 1)

    def init(self, x: np.ndarray) -> BacktrackingGDState:
        return BacktrackingGDState(t=0, eta=math.nan)

    def query(self, x: np.ndarray, state: Any) -> np.ndarray:
        return x

    def learning_rate(self, state: BacktrackingGDState) -> Any:
        """The step the last line search accepted (read after the step)."""
        return _per_run(state.eta)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: BacktrackingGDState, oracle: Any
    ) -> tuple[np.ndarray, BacktrackingGDState]:
        x, g = _arrays(x, g)
        slope = -np.sum(g * g, axis=-1)
        eta = _backtrack(oracle, x, -g, slope, self.lr, self.c, self.rho, self.max_backtracks)
        return x - _per_run(eta) * g, BacktrackingGDState(state.t + 1, eta)


# ---------------------------------------------------------------------- preconditioning


class PreconditionedGDState(NamedTuple):
    """State of [`PreconditionedGD`][gdtheory.PreconditionedGD]: only the step count."""

    t: int


@dataclass(frozen=True)
class PreconditionedGD(_Base):
    r"""Preconditioned gradient descent: $x_{t+1} = x_t - \eta_t P \nabla f(x_t)$.

    $P$ is fixed and symmetric positive definite: a vector is a diagonal
    preconditioner ($P = \operatorname{diag}(p)$), a matrix is used as it is. On a
    quadratic with Hessian $A$ this is gradient descent on $P^{-1/2}$-scaled
    coordinates, whose Hessian is $P^{1/2} A P^{1/2}$: the rate depends on that
    matrix's condition number, not $A$'s. $P = A^{-1}$ with $\eta = 1$ is Newton's
    step; $P = \operatorname{diag}(A)^{-1}$ (Jacobi) fixes an ill-conditioning that
    is aligned with the axes and cannot fix one that is rotated. AdaGrad, RMSProp
    and Adam use a diagonal $P$ built from past gradients.

    Args:
        lr: $\eta$ (a number, an array or a schedule). Default 1.
        P: the preconditioner, shape ``(dim,)`` (diagonal) or ``(dim, dim)``.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> q = gd.Quadratic(np.diag([1.0, 100.0]))
        >>> opt = gd.PreconditionedGD(lr=1.0, P=1 / np.diag(q.A))
        >>> gd.minimize(q, opt, [1.0, 1.0], max_iter=1).x
        array([0., 0.])
    """

    lr: Any = 1.0
    P: Any = None

    _checks = {"lr": _RATE}

    def __post_init__(self) -> None:
        super().__post_init__()
        P = np.array(self.P, dtype=float) if self.P is not None else None
        if P is None or P.ndim not in (1, 2) or (P.ndim == 2 and P.shape[0] != P.shape[1]):
            raise ValueError(f"P must be a vector (diagonal) or a square matrix, got {self.P!r}")
        if not np.all(np.isfinite(P)) or (P.ndim == 1 and np.any(P <= 0)):
            raise ValueError(f"P must be finite (and a diagonal P positive), got {self.P!r}")
        P.setflags(write=False)
        object.__setattr__(self, "P", P)

    def init(self, x: np.ndarray) -> PreconditionedGDState:
        return PreconditionedGDState(t=0)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: PreconditionedGDState
    ) -> tuple[np.ndarray, PreconditionedGDState]:
        x, g = _arrays(x, g)
        Pg = self.P * g if self.P.ndim == 1 else g @ self.P.T
        return x - self.learning_rate(state) * Pg, PreconditionedGDState(state.t + 1)
