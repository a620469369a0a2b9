"""Test problems: gradients against central differences, minimizers, constants, batching."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdtheory as gd

# Each case: an id, the problem, and a sampler of points where it is smooth and
# numerically tame (the piecewise problems are sampled away from their kinks by
# chance: a kink within the difference step has probability ~1e-5 per point, and
# the generator is seeded).
CASES = [
    ("seed-quadratic", lambda: gd.SeedQuadratic(), 2.0),
    ("quadratic", lambda: gd.Quadratic.with_spectrum(m=0.5, L=20.0, dim=6, seed=3), 2.0),
    (
        "quadratic-general",
        lambda: gd.Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0], c=2.0),
        2.0,
    ),
    ("nesterov", lambda: gd.NesterovWorstCase(L=2.0, dim=9), 1.0),
    ("rosenbrock", lambda: gd.Rosenbrock(), 1.5),
    ("rosenbrock-a2", lambda: gd.Rosenbrock(a=2.0, b=10.0), 1.5),
    ("beale", lambda: gd.Beale(), 1.5),
    ("saddle", lambda: gd.Saddle(), 2.0),
    ("plateau", lambda: gd.Plateau(width=0.7, dim=3), 1.5),
    ("linear-regression", lambda: gd.LinearRegression(n=200, d=5, seed=1), 1.0),
    ("logistic", lambda: gd.LogisticRegression(n=200, d=4, seed=2), 1.0),
    ("logistic-l2", lambda: gd.LogisticRegression(n=200, d=4, l2=0.3, seed=2), 1.0),
    ("huber", lambda: gd.Huber(L=2.0, R=3.0, N=4, h=0.5), 1.0),
    ("lessard", lambda: gd.LessardHeavyBall(), 2.0),
    ("reddi", lambda: gd.ReddiAdam(), 1.0),
    ("double-well", lambda: gd.DoubleWell(), 2.0),
    ("double-well-c5-3d", lambda: gd.DoubleWell(c=5.0, dim=3), 3.0),
    ("sine-pl", lambda: gd.SinePL(dim=2), 3.0),
    ("slow-stationarity", lambda: gd.SlowStationarity(L=2.0, g=3.0, N=4), 5.0),
]
IDS = [c[0] for c in CASES]


@pytest.fixture(params=CASES, ids=IDS)
def case(request):
    name, make, scale = request.param
    return name, make(), scale


def central_differences(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences of a vectorized f at a batch of points x of shape (K, dim)."""
    out = np.empty_like(x)
    for i in range(x.shape[-1]):
        e = np.zeros(x.shape[-1])
        e[i] = h
        out[..., i] = (f(x + e) - f(x - e)) / (2 * h)
    return out


