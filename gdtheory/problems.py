r"""Test problems: value, gradient, minimizer and constants, vectorized over a batch axis.

Every problem has

* ``dim``: the number of coordinates;
* ``f(x)`` and ``grad(x)`` for ``x`` of shape ``(..., dim)``: ``f`` returns shape
  ``(...)``, ``grad`` shape ``(..., dim)``, so one call evaluates a whole batch of
  points (a leading axis of runs, a grid for a contour plot). A wrong trailing
  shape raises ``ValueError`` naming ``x`` and the expected shape;
* ``L``: a Lipschitz constant of the gradient (a bound on the absolute values of
  the Hessian's eigenvalues), ``None`` where there is none (Rosenbrock and Beale:
  their Hessians grow without bound);
* ``m``: the strong-convexity modulus. ``m = 0.0`` means convex but not strongly
  convex, ``m = None`` means not convex;
* ``x_star`` and ``f_star``: a minimizer and the minimum, ``None`` where there is
  no minimizer (the saddle) or none is known.
* ``mu_pl`` (some problems): the Polyak-Lojasiewicz constant $\mu$, with
  $\tfrac12 \|\nabla f(x)\|^2 \ge \mu (f(x) - f^\star)$ for every $x$ (``SinePL``,
  ``LinearRegression``); [`check_gd_pl`][gdtheory.check_gd_pl] reads it.
* ``f_inf`` (some problems): a lower bound of ``f`` where the minimum itself may not
  be known (``TwoLayerNet``: 0 for a squared loss);
  [`check_gd_nonconvex`][gdtheory.check_gd_nonconvex] reads it before ``f_star``.
* ``smoothness_on(lo, hi)`` (some problems without a global ``L``): a certified bound
  on $\|\nabla^2 f\|_2$ over the box $[lo, hi]$ (``TwoLayerNet``).

Problems with a starting point fixed by the sources (the source notes' experiments, the
worst-case constructions) carry it as ``x0``.

Two kinds of problem take an extra argument:

* finite sums (``LinearRegression``, ``LogisticRegression``) have ``n`` examples
  and ``f(x, idx=None)``, ``grad(x, idx=None)``: ``idx`` is an integer array of
  example indices (repeats allowed), and the value is the average over them;
  ``idx=None`` is the full objective. ``per_example_grads(x)`` gives all ``n``.
* online problems (``ReddiAdam``) have ``online = True`` and ``f(x, t=None)``,
  ``grad(x, t=None)``: ``t`` is the step count (0-based, as for schedules and
  optimizer states); ``t=None`` is the average objective over one period.

The run loop ([`minimize`][gdtheory.minimize]) passes ``idx`` and ``t`` itself.

Examples:
    >>> import numpy as np
    >>> import gdtheory as gd
    >>> p = gd.SeedQuadratic()
    >>> p.f(np.array([[1.0, 2.0], [0.0, 0.0]]))
    array([0., 9.])
    >>> p.grad(np.array([0.0, 0.0]))
    array([-2., -8.])
    >>> p.L, p.m, p.x_star, p.f_star
    (4.0, 2.0, array([1., 2.]), 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ._validation import check_nonnegative, check_positive

__all__ = [
    "Beale",
    "DoubleWell",
    "Huber",
    "LessardHeavyBall",
    "LinearRegression",
    "LogisticRegression",
    "NesterovWorstCase",
    "Plateau",
    "Quadratic",
    "ReddiAdam",
    "Rosenbrock",
    "Saddle",
    "SeedQuadratic",
    "SinePL",
    "SlowStationarity",
    "TwoLayerNet",
]


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_finite(name: str, value: object) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number, got {value!r}") from None
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return v


class _Problem:
    """Shared by every problem: the check of the trailing shape of ``x``."""

    dim: int

    def _points(self, x: object) -> np.ndarray:
        arr = np.asarray(x, dtype=float)
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ValueError(
                f"x must have shape (..., {self.dim}) for {type(self).__name__} "
                f"(dim = {self.dim}), got shape {arr.shape}"
            )
        return arr


# ---------------------------------------------------------------------------------------
# Quadratics
# ---------------------------------------------------------------------------------------


class Quadratic(_Problem):
    r"""The quadratic $f(x) = \tfrac12 x^\top A x - b^\top x + c$ with symmetric $A$.

    The eigen-decomposition $A = V \operatorname{diag}(\lambda) V^\top$ is computed once
    and exposed: ``eigenvalues`` (ascending) and ``eigenvectors`` (orthonormal
    columns). ``L`` is the largest $|\lambda|$; ``m`` is the smallest eigenvalue when
    $A \succeq 0$ (``0.0`` for a singular $A$) and ``None`` when $A$ is indefinite.
    ``x_star`` solves $A x = b$ (the minimum-norm solution when $A$ is singular and
    $b$ lies in its range; ``None`` when no minimizer exists), and then ``f`` and
    ``grad`` are evaluated in the centred form $f^\star + \tfrac12 (x - x^\star)^\top
    A (x - x^\star)$, $A (x - x^\star)$, exact at $x^\star$.

    Args:
        A: symmetric ``(dim, dim)`` matrix (symmetrized; an asymmetric one is an error).
        b: linear term of shape ``(dim,)``, zero by default.
        c: constant term.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> q = gd.Quadratic(np.diag([1.0, 10.0]), b=np.array([1.0, 10.0]))
        >>> q.x_star, q.f_star, q.L, q.m
        (array([1., 1.]), -5.5, 10.0, 1.0)
        >>> q = gd.Quadratic.with_spectrum(m=1.0, L=100.0, dim=5, seed=0)
        >>> q.eigenvalues
        array([  1.  ,  25.75,  50.5 ,  75.25, 100.  ])
    """

    dim: int
    A: np.ndarray
    b: np.ndarray
    c: float
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    L: float
    m: float | None
    x_star: np.ndarray | None
    f_star: float | None

    def __init__(self, A: object, b: object = None, c: float = 0.0) -> None:
        A = np.array(A, dtype=float)
        if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
            raise ValueError(f"A must be a square (dim, dim) matrix, got shape {A.shape}")
        if not np.all(np.isfinite(A)):
            raise ValueError("A must be finite, got non-finite entries")
        scale = max(1.0, float(np.max(np.abs(A))))
        if not np.allclose(A, A.T, rtol=0.0, atol=1e-12 * scale):
            raise ValueError("A must be symmetric, got A != A.T")
        A = (A + A.T) / 2
        dim = A.shape[0]
        if b is None:
            b = np.zeros(dim)
        b = np.array(b, dtype=float)
        if b.shape != (dim,) or not np.all(np.isfinite(b)):
            raise ValueError(f"b must be a finite vector of shape ({dim},), got shape {b.shape}")
        lam, V = np.linalg.eigh(A)
        self._setup(A, b, _check_finite("c", c), lam, V)

    def _setup(
        self,
        A: np.ndarray,
        b: np.ndarray,
        c: float,
        lam: np.ndarray,
        V: np.ndarray,
        *,
        L: float | None = None,
        m: float | None = None,
        x_star: np.ndarray | None = None,
        f_star: float | None = None,
    ) -> None:
        """Store the attributes; constants not given are derived from the spectrum."""
        tol = 1e-12 * max(1.0, float(np.max(np.abs(lam))))
        if L is None:
            L = float(np.max(np.abs(lam)))
        if m is None and lam[0] >= -tol:
            m = max(float(lam[0]), 0.0)
        if x_star is None and lam[0] >= -tol:
            coef = V.T @ b
            zero = np.abs(lam) <= tol
            if np.all(np.abs(coef[zero]) <= 1e-10 * max(1.0, float(np.max(np.abs(b))))):
                safe = np.where(zero, 1.0, lam)
                x_star = V @ np.where(zero, 0.0, coef / safe)
        if x_star is not None and f_star is None:
            f_star = float(c - 0.5 * b @ x_star)
        set_ = object.__setattr__
        set_(self, "dim", A.shape[0])
        set_(self, "A", _readonly(A))
        set_(self, "b", _readonly(b))
        set_(self, "c", float(c))
        set_(self, "eigenvalues", _readonly(lam))
        set_(self, "eigenvectors", _readonly(V))
        set_(self, "L", float(L))
        set_(self, "m", None if m is None else float(m))
        set_(self, "x_star", None if x_star is None else _readonly(x_star))
        set_(self, "f_star", None if f_star is None else float(f_star))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot set {name!r}")

    def __repr__(self) -> str:
        return f"Quadratic(dim={self.dim}, m={self.m!r}, L={self.L!r})"

    @classmethod
    def with_spectrum(cls, m: float, L: float, dim: int, seed: int = 0) -> Quadratic:
        r"""A quadratic $\tfrac12 x^\top A x$ with eigenvalues spread evenly from ``m`` to ``L``.

        $A = Q \operatorname{diag}(\lambda) Q^\top$ with $\lambda$ = ``np.linspace(m, L,
        dim)`` (both ends included, so the constants are exactly ``m`` and ``L``) and
        $Q$ a random orthogonal matrix (Haar distributed: the QR factor of a Gaussian
        matrix with the signs of $R$'s diagonal moved into $Q$) drawn from
        ``np.random.default_rng(seed)``. The minimizer is $x^\star = 0$, $f^\star = 0$.
        ``eigenvalues`` and ``eigenvectors`` are these exact $\lambda$ and $Q$.

        Args:
            m: smallest eigenvalue, ``0 <= m <= L`` (``m = 0``: convex, not strongly).
            L: largest eigenvalue, ``L > 0``.
            dim: dimension (``dim = 1`` needs ``m == L``).
            seed: seed of the generator of the basis.
        """
        dim = _check_int("dim", dim, 1)
        L = _check_finite("L", L)
        m = _check_finite("m", m)
        if not 0 < L:
            raise ValueError(f"L must be > 0, got {L!r}")
        if not 0 <= m <= L:
            raise ValueError(f"m must satisfy 0 <= m <= L = {L!r}, got {m!r}")
        if dim == 1 and m != L:
            raise ValueError(f"dim = 1 holds a single eigenvalue, so m must equal L; got m={m!r}")
        rng = np.random.default_rng(seed)
        G = rng.standard_normal((dim, dim))
        Q, R = np.linalg.qr(G)
        signs = np.sign(np.diag(R))
        Q = Q * np.where(signs == 0, 1.0, signs)
        lam = np.linspace(m, L, dim)
        A = (Q * lam) @ Q.T
        A = (A + A.T) / 2
        q = cls.__new__(cls)
        Quadratic._setup(
            q, A, np.zeros(dim), 0.0, lam, Q, L=L, m=m, x_star=np.zeros(dim), f_star=0.0
        )
        return q

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        if self.x_star is not None:
            d = x - self.x_star
            return self.f_star + 0.5 * np.sum(d * (d @ self.A), axis=-1)
        return 0.5 * np.sum(x * (x @ self.A), axis=-1) - x @ self.b + self.c

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        if self.x_star is not None:
            return (x - self.x_star) @ self.A
        return x @ self.A - self.b


# The course chapter's example f(x, y) = (x - 1)^2 + 2 (y - 2)^2: its minimizer and the
# slopes of its gradient, 2 (x - 1) and 4 (y - 2). Scaling by a power of two is exact, so
# ``_SEED_SLOPES * (x - _SEED_CENTER)`` gives the bits of the formula coordinate by coordinate.
_SEED_CENTER = np.array([1.0, 2.0])
_SEED_SLOPES = np.array([2.0, 4.0])
_SEED_CENTER.setflags(write=False)
_SEED_SLOPES.setflags(write=False)


class SeedQuadratic(Quadratic):
    r"""The course chapter's example $f(x, y) = (x - 1)^2 + 2 (y - 2)^2$ (the course chapter, §1).

    A [`Quadratic`][gdtheory.Quadratic] with $A = \operatorname{diag}(2, 4)$, so
    $L = 4$, $m = 2$, $x^\star = (1, 2)$, $f^\star = 0$; ``f`` and ``grad`` use the
    course chapter's formulas. ``x0 = (-2, -1)`` is its starting point; its learning
    rates 0.1, 0.3, 0.5, 0.9 are below $1/L$, at $2/L$ (the $y$ coordinate oscillates
    forever) and beyond it (divergence).

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SeedQuadratic()
        >>> float(p.f(p.x0))
        27.0
    """

    def __init__(self) -> None:
        self._setup(
            np.diag([2.0, 4.0]),
            np.array([2.0, 8.0]),
            9.0,
            np.array([2.0, 4.0]),
            np.eye(2),
            L=4.0,
            m=2.0,
            x_star=np.array([1.0, 2.0]),
            f_star=0.0,
        )
        object.__setattr__(self, "x0", _readonly([-2.0, -1.0]))

    def __repr__(self) -> str:
        return "SeedQuadratic()"

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        return (x[..., 0] - 1) ** 2 + 2 * (x[..., 1] - 2) ** 2

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        return _SEED_SLOPES * (x - _SEED_CENTER)  # (2 (x - 1), 4 (y - 2)), the same floats


class NesterovWorstCase(Quadratic):
    r"""Nesterov's worst function for first-order methods: $\frac L4 (\tfrac12 x^\top T x - x_1)$.

    $T$ is the ``dim``-by-``dim`` tridiagonal matrix with 2 on the diagonal and -1
    beside it. Its minimizer is $x^\star_i = 1 - i/(n+1)$ ($i = 1..n$, $n$ = ``dim``)
    with $f^\star = -\frac L8 \left(1 - \frac1{n+1}\right)$; the Hessian
    $\frac L4 T$ has eigenvalues $\frac L4 (2 - 2\cos\frac{k\pi}{n+1})$ (eigenvectors
    $\sqrt{2/(n+1)} \sin\frac{ik\pi}{n+1}$), all in $(0, L)$. So ``L`` is the class
    parameter (the constant of the lower-bound theorem, not attained) and ``m`` the
    smallest eigenvalue, tiny for large ``dim``. Started at ``x0 = 0``, any method
    whose iterates lie in the span of the gradients seen has $x_t$ in the first
    $t$ coordinates only (``grad`` is computed as $Ax - b$, so the other coordinates
    stay exactly zero), which gives the lower bound
    $f(x_t) - f^\star \ge 3 L R^2 / (32 (t + 1)^2)$ for $t \le (n - 1)/2$.

    Args:
        L: the smoothness constant, ``L > 0``.
        dim: dimension $n \ge 1$.

    Reference:
        Nesterov, Y. (2004). Introductory Lectures on Convex Optimization, §2.1
        (lower complexity bounds for smooth convex functions).

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.NesterovWorstCase(L=1.0, dim=3)
        >>> p.x_star, p.f_star
        (array([0.75, 0.5 , 0.25]), -0.09375)
    """

    def __init__(self, L: float, dim: int) -> None:
        check_positive("L", L)
        L = _check_finite("L", L)
        n = _check_int("dim", dim, 1)
        T = 2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)
        b = np.zeros(n)
        b[0] = L / 4
        k = np.arange(1, n + 1)
        lam = (L / 4) * (2 - 2 * np.cos(k * np.pi / (n + 1)))
        V = np.sqrt(2 / (n + 1)) * np.sin(np.outer(k, k) * np.pi / (n + 1))
        self._setup(
            (L / 4) * T,
            b,
            0.0,
            lam,
            V,
            L=L,
            m=float(lam[0]),
            x_star=1 - k / (n + 1),
            f_star=-(L / 8) * (1 - 1 / (n + 1)),
        )
        object.__setattr__(self, "x0", _readonly(np.zeros(n)))

    def __repr__(self) -> str:
        return f"NesterovWorstCase(L={self.L!r}, dim={self.dim})"

    def grad(self, x: object) -> np.ndarray:
        # A x - b rather than the centred A (x - x*): coordinates the iterates have not
        # reached stay exactly zero, which is the structure the lower bound rests on.
        x = self._points(x)
        return x @ self.A - self.b


# ---------------------------------------------------------------------------------------
# Non-quadratic 2-D landscapes
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rosenbrock(_Problem):
    r"""Rosenbrock's banana $f(x, y) = (a - x)^2 + b (y - x^2)^2$.

    Minimizer $(a, a^2)$, $f^\star = 0$, at the end of a long curved valley. Not
    convex and its Hessian is unbounded, so ``L = m = None``. ``x0 = (-1, 0.5)`` is
    the source notes' start (the course chapter, §4).

    Reference:
        Rosenbrock, H. H. (1960). An automatic method for finding the greatest or
        least value of a function. The Computer Journal 3(3).

    Examples:
        >>> import gdtheory as gd
        >>> gd.Rosenbrock().f([[1.0, 1.0], [0.0, 0.0]])
        array([0., 1.])
    """

    a: float = 1.0
    b: float = 100.0

    dim: ClassVar[int] = 2
    L: ClassVar[None] = None
    m: ClassVar[None] = None
    f_star: ClassVar[float] = 0.0

    def __post_init__(self) -> None:
        _check_finite("a", self.a)
        check_positive("b", self.b)

    @property
    def x_star(self) -> np.ndarray:
        return np.array([self.a, self.a**2], dtype=float)

    @property
    def x0(self) -> np.ndarray:
        return np.array([-1.0, 0.5])

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        u, v = x[..., 0], x[..., 1]
        return (self.a - u) ** 2 + self.b * (v - u**2) ** 2

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        u, v = x[..., 0], x[..., 1]
        return np.stack(
            [-2 * (self.a - u) - 4 * self.b * u * (v - u**2), 2 * self.b * (v - u**2)], axis=-1
        )


@dataclass(frozen=True)
class Beale(_Problem):
    r"""Beale's function $\sum_{i=1}^3 (c_i - x + x y^i)^2$, $c = (1.5, 2.25, 2.625)$.

    Minimizer $(3, 0.5)$, $f^\star = 0$; flat valleys and steep walls (the source notes
    compare adaptive methods on it from ``x0 = (3, 3)``, the course chapter §5). Not convex, the
    Hessian is unbounded: ``L = m = None``.

    Reference:
        Beale, E. M. L. (1958). On an iterative method for finding a local minimum of a
        function of more than one variable. Princeton University, Tech. Rep. 25.

    Examples:
        >>> import gdtheory as gd
        >>> float(gd.Beale().f([3.0, 0.5]))
        0.0
    """

    dim: ClassVar[int] = 2
    L: ClassVar[None] = None
    m: ClassVar[None] = None
    f_star: ClassVar[float] = 0.0
    _c: ClassVar[tuple[float, float, float]] = (1.5, 2.25, 2.625)

    @property
    def x_star(self) -> np.ndarray:
        return np.array([3.0, 0.5])

    @property
    def x0(self) -> np.ndarray:
        return np.array([3.0, 3.0])

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        u, v = x[..., 0], x[..., 1]
        return sum((c - u + u * v ** (i + 1)) ** 2 for i, c in enumerate(self._c))

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        u, v = x[..., 0], x[..., 1]
        gu = np.zeros_like(u)
        gv = np.zeros_like(v)
        for i, c in enumerate(self._c):
            k = i + 1
            r = c - u + u * v**k
            gu = gu + 2 * r * (v**k - 1)
            gv = gv + 2 * r * (k * u * v ** (k - 1))
        return np.stack([gu, gv], axis=-1)


@dataclass(frozen=True)
class Saddle(_Problem):
    r"""The saddle $f(x, y) = x^2 - y^2$: a critical point at the origin, no minimizer.

    Unbounded below, so ``x_star = f_star = None``; ``saddle_point`` is $(0, 0)$.
    The gradient is $2$-Lipschitz (``L = 2``); not convex (``m = None``). Gradient
    descent started on the $x$ axis converges to the saddle; any $y \ne 0$ grows by
    the factor $1 + 2\eta$ per step and the run leaves along $y$.

    Examples:
        >>> import gdtheory as gd
        >>> gd.Saddle().grad([1.0, 1.0])
        array([ 2., -2.])
    """

    dim: ClassVar[int] = 2
    L: ClassVar[float] = 2.0
    m: ClassVar[None] = None
    x_star: ClassVar[None] = None
    f_star: ClassVar[None] = None

    @property
    def saddle_point(self) -> np.ndarray:
        return np.zeros(2)

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        return x[..., 0] ** 2 - x[..., 1] ** 2

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        return np.stack([2 * x[..., 0], -2 * x[..., 1]], axis=-1)


@dataclass(frozen=True)
class Plateau(_Problem):
    r"""A well in a plateau: $f(x) = 1 - \exp(-\|x\|^2 / (2 w^2))$.

    Far from the origin ($\|x\| \gg w$) the function is flat at height almost 1 and
    its gradient, of norm $(r / w^2) e^{-r^2/(2w^2)}$ at radius $r$, is tiny
    (about $1.3 \cdot 10^{-3} / w$ at $r = 4w$, $10^{-10}$ at $r = 7.5w$): gradient
    descent crawls there, and a gradient-norm threshold stops it far from the
    minimizer. Near the origin it is a well with $x^\star = 0$, $f^\star = 0$.
    Not convex (``m = None``); the Hessian's eigenvalues lie in
    $[-2e^{-3/2}/w^2, 1/w^2]$, so ``L = 1 / w**2`` (attained at the origin).

    Args:
        width: the radius $w$ of the well.
        dim: dimension.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.Plateau()
        >>> float(p.f([0.0, 0.0])), float(p.f([100.0, 0.0]))
        (0.0, 1.0)
    """

    width: float = 1.0
    dim: int = 2

    m: ClassVar[None] = None
    f_star: ClassVar[float] = 0.0

    def __post_init__(self) -> None:
        check_positive("width", self.width)
        _check_int("dim", self.dim, 1)

    @property
    def L(self) -> float:
        return 1.0 / self.width**2

    @property
    def x_star(self) -> np.ndarray:
        return np.zeros(self.dim)

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        return -np.expm1(-np.sum(x * x, axis=-1) / (2 * self.width**2))

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        e = np.exp(-np.sum(x * x, axis=-1) / (2 * self.width**2))
        return x * (e / self.width**2)[..., None]


# ---------------------------------------------------------------------------------------
# Finite sums: regression on synthetic data
# ---------------------------------------------------------------------------------------


def _check_idx(idx: object, n: int) -> np.ndarray:
    arr = np.asarray(idx)
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(
            f"idx must be a non-empty 1-D array of integer example indices, got {idx!r}"
        )
    if arr.min() < 0 or arr.max() >= n:
        raise ValueError(
            f"idx must lie in [0, n) = [0, {n}), got indices from {arr.min()} to {arr.max()}"
        )
    return arr


class _DataProblem(_Problem):
    """Shared by the regression problems: ``n`` examples ``X`` (``n x d``) with targets ``y``.

    ``idx`` selects a minibatch of examples (repeats allowed); ``None`` means all of them.
    """

    @property
    def dim(self) -> int:
        return self.d

    @property
    def x0(self) -> np.ndarray:
        return np.zeros(self.d)

    def _data(self, idx: object) -> tuple[np.ndarray, np.ndarray]:
        if idx is None:
            return self.X, self.y
        i = _check_idx(idx, self.n)
        return self.X[i], self.y[i]


@dataclass(frozen=True, eq=False)
class LinearRegression(_DataProblem):
    r"""Least squares on synthetic data: $f(w) = \frac1{2n} \|X w - y\|^2$ (the course chapter, §3).

    The data are drawn from ``np.random.default_rng(seed)``: $X$ with standard normal
    entries ($n \times d$), a true weight vector $w_{\text{true}}$ with standard
    normal entries, and $y = X w_{\text{true}} + \text{noise} \cdot \varepsilon$.
    The objective is the average of $f_i(w) = \tfrac12 (x_i^\top w - y_i)^2$, so a
    minibatch ``idx`` gives the unbiased estimate $\frac1B \sum_{i \in \text{idx}}
    \nabla f_i(w)$. The Hessian ``hessian`` $= X^\top X / n$ is constant: ``L`` and
    ``m`` are its extreme eigenvalues. ``x_star`` is the exact least-squares solution
    (``np.linalg.lstsq``) and ``f_star = f(x_star)``; ``x0`` is zero.

    Args:
        n: number of examples.
        d: number of features (``dim``).
        noise: standard deviation of the label noise.
        seed: seed of the data.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.LinearRegression(n=100, d=3, seed=1)
        >>> p.per_example_grads(p.x0).shape
        (100, 3)
        >>> bool(np.allclose(p.per_example_grads(p.x0).mean(axis=0), p.grad(p.x0)))
        True
    """

    n: int = 1000
    d: int = 20
    noise: float = 0.1
    seed: int = 0

    X: np.ndarray = field(init=False, repr=False)
    y: np.ndarray = field(init=False, repr=False)
    w_true: np.ndarray = field(init=False, repr=False)
    hessian: np.ndarray = field(init=False, repr=False)
    L: float = field(init=False, repr=False)
    m: float = field(init=False, repr=False)
    x_star: np.ndarray = field(init=False, repr=False)
    f_star: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_int("n", self.n, 1)
        _check_int("d", self.d, 1)
        check_nonnegative("noise", self.noise)
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((self.n, self.d))
        w_true = rng.standard_normal(self.d)
        y = X @ w_true + self.noise * rng.standard_normal(self.n)
        H = X.T @ X / self.n
        lam = np.linalg.eigvalsh(H)
        set_ = object.__setattr__
        set_(self, "X", _readonly(X))
        set_(self, "y", _readonly(y))
        set_(self, "w_true", _readonly(w_true))
        set_(self, "hessian", _readonly(H))
        set_(self, "L", float(lam[-1]))
        set_(self, "m", max(float(lam[0]), 0.0))
        set_(self, "x_star", _readonly(np.linalg.lstsq(X, y, rcond=None)[0]))
        set_(self, "f_star", float(self.f(self.x_star)))

    def f(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        X, y = self._data(idx)
        r = x @ X.T - y
        return 0.5 * np.mean(r * r, axis=-1)

    def grad(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        X, y = self._data(idx)
        r = x @ X.T - y
        return r @ X / len(y)

    def per_example_grads(self, x: object) -> np.ndarray:
        """The ``n`` gradients $\\nabla f_i(x)$: shape ``(..., n, dim)``."""
        x = self._points(x)
        r = x @ self.X.T - self.y
        return r[..., :, None] * self.X

    @property
    def mu_pl(self) -> float:
        r"""The Polyak-Lojasiewicz constant: the smallest non-zero eigenvalue of $X^\top X / n$.

        With $r = Xw - y$ and $r^\star$ the residual at ``x_star``, $f(w) - f^\star =
        \|r - r^\star\|^2/(2n)$ and $r - r^\star = X(w - w^\star)$ lies in the range of
        $X$, where $\|X^\top v\|^2 \ge \lambda_{+} \|v\|^2$ ($\lambda_+$ the smallest
        non-zero eigenvalue of $X X^\top$, equal to that of $X^\top X$). So
        $\tfrac12 \|\nabla f(w)\|^2 = \|X^\top (r - r^\star)\|^2/(2n^2) \ge
        (\lambda_+/n)(f(w) - f^\star)$: least squares is PL even when $d > n$ and
        ``m`` is 0 (over-parameterized: many minimizers, all with $f = f^\star$).
        """
        lam = np.linalg.eigvalsh(self.hessian)
        return float(lam[lam > 1e-10 * lam[-1]][0])


def _log1p_exp(z: np.ndarray) -> np.ndarray:
    """log(1 + exp(z)) without overflow."""
    return np.logaddexp(0.0, z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True, eq=False)
class LogisticRegression(_DataProblem):
    r"""Logistic regression on synthetic data, with an optional $\ell_2$ penalty.

    $f(w) = \frac1n \sum_i \log(1 + e^{-y_i x_i^\top w}) + \frac{\lambda}{2}\|w\|^2$
    with labels $y_i \in \{-1, +1\}$. The data are drawn from
    ``np.random.default_rng(seed)``: $X$ standard normal ($n \times d$), a true weight
    vector $w_{\text{true}}$ standard normal, and $y_i = +1$ with probability
    $\sigma(x_i^\top w_{\text{true}})$, so the classes overlap and a minimizer exists
    even without the penalty. The Hessian is
    $\frac1n X^\top \operatorname{diag}(\sigma_i (1 - \sigma_i)) X + \lambda I
    \preceq \frac1{4n} X^\top X + \lambda I$: ``L`` is that bound's largest
    eigenvalue, ``m = l2`` (``0.0``: convex, not strongly). ``x_star`` is found by
    Newton's method at construction (gradient norm below ``1e-12``; ``None`` if it
    fails), ``f_star = f(x_star)``. Minibatches work as in
    [`LinearRegression`][gdtheory.LinearRegression] (the penalty is in every
    $f_i$).

    Args:
        n: number of examples.
        d: number of features (``dim``).
        l2: penalty $\lambda \ge 0$.
        seed: seed of the data.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.LogisticRegression(n=200, d=3, seed=0)
        >>> bool(np.linalg.norm(p.grad(p.x_star)) < 1e-10)
        True
    """

    n: int = 1000
    d: int = 20
    l2: float = 0.0
    seed: int = 0

    X: np.ndarray = field(init=False, repr=False)
    y: np.ndarray = field(init=False, repr=False)
    w_true: np.ndarray = field(init=False, repr=False)
    L: float = field(init=False, repr=False)
    m: float = field(init=False, repr=False)
    x_star: np.ndarray | None = field(init=False, repr=False)
    f_star: float | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_int("n", self.n, 1)
        _check_int("d", self.d, 1)
        check_nonnegative("l2", self.l2)
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((self.n, self.d))
        w_true = rng.standard_normal(self.d)
        y = np.where(rng.random(self.n) < _sigmoid(X @ w_true), 1.0, -1.0)
        set_ = object.__setattr__
        set_(self, "X", _readonly(X))
        set_(self, "y", _readonly(y))
        set_(self, "w_true", _readonly(w_true))
        set_(self, "L", float(np.linalg.eigvalsh(X.T @ X)[-1] / (4 * self.n) + self.l2))
        set_(self, "m", float(self.l2))
        x_star = self._newton()
        set_(self, "x_star", None if x_star is None else _readonly(x_star))
        set_(self, "f_star", None if x_star is None else float(self.f(x_star)))

    def _newton(self) -> np.ndarray | None:
        """Damped Newton's method from 0; the minimizer, or None if it is not reached."""
        w = np.zeros(self.d)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(100):
                g = self.grad(w)
                if np.linalg.norm(g) < 1e-12:
                    return w
                s = _sigmoid(self.y * (self.X @ w))
                H = (self.X.T * (s * (1 - s))) @ self.X / self.n + self.l2 * np.eye(self.d)
                try:
                    step = np.linalg.solve(H, g)
                except np.linalg.LinAlgError:
                    return None
                fw, a = self.f(w), 1.0
                while self.f(w - a * step) > fw - 1e-4 * a * (g @ step) and a > 1e-10:
                    a /= 2
                w = w - a * step
        return None

    def f(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        X, y = self._data(idx)
        margins = y * (x @ X.T)
        return np.mean(_log1p_exp(-margins), axis=-1) + 0.5 * self.l2 * np.sum(x * x, axis=-1)

    def grad(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        X, y = self._data(idx)
        margins = y * (x @ X.T)
        return -(y * _sigmoid(-margins)) @ X / len(y) + self.l2 * x

    def per_example_grads(self, x: object) -> np.ndarray:
        """The ``n`` gradients $\\nabla f_i(x)$ (penalty included): shape ``(..., n, dim)``."""
        x = self._points(x)
        margins = self.y * (x @ self.X.T)
        return -(self.y * _sigmoid(-margins))[..., :, None] * self.X + self.l2 * x[..., None, :]


# ---------------------------------------------------------------------------------------
# Worst cases and counterexamples (one dimension)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Huber(_Problem):
    r"""The Huber function on which gradient descent attains its tight worst case.

    With $\tau = R / (2 N h + 1)$: $f(x) = L\tau|x| - L\tau^2/2$ for $|x| \ge \tau$ and
    $L x^2 / 2$ otherwise; it is convex and $L$-smooth (``m = 0``), $x^\star = 0$,
    $f^\star = 0$. From ``x0`` $= R$ each of the $N$ steps of size $h/L$ moves by
    $h\tau$ on the linear part, and $f(x_N) = L R^2 / (2 (2 N h + 1))$ exactly: the
    tight bound $L R^2 / (4 N h + 2)$ of Drori & Teboulle for $0 < h \le 1$.

    Args:
        L: smoothness constant, ``L > 0``.
        R: distance from ``x0`` to the minimizer, ``R > 0``.
        N: number of steps the function is built for, ``N >= 1``.
        h: normalized step (the step size is ``h / L``), ``h > 0``.

    Reference:
        Drori, Y. & Teboulle, M. (2014). Performance of first-order methods for smooth
        convex minimization: a novel approach. Math. Program. 145, Thm 3.1.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.Huber(L=1.0, R=1.0, N=1)
        >>> x = p.x0
        >>> x = x - (1.0 / p.L) * p.grad(x)
        >>> round(float(p.f(x)), 12)  # L R^2 / (4 N h + 2) = 1/6
        0.166666666667
    """

    L: float
    R: float
    N: int
    h: float = 1.0

    dim: ClassVar[int] = 1
    m: ClassVar[float] = 0.0
    f_star: ClassVar[float] = 0.0

    def __post_init__(self) -> None:
        check_positive("L", self.L)
        check_positive("R", self.R)
        _check_int("N", self.N, 1)
        check_positive("h", self.h)

    @property
    def tau(self) -> float:
        return self.R / (2 * self.N * self.h + 1)

    @property
    def x_star(self) -> np.ndarray:
        return np.zeros(1)

    @property
    def x0(self) -> np.ndarray:
        return np.array([float(self.R)])

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)[..., 0]
        L, tau = self.L, self.tau
        return np.where(np.abs(x) >= tau, L * tau * np.abs(x) - L * tau**2 / 2, L * x * x / 2)

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        return self.L * np.clip(x, -self.tau, self.tau)


@dataclass(frozen=True)
class LessardHeavyBall(_Problem):
    r"""The strongly convex function on which the heavy ball with Polyak's parameters cycles.

    Its gradient is piecewise linear: $25x$ for $x < 1$, $x + 24$ for $1 \le x < 2$,
    $25x - 24$ for $x \ge 2$, so ``m = 1`` and ``L = 25``; $f$ is its integral with
    $f(0) = 0$: $\frac{25}{2}x^2$, $\tfrac12 x^2 + 24x - 12$,
    $\frac{25}{2}x^2 - 24x + 36$ on the three pieces. $x^\star = 0$, $f^\star = 0$.
    The heavy ball with $\alpha = 1/9$, $\beta = 4/9$ (Polyak's tuning for
    $m = 1$, $L = 25$) from ``x0`` $= 3.3$ settles into the 3-cycle
    $\{-1.802, 2.116, 0.647\}$, while gradient descent converges.

    Reference:
        Lessard, L., Recht, B. & Packard, A. (2016). Analysis and design of optimization
        algorithms via integral quadratic constraints. SIAM J. Optim. 26(1), 57-95.

    Examples:
        >>> import gdtheory as gd
        >>> gd.LessardHeavyBall().grad([[0.5], [1.5], [3.0]])
        array([[12.5],
               [25.5],
               [51. ]])
    """

    dim: ClassVar[int] = 1
    L: ClassVar[float] = 25.0
    m: ClassVar[float] = 1.0
    f_star: ClassVar[float] = 0.0

    @property
    def x_star(self) -> np.ndarray:
        return np.zeros(1)

    @property
    def x0(self) -> np.ndarray:
        return np.array([3.3])

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)[..., 0]
        return np.where(
            x < 1,
            12.5 * x * x,
            np.where(x < 2, 0.5 * x * x + 24 * x - 12, 12.5 * x * x - 24 * x + 36),
        )

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        return np.where(x < 1, 25 * x, np.where(x < 2, x + 24, 25 * x - 24))


