"""Honest by default: every check, against every optimizer and wrapper, from the Result alone.

A check may report "holds" only for a run inside its theorem: the theorem's method with
its step condition, no clipping, no projection, the full gradient, and a constant step
where the theorem assumes one. Every other run must come back "assumption violated"
(never "holds", and never "violated", which would blame the theorem). The checks are
called without ``optimizer=``: what ran is read from ``result.optimizer``.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

import gdtheory as gd

P = gd.SeedQuadratic()  # L = 4, m = 2
W = gd.NesterovWorstCase(L=1.0, dim=21)
NET = gd.TwoLayerNet()  # no global L: its L is certified on the segments a run took
NET_CHECK = "check_gd_nonconvex[TwoLayerNet]"  # the same check, on the network
L, M = P.L, P.m
BETA_SC = (np.sqrt(L) - np.sqrt(M)) / (np.sqrt(L) + np.sqrt(M))

# Each check with its own method configured inside its theorem.
OWN = {
    "check_gd_convex": gd.GD(lr=1 / L),
    "check_gd_convex_tight": gd.GD(lr=1.5 / L),
    "check_gd_strongly_convex": gd.GD(lr=1 / L),
    "check_gd_strongly_convex_tight": gd.GD(lr=1.5 / L),
    "check_gd_strongly_convex_gap": gd.GD(lr=1.5 / L),
    "check_gd_optimal_step": gd.GD(lr=2 / (M + L)),
    "check_nesterov_convex": gd.Nesterov(lr=1 / L, beta=gd.fista_momentum),
    "check_nesterov_strongly_convex": gd.Nesterov(lr=1 / L, beta=BETA_SC),
    "check_heavy_ball_quadratic": gd.Momentum(lr=1 / L, beta=0.5),
    "check_lower_bound_convex": gd.GD(lr=1 / W.L),
    "check_gd_nonconvex": gd.GD(lr=1 / L),
    NET_CHECK: gd.GD(lr=0.2),  # below 1/L_local of its run (the report says L = 3.5)
    "check_gd_pl": gd.GD(lr=1 / L),
    "check_sgd_constant_step": gd.SGD(lr=1 / L),
    "check_sgd_strongly_convex": gd.SGD(lr=lambda t: 0.5 / (t + 1)),
    "check_sgd_convex_averaged": gd.SGD(lr=gd.inverse_sqrt(0.1)),
}
# The SGD theorems with decaying steps need the projection onto a Ball holding x*: every run
# of those checks below gets it, unless the test passes its own ``project``.
BALL_CHECKS = {"check_sgd_strongly_convex", "check_sgd_convex_averaged"}
BALL = gd.Ball(P.x_star, 3.0)
# The SGD checks are about plain SGD, which GD is too (momentum 0, no weight decay).
SGD_CHECKS = {"check_sgd_constant_step", *BALL_CHECKS}
CHECKS = sorted(OWN)
# The theorems that allow a step that varies from step to step (each step within the limit).
VARYING_ALLOWED = {
    "check_gd_strongly_convex",
    "check_gd_strongly_convex_tight",
    "check_gd_strongly_convex_gap",
    "check_lower_bound_convex",
    "check_sgd_convex_averaged",  # any non-increasing steps
}

# Every optimizer class, with a small step; the test below keeps this list complete.
CLASSES = {
    "GD": lambda: gd.GD(lr=0.05),
    "SGD": lambda: gd.SGD(lr=0.05),
    "Momentum": lambda: gd.Momentum(lr=0.05, beta=0.3),
    "Nesterov": lambda: gd.Nesterov(lr=0.05, beta=0.3),
    "AdaGrad": lambda: gd.AdaGrad(lr=0.1),
    "RMSProp": lambda: gd.RMSProp(lr=0.01),
    "AdaDelta": lambda: gd.AdaDelta(),
    "Adam": lambda: gd.Adam(lr=0.1),
    "AdamW": lambda: gd.AdamW(lr=0.1),
    "NAdam": lambda: gd.NAdam(lr=0.1),
    "AdaMax": lambda: gd.AdaMax(lr=0.1),
    "Lion": lambda: gd.Lion(lr=0.01),
    "ScheduleFreeSGD": lambda: gd.ScheduleFreeSGD(lr=0.05),
    "RAdam": lambda: gd.RAdam(lr=0.1),
    "Rprop": lambda: gd.Rprop(lr=0.01),
    "ASGD": lambda: gd.ASGD(lr=0.05),
}


def problem_for(check):
    return {"check_lower_bound_convex": W, NET_CHECK: NET}.get(check, P)


def check_fn(check):
    """The check function of a row (``NET_CHECK`` is ``check_gd_nonconvex`` on the network)."""
    return getattr(gd, check.split("[")[0])


def start(problem):
    return np.zeros(problem.dim) if problem is W else problem.x0


def run(check, optimizer, **kwargs):
    problem = problem_for(check)
    if check in BALL_CHECKS:
        kwargs.setdefault("project", BALL)
    return gd.minimize(problem, optimizer, start(problem), max_iter=30, **kwargs), problem


def varying(optimizer):
    """The same optimizer, its step now a cosine schedule from the same value (0.05 if none)."""
    start = 0.05 if callable(optimizer.lr) else optimizer.lr
    return dataclasses.replace(optimizer, lr=gd.cosine(start, 30))


# Runs of CLASSES that are inside a theorem: GD with its small constant step is inside
# every GD theorem except the one with the step 2/(m + L); Momentum with a constant step
# and momentum on a quadratic is the heavy-ball theorem's case.
INSIDE = {
    ("check_gd_convex", "GD"),
    ("check_gd_convex_tight", "GD"),
    ("check_gd_strongly_convex", "GD"),
    ("check_gd_strongly_convex_tight", "GD"),
    ("check_gd_strongly_convex_gap", "GD"),
    ("check_heavy_ball_quadratic", "Momentum"),
    ("check_gd_nonconvex", "GD"),
    (NET_CHECK, "GD"),
    ("check_gd_pl", "GD"),
    ("check_sgd_constant_step", "GD"),
    ("check_sgd_constant_step", "SGD"),
    ("check_sgd_convex_averaged", "GD"),
    ("check_sgd_convex_averaged", "SGD"),
}


def expected_for_class(check, name):
    if check == "check_lower_bound_convex":
        return "holds"  # any of these methods keeps its iterates in the span of its gradients
    return "holds" if (check, name) in INSIDE else "assumption violated"


def test_every_optimizer_class_is_in_the_matrix():
    classes = {
        n
        for n in gd.optimizers.__all__
        if isinstance(getattr(gd, n), type)
        and hasattr(getattr(gd, n), "step")
        and not getattr(getattr(gd, n), "_is_protocol", False)
    }
    assert classes == set(CLASSES)


@pytest.mark.parametrize("name", sorted(CLASSES))
@pytest.mark.parametrize("check", CHECKS)
def test_every_check_against_every_optimizer_class(check, name):
    result, problem = run(check, CLASSES[name]())
    report = check_fn(check)(result, problem)
    assert report.status == expected_for_class(check, name), report.reason
    if report.status == "assumption violated" and check != "check_lower_bound_convex":
        own = {"GD", "SGD"} if check in SGD_CHECKS else {type(OWN[check]).__name__}
        if name not in own:
            assert f"the run used {name}" in report.reason


@pytest.mark.parametrize("check", CHECKS)
def test_every_check_holds_for_its_own_method_inside_its_theorem(check):
    result, problem = run(check, OWN[check])
    report = check_fn(check)(result, problem)
    assert report.status == "holds", report.reason


@pytest.mark.parametrize("check", CHECKS)
def test_clipped_gradients_are_outside_every_theorem(check):
    clip = functools.partial(gd.clip_by_norm, max_norm=0.5)
    for result, problem in (
        run(check, gd.Clipped(OWN[check], clip)),
        run(check, OWN[check], clip=clip),
    ):
        report = check_fn(check)(result, problem)
        assert report.status == "assumption violated", report.reason
        assert "clipped" in report.reason


@pytest.mark.parametrize("check", CHECKS)
def test_a_projected_run_is_outside_every_theorem(check):
    # (for the checks that need a Ball, a projection by any other function)
    result, problem = run(check, OWN[check], project=lambda x: np.clip(x, -10.0, 1.5))
    report = check_fn(check)(result, problem)
    assert report.status == "assumption violated" and "projected" in report.reason


@pytest.mark.parametrize("check", CHECKS)
def test_a_varying_step_is_outside_the_constant_step_theorems(check):
    result, problem = run(check, varying(OWN[check]))
    assert np.ptp(result.lrs) > 0  # the recorded steps do vary
    report = check_fn(check)(result, problem)
    if check in VARYING_ALLOWED:
        assert report.status == "holds", report.reason
    else:
        assert report.status == "assumption violated"
        assert any(
            why in report.reason
            for why in ("step changed", "is not 2/(m + L)", "not theta/(t + 1)")
        )


def test_minibatch_gradients_are_outside_the_theorems():
    data = gd.LinearRegression(n=50, d=2, seed=0)
    result = gd.minimize(data, gd.GD(lr=1 / data.L), data.x0, max_iter=30, batch_size=5)
    for check in ("check_gd_convex", "check_gd_strongly_convex_tight"):
        report = getattr(gd, check)(result, data)
        assert report.status == "assumption violated" and "minibatch" in report.reason
    full = gd.minimize(data, gd.GD(lr=1 / data.L), data.x0, max_iter=30)
    assert gd.check_gd_convex(full, data).holds


def test_a_per_coordinate_step_is_not_one_scalar_step():
    # lr (1/L, 1/(4L)): below 1/L everywhere, but a diagonal step is not gradient descent
    result = gd.minimize(P, gd.GD(lr=np.array([1 / L, 0.25 / L])), P.x0, max_iter=30)
    report = gd.check_gd_convex(result, P)
    assert report.status == "assumption violated" and "coordinates" in report.reason


def test_a_batch_of_runs_is_judged_with_its_recorded_optimizer():
    lrs = np.array([[0.5 / L], [1 / L], [1.5 / L]])
    result = gd.minimize(P, gd.GD(lr=lrs), np.tile(P.x0, (3, 1)), max_iter=30)
    assert gd.check_gd_convex(result, P).status == "assumption violated"  # run 2: 1.5/L
    statuses = [gd.check_gd_convex(result.run(k), P).status for k in range(3)]
    assert statuses == ["holds", "holds", "assumption violated"]
    adam = gd.minimize(P, gd.Adam(lr=lrs), np.tile(P.x0, (3, 1)), max_iter=30)
    assert [gd.check_gd_convex(adam.run(k), P).status for k in range(3)] == [
        "assumption violated"
    ] * 3


def test_a_run_without_steps_says_so():
    result = gd.minimize(P, gd.GD(lr=1 / L), P.x_star, grad_tol=0.0)  # converged at step 0
    assert result.nit == 0
    report = gd.check_gd_convex(result, P)
    assert report.holds and "no step taken" in report.reason


def test_optimizer_argument_agrees_with_one_run_of_a_batch():
    lrs = np.array([[0.5 / L], [1 / L]])
    result = gd.minimize(P, gd.GD(lr=lrs), np.tile(P.x0, (2, 1)), max_iter=10)
    assert gd.check_gd_convex(result.run(1), P, gd.GD(lr=1 / L)).holds  # lr [0.25] is 0.25
    with pytest.raises(ValueError, match="not the optimizer the run used"):
        gd.check_gd_convex(result.run(1), P, gd.GD(lr=0.5 / L))
