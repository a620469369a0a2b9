"""Newton's method, line searches, preconditioning, and the contract that lets them ask for more.

What is checked: the Hessians gdtheory knows against finite differences of the
gradient; Newton's local quadratic convergence (the digits of the error double);
the damped variants where the pure step diverges; the oracle contract (what is
asked for, refused before the first step, counted); exact line search attaining
Kantorovich's rate from the worst start; backtracking's accepted step above its
lower bound; and the diagonal preconditioner's success and failure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

import gdtheory as gd

# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class SoftAbs:
    """f(x) = sum sqrt(1 + x_i^2): smooth, strictly convex, and pure Newton's step
    x -> -x^3 diverges from |x| > 1. Has its own hess."""

    dim: int = 1

    def f(self, x):
        return np.sum(np.sqrt(1 + np.asarray(x) ** 2), axis=-1)

    def grad(self, x):
        x = np.asarray(x, dtype=float)
        return x / np.sqrt(1 + x**2)

    def hess(self, x):
        x = np.asarray(x, dtype=float)
        return (1 + x**2)[..., None] ** -1.5 * np.eye(self.dim)


@dataclass(frozen=True)
class NoHessian:
    dim: int = 2

    def f(self, x):
        return np.sum(np.asarray(x) ** 4, axis=-1)

    def grad(self, x):
        return 4 * np.asarray(x) ** 3


def fd_hessian(grad, x, h=1e-6):
    """Central differences of the gradient, column by column."""
    d = x.size
    cols = [(grad(x + h * e) - grad(x - h * e)) / (2 * h) for e in np.eye(d)]
    return np.array(cols).T


HESSIAN_CASES = {
    "quadratic": (gd.Quadratic.with_spectrum(m=0.5, L=3.0, dim=4, seed=2), 0),
    "seed-quadratic": (gd.SeedQuadratic(), 1),
    "linear-regression": (gd.LinearRegression(n=50, d=3, seed=1), 2),
    "logistic": (gd.LogisticRegression(n=80, d=4, l2=0.1, seed=3), 3),
    "logistic-no-l2": (gd.LogisticRegression(n=80, d=4, seed=4), 4),
    "rosenbrock": (gd.Rosenbrock(), 5),
}


@pytest.mark.parametrize("case", sorted(HESSIAN_CASES))
def test_known_hessians_match_finite_differences(case: str) -> None:
    problem, seed = HESSIAN_CASES[case]
    rng = np.random.default_rng(seed)
    for _ in range(3):
        x = rng.standard_normal(problem.dim)
        H = gd.hessian(problem, x)
        assert H.shape == (problem.dim, problem.dim)
        fd = fd_hessian(problem.grad, x)
        np.testing.assert_allclose(H, fd, rtol=1e-6, atol=1e-6 * max(1.0, np.abs(fd).max()))
    batch = rng.standard_normal((3, 2, problem.dim))
    stacked = gd.hessian(problem, batch)
    assert stacked.shape == (3, 2, problem.dim, problem.dim)
    np.testing.assert_allclose(stacked[2, 1], gd.hessian(problem, batch[2, 1]), rtol=1e-13)


def test_hessian_refuses_a_problem_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="no hess"):
        gd.hessian(NoHessian(), np.zeros(2))


# ------------------------------------------------------------------------------ Newton


def logistic_reference():
    """Regularized logistic regression (smooth, strongly convex, not quadratic) and its
    minimizer to machine precision (Newton run to a gradient at the rounding floor)."""
    p = gd.LogisticRegression(n=400, d=5, l2=0.05, seed=7)
    run = gd.minimize(p, gd.Newton(), p.x0, max_iter=40, grad_tol=0.0)
    return p, run.xs[-1]


def test_newton_error_digits_double_per_step() -> None:
    p, x_ref = logistic_reference()
    x0 = x_ref + 0.5 * np.random.default_rng(0).standard_normal(p.dim) / math.sqrt(p.dim)
    run = gd.minimize(p, gd.Newton(), x0, max_iter=8, grad_tol=0.0)
    err = np.linalg.norm(run.xs - x_ref, axis=1)
    local = [(a, b) for a, b in zip(err[:-1], err[1:], strict=True) if a < 1e-1 and b > 1e-14]
    assert len(local) >= 2, err  # the local phase is seen over at least two steps
    for a, b in local:
        # quadratic convergence: log10 e_{k+1} ~ 2 log10 e_k (+ a constant); digits double
        assert math.log10(b) <= 1.8 * math.log10(a), (a, b, err)
        assert b / a**2 < 10.0, (a, b, err)
    assert err[-1] < 1e-14, err
    # gradient descent with step 1/L is linear: its error ratio stays near a constant
    gd_run = gd.minimize(p, gd.GD(lr=1 / p.L), x0, max_iter=8, grad_tol=0.0)
    gd_err = np.linalg.norm(gd_run.xs - x_ref, axis=1)
    ratios = gd_err[1:] / gd_err[:-1]
    assert ratios.min() > 0.2, ratios  # a fixed fraction per step, never a vanishing one


def test_pure_newton_solves_a_quadratic_in_one_step() -> None:
    q = gd.Quadratic.with_spectrum(m=1e-3, L=1e3, dim=6, seed=1)
    x0 = np.random.default_rng(1).standard_normal(6)
    run = gd.minimize(q, gd.Newton(), x0, max_iter=1)
    np.testing.assert_allclose(run.x, q.x_star, atol=1e-9)


def test_damping_rescues_newton_where_the_pure_step_diverges() -> None:
    p = SoftAbs()
    pure = gd.minimize(p, gd.Newton(), [1.5], max_iter=20)
    assert pure.status == "diverged", pure  # x -> -x^3: 1.5, -3.4, 38, ...
    for damping in ("decrement", "backtracking"):
        run = gd.minimize(p, gd.Newton(damping=damping), [1.5], max_iter=50, grad_tol=1e-12)
        assert run.status == "converged", (damping, run)
        assert abs(run.x[0]) < 1e-12
    back = gd.minimize(p, gd.Newton(damping="backtracking"), [1.5], max_iter=50, grad_tol=1e-12)
    assert back.lrs[0] < 1.0 and back.lrs[-1] == 1.0  # damped far away, a full step near x*


def test_decrement_damping_uses_nesterovs_step() -> None:
    p = SoftAbs()
    x = np.array([2.0])
    g, H = p.grad(x), p.hess(x)
    lam = math.sqrt(float(g @ np.linalg.solve(H, g)))
    opt = gd.Newton(damping="decrement")
    new, state = opt.step(x, g, opt.init(x), gd.ProblemOracle(p, opt.needs))
    assert state.decrement == pytest.approx(lam, rel=1e-14)
    assert state.eta == pytest.approx(1 / (1 + lam), rel=1e-14)
    np.testing.assert_allclose(new, x - np.linalg.solve(H, g) / (1 + lam), rtol=1e-14)


def test_batched_newton_equals_each_run_alone() -> None:
    p = gd.LogisticRegression(n=100, d=3, l2=0.1, seed=0)
    lrs = np.array([[1.0], [0.5], [0.25]])
    x0 = np.zeros((3, 3))
    batch = gd.minimize(p, gd.Newton(lr=lrs), x0, max_iter=5)
    for k in range(3):
        one = gd.minimize(p, gd.Newton(lr=float(lrs[k, 0])), x0[k], max_iter=5)
        np.testing.assert_allclose(batch.run(k).xs, one.xs, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch.run(k).lrs, one.lrs)
    for damping in ("decrement", "backtracking"):
        starts = np.array([[1.5], [-3.0], [0.2]])
        batch = gd.minimize(SoftAbs(), gd.Newton(damping=damping), starts, max_iter=6)
        for k in range(3):
            one = gd.minimize(SoftAbs(), gd.Newton(damping=damping), starts[k], max_iter=6)
            np.testing.assert_allclose(batch.run(k).xs, one.xs, rtol=1e-12, atol=1e-300)
            # the exact step g.g / g.Hg of a small g carries the rounding of g: relative
            # 1e-16 / |g|, so its rtol is looser than the iterates'
            np.testing.assert_allclose(batch.run(k).lrs, one.lrs, rtol=1e-7)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": "1"}, "lr"),
        ({"damping": "armijo"}, "damping"),
        ({"c": 0.5}, "c"),
        ({"rho": 1.0}, "rho"),
        ({"max_backtracks": 0}, "max_backtracks"),
        ({"damping": "backtracking", "lr": np.ones((2, 1))}, "lr"),
    ],
)
def test_newton_refuses_bad_arguments(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} "):
        gd.Newton(**kwargs)


def test_a_singular_hessian_stops_the_run_as_diverged() -> None:
    q = gd.Quadratic(np.diag([1.0, 0.0]))
    run = gd.minimize(q, gd.Newton(), [1.0, 1.0], max_iter=5)
    assert run.status == "diverged" and run.nit == 1, run
    batch = gd.minimize(q, gd.Newton(), [[1.0, 1.0], [1.0, 0.0]], max_iter=5)
    assert batch.status.tolist() == ["diverged", "diverged"]  # the Hessian is singular anywhere


# ------------------------------------------------------------------------ the contract


def test_oracle_counts_what_the_steps_asked_for() -> None:
    p = gd.LogisticRegression(n=100, d=3, l2=0.1, seed=0)
    run = gd.minimize(p, gd.Newton(), p.x0, max_iter=4)
    assert run.evaluations == {"f": 0, "grad": 0, "hess": 4}
    back = gd.minimize(p, gd.Newton(damping="backtracking"), p.x0, max_iter=4)
    assert back.evaluations["hess"] == 4 and back.evaluations["f"] >= 8  # f(x) and a trial
    assert gd.minimize(p, gd.GD(lr=0.1), p.x0, max_iter=4).evaluations is None


def test_gradient_methods_are_called_as_before() -> None:
    """A gradient optimizer's step is called with three arguments, never an oracle."""
    calls = []

    @dataclass(frozen=True)
    class Recording:
        def init(self, x):
            return 0

        def step(self, x, g, state, *rest, **kw):
            calls.append((rest, kw))
            return x - 0.1 * g, state + 1

    gd.minimize(gd.SeedQuadratic(), Recording(), [0.0, 0.0], max_iter=3)
    assert calls == [((), {})] * 3


