"""The convergence theorems of THEORY.md, checked numerically with gdtheory's own runs."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

import gdtheory as gd

# Frozen fixtures, typed in from the sources (THEORY.md), independent of the closed forms.
DRORI_TEBOULLE_H1 = [1 / 6, 1 / 10, 1 / 14, 1 / 18, 1 / 22, 1 / 26, 1 / 30, 1 / 34, 1 / 38, 1 / 42]
"""Worst case of f(x_N) - f* for GD with step 1/L, L = R = 1, N = 1..10 (Drori & Teboulle)."""
SEED_VS_TIGHT = {1: (0.81, 0.9), 3: (0.531, 0.729), 5: (0.349, 0.590)}
"""m = 0.1, L = 1: t -> (true worst case of ||x_t - x*||^2 / R^2, the seed's bound), 3 digits."""
REDDI_ADAM_FIRST_ITERATES = [0.5, 0.7565, 1.0, 0.7516, 0.9134, 1.0]
LESSARD_CYCLE = [-1.802, 2.116, 0.647]


def gd_run(problem, lr, x0, steps, **kw):
    return gd.minimize(problem, gd.GD(lr=lr), x0, max_iter=steps, **kw)


# --------------------------------------------------------------------------- convex GD


@pytest.mark.parametrize("h", [0.25, 0.5, 1.0, 1.5])
@pytest.mark.parametrize("N", [1, 3, 10])
def test_huber_attains_the_tight_bound(h, N):
    L, R = 2.0, 3.0
    p = gd.Huber(L=L, R=R, N=N, h=h)
    res = gd_run(p, h / L, p.x0, N)
    report = gd.check_gd_convex_tight(res, p)
    assert report.status == "holds" and report.assumptions_held
    assert report.worst_step == N
    assert abs(report.worst_ratio - 1) < 1e-9
    gap = gd.suboptimality(res, p)[N]
    assert gap == pytest.approx(L * R**2 / (2 * (2 * N * h + 1)), rel=1e-12)
    if h <= 1:
        assert "Drori & Teboulle" in report.citation
        assert gap == pytest.approx(float(gd.gd_convex_tight_bound(N, L, R, h)), rel=1e-12)
    else:
        assert "Kim (2024)" in report.citation


def test_the_bounce_branch_of_the_any_step_bound_is_attained_by_a_quadratic():
    # For h close to 2 and few steps, (1 - h)^(2t) wins: f = L x^2 / 2 attains it.
    L, h, N = 2.0, 1.9, 3
    q = gd.Quadratic(np.array([[L]]))
    res = gd_run(q, h / L, [1.5], N)
    report = gd.check_gd_convex_tight(res, q)
    assert report.holds and abs(report.worst_ratio - 1) < 1e-9  # attained at every step
    np.testing.assert_allclose(
        gd.suboptimality(res, q)[1:],
        gd.gd_convex_tight_bound_any_step(np.arange(1, N + 1), L, 1.5, h),
        rtol=1e-12,
    )


def test_drori_teboulle_worst_case_values_frozen_table():
    N = np.arange(1, 11)
    closed_form = gd.gd_convex_tight_bound(N, L=1.0, R=1.0, h=1.0)
    np.testing.assert_allclose(closed_form, DRORI_TEBOULLE_H1, rtol=1e-12)
    attained = [
        gd.suboptimality(gd_run(gd.Huber(L=1.0, R=1.0, N=n), 1.0, [1.0], n), gd.Huber(1.0, 1.0, n))[
            n
        ]
        for n in N
    ]
    np.testing.assert_allclose(attained, DRORI_TEBOULLE_H1, rtol=1e-12)
    # The general-step formula agrees for h <= 1, and the seed's bound is about twice as large.
    np.testing.assert_allclose(gd.gd_convex_tight_bound_any_step(N, 1.0, 1.0, 1.0), closed_form)
    assert np.all(gd.gd_convex_bound(N, 1.0, 1.0) > closed_form)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("h", [0.5, 1.0, 1.5])
@pytest.mark.parametrize("m", [0.0, 0.05])
def test_random_quadratics_stay_strictly_below_the_tight_bound(seed, h, m):
    q = gd.Quadratic.with_spectrum(m=m, L=1.0, dim=10, seed=seed)
    x0 = np.random.default_rng(seed).standard_normal(10)
    res = gd_run(q, h / q.L, x0, 60)
    report = gd.check_gd_convex_tight(res, q)
    assert report.holds
    assert report.worst_ratio < 0.99  # quadratics never attain the Huber worst case
    if h <= 1:
        assert gd.check_gd_convex(res, q).holds


def test_seed_convex_bound_uses_one_over_step_for_smaller_steps():
    q = gd.Quadratic.with_spectrum(m=0.0, L=1.0, dim=6, seed=0)
    res = gd_run(q, 0.3, np.ones(6), 40)
    report = gd.check_gd_convex(res, q)
    assert report.holds and "L' = 1/step" in report.reason


# --------------------------------------------------------------------------- strongly convex GD


def test_seed_strongly_convex_bound_holds_but_is_loose_by_a_square():
    m, L = 0.1, 1.0
    kappa = L / m
    t = np.array([1, 3, 5])
    tight = (1 - 1 / kappa) ** (2 * t)
    seed = (1 - 1 / kappa) ** t
    # closed forms against the frozen table
    np.testing.assert_allclose(tight, [SEED_VS_TIGHT[k][0] for k in t], atol=5e-4)
    np.testing.assert_allclose(seed, [SEED_VS_TIGHT[k][1] for k in t], atol=5e-4)
    # the package's bound functions
    np.testing.assert_allclose(
        gd.gd_strongly_convex_tight_bound(t, m, L, 1 / L, 1.0), tight, rtol=1e-12
    )
    np.testing.assert_allclose(gd.gd_strongly_convex_bound(t, m, L, 1.0), seed, rtol=1e-12)
    # a run started along the eigenvector of m attains the tight worst case exactly
    q = gd.Quadratic.with_spectrum(m=m, L=L, dim=5, seed=7)
    res = gd_run(q, 1 / L, q.eigenvectors[:, 0], 5)
    d2 = gd.distance_to_minimizer(res, q) ** 2
    np.testing.assert_allclose(d2[t], tight, rtol=1e-9)
    tight_report = gd.check_gd_strongly_convex_tight(res, q)
    seed_report = gd.check_gd_strongly_convex(res, q)
    assert tight_report.holds and abs(tight_report.worst_ratio - 1) < 1e-9
    # the seed's bound holds, with observed / bound = (1 - 1/kappa)^t: worst at t = 1
    assert seed_report.holds
    assert seed_report.worst_step == 1
    assert seed_report.worst_ratio == pytest.approx(1 - 1 / kappa, rel=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_strongly_convex_bounds_hold_on_random_quadratics(seed):
    q = gd.Quadratic.with_spectrum(m=0.2, L=3.0, dim=8, seed=seed)
    x0 = np.random.default_rng(10 + seed).standard_normal(8)
    for lr in (0.1, 1 / 3.0):
        res = gd_run(q, lr, x0, 80)
        assert gd.check_gd_strongly_convex(res, q).holds
        assert gd.check_gd_strongly_convex_tight(res, q).holds
    res = gd_run(q, 0.6, x0, 80)  # above 1/L, below 2/L: only the tight theorem applies
    assert gd.check_gd_strongly_convex(res, q).status == "assumption violated"
    assert gd.check_gd_strongly_convex_tight(res, q).holds


def test_tight_strongly_convex_check_accepts_a_schedule():
    q = gd.Quadratic.with_spectrum(m=0.5, L=2.0, dim=4, seed=1)
    res = gd.minimize(q, gd.GD(lr=lambda t: 0.9 / (1 + 0.1 * t)), np.ones(4), max_iter=30)
    assert gd.check_gd_strongly_convex_tight(res, q).holds
    # ...while the constant-step convex theorems refuse it
    assert gd.check_gd_convex_tight(res, q).status == "assumption violated"


def test_optimal_step_bound():
    q = gd.Quadratic.with_spectrum(m=0.5, L=4.0, dim=6, seed=2)
    step = 2 / (q.m + q.L)
    res = gd_run(q, step, q.eigenvectors[:, -1], 20)  # the L end also contracts at (k-1)/(k+1)
    report = gd.check_gd_optimal_step(res, q)
    assert report.holds and abs(report.worst_ratio - 1) < 1e-9
    res = gd_run(q, 0.9 * step, np.ones(6), 20)
    assert gd.check_gd_optimal_step(res, q).status == "assumption violated"
    np.testing.assert_allclose(gd.gd_optimal_step_bound([1, 2], 1.0, 3.0, 2.0), [1.0, 0.5])


# --------------------------------------------------------------------------- momentum


def test_heavy_ball_cycles_on_lessard_function_while_gd_converges():
    p = gd.LessardHeavyBall()
    hb = gd.Momentum(lr=1 / 9, beta=4 / 9)
    res = gd.minimize(p, hb, p.x0, max_iter=300)
    tail = res.xs[-3:, 0]
    k = int(np.argmin(tail))  # align the cycle with the order -1.802, 2.116, 0.647
    np.testing.assert_allclose(np.roll(tail, -k), LESSARD_CYCLE, atol=1e-3)
    np.testing.assert_allclose(res.xs[-3:, 0], res.xs[-6:-3, 0], atol=1e-9)  # a true 3-cycle
    # The heavy-ball check refuses the problem: it is not a quadratic.
    report = gd.check_heavy_ball_quadratic(res, p, hb)
    assert report.status == "assumption violated" and "not a quadratic" in report.reason
    # Gradient descent with step 1/L converges, as the theorem says it must.
    res_gd = gd_run(p, 1 / p.L, p.x0, 300)
    assert abs(res_gd.x[0]) < 1e-8
    assert gd.check_gd_strongly_convex_tight(res_gd, p).holds


def test_heavy_ball_on_a_quadratic_with_polyaks_parameters():
    m, L = 0.01, 1.0
    q = gd.Quadratic.with_spectrum(m=m, L=L, dim=20, seed=3)
    sq = np.sqrt(L / m)
    rate = (sq - 1) / (sq + 1)
    alpha, beta = 4 / (np.sqrt(L) + np.sqrt(m)) ** 2, rate**2
    hb = gd.Momentum(lr=alpha, beta=beta)
    res = gd.minimize(q, hb, np.random.default_rng(0).standard_normal(20), max_iter=300)
    report = gd.check_heavy_ball_quadratic(res, q, hb)
    assert report.holds
    # The keras convention gives the same iterates with a constant step.
    hk = gd.Momentum(lr=alpha, beta=beta, convention="keras")
    assert gd.check_heavy_ball_quadratic(gd.minimize(q, hk, res.xs[0], max_iter=300), q, hk).holds
    # The extreme eigenvalues form a Jordan block: the bound grows like (t + 1) q^t, not q^t.
    b = gd.heavy_ball_quadratic_bound([50, 100], [m], alpha, beta, [1.0]) / rate ** np.array(
        [50, 100]
    )
    assert b[1] / b[0] == pytest.approx(101 / 51, rel=0.05)
    # the observed rate is close to q
    assert gd.empirical_rate(
        gd.distance_to_minimizer(res, q), start=100, stop=280
    ) == pytest.approx(rate, abs=0.01)


def test_nesterov_beats_gd_rate_on_kappa_100():
    m, L = 0.01, 1.0
    kappa = L / m
    q = gd.Quadratic.with_spectrum(m=m, L=L, dim=20, seed=4)
    x0 = np.random.default_rng(1).standard_normal(20)
    beta = (np.sqrt(L) - np.sqrt(m)) / (np.sqrt(L) + np.sqrt(m))
    nag = gd.Nesterov(lr=1 / L, beta=beta)
    res_n = gd.minimize(q, nag, x0, max_iter=300)
    res_g = gd_run(q, 1 / L, x0, 300)
    assert gd.check_nesterov_strongly_convex(res_n, q, nag).holds
    assert gd.check_gd_strongly_convex_tight(res_g, q).holds
    # GD: the distance contracts by 1 - 1/kappa, the rate of the tight theorem.
    rate_gd = gd.empirical_rate(gd.distance_to_minimizer(res_g, q), start=100)
    assert rate_gd == pytest.approx(1 - 1 / kappa, abs=1e-4)
    # Nesterov: f - f* contracts at least as fast as 1 - 1/sqrt(kappa), far faster than GD.
    rate_nag = gd.empirical_rate(gd.suboptimality(res_n, q), start=50, stop=250)
    rate_gd_f = gd.empirical_rate(gd.suboptimality(res_g, q), start=100)
    assert rate_nag <= 1 - 1 / np.sqrt(kappa)
    assert rate_gd_f == pytest.approx((1 - 1 / kappa) ** 2, abs=1e-4)
    assert rate_nag < rate_gd_f


def test_fista_momentum_reproduces_beck_teboulle():
    p = gd.NesterovWorstCase(L=1.0, dim=31)
    nag = gd.Nesterov(lr=1.0, beta=gd.fista_momentum)
    res = gd.minimize(p, nag, p.x0, max_iter=15)
    x_prev = y = p.x0.copy()
    tk, xs = 1.0, [p.x0]
    for _ in range(15):  # FISTA as written in the paper (no prox term)
        x = y - p.grad(y) / p.L
        tn = (1 + np.sqrt(1 + 4 * tk * tk)) / 2
        y = x + (tk - 1) / tn * (x - x_prev)
        x_prev, tk = x, tn
        xs.append(x)
    np.testing.assert_allclose(res.xs, np.array(xs), atol=1e-14)
    assert gd.fista_momentum(0) == 0.0 and gd.fista_momentum(1) == 0.0


def test_lower_bound_below_nesterov_upper_bound_on_the_worst_function():
    n = 101
    p = gd.NesterovWorstCase(L=1.0, dim=n)
    R = float(np.linalg.norm(p.x0 - p.x_star))
    t = (n - 1) // 2
    nag = gd.Nesterov(lr=1.0, beta=gd.fista_momentum)
    res = gd.minimize(p, nag, p.x0, max_iter=t)
    assert gd.check_nesterov_convex(res, p, nag).holds
    assert gd.check_lower_bound_convex(res, p).holds
    gap = gd.suboptimality(res, p)[t]
    assert gd.lower_bound_convex(t, p.L, R) <= gap <= gd.nesterov_convex_bound(t, p.L, R)
    # the step-by-step bound of the proof implies the theorem's at t = (n - 1)/2
    assert gd.nesterov_worst_case_gap(t, p.L, n) >= gd.lower_bound_convex(t, p.L, R)
    # gradient descent cannot beat the lower bound either
    assert gd.check_lower_bound_convex(gd_run(p, 1.0, p.x0, t), p).holds
    # and the bound functions are ordered for every t
    steps = np.arange(200)
    assert np.all(
        gd.lower_bound_convex(steps, 1.0, 1.0) < gd.nesterov_convex_bound(steps, 1.0, 1.0)
    )
    for m in (1e-4, 1e-2, 0.5):
        low = gd.lower_bound_strongly_convex(steps, m, 1.0, 1.0)
        up = gd.nesterov_strongly_convex_bound(steps, m, 1.0, 1.0, initial_gap=m / 2)
        assert np.all(low <= up)


def test_lower_bound_check_refuses_other_problems():
    q = gd.Quadratic.with_spectrum(m=0.1, L=1.0, dim=5, seed=0)
    res = gd_run(q, 1.0, np.zeros(5) + 1, 5)
    report = gd.check_lower_bound_convex(res, q)
    assert report.status == "assumption violated" and not report.holds


# --------------------------------------------------------------------------- Adam


def test_adam_goes_to_the_worst_point_of_reddis_problem_while_amsgrad_goes_to_the_best():
    # THEORY.md quotes t = 30,000 (AMSGrad at about -0.998); measured here that takes
    # 3-7 s per run through minimize, and the outcome is already unambiguous after
    # 3,000 steps (under 0.5 s): Adam's last 300 iterates average above 0.99,
    # AMSGrad's below -0.99.
    p = gd.ReddiAdam(C=3.0)
    beta2 = 1 / (1 + p.C**2)
    alpha = 0.5 * np.sqrt(1 - beta2)

    def lr(t):
        return alpha / np.sqrt(t + 1)  # alpha / sqrt(t) with t counted from 1

    def run(amsgrad, bias_correction=False, steps=3000):
        opt = gd.Adam(
            lr=lr, beta1=0.0, beta2=beta2, amsgrad=amsgrad, bias_correction=bias_correction
        )
        return gd.minimize(p, opt, p.x0, max_iter=steps, project=p.project).xs[:, 0]

    adam, ams = run(False), run(True)
    np.testing.assert_allclose(adam[1:7], REDDI_ADAM_FIRST_ITERATES, atol=5e-5)
    assert adam[-300:].mean() > 0.99  # +1 is the worst point
    assert ams[-300:].mean() < -0.99  # -1 is the best point
    assert adam[-300:].mean() > adam[300:600].mean()  # still moving toward +1
    # bias correction does not change the outcome
    assert run(False, True, 1000)[-300:].mean() > 0.99
    assert run(True, True, 1000)[-300:].mean() < -0.99


# --------------------------------------------------------------------------- assumptions


def test_step_above_the_limit_is_assumption_violated_never_a_pass():
    p = gd.SeedQuadratic()
    res = gd_run(p, 0.3, p.x0, 50)  # 1/L = 0.25 < 0.3 < 2/L = 0.5
    report = gd.check_gd_convex(res, p)
    assert report.status == "assumption violated" and not report.holds
    assert "> 1/L" in report.reason
    assert report.worst_ratio < 1  # the numbers lie below the bound, still not a pass
    assert gd.check_gd_convex_tight(res, p).holds
    res = gd_run(p, 0.5, p.x0, 20)  # h = 2
    assert gd.check_gd_convex_tight(res, p).status == "assumption violated"
    assert gd.check_gd_strongly_convex_tight(res, p).status == "assumption violated"


def test_not_strongly_convex_is_assumption_violated():
    q = gd.Quadratic.with_spectrum(m=0.0, L=1.0, dim=4, seed=0)
    res = gd_run(q, 1.0, np.ones(4), 10)
    for check in (
        gd.check_gd_strongly_convex,
        gd.check_gd_strongly_convex_tight,
        gd.check_gd_optimal_step,
    ):
        report = check(res, q)
        assert report.status == "assumption violated" and "not strongly convex" in report.reason


def test_wrong_method_or_momentum_is_assumption_violated():
    p = gd.NesterovWorstCase(L=1.0, dim=21)
    hb = gd.Momentum(lr=1.0, beta=0.5)
    res = gd.minimize(p, hb, p.x0, max_iter=10)
    assert gd.check_gd_convex(res, p, hb).status == "assumption violated"
    assert gd.check_nesterov_convex(res, p, hb).status == "assumption violated"
    nag = gd.Nesterov(lr=1.0, beta=0.9)  # constant momentum: not FISTA's schedule
    res = gd.minimize(p, nag, p.x0, max_iter=10)
    report = gd.check_nesterov_convex(res, p, nag)
    assert report.status == "assumption violated" and "FISTA" in report.reason
    torch_form = gd.Nesterov(lr=1.0, beta=gd.fista_momentum, form="torch")
    res = gd.minimize(p, torch_form, p.x0, max_iter=10)
    assert gd.check_nesterov_convex(res, p, torch_form).status == "assumption violated"
    q = gd.Quadratic.with_spectrum(m=0.01, L=1.0, dim=5, seed=0)
    res = gd.minimize(q, nag, np.ones(5), max_iter=10)  # momentum 0.9 != 9/11
    assert gd.check_nesterov_strongly_convex(res, q, nag).status == "assumption violated"


def test_batched_runs_are_checked_run_by_run():
    p = gd.SeedQuadratic()
    lrs = np.array([[0.05], [0.1], [0.25]])
    res = gd.minimize(p, gd.GD(lr=lrs), np.tile(p.x0, (3, 1)), max_iter=200, grad_tol=1e-6)
    assert len(set(np.asarray(res.nit).tolist())) == 3  # the runs stop at different steps
    report = gd.check_gd_strongly_convex_tight(res, p)
    singles = [gd.check_gd_strongly_convex_tight(res.run(k), p) for k in range(3)]
    assert report.holds and all(r.holds for r in singles)
    assert report.worst_ratio == pytest.approx(max(r.worst_ratio for r in singles), rel=1e-12)
    assert report.worst_run == int(np.argmax([r.worst_ratio for r in singles]))


# --------------------------------------------------------------------------- bad input


def test_missing_constants_are_named():
    res = gd.minimize(gd.Rosenbrock(), gd.GD(lr=1e-3), [-1.0, 0.5], max_iter=5)
    with pytest.raises(ValueError, match="L"):
        gd.check_gd_convex(res, gd.Rosenbrock())
    q = gd.Quadratic.with_spectrum(m=0.1, L=1.0, dim=2, seed=0)
    res = gd_run(q, 1.0, np.ones(2), 5)

    @dataclasses.dataclass
    class NoStar:
        dim: int = 2
        L: float = 1.0
        m: float | None = None
        x_star: np.ndarray | None = None
        f_star: float | None = None

    with pytest.raises(ValueError, match=r"x_star.*f_star|x_star=None"):
        gd.check_gd_convex(res, NoStar())
    with pytest.raises(ValueError, match="m"):
        gd.check_gd_strongly_convex(res, NoStar(x_star=np.zeros(2)))
    with pytest.raises(ValueError, match="f_star"):
        gd.suboptimality(res, NoStar())
    anonymous = dataclasses.replace(res, optimizer=None)  # a Result that records no optimizer
    with pytest.raises(ValueError, match="optimizer"):
        gd.check_heavy_ball_quadratic(anonymous, q, None)
    report = gd.check_gd_convex(anonymous, q)  # the method cannot be verified: no pass
    assert report.status == "assumption violated" and "does not record" in report.reason
    assert gd.check_gd_convex(anonymous, q, gd.GD(lr=1.0)).holds  # ...unless it is named
    with pytest.raises(ValueError, match="not the optimizer the run used"):
        gd.check_gd_convex(res, q, gd.GD(lr=0.5))  # res ran GD(lr=1.0)
    assert gd.check_gd_convex(res, q, gd.GD(lr=1.0)).holds  # an equal optimizer agrees
    reddi = gd.ReddiAdam()  # linear losses: L = 0, no smoothness theorem applies
    res = gd.minimize(reddi, gd.GD(lr=0.1), reddi.x0, max_iter=3, project=reddi.project)
    with pytest.raises(ValueError, match="positive smoothness constant L"):
        gd.check_gd_convex(res, reddi)


def test_empty_or_non_finite_history_is_refused():
    p = gd.SeedQuadratic()
    res = gd_run(p, 0.1, p.x0, 5)
    empty = dataclasses.replace(res, xs=np.empty((0, 2)), fs=np.empty(0), lrs=np.empty(0))
    with pytest.raises(ValueError, match="empty"):
        gd.check_gd_convex(empty, p)
    diverged = gd_run(p, 0.9, p.x0, 5000, divergence_factor=None)
    assert not np.all(np.isfinite(diverged.fs))
    with pytest.raises(ValueError, match="non-finite"):
        gd.check_gd_convex_tight(diverged, p)
    with pytest.raises(ValueError, match="finite"):
        gd.compare_to_bound([1.0, np.nan], [1.0, 1.0], name="x", citation="y")
    with pytest.raises(ValueError, match="non-empty"):
        gd.compare_to_bound([], [], name="x", citation="y")


def test_mismatched_shapes_are_refused():
    p = gd.SeedQuadratic()
    res = gd_run(p, 0.1, p.x0, 5)
    with pytest.raises(ValueError, match="dim"):
        gd.check_gd_convex(res, gd.NesterovWorstCase(L=1.0, dim=3))
    bad = dataclasses.replace(res, lrs=np.full(3, 0.1))
    with pytest.raises(ValueError, match="lrs"):
        gd.check_gd_convex(bad, p)
    with pytest.raises(ValueError, match="broadcast"):
        gd.compare_to_bound([1.0, 0.5], [1.0, 0.5, 0.2], name="x", citation="y")
    with pytest.raises(ValueError, match="same length"):
        gd.heavy_ball_quadratic_bound(3, [1.0, 2.0], 0.1, 0.5, [1.0])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: gd.gd_convex_bound(-1, 1.0, 1.0), "t must be"),
        (lambda: gd.gd_convex_bound(1, 0.0, 1.0), "L must be"),
        (lambda: gd.gd_convex_tight_bound(1, 1.0, 1.0, h=1.5), r"h must be in \(0, 1\]"),
        (lambda: gd.gd_convex_tight_bound_any_step(1, 1.0, 1.0, h=2.0), r"h must be in \(0, 2\)"),
        (lambda: gd.gd_strongly_convex_bound(1, 2.0, 1.0, 1.0), "m must not exceed L"),
        (lambda: gd.gd_strongly_convex_tight_bound(1, 0.1, 1.0, 2.5, 1.0), "below 2/L"),
        (lambda: gd.gd_optimal_step_bound(1, 0.0, 1.0, 1.0), "m must be"),
        (lambda: gd.nesterov_strongly_convex_bound(1, 0.1, 1.0, 1.0, -1.0), "initial_gap"),
        (lambda: gd.heavy_ball_quadratic_bound(1.5, [1.0], 0.1, 0.5, [1.0]), "integer"),
        (lambda: gd.nesterov_worst_case_gap(1, 1.0, 0), "n must be"),
        (lambda: gd.fista_momentum(0.5), "integer"),
        (lambda: gd.empirical_rate([1.0, 0.5, 0.0]), "positive"),
        (lambda: gd.empirical_rate([1.0]), "at least 2"),
        (
            lambda: gd.compare_to_bound([1.0], [1.0], name="x", citation="y", kind="sideways"),
            "kind",
        ),
    ],
)
def test_bad_arguments_raise_value_errors_that_name_them(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- the pure core


def test_compare_to_bound_upper_lower_and_tolerances():
    r = gd.compare_to_bound([1.0, 0.4, 0.3], [np.inf, 0.5, 0.25], name="b", citation="c")
    assert (r.status, r.worst_step, r.worst_ratio) == ("violated", 2, pytest.approx(1.2))
    r = gd.compare_to_bound([1.0, 0.4, 0.3], [np.inf, 0.5, 0.25], name="b", citation="c", atol=0.06)
    assert r.holds
    r = gd.compare_to_bound([1.0, 0.6], [1.0, 0.5], name="b", citation="c", kind="lower")
    assert r.holds and r.worst_ratio == 1.0 and r.worst_step == 0
    r = gd.compare_to_bound([1.0, 0.4], [1.0, 0.5], name="b", citation="c", kind="lower")
    assert r.status == "violated" and r.worst_ratio == pytest.approx(0.8)
    r = gd.compare_to_bound(
        np.array([[1.0, 1.0], [0.5, 0.9]]), [[1.0], [0.8]], name="b", citation="c"
    )
    assert r.worst_run == 1 and r.worst_step == 1 and not r.holds
    r = gd.compare_to_bound([1.0, 0.1], [1.0, 0.5], name="b", citation="c", assumptions_held=False)
    assert r.status == "assumption violated" and not r.holds
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.holds = True  # type: ignore[misc]
    assert "assumption violated" in str(r)


def test_empirical_rate_recovers_a_geometric_rate():
    t = np.arange(40)
    assert gd.empirical_rate(5 * 0.7**t) == pytest.approx(0.7, rel=1e-12)
    # A polynomial factor (a Jordan block's (t + 1) q^t) inflates the fitted rate a
    # little; the fit approaches q on later windows.
    t = np.arange(400)
    early = gd.empirical_rate(0.7**t * (1 + t), start=20, stop=40)
    late = gd.empirical_rate(0.7**t * (1 + t), start=300)
    assert 0.7 < late < early and late == pytest.approx(0.7, abs=0.003)


# --------------------------------------------------------------------------- non-convex, PL


class _Lying:
    """A problem with one constant overstated (or understated): the check must then fail."""

    def __init__(self, problem, **constants):
        self._p, self._c = problem, constants

    def __getattr__(self, name):
        return self._c[name] if name in self._c else getattr(self._p, name)


def test_nonconvex_bound_closed_form_and_arguments():
    T = np.arange(1, 6)
    np.testing.assert_allclose(gd.gd_nonconvex_bound(T, L=3.0, f0_minus_finf=2.0), 12.0 / T)
    # a general step: (f0 - finf) / (T eta (1 - L eta / 2)); at eta = 1/L it is 2L(...)/T
    eta = 0.4
    np.testing.assert_allclose(
        gd.gd_nonconvex_bound(T, L=3.0, f0_minus_finf=2.0, lr=eta), 2.0 / (T * eta * 0.4)
    )
    assert gd.gd_nonconvex_bound(0, L=1.0, f0_minus_finf=1.0) == np.inf
    for bad, match in (({"lr": 2 / 3.0}, "lr must be in"), ({"lr": -1.0}, "lr must be in")):
        with pytest.raises(ValueError, match=match):
            gd.gd_nonconvex_bound(T, L=3.0, f0_minus_finf=1.0, **bad)
    with pytest.raises(ValueError, match="f0_minus_finf"):
        gd.gd_nonconvex_bound(T, L=3.0, f0_minus_finf=-1.0)


NONCONVEX_RUNS = [
    ("double-well", gd.DoubleWell(), 1.0),
    ("double-well-1.5/L", gd.DoubleWell(), 1.5),
    ("double-well-c5", gd.DoubleWell(c=5.0, dim=3), 1.0),
    ("plateau", gd.Plateau(width=0.5), 1.0),
    ("sine-pl", gd.SinePL(), 1.0),
    ("slow-stationarity", gd.SlowStationarity(N=10), 1.0),
]


@pytest.mark.parametrize(("name", "p", "h"), NONCONVEX_RUNS, ids=[r[0] for r in NONCONVEX_RUNS])
def test_nonconvex_rate_holds_on_nonconvex_runs(name, p, h):
    """Step h/L; the Plateau starts on its flank at radius 1.5 (2 widths from the well)."""
    x0 = p.x0 if hasattr(p, "x0") else np.full(p.dim, 1.5)
    res = gd_run(p, h / p.L, x0, 300, grad_tol=0.0)
    report = gd.check_gd_nonconvex(res, p)
    assert report.status == "holds", report
    assert 0 < report.worst_ratio <= 1
    print(f"{name}: worst ratio {report.worst_ratio:.4f} at T = {report.worst_step}")


@pytest.mark.parametrize("N", [0, 1, 3, 10, 100])
def test_slow_stationarity_approaches_the_nonconvex_bound(N):
    """At T = N + 1 the ratio is (N + 1)/(1.5 N + 1): 1 at N = 0, 2/3 in the limit."""
    p = gd.SlowStationarity(L=2.0, g=0.5, N=N)
    res = gd_run(p, 1 / p.L, p.x0, N + 3, grad_tol=0.0)
    report = gd.check_gd_nonconvex(res, p)
    assert report.holds
    assert report.worst_step == N + 1
    assert report.worst_ratio == pytest.approx((N + 1) / (1.5 * N + 1), rel=1e-9)


def test_nonconvex_check_fails_when_the_problem_lies_and_refuses_without_L():
    p = gd.DoubleWell()
    res = gd_run(p, 1.0, p.x0, 50)
    # an f_inf above the true minimum makes the bound too small: the run exceeds it
    liar = _Lying(p, f_star=float(p.f(p.x0)) - 1e-3)
    assert gd.check_gd_nonconvex(res, liar).status == "violated"
    r = gd.Rosenbrock()  # no global L: the theorem does not apply, say so
    with pytest.raises(ValueError, match="needs the problem's L"):
        gd.check_gd_nonconvex(gd_run(r, 1e-3, r.x0, 5), r)
    too_big = gd_run(p, 2.0, p.x0, 5)  # step 2/L
    report = gd.check_gd_nonconvex(too_big, p)
    assert report.status == "assumption violated" and "2/L" in report.reason


def test_pl_bound_closed_form_and_arguments():
    t = np.arange(6)
    np.testing.assert_allclose(gd.gd_pl_bound(t, mu=0.5, L=4.0, f0_gap=3.0), 3.0 * 0.875**t)
    eta = 0.3
    np.testing.assert_allclose(
        gd.gd_pl_bound(t, mu=0.5, L=4.0, f0_gap=3.0, lr=eta),
        3.0 * (1 - 2 * 0.5 * eta * (1 - 4.0 * eta / 2)) ** t,
    )
    with pytest.raises(ValueError, match="mu must not exceed L"):
        gd.gd_pl_bound(t, mu=5.0, L=4.0, f0_gap=1.0)
    with pytest.raises(ValueError, match="mu"):
        gd.gd_pl_bound(t, mu=0.0, L=4.0, f0_gap=1.0)
    with pytest.raises(ValueError, match="lr must be in"):
        gd.gd_pl_bound(t, mu=1.0, L=4.0, f0_gap=1.0, lr=0.5)


PL_RUNS = [
    ("sine-pl", gd.SinePL(), None),
    ("sine-pl-2d", gd.SinePL(dim=2), np.array([3.0, -1.0])),
    ("overparameterized-ls", gd.LinearRegression(n=10, d=30, seed=0), None),
    ("seed-quadratic", gd.SeedQuadratic(), None),
]


@pytest.mark.parametrize("h", [0.5, 1.0, 1.5])
@pytest.mark.parametrize(("name", "p", "x0"), PL_RUNS, ids=[r[0] for r in PL_RUNS])
def test_pl_rate_holds_without_convexity(name, p, x0, h):
    res = gd_run(p, h / p.L, p.x0 if x0 is None else x0, 200, grad_tol=0.0)
    report = gd.check_gd_pl(res, p)
    assert report.status == "holds", report
    print(f"{name}, step {h}/L: worst ratio {report.worst_ratio:.4f} at t = {report.worst_step}")


def test_pl_worst_ratio_over_starting_points_of_the_sine_function():
    """A batch of 2001 starts in [-10, 10]: the bound holds for each; report the worst."""
    p = gd.SinePL()
    x0 = np.linspace(-10, 10, 2001)[:, None]
    x0 = x0[np.abs(x0[:, 0]) > 1e-9]
    res = gd_run(p, 1 / p.L, x0, 60, grad_tol=0.0)
    report = gd.check_gd_pl(res, p)
    assert report.holds, report
    print(
        f"SinePL, 2000 starts: worst ratio {report.worst_ratio:.4f} at t = "
        f"{report.worst_step} from x0 = {x0[report.worst_run, 0]:.2f}"
    )


def test_pl_check_fails_with_an_overstated_constant_and_refuses_without_one():
    p = gd.SinePL()
    res = gd_run(p, 1 / p.L, np.array([2.25]), 100, grad_tol=0.0)  # where the PL ratio is low
    assert gd.check_gd_pl(res, p).holds
    assert gd.check_gd_pl(res, _Lying(p, mu_pl=3 * p.mu_pl)).status == "violated"
    with pytest.raises(ValueError, match="mu_pl"):
        w = gd.DoubleWell()
        gd.check_gd_pl(gd_run(w, 1.0, w.x0, 5), w)


PEPIT_NONCONVEX_N5 = 0.26666666551166657
"""PEPit's worst case of min_{t<=5} ||f'(x_t)||^2 / (f(x_0) - f(x_5)), GD step 1/L, L = 1
(the primal value printed in PEPit/examples/nonconvex_optimization/gradient_descent.py)."""


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_slow_stationarity_attains_the_exact_worst_case_against_f_of_x_n(n):
    """Measured against f(x_0) - f(x_n) (not f_inf), the function is a worst case:
    min_{t<=n} ||f'(x_t)||^2 = 4L (f(x_0) - f(x_n)) / (3n), PEPit's tight value."""
    p = gd.SlowStationarity(L=1.0, g=1.0, N=n)
    res = gd_run(p, 1.0, p.x0, n, grad_tol=0.0)
    grads = p.grad(res.xs)[:, 0]
    ratio = np.min(grads**2) / (res.fs[0] - res.fs[n])
    assert ratio == pytest.approx(4 / (3 * n), rel=1e-12)
    if n == 5:
        assert ratio == pytest.approx(PEPIT_NONCONVEX_N5, rel=1e-6)


# --------------------------------------------------------------------------- the page's figures


def _draw(script):
    import pathlib
    import runpy

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    show, plt.show = plt.show, lambda *a, **k: None
    try:
        path = pathlib.Path(__file__).parents[1] / "docs" / "figures" / f"{script}.py"
        runpy.run_path(str(path), run_name="__main__")
    finally:
        plt.show = show
    fig = plt.figure(plt.get_fignums()[0])
    legends = [
        [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []
        for ax in fig.axes
    ]
    plt.close("all")
    return legends


def test_nonconvex_figure_states_the_checks_worst_ratios():
    legends = _draw("conv_nonconvex")
    slow = gd.SlowStationarity(L=1.0, g=1.0, N=60)
    report = gd.check_gd_nonconvex(gd_run(slow, 1.0, slow.x0, 200, grad_tol=0.0), slow)
    assert f"worst {report.worst_ratio:.3f} at $T = {report.worst_step}$" in legends[1]
    assert report.worst_ratio == pytest.approx(61 / 91, rel=1e-9)  # (N + 1)/(1.5 N + 1)
    # the network, with the step 1/L for the L its first run (step 1/L at x0) was certified
    net = gd.TwoLayerNet()
    first = gd.minimize(net, gd.GD(lr=1 / net.smoothness_on(net.x0)), net.x0, max_iter=1000)
    xs = first.xs
    L = net.smoothness_on(np.minimum(xs[:-1], xs[1:]), np.maximum(xs[:-1], xs[1:])).max()
    report = gd.check_gd_nonconvex(gd_run(net, 1 / L, net.x0, 200, grad_tol=0.0), net)
    assert report.holds
    assert f"worst {report.worst_ratio:.3f} at $T = {report.worst_step}$" in legends[1]


def test_pl_figure_states_the_computed_constants():
    legends = _draw("conv_pl")
    sine, ls = gd.SinePL(), gd.LinearRegression(n=10, d=30, seed=0)
    joined = " ".join(legends[1])
    assert f"{sine.mu_pl / sine.L:.4f}" in joined and f"{ls.mu_pl / ls.L:.4f}" in joined


# --------------------------------------------------------------------------- the table


PAGES = {"en": "docs/basics/convergence.md", "ko": "docs/basics/convergence.ko.md"}


def _page_table(lang="en"):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / PAGES[lang]).read_text(encoding="utf-8")
    start, end = "<!-- theorem-table:start -->\n", "<!-- theorem-table:end -->"
    assert start in text and end in text, f"{PAGES[lang]} lost its table markers"
    return text[text.index(start) + len(start) : text.index(end)]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_page_prints_the_table_the_package_generates(lang):
    assert _page_table(lang) == gd.theorem_table(lang), (
        f"{PAGES[lang]}'s theorem table differs from gd.theorem_table({lang!r}): "
        "paste the function's output between the markers"
    )


def test_the_korean_table_translates_every_word_and_keeps_the_rest():
    en, ko = gd.theorem_table().splitlines(), gd.theorem_table("ko").splitlines()
    assert gd.theorem_table() == gd.theorem_table("en") and len(en) == len(ko)
    for e, k in zip(en[2:], ko[2:], strict=True):
        e_cells, k_cells = e.split(" | "), k.split(" | ")
        assert e_cells[-1] == k_cells[-1]  # the same check, linked the same way
        # the same formulas (Korean word order may move them): only the words change
        assert sorted(re.findall(r"\$[^$]*\$", e)) == sorted(re.findall(r"\$[^$]*\$", k))
    words = re.compile(r"\b(convex|smooth|step|method|any|the|of|on|quadratic|some|case)\b")
    assert not words.search(re.sub(r"\$[^$]*\$|\[`[^`]*`\]\[[^]]*\]", "", "".join(ko)))
    with pytest.raises(ValueError, match="lang must be one of"):
        gd.theorem_table("fr")


def test_the_table_covers_every_check_and_every_bound():
    checks = {n for n in gd.checks.__all__ if n.startswith("check_")}
    listed = {th.check for th in gd.THEOREMS if th.check}
    assert listed == checks
    not_theorems = {"fista_momentum", "nesterov_worst_case_gap", "gd_convex_tight_bound"}
    assert {th.bound for th in gd.THEOREMS} == set(gd.bounds.__all__) - not_theorems
    for th in gd.THEOREMS:
        assert callable(getattr(gd, th.bound))


def test_each_row_measures_what_its_check_reports():
    from tests.test_checks_honesty import OWN, run

    quadratic = gd.SeedQuadratic()
    second_order = {
        "check_newton_local": gd.Newton(),
        "check_exact_line_search": gd.ExactLineSearchGD(),
        "check_backtracking_step": gd.BacktrackingGD(lr=1.0, c=0.5),
        "check_backtracking_convex": gd.BacktrackingGD(lr=1.0, c=0.5),
    }
    for th in gd.THEOREMS:
        if th.check is None:
            continue
        if th.check in second_order:
            opt = second_order[th.check]
            result, problem = gd.minimize(quadratic, opt, quadratic.x0, max_iter=20), quadratic
        else:
            result, problem = run(th.check, OWN[th.check])
        report = getattr(gd, th.check)(result, problem)
        assert report.holds, (th.check, report.reason)
        assert report.quantity == th.quantity, th.check
        assert report.kind == th.kind, th.check
        assert (report.runs is not None) == (th.guarantee == "expected"), th.check


CONVERSION_PROBLEMS = [
    gd.Quadratic.with_spectrum(m=0.5, L=8.0, dim=4, seed=0),
    gd.LogisticRegression(n=100, d=3, l2=0.3, seed=0),
    gd.Huber(L=2.0, R=3.0, N=4),
]


@pytest.mark.parametrize("problem", CONVERSION_PROBLEMS, ids=["quadratic", "logistic", "huber"])
def test_the_conversions_of_the_table_hold_at_random_points(problem):
    rng = np.random.default_rng(0)
    x_star = np.asarray(problem.x_star, dtype=float)
    X = x_star + rng.standard_normal((2000, problem.dim)) * np.geomspace(1e-2, 10, 2000)[:, None]
    gap = problem.f(X) - problem.f_star
    d2 = np.sum((X - x_star) ** 2, axis=-1)
    g2 = np.sum(problem.grad(X) ** 2, axis=-1)
    L, m = problem.L, problem.m
    slack = 1 + 1e-9
    assert np.all(gap <= L / 2 * d2 * slack)
    assert np.all(g2 <= 2 * L * gap * slack + 1e-14)
    assert np.all(np.sqrt(g2) <= L * np.sqrt(d2) * slack)
    assert np.all(m / 2 * d2 <= gap * slack + 1e-14)
    assert np.all(2 * m * gap <= g2 * slack + 1e-14)
    assert np.all(m * np.sqrt(d2) <= np.sqrt(g2) * slack + 1e-14)
    # and the upper halves are nearly attained somewhere (the constants are not loose)
    if m > 0 and isinstance(problem, gd.Quadratic):
        assert np.max(gap / (L / 2 * d2)) > 0.9


def test_the_site_gives_the_venue_of_abbaszadehpeivasti_de_klerk_zamani():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for page, where in (
        ("docs/reference/bibliography.md", "Abbaszadehpeivasti"),
        (PAGES["en"], "[^akz]: "),
    ):
        text = root.joinpath(page).read_text(encoding="utf-8")
        i = text.index(where)
        entry = text[i : i + 400]
        assert "Optimization Letters" in entry, page
        assert "Optimization Theory and Applications" not in entry, page


# --------------------------------------------------- strongly convex, beyond quadratics


@dataclasses.dataclass(frozen=True)
class RegularizedHuber:
    """sum_i huber(x_i - c_i) + (mu/2)||x||^2, with huber(z) = z^2/2 for |z| <= delta.

    Strongly convex (m = mu) and smooth (L = 1 + mu), and not quadratic: far from c the
    gradient of each term is clipped at +-delta. The minimizer is known in closed form.
    """

    dim: int = 3
    delta: float = 0.5
    mu: float = 0.2

    def _c(self):
        return np.linspace(-2.0, 3.0, self.dim)

    @property
    def L(self):
        return 1.0 + self.mu

    @property
    def m(self):
        return self.mu

    def f(self, x):
        x = np.asarray(x, dtype=float)
        z = x - self._c()
        a = np.abs(z)
        h = np.where(a <= self.delta, z**2 / 2, self.delta * (a - self.delta / 2))
        return h.sum(-1) + self.mu / 2 * np.sum(x * x, -1)

    def grad(self, x):
        x = np.asarray(x, dtype=float)
        return np.clip(x - self._c(), -self.delta, self.delta) + self.mu * x

    @property
    def x_star(self):
        c = self._c()
        inner = c / (1 + self.mu)  # where |x - c| <= delta
        outer = np.sign(c) * self.delta / self.mu  # where the gradient of huber is clipped
        return np.where(np.abs(c - inner) <= self.delta, inner, outer)

    @property
    def f_star(self):
        return float(self.f(self.x_star))


def test_the_regularized_huber_fixture_is_what_it_claims():
    p = RegularizedHuber()
    assert np.abs(p.grad(p.x_star)).max() < 1e-15
    rng = np.random.default_rng(0)
    x, y = rng.normal(scale=5, size=(2, 500, p.dim))
    dg = np.sum((p.grad(x) - p.grad(y)) * (x - y), axis=-1)
    d2 = np.sum((x - y) ** 2, axis=-1)
    assert np.all(dg >= p.m * d2 * (1 - 1e-12)) and np.all(dg <= p.L * d2 * (1 + 1e-12))
    assert not np.allclose(p.grad(2 * x) - p.grad(x), p.grad(x) - p.grad(0 * x))  # not affine


NON_QUADRATIC = [
    (RegularizedHuber(), np.full(3, 8.0)),
    (gd.LogisticRegression(n=200, d=3, l2=0.5, seed=0), np.full(3, 2.0)),
]


@pytest.mark.parametrize("h", [0.5, 1.0, 1.5, "2/(m+L)"])
@pytest.mark.parametrize("case", NON_QUADRATIC, ids=["huber-l2", "logistic-l2"])
def test_strongly_convex_bounds_hold_on_non_quadratic_functions(case, h):
    p, x0 = case
    lr = 2 / (p.m + p.L) if h == "2/(m+L)" else h / p.L
    run = gd.minimize(p, gd.GD(lr=lr), x0, max_iter=60)
    checks = ["check_gd_strongly_convex_tight", "check_gd_strongly_convex_gap"]
    if lr <= 1 / p.L:
        checks.append("check_gd_strongly_convex")
    if h == "2/(m+L)":
        checks.append("check_gd_optimal_step")
    for name in checks:
        report = getattr(gd, name)(run, p)
        assert report.status == "holds", (name, str(report))


@pytest.mark.parametrize("case", NON_QUADRATIC, ids=["huber-l2", "logistic-l2"])
def test_nesterov_strongly_convex_holds_on_non_quadratic_functions(case):
    p, x0 = case
    beta = (np.sqrt(p.L) - np.sqrt(p.m)) / (np.sqrt(p.L) + np.sqrt(p.m))
    run = gd.minimize(p, gd.Nesterov(lr=1 / p.L, beta=beta), x0, max_iter=60)
    report = gd.check_nesterov_strongly_convex(run, p)
    assert report.status == "holds", str(report)


@pytest.mark.parametrize("h", [0.5, 1.0, 1.9])
def test_the_function_value_bound_is_attained_along_an_eigenvector(h):
    # rho = 1 - h m/L (small steps) comes from the eigenvector of m; rho = h - 1 for h near 2
    # from the eigenvector of L: start there and every step contracts the gap by rho^2 exactly.
    q = gd.Quadratic(np.diag([0.5, 2.0]))
    lr = h / q.L
    rho_m, rho_L = abs(1 - lr * q.m), abs(1 - lr * q.L)
    x0 = np.array([1.0, 0.0]) if rho_m >= rho_L else np.array([0.0, 1.0])
    run = gd.minimize(q, gd.GD(lr=lr), x0, max_iter=25)
    report = gd.check_gd_strongly_convex_gap(run, q)
    assert report.status == "holds"
    assert report.worst_ratio == pytest.approx(1.0, abs=1e-9)
    gaps = gd.suboptimality(run, q)
    assert np.allclose(gaps[1:] / gaps[:-1], max(rho_m, rho_L) ** 2, rtol=1e-12)


def test_the_function_value_bound_is_not_a_consequence_of_the_distance_bound():
    # Converting the distance bound to gaps gives (L/m) rho^(2t): a factor kappa looser.
    q = gd.Quadratic(np.diag([0.5, 2.0]))
    run = gd.minimize(q, gd.GD(lr=0.5), np.array([1.0, 0.0]), max_iter=10)
    gap = gd.suboptimality(run, q)
    t = np.arange(11)
    R = np.linalg.norm(run.xs[0] - q.x_star)
    via_distance = q.L / 2 * gd.gd_strongly_convex_tight_bound(t, q.m, q.L, 0.5, R)
    direct = gd.gd_strongly_convex_gap_bound(t, q.m, q.L, 0.5, gap[0])
    assert np.allclose(via_distance / direct, q.L / q.m)
    assert np.allclose(gap, direct)


# --------------------------------------------------- the page reads in order (point 8)


def test_the_page_gives_nesterovs_update_rule_before_its_rate():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / PAGES["en"]).read_text(encoding="utf-8")
    rule = r"y_t = x_t + \beta_t\,(x_t - x_{t-1})"
    assert rule in text, "the convergence page must state Nesterov's update rule"
    first_rate = min(
        text.index(s) for s in ("Theorem (Nesterov's method", "nesterov_convex_bound") if s in text
    )
    assert text.index(rule) < first_rate


def test_the_pages_update_rule_is_what_gd_nesterov_computes():
    # y_t = x_t + beta_t (x_t - x_{t-1}), x_{t+1} = y_t - grad f(y_t)/L, x_{-1} = x_0, by hand.
    p = gd.NesterovWorstCase(L=1.0, dim=9)
    T = 12
    beta = gd.fista_momentum(np.arange(T))
    x_prev = x = np.zeros(p.dim)
    for t in range(T):
        y = x + beta[t] * (x - x_prev)
        x_prev, x = x, y - p.grad(y) / p.L
    run = gd.minimize(p, gd.Nesterov(lr=1 / p.L, beta=gd.fista_momentum), p.x0, max_iter=T)
    assert np.allclose(run.xs[-1], x, rtol=1e-12, atol=1e-14)
