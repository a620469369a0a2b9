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
* [`LBFGS`][gdtheory.LBFGS]: ``torch.optim.LBFGS``, step for step (its line search
  and its re-evaluations inside one step come from the same oracle).
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
    "LBFGS",
    "LBFGSState",
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
        >>> [f"{e:.0e}" for e in res.grad_norms[:5]]  # the exponent doubles: -2, -4, -7, -13
        ['3e-01', '3e-02', '7e-04', '5e-07', '2e-13']
        >>> bool(max(res.grad_norms[5:]) < 1e-15)  # then rounding error
        True

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


# ------------------------------------------------------------------------------ L-BFGS


class LBFGSState(NamedTuple):
    r"""State of [`LBFGS`][gdtheory.LBFGS], in torch's names (``torch.optim.LBFGS.state``).

    ``t`` counts calls of ``step`` (one call runs up to ``max_iter`` iterations);
    ``n_iter`` and ``func_evals`` are torch's running totals of iterations and of
    function evaluations; ``d`` the last direction and ``eta`` its step size (torch's
    ``t``; ``nan`` before the first); ``old_dirs``, ``old_stps`` and ``ro`` the pairs
    $y_i = g_{i+1} - g_i$, $s_i = x_{i+1} - x_i$ and $\rho_i = 1/(y_i^\top s_i)$ of the
    history (oldest first); ``H_diag`` $= \gamma = s^\top y / y^\top y$ of the newest
    pair, the scale of the initial inverse Hessian; ``prev_flat_grad`` and
    ``prev_loss`` the gradient and loss where the last iteration started.
    """

    t: int
    n_iter: int
    func_evals: int
    d: np.ndarray | None
    eta: float
    old_dirs: tuple
    old_stps: tuple
    ro: tuple
    H_diag: float
    prev_flat_grad: np.ndarray | None
    prev_loss: float | None


def _cubic_interpolate(
    x1: float, f1: float, g1: float, x2: float, f2: float, g2: float, bounds: tuple | None = None
) -> float:
    """The minimizer of the cubic through two points with their slopes, clipped to ``bounds``
    (torch's ``_cubic_interpolate``, Nocedal & Wright eq. 3.59)."""
    lo, hi = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, lo), hi)
    return (lo + hi) / 2.0


def _strong_wolfe(
    oracle: Any,
    x: np.ndarray,
    t: float,
    d: np.ndarray,
    f: float,
    g: np.ndarray,
    gtd: float,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
) -> tuple[float, np.ndarray, float, int]:
    r"""A step $t$ along $d$ with the strong Wolfe conditions $f(x + td) \le f + c_1 t
    g^\top d$, $|\nabla f(x + td)^\top d| \le c_2 |g^\top d|$: bracketing, then zoom by
    cubic interpolation (Nocedal & Wright, Algorithms 3.5 and 3.6, as torch codes them).
    Returns the loss, gradient and step accepted, and the number of evaluations."""
    d_norm = float(np.max(np.abs(d)))
    f_new, g_new = oracle.value_and_grad(x + t * d)
    ls_func_evals = 1
    gtd_new = float(g_new @ d)
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket, bracket_f, bracket_g, bracket_gtd = [], [], [], []
    while ls_iter < max_ls:  # bracketing phase
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)  # interpolate, extrapolating at most 10x
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, (min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = oracle.value_and_grad(x + t * d)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1
    if ls_iter == max_ls:  # reached the most evaluations
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]
        bracket_gtd = [gtd, gtd_new]
    insuf_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:  # zoom phase
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(
            bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]
        )
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:  # too close to an end
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = oracle.value_and_grad(x + t * d)
        ls_func_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high], bracket_g[high] = t, f_new, g_new
            bracket_gtd[high] = gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_g[low] = t, f_new, g_new
            bracket_gtd[low] = gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], ls_func_evals


