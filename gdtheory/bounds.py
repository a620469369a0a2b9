r"""Convergence bounds: pure functions of the step count and the problem's constants.

Each function states one theorem: its docstring gives the inequality, its
assumptions and its source, and the function evaluates the right-hand side for a
step count ``t`` (a number or an array of steps). Nothing here looks at a run:
holding a run to a bound is the job of ``gdtheory.checks``, whose
every check calls the bound of its theorem from this module. Notation:
$R = \|x_0 - x^\star\|$, $\kappa = L/m$, $q = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)$,
a step $\eta = h/L$.

Examples:
    Drori and Teboulle's tight bound for gradient descent with step $1/L$:

    >>> import numpy as np
    >>> import gdtheory as gd
    >>> gd.gd_convex_tight_bound(np.arange(1, 4), L=1.0, R=1.0)
    array([0.16666667, 0.1       , 0.07142857])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import check_nonnegative, check_positive

__all__ = [
    "gd_convex_bound",
    "gd_convex_tight_bound",
    "gd_convex_tight_bound_any_step",
    "gd_strongly_convex_bound",
    "gd_strongly_convex_tight_bound",
    "gd_strongly_convex_gap_bound",
    "gd_optimal_step_bound",
    "nesterov_convex_bound",
    "nesterov_strongly_convex_bound",
    "heavy_ball_quadratic_bound",
    "lower_bound_convex",
    "lower_bound_strongly_convex",
    "nesterov_worst_case_gap",
    "fista_momentum",
    "gd_nonconvex_bound",
    "gd_pl_bound",
    "sgd_constant_step_bound",
    "sgd_strongly_convex_bound",
    "sgd_convex_averaged_bound",
    "newton_local_bound",
    "exact_line_search_bound",
    "backtracking_step_lower_bound",
    "backtracking_convex_bound",
]

# Citations. A theorem number is printed only where it was checked against the
# source or a faithful transcription of it; otherwise the text says so.
BECK_TEBOULLE_ISTA = (
    "Beck & Teboulle (2009), A fast iterative shrinkage-thresholding algorithm for "
    "linear inverse problems, SIAM J. Imaging Sci. 2(1):183-202, Thm 3.1 "
    "(theorem number not checked against the paper)"
)
BECK_TEBOULLE_FISTA = (
    "Beck & Teboulle (2009), SIAM J. Imaging Sci. 2(1):183-202, Thm 4.4 "
    "(theorem number as given in secondary sources)"
)
DRORI_TEBOULLE = (
    "Drori & Teboulle (2014), Performance of first-order methods for smooth convex "
    "minimization: a novel approach, Math. Program. 145:451-482, Thm 3.1"
)
KIM_2024 = (
    "conjectured by Drori & Teboulle (2014); proved by Kim (2024), A proof of the exact "
    "convergence rate of gradient descent, arXiv:2412.04427"
)
TAYLOR_HENDRICKX_GLINEUR = (
    "Taylor, Hendrickx & Glineur (2018), Exact worst-case convergence rates of the "
    "proximal gradient method for composite convex minimization, "
    "J. Optim. Theory Appl. 178:455-476, Thm 3.1"
)
TAYLOR_HENDRICKX_GLINEUR_GAP = (
    "Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, the function-value "
    "rate (proved there separately from Thm 3.1; its proof is verified symbolically in the "
    "authors' repository AdrienTaylor/ProximalGradientMethod; theorem number not checked)"
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
NESTEROV_NONCONVEX = (
    "Nesterov (2004), Introductory Lectures on Convex Optimization, Kluwer, Sect. 1.2 "
    "(the descent lemma, Lemma 1.2.3, summed over the steps; the rate 2L(f(x_0) - f*)/T "
    "is on p. 28 as cited by Abbaszadehpeivasti, de Klerk & Zamani; section number "
    "not checked)"
)
BOTTOU_CURTIS_NOCEDAL = (
    "Bottou, Curtis & Nocedal (2018), Optimization methods for large-scale machine learning, "
    "SIAM Review 60(2):223-311, Thm 4.6"
)
NEMIROVSKI_ET_AL = (
    "Nemirovski, Juditsky, Lan & Shapiro (2009), Robust stochastic approximation approach to "
    "stochastic programming, SIAM J. Optim. 19(4):1574-1609, eqs. (2.8)-(2.10) (the constant "
    "completed with 2 theta^2 M^2 for 2 m theta > 3/2, where the paper's induction fails)"
)
ZINKEVICH = (
    "Zinkevich (2003), Online convex programming and generalized infinitesimal gradient "
    "ascent, ICML (online gradient descent, O(sqrt T); no theorem number checked); the "
    "averaged iterate by Jensen's inequality"
)
NEWTON_LOCAL = (
    "Nesterov (2004), Introductory Lectures on Convex Optimization, Sect. 1.2.4, Thm 1.2.5 "
    "(checked in a transcription of chapter 1); the quadratic rate is Nocedal & Wright "
    "(2006), Numerical Optimization, Thm 3.5"
)
KANTOROVICH = (
    "Nocedal & Wright (2006), Numerical Optimization, 2nd ed., Thm 3.3 (Kantorovich's inequality)"
)
ARMIJO = (
    "Armijo (1966), Pacific J. Math. 16(1):1-3 (the rule); the accepted-step bound from the "
    "descent lemma (Nesterov 2004, Lemma 1.2.3)"
)
KARIMI_NUTINI_SCHMIDT = (
    "Karimi, Nutini & Schmidt (2016), Linear convergence of gradient and proximal-gradient "
    "methods under the Polyak-Lojasiewicz condition, ECML-PKDD, Thm 1 (theorem number "
    "not checked against the paper)"
)


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
        (theorem number not checked against the paper).
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


def gd_strongly_convex_bound(
    t: ArrayLike, m: float, L: float, R: float, *, lrs: ArrayLike | None = None
) -> np.ndarray:
    r"""The classical bound for gradient descent on an $m$-strongly convex function, step $1/L$.

    $$\|x_t - x^\star\|^2 \le \Big(1 - \frac{m}{L}\Big)^t R^2.$$

    Valid, but loose by a square: the exact worst case of this method is
    $(1 - m/L)^{2t} R^2$
    ([`gd_strongly_convex_tight_bound`][gdtheory.gd_strongly_convex_tight_bound]
    with step $1/L$).
    A step $\eta \le 1/L$ gives the bound with $L$ replaced by $1/\eta$; a step
    that varies, $\eta_k \le 1/L$ at step $k$, gives the product of the one-step
    factors, $\prod_{k < t} (1 - \eta_k m)\, R^2$ (pass ``lrs``).

    Args:
        t: step count(s), $t \ge 0$ (integers, at most ``T``, when ``lrs`` is given).
        m: strong-convexity modulus, $0 \le m \le L$.
        L: Lipschitz constant of the gradient.
        R: distance $\|x_0 - x^\star\|$ (or an array, one per run).
        lrs: the step of each step $k = 0, \dots, T-1$ of a run, each in
            $[0, 1/L]$, shape ``(T,)`` or ``(T, runs)``; ``None`` for the step $1/L$.
            The result then has shape ``t.shape + lrs.shape[1:]``.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_strongly_convex_bound([1, 3, 5], m=0.1, L=1.0, R=1.0).round(3)
        array([0.9  , 0.729, 0.59 ])
        >>> gd.gd_strongly_convex_bound([0, 1, 2], m=0.1, L=1.0, R=1.0, lrs=[1.0, 0.5])
        array([1.   , 0.9  , 0.855])

    Reference:
        The course chapter's statement. It follows from the one-step contraction
        $\|x_{t+1} - x^\star\|^2 \le (1 - m/L)\,\|x_t - x^\star\|^2$; the tight
        factor is Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178,
        Thm 3.1.
    """
    _check_m_L(m, L)
    check_nonnegative("R", R)
    if lrs is not None:
        steps = _per_step("lrs", lrs, 1 / L, closed=True)
        return _product_of_steps(t, 1 - steps * m) * np.square(R)
    t = _steps(t)
    return (1 - m / L) ** t * np.square(R)


def _per_step(name: str, lrs: ArrayLike, limit: float, *, closed: bool) -> np.ndarray:
    """``lrs`` as a float array of steps in ``[0, limit]`` (``[0, limit)`` if not closed)."""
    steps = np.asarray(lrs, dtype=float)
    inside = steps <= limit * (1 + 1e-9) if closed else steps < limit
    if steps.ndim == 0 or not (
        np.all(np.isfinite(steps)) and np.all(steps >= 0) and np.all(inside)
    ):
        interval = f"[0, {limit:g}]" if closed else f"[0, {limit:g})"
        raise ValueError(
            f"{name} must be an array of steps (steps first) in {interval}, got {lrs!r}"
        )
    return steps


def _product_of_steps(t: ArrayLike, factors: np.ndarray) -> np.ndarray:
    r"""$\prod_{k < t}$ ``factors[k]`` for integer ``t`` at most ``len(factors)``."""
    t_arr = _steps(t)
    if not np.all(t_arr == np.round(t_arr)) or np.any(t_arr > factors.shape[0]):
        raise ValueError(
            f"t must be integer steps at most {factors.shape[0]} (one step per entry of lrs), "
            f"got {t!r}"
        )
    ones = np.ones((1,) + factors.shape[1:])
    return np.concatenate([ones, np.cumprod(factors, axis=0)])[t_arr.astype(int)]


def gd_strongly_convex_tight_bound(
    t: ArrayLike, m: float, L: float, lr: float | None, R: float, *, lrs: ArrayLike | None = None
) -> np.ndarray:
    r"""The exact worst case of gradient descent on smooth strongly convex functions.

    For $f$ $m$-strongly convex and $L$-smooth and any step $0 < \eta < 2/L$,

    $$\|x_t - x^\star\|^2 \le \rho^{2t} R^2,\qquad
      \rho = \max\{|1 - \eta m|,\ |1 - \eta L|\},$$

    and the same factor $\rho^{2t}$ bounds $f(x_t) - f^\star$ relative to
    $f(x_0) - f^\star$. Tight: a quadratic started along the eigenvector of $m$
    (or of $L$) attains it. With $\eta = 1/L$, $\rho^2 = (1 - 1/\kappa)^2$, the
    square of the classical factor. A step that varies, $\eta_k$ at step $k$,
    gives the product of the one-step factors, $\prod_{k < t} \rho_k^2\, R^2$
    (pass ``lrs``).

    Args:
        t: step count(s), $t \ge 0$ (integers, at most ``T``, when ``lrs`` is given).
        m: strong-convexity modulus, $0 \le m \le L$.
        L: Lipschitz constant of the gradient.
        lr: the step $\eta$, in $(0, 2/L)$; ``None`` when ``lrs`` is given.
        R: distance $\|x_0 - x^\star\|$ (or an array, one per run).
        lrs: the step of each step $k = 0, \dots, T-1$ of a run, each in
            $[0, 2/L)$, shape ``(T,)`` or ``(T, runs)``. The result then has shape
            ``t.shape + lrs.shape[1:]``.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_strongly_convex_tight_bound([1, 3, 5], m=0.1, L=1.0, lr=1.0, R=1.0).round(3)
        array([0.81 , 0.531, 0.349])
        >>> gd.gd_strongly_convex_tight_bound([0, 1, 2], m=0.1, L=1.0, lr=None, R=1.0,
        ...                                   lrs=[1.0, 0.5]).round(4)
        array([1.   , 0.81 , 0.731])

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476, Thm 3.1.
    """
    _check_m_L(m, L)
    check_nonnegative("R", R)
    if lrs is not None:
        steps = _per_step("lrs", lrs, 2 / L, closed=False)
        rho = np.maximum(np.abs(1 - steps * m), np.abs(1 - steps * L))
        return _product_of_steps(t, rho**2) * np.square(R)
    t = _steps(t)
    check_positive("lr", lr)
    if np.any(np.asarray(lr) * L >= 2):
        raise ValueError(f"lr must be below 2/L = {2 / L:g} for this bound, got lr={lr}")
    rho = np.maximum(np.abs(1 - lr * m), np.abs(1 - lr * L))
    return rho ** (2 * t) * np.square(R)


def gd_strongly_convex_gap_bound(
    t: ArrayLike,
    m: float,
    L: float,
    lr: float | None,
    f0_gap: ArrayLike,
    *,
    lrs: ArrayLike | None = None,
) -> np.ndarray:
    r"""The exact worst case of gradient descent on $f - f^\star$, smooth strongly convex $f$.

    For $f$ $m$-strongly convex and $L$-smooth and any step $0 < \eta < 2/L$, one step
    contracts the gap by the same factor as the squared distance:

    $$f(x_{t+1}) - f^\star \le \rho^2\,(f(x_t) - f^\star),\qquad
      \rho = \max\{|1 - \eta m|,\ |1 - \eta L|\},$$

    so $f(x_t) - f^\star \le \rho^{2t} (f(x_0) - f^\star)$, or
    $\prod_{k<t} \rho_k^2\,(f(x_0) - f^\star)$ for steps $\eta_k$ that vary (pass
    ``lrs``). Tight at every step: a quadratic started along the eigenvector of $m$
    (when $\rho = 1 - \eta m$) or of $L$ attains it. This is the function-value half of
    the theorem whose distance half is
    [`gd_strongly_convex_tight_bound`][gdtheory.gd_strongly_convex_tight_bound]; it
    does not follow from that half (converting distances to gaps loses $\kappa$).

    Args:
        t: step count(s), $t \ge 0$ (integers, at most ``T``, when ``lrs`` is given).
        m: strong-convexity modulus, $0 \le m \le L$.
        L: Lipschitz constant of the gradient.
        lr: the step $\eta$, in $(0, 2/L)$; ``None`` when ``lrs`` is given.
        f0_gap: $f(x_0) - f^\star \ge 0$ (or an array, one per run).
        lrs: the step of each step, each in $[0, 2/L)$, shape ``(T,)`` or ``(T, runs)``.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_strongly_convex_gap_bound([0, 1, 2], m=0.5, L=2.0, lr=0.5, f0_gap=1.0)
        array([1.        , 0.5625    , 0.31640625])

    Reference:
        Taylor, Hendrickx & Glineur (2018), J. Optim. Theory Appl. 178:455-476 (the
        function-value rate; the theorem number is not checked).
    """
    _check_m_L(m, L)
    check_nonnegative("f0_gap", f0_gap)
    gap = np.asarray(f0_gap, dtype=float)
    if lrs is not None:
        steps = _per_step("lrs", lrs, 2 / L, closed=False)
        rho = np.maximum(np.abs(1 - steps * m), np.abs(1 - steps * L))
        return _product_of_steps(t, rho**2) * gap
    t = _steps(t)
    check_positive("lr", lr)
    if np.any(np.asarray(lr) * L >= 2):
        raise ValueError(f"lr must be below 2/L = {2 / L:g} for this bound, got lr={lr}")
    rho = np.maximum(np.abs(1 - lr * m), np.abs(1 - lr * L))
    return rho ** (2 * t) * gap


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


def _normalized_step(lr: object, L: float) -> np.ndarray:
    """The step ``lr`` (default ``1/L``) as an array in ``(0, 2/L)``."""
    check_positive("L", L)
    step = np.asarray(1 / L if lr is None else lr, dtype=float)
    if not (np.all(np.isfinite(step)) and np.all(step > 0) and np.all(step * L < 2)):
        raise ValueError(f"lr must be in (0, 2/L) = (0, {2 / L:g}), got lr={lr!r}")
    return step


def gd_nonconvex_bound(
    T: ArrayLike, L: float, f0_minus_finf: ArrayLike, lr: float | None = None
) -> np.ndarray:
    r"""Gradient descent on an $L$-smooth function, convex or not: the stationarity rate.

    If $\nabla f$ is $L$-Lipschitz and $f \ge f_{\inf}$, the descent lemma
    $f(y) \le f(x) + \langle \nabla f(x), y - x\rangle + \tfrac L2 \|y - x\|^2$ at
    $y = x_t - \eta \nabla f(x_t)$ gives
    $f(x_{t+1}) \le f(x_t) - \eta(1 - \tfrac{L\eta}{2}) \|\nabla f(x_t)\|^2$.
    Summing over $t < T$,

    $$\min_{t < T} \|\nabla f(x_t)\|^2 \le
      \frac{f(x_0) - f_{\inf}}{T\,\eta\,(1 - L\eta/2)}
      \;\overset{\eta = 1/L}{=}\; \frac{2 L\,(f(x_0) - f_{\inf})}{T},$$

    for any constant step $0 < \eta < 2/L$ ($1/L$ minimizes the right-hand side).
    No convexity is needed, and nothing is said about $f(x_t) - f^\star$: the
    iterates may approach a saddle point. At $T = 0$ the formula gives ``inf``.

    Args:
        T: number(s) of steps, $T \ge 0$ (the minimum is over $x_0, \dots, x_{T-1}$).
        L: Lipschitz constant of the gradient, $L > 0$.
        f0_minus_finf: $f(x_0) - f_{\inf} \ge 0$ (or an array, one per run).
        lr: the constant step $\eta \in (0, 2/L)$; ``None`` for $1/L$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_nonconvex_bound([0, 1, 4], L=2.0, f0_minus_finf=1.0)
        array([inf,  4.,  1.])
        >>> # step 1/4: 1 / (4 * 0.25 * (1 - 2 * 0.25 / 2))
        >>> float(gd.gd_nonconvex_bound(4, L=2.0, f0_minus_finf=1.0, lr=0.25))
        1.3333333333333333

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, §1.2: the
        descent lemma is Lemma 1.2.3; the rate for step $1/L$ is on p. 28 (as cited
        by Abbaszadehpeivasti, de Klerk & Zamani, Optim. Lett., doi:10.1007/s11590-021-01821-1).
    """
    T = _steps(T)
    step = _normalized_step(lr, L)
    check_nonnegative("f0_minus_finf", f0_minus_finf)
    gap = np.asarray(f0_minus_finf, dtype=float)
    per_step = step * (1 - L * step / 2)
    with np.errstate(divide="ignore"):
        return np.where(T > 0, gap / (np.where(T > 0, T, 1.0) * per_step), np.inf)


def gd_pl_bound(
    t: ArrayLike, mu: float, L: float, f0_gap: ArrayLike, lr: float | None = None
) -> np.ndarray:
    r"""Gradient descent under the Polyak-Lojasiewicz inequality: linear rate without convexity.

    If $\nabla f$ is $L$-Lipschitz and $\tfrac12 \|\nabla f(x)\|^2 \ge
    \mu\,(f(x) - f^\star)$ for every $x$, the descent lemma gives, for a constant
    step $0 < \eta < 2/L$,
    $f(x_{t+1}) - f^\star \le (1 - 2\mu\eta(1 - L\eta/2))\,(f(x_t) - f^\star)$, so

    $$f(x_t) - f^\star \le \big(1 - 2\mu\eta(1 - \tfrac{L\eta}{2})\big)^t
      (f(x_0) - f^\star) \;\overset{\eta = 1/L}{=}\;
      \Big(1 - \frac{\mu}{L}\Big)^t (f(x_0) - f^\star).$$

    Every $m$-strongly convex function satisfies the inequality with $\mu = m$;
    so do non-convex functions such as $x^2 + 3\sin^2 x$
    ([`SinePL`][gdtheory.SinePL]) and least squares with more unknowns than
    equations ([`LinearRegression`][gdtheory.LinearRegression], ``mu_pl``).
    Always $\mu \le L$.

    Args:
        t: step count(s), $t \ge 0$.
        mu: the PL constant, $0 < \mu \le L$.
        L: Lipschitz constant of the gradient.
        f0_gap: $f(x_0) - f^\star \ge 0$ (or an array, one per run).
        lr: the constant step $\eta \in (0, 2/L)$; ``None`` for $1/L$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.gd_pl_bound([0, 1, 2], mu=1.0, L=4.0, f0_gap=1.0)
        array([1.    , 0.75  , 0.5625])

    Reference:
        Karimi, Nutini & Schmidt (2016), ECML-PKDD, Thm 1 (theorem number not
        checked against the paper); the inequality is Polyak's (1963).
    """
    t = _steps(t)
    check_positive("mu", mu)
    step = _normalized_step(lr, L)
    if np.any(np.asarray(mu) > np.asarray(L) * (1 + 1e-12)):
        raise ValueError(f"mu must not exceed L (mu <= L for any L-smooth f), got mu={mu}, L={L}")
    check_nonnegative("f0_gap", f0_gap)
    rate = 1 - 2 * mu * step * (1 - L * step / 2)
    return np.clip(rate, 0.0, None) ** t * np.asarray(f0_gap, dtype=float)


# --------------------------------------------------------------------------- SGD


def sgd_constant_step_bound(
    t: ArrayLike,
    m: float,
    L: float,
    lr: float,
    noise: float,
    f0_gap: ArrayLike,
    M_G: float = 1.0,
) -> np.ndarray:
    r"""SGD with a constant step on a strongly convex function: linear rate to a noise floor.

    Let $f$ be $m$-strongly convex and $L$-smooth, and let the stochastic gradient
    $g_t$ be unbiased, $E[g_t \mid x_t] = \nabla f(x_t)$, with second moment
    $E[\|g_t\|^2 \mid x_t] \le M + M_G \|\nabla f(x_t)\|^2$ (for additive noise of
    variance $\sigma^2$: $M = \sigma^2$, $M_G = 1$). With a constant step
    $0 < \eta \le 1/(L M_G)$,

    $$E[f(x_t)] - f^\star \le \frac{\eta L M}{2 m}
      + (1 - \eta m)^t \Big(f(x_0) - f^\star - \frac{\eta L M}{2 m}\Big).$$

    The first term is the noise floor: it does not go to zero, and it is
    proportional to the step. Halving the step halves the floor and halves the
    rate at which it is approached.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus, $0 < m \le L$.
        L: Lipschitz constant of the gradient.
        lr: the constant step $\eta$, in $(0, 1/(L M_G)]$.
        noise: $M \ge 0$, the part of $E\|g\|^2$ not explained by the gradient
            (the variance $\sigma^2$ of unbiased noise).
        f0_gap: $f(x_0) - f^\star \ge 0$ (or an array, one per run).
        M_G: the factor of $\|\nabla f\|^2$ in the second moment, $M_G \ge 1$.

    Examples:
        >>> import gdtheory as gd
        >>> b = gd.sgd_constant_step_bound([0, 1, 1000], m=1.0, L=2.0, lr=0.5, noise=0.1,
        ...                                f0_gap=1.0)
        >>> b.round(4)  # the floor is 0.5 * 2 * 0.1 / 2 = 0.05
        array([1.   , 0.525, 0.05 ])

    Reference:
        Bottou, Curtis & Nocedal (2018), Optimization methods for large-scale machine
        learning, SIAM Review 60(2):223-311, Thm 4.6 (with $\mu = \mu_G = 1$ for an
        unbiased gradient and $c = m$).
    """
    t = _steps(t)
    check_positive("m", m)
    _check_m_L(m, L)
    check_nonnegative("noise", noise)
    check_nonnegative("f0_gap", f0_gap)
    if not (np.isfinite(M_G) and M_G >= 1):
        raise ValueError(f"M_G must be >= 1 (E||g||^2 >= ||grad f||^2), got M_G={M_G!r}")
    check_positive("lr", lr)
    if lr > 1 / (L * M_G) * (1 + 1e-12):
        raise ValueError(f"lr must be at most 1/(L M_G) = {1 / (L * M_G):.6g}, got lr={lr!r}")
    floor = lr * L * noise / (2 * m)
    return floor + (1 - lr * m) ** t * (np.asarray(f0_gap, dtype=float) - floor)


def sgd_strongly_convex_bound(
    t: ArrayLike, m: float, M2: float, R: ArrayLike, theta: float
) -> np.ndarray:
    r"""SGD with steps $\theta/t$ on a strongly convex function: $E\|x_t - x^\star\|^2 \le Q/t$.

    Let $f$ be $m$-strongly convex on a closed convex set $X$ with its minimizer
    $x^\star$ in $X$, and let the stochastic gradient be unbiased with
    $E\|g\|^2 \le M^2$ at every point of $X$. Projected SGD,
    $x_{t+1} = \Pi_X(x_t - \gamma_t g_t)$, with steps $\gamma_t = \theta/(t + 1)$
    for $t = 0, 1, \dots$ (the paper's $\theta/j$, $j = t + 1$) and
    $\theta > 1/(2m)$, satisfies

    $$E\|x_t - x^\star\|^2 \le \frac{Q(\theta)}{t + 1},\qquad
      Q(\theta) = \max\Big\{\frac{\theta^2 M^2}{2m\theta - 1},\ 2\theta^2 M^2,\
      \|x_0 - x^\star\|^2\Big\}.$$

    For $2m\theta \le 3/2$ the middle term is never the largest and this is the
    paper's $Q(\theta)$, eq. (2.10). For a larger $\theta$ the paper's constant alone
    fails: its induction on $a_{j+1} \le (1 - 2m\theta/j)\,a_j + \tfrac12 \theta^2 M^2/j^2$
    (eq. 2.8, $a_j = \tfrac12 E\|x_j - x^\star\|^2$) needs $1 - 2m\theta/j \ge 0$,
    which never holds at $j = 1$. There, and at every $j < 2m\theta$, the recursion
    still gives $2a_{j+1} \le \theta^2 M^2/j^2 \le 2\theta^2 M^2/(j + 1)$, hence the
    middle term. Example: $f = x^2/2$ on $X = [-1, 1]$, $x_0 = 1$, exact gradients
    ($M = 1$), $\theta = 2.5$: the first step lands on $-1$, but the paper's $Q/2$ is
    $0.78$.

    The $1/t$ rate needs $\theta > 1/(2m)$: with a smaller $\theta$ the rate can be as
    slow as $t^{-2m\theta}$. The constant grows like $\theta M^2/(2m)$ and then like
    $2\theta^2 M^2$ for large $\theta$, which is why the method is fragile when $m$ is
    over-estimated.

    Args:
        t: step count(s), $t \ge 0$.
        m: strong-convexity modulus $c > 0$ on $X$.
        M2: $M^2$, a bound on $E\|g\|^2$ over $X$.
        R: $\|x_0 - x^\star\|$ (or an array, one per run).
        theta: $\theta > 1/(2m)$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.sgd_strongly_convex_bound([0, 1, 9], m=1.0, M2=1.0, R=0.5, theta=0.7)
        array([1.225 , 0.6125, 0.1225])

    Reference:
        Nemirovski, Juditsky, Lan & Shapiro (2009), Robust stochastic approximation
        approach to stochastic programming, SIAM J. Optim. 19(4):1574-1609,
        eqs. (2.8)-(2.10), with the constant completed for $2m\theta > 3/2$ as above.
    """
    t = _steps(t)
    check_positive("m", m)
    check_nonnegative("M2", M2)
    check_nonnegative("R", R)
    check_positive("theta", theta)
    if not 2 * m * theta > 1:
        raise ValueError(
            f"theta must exceed 1/(2m) = {1 / (2 * m):.6g} for this bound, got theta={theta!r}"
        )
    paper = theta**2 * M2 / (2 * m * theta - 1)
    Q = np.maximum(max(paper, 2 * theta**2 * M2), np.square(np.asarray(R, dtype=float)))
    return Q / (t + 1)


def sgd_convex_averaged_bound(
    T: ArrayLike,
    D: float,
    G2: float,
    eta0: float | None = None,
    *,
    lrs: ArrayLike | None = None,
) -> np.ndarray:
    r"""SGD with decaying steps on a convex function: the averaged iterate at rate $1/\sqrt T$.

    Let $f$ be convex on a closed convex set $X$ of diameter $D$ (every
    $\|x - y\| \le D$ in $X$) that holds a minimizer, and let the stochastic
    gradient be unbiased with $E\|g\|^2 \le G^2$ on $X$. Projected SGD with
    non-increasing steps $\eta_0 \ge \eta_1 \ge \dots$ and the average
    $\bar x_T = \frac1T \sum_{t<T} x_t$ satisfy (telescoping
    $\|x_t - x^\star\|^2$ and Jensen's inequality)

    $$E f(\bar x_T) - f^\star \le \frac1T\Big(\frac{D^2}{2\eta_{T-1}}
      + \frac{G^2}{2}\sum_{t<T} \eta_t\Big)
      \;\overset{\eta_t = \eta_0/\sqrt{t+1}}{\le}\;
      \frac{D^2/(2\eta_0) + \eta_0 G^2}{\sqrt T}.$$

    No smoothness and no strong convexity: only convexity and bounded
    stochastic gradients. Pass ``lrs`` for the first form with the steps a run
    used (each $\eta_t = \eta_0/\sqrt{\max(t, 1)}$ of
    [`inverse_sqrt`][gdtheory.inverse_sqrt] also gives the second), or ``eta0``
    for the second.

    Args:
        T: number(s) of steps averaged, $T \ge 0$ (``inf`` at $T = 0$).
        D: diameter of $X$.
        G2: $G^2$, a bound on $E\|g\|^2$ over $X$.
        eta0: $\eta_0 > 0$ of the steps $\eta_0/\sqrt{t + 1}$.
        lrs: the steps $\eta_0, \dots, \eta_{T-1}$ of a run, positive and
            non-increasing, shape ``(T,)`` or ``(T, runs)``; then ``T`` must be
            integers at most ``len(lrs)``.

    Examples:
        >>> import gdtheory as gd
        >>> gd.sgd_convex_averaged_bound([1, 4, 100], D=1.0, G2=1.0, eta0=0.5)  # 1.5/sqrt(T)
        array([1.5 , 0.75, 0.15])

    Reference:
        Zinkevich (2003), Online convex programming and generalized infinitesimal
        gradient ascent, ICML (online gradient descent with steps $1/\sqrt t$; no
        theorem number checked); the averaged iterate by Jensen's inequality.
    """
    T_arr = _steps(T)
    check_nonnegative("D", D)
    check_nonnegative("G2", G2)
    if lrs is None:
        check_positive("eta0", eta0)
        with np.errstate(divide="ignore"):
            return np.where(
                T_arr > 0,
                (D**2 / (2 * eta0) + eta0 * G2) / np.sqrt(np.where(T_arr > 0, T_arr, 1.0)),
                np.inf,
            )
    steps = np.asarray(lrs, dtype=float)
    if steps.ndim == 0 or not (np.all(np.isfinite(steps)) and np.all(steps > 0)):
        raise ValueError(f"lrs must be an array of positive steps (steps first), got {lrs!r}")
    if np.any(np.diff(steps, axis=0) > 1e-12 * steps[:-1]):
        raise ValueError("lrs must be non-increasing (the bound telescopes 1/eta_t)")
    if not np.all(T_arr == np.round(T_arr)) or np.any(T_arr > steps.shape[0]):
        raise ValueError(
            f"T must be integer steps at most {steps.shape[0]} (one per entry of lrs), got {T!r}"
        )
    zero = np.zeros((1,) + steps.shape[1:])
    csum = np.concatenate([zero, np.cumsum(steps, axis=0)])
    last = np.concatenate([np.full((1,) + steps.shape[1:], np.inf), steps])  # eta_{T-1}
    idx = T_arr.astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        total = D**2 / (2 * last[idx]) + G2 / 2 * csum[idx]
        Tcol = idx.reshape(idx.shape + (1,) * (steps.ndim - 1)).astype(float)
        return np.where(Tcol > 0, total / np.where(Tcol > 0, Tcol, 1.0), np.inf)


# --------------------------------------------------------------------------- second order


def newton_local_bound(t: ArrayLike, R: float, mu: float, M: float) -> np.ndarray:
    r"""Newton's method near a minimizer: the error is (at most) squared at every step.

    Let $\nabla^2 f$ be $M$-Lipschitz, $\nabla^2 f(x^\star) \succeq \mu I$ with
    $\mu > 0$, and $r_0 = \|x_0 - x^\star\| < \bar r = \tfrac{2\mu}{3M}$. The pure
    Newton step $x_{t+1} = x_t - [\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$ satisfies

    $$r_{t+1} \le \frac{M\, r_t^2}{2(\mu - M r_t)},\qquad r_t = \|x_t - x^\star\|,$$

    and the function returns the sequence this recursion gives from $r_0 = R$. Since
    $r_0 < \bar r$ makes the factor $M r_t / (2(\mu - M r_t))$ below 1, the errors
    decrease, and the number of correct digits roughly doubles per step.

    Proof: $x_{t+1} - x^\star = [\nabla^2 f(x_t)]^{-1}\int_0^1 (\nabla^2 f(x_t) -
    \nabla^2 f(x^\star + \tau(x_t - x^\star)))(x_t - x^\star)\,d\tau$; the integral
    has norm at most $M r_t^2/2$, and $\nabla^2 f(x_t) \succeq (\mu - M r_t) I$.

    Args:
        t: step count(s), non-negative integers.
        R: $r_0 = \|x_0 - x^\star\|$, below $2\mu/(3M)$.
        mu: $\mu > 0$, the smallest eigenvalue of $\nabla^2 f(x^\star)$.
        M: $M \ge 0$, the Lipschitz constant of the Hessian ($M = 0$: a quadratic,
            solved in one step).

    Examples:
        >>> import gdtheory as gd
        >>> gd.newton_local_bound([0, 1, 2, 3], R=0.1, mu=1.0, M=1.0)
        array([1.00000000e-01, 5.55555556e-03, 1.55183116e-05, 1.20410866e-10])

    Reference:
        Nesterov (2004), Introductory Lectures on Convex Optimization, §1.2.4,
        Thm 1.2.5 (checked in a transcription of chapter 1, not the printed book); Nocedal & Wright
        (2006), Numerical Optimization, Thm 3.5 (the same quadratic rate, with the
        constant $M \|\nabla^2 f(x^\star)^{-1}\|$).
    """
    t_arr = np.asarray(t)
    t_int = _steps(t_arr).astype(int)
    if not np.all(t_int == t_arr):
        raise ValueError(f"t must be integer step counts, got {t!r}")
    check_nonnegative("R", R)
    check_positive("mu", mu)
    check_nonnegative("M", M)
    if M > 0 and not R < 2 * mu / (3 * M):
        raise ValueError(
            f"R must be below 2 mu/(3M) = {2 * mu / (3 * M):.6g} (the region of quadratic "
            f"convergence), got R={R!r}"
        )
    t_max = int(t_int.max()) if t_int.size else 0
    r = np.empty(t_max + 1)
    r[0] = R
    for s in range(t_max):
        r[s + 1] = M * r[s] ** 2 / (2 * (mu - M * r[s]))
    return r[t_int]


def exact_line_search_bound(t: ArrayLike, m: float, L: float, f0_gap: ArrayLike) -> np.ndarray:
    r"""Steepest descent with exact line search on a quadratic: Kantorovich's rate.

    On $f(x) = \tfrac12 (x - x^\star)^\top A (x - x^\star) + f^\star$ with the
    eigenvalues of $A$ in $[m, L]$, $m > 0$, the step
    $\eta_t = \frac{g_t^\top g_t}{g_t^\top A g_t}$ that minimizes $f(x_t - \eta g_t)$ gives

    $$f(x_{t+1}) - f^\star \le \Big(\frac{\kappa - 1}{\kappa + 1}\Big)^2 (f(x_t) - f^\star),
      \qquad \kappa = L/m,$$

    so $f(x_t) - f^\star \le ((\kappa - 1)/(\kappa + 1))^{2t} (f(x_0) - f^\star)$. Equality
    holds at every step from $x_0 - x^\star \propto e_m/m + e_L/L$ ($e_m$, $e_L$ unit
    eigenvectors of $m$ and $L$): the iterates zig-zag between two directions. The
    factor is the square of the best constant step's
    ([`gd_optimal_step_bound`][gdtheory.gd_optimal_step_bound]): choosing the step
    anew at every step buys nothing in the worst case.

    Args:
        t: step count(s), $t \ge 0$.
        m: smallest eigenvalue of $A$, $0 < m \le L$.
        L: largest eigenvalue of $A$.
        f0_gap: $f(x_0) - f^\star \ge 0$ (or an array, one per run).

    Examples:
        >>> import gdtheory as gd
        >>> gd.exact_line_search_bound([0, 1, 2], m=1.0, L=3.0, f0_gap=1.0)
        array([1.    , 0.25  , 0.0625])

    Reference:
        Nocedal & Wright (2006), Numerical Optimization, 2nd ed., Thm 3.3 (in the norm
        $\|x\|_Q^2 = x^\top Q x$, which is $2(f - f^\star)$); the inequality is
        Kantorovich's.
    """
    t = _steps(t)
    check_positive("m", m)
    _check_m_L(m, L)
    check_nonnegative("f0_gap", f0_gap)
    q = (L - m) / (L + m)
    return q ** (2 * t) * np.asarray(f0_gap, dtype=float)


def _check_armijo(L: float, lr: float, c: float, rho: float) -> None:
    check_positive("L", L)
    check_positive("lr", lr)
    for name, value in (("c", c), ("rho", rho)):
        if not (np.isfinite(value) and 0 < value < 1):
            raise ValueError(f"{name} must be in (0, 1), got {name}={value!r}")


def backtracking_step_lower_bound(L: float, lr: float, c: float, rho: float) -> float:
    r"""The smallest step an Armijo backtracking line search can accept on an $L$-smooth $f$.

    Backtracking tries $\eta_0, \rho\eta_0, \rho^2\eta_0, \dots$ and accepts the first
    $\eta$ with $f(x - \eta g) \le f(x) - c\,\eta\,\|g\|^2$. By the descent lemma,
    $f(x - \eta g) \le f(x) - \eta(1 - L\eta/2)\|g\|^2$, so every
    $\eta \le 2(1 - c)/L$ passes; the first trial below that bound is at least
    $\rho$ times it. Hence every accepted step satisfies

    $$\eta \ge \eta_{\min} = \min\Big\{\eta_0,\ \frac{2\rho(1 - c)}{L}\Big\}.$$

    No convexity is needed, and the method never needs to know $L$. (Assumes the
    search is not cut off by a cap on the number of trials.)

    Args:
        L: Lipschitz constant of the gradient.
        lr: $\eta_0$, the first trial step.
        c: sufficient-decrease constant, in $(0, 1)$.
        rho: shrink factor, in $(0, 1)$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.backtracking_step_lower_bound(L=10.0, lr=1.0, c=0.5, rho=0.5)
        0.05

    Reference:
        Armijo (1966), Pacific J. Math. 16(1):1-3 (the rule); the bound follows from the
        descent lemma, Nesterov (2004), Lemma 1.2.3.
    """
    _check_armijo(L, lr, c, rho)
    return float(min(lr, 2 * rho * (1 - c) / L))


def backtracking_convex_bound(
    t: ArrayLike, R: ArrayLike, L: float, lr: float, c: float, rho: float
) -> np.ndarray:
    r"""Gradient descent with Armijo backtracking on a convex function: the $O(1/t)$ rate.

    If $f$ is convex and $L$-smooth and the sufficient-decrease constant is
    $c \ge 1/2$, each accepted step $\eta_k$ gives
    $f(x_{k+1}) \le f^\star + \frac{1}{2\eta_k}(\|x_k - x^\star\|^2 - \|x_{k+1} - x^\star\|^2)$;
    summing, with $f(x_k)$ non-increasing and $\eta_k \ge \eta_{\min}$
    ([`backtracking_step_lower_bound`][gdtheory.backtracking_step_lower_bound]),

    $$f(x_t) - f^\star \le \frac{R^2}{2\sum_{k<t}\eta_k} \le \frac{R^2}{2\,t\,\eta_{\min}},
      \qquad \eta_{\min} = \min\Big\{\eta_0, \frac{2\rho(1 - c)}{L}\Big\}.$$

    The rate of a fixed step $\eta_{\min}$, without knowing $L$.

    Args:
        t: step count(s), $t \ge 0$ (``inf`` at 0).
        R: $\|x_0 - x^\star\|$ (or an array, one per run).
        L: Lipschitz constant of the gradient.
        lr: $\eta_0$, the first trial step.
        c: sufficient-decrease constant, in $[1/2, 1)$.
        rho: shrink factor, in $(0, 1)$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.backtracking_convex_bound([1, 10], R=1.0, L=10.0, lr=1.0, c=0.5, rho=0.5)
        array([10.,  1.])

    Reference:
        The proof of the $L R^2/(2t)$ rate (e.g. Beck & Teboulle 2009) with the
        accepted steps in place of $1/L$.
    """
    t = _steps(t)
    _check_armijo(L, lr, c, rho)
    if c < 0.5:
        raise ValueError(f"c must be at least 1/2 for this bound, got c={c!r}")
    check_nonnegative("R", R)
    eta = backtracking_step_lower_bound(L, lr, c, rho)
    with np.errstate(divide="ignore"):
        return np.where(t > 0, np.square(R) / (2 * eta * np.where(t > 0, t, 1.0)), np.inf)