@dataclass(frozen=True)
class ReddiAdam(_Problem):
    r"""Reddi, Kale & Kumar's online problem on which Adam converges to the worst point.

    On $x \in [-1, 1]$ the loss at round $t$ is $C x$ every third round and $-x$
    otherwise. Here ``t`` is the 0-based step count used throughout the package, so
    step ``t`` sees the paper's $f_{t+1}$: $f_t(x) = C x$ if ``t % 3 == 0`` else $-x$
    (the gradients are $C, -1, -1, C, -1, -1, \dots$). ``f(x, t)`` and
    ``grad(x, t)`` give round ``t``; without ``t`` they give the average over a
    period, $F(x) = \frac{C - 2}{3} x$, which [`minimize`][gdtheory.minimize] records
    as the loss. Its minimizer on the interval is ``x_star`` $= -1$, ``f_star``
    $= -(C - 2)/3$ (a constrained minimum: the gradient is not zero there). The
    losses are linear, so ``L = 0`` and ``m = 0``. ``project`` clips to $[-1, 1]$;
    pass it as ``minimize(..., project=problem.project)``. ``x0 = 1``.

    With $\beta_1 = 0$, $\beta_2 = 1/(1 + C^2)$ and step $\alpha/\sqrt{t}$, Adam's
    iterates go to $+1$ (the worst point) while AMSGrad's go to $-1$.

    Args:
        C: the large gradient, ``C > 2`` (so that $-1$ is the best point).

    Reference:
        Reddi, S. J., Kale, S. & Kumar, S. (2018). On the convergence of Adam and
        beyond. ICLR, Theorem 1.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.ReddiAdam()
        >>> [float(p.grad([0.0], t)[0]) for t in range(4)]
        [3.0, -1.0, -1.0, 3.0]
    """

    C: float = 3.0

    dim: ClassVar[int] = 1
    online: ClassVar[bool] = True
    L: ClassVar[float] = 0.0
    m: ClassVar[float] = 0.0

    def __post_init__(self) -> None:
        c = _check_finite("C", self.C)
        if not c > 2:
            raise ValueError(f"C must be > 2 (so that x = -1 is the best point), got {self.C!r}")

    @property
    def x_star(self) -> np.ndarray:
        return np.array([-1.0])

    @property
    def f_star(self) -> float:
        return -(self.C - 2) / 3

    @property
    def x0(self) -> np.ndarray:
        return np.array([1.0])

    def _slope(self, t: int | None) -> float:
        if t is None:
            return (self.C - 2) / 3
        if isinstance(t, bool) or not isinstance(t, int | np.integer) or t < 0:
            raise ValueError(f"t must be a non-negative integer step count, got {t!r}")
        return float(self.C) if t % 3 == 0 else -1.0

    def f(self, x: object, t: int | None = None) -> np.ndarray:
        x = self._points(x)
        return self._slope(t) * x[..., 0]

    def grad(self, x: object, t: int | None = None) -> np.ndarray:
        x = self._points(x)
        return np.full_like(x, self._slope(t))

    def project(self, x: np.ndarray) -> np.ndarray:
        """Clip ``x`` to the feasible interval $[-1, 1]$."""
        return np.clip(x, -1.0, 1.0)