def test_a_problem_that_cannot_answer_is_refused_before_the_first_step() -> None:
    with pytest.raises(ValueError, match="no hess"):
        gd.minimize(NoHessian(), gd.Newton(), [1.0, 1.0])
    run = gd.minimize(NoHessian(), gd.BacktrackingGD(), [1.0, 1.0], max_iter=3)  # f is enough
    assert run.nit == 3


def test_minibatches_are_refused_for_methods_with_needs() -> None:
    p = gd.LinearRegression(n=50, d=3, seed=0)
    with pytest.raises(ValueError, match="batch_size must be None"):
        gd.minimize(p, gd.Newton(), p.x0, batch_size=10)


def test_a_wrapper_that_would_drop_the_oracle_is_refused() -> None:
    opt = gd.Clipped(gd.Newton(), lambda g: gd.clip_by_norm(g, 1.0))
    with pytest.raises(ValueError, match="clip="):
        gd.minimize(gd.SeedQuadratic(), opt, [0.0, 0.0])
    run = gd.minimize(
        gd.SeedQuadratic(),
        gd.Newton(),
        [0.0, 0.0],
        max_iter=2,
        clip=lambda g: gd.clip_by_norm(g, 1.0),
    )
    assert run.clip is not None and run.nit == 2


def test_problem_oracle_refuses_unknown_needs() -> None:
    with pytest.raises(ValueError, match="^needs must be one of"):
        gd.ProblemOracle(gd.SeedQuadratic(), needs=("jacobian",))


