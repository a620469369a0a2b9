"""Newton's local rate, Kantorovich's rate of exact line search, Armijo backtracking (issue 14).

Bounds of ``gdtheory.bounds`` and checks of ``gdtheory.checks`` against runs of helper C's
``gd.Newton``, ``gd.ExactLineSearchGD`` and ``gd.BacktrackingGD``; each bound is attained or
approached where a tight case exists, and each check refuses runs outside its theorem.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import gdtheory as gd

LOGISTIC = gd.LogisticRegression(n=200, d=3, l2=1.0, seed=0)


@dataclasses.dataclass(frozen=True)
class CubicWell:
    """f(x) = mu x^2/2 + M |x|^3/6: f'' = mu + M|x| is M-Lipschitz, f''(0) = mu, x* = 0.

    Newton's step from x > 0 is M x^2 / (2 (mu + M x)): the bound M x^2 / (2 (mu - M x)) is
    approached as x -> 0 (their ratio is (mu - M x)/(mu + M x)).
    """

    mu: float = 1.0
    M: float = 3.0
    dim: int = 1
    x_star: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(1))
    f_star: float = 0.0

    @property
    def hessian_lipschitz(self):
        return self.M

    def f(self, x):
        x = np.asarray(x, dtype=float)[..., 0]
        return self.mu * x**2 / 2 + self.M * np.abs(x) ** 3 / 6

    def grad(self, x):
        x = np.asarray(x, dtype=float)
        return self.mu * x + self.M * x * np.abs(x) / 2

    def hess(self, x):
        x = np.asarray(x, dtype=float)
        return (self.mu + self.M * np.abs(x))[..., None]


# --------------------------------------------------------------------------- Newton


def test_newton_bound_is_its_recursion_and_refuses_a_start_outside_the_region():
    r = gd.newton_local_bound(np.arange(6), R=0.2, mu=1.0, M=2.0)
    assert np.allclose(r[1:], 2.0 * r[:-1] ** 2 / (2 * (1.0 - 2.0 * r[:-1])), rtol=1e-14)
    assert np.all(np.diff(r) < 0)
    assert gd.newton_local_bound([0, 1], R=5.0, mu=1.0, M=0.0).tolist() == [5.0, 0.0]
    with pytest.raises(ValueError, match="2 mu/"):
        gd.newton_local_bound([1], R=0.4, mu=1.0, M=2.0)  # 2/(3*2) = 0.333


def test_the_hessian_lipschitz_constant_of_logistic_regression_holds_at_random_points():
    M = gd.hessian_lipschitz(LOGISTIC)
    rng = np.random.default_rng(0)
    x, y = rng.normal(scale=2, size=(2, 300, LOGISTIC.dim))
    H = gd.hessian(LOGISTIC, x) - gd.hessian(LOGISTIC, y)
    ratio = np.linalg.norm(H, ord=2, axis=(-2, -1)) / np.linalg.norm(x - y, axis=-1)
    assert np.all(ratio <= M)
    assert ratio.max() > 0.05 * M  # and not absurdly loose


def test_newton_holds_its_local_rate_on_regularized_logistic_regression():
    x0 = LOGISTIC.x_star + np.array([0.1, -0.1, 0.05])
    run = gd.minimize(LOGISTIC, gd.Newton(), x0, max_iter=5)
    report = gd.check_newton_local(run, LOGISTIC)
    assert report.status == "holds", str(report)
    err = gd.distance_to_minimizer(run, LOGISTIC)
    digits = -np.log10(err[:4])
    assert np.all(digits[1:] > 1.8 * digits[:-1])  # the number of correct digits doubles


def test_newton_approaches_its_bound_on_the_cubic_well():
    p = CubicWell()
    run = gd.minimize(p, gd.Newton(), np.array([0.1]), max_iter=4)
    report = gd.check_newton_local(run, p)
    assert report.status == "holds", str(report)
    # the bound's recursion starts from r_0 and is met with ratio (mu - M r)/(mu + M r) each
    # step, so the run's ratio after one step is (1 - 0.3)/(1 + 0.3) = 0.54 and approaches 1
    ratios = gd.distance_to_minimizer(run, p)[1:3] / gd.newton_local_bound([1, 2], 0.1, p.mu, p.M)
    assert ratios[0] == pytest.approx(0.7 / 1.3, rel=1e-12)
    assert report.worst_ratio == pytest.approx(0.7 / 1.3, rel=1e-12)
    one_step = [
        gd.minimize(p, gd.Newton(), np.array([r]), max_iter=1).xs[1, 0]
        / gd.newton_local_bound([1], r, p.mu, p.M)[0]
        for r in (1e-1, 1e-2, 1e-3, 1e-4)
    ]
    assert np.all(np.diff(one_step) > 0) and one_step[-1] > 0.999


def test_newton_check_refuses_what_its_theorem_excludes():
    x0 = LOGISTIC.x_star + 0.05
    for opt, why in [
        (gd.Newton(damping="decrement"), "pure step"),
        (gd.Newton(lr=0.5), "pure step"),
        (gd.GD(lr=0.1), "the run used GD"),
    ]:
        report = gd.check_newton_local(gd.minimize(LOGISTIC, opt, x0, max_iter=5), LOGISTIC)
        assert report.status == "assumption violated" and why in report.reason, report.reason
    far = gd.minimize(LOGISTIC, gd.Newton(), LOGISTIC.x_star + 5.0, max_iter=5)
    report = gd.check_newton_local(far, LOGISTIC)
    assert report.status == "assumption violated" and "outside the region" in report.reason


# --------------------------------------------------------------------------- exact line search


Q = gd.Quadratic(np.diag([1.0, 10.0]))


def test_kantorovich_rate_is_attained_from_the_worst_start_at_every_step():
    x0 = Q.x_star + np.array([1 / 1.0, 1 / 10.0])  # e_m / m + e_L / L
    run = gd.minimize(Q, gd.ExactLineSearchGD(), x0, max_iter=15)
    report = gd.check_exact_line_search(run, Q)
    assert report.status == "holds"
    assert report.worst_ratio == pytest.approx(1.0, abs=1e-9)
    gaps = gd.suboptimality(run, Q)
    assert np.allclose(gaps[1:] / gaps[:-1], (9 / 11) ** 2, rtol=1e-9)
    d = np.diff(run.xs[:4], axis=0)  # the zig-zag: consecutive steps are orthogonal
    assert abs(d[0] @ d[1]) < 1e-12 * np.linalg.norm(d[0]) * np.linalg.norm(d[1])


def test_kantorovich_rate_holds_from_random_starts_in_higher_dimension():
    q = gd.Quadratic.with_spectrum(m=0.5, L=20.0, dim=6, seed=1)
    x0 = np.random.default_rng(2).normal(size=(8, 6))
    run = gd.minimize(q, gd.ExactLineSearchGD(), x0, max_iter=40)
    report = gd.check_exact_line_search(run, q)
    assert report.status == "holds" and report.worst_ratio < 1


def test_exact_line_search_check_refuses_non_quadratics_and_other_methods():
    run = gd.minimize(LOGISTIC, gd.ExactLineSearchGD(), LOGISTIC.x0, max_iter=10)
    report = gd.check_exact_line_search(run, LOGISTIC)
    assert report.status == "assumption violated" and "not quadratic" in report.reason
    run = gd.minimize(Q, gd.GD(lr=2 / 11), [1.0, 1.0], max_iter=10)
    report = gd.check_exact_line_search(run, Q)
    assert report.status == "assumption violated" and "the run used GD" in report.reason


# --------------------------------------------------------------------------- backtracking


def test_the_accepted_step_bound_is_approached_on_a_quadratic():
    # On L x^2/2 the test f(x - eta g) <= f(x) - c eta g^2 holds exactly for eta <= 2(1 - c)/L,
    # so a first trial just above that is shrunk once: accepted = rho * (1 + eps) * bound/rho.
    L, c, rho, eps = 4.0, 0.3, 0.5, 1e-3
    q = gd.Quadratic(np.array([[L]]))
    lr = 2 * (1 - c) / L * (1 + eps)
    run = gd.minimize(q, gd.BacktrackingGD(lr=lr, c=c, rho=rho), [1.0], max_iter=5)
    report = gd.check_backtracking_step(run, q)
    assert report.status == "holds" and report.kind == "lower"
    assert report.worst_ratio == pytest.approx(1 + eps, rel=1e-9)


@pytest.mark.parametrize(
    "problem",
    [gd.Quadratic.with_spectrum(m=0.1, L=10.0, dim=5, seed=0), gd.LogisticRegression(seed=1)],
    ids=["quadratic", "logistic"],
)
@pytest.mark.parametrize("c", [0.5, 0.9])
def test_backtracking_holds_its_step_bound_and_convex_rate(problem, c):
    x0 = np.ones(problem.dim)
    run = gd.minimize(problem, gd.BacktrackingGD(lr=10.0, c=c, rho=0.5), x0, max_iter=50)
    for check in (gd.check_backtracking_step, gd.check_backtracking_convex):
        report = check(run, problem)
        assert report.status == "holds", str(report)


def test_backtracking_on_huber_approaches_half_its_convex_bound():
    # First trial 1/(2L) = eta_min, always accepted on Drori and Teboulle's Huber function for
    # h = 1/2: the gap is L R^2/(2N + 2) against the bound R^2/(2 N eta_min) = L R^2/N.
    N = 20
    h = gd.Huber(L=1.0, R=1.0, N=N, h=0.5)
    run = gd.minimize(h, gd.BacktrackingGD(lr=0.5, c=0.5, rho=0.5), h.x0, max_iter=N)
    assert np.allclose(run.lrs, 0.5)
    report = gd.check_backtracking_convex(run, h)
    assert report.status == "holds"
    assert report.worst_ratio == pytest.approx(N / (2 * N + 2), rel=1e-9)


def test_backtracking_checks_refuse_what_their_theorems_exclude():
    h = gd.Huber(L=1.0, R=1.0, N=20)
    run = gd.minimize(h, gd.BacktrackingGD(lr=1.0, c=0.1), h.x0, max_iter=20)
    report = gd.check_backtracking_convex(run, h)
    assert report.status == "assumption violated" and "c >= 1/2" in report.reason
    run = gd.minimize(h, gd.GD(lr=1.0), h.x0, max_iter=20)
    for check in (gd.check_backtracking_step, gd.check_backtracking_convex):
        report = check(run, h)
        assert report.status == "assumption violated" and "the run used GD" in report.reason


# --------------------------------------------------------------------------- the other checks


@pytest.mark.parametrize(
    "optimizer",
    [gd.Newton(), gd.ExactLineSearchGD(), gd.BacktrackingGD(lr=1.0, c=0.5)],
    ids=["Newton", "ExactLineSearchGD", "BacktrackingGD"],
)
def test_the_first_order_checks_refuse_second_order_runs(optimizer):
    p = gd.SeedQuadratic()
    run = gd.minimize(p, optimizer, p.x0, max_iter=10)
    name = type(optimizer).__name__
    for check in [n for n in gd.checks.__all__ if n.startswith("check_gd_")] + [
        "check_nesterov_convex",
        "check_nesterov_strongly_convex",
        "check_heavy_ball_quadratic",
    ]:
        try:
            report = getattr(gd, check)(run, p)
        except ValueError as err:  # a check that needs the optimizer's momentum says so
            assert "momentum" in str(err) or "optimizer" in str(err), (check, err)
            continue
        assert report.status == "assumption violated", (check, report.reason)
        assert f"the run used {name}" in report.reason, (check, report.reason)


def test_the_step_bound_ignores_steps_where_rounding_decides_the_armijo_test():
    # With a flat direction (m = 0) f stalls near 3e-17 while its rounding error is ~1e-15:
    # the sufficient-decrease test is then decided by rounding and shrinks the step to 1e-18.
    q = gd.Quadratic.with_spectrum(m=0.0, L=10.0, dim=4, seed=0)
    run = gd.minimize(q, gd.BacktrackingGD(lr=1.0, c=0.5, rho=0.5), np.ones(4), max_iter=40)
    assert run.lrs.min() < 1e-15  # the run did hit the floor
    report = gd.check_backtracking_step(run, q)
    assert report.status == "holds", str(report)
    assert "floating-point floor" in report.reason
    early = gd.minimize(q, gd.BacktrackingGD(lr=1.0, c=0.5, rho=0.5), np.ones(4), max_iter=15)
    assert "floating-point floor" not in gd.check_backtracking_step(early, q).reason