# ---------------------------------------------------------------------------------------
# Non-convex, but L-smooth: the stationarity and PL rates
# ---------------------------------------------------------------------------------------


def _log_cosh(z: np.ndarray) -> np.ndarray:
    a = np.abs(z)
    return a + np.log1p(np.exp(-2 * a)) - np.log(2.0)


@dataclass(frozen=True)
class DoubleWell(_Problem):
    r"""A double well that is globally $L$-smooth: $f(x) = \tfrac12 \|x\|^2 - c \log\cosh x_1$.

    The Hessian is $\mathrm{diag}(1 - c\,\mathrm{sech}^2 x_1, 1, \dots, 1)$, whose
    eigenvalues lie in $[1 - c, 1]$, so the gradient is $L$-Lipschitz with
    $L = \max(1, c - 1)$ everywhere ($L = 1$ for the default $c = 2$). A polynomial
    double well such as $(x_1^2 - 1)^2$ has no global $L$ (its curvature grows like
    $x_1^2$), so the stationarity rate would not apply to it. For $c > 1$ the origin is
    a saddle point (curvature $1 - c < 0$ along $x_1$) and the two minimizers are
    $(\pm s, 0, \dots)$ with $s = c \tanh s$; ``x_star`` is the one with $s > 0$.
    $f \ge \tfrac12 x_1^2 - c|x_1|$ is bounded below. Not convex (``m = None``),
    and not PL: the gradient vanishes at the saddle, where $f > f^\star$.

    Args:
        c: depth, $c > 1$.
        dim: dimension, at least 1.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.DoubleWell()
        >>> p.L, round(float(p.x_star[0]), 6), round(p.f_star, 6)
        (1.0, 1.915008, -0.653048)
        >>> float(abs(p.grad(p.x_star)).max()) < 1e-12
        True
    """

    c: float = 2.0
    dim: int = 2

    m: ClassVar[None] = None

    def __post_init__(self) -> None:
        _check_finite("c", self.c)
        if not self.c > 1:
            raise ValueError(f"c must be > 1 for a double well, got c={self.c!r}")
        _check_int("dim", self.dim, 1)

    @property
    def L(self) -> float:
        return max(1.0, float(self.c) - 1.0)

    @property
    def x_star(self) -> np.ndarray:
        s = float(self.c)  # s = c tanh(s) by Newton's method from s = c (converges: g convex)
        for _ in range(100):
            th = np.tanh(s)
            step = (s - self.c * th) / (1 - self.c * (1 - th * th))
            s -= step
            if abs(step) < 1e-15 * s:
                break
        x = np.zeros(self.dim)
        x[0] = s
        return x

    @property
    def f_star(self) -> float:
        return float(self.f(self.x_star))

    @property
    def x0(self) -> np.ndarray:
        """A start near the saddle: gradient descent lingers there before it falls in a well."""
        x = np.ones(self.dim)
        x[0] = 1e-3
        return x

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        return 0.5 * np.sum(x * x, axis=-1) - self.c * _log_cosh(x[..., 0])

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        g = np.array(x, dtype=float, copy=True)
        g[..., 0] -= self.c * np.tanh(x[..., 0])
        return g