# ------------------------------------------------------------------------- line search


def kantorovich(kappa: float) -> float:
    return ((kappa - 1) / (kappa + 1)) ** 2


@pytest.mark.parametrize(("m", "L", "dim"), [(1.0, 10.0, 2), (0.5, 50.0, 5), (1.0, 1e3, 8)])
def test_exact_line_search_attains_kantorovich_from_the_worst_start(m, L, dim) -> None:
    q = gd.Quadratic.with_spectrum(m=m, L=L, dim=dim, seed=dim)
    V, lam = q.eigenvectors, q.eigenvalues
    worst = V[:, 0] / lam[0] + V[:, -1] / lam[-1]
    run = gd.minimize(q, gd.ExactLineSearchGD(), worst, max_iter=20, grad_tol=0.0)
    ratios = run.fs[1:] / run.fs[:-1]  # f* = 0
    np.testing.assert_allclose(ratios, kantorovich(L / m), rtol=1e-9)
    # each step is exact: the next gradient is orthogonal to the last (the zig-zag)
    g = q.grad(run.xs)
    cosines = np.sum(g[1:] * g[:-1], axis=1) / np.linalg.norm(g[1:], axis=1)
    np.testing.assert_allclose(cosines / np.linalg.norm(g[:-1], axis=1), 0.0, atol=1e-9)
    # and every start does no worse, per step
    rng = np.random.default_rng(0)
    starts = rng.standard_normal((50, dim))
    runs = gd.minimize(q, gd.ExactLineSearchGD(), starts, max_iter=10, grad_tol=0.0)
    per_step = runs.fs[1:] / runs.fs[:-1]
    assert per_step.max() <= kantorovich(L / m) * (1 + 1e-12), per_step.max()