def fd_hessian(grad, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Symmetrized finite-difference Hessian (central differences of the gradient) at x."""
    d = x.shape[-1]
    H = np.empty((d, d))
    for i in range(d):
        e = np.zeros(d)
        e[i] = h
        H[:, i] = (grad(x + e) - grad(x - e)) / (2 * h)
    return (H + H.T) / 2


def assert_grad_close(g: np.ndarray, fd: np.ndarray, fvals: np.ndarray) -> None:
    # central differences with h = 1e-5: truncation ~ h^2 |f'''| ~ 1e-10 * |f'''|,
    # rounding ~ 1e-16 |f| / h ~ 1e-11 |f|; 1e-6 leaves a wide margin, yet a wrong
    # factor or sign in a gradient is off by O(1).
    scale = 1.0 + float(np.max(np.abs(fvals)))
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6 * scale)


def sample(p, scale: float, k: int = 8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    center = np.zeros(p.dim) if p.x_star is None else np.asarray(p.x_star)
    return center + scale * rng.standard_normal((k, p.dim))


# --- gradients ---------------------------------------------------------------------------


def test_gradient_matches_central_differences(case):
    _, p, scale = case
    x = sample(p, scale)
    assert_grad_close(p.grad(x), central_differences(p.f, x), p.f(x))


def test_gradient_of_each_point_equals_the_batched_one(case):
    _, p, scale = case
    x = sample(p, scale, k=5)
    for k in range(5):
        np.testing.assert_allclose(p.grad(x[k]), p.grad(x)[k], rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(p.f(x[k]), p.f(x)[k], rtol=1e-13, atol=1e-14)


def test_batching_over_several_leading_axes(case):
    _, p, scale = case
    x = sample(p, scale, k=12).reshape(3, 4, p.dim)
    fx, gx = p.f(x), p.grad(x)
    assert fx.shape == (3, 4)
    assert gx.shape == (3, 4, p.dim)
    for i in range(3):
        for j in range(4):
            np.testing.assert_allclose(fx[i, j], p.f(x[i, j]), rtol=1e-13, atol=1e-14)
            np.testing.assert_allclose(gx[i, j], p.grad(x[i, j]), rtol=1e-13, atol=1e-14)


def test_single_point_gives_a_scalar_and_a_vector(case):
    _, p, scale = case
    x = sample(p, scale, k=1)[0]
    assert np.shape(p.f(x)) == ()
    assert p.grad(x).shape == (p.dim,)


@pytest.mark.parametrize("bad_shape", [(), (7,), (3, 7)])
def test_wrong_trailing_shape_is_a_value_error_naming_x(case, bad_shape):
    _, p, _ = case
    x = np.zeros(bad_shape)
    for fn in (p.f, p.grad):
        with pytest.raises(
            ValueError, match=rf"x must have shape \(\.\.\., {p.dim}\).*{bad_shape}"
        ):
            fn(x)


def test_minibatch_and_online_gradients_match_central_differences():
    rng = np.random.default_rng(5)
    for p in (gd.LinearRegression(n=50, d=3, seed=0), gd.LogisticRegression(n=50, d=3, l2=0.1)):
        x = rng.standard_normal((4, p.dim))
        for idx in ([3], [0, 7, 7, 49], np.arange(50)):
            g = p.grad(x, idx=idx)
            fd = central_differences(lambda z, idx=idx, p=p: p.f(z, idx=idx), x)
            assert_grad_close(g, fd, p.f(x, idx=idx))
    p = gd.ReddiAdam(C=5.0)
    x = rng.uniform(-1, 1, size=(4, 1))
    for t in (None, 0, 1, 2, 3, 10):
        assert_grad_close(p.grad(x, t), central_differences(lambda z, t=t: p.f(z, t), x), p.f(x, t))


# --- minimizers ----------------------------------------------------------------------------


def test_minimizer_has_zero_gradient_and_value_f_star(case):
    name, p, _ = case
    if p.x_star is None:
        assert p.f_star is None
        return
    np.testing.assert_allclose(p.f(p.x_star), p.f_star, rtol=1e-12, atol=1e-15)
    if name == "reddi":  # a constrained minimum: f'(x*) != 0 but x* is best on [-1, 1]
        grid = np.linspace(-1, 1, 2001)[:, None]
        assert np.all(p.f(grid) >= p.f_star - 1e-15)
        return
    np.testing.assert_allclose(p.grad(p.x_star), 0.0, atol=1e-10)
    # and it is a minimum: no nearby point is lower
    near = sample(p, 1e-3, k=50, seed=9)
    assert np.all(p.f(near) >= p.f_star - 1e-12)


def test_known_minimizers():
    np.testing.assert_array_equal(gd.SeedQuadratic().x_star, [1.0, 2.0])
    np.testing.assert_array_equal(gd.Rosenbrock(a=2.0).x_star, [2.0, 4.0])
    np.testing.assert_array_equal(gd.Beale().x_star, [3.0, 0.5])
    assert gd.Saddle().x_star is None and gd.Saddle().f_star is None
    np.testing.assert_array_equal(gd.Saddle().grad(gd.Saddle().saddle_point), [0.0, 0.0])


# --- the constants L and m -----------------------------------------------------------------


def hessian_eigenvalues(p, points: np.ndarray) -> np.ndarray:
    return np.concatenate([np.linalg.eigvalsh(fd_hessian(p.grad, x)) for x in points])


def test_hessian_eigenvalues_lie_within_m_and_L(case):
    _, p, scale = case
    points = sample(p, scale, k=10, seed=4)
    lam = hessian_eigenvalues(p, points)
    if p.L is not None:
        assert np.max(np.abs(lam)) <= p.L * (1 + 1e-6) + 1e-6
    if p.m is not None:
        assert np.min(lam) >= p.m - 1e-6 * max(1.0, p.L or 1.0)


@pytest.mark.parametrize(
    ("p", "points"),
    [
        (gd.SeedQuadratic(), [[0.0, 0.0]]),
        (gd.Quadratic.with_spectrum(m=0.5, L=20.0, dim=6, seed=3), [np.zeros(6)]),
        (gd.LinearRegression(n=200, d=5, seed=1), [np.zeros(5)]),
        (gd.Huber(L=2.0, R=3.0, N=4), [[0.0], [2.0]]),  # inside: L, outside: 0 = m
        (gd.LessardHeavyBall(), [[0.5], [1.5], [2.5]]),  # 25, 1, 25
        (gd.Plateau(width=0.7), [[0.0, 0.0], [10.0, 0.0]]),  # 1/w^2 at the origin
        (gd.Saddle(), [[0.3, -0.2]]),  # +-2
        (gd.LogisticRegression(n=200, d=4, l2=0.3, seed=2), [np.zeros(4)]),  # bound attained at 0
        (gd.DoubleWell(), [[0.0, 0.0]]),  # 1 - c = -1 along x1, 1 along x2
        (gd.DoubleWell(c=5.0), [[0.0, 0.0]]),  # 1 - c = -4
        (gd.SinePL(), [[0.0]]),  # 2 + 6 cos 0 = 8
        (gd.SlowStationarity(L=2.0, g=3.0, N=4), [[0.3]]),  # the rising half of a tooth
    ],
    ids=[
        "seed",
        "quadratic",
        "linreg",
        "huber",
        "lessard",
        "plateau",
        "saddle",
        "logistic",
        "double-well",
        "double-well-c5",
        "sine-pl",
        "slow-stationarity",
    ],
)
def test_constants_are_attained(p, points):
    """L (and m where it is exact) is an eigenvalue of the Hessian somewhere: not loose."""
    lam = hessian_eigenvalues(p, np.asarray(points, dtype=float))
    np.testing.assert_allclose(np.max(np.abs(lam)), p.L, rtol=1e-6)
    if p.m is not None and not isinstance(p, gd.Saddle | gd.Plateau | gd.LogisticRegression):
        np.testing.assert_allclose(np.min(lam), p.m, rtol=1e-6, atol=1e-6)


def test_nonconvex_problems_have_no_m():
    for p, x in (
        (gd.Rosenbrock(), [0.0, 1.0]),
        (gd.Beale(), [0.0, 0.0]),
        (gd.Plateau(), [2.0, 0.0]),
        (gd.DoubleWell(), [0.0, 0.0]),
        (gd.SinePL(), [np.pi / 2]),
    ):
        assert p.m is None
        assert np.min(np.linalg.eigvalsh(fd_hessian(p.grad, np.array(x)))) < 0


def test_rosenbrock_and_beale_have_no_global_L():
    for p in (gd.Rosenbrock(), gd.Beale()):
        assert p.L is None
        small = np.max(np.abs(np.linalg.eigvalsh(fd_hessian(p.grad, np.array([1.0, 1.0])))))
        large = np.max(np.abs(np.linalg.eigvalsh(fd_hessian(p.grad, np.array([10.0, 10.0])))))
        assert large > 50 * small


# --- quadratics ------------------------------------------------------------------------------


def test_with_spectrum_has_exact_eigendecomposition():
    q = gd.Quadratic.with_spectrum(m=1.0, L=100.0, dim=8, seed=11)
    np.testing.assert_array_equal(q.eigenvalues, np.linspace(1.0, 100.0, 8))
    assert (q.m, q.L) == (1.0, 100.0)
    V = q.eigenvectors
    np.testing.assert_allclose(V.T @ V, np.eye(8), atol=1e-14)
    np.testing.assert_allclose(q.A @ V, V * q.eigenvalues, atol=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(q.A), q.eigenvalues, rtol=1e-12)
    np.testing.assert_array_equal(q.x_star, np.zeros(8))
    assert q.f_star == 0.0


def test_with_spectrum_is_reproducible_with_a_seed():
    a = gd.Quadratic.with_spectrum(1.0, 10.0, 5, seed=4)
    b = gd.Quadratic.with_spectrum(1.0, 10.0, 5, seed=4)
    c = gd.Quadratic.with_spectrum(1.0, 10.0, 5, seed=5)
    np.testing.assert_array_equal(a.A, b.A)
    assert not np.allclose(a.A, c.A)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"m": 2.0, "L": 1.0, "dim": 3}, "m must satisfy"),
        ({"m": -1.0, "L": 1.0, "dim": 3}, "m must satisfy"),
        ({"m": 0.0, "L": 0.0, "dim": 3}, "L must be > 0"),
        ({"m": 1.0, "L": 2.0, "dim": 0}, "dim must be an integer >= 1"),
        ({"m": 1.0, "L": 2.0, "dim": 2.5}, "dim must be an integer"),
        ({"m": 1.0, "L": 2.0, "dim": 1}, "m must equal L"),
        ({"m": float("nan"), "L": 2.0, "dim": 2}, "m must be a finite number"),
    ],
)
def test_with_spectrum_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gd.Quadratic.with_spectrum(**kwargs)


def test_general_quadratic_minimizer_and_constants():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    q = gd.Quadratic(A, b, c=2.0)
    x = np.linalg.solve(A, b)
    np.testing.assert_allclose(q.x_star, x, rtol=1e-14)
    np.testing.assert_allclose(q.f_star, 0.5 * x @ A @ x - b @ x + 2.0, rtol=1e-14)
    lam = np.linalg.eigvalsh(A)
    np.testing.assert_allclose((q.m, q.L), (lam[0], lam[1]), rtol=1e-14)
    # the centred evaluation agrees with the plain formula
    z = np.random.default_rng(0).standard_normal((5, 2))
    np.testing.assert_allclose(q.f(z), 0.5 * np.sum(z * (z @ A), -1) - z @ b + 2.0, rtol=1e-12)


def test_singular_and_indefinite_quadratics():
    # singular, b in the range: a (minimum-norm) minimizer exists; m = 0 (convex)
    q = gd.Quadratic(np.diag([2.0, 0.0]), b=[4.0, 0.0])
    np.testing.assert_allclose(q.x_star, [2.0, 0.0])
    assert q.m == 0.0 and q.f_star == -4.0
    # singular, b outside the range: unbounded below
    q = gd.Quadratic(np.diag([2.0, 0.0]), b=[4.0, 1.0])
    assert q.x_star is None and q.f_star is None and q.m == 0.0
    # indefinite: not convex, L is the largest |eigenvalue|
    q = gd.Quadratic(np.diag([1.0, -3.0]))
    assert q.m is None and q.x_star is None and q.L == 3.0


def test_quadratic_rejects_bad_input_and_is_immutable():
    with pytest.raises(ValueError, match="A must be symmetric"):
        gd.Quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="A must be a square"):
        gd.Quadratic(np.ones((2, 3)))
    with pytest.raises(ValueError, match="A must be finite"):
        gd.Quadratic([[np.inf]])
    with pytest.raises(ValueError, match=r"b must be a finite vector of shape \(2,\)"):
        gd.Quadratic(np.eye(2), b=[1.0, 2.0, 3.0])
    q = gd.SeedQuadratic()
    with pytest.raises(AttributeError):
        q.L = 1.0
    with pytest.raises(ValueError):
        q.A[0, 0] = 5.0  # read-only


def test_seed_quadratic_is_the_seed_function():
    p = gd.SeedQuadratic()
    z = np.random.default_rng(1).standard_normal((6, 2))
    np.testing.assert_allclose(p.f(z), (z[:, 0] - 1) ** 2 + 2 * (z[:, 1] - 2) ** 2, rtol=1e-15)
    # it is also the Quadratic it claims to be
    q = gd.Quadratic(p.A, p.b, p.c)
    np.testing.assert_allclose(q.f(z), p.f(z), rtol=1e-13)
    assert (p.L, p.m) == (4.0, 2.0) and isinstance(p, gd.Quadratic)
    np.testing.assert_array_equal(p.x0, [-2.0, -1.0])


# --- Nesterov's worst function -------------------------------------------------------------


def test_nesterov_worst_case_closed_forms():
    L, n = 3.0, 12
    p = gd.NesterovWorstCase(L=L, dim=n)
    T = 2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)
    np.testing.assert_allclose(p.A, L / 4 * T)
    z = np.random.default_rng(2).standard_normal((4, n))
    np.testing.assert_allclose(
        p.f(z), L / 4 * (0.5 * np.sum(z * (z @ T), -1) - z[:, 0]), rtol=1e-12
    )
    np.testing.assert_allclose(p.x_star, np.linalg.solve(T, np.eye(n)[0]), rtol=1e-13)
    assert math.isclose(p.f_star, -(L / 8) * (1 - 1 / (n + 1)), rel_tol=1e-15)
    np.testing.assert_allclose(p.eigenvalues, np.linalg.eigvalsh(p.A), rtol=1e-12, atol=1e-14)
    V = p.eigenvectors
    np.testing.assert_allclose(p.A @ V, V * p.eigenvalues, atol=1e-13)
    assert p.L == L and 0 < p.m < p.eigenvalues[-1] < L


def test_nesterov_worst_case_keeps_gradient_descent_in_a_krylov_subspace():
    p = gd.NesterovWorstCase(L=1.0, dim=10)
    x = p.x0.copy()
    for t in range(1, 5):
        x = x - p.grad(x) / p.L
        assert np.all(x[t:] == 0.0) and x[t - 1] != 0.0


# --- finite sums ---------------------------------------------------------------------------


def test_linear_regression_is_the_seed_setup_and_reproducible():
    p = gd.LinearRegression()
    assert (p.n, p.d, p.noise, p.dim) == (1000, 20, 0.1, 20)
    q = gd.LinearRegression()
    np.testing.assert_array_equal(p.X, q.X)
    np.testing.assert_array_equal(p.y, q.y)
    assert not np.array_equal(p.X, gd.LinearRegression(seed=1).X)
    # the minimizer solves the normal equations; the noise floor is about noise^2 / 2
    np.testing.assert_allclose(p.X.T @ p.X @ p.x_star, p.X.T @ p.y, rtol=1e-10)
    assert 0.5 * 0.1**2 * 0.8 < p.f_star < 0.5 * 0.1**2 * 1.2
    lam = np.linalg.eigvalsh(p.X.T @ p.X / p.n)
    np.testing.assert_allclose((p.m, p.L), (lam[0], lam[-1]), rtol=1e-12)


@pytest.mark.parametrize(
    "p",
    [gd.LinearRegression(n=60, d=4), gd.LogisticRegression(n=60, d=4, l2=0.2)],
    ids=["lin", "log"],
)
def test_per_example_gradients_and_minibatches(p):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, p.dim))
    G = p.per_example_grads(x)
    assert G.shape == (2, p.n, p.dim)
    np.testing.assert_allclose(G.mean(axis=-2), p.grad(x), rtol=1e-12, atol=1e-14)
    idx = np.array([5, 5, 0, 59])
    np.testing.assert_allclose(p.grad(x, idx=idx), G[:, idx].mean(axis=-2), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(p.grad(x, idx=np.arange(p.n)), p.grad(x), rtol=1e-12, atol=1e-14)
    for i in (0, 17):
        np.testing.assert_allclose(p.grad(x[0], idx=[i]), G[0, i], rtol=1e-12, atol=1e-14)
    assert p.per_example_grads(x[0]).shape == (p.n, p.dim)


@pytest.mark.parametrize("bad", [[], [[0, 1]], [0.5], [-1], [60]])
def test_bad_minibatch_indices(bad):
    p = gd.LinearRegression(n=60, d=4)
    with pytest.raises(ValueError, match="idx must"):
        p.grad(np.zeros(4), idx=np.asarray(bad))


def test_logistic_regression_minimizer_and_bound():
    p = gd.LogisticRegression()
    assert (p.n, p.d) == (1000, 20) and p.m == 0.0
    assert p.x_star is not None
    assert np.linalg.norm(p.grad(p.x_star)) < 1e-10
    assert set(np.unique(p.y)) == {-1.0, 1.0}
    np.testing.assert_allclose(p.L, np.linalg.eigvalsh(p.X.T @ p.X)[-1] / (4 * p.n), rtol=1e-12)
    # the penalized problem is l2-strongly convex with the bound shifted by l2
    q = gd.LogisticRegression(l2=0.5)
    assert q.m == 0.5 and math.isclose(q.L, p.L + 0.5)
    # no overflow warning far from the data's scale
    assert np.isfinite(p.f(np.full(20, 1e3))) and np.all(np.isfinite(p.grad(np.full(20, 1e3))))


# --- worst cases and counterexamples --------------------------------------------------------


@pytest.mark.parametrize(
    ("L", "R", "N", "h"), [(1.0, 1.0, 1, 1.0), (2.0, 3.0, 10, 1.0), (0.5, 2.0, 7, 0.3)]
)
def test_huber_attains_the_tight_bound(L, R, N, h):
    p = gd.Huber(L=L, R=R, N=N, h=h)
    x = p.x0
    for _ in range(N):
        x = x - (h / L) * p.grad(x)
        assert abs(x[0]) >= p.tau  # stays on the linear part
    bound = L * R**2 / (4 * N * h + 2)
    assert math.isclose(float(p.f(x)), bound, rel_tol=1e-12)


def test_lessard_heavy_ball_cycles_while_gd_converges():
    p = gd.LessardHeavyBall()
    x_prev = x = p.x0
    tail = []
    for k in range(600):
        x, x_prev = x - p.grad(x) / 9 + 4 / 9 * (x - x_prev), x
        if k >= 597:
            tail.append(float(x[0]))
    np.testing.assert_allclose(sorted(tail), [-1.802, 0.647, 2.116], atol=1e-3)
    y = p.x0
    for _ in range(600):
        y = y - p.grad(y) / p.L
    assert abs(y[0]) < 1e-10
    # f is the integral of the piecewise gradient: continuous at the breakpoints
    for b in (1.0, 2.0):
        np.testing.assert_allclose(p.f([[b - 1e-12]]), p.f([[b]]), atol=1e-9)


def test_reddi_problem_rounds_and_average():
    p = gd.ReddiAdam(C=3.0)
    g = [float(p.grad([0.2], t)[0]) for t in range(6)]
    assert g == [3.0, -1.0, -1.0, 3.0, -1.0, -1.0]
    x = np.array([[0.3], [-0.7]])
    np.testing.assert_allclose(p.f(x), np.mean([p.f(x, t) for t in range(3)], axis=0), rtol=1e-15)
    np.testing.assert_array_equal(
        p.project(np.array([[2.0], [-3.0], [0.5]])), [[1.0], [-1.0], [0.5]]
    )
    assert p.online and p.f_star == -1 / 3
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="t must be a non-negative integer"):
            p.grad([0.0], bad)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: gd.Huber(L=-1.0, R=1.0, N=1), "L must be a positive"),
        (lambda: gd.Huber(L=1.0, R=0.0, N=1), "R must be a positive"),
        (lambda: gd.Huber(L=1.0, R=1.0, N=0), "N must be an integer >= 1"),
        (lambda: gd.Huber(L=1.0, R=1.0, N=2, h=0.0), "h must be a positive"),
        (lambda: gd.Plateau(width=0.0), "width must be a positive"),
        (lambda: gd.Plateau(dim=0), "dim must be an integer >= 1"),
        (lambda: gd.Rosenbrock(b=-1.0), "b must be a positive"),
        (lambda: gd.ReddiAdam(C=2.0), "C must be > 2"),
        (lambda: gd.NesterovWorstCase(L=0.0, dim=3), "L must be a positive"),
        (lambda: gd.NesterovWorstCase(L=1.0, dim=0), "dim must be an integer >= 1"),
        (lambda: gd.LinearRegression(n=0), "n must be an integer >= 1"),
        (lambda: gd.LinearRegression(noise=-0.1), "noise must be a non-negative"),
        (lambda: gd.LogisticRegression(l2=-1.0), "l2 must be a non-negative"),
    ],
)
def test_constructors_reject_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# --- non-convex problems with a global L: the double well, the PL constants -----------------


def test_double_well_minimizers_solve_s_equals_c_tanh_s_and_the_origin_is_a_saddle():
    for c in (1.5, 2.0, 5.0):
        p = gd.DoubleWell(c=c)
        s = p.x_star[0]
        assert s > 0 and s == pytest.approx(c * np.tanh(s), rel=1e-14)
        mirror = np.array([-s, 0.0])
        assert p.f(mirror) == pytest.approx(p.f_star, abs=1e-14)  # the other well
        grid = np.stack(np.meshgrid(np.linspace(-8, 8, 401), np.linspace(-3, 3, 61)), -1)
        assert np.all(p.f(grid.reshape(-1, 2)) >= p.f_star - 1e-12)  # f_star is the minimum
        lam = np.linalg.eigvalsh(fd_hessian(p.grad, np.zeros(2)))
        assert lam.min() == pytest.approx(1 - c, rel=1e-6) and lam.max() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="c must be > 1"):
        gd.DoubleWell(c=1.0)


def test_double_well_L_bounds_the_hessian_everywhere_on_a_wide_grid():
    for c in (2.0, 5.0):
        p = gd.DoubleWell(c=c)
        x1 = np.linspace(-20, 20, 4001)
        curvature = 1 - c / np.cosh(x1) ** 2  # the Hessian's x1 entry, the only non-constant one
        assert np.max(np.abs(curvature)) <= p.L + 1e-12
        assert np.max(np.abs(curvature)) == pytest.approx(p.L, rel=1e-6)


def test_sine_pl_constant_is_the_minimum_of_the_pl_ratio_on_a_dense_grid():
    p = gd.SinePL()
    x = np.linspace(-60.0, 60.0, 2_400_001)
    x = x[np.abs(x) > 1e-6]
    f = x**2 + 3 * np.sin(x) ** 2
    ratio = 0.5 * (2 * x + 3 * np.sin(2 * x)) ** 2 / f
    # the PL inequality holds with mu_pl everywhere on the grid, and mu_pl is not loose
    assert np.all(ratio >= p.mu_pl * (1 - 1e-12))
    assert ratio.min() == pytest.approx(p.mu_pl, rel=1e-6)
    assert p.mu_pl > 1 / 32  # sharper than the constant quoted in the literature
    print(
        f"SinePL: mu_pl = {p.mu_pl:.10f}, grid minimum {ratio.min():.10f} at x = "
        f"{x[np.argmin(ratio)]:.4f}; the literature's 1/32 = {1 / 32:.5f}"
    )


def test_least_squares_pl_constant_holds_when_over_parameterized_and_is_attained():
    p = gd.LinearRegression(n=10, d=30, noise=0.1, seed=0)
    assert p.m == 0.0 and p.mu_pl > 0  # not strongly convex, but PL
    rng = np.random.default_rng(5)
    w = p.x_star + 3 * rng.standard_normal((500, p.dim))
    g = p.grad(w)
    ratio = 0.5 * np.sum(g * g, axis=-1) / (p.f(w) - p.f_star)
    assert np.all(ratio >= p.mu_pl * (1 - 1e-9))
    lam, vec = np.linalg.eigh(p.hessian)
    k = int(np.argmax(lam > 1e-10 * lam[-1]))  # the eigenvector of the smallest non-zero one
    w = p.x_star + vec[:, k]
    g = p.grad(w)
    assert 0.5 * g @ g / (p.f(w) - p.f_star) == pytest.approx(p.mu_pl, rel=1e-8)
    # and with more examples than unknowns it is m itself
    q = gd.LinearRegression(n=200, d=5, seed=1)
    assert q.mu_pl == pytest.approx(q.m, rel=1e-12)


def test_slow_stationarity_keeps_the_gradient_norm_along_gradient_descent():
    p = gd.SlowStationarity(L=2.0, g=3.0, N=5)
    x = np.linspace(-2, 10, 120_001)[:, None]
    fd = central_differences(p.f, x, h=1e-7)
    np.testing.assert_allclose(p.grad(x), fd, atol=1e-5)  # f is the integral of f'
    slopes = np.abs(np.diff(p.grad(x)[:, 0]) / np.diff(x[:, 0]))
    assert slopes.max() <= p.L * (1 + 1e-9)  # f' is L-Lipschitz
    res = gd.minimize(p, gd.GD(lr=1 / p.L), p.x0, max_iter=5, grad_tol=0.0)
    np.testing.assert_allclose(np.abs(p.grad(res.xs))[:, 0], p.g, rtol=1e-12)
    assert p.f(p.x_star) == p.f_star and np.all(p.f(x) >= p.f_star - 1e-12)


def test_seed_quadratic_grad_is_the_course_formula_bit_for_bit():
    """The fast gradient gives the bits of 2 (x - 1), 4 (y - 2), one point or a batch."""
    p = gd.SeedQuadratic()
    rng = np.random.default_rng(0)
    scales = 10.0 ** np.concatenate([rng.integers(-300, 300, 1000), rng.uniform(-3, 3, 4000)])
    X = rng.normal(size=(5000, 2)) * scales[:, None]
    with np.errstate(all="ignore"):
        course = np.stack([2 * (X[:, 0] - 1), 4 * (X[:, 1] - 2)], axis=-1)
        assert p.grad(X).tobytes() == course.tobytes()
        pairs = zip(X[:200], course[:200], strict=True)
        assert all(p.grad(x).tobytes() == c.tobytes() for x, c in pairs)