def _sine_pl_ratio(x: np.ndarray) -> np.ndarray:
    f = x * x + 3 * np.sin(x) ** 2
    g = 2 * x + 3 * np.sin(2 * x)
    return 0.5 * g * g / f


def _sine_pl_constant() -> float:
    """min over x != 0 of (f'(x)^2 / 2) / f(x) for f = x^2 + 3 sin^2 x, by grid and refinement."""
    # The ratio is even, tends to 8 at 0 (f ~ 4x^2) and to 2 as |x| -> inf (f ~ x^2); beyond
    # |x| = 100 it stays above 1 (|f'| >= 2|x| - 3, f <= x^2 + 3). Grid on (0, 100], then
    # golden-section search around the grid minimum.
    x = np.linspace(1e-3, 100.0, 200_001)
    k = int(np.argmin(_sine_pl_ratio(x)))
    a, b = x[max(k - 1, 0)], x[min(k + 1, x.size - 1)]
    phi = (np.sqrt(5) - 1) / 2
    for _ in range(80):
        c, d = b - phi * (b - a), a + phi * (b - a)
        if _sine_pl_ratio(np.array(c)) < _sine_pl_ratio(np.array(d)):
            b = d
        else:
            a = c
    return float(_sine_pl_ratio(np.array((a + b) / 2)))


