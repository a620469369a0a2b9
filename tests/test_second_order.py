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
            np.testing.assert_allclose(batch.run(k).lrs, one.lrs, rtol=1e-12)


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
