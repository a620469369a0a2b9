r"""Convergence theory, checked numerically: the bounds, and checks that hold a run to them.

Two layers, so that each piece can be read and tested on its own:

* **Bounds** are pure functions of the step count ``t`` (a number or an array of
  steps) and the problem's constants. Each docstring states the theorem, its
  assumptions and its source. Notation: $R = \|x_0 - x^\star\|$, $\kappa = L/m$,
  $q = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)$, a step $\eta = h/L$.
* **Checks** take a run (the ``Result`` of [`minimize`][gdtheory.minimize]) and the
  problem it ran on, test the theorem's assumptions (step size, strong
  convexity, the method used), and compare the observed errors with the bound at
  every step. They return a [`Report`][gdtheory.Report]. A run outside a theorem's
  assumptions is reported as ``"assumption violated"``, never as a pass, even
  when its numbers happen to lie below the bound.

The comparison itself is [`compare_to_bound`][gdtheory.compare_to_bound], a pure
function of arrays that every check calls; use it directly to hold any history to
any bound. [`empirical_rate`][gdtheory.empirical_rate] fits the observed linear
rate of convergence. The checks leave out step 0, where every bound holds by
construction (often with equality).

Examples:
    Drori and Teboulle's tight bound for gradient descent with step $1/L$:

    >>> import numpy as np
    >>> import gdtheory as gd
    >>> gd.gd_convex_tight_bound(np.arange(1, 4), L=1.0, R=1.0)
    array([0.16666667, 0.1       , 0.07142857])

    Holding a history of errors to a bound, here a geometric sequence that
    contracts by 0.8 per step against the bound $0.9^t$:

    >>> t = np.arange(6)
    >>> report = gd.compare_to_bound(0.8**t, 0.9**t, name="0.9^t", citation="none")
    >>> report.status, round(report.worst_ratio, 3), report.worst_step
    ('holds', 1.0, 0)
    >>> round(gd.empirical_rate(0.8**t), 6)
    0.8
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from . import optimizers as _optimizers
from ._validation import check_nonnegative, check_positive, value_at

if TYPE_CHECKING:
    from .run import Result

__all__ = [
    # bounds
    "gd_convex_bound",
    "gd_convex_tight_bound",
    "gd_convex_tight_bound_any_step",
    "gd_strongly_convex_bound",
    "gd_strongly_convex_tight_bound",
    "gd_optimal_step_bound",
    "nesterov_convex_bound",
    "nesterov_strongly_convex_bound",
    "heavy_ball_quadratic_bound",
    "lower_bound_convex",
    "lower_bound_strongly_convex",
    "nesterov_worst_case_gap",
    "fista_momentum",
    # reports and checks
    "Report",
    "compare_to_bound",
    "check_gd_convex",
    "check_gd_convex_tight",
    "check_gd_strongly_convex",
    "check_gd_strongly_convex_tight",
    "check_gd_optimal_step",
    "check_nesterov_convex",
    "check_nesterov_strongly_convex",
    "check_heavy_ball_quadratic",
    "check_lower_bound_convex",
    # measuring a run
    "suboptimality",
    "distance_to_minimizer",
    "empirical_rate",
]

# Citations. A theorem number is printed only where it was checked against the
# source or a faithful transcription of it; otherwise the text says so.
BECK_TEBOULLE_ISTA = (
    "Beck & Teboulle (2009), A fast iterative shrinkage-thresholding algorithm for "
    "linear inverse problems, SIAM J. Imaging Sci. 2(1):183-202, Thm 3.1 "
    "(theorem number as given in secondary sources)"
)
BECK_TEBOULLE_FISTA = (
    "Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 4.4 "
    "(theorem number as given in secondary sources)"
)
DRORI_TEBOULLE = (
    "Drori & Teboulle (2014), Performance of first-order methods for smooth convex "
    "minimization: a novel approach, Math. Program. 145:451-482, Thm 3.1"
)
KIM_2024 = "conjectured by Drori & Teboulle (2014); proved by Kim (2024), arXiv:2412.04427"
TAYLOR_HENDRICKX_GLINEUR = (
    "Taylor, Hendrickx & Glineur (2018), Exact worst-case convergence rates of the "
    "proximal gradient method for composite convex minimization, "
    "J. Optim. Theory Appl. 178:455-476, Thm 3.1"
)
NESTEROV_2_1_15 = (
    "Nesterov (2004), Introductory Lectures on Convex Optimization, Kluwer, Thm 2.1.15"
)
DASPREMONT_SCIEUR_TAYLOR = (
    "d'Aspremont, Scieur & Taylor (2021), Acceleration Methods, Found. Trends Optim. "
    "5(1-2), Cor. 4.15"
)
POLYAK_HEAVY_BALL = (
    "Polyak (1964), Some methods of speeding up the convergence of iteration methods, "
    "USSR Comput. Math. Math. Phys. 4(5):1-17 (the method); the bound is exact linear "
    "algebra on a quadratic"
)
NESTEROV_2_1_7 = "Nesterov (2004), Introductory Lectures on Convex Optimization, Kluwer, Thm 2.1.7"
NESTEROV_2_1_13 = (
    "Nesterov (2004), Introductory Lectures on Convex Optimization, Kluwer, Thm 2.1.13 "
    "(theorem number as given in secondary sources)"
)

_EPS = np.finfo(float).eps
_STEP_RTOL = 1e-9  # relative slack when comparing a step size with a theorem's limit


# --------------------------------------------------------------------------- bounds


def _steps(t: object) -> np.ndarray:
    """``t`` as a float array of non-negative step counts."""
    arr = np.asarray(t, dtype=float)
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0)):
        raise ValueError(f"t must be a non-negative step count (or array of them), got {t!r}")
    return arr


def _check_m_L(m: object, L: object) -> None:
    check_nonnegative("m", m)
    check_positive("L", L)
    if np.any(np.asarray(m) > np.asarray(L)):
        raise ValueError(
            f"m must not exceed L (m <= L for any smooth strongly convex f), got m={m}, L={L}"
        )


def gd_convex_bound(t: ArrayLike, L: float, R: float) -> np.ndarray:
    r"""The classical bound for gradient descent on a convex function, step $1/L$.

    If $f$ is convex with an $L$-Lipschitz gradient, gradient descent with step
    $1/L$ satisfies

    $$f(x_t) - f^\star \le \frac{L R^2}{2t}, \qquad t \ge 1.$$

    At $t = 0$ the formula gives ``inf`` (no claim). Since an $L$-smooth function
    is also $\bar L$-smooth for every $\bar L \ge L$, a step $\eta \le 1/L$ gives
    the bound with $\bar L = 1/\eta$, that is $R^2/(2\eta t)$.

    Args:
        t: step count(s), $t \ge 0$.
        L: Lipschitz constant of the gradient (or $1/\eta$), $L > 0$.
        R: distance $\|x_0 - x^\star\|$ to a minimizer.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_convex_bound([1, 2, 10], L=2.0, R=1.0)
        array([1. , 0.5, 0.1])

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 3.1
        (theorem number as given in secondary sources).
    """
    t = _steps(t)
    check_positive("L", L)
    check_nonnegative("R", R)
    with np.errstate(divide="ignore"):
        return np.where(t > 0, L * np.square(R) / (2 * np.where(t > 0, t, 1.0)), np.inf)


def gd_convex_tight_bound(t: ArrayLike, L: float, R: float, h: float = 1.0) -> np.ndarray:
    r"""Drori and Teboulle's tight bound for gradient descent on a convex function.

    For $f$ convex and $L$-smooth and the step $\eta = h/L$ with $0 < h \le 1$,

    $$f(x_t) - f^\star \le \frac{L R^2}{4 t h + 2}.$$

    The bound is attained, at every $t$, by a Huber function (see
    [`Huber`][gdtheory.Huber]); quadratics never attain it. At $h = 1$ it is about twice
    as good as the classical $L R^2/(2t)$.

    Args:
        t: step count(s), $t \ge 0$.
        L: Lipschitz constant of the gradient, $L > 0$.
        R: distance $\|x_0 - x^\star\|$.
        h: normalized step $\eta L$, in $(0, 1]$ (for $h$ up to 2 use
            [`gd_convex_tight_bound_any_step`][gdtheory.gd_convex_tight_bound_any_step]).

    Examples:
        >>> import gdtheory as gd
        >>> 1 / gd.gd_convex_tight_bound([1, 2, 10], L=1.0, R=1.0)
        array([ 6., 10., 42.])

    Reference:
        Drori & Teboulle (2014), Math. Program. 145:451-482, Thm 3.1.
    """
    t = _steps(t)
    check_positive("L", L)
    check_nonnegative("R", R)
    h_arr = np.asarray(h, dtype=float)
    if not (np.all(np.isfinite(h_arr)) and np.all(h_arr > 0) and np.all(h_arr <= 1)):
        raise ValueError(
            f"h must be in (0, 1] for this bound, got {h!r}; "
            "gd_convex_tight_bound_any_step covers h in (0, 2)"
        )
    return L * np.square(R) / (4 * t * h_arr + 2)


def gd_convex_tight_bound_any_step(t: ArrayLike, L: float, R: float, h: float) -> np.ndarray:
    r"""The tight bound for gradient descent on a convex function, any step $h/L$, $0 < h < 2$.

    $$f(x_t) - f^\star \le \frac{L R^2}{2}\,\max\Big\{\frac{1}{2th + 1},\; (1 - h)^{2t}\Big\}.$$

    For $h \le 1$ the first term is the larger one and this is
    [`gd_convex_tight_bound`][gdtheory.gd_convex_tight_bound]. For $1 < h < 2$ the
    second term (a quadratic bouncing across its minimum) can win, for small $t$ or
    $h$ close to 2.

    Args:
        t: step count(s), $t \ge 0$.
        L: Lipschitz constant of the gradient, $L > 0$.
        R: distance $\|x_0 - x^\star\|$.
        h: normalized step $\eta L$, in $(0, 2)$.

    Examples:
        >>> import gdtheory as gd
        >>> bound = gd.gd_convex_tight_bound_any_step(3, L=1.0, R=1.0, h=1.9)
        >>> round(float(bound), 10)  # 0.9**6 / 2: the bounce term wins
        0.2657205

    Reference:
        Conjectured by Drori & Teboulle (2014); proved by Kim (2024), arXiv:2412.04427.
    """
    t = _steps(t)
    check_positive("L", L)
    check_nonnegative("R", R)
    h_arr = np.asarray(h, dtype=float)
    if not (np.all(np.isfinite(h_arr)) and np.all(h_arr > 0) and np.all(h_arr < 2)):
        raise ValueError(f"h must be in (0, 2), got {h!r}")
    return L * np.square(R) / 2 * np.maximum(1 / (2 * t * h_arr + 1), (1 - h_arr) ** (2 * t))


def gd_strongly_convex_bound(t: ArrayLike, m: float, L: float, R: float) -> np.ndarray:
    r"""The classical bound for gradient descent on an $m$-strongly convex function, step $1/L$.

    $$\|x_t - x^\star\|^2 \le \Big(1 - \frac{m}{L}\Big)^t R^2.$$

    Valid, but loose by a square: the exact worst case of this method is
    $(1 - m/L)^{2t} R^2$
    ([`gd_strongly_convex_tight_bound`][gdtheory.gd_strongly_convex_tight_bound]
    with step $1/L$).
    A step $\eta \le 1/L$ gives the bound with $L$ replaced by $1/\eta$.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 \le m \le L$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_strongly_convex_bound([1, 3, 5], m=0.1, L=1.0, R=1.0).round(3)
        array([0.9  , 0.729, 0.59 ])

    Reference:
        The course chapter's statement. It follows from the one-step contraction
        $\|x_{t+1} - x^\star\|^2 \le (1 - m/L)\,\|x_t - x^\star\|^2$; the tight
        factor is Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178,
        Thm 3.1.
    """
    t = _steps(t)
    _check_m_L(m, L)
    check_nonnegative("R", R)
    return (1 - m / L) ** t * np.square(R)


def gd_strongly_convex_tight_bound(
    t: ArrayLike, m: float, L: float, lr: float, R: float
) -> np.ndarray:
    r"""The exact worst case of gradient descent on smooth strongly convex functions.

    For $f$ $m$-strongly convex and $L$-smooth and any step $0 < \eta < 2/L$,

    $$\|x_t - x^\star\|^2 \le \rho^{2t} R^2,\qquad
      \rho = \max\{|1 - \eta m|,\ |1 - \eta L|\},$$

    and the same factor $\rho^{2t}$ bounds $f(x_t) - f^\star$ relative to
    $f(x_0) - f^\star$. Tight: a quadratic started along the eigenvector of $m$
    (or of $L$) attains it. With $\eta = 1/L$, $\rho^2 = (1 - 1/\kappa)^2$, the
    square of the classical factor.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 \le m \le L$.
        L: Lipschitz constant of the gradient.
        lr: the step $\eta$, in $(0, 2/L)$.
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_strongly_convex_tight_bound([1, 3, 5], m=0.1, L=1.0, lr=1.0, R=1.0).round(3)
        array([0.81 , 0.531, 0.349])

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, Thm 3.1.
    """
    t = _steps(t)
    _check_m_L(m, L)
    check_positive("lr", lr)
    check_nonnegative("R", R)
    if np.any(np.asarray(lr) * L >= 2):
        raise ValueError(f"lr must be below 2/L = {2 / L:g} for this bound, got lr={lr}")
    rho = np.maximum(np.abs(1 - lr * m), np.abs(1 - lr * L))
    return rho ** (2 * t) * np.square(R)


def gd_optimal_step_bound(t: ArrayLike, m: float, L: float, R: float) -> np.ndarray:
    r"""Gradient descent with the step $2/(m + L)$ on a smooth strongly convex function.

    $$\|x_t - x^\star\| \le \Big(\frac{\kappa - 1}{\kappa + 1}\Big)^t R.$$

    Note the quantity: the distance itself, not its square. This step minimizes
    $\rho$ of
    [`gd_strongly_convex_tight_bound`][gdtheory.gd_strongly_convex_tight_bound]
    over all constant steps.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 < m \le L$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_optimal_step_bound([0, 1, 2], m=1.0, L=3.0, R=1.0)
        array([1.  , 0.5 , 0.25])

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.15.
    """
    t = _steps(t)
    check_positive("m", m)
    _check_m_L(m, L)
    check_nonnegative("R", R)
    kappa = L / m
    return ((kappa - 1) / (kappa + 1)) ** t * R


def nesterov_convex_bound(t: ArrayLike, L: float, R: float) -> np.ndarray:
    r"""Nesterov's accelerated gradient (FISTA) on a convex function, step $1/L$.

    $$f(x_t) - f^\star \le \frac{2 L R^2}{(t + 1)^2},$$

    for the method with the momentum sequence of
    [`fista_momentum`][gdtheory.fista_momentum]. The rate $O(1/t^2)$ matches
    [`lower_bound_convex`][gdtheory.lower_bound_convex] up to a constant: no method
    that only uses gradients can do better in general.

    Args:
        t: step count(s), $t \ge 0$.
        L: Lipschitz constant of the gradient (or $1/\eta$ for a step $\eta \le 1/L$).
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.nesterov_convex_bound([0, 1, 3], L=1.0, R=1.0)
        array([2.   , 0.5  , 0.125])

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 4.4
        (theorem number as given in secondary sources).
    """
    t = _steps(t)
    check_positive("L", L)
    check_nonnegative("R", R)
    return 2 * L * np.square(R) / (t + 1) ** 2


def nesterov_strongly_convex_bound(
    t: ArrayLike, m: float, L: float, R: float, initial_gap: float | None
) -> np.ndarray:
    r"""Nesterov's accelerated gradient on a smooth strongly convex function, step $1/L$.

    With constant momentum $\beta = (\sqrt L - \sqrt m)/(\sqrt L + \sqrt m)$,

    $$f(x_t) - f^\star \le \Big(1 - \frac{1}{\sqrt\kappa}\Big)^t
      \Big(f(x_0) - f^\star + \frac{m}{2} R^2\Big).$$

    The rate $1 - 1/\sqrt\kappa$ against gradient descent's $1 - 1/\kappa$ is the
    whole point of acceleration: for $\kappa = 100$, 0.9 per step instead of 0.99.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 < m \le L$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$.
        initial_gap: $f(x_0) - f^\star \ge 0$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.nesterov_strongly_convex_bound([0, 1, 2], m=0.01, L=1.0, R=1.0, initial_gap=0.995)
        array([1.  , 0.9 , 0.81])

    Reference:
        d'Aspremont, Scieur & Taylor (2021), Acceleration Methods, Found. Trends
        Optim. 5(1-2), Cor. 4.15.
    """
    t = _steps(t)
    check_positive("m", m)
    _check_m_L(m, L)
    check_nonnegative("R", R)
    check_nonnegative("initial_gap", initial_gap)
    return (1 - np.sqrt(m / L)) ** t * (initial_gap + m * np.square(R) / 2)


def _heavy_ball_matrices(eigenvalues: np.ndarray, lr: float, momentum: float) -> np.ndarray:
    r"""$M_\lambda = [[1 + \beta - \alpha\lambda, -\beta], [1, 0]]$ per eigenvalue: (k, 2, 2)."""
    lam = np.asarray(eigenvalues, dtype=float)
    M = np.zeros(lam.shape + (2, 2))
    M[..., 0, 0] = 1 + momentum - lr * lam
    M[..., 0, 1] = -momentum
    M[..., 1, 0] = 1.0
    return M


def heavy_ball_quadratic_bound(
    t: ArrayLike, eigenvalues: ArrayLike, lr: float, momentum: float, e0: ArrayLike
) -> np.ndarray:
    r"""The heavy ball on a quadratic, bounded exactly per eigen-direction.

    On $f(x) = \tfrac12 (x - x^\star)^\top A (x - x^\star)$ the heavy ball
    $x_{t+1} = x_t - \alpha \nabla f(x_t) + \beta (x_t - x_{t-1})$, started with
    $x_{-1} = x_0$, is linear. In the eigenbasis of $A$ each coordinate
    $e_t = u_\lambda^\top (x_t - x^\star)$ follows

    $$\begin{pmatrix} e_{t+1} \\ e_t \end{pmatrix} = M_\lambda
      \begin{pmatrix} e_t \\ e_{t-1} \end{pmatrix},\qquad
      M_\lambda = \begin{pmatrix} 1 + \beta - \alpha\lambda & -\beta \\ 1 & 0 \end{pmatrix},$$

    so $|e_t| \le \|M_\lambda^t\|_2 \sqrt2\,|e_0|$ and

    $$\|x_t - x^\star\| \le \Big(2 \sum_\lambda \|M_\lambda^t\|_2^2\, e_{0,\lambda}^2\Big)^{1/2}.$$

    No rate is assumed: with Polyak's parameters $\alpha = 4/(\sqrt L + \sqrt m)^2$,
    $\beta = q^2$, the extreme eigenvalues give $M_\lambda$ a double eigenvalue
    $q$ (a Jordan block), and $\|M_\lambda^t\|_2$ grows like $(t + 1) q^t$, not $q^t$.

    Args:
        t: step count(s), non-negative integers.
        eigenvalues: eigenvalues $\lambda$ of the Hessian $A$, shape ``(k,)``.
        lr: $\alpha$, the step.
        momentum: $\beta$.
        e0: the initial error $x_0 - x^\star$ in the eigenbasis, shape ``(k,)``.

    Returns:
        The bound on $\|x_t - x^\star\|$, with the shape of ``t``.

    Examples:
        On a 1-D quadratic with $\lambda = 1$, $\alpha = 1$ and $\beta = 0$ the
        heavy ball lands on the minimizer in one step; the bound, which covers the
        whole state $(e_t, e_{t-1})$, sees that at $t = 2$:

        >>> import gdtheory as gd
        >>> gd.heavy_ball_quadratic_bound([0, 1, 2], [1.0], lr=1.0, momentum=0.0, e0=[1.0])
        array([1.41421356, 1.41421356, 0.        ])

    Reference:
        Polyak (1964), USSR Comput. Math. Math. Phys. 4(5):1-17 (the method); the
        bound is exact linear algebra.
    """
    t_arr = np.asarray(t)
    if not (np.issubdtype(t_arr.dtype, np.integer) or np.all(t_arr == np.round(t_arr))):
        raise ValueError(f"t must be integer step counts for this bound, got {t!r}")
    t_int = _steps(t_arr).astype(int)
    lam = np.atleast_1d(np.asarray(eigenvalues, dtype=float))
    e0 = np.atleast_1d(np.asarray(e0, dtype=float))
    if lam.ndim != 1 or e0.shape != lam.shape:
        raise ValueError(
            "eigenvalues and e0 must be 1-D of the same length, "
            f"got shapes {lam.shape} and {e0.shape}"
        )
    check_positive("lr", lr)
    check_nonnegative("momentum", momentum)
    M = _heavy_ball_matrices(lam, lr, momentum)
    t_max = int(t_int.max()) if t_int.size else 0
    powers = np.empty((t_max + 1,) + M.shape)
    powers[0] = np.eye(2)
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(t_max):
            powers[s + 1] = M @ powers[s]
        norms = np.linalg.norm(np.nan_to_num(powers, nan=np.inf), ord=2, axis=(-2, -1))
        per_step = np.sqrt(2 * np.sum(norms**2 * e0**2, axis=-1))
    return per_step[t_int]


def lower_bound_convex(t: ArrayLike, L: float, R: float) -> np.ndarray:
    r"""The lower bound for any first-order method on smooth convex functions.

    For every $t \le (n - 1)/2$ there is a convex $L$-smooth function on
    $\mathbb{R}^n$ (Nesterov's tridiagonal quadratic,
    [`NesterovWorstCase`][gdtheory.NesterovWorstCase]) on which every method whose iterates lie in
    $x_0 + \mathrm{span}\{\nabla f(x_0), \dots, \nabla f(x_{t-1})\}$ has

    $$f(x_t) - f^\star \ge \frac{3 L R^2}{32 (t + 1)^2}.$$

    Compare with [`nesterov_convex_bound`][gdtheory.nesterov_convex_bound]:
    acceleration is optimal up to a factor $64/3$.

    Args:
        t: step count(s), $t \ge 0$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.lower_bound_convex([0, 1, 3], L=32.0, R=1.0)
        array([3.    , 0.75  , 0.1875])

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.7.
    """
    t = _steps(t)
    check_positive("L", L)
    check_nonnegative("R", R)
    return 3 * L * np.square(R) / (32 * (t + 1) ** 2)


def lower_bound_strongly_convex(t: ArrayLike, m: float, L: float, R: float) -> np.ndarray:
    r"""The lower bound for any first-order method on smooth strongly convex functions.

    There is an $m$-strongly convex, $L$-smooth function (on an
    infinite-dimensional space) on which every method whose iterates lie in the
    span of the past gradients has

    $$f(x_t) - f^\star \ge \frac{m}{2}\, q^{2t} R^2,\qquad
      q = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.$$

    It lies below
    [`nesterov_strongly_convex_bound`][gdtheory.nesterov_strongly_convex_bound] at
    every $t$, and both contract like $1 - O(1/\sqrt\kappa)$ per step. The worst function lives in
    infinite dimension, so no finite test problem attains it exactly; there is no
    run check for it.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 < m \le L$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.lower_bound_strongly_convex([0, 1], m=1.0, L=9.0, R=2.0)
        array([2. , 0.5])

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.13
        (theorem number as given in secondary sources).
    """
    t = _steps(t)
    check_positive("m", m)
    _check_m_L(m, L)
    check_nonnegative("R", R)
    sk = np.sqrt(L / m)
    q = (sk - 1) / (sk + 1)
    return m / 2 * q ** (2 * t) * np.square(R)


def nesterov_worst_case_gap(t: ArrayLike, L: float, n: int) -> np.ndarray:
    r"""The gap any span-of-gradients method keeps on Nesterov's worst function, step by step.

    On $f(x) = \tfrac L4 (\tfrac12 x^\top A x - x_1)$ in $\mathbb{R}^n$, with $A$
    tridiagonal $(-1, 2, -1)$ and $x_0 = 0$, the iterate $x_t$ can only have its
    first $t$ coordinates non-zero, so $f(x_t)$ is at least the minimum of the
    same function in $t$ dimensions:

    $$f(x_t) - f^\star \ge \frac{L}{8}\Big(\frac{1}{t + 1} - \frac{1}{n + 1}\Big),\qquad t \le n.$$

    At $t = (n - 1)/2$ this is $L/(16(t + 1)) \ge 3 L R^2 / (32 (t + 1)^2)$, the
    bound of [`lower_bound_convex`][gdtheory.lower_bound_convex]: this is its proof, at every step.

    Args:
        t: step count(s), $t \ge 0$ (the bound is 0 from $t = n$ on).
        L: Lipschitz constant of the gradient.
        n: dimension of the worst function.

    Examples:
        >>> import gdtheory as gd
        >>> gd.nesterov_worst_case_gap([0, 1, 3], L=8.0, n=3)
        array([0.75, 0.25, 0.  ])

    Reference:
        The proof of Nesterov (2004), Introductory Lectures on Convex
        Optimization, Thm 2.1.7.
    """
    t = _steps(t)
    check_positive("L", L)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer dimension, got {n!r}")
    return np.where(t < n, L / 8 * (1 / (t + 1) - 1 / (n + 1)), 0.0)


def fista_momentum(t: ArrayLike) -> np.ndarray:
    r"""The momentum schedule of FISTA, as a schedule ``t -> beta_t`` for the look-ahead form.

    With $a_0 = 1$ and $a_{s} = \tfrac12 (1 + \sqrt{1 + 4 a_{s-1}^2})$, step $t$
    uses $\beta_t = (a_{t-1} - 1)/a_t$ (and $\beta_0 = 0$): the look-ahead point is
    $y_t = x_t + \beta_t (x_t - x_{t-1})$ and $x_{t+1} = y_t - \tfrac1L \nabla f(y_t)$.
    $\beta_t$ grows like $1 - 3/t$. This is the schedule that
    [`nesterov_convex_bound`][gdtheory.nesterov_convex_bound] needs; pass it as the momentum of
    [`Nesterov`][gdtheory.Nesterov].

    Args:
        t: step count(s), non-negative integers.

    Examples:
        >>> import gdtheory as gd
        >>> gd.fista_momentum([0, 1, 2, 3]).round(4)
        array([0.    , 0.    , 0.2818, 0.434 ])

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202.
    """
    t_arr = np.asarray(t)
    t_int = _steps(t_arr).astype(int)
    if not np.all(t_int == t_arr):
        raise ValueError(f"t must be integer step counts, got {t!r}")
    t_max = int(t_int.max()) if t_int.size else 0
    a = np.ones(t_max + 1)
    for s in range(1, t_max + 1):
        a[s] = (1 + np.sqrt(1 + 4 * a[s - 1] ** 2)) / 2
    beta = np.zeros(t_max + 1)
    beta[1:] = (a[:-1] - 1) / a[1:]
    out = beta[t_int]
    return float(out) if out.ndim == 0 else out


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


def suboptimality(result: Result, problem: Any) -> np.ndarray:
    r"""The history of $f(x_t) - f^\star$ of a run, shape ``(T + 1, ...)``.

    Raises:
        ValueError: when ``problem.f_star`` is ``None`` or the history is empty,
            non-finite, or does not match the problem.
    """
    _need(problem, "f_star", check="suboptimality")
    _run_history(result, problem)
    return np.asarray(result.fs, dtype=float) - float(problem.f_star)


def distance_to_minimizer(result: Result, problem: Any) -> np.ndarray:
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


# --------------------------------------------------------------------------- checks


def _floor(problem: object, quantity: str) -> float:
    """The floating-point resolution of ``quantity`` near the minimizer (``atol`` of the checks)."""
    x_star = getattr(problem, "x_star", None)
    dist = 64 * _EPS * (float(np.linalg.norm(x_star)) if x_star is not None else 0.0)
    if quantity == "||x_t - x*||":
        return dist
    if quantity == "||x_t - x*||^2":
        return dist**2
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


def _method_reason(optimizer: object, expected: tuple[str, ...]) -> str | None:
    """``None`` if ``optimizer`` is one of the ``expected`` classes (or not given), else why not."""
    if optimizer is None:
        return None
    classes = tuple(c for c in (getattr(_optimizers, n, None) for n in expected) if c is not None)
    if classes and isinstance(optimizer, classes):
        return None
    return f"the theorem is about {' / '.join(expected)}; the run used {type(optimizer).__name__}"


def _finish(
    run,
    observed,
    bound,
    *,
    name,
    citation,
    quantity,
    problem,
    ok,
    reasons,
    kind="upper",
    rtol,
    atol,
):
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
        assumptions_held=ok,
        reason="; ".join(reasons),
        rtol=rtol,
        atol=atol,
    )


def check_gd_convex(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: the optimizer used, if you want the method checked too.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance (defaults to the floating-point floor of $f - f^\star$).

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 3.1
        (theorem number as given in secondary sources); the course chapter's statement.
    """
    _need(problem, "L", "x_star", "f_star", check="check_gd_convex")
    run = _run_history(result, problem)
    L = float(problem.L)
    lr, constant = _constant_lr(run.lrs)
    reasons, ok = [], True
    if (why := _method_reason(optimizer, ("GD",))) is not None:
        ok, reasons = False, [why]
    if not constant:
        ok = False
        reasons.append("the step changed during the run; the theorem assumes a constant step")
    elif np.any(lr * L > 1 + _STEP_RTOL):
        ok = False
        reasons.append(f"step {_fmt(lr)} > 1/L = {1 / L:.6g}")
    elif np.all(np.isnan(lr)):
        reasons.append("no step taken")
    else:
        reasons.append(f"step {_fmt(lr)} <= 1/L = {1 / L:.6g}; bound used with L' = 1/step >= L")
    L_eff = _effective_L(lr, constant, L)
    R = np.linalg.norm(run.xs[0] - np.asarray(problem.x_star, float), axis=-1)
    t = np.arange(run.fs.shape[0])[:, None]
    return _finish(
        run,
        run.fs - float(problem.f_star),
        gd_convex_bound(t, 1.0, 1.0) * L_eff * R**2,
        name="f(x_t) - f* <= L R^2 / (2t)  (gradient descent, convex, step 1/L)",
        citation=BECK_TEBOULLE_ISTA,
        quantity="f(x_t) - f*",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


def check_gd_convex_tight(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: the optimizer used, if you want the method checked too.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Drori & Teboulle (2014), Math. Program. 145:451-482, Thm 3.1 ($h \le 1$);
        conjectured there and proved by Kim (2024), arXiv:2412.04427 ($h < 2$).
    """
    _need(problem, "L", "x_star", "f_star", check="check_gd_convex_tight")
    run = _run_history(result, problem)
    L = float(problem.L)
    lr, constant = _constant_lr(run.lrs)
    h = lr * L
    reasons, ok = [], True
    if (why := _method_reason(optimizer, ("GD",))) is not None:
        ok, reasons = False, [why]
    if not constant:
        ok = False
        reasons.append("the step changed during the run; the theorem assumes a constant step")
    elif np.any(h >= 2 * (1 - _STEP_RTOL)):
        ok = False
        reasons.append(f"h = step * L = {_fmt(h)} >= 2")
    elif np.all(np.isnan(h)):
        reasons.append("no step taken")
    else:
        reasons.append(f"h = step * L = {_fmt(h)} in (0, 2)")
    citation = DRORI_TEBOULLE if np.all(np.nan_to_num(h, nan=1.0) <= 1 + _STEP_RTOL) else KIM_2024
    h_use = np.clip(np.nan_to_num(h if constant else np.ones_like(h), nan=1.0), 1e-300, 2 - 1e-12)
    R = np.linalg.norm(run.xs[0] - np.asarray(problem.x_star, float), axis=-1)
    t = np.arange(run.fs.shape[0])[:, None]
    bound = L * R**2 / 2 * np.maximum(1 / (2 * t * h_use + 1), np.abs(1 - h_use) ** (2 * t))
    return _finish(
        run,
        run.fs - float(problem.f_star),
        bound,
        name="f(x_t) - f* <= (L R^2 / 2) max{1/(2th + 1), (1 - h)^(2t)}  "
        "(gradient descent, convex, step h/L; = L R^2/(4th + 2) for h <= 1)",
        citation=citation,
        quantity="f(x_t) - f*",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


def _strong_convexity_reasons(problem: object) -> tuple[bool, list[str]]:
    m = float(problem.m)
    if m <= 0:
        return False, [f"m = {m:g}: the problem is not strongly convex"]
    return True, [f"m = {m:.6g} > 0"]


def check_gd_strongly_convex(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: the optimizer used, if you want the method checked too.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        The course chapter's statement; it follows from the one-step case of Taylor,
        Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178, Thm 3.1.
    """
    _need(problem, "m", "L", "x_star", check="check_gd_strongly_convex")
    run = _run_history(result, problem)
    m, L = float(problem.m), float(problem.L)
    ok, reasons = _strong_convexity_reasons(problem)
    if (why := _method_reason(optimizer, ("GD",))) is not None:
        ok = False
        reasons.append(why)
    steps = np.nan_to_num(run.lrs, nan=0.0)  # nan: a run of a batch that had stopped
    if np.any(steps * L > 1 + _STEP_RTOL):
        ok = False
        reasons.append(f"step {_fmt(run.lrs)} exceeds 1/L = {1 / L:.6g}")
    elif run.lrs.size:
        reasons.append(f"step {_fmt(run.lrs)} <= 1/L = {1 / L:.6g}")
    factors = np.clip(1 - np.minimum(steps, 1 / L) * max(m, 0.0), 0.0, 1.0)
    cumulative = np.concatenate([np.ones((1, factors.shape[1])), np.cumprod(factors, axis=0)])
    R2 = np.sum((run.xs[0] - np.asarray(problem.x_star, float)) ** 2, axis=-1)
    return _finish(
        run,
        np.sum((run.xs - np.asarray(problem.x_star, float)) ** 2, axis=-1),
        cumulative * R2,
        name="||x_t - x*||^2 <= (1 - m/L)^t R^2  (gradient descent, strongly convex, step 1/L)",
        citation="the course chapter's statement (gdtheory.gd_strongly_convex_bound); implied by "
        + TAYLOR_HENDRICKX_GLINEUR,
        quantity="||x_t - x*||^2",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


def check_gd_strongly_convex_tight(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: the optimizer used, if you want the method checked too.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, Thm 3.1.
    """
    _need(problem, "m", "L", "x_star", check="check_gd_strongly_convex_tight")
    run = _run_history(result, problem)
    m, L = float(problem.m), float(problem.L)
    ok, reasons = _strong_convexity_reasons(problem)
    if (why := _method_reason(optimizer, ("GD",))) is not None:
        ok = False
        reasons.append(why)
    steps = np.nan_to_num(run.lrs, nan=0.0)  # nan: a run of a batch that had stopped
    if np.any(steps * L >= 2 * (1 - _STEP_RTOL)):
        ok = False
        reasons.append(f"step {_fmt(run.lrs)} is not below 2/L = {2 / L:.6g}")
    elif run.lrs.size:
        reasons.append(f"step {_fmt(run.lrs)} < 2/L = {2 / L:.6g}")
    rho = np.maximum(np.abs(1 - steps * m), np.abs(1 - steps * L))
    cumulative = np.concatenate([np.ones((1, rho.shape[1])), np.cumprod(rho**2, axis=0)])
    R2 = np.sum((run.xs[0] - np.asarray(problem.x_star, float)) ** 2, axis=-1)
    return _finish(
        run,
        np.sum((run.xs - np.asarray(problem.x_star, float)) ** 2, axis=-1),
        cumulative * R2,
        name="||x_t - x*||^2 <= rho^(2t) R^2, rho = max{|1 - step m|, |1 - step L|}  "
        "(gradient descent, strongly convex, tight)",
        citation=TAYLOR_HENDRICKX_GLINEUR,
        quantity="||x_t - x*||^2",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


def check_gd_optimal_step(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: the optimizer used, if you want the method checked too.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.15.
    """
    _need(problem, "m", "L", "x_star", check="check_gd_optimal_step")
    run = _run_history(result, problem)
    m, L = float(problem.m), float(problem.L)
    ok, reasons = _strong_convexity_reasons(problem)
    if (why := _method_reason(optimizer, ("GD",))) is not None:
        ok = False
        reasons.append(why)
    step = 2 / (m + L)
    if np.any(np.abs(np.nan_to_num(run.lrs, nan=step) - step) > _STEP_RTOL * step):
        ok = False
        reasons.append(f"step {_fmt(run.lrs)} is not 2/(m + L) = {step:.6g}")
    elif run.lrs.size:
        reasons.append(f"step = 2/(m + L) = {step:.6g}")
    q = (L - m) / (L + m) if m > 0 else 1.0
    t = np.arange(run.fs.shape[0])[:, None]
    R = np.linalg.norm(run.xs[0] - np.asarray(problem.x_star, float), axis=-1)
    return _finish(
        run,
        np.linalg.norm(run.xs - np.asarray(problem.x_star, float), axis=-1),
        q**t * R,
        name="||x_t - x*|| <= ((kappa - 1)/(kappa + 1))^t R  (gradient descent, step 2/(m + L))",
        citation=NESTEROV_2_1_15,
        quantity="||x_t - x*||",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


_MOMENTUM_NAMES = ("beta", "momentum")


def _momentum_of(optimizer: object) -> object:
    for name in _MOMENTUM_NAMES:
        if hasattr(optimizer, name):
            return getattr(optimizer, name)
    raise ValueError(
        f"cannot read the momentum of {type(optimizer).__name__}: expected an attribute "
        f"named one of {_MOMENTUM_NAMES}"
    )


def _momentum_values(optimizer: object, steps: int) -> np.ndarray:
    """The momentum used at steps 0..steps-1, shape (steps, ...)."""
    beta = _momentum_of(optimizer)
    t = np.arange(steps)
    if callable(beta):
        return np.asarray([np.asarray(value_at(beta, int(s)), dtype=float) for s in t])
    return np.broadcast_to(np.asarray(beta, dtype=float), (steps,) + np.shape(beta))


def _nesterov_reason(optimizer: object) -> str | None:
    """``None`` for Nesterov in the look-ahead form, else why the theorem does not apply."""
    if (why := _method_reason(optimizer, ("Nesterov",))) is not None:
        return why
    if getattr(optimizer, "form", "lookahead") != "lookahead":
        return (
            f"form={optimizer.form!r} records the look-ahead points y_t; the theorem is about "
            "x_t of the look-ahead form (form='lookahead')"
        )
    return None


def _require_optimizer(optimizer: object, check: str) -> None:
    if optimizer is None:
        raise ValueError(
            f"{check} needs the optimizer the run used (its momentum is not in the Result): "
            f"{check}(result, problem, optimizer)"
        )


def check_nesterov_convex(
    result: Result, problem: Any, optimizer: Any, *, rtol: float = 1e-9, atol: float | None = None
) -> Report:
    r"""Hold a Nesterov (FISTA) run to $f(x_t) - f^\star \le 2 L R^2/(t + 1)^2$.

    Assumptions: ``optimizer`` is [`Nesterov`][gdtheory.Nesterov] with the momentum
    schedule [`fista_momentum`][gdtheory.fista_momentum], a constant step $\eta \le 1/L$ (the bound
    is used with $\bar L = 1/\eta$), and $f$ convex.

    Args:
        result: the run.
        problem: needs ``L``, ``x_star`` and ``f_star``.
        optimizer: the optimizer the run used (required: the momentum is read
            from it).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 4.4
        (theorem number as given in secondary sources).
    """
    _require_optimizer(optimizer, "check_nesterov_convex")
    _need(problem, "L", "x_star", "f_star", check="check_nesterov_convex")
    run = _run_history(result, problem)
    L = float(problem.L)
    lr, constant = _constant_lr(run.lrs)
    ok, reasons = True, []
    if (why := _nesterov_reason(optimizer)) is not None:
        ok, reasons = False, [why]
    else:
        T = run.lrs.shape[0]
        beta = _momentum_values(optimizer, T).reshape(T, -1)
        if T and not np.allclose(
            beta, fista_momentum(np.arange(T))[:, None], rtol=1e-9, atol=1e-12
        ):
            ok = False
            reasons.append("the momentum is not FISTA's schedule (gdtheory.fista_momentum)")
        else:
            reasons.append("momentum = FISTA's schedule")
    if not constant:
        ok = False
        reasons.append("the step changed during the run; the theorem assumes a constant step")
    elif np.any(lr * L > 1 + _STEP_RTOL):
        ok = False
        reasons.append(f"step {_fmt(lr)} > 1/L = {1 / L:.6g}")
    elif not np.all(np.isnan(lr)):
        reasons.append(f"step {_fmt(lr)} <= 1/L = {1 / L:.6g}; bound used with L' = 1/step")
    L_eff = _effective_L(lr, constant, L)
    R = np.linalg.norm(run.xs[0] - np.asarray(problem.x_star, float), axis=-1)
    t = np.arange(run.fs.shape[0])[:, None]
    return _finish(
        run,
        run.fs - float(problem.f_star),
        2 * L_eff * R**2 / (t + 1) ** 2,
        name="f(x_t) - f* <= 2 L R^2 / (t + 1)^2  (Nesterov / FISTA, convex, step 1/L)",
        citation=BECK_TEBOULLE_FISTA,
        quantity="f(x_t) - f*",
        problem=problem,
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


def check_nesterov_strongly_convex(
    result: Result, problem: Any, optimizer: Any, *, rtol: float = 1e-9, atol: float | None = None
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
        optimizer: the optimizer the run used (required).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        d'Aspremont, Scieur & Taylor (2021), Acceleration Methods, Found. Trends
        Optim. 5(1-2), Cor. 4.15.
    """
    _require_optimizer(optimizer, "check_nesterov_strongly_convex")
    _need(problem, "m", "L", "x_star", "f_star", check="check_nesterov_strongly_convex")
    run = _run_history(result, problem)
    m, L = float(problem.m), float(problem.L)
    ok, reasons = _strong_convexity_reasons(problem)
    lr, constant = _constant_lr(run.lrs)
    L_eff = _effective_L(lr, constant, L)
    if (why := _nesterov_reason(optimizer)) is not None:
        ok = False
        reasons.append(why)
    elif m > 0:
        T = run.lrs.shape[0]
        beta = _momentum_values(optimizer, T).reshape(T, -1)
        want = (np.sqrt(L_eff) - np.sqrt(m)) / (np.sqrt(L_eff) + np.sqrt(m))
        if T and not np.allclose(beta, want, rtol=1e-9, atol=1e-12):
            ok = False
            reasons.append(
                f"momentum {_fmt(beta)} is not (sqrt(L') - sqrt(m))/(sqrt(L') + sqrt(m))"
                f" = {_fmt(want)}"
            )
        elif T:
            reasons.append(f"momentum = (sqrt(L') - sqrt(m))/(sqrt(L') + sqrt(m)) = {_fmt(want)}")
    if not constant:
        ok = False
        reasons.append("the step changed during the run; the theorem assumes a constant step")
    elif np.any(lr * L > 1 + _STEP_RTOL):
        ok = False
        reasons.append(f"step {_fmt(lr)} > 1/L = {1 / L:.6g}")
    elif not np.all(np.isnan(lr)):
        reasons.append(f"step {_fmt(lr)} <= 1/L = {1 / L:.6g} (L' = 1/step)")
    x_star = np.asarray(problem.x_star, float)
    R2 = np.sum((run.xs[0] - x_star) ** 2, axis=-1)
    gap0 = run.fs[0] - float(problem.f_star)
    t = np.arange(run.fs.shape[0])[:, None]
    rate = 1 - np.sqrt(max(m, 0.0) / L_eff)
    return _finish(
        run,
        run.fs - float(problem.f_star),
        rate**t * (np.maximum(gap0, 0.0) + max(m, 0.0) * R2 / 2),
        name="f(x_t) - f* <= (1 - 1/sqrt(kappa))^t (f(x_0) - f* + m R^2 / 2)  "
        "(Nesterov, strongly convex, step 1/L)",
        citation=DASPREMONT_SCIEUR_TAYLOR,
        quantity="f(x_t) - f*",
        problem=problem,
        ok=ok,
        reasons=reasons,
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


def check_heavy_ball_quadratic(
    result: Result, problem: Any, optimizer: Any, *, rtol: float = 1e-9, atol: float | None = None
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
        optimizer: the optimizer the run used (required).
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Polyak (1964), USSR Comput. Math. Math. Phys. 4(5):1-17 (the method); the
        bound is exact linear algebra.
    """
    _require_optimizer(optimizer, "check_heavy_ball_quadratic")
    _need(problem, "x_star", check="check_heavy_ball_quadratic")
    run = _run_history(result, problem)
    A, affine = _quadratic_hessian(problem, run.xs)
    ok, reasons = True, []
    if not affine:
        ok = False
        reasons.append("the problem is not a quadratic (its gradient is not affine)")
    else:
        reasons.append("quadratic problem")
    beta = None
    if (why := _method_reason(optimizer, ("Momentum",))) is not None:
        ok = False
        reasons.append(why)
    else:
        T = run.lrs.shape[0]
        betas = _momentum_values(optimizer, max(T, 1)).reshape(max(T, 1), -1)
        beta = betas[0]
        if not np.allclose(betas, beta, rtol=1e-12, atol=0):
            ok = False
            reasons.append("the momentum changed during the run")
    lr, constant = _constant_lr(run.lrs)
    if not constant:
        ok = False
        reasons.append("the step changed during the run")
    elif run.lrs.size:
        reasons.append(
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
        ok=ok,
        reasons=reasons,
        rtol=rtol,
        atol=atol,
    )


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


def check_lower_bound_convex(
    result: Result,
    problem: Any,
    optimizer: Any | None = None,
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
        optimizer: unused; accepted for a uniform signature.
        rtol: relative tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].
        atol: absolute tolerance, see [`compare_to_bound`][gdtheory.compare_to_bound].

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, Thm 2.1.7
        and its proof.
    """
    _need(problem, "L", "f_star", check="check_lower_bound_convex")
    run = _run_history(result, problem)
    n, L = int(problem.dim), float(problem.L)
    ok, reasons = True, []
    if not _is_nesterov_worst_function(problem):
        ok = False
        reasons.append("the problem is not Nesterov's worst function (L/4)(x^T A x / 2 - x_1)")
    else:
        reasons.append(f"Nesterov's worst function, n = {n}")
    if not np.all(run.xs[0] == 0):
        ok = False
        reasons.append("the run did not start at x_0 = 0")
    else:
        reasons.append("x_0 = 0")
    t = np.arange(run.fs.shape[0])[:, None]
    return _finish(
        run,
        run.fs - float(problem.f_star),
        np.broadcast_to(nesterov_worst_case_gap(t, L, n), run.fs.shape),
        name="f(x_t) - f* >= (L/8)(1/(t + 1) - 1/(n + 1)) for t <= n, which at t = (n - 1)/2 "
        "gives >= 3 L R^2 / (32 (t + 1)^2)  (any first-order method)",
        citation=NESTEROV_2_1_7,
        quantity="f(x_t) - f*",
        problem=problem,
        ok=ok,
        reasons=reasons,
        kind="lower",
        rtol=rtol,
        atol=0.0 if atol is None else atol,
    )