@dataclass(frozen=True)
class SinePL(_Problem):
    r"""$f(x) = \sum_i x_i^2 + 3 \sin^2 x_i$: not convex, but Polyak-Lojasiewicz.

    $f'' = 2 + 6\cos 2x$ ranges over $[-4, 8]$, so $L = 8$ and $f$ is not convex
    (``m = None``); $x^\star = 0$, $f^\star = 0$, and $f' = 2x + 3\sin 2x$ vanishes
    only at 0. The PL constant ``mu_pl`` is $\min_x (f'(x)^2/2)/f(x)$, computed at
    construction on a fine grid with a golden-section refinement: about 0.1755
    (attained near $x = \pm 2.20$), sharper than the $\mu = 1/32$ quoted for this
    function by Karimi, Nutini & Schmidt (2016). A sum over coordinates has the same
    constant, coordinate by coordinate.

    Args:
        dim: dimension, at least 1.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SinePL()
        >>> p.L, round(p.mu_pl, 4), float(p.f([0.0]))
        (8.0, 0.1755, 0.0)

    Reference:
        Karimi, H., Nutini, J. & Schmidt, M. (2016). Linear convergence of gradient and
        proximal-gradient methods under the Polyak-Lojasiewicz condition. ECML-PKDD.
    """

    dim: int = 1

    L: ClassVar[float] = 8.0
    m: ClassVar[None] = None
    f_star: ClassVar[float] = 0.0
    _mu: ClassVar[float] = _sine_pl_constant()

    def __post_init__(self) -> None:
        _check_int("dim", self.dim, 1)

    @property
    def mu_pl(self) -> float:
        return self._mu

    @property
    def x_star(self) -> np.ndarray:
        return np.zeros(self.dim)

    @property
    def x0(self) -> np.ndarray:
        """A start in the non-convex region, past the point where the PL ratio is smallest."""
        return np.full(self.dim, 3.0)

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)
        return np.sum(x * x + 3 * np.sin(x) ** 2, axis=-1)

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        return 2 * x + 3 * np.sin(2 * x)