@dataclass(frozen=True)
class LBFGS:
    r"""L-BFGS, as ``torch.optim.LBFGS`` runs it: one ``step`` is one ``opt.step(closure)``.

    Each iteration takes the direction $d_k = -H_k g_k$, where $H_k$ is the inverse
    Hessian estimate built from the last ``history_size`` pairs
    $s_i = x_{i+1} - x_i$, $y_i = g_{i+1} - g_i$ (kept only when $y_i^\top s_i > 10^{-10}$)
    by the two-loop recursion, starting from $H^0 = \gamma I$,
    $\gamma = s^\top y / y^\top y$ of the newest pair:

    $$
    \begin{aligned}
    q &\leftarrow -g_k; \quad \alpha_i = \rho_i s_i^\top q,\; q \leftarrow q - \alpha_i y_i
       \quad (i = k-1, \dots, k-m) \\
    r &\leftarrow \gamma q; \quad \beta_i = \rho_i y_i^\top r,\;
       r \leftarrow r + (\alpha_i - \beta_i) s_i \quad (i = k-m, \dots, k-1) \\
    x_{k+1} &= x_k + \eta_k d_k, \quad d_k = r, \quad \rho_i = 1/(y_i^\top s_i)
    \end{aligned}
    $$

    with $\eta_k$ = ``lr`` (the very first iteration: $\min(1, 1/\|g_0\|_1)\,$``lr``),
    or, with ``line_search_fn="strong_wolfe"``, a step from ``lr`` satisfying the strong
    Wolfe conditions ($c_1 = 10^{-4}$, $c_2 = 0.9$). One ``step`` runs iterations until
    ``max_iter`` of them, ``max_eval`` evaluations of the function, $\max_i |g_i| \le$
    ``tolerance_grad``, a step or a change of the loss below ``tolerance_change``, or a
    direction that is not a descent ($g^\top d > -$``tolerance_change``), as torch counts
    them; a ``step`` that starts at $\max_i |g_i| \le$ ``tolerance_grad`` does nothing.

    The evaluations inside a step come from the run loop's oracle
    (``needs = ("f", "grad")``); the gradient ``g`` the loop passes is torch's first
    closure call. The tests hold it equal to torch in float64 to 1e-10 over 200 steps.
    Single runs only (a batch of runs raises ``ValueError``): each run's line search
    takes a different number of evaluations.

    Args:
        lr: the step size (the first trial of the line search). Default 1.
        max_iter: iterations per ``step``. Default 20.
        max_eval: evaluations per ``step``; default ``max_iter * 5 // 4``, as torch.
        tolerance_grad: first-order optimality tolerance. Default ``1e-7``.
        tolerance_change: tolerance on the step and on the loss change. Default ``1e-9``.
        history_size: the number of pairs kept. Default 100.
        line_search_fn: ``None`` or ``"strong_wolfe"``.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.Rosenbrock()
        >>> res = gd.minimize(p, gd.LBFGS(line_search_fn="strong_wolfe"), p.x0, max_iter=3)
        >>> res.fs  # one step is up to 20 iterations: two steps solve Rosenbrock
        array([2.90000000e+01, 2.29140682e-01, 2.52902017e-10, 2.52902017e-10])
        >>> res.evaluations  # the line search's evaluations, through the oracle
        {'f': 41, 'grad': 38, 'hess': 0}

    References:
        Liu, D. C., Nocedal, J. (1989). On the limited memory BFGS method for large
        scale optimization. Math. Programming 45. Nocedal, J., Wright, S. J. (2006).
        Numerical Optimization, 2nd ed., Algorithm 7.4 (two-loop recursion), §3.5
        (line search). PyTorch's ``torch.optim.LBFGS`` (the conventions followed here).
    """

    lr: float = 1.0
    max_iter: int = 20
    max_eval: int | None = None
    tolerance_grad: float = 1e-7
    tolerance_change: float = 1e-9
    history_size: int = 100
    line_search_fn: str | None = None

    needs: ClassVar[tuple[str, ...]] = ("f", "grad")

    def __post_init__(self) -> None:
        set_field(self, "lr", positive)
        set_field(self, "max_iter", integer, 1)
        if self.max_eval is None:
            object.__setattr__(self, "max_eval", self.max_iter * 5 // 4)
        set_field(self, "max_eval", integer, 1)
        set_field(self, "tolerance_grad", interval, 0.0, math.inf)
        set_field(self, "tolerance_change", interval, 0.0, math.inf)
        set_field(self, "history_size", integer, 1)
        if self.line_search_fn is not None:
            set_field(self, "line_search_fn", choice, ("strong_wolfe",))

    def init(self, x: np.ndarray) -> LBFGSState:
        if np.ndim(x) != 1:
            raise ValueError(
                f"LBFGS runs one point at a time: x must have shape (dim,), got {np.shape(x)}"
            )
        return LBFGSState(0, 0, 0, None, math.nan, (), (), (), 1.0, None, None)

    def query(self, x: np.ndarray, state: Any) -> np.ndarray:
        return x

    def learning_rate(self, state: LBFGSState) -> float:
        """The step size of the last iteration (torch's ``state["t"]``), read after the step."""
        return float(state.eta)

    def step(
        self, x: np.ndarray, g: np.ndarray, state: LBFGSState, oracle: Any
    ) -> tuple[np.ndarray, LBFGSState]:
        x, flat_grad = _arrays(x, g)
        lr, max_iter, max_eval = self.lr, self.max_iter, self.max_eval
        tol_grad, tol_change, history = (
            self.tolerance_grad,
            self.tolerance_change,
            self.history_size,
        )
        loss = float(oracle.f(x))  # torch's first closure call: the loss at x
        current_evals, func_evals = 1, state.func_evals + 1
        if np.max(np.abs(flat_grad)) <= tol_grad:  # optimal already: no iteration
            return x, state._replace(t=state.t + 1, func_evals=func_evals)
        d, t, H_diag = state.d, state.eta, state.H_diag
        old_dirs, old_stps, ro = list(state.old_dirs), list(state.old_stps), list(state.ro)
        prev_flat_grad, prev_loss = state.prev_flat_grad, state.prev_loss
        total, n_iter, opt_cond = state.n_iter, 0, False
        while n_iter < max_iter:
            n_iter += 1
            total += 1
            if total == 1:  # the very first iteration: steepest descent
                d = -flat_grad
                old_dirs, old_stps, ro, H_diag = [], [], [], 1.0
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = float(y @ s)
                if ys > 1e-10:  # keep the pair only if it has positive curvature
                    if len(old_dirs) == history:
                        old_dirs.pop(0), old_stps.pop(0), ro.pop(0)
                    old_dirs.append(y), old_stps.append(s), ro.append(1.0 / ys)
                    H_diag = ys / float(y @ y)
                al = [0.0] * len(old_dirs)  # the two-loop recursion: d = -H g
                q = -flat_grad
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = float(old_stps[i] @ q) * ro[i]
                    q = q - al[i] * old_dirs[i]
                r = q * H_diag
                for i in range(len(old_dirs)):
                    be_i = float(old_dirs[i] @ r) * ro[i]
                    r = r + (al[i] - be_i) * old_stps[i]
                d = r
            prev_flat_grad, prev_loss = flat_grad, loss
            t = min(1.0, 1.0 / float(np.sum(np.abs(flat_grad)))) * lr if total == 1 else lr
            gtd = float(flat_grad @ d)
            if gtd > -tol_change:  # not a descent direction
                break
            ls_func_evals = 0
            if self.line_search_fn == "strong_wolfe":
                loss, flat_grad, t, ls_func_evals = _strong_wolfe(
                    oracle, x, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals
                )
                x = x + t * d
                opt_cond = bool(np.max(np.abs(flat_grad)) <= tol_grad)
            else:
                x = x + t * d
                if n_iter != max_iter:  # the next call's first evaluation otherwise
                    loss, flat_grad = oracle.value_and_grad(x)
                    loss = float(loss)
                    opt_cond = bool(np.max(np.abs(flat_grad)) <= tol_grad)
                    ls_func_evals = 1
            current_evals += ls_func_evals
            func_evals += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if np.max(np.abs(d * t)) <= tol_change or abs(loss - prev_loss) < tol_change:
                break
        new = LBFGSState(
            state.t + 1,
            total,
            func_evals,
            d,
            float(t),
            tuple(old_dirs),
            tuple(old_stps),
            tuple(ro),
            float(H_diag),
            prev_flat_grad,
            prev_loss,
        )
        return x, new
