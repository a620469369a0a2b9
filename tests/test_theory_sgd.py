"""SGD's rates (issue 14, point 5): the bounds, and checks that hold many seeded runs by their mean.

Every Monte Carlo test runs one batched call of ``gd.minimize`` (``x0`` of shape
``(K, dim)``) on ``gd.NoisyGradients``, whose rows draw independent noise, and compares the
mean with its confidence interval against the bound.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

import gdtheory as gd

P = gd.SeedQuadratic()  # m = 2, L = 4


def noisy(problem=P, sigma=1.0, seed=0):
    return gd.NoisyGradients(problem, sigma=sigma, seed=seed)


def batch(problem, optimizer, K, T, x0=None, **kwargs):
    start = problem.x0 if x0 is None else x0
    return gd.minimize(problem, optimizer, np.tile(start, (K, 1)), max_iter=T, **kwargs)


def harmonic(theta):
    return lambda t: theta / (t + 1)


# --------------------------------------------------------------------- the oracle


def test_noisy_gradients_are_unbiased_independent_across_runs_and_reproducible():
    p = noisy(sigma=2.0, seed=5)
    x = np.zeros((20_000, 2))
    xi = p.grad(x, t=3) - P.grad(x)
    assert np.allclose(xi.mean(axis=0), 0, atol=0.05)
    assert np.mean(np.sum(xi**2, axis=-1)) == pytest.approx(4.0, rel=0.03)
    corr = np.corrcoef(xi[:-1, 0], xi[1:, 0])[0, 1]  # neighbouring runs: independent
    assert abs(corr) < 0.03
    assert np.array_equal(p.grad(x[:3], t=3), p.grad(x[:3], t=3))
    assert not np.array_equal(p.grad(x[:3], t=3), p.grad(x[:3], t=4))
    assert np.array_equal(p.grad(x[:3]), P.grad(x[:3]))  # no t: the exact gradient
    assert (p.L, p.m, p.f_star) == (P.L, P.m, P.f_star)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"sigma": -1.0}, "sigma"), ({"sigma": 1.0, "seed": 0.5}, "seed")],
)
def test_noisy_gradients_reject_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gd.NoisyGradients(P, **kwargs)


def test_ball_projects_and_rejects_bad_arguments():
    ball = gd.Ball(np.array([1.0, 0.0]), 2.0)
    y = ball(np.array([[5.0, 3.0], [1.5, 0.5]]))
    assert np.allclose(np.linalg.norm(y[0] - ball.center), 2.0)
    assert np.allclose(y[1], [1.5, 0.5])
    with pytest.raises(ValueError, match="radius"):
        gd.Ball(np.zeros(2), 0.0)


# --------------------------------------------------------------------- bound functions


def test_constant_step_bound_is_the_solution_of_the_one_step_recursion():
    # Bottou et al.'s proof: E F(x_{k+1}) - F* <= (1 - a m)(E F(x_k) - F*) + a^2 L M / 2.
    m, L, lr, M, gap = 0.5, 2.0, 0.3, 0.7, 3.0
    t = np.arange(30)
    b = gd.sgd_constant_step_bound(t, m=m, L=L, lr=lr, noise=M, f0_gap=gap)
    assert np.allclose(b[1:], (1 - lr * m) * b[:-1] + lr**2 * L * M / 2, rtol=1e-12)
    assert b[0] == gap
    with pytest.raises(ValueError, match="lr must be at most 1/"):
        gd.sgd_constant_step_bound(t, m=m, L=L, lr=0.6, noise=M, f0_gap=gap)


def test_harmonic_bound_follows_the_papers_recursion_at_every_step():
    # NJLS (2.8) with gamma_t = theta/(t + 1): b_{t+1} <= (1 - 2 m gamma_t) b_t + gamma_t^2 M^2.
    # Where the factor is negative (j = t + 1 < 2 m theta) the recursion only gives
    # gamma_t^2 M^2; both must stay below the bound Q/(t + 1).
    for m, M2, theta, R in [(1.0, 2.0, 0.7, 0.3), (1.0, 2.0, 0.9, 0.3), (0.5, 1.0, 9.0, 2.0)]:
        t = np.arange(300)
        b = gd.sgd_strongly_convex_bound(t, m=m, M2=M2, R=R, theta=theta)
        paper = theta**2 * M2 / (2 * m * theta - 1)
        assert b[0] == pytest.approx(max(paper, 2 * theta**2 * M2, R**2))
        if 2 * m * theta <= 1.5:
            assert b[0] == pytest.approx(max(paper, R**2))  # the paper's constant
        for s in range(299):
            gamma = theta / (s + 1)
            factor = 1 - 2 * m * gamma
            assert max(factor, 0.0) * b[s] + gamma**2 * M2 <= b[s + 1] * (1 + 1e-12), (theta, s)
    with pytest.raises(ValueError, match="theta must exceed"):
        gd.sgd_strongly_convex_bound(t, m=1.0, M2=1.0, R=1.0, theta=0.5)


def test_averaged_bound_with_the_steps_of_inverse_sqrt_is_below_the_closed_form():
    steps = gd.inverse_sqrt(0.2)(np.arange(400))
    T = np.arange(1, 401)
    general = gd.sgd_convex_averaged_bound(T, D=2.0, G2=3.0, lrs=steps)
    closed = gd.sgd_convex_averaged_bound(T, D=2.0, G2=3.0, eta0=0.2)
    assert np.all(general <= closed * (1 + 1e-12))
    assert general[-1] / closed[-1] > 0.95  # and close to it
    with pytest.raises(ValueError, match="non-increasing"):
        gd.sgd_convex_averaged_bound(T[:3], D=1.0, G2=1.0, lrs=[0.1, 0.2, 0.3])


# --------------------------------------------------------------------- Monte Carlo


def test_the_constant_step_floor_is_attained_in_one_dimension():
    # f = L x^2 / 2 with m = L and step 1/L: x_1 = -xi/L, so E f(x_t) = sigma^2/(2L) for every
    # t >= 1, exactly the bound's floor eta L sigma^2 / (2m).
    q = gd.Quadratic(np.array([[2.0]]))
    p = noisy(q, sigma=0.8, seed=11)
    res = batch(p, gd.SGD(lr=1 / q.L), K=4000, T=20, x0=np.array([1.5]))
    report = gd.check_sgd_constant_step(res, p)
    assert report.status == "holds", report
    lo, hi = report.interval
    assert lo < 1 < hi and 0.9 < report.worst_ratio < 1.1  # attained within the interval
    assert report.runs == 4000 and report.confidence == 0.95


def test_a_smaller_floor_than_the_true_one_is_rejected_by_the_interval():
    q = gd.Quadratic(np.array([[2.0]]))
    p = noisy(q, sigma=0.8, seed=12)
    res = batch(p, gd.SGD(lr=0.5), K=4000, T=20, x0=np.array([1.5]))
    gaps = gd.suboptimality(res, p).reshape(21, -1)
    wrong = gd.sgd_constant_step_bound(np.arange(21)[:, None], 2.0, 2.0, 0.5, 0.8**2 / 2, 1.0)
    report = gd.compare_mean_to_bound(gaps, wrong, name="half the noise", citation="-")
    assert report.status == "violated" and report.interval[0] > 1


@pytest.mark.parametrize(
    "problem",
    [P, gd.LogisticRegression(n=200, d=3, l2=0.5, seed=0)],
    ids=["quadratic", "logistic-l2"],
)
def test_constant_step_holds_on_quadratic_and_regularized_logistic(problem):
    p = noisy(problem, sigma=0.5, seed=1)
    res = batch(p, gd.SGD(lr=1 / p.L), K=500, T=60)
    report = gd.check_sgd_constant_step(res, p)
    assert report.status == "holds", report


@pytest.mark.parametrize(
    "problem",
    [P, gd.LogisticRegression(n=200, d=3, l2=0.5, seed=0)],
    ids=["quadratic", "logistic-l2"],
)
def test_harmonic_steps_hold_q_over_t(problem):
    p = noisy(problem, sigma=1.0, seed=2)
    theta = 1 / p.m  # above 1/(2m)
    X = gd.Ball(np.asarray(p.x_star), 1.5 * float(np.linalg.norm(p.x0 - p.x_star)) + 0.5)
    res = batch(p, gd.SGD(lr=harmonic(theta)), K=400, T=200, project=X)
    report = gd.check_sgd_strongly_convex(res, p)
    assert report.status == "holds", report


@pytest.mark.parametrize(
    "problem",
    [P, gd.LogisticRegression(n=200, d=3, seed=0)],
    ids=["quadratic", "logistic"],
)
def test_averaged_iterate_holds_the_sqrt_rate(problem):
    p = noisy(problem, sigma=1.0, seed=3)
    X = gd.Ball(np.asarray(p.x_star), 1.5 * float(np.linalg.norm(p.x0 - p.x_star)) + 0.5)
    res = batch(p, gd.SGD(lr=gd.inverse_sqrt(0.1)), K=200, T=200, project=X)
    report = gd.check_sgd_convex_averaged(res, p)
    assert report.status == "holds", report


def test_a_single_noisy_run_cannot_give_an_interval():
    p = noisy()
    res = gd.minimize(p, gd.SGD(lr=0.1), p.x0, max_iter=10)
    with pytest.raises(ValueError, match="at least 2 runs"):
        gd.check_sgd_constant_step(res, p)


def test_runs_that_stopped_early_are_refused():
    p = noisy(sigma=0.0)
    x0 = np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 2.001]])  # they converge at different steps
    res = gd.minimize(p, gd.SGD(lr=0.25), x0, max_iter=200, grad_tol=1e-3)
    with pytest.raises(ValueError, match="stopped early"):
        gd.check_sgd_constant_step(res, p)


# --------------------------------------------------------------------- honest by default

SIGMA = 0.5


def outside(check, optimizer, **kwargs):
    p = kwargs.pop("problem", noisy(sigma=SIGMA, seed=4))
    res = batch(p, optimizer, K=50, T=30, **kwargs)
    report = getattr(gd, check)(res, p)
    assert report.status == "assumption violated", report
    return report.reason


BALL = gd.Ball(P.x_star, 3.0)


@pytest.mark.parametrize(
    "check, own, kwargs",
    [
        ("check_sgd_constant_step", gd.SGD(lr=0.2), {}),
        ("check_sgd_strongly_convex", gd.SGD(lr=harmonic(0.5)), {"project": BALL}),
        ("check_sgd_convex_averaged", gd.SGD(lr=gd.inverse_sqrt(0.1)), {"project": BALL}),
    ],
)
def test_each_sgd_check_refuses_what_its_theorem_excludes(check, own, kwargs):
    p = noisy(sigma=SIGMA, seed=4)
    assert getattr(gd, check)(batch(p, own, K=50, T=30, **kwargs), p).holds
    assert "the run used Adam" in outside(check, gd.Adam(lr=0.1), **kwargs)
    for field, value in (("momentum", 0.5), ("weight_decay", 0.1)):
        reason = outside(check, dataclasses.replace(own, **{field: value}), **kwargs)
        assert f"SGD with {field}=" in reason
    clip = functools.partial(gd.clip_by_norm, max_norm=0.5)
    assert "clipped" in outside(check, own, clip=clip, **kwargs)
    data = gd.LinearRegression(n=50, d=2, seed=0)
    reason = outside(check, own, problem=data, batch_size=5, x0=data.x0, **kwargs)
    assert "share their minibatches" in reason


def test_the_wrong_step_schedule_is_outside_each_theorem():
    p = noisy(sigma=SIGMA, seed=4)
    res = batch(p, gd.SGD(lr=gd.cosine(0.2, 30)), K=20, T=30)
    assert "step changed" in gd.check_sgd_constant_step(res, p).reason
    assert "> 1/L" in outside("check_sgd_constant_step", gd.SGD(lr=0.3))
    assert "not theta/(t + 1)" in outside("check_sgd_strongly_convex", gd.SGD(lr=0.1), project=BALL)
    assert "not above 1/(2m)" in outside(
        "check_sgd_strongly_convex", gd.SGD(lr=harmonic(0.2)), project=BALL
    )
    warm = gd.warmup(gd.inverse_sqrt(0.1), warmup_steps=5, start_value=0.01)
    assert "increase" in outside("check_sgd_convex_averaged", gd.SGD(lr=warm), project=BALL)


def test_the_projection_must_be_a_ball_holding_x_star():
    own = gd.SGD(lr=harmonic(0.5))
    assert "not projected onto a gd.Ball" in outside("check_sgd_strongly_convex", own)
    assert "not a gd.Ball" in outside(
        "check_sgd_strongly_convex", own, project=lambda x: np.clip(x, -5, 5)
    )
    far = gd.Ball(P.x_star + 10.0, 1.0)
    assert "does not hold x*" in outside("check_sgd_strongly_convex", own, project=far)
    assert "projected" in outside("check_sgd_constant_step", gd.SGD(lr=0.2), project=BALL)


def test_noisy_gradients_are_outside_the_full_gradient_theorems():
    p = noisy(sigma=SIGMA, seed=4)
    res = batch(p, gd.GD(lr=1 / p.L), K=5, T=20)
    report = gd.check_gd_convex(res, p)
    assert report.status == "assumption violated" and "noisy" in report.reason


# --------------------------------------------------------- the constant of eqs. 2.9-2.10


@pytest.mark.parametrize("s", [1.2, 1.5, 2.0, 3.0, 3.8, 5.0, 10.0])
@pytest.mark.parametrize("sigma", [0.0, 0.1, 1.0])
def test_harmonic_bound_holds_for_every_theta_including_large_ones(s, sigma):
    # f = x^2/2 on X = [-1, 1], from the edge, theta = s/(2m): with s = 2 m theta > 3/2 the
    # first step can overshoot to the other edge, which Q = max{theta^2 M^2/(2 m theta - 1),
    # R^2} alone does not cover (for s = 5 and sigma = 0, ||x_1||^2 = 1 > Q/2 = 0.78).
    q = gd.Quadratic(np.array([[1.0]]))
    p = noisy(q, sigma=sigma, seed=8)
    theta = s / 2
    K = 1 if sigma == 0 else 2000
    run = batch(
        p, gd.SGD(lr=harmonic(theta)), K=K, T=30, x0=np.ones(1), project=gd.Ball(np.zeros(1), 1.0)
    )
    report = gd.check_sgd_strongly_convex(run, p)
    assert report.status == "holds", str(report)


def test_the_papers_constant_alone_fails_at_the_first_step_for_a_large_theta():
    q = gd.Quadratic(np.array([[1.0]]))
    theta, M2, R = 2.5, 1.0, 1.0  # exact gradients: E||g||^2 <= 1 on X = [-1, 1]
    run = gd.minimize(
        q, gd.SGD(lr=harmonic(theta)), np.ones(1), max_iter=3, project=gd.Ball(np.zeros(1), 1.0)
    )
    assert run.xs[1, 0] == -1.0  # 1 - 2.5 = -1.5, projected back to the edge
    papers_Q = max(theta**2 * M2 / (2 * theta - 1), R**2)
    assert run.xs[1, 0] ** 2 > papers_Q / 2
    assert gd.sgd_strongly_convex_bound(1, m=1.0, M2=M2, R=R, theta=theta) >= 1.0