def test_exact_line_search_minimizes_along_the_gradient() -> None:
    q = gd.Quadratic.with_spectrum(m=1.0, L=20.0, dim=4, seed=3)
    x = np.array([1.0, -2.0, 0.5, 3.0])
    opt = gd.ExactLineSearchGD()
    new, state = opt.step(x, q.grad(x), opt.init(x), gd.ProblemOracle(q, opt.needs))
    etas = state.eta * np.array([0.999, 1.0, 1.001])
    values = q.f(x - etas[:, None] * q.grad(x))
    assert values[1] < values[0] and values[1] < values[2]
    assert float(q.f(new)) == pytest.approx(values[1], rel=1e-14)


BACKTRACK_CASES = {
    "quadratic": (gd.Quadratic.with_spectrum(m=0.1, L=10.0, dim=6, seed=0), np.ones(6)),
    "logistic": (gd.LogisticRegression(n=200, d=4, l2=0.01, seed=1), np.full(4, 2.0)),
    "linear-regression": (gd.LinearRegression(n=60, d=5, seed=2), np.zeros(5)),
}


@pytest.mark.parametrize("case", sorted(BACKTRACK_CASES))
@pytest.mark.parametrize(
    ("eta0", "c", "rho"), [(1.0, 1e-4, 0.5), (10.0, 0.5, 0.8), (0.05, 0.3, 0.1)]
)
def test_backtracking_accepts_a_step_above_its_lower_bound(case, eta0, c, rho) -> None:
    p, x0 = BACKTRACK_CASES[case]
    opt = gd.BacktrackingGD(lr=eta0, c=c, rho=rho)
    floor = min(eta0, 2 * rho * (1 - c) / p.L)
    # The test f(x - eta g) <= f(x) - c eta |g|^2 is decided in floating point: once the
    # decrease c eta |g|^2 is below the rounding of f (~ eps |f*|), it is noise, and a
    # refused step says nothing about L. Stop while the decrease is 1e4 roundings.
    grad_tol = math.sqrt(1e4 * np.finfo(float).eps * abs(p.f_star) / (c * floor))
    run = gd.minimize(p, opt, x0, max_iter=60, grad_tol=grad_tol)
    assert run.lrs.min() >= floor * (1 - 1e-12), (run.lrs.min(), floor)
    assert run.lrs.max() <= eta0
    # every accepted step satisfies the Armijo condition it was tested on
    g = p.grad(run.xs[:-1])
    decrease = run.fs[:-1] - c * run.lrs * np.sum(g * g, axis=1)
    assert np.all(run.fs[1:] <= decrease + 1e-15 * np.abs(run.fs[:-1]))
    # and the convex rate of a fixed step of size `floor` holds
    gap = run.fs - p.f_star
    t = np.arange(1, gap.size)
    r2 = float(np.sum((x0 - p.x_star) ** 2))
    assert np.all(gap[1:] <= r2 / (2 * floor * t) * (1 + 1e-9) + 1e-12)