@dataclass(frozen=True)
class SlowStationarity(_Problem):
    r"""A 1-D $L$-smooth function on which gradient descent with step $1/L$ keeps $|f'| = g$.

    $f'$ is $-g$ left of 0, then a triangle wave: on each interval $[kp, (k+1)p)$,
    $p = g/L$, $k < N$, it rises with slope $L$ to $-g/2$ and falls back to $-g$; on
    $[Np, (N+1)p)$ it rises to 0, and it is 0 beyond. So $f'$ is $L$-Lipschitz, $f$
    decreases by $3g^2/(4L)$ per tooth and by $g^2/(2L)$ on the last piece, and from
    ``x0`` $= 0$ the iterates of step $1/L$ are $x_k = kp$ with $|f'(x_k)| = g$ for
    $k \le N$. Against $\min_{t<T} |f'(x_t)|^2 \le 2L(f(x_0) - f^\star)/T$ at
    $T = N + 1$ the ratio is $(N + 1)/(1.5N + 1)$: 1 at $N = 0$ (the bound is attained
    at $T = 1$), tending to $2/3$ as $N$ grows. ``x_star`` $= (N + 1)p$ is one of the
    minimizers (the whole half-line beyond it).

    Args:
        L: smoothness constant, $L > 0$.
        g: the gradient norm kept along the run, $g > 0$.
        N: number of teeth, $N \ge 0$.

    Examples:
        >>> import gdtheory as gd
        >>> p = gd.SlowStationarity(L=1.0, g=1.0, N=2)
        >>> [float(p.grad([x])[0]) for x in (0.0, 0.5, 1.0, 2.0, 2.5, 3.0)]
        [-1.0, -0.5, -1.0, -1.0, -0.5, 0.0]
        >>> p.f_star  # -(2 * 3/4 + 1/2)
        -2.0
    """

    L: float = 1.0
    g: float = 1.0
    N: int = 10

    dim: ClassVar[int] = 1
    m: ClassVar[None] = None

    def __post_init__(self) -> None:
        check_positive("L", self.L)
        check_positive("g", self.g)
        _check_int("N", self.N, 0)

    @property
    def _p(self) -> float:
        return self.g / self.L

    @property
    def x0(self) -> np.ndarray:
        return np.zeros(1)

    @property
    def x_star(self) -> np.ndarray:
        return np.array([(self.N + 1) * self._p])

    @property
    def f_star(self) -> float:
        return -(self.N * 3 * self.g * self._p / 4 + self.g * self._p / 2)

    def f(self, x: object) -> np.ndarray:
        x = self._points(x)[..., 0]
        g, L, p, N = self.g, self.L, self._p, self.N
        k = np.clip(np.floor(x / p), 0, N)
        u = x - k * p
        tooth = np.where(
            u <= p / 2, -g * u + L * u * u / 2, -3 * g * p / 8 - L * (u * u - p * p / 4) / 2
        )
        last = -g * u + L * u * u / 2
        inside = -k * 3 * g * p / 4 + np.where(k < N, tooth, last)
        return np.where(x < 0, -g * x, np.where(x >= (N + 1) * p, self.f_star, inside))

    def grad(self, x: object) -> np.ndarray:
        x = self._points(x)
        u0 = x[..., 0]
        g, L, p, N = self.g, self.L, self._p, self.N
        k = np.clip(np.floor(u0 / p), 0, N)
        u = u0 - k * p
        tooth = np.where(u <= p / 2, -g + L * u, -g + L * (p - u))
        last = -g + L * u
        inside = np.where(k < N, tooth, last)
        d = np.where(u0 < 0, -g, np.where(u0 >= (N + 1) * p, 0.0, inside))
        return d[..., None]