def test_backtracking_lower_bound_is_approached() -> None:
    """On L x^2 / 2 the Armijo test passes exactly for eta <= 2(1 - c)/L, so a first trial
    just above that is cut once, to just above rho 2(1 - c)/L: the bound is tight."""
    L, c, rho = 4.0, 0.25, 0.5
    p = gd.Quadratic(np.array([[L]]))
    eta0 = 2 * (1 - c) / L * 1.0001
    run = gd.minimize(p, gd.BacktrackingGD(lr=eta0, c=c, rho=rho), [1.0], max_iter=5)
    floor = 2 * rho * (1 - c) / L
    np.testing.assert_allclose(run.lrs, floor * 1.0001, rtol=1e-12)
    assert run.evaluations["f"] == 5 * 3  # f(x), the refused trial, the accepted one


def test_batched_line_searches_equal_each_run_alone() -> None:
    p = gd.LogisticRegression(n=100, d=3, l2=0.05, seed=0)
    starts = np.random.default_rng(1).standard_normal((4, 3)) * 3
    for opt in (gd.BacktrackingGD(lr=5.0, c=0.3), gd.ExactLineSearchGD()):
        batch = gd.minimize(p, opt, starts, max_iter=8)
        for k in range(4):
            one = gd.minimize(p, opt, starts[k], max_iter=8)
            np.testing.assert_allclose(batch.run(k).xs, one.xs, rtol=1e-12, atol=1e-15)
            # the exact step g.g / g.Hg of a small g carries the rounding of g: relative
            # 1e-16 / |g|, so its rtol is looser than the iterates'
            np.testing.assert_allclose(batch.run(k).lrs, one.lrs, rtol=1e-7)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lr": -1.0}, "lr"),
        ({"c": 1.0}, "c"),
        ({"rho": 0.0}, "rho"),
        ({"max_backtracks": 0}, "max_backtracks"),
    ],
)
def test_backtracking_refuses_bad_arguments(kwargs, name) -> None:
    with pytest.raises(ValueError, match=rf"^{name} "):
        gd.BacktrackingGD(**kwargs)


# ---------------------------------------------------------------------- preconditioning


def rotated(theta: float, eigenvalues=(1.0, 100.0)) -> gd.Quadratic:
    c, s = math.cos(theta), math.sin(theta)
    R = np.array([[c, -s], [s, c]])
    return gd.Quadratic(R @ np.diag(eigenvalues) @ R.T)


def steps_to(p, opt, x0, tol=1e-8, max_iter=5000) -> int:
    run = gd.minimize(p, opt, x0, max_iter=max_iter, grad_tol=0.0)
    below = np.nonzero(run.fs - p.f_star <= tol * (run.fs[0] - p.f_star))[0]
    return int(below[0]) if below.size else max_iter + 1


def test_diagonal_preconditioner_fixes_axis_aligned_and_fails_rotated() -> None:
    x0 = np.array([1.0, 1.0])
    aligned, turned = rotated(0.0), rotated(math.pi / 4)
    for p in (aligned, turned):
        jacobi = gd.PreconditionedGD(lr=1.0, P=1 / np.diag(p.A))
        best_gd = gd.GD(lr=2 / (p.m + p.L))
        n_jacobi, n_gd = steps_to(p, jacobi, x0), steps_to(p, best_gd, x0)
        if p is aligned:
            assert n_jacobi == 1 and n_gd > 100, (n_jacobi, n_gd)
        else:  # diag(A) = (50.5, 50.5): Jacobi is a multiple of the identity, no help
            np.testing.assert_allclose(np.diag(p.A), 50.5)
            scaled = p.A * np.sqrt(1 / np.diag(p.A))[:, None] * np.sqrt(1 / np.diag(p.A))
            assert np.linalg.cond(scaled) == pytest.approx(100.0, rel=1e-10)
            jacobi_best = gd.PreconditionedGD(lr=2 / (1 + 100) * 50.5, P=1 / np.diag(p.A))
            assert steps_to(p, jacobi_best, x0) == n_gd  # exactly gradient descent's rate
            assert n_jacobi > 100
    full = gd.PreconditionedGD(lr=1.0, P=np.linalg.inv(turned.A))  # P = A^{-1}: Newton
    assert steps_to(turned, full, x0) == 1


def test_preconditioner_is_checked() -> None:
    with pytest.raises(ValueError, match="^P must"):
        gd.PreconditionedGD(P=None)
    with pytest.raises(ValueError, match="^P must"):
        gd.PreconditionedGD(P=[1.0, -1.0])
    with pytest.raises(ValueError, match="^P must"):
        gd.PreconditionedGD(P=np.ones((2, 3)))