# ---------------------------------------------------------------------------------------
# A small neural network: non-convex, and smooth only on bounded regions
# ---------------------------------------------------------------------------------------


def _imul(
    alo: np.ndarray, ahi: np.ndarray, blo: np.ndarray, bhi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The interval product ``[alo, ahi] * [blo, bhi]``, elementwise (arrays broadcast)."""
    c = np.stack(np.broadcast_arrays(alo * blo, alo * bhi, ahi * blo, ahi * bhi))
    return c.min(axis=0), c.max(axis=0)


def _iscale(lo: np.ndarray, hi: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The interval ``[lo, hi]`` times the numbers ``c``, elementwise."""
    return np.minimum(lo * c, hi * c), np.maximum(lo * c, hi * c)


_RELATIVE_SLACK = 1e-9  # covers the rounding of the interval arithmetic and of eigvalsh


@dataclass(frozen=True, eq=False)
class TwoLayerNet(_Problem):
    r"""A small two-layer $\tanh$ network fitted by least squares to a fixed seeded dataset.

    The prediction for an input $x_i \in \mathbb{R}^d$ is
    $u_i(\theta) = \sum_{k=1}^{h} v_k \tanh(w_k^\top \tilde x_i)$ with
    $\tilde x_i = (x_i, 1)$ (the last weight of each $w_k$ is a bias), and

    $$f(\theta) = \frac1{2n} \sum_{i=1}^n \big(u_i(\theta) - y_i\big)^2 \ge 0 = f_{\inf}.$$

    The parameters are one flat vector, ``dim`` $= h(d + 1) + h$: the rows
    $w_1, \dots, w_h$ of the first layer, then the output weights $v$. The data are
    drawn from ``np.random.default_rng(seed)``: inputs $x_i$ standard normal, a
    teacher network of the same shape with standard normal weights (``x_star``),
    targets $y_i = u_i(\theta^\star) + \text{noise}\cdot\varepsilon_i$, and the start
    ``x0`` with $w_k \sim N(0, I/(d+1))$, $v_k \sim N(0, 1/h)$. Without noise the
    teacher fits exactly, so $f^\star = 0$ (``f_star``; ``None`` with noise, where the
    minimum is not known). ``f_inf`` $= 0$ is a lower bound in every case.

    Not convex (``m = None``: the sign and the order of the hidden units can be
    swapped), and not globally $L$-smooth (``L = None``): the Hessian grows with the
    weights (its Gauss-Newton part with $\|v\|^2$). On a bounded region it is, and
    [`smoothness_on`][gdtheory.TwoLayerNet.smoothness_on] certifies a bound there;
    [`check_gd_nonconvex`][gdtheory.check_gd_nonconvex] uses it on the segments a run
    took. A finite sum like [`LinearRegression`][gdtheory.LinearRegression]: ``idx``
    selects a minibatch of examples.

    Args:
        n: number of examples.
        d: input dimension.
        width: number of hidden units $h$.
        noise: standard deviation of the label noise.
        seed: seed of the data, the teacher and the start.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> p = gd.TwoLayerNet()
        >>> p.dim, p.n, p.f_inf, p.f_star, float(p.f(p.x_star))
        (16, 20, 0.0, 0.0, 0.0)
        >>> p.f(np.stack([p.x0, p.x_star])).shape
        (2,)
    """

    n: int = 20
    d: int = 2
    width: int = 4
    noise: float = 0.0
    seed: int = 0

    X: np.ndarray = field(init=False, repr=False)
    y: np.ndarray = field(init=False, repr=False)
    x_star: np.ndarray | None = field(init=False, repr=False)
    f_star: float | None = field(init=False, repr=False)
    x0: np.ndarray = field(init=False, repr=False)

    L: ClassVar[None] = None
    m: ClassVar[None] = None
    f_inf: ClassVar[float] = 0.0

    def __post_init__(self) -> None:
        _check_int("n", self.n, 1)
        _check_int("d", self.d, 1)
        _check_int("width", self.width, 1)
        check_nonnegative("noise", self.noise)
        h, q = self.width, self.d + 1
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((self.n, self.d))
        teacher = rng.standard_normal(h * q + h)
        start = np.concatenate(
            [rng.standard_normal(h * q) / np.sqrt(q), rng.standard_normal(h) / np.sqrt(h)]
        )
        set_ = object.__setattr__
        set_(self, "X", _readonly(X))
        set_(self, "y", _readonly(np.zeros(self.n)))  # read by _inputs; the targets follow
        y = self._outputs(teacher) + self.noise * rng.standard_normal(self.n)
        set_(self, "y", _readonly(y))
        set_(self, "x_star", _readonly(teacher) if self.noise == 0 else None)
        set_(self, "f_star", 0.0 if self.noise == 0 else None)
        set_(self, "x0", _readonly(start))

    @property
    def dim(self) -> int:
        return self.width * (self.d + 2)

    def _inputs(self, idx: object = None) -> tuple[np.ndarray, np.ndarray]:
        """The inputs with a column of ones (for the biases), and the targets."""
        X, y = self.X, self.y
        if idx is not None:
            i = _check_idx(idx, self.n)
            X, y = X[i], y[i]
        return np.concatenate([X, np.ones((len(y), 1))], axis=1), y

    def _split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first layer ``(..., h, d + 1)`` and the output weights ``(..., h)``."""
        h, q = self.width, self.d + 1
        return x[..., : h * q].reshape(x.shape[:-1] + (h, q)), x[..., h * q :]

    def _outputs(self, x: np.ndarray, idx: object = None) -> np.ndarray:
        Xt, _ = self._inputs(idx)
        W, v = self._split(x)
        return np.einsum("...ik,...k->...i", np.tanh(np.einsum("...kj,ij->...ik", W, Xt)), v)

    def f(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        r = self._outputs(x, idx) - self._inputs(idx)[1]
        return 0.5 * np.mean(r * r, axis=-1)

    def grad(self, x: object, idx: object = None) -> np.ndarray:
        x = self._points(x)
        Xt, y = self._inputs(idx)
        W, v = self._split(x)
        s = np.tanh(np.einsum("...kj,ij->...ik", W, Xt))  # (..., n, h)
        r = np.einsum("...ik,...k->...i", s, v) - y
        g_v = np.einsum("...i,...ik->...k", r, s) / len(y)
        g_W = np.einsum("...i,...ik,ij->...kj", r, (1 - s * s) * v[..., None, :], Xt) / len(y)
        return np.concatenate([g_W.reshape(x.shape[:-1] + (-1,)), g_v], axis=-1)

    def smoothness_on(self, lo: object, hi: object = None) -> np.ndarray | float:
        r"""A certified upper bound on $\|\nabla^2 f\|_2$ at every point of the box $[lo, hi]$.

        Every term of the Hessian
        $\nabla^2 f = \frac1n \sum_i \big(\nabla u_i \nabla u_i^\top + r_i \nabla^2 u_i\big)$,
        $r_i = u_i - y_i$, is enclosed in an interval valid on the whole box. With
        $s_{ik} = \tanh a_{ik}$, $a_{ik} = w_k^\top \tilde x_i$, the non-zero
        derivatives are $\partial u_i/\partial v_k = s_{ik}$,
        $\partial u_i/\partial w_{kj} = v_k s'_{ik} \tilde x_{ij}$,
        $\partial^2 u_i/\partial v_k \partial w_{kj} = s'_{ik} \tilde x_{ij}$ and
        $\partial^2 u_i/\partial w_{kj} \partial w_{kl} = v_k s''_{ik} \tilde x_{ij}
        \tilde x_{il}$, where $s' = 1 - s^2$ and $s'' = 2 s (s^2 - 1)$.

        * $a_{ik}$ is linear in $\theta$, so its range over the box is exact:
          $\sum_j \min(\underline w_{kj} \tilde x_{ij}, \overline w_{kj} \tilde x_{ij})$
          to $\sum_j \max(\cdot)$.
        * $\tanh$ is increasing; $s' = 1 - s^2$ is largest where $|a|$ is smallest;
          $s''$, as a function of $s$, has its extremes at the ends of the range of
          $s$ or at $s = \pm 1/\sqrt3$.
        * Sums and products of intervals enclose the sums and products of the
          values they hold (interval arithmetic).

        This gives matrices $\underline H \le \nabla^2 f(\theta) \le \overline H$,
        entry by entry, for every $\theta$ of the box. With the midpoint
        $M = (\underline H + \overline H)/2$ and the radius
        $R = (\overline H - \underline H)/2$, the difference
        $E = \nabla^2 f(\theta) - M$ is symmetric with $|E| \le R$ entrywise, so

        $$\|\nabla^2 f(\theta)\|_2 \le \|M\|_2 + \|E\|_2
          \le \|M\|_2 + \rho(R),$$

        by the triangle inequality and $\|E\|_2 = \rho(E) \le \rho(|E|) \le \rho(R)$
        (Perron-Frobenius: the spectral radius of non-negative matrices grows with
        their entries). The value returned is that bound times $1 + 10^{-9}$, to
        cover rounding. On a box of zero width (``hi=None``: the single point ``lo``)
        it is $\|\nabla^2 f(\theta)\|_2$ itself.

        A box is convex: the box spanned by $x_t$ and $x_{t+1}$ holds the segment
        between them, which is all the descent lemma
        $f(x_{t+1}) \le f(x_t) + \langle \nabla f(x_t), x_{t+1} - x_t \rangle +
        \tfrac L2 \|x_{t+1} - x_t\|^2$ needs.

        Args:
            lo: the lower corner(s), shape ``(..., dim)``.
            hi: the upper corner(s), broadcastable against ``lo``, with
                ``lo <= hi``; ``None`` for the point ``lo``.

        Returns:
            The bound, one per box (a float for a single box).

        Examples:
            >>> import numpy as np
            >>> import gdtheory as gd
            >>> p = gd.TwoLayerNet()
            >>> at_x0 = p.smoothness_on(p.x0)
            >>> near = p.smoothness_on(p.x0 - 0.1, p.x0 + 0.1)
            >>> bool(at_x0 < near), p.smoothness_on(np.stack([p.x0, p.x_star])).shape
            (True, (2,))
        """
        lo = self._points(lo)
        hi = lo if hi is None else self._points(hi)
        try:
            lo, hi = np.broadcast_arrays(lo, hi)
        except ValueError:
            raise ValueError(
                f"lo and hi must broadcast together, got shapes {lo.shape} and {hi.shape}"
            ) from None
        if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
            raise ValueError("lo and hi must be finite")
        if np.any(lo > hi):
            raise ValueError(f"lo must not exceed hi, coordinate by coordinate, got lo={lo!r}")
        batch = lo.shape[:-1]
        lo, hi = lo.reshape(-1, self.dim), hi.reshape(-1, self.dim)
        size = max(1, 2_000_000 // (self.n * self.dim * self.dim))  # boxes per chunk
        out = np.concatenate(
            [self._certify(lo[k : k + size], hi[k : k + size]) for k in range(0, len(lo), size)]
        )
        return float(out[0]) if batch == () else out.reshape(batch)

    def _certify(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """``smoothness_on`` for boxes ``(B, dim)``: the interval Hessian, then the bound."""
        h, q, n = self.width, self.d + 1, self.n
        Xt, y = self._inputs()
        W_lo, v_lo = self._split(lo)
        W_hi, v_hi = self._split(hi)
        v_lo, v_hi = v_lo[:, None, :], v_hi[:, None, :]  # (B, 1, h), against (B, n, h)
        # the pre-activations a_ik, exactly; then s, s' and s'' (B, n, h)
        Xp, Xm = np.maximum(Xt, 0.0), np.minimum(Xt, 0.0)
        a_lo = np.einsum("bkj,ij->bik", W_lo, Xp) + np.einsum("bkj,ij->bik", W_hi, Xm)
        a_hi = np.einsum("bkj,ij->bik", W_hi, Xp) + np.einsum("bkj,ij->bik", W_lo, Xm)
        s_lo, s_hi = np.tanh(a_lo), np.tanh(a_hi)
        sq_hi = np.maximum(s_lo * s_lo, s_hi * s_hi)
        sq_lo = np.where((a_lo <= 0) & (a_hi >= 0), 0.0, np.minimum(s_lo * s_lo, s_hi * s_hi))
        d1_lo, d1_hi = 1 - sq_hi, 1 - sq_lo

        def d2(s: np.ndarray) -> np.ndarray:
            return 2 * s * (s * s - 1)

        crit = 1 / np.sqrt(3)
        ends = [d2(s_lo), d2(s_hi)]
        ends += [np.where((s_lo <= c) & (s_hi >= c), d2(c), ends[0]) for c in (crit, -crit)]
        d2_lo, d2_hi = np.min(ends, axis=0), np.max(ends, axis=0)
        # the residuals r_i = sum_k v_k s_ik - y_i (B, n)
        p_lo, p_hi = _imul(v_lo, v_hi, s_lo, s_hi)
        r_lo, r_hi = p_lo.sum(axis=-1) - y, p_hi.sum(axis=-1) - y
        # the gradients of the u_i (B, n, P), and the Gauss-Newton part sum_i grad u_i grad u_i^T
        j_lo, j_hi = _imul(v_lo, v_hi, d1_lo, d1_hi)
        j_lo, j_hi = _iscale(j_lo[..., None], j_hi[..., None], Xt[None, :, None, :])
        J_lo = np.concatenate([j_lo.reshape(len(lo), n, h * q), s_lo], axis=-1)
        J_hi = np.concatenate([j_hi.reshape(len(lo), n, h * q), s_hi], axis=-1)
        g_lo, g_hi = _imul(
            J_lo[..., :, None], J_hi[..., :, None], J_lo[..., None, :], J_hi[..., None, :]
        )
        H_lo, H_hi = g_lo.sum(axis=1), g_hi.sum(axis=1)
        # the curvature part sum_i r_i hess u_i, block by hidden unit: v_k-w_k and w_k-w_k
        c_lo, c_hi = _iscale(d1_lo[..., None], d1_hi[..., None], Xt[None, :, None, :])
        c_lo, c_hi = _imul(r_lo[..., None, None], r_hi[..., None, None], c_lo, c_hi)
        c_lo, c_hi = c_lo.sum(axis=1), c_hi.sum(axis=1)  # (B, h, q)
        e_lo, e_hi = _imul(v_lo, v_hi, d2_lo, d2_hi)
        e_lo, e_hi = _imul(r_lo[..., None], r_hi[..., None], e_lo, e_hi)  # (B, n, h)
        xx = Xt[:, :, None] * Xt[:, None, :]  # (n, q, q)
        w_lo, w_hi = _iscale(e_lo[..., None, None], e_hi[..., None, None], xx[None, :, None])
        w_lo, w_hi = w_lo.sum(axis=1), w_hi.sum(axis=1)  # (B, h, q, q)
        for k in range(h):
            rows, col = slice(k * q, (k + 1) * q), h * q + k
            H_lo[:, rows, rows] += w_lo[:, k]
            H_hi[:, rows, rows] += w_hi[:, k]
            H_lo[:, rows, col] += c_lo[:, k]
            H_hi[:, rows, col] += c_hi[:, k]
            H_lo[:, col, rows] += c_lo[:, k]
            H_hi[:, col, rows] += c_hi[:, k]
        H_lo, H_hi = H_lo / n, H_hi / n
        mid, rad = (H_lo + H_hi) / 2, (H_hi - H_lo) / 2
        norm_mid = np.abs(np.linalg.eigvalsh(mid)).max(axis=-1)
        return (norm_mid + np.linalg.eigvalsh(rad)[..., -1]) * (1 + _RELATIVE_SLACK)
