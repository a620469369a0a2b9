"""The run loop: history, stopping criteria, divergence, minibatches, batched runs, bad input."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import gdtheory as gd
from gdtheory._validation import value_at

# --- small optimizers written against the contract, for the loop's sake -------------------


class HBState(NamedTuple):
    t: int
    v: np.ndarray


@dataclass(frozen=True)
class HeavyBall:
    """v = beta v + g; x = x - lr v (a state array, to test batching of states)."""

    lr: object
    beta: object = 0.9

    def init(self, x):
        return HBState(0, np.zeros_like(x))

    def query(self, x, state):
        return x

    def step(self, x, g, state):
        v = value_at(self.beta, state.t) * state.v + g
        return x - value_at(self.lr, state.t) * v, HBState(state.t + 1, v)


class AdamState(NamedTuple):
    t: int
    v: np.ndarray
    v_max: np.ndarray


@dataclass(frozen=True)
class Beta1ZeroAdam:
    """Adam with beta1 = 0 and no bias correction, as in Reddi et al.'s Theorem 1;
    ``amsgrad`` divides by the running maximum of v instead."""

    lr: object
    b2: float
    amsgrad: bool = False

    def init(self, x):
        return AdamState(0, np.zeros_like(x), np.zeros_like(x))

    def query(self, x, state):
        return x

    def step(self, x, g, state):
        v = self.b2 * state.v + (1 - self.b2) * g**2
        v_max = np.maximum(state.v_max, v)
        denom = np.sqrt(v_max if self.amsgrad else v)
        return x - value_at(self.lr, state.t) * g / denom, AdamState(state.t + 1, v, v_max)


@dataclass(frozen=True)
class LookAhead:
    """Takes the gradient at x + shift (a stand-in for Nesterov's look-ahead)."""

    lr: float
    shift: float

    def init(self, x):
        return gd.GDState(0)

    def query(self, x, state):
        return x + self.shift

    def step(self, x, g, state):
        return x - self.lr * g, gd.GDState(state.t + 1)


class NoLR:
    """An optimizer without an ``lr`` attribute (and without ``query``)."""

    def init(self, x):
        return gd.GDState(0)

    def step(self, x, g, state):
        return x - 0.1 * g, gd.GDState(state.t + 1)


@dataclass(frozen=True)
class NanGradientBeyond:
    """The seed quadratic, but its gradient is NaN where x[0] > edge (f stays finite)."""

    edge: float
    dim = 2

    def f(self, x):
        return gd.SeedQuadratic().f(x)

    def grad(self, x):
        g = gd.SeedQuadratic().grad(x)
        return np.where(np.asarray(x)[..., :1] > self.edge, np.nan, g)


SEED = gd.SeedQuadratic()


# --- the history --------------------------------------------------------------------------


def test_history_is_the_run_of_gradient_descent():
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, max_iter=25)
    x = SEED.x0
    expected = [x]
    for _ in range(25):
        x = x - 0.1 * SEED.grad(x)
        expected.append(x)
    np.testing.assert_array_equal(res.xs, np.array(expected))
    assert res.xs.shape == (26, 2) and res.fs.shape == (26,) and res.grad_norms.shape == (26,)
    assert res.lrs.shape == (25,)
    np.testing.assert_array_equal(res.fs, SEED.f(res.xs))
    np.testing.assert_array_equal(res.grad_norms, np.linalg.norm(SEED.grad(res.xs), axis=-1))
    np.testing.assert_array_equal(res.lrs, 0.1)
    np.testing.assert_array_equal(res.x, res.xs[-1])
    assert res.fun == res.fs[-1] and isinstance(res.fun, float)
    np.testing.assert_array_equal(res.jac, SEED.grad(res.x))
    assert res.nit == 25 and res.status == "max_iter" and res.status is gd.Status.MAX_ITER
    assert res.success is False
    assert "max_iter = 25" in res.message
    assert "max_iter" in repr(res)
    with pytest.raises(ValueError):
        res.xs[0, 0] = 1.0  # the history is read-only


def test_lr_schedule_and_missing_lr_are_recorded():
    res = gd.minimize(SEED, gd.GD(lr=lambda t: 0.1 / (1 + t)), SEED.x0, max_iter=5)
    np.testing.assert_allclose(res.lrs, [0.1 / (1 + t) for t in range(5)])
    res = gd.minimize(SEED, NoLR(), SEED.x0, max_iter=5)
    assert res.lrs.shape == (5,) and np.all(np.isnan(res.lrs))
    np.testing.assert_allclose(res.xs[1], SEED.x0 - 0.1 * SEED.grad(SEED.x0))


def test_gradient_is_taken_at_the_query_point():
    res = gd.minimize(SEED, LookAhead(lr=0.1, shift=0.5), SEED.x0, max_iter=3)
    x = SEED.x0
    for t in range(3):
        x = x - 0.1 * SEED.grad(x + 0.5)
        np.testing.assert_allclose(res.xs[t + 1], x, rtol=1e-15)
    # the history still records the full gradient at x_t, not at the query point
    np.testing.assert_allclose(res.grad_norms, np.linalg.norm(SEED.grad(res.xs), axis=-1))


class CountingGD(gd.GD):
    """GD whose ``query`` is its own (the identity), counting its calls."""

    calls = 0

    def query(self, x, state):
        CountingGD.calls += 1
        return x


class ShiftedGD(gd.GD):
    """GD that overrides the base class's ``query``: the gradient is taken at x + 0.5."""

    def query(self, x, state):
        return x + 0.5


def test_an_overridden_query_is_called_at_every_step():
    # the loop skips only the base class's query (the identity); one a subclass writes is
    # called, and the gradient is taken where it says
    CountingGD.calls = 0
    res = gd.minimize(SEED, CountingGD(lr=0.1), SEED.x0, max_iter=40)
    assert CountingGD.calls == res.nit == 40
    res = gd.minimize(SEED, ShiftedGD(lr=0.1), SEED.x0, max_iter=40)
    x = SEED.x0
    for t in range(40):
        x = x - 0.1 * SEED.grad(x + 0.5)
        assert res.xs[t + 1].tobytes() == x.tobytes()


class InPlaceGD:
    """GD that writes the new point into the array it was given (and returns it)."""

    def init(self, x):
        return gd.GDState(0)

    def step(self, x, g, state):
        x -= 0.1 * g
        return x, gd.GDState(state.t + 1)


def test_long_history_is_the_run_and_holds_memory_for_the_steps_run():
    # 300 steps: the history grows past its first buffers and ends on a full one
    res = gd.minimize(SEED, gd.GD(lr=0.01), SEED.x0, max_iter=300)
    x, hand = SEED.x0, [SEED.x0]
    for _ in range(300):
        x = x - 0.01 * SEED.grad(x)
        hand.append(x)
    assert res.xs.tobytes() == np.array(hand).tobytes()
    assert res.fs.tobytes() == SEED.f(res.xs).tobytes()
    # a budget of 10^12 steps for a run that converges after 91: the history holds
    # memory for the steps taken (at most twice them, or the first block), not for max_iter
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, max_iter=10**12, grad_tol=1e-8)
    assert res.nit == 91 and res.xs.shape == (92, 2)
    owner = res.xs
    while owner.base is not None:
        owner = owner.base
    assert owner.nbytes <= max(2 * res.xs.nbytes, 33 * 2 * 8)
    # read-only all the way down: neither the history nor the array it views can be written
    assert not owner.flags.writeable
    with pytest.raises(ValueError):
        res.xs.setflags(write=True)


def test_history_of_an_optimizer_that_updates_x_in_place():
    # each row is x_t as it was at step t, not the array the optimizer went on to overwrite
    res = gd.minimize(SEED, InPlaceGD(), SEED.x0, max_iter=50)
    x, hand = SEED.x0, [SEED.x0]
    for _ in range(50):
        x = x - 0.1 * SEED.grad(x)
        hand.append(x)
    assert res.xs.tobytes() == np.array(hand).tobytes()


def test_clip_is_applied_to_the_gradient_before_the_step():
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, max_iter=3, clip=lambda g: np.clip(g, -1, 1))
    np.testing.assert_allclose(res.xs[1] - res.xs[0], [0.1, 0.1])  # g0 = (-6, -12), clipped to 1s
    np.testing.assert_allclose(res.grad_norms[0], np.hypot(6, 12))  # recorded unclipped


def strict_clip(g):
    """Clip by norm per run, refusing non-finite input as a careful clipping function would."""
    if not np.all(np.isfinite(g)):
        raise ValueError("g must be finite")
    norm = np.linalg.norm(g, axis=-1, keepdims=True)
    return g * np.minimum(1.0, 5.0 / np.maximum(norm, 1e-300))


def test_clip_never_sees_the_gradient_of_a_stopped_run():
    # the run with lr = 0.1 enters the region where the gradient is NaN and stops; the
    # slow run goes on, while the stopped one's gradient stays NaN at its frozen point:
    # the clip function is only ever handed finite values
    p = NanGradientBeyond(edge=0.5)
    lrs = np.array([[0.001], [0.1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(p, gd.GD(lr=lrs), np.tile(SEED.x0, (2, 1)), max_iter=50, clip=strict_clip)
    assert res.status.tolist() == ["max_iter", "diverged"]
    assert res.nit[0] == 50 and res.nit[1] < 50
    assert res.xs[res.nit[1], 1, 0] > 0.5 and np.all(res.xs[: res.nit[1], 1, 0] <= 0.5)


def test_clip_that_returns_nan_stops_the_run():
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, max_iter=5, clip=lambda g: g * np.nan)
    assert res.status == "diverged" and res.nit == 0 and "after clipping" in res.message


# --- stopping criteria --------------------------------------------------------------------


def test_gradient_norm_threshold_stops_with_converged():
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, grad_tol=1e-8)
    assert res.status == "converged" and res.success
    assert res.grad_norms[-1] <= 1e-8 < res.grad_norms[-2]
    assert res.nit == len(res.fs) - 1 < 1000
    assert "grad_tol = 1e-08" in res.message


def test_gradient_threshold_can_hold_at_the_start():
    res = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x_star, grad_tol=0.0)
    assert res.status == "converged" and res.nit == 0
    assert res.xs.shape == (1, 2) and res.lrs.shape == (0,)


def test_patience_stops_after_that_many_steps_without_improvement():
    # lr = 1/2 = 2/L: x reaches 1 in one step, y flips between -1 and 5 forever, so f is
    # 18 from step 1 on; with patience 5 the run stops at step 1 + 5.
    res = gd.minimize(SEED, gd.GD(lr=0.5), SEED.x0, patience=5)
    assert res.status == "no_improvement" and not res.success
    assert res.nit == 6
    np.testing.assert_allclose(res.fs[1:], 18.0)
    assert "last 5 steps" in res.message


@pytest.mark.parametrize(("patience", "min_delta"), [(3, 1e-3), (10, 1e-6), (1, 0.5)])
def test_patience_with_min_delta_matches_its_definition(patience, min_delta):
    res = gd.minimize(
        SEED, gd.GD(lr=0.01), SEED.x0, patience=patience, min_delta=min_delta, max_iter=100_000
    )
    assert res.status == "no_improvement"
    fs = res.fs
    best, since = fs[0], 0
    for t in range(1, len(fs)):
        if fs[t] < best - min_delta:
            best, since = fs[t], 0
        else:
            since += 1
        assert (since >= patience) == (t == res.nit)
        if since >= patience:
            break


def test_max_iter_stops_the_run():
    res = gd.minimize(SEED, gd.GD(lr=0.001), SEED.x0, max_iter=7, grad_tol=1e-12, patience=100)
    assert res.status == "max_iter" and res.nit == 7 and res.xs.shape == (8, 2)


def test_criteria_order_divergence_first():
    # a run that explodes at the same step as max_iter is reported as diverged
    res = gd.minimize(SEED, gd.GD(lr=1e4), SEED.x0, max_iter=1)  # f(x1) ~ 3e10
    assert res.status == "diverged" and res.nit == 1


# --- divergence ---------------------------------------------------------------------------


def test_step_above_two_over_L_diverges_with_a_clear_status_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(SEED, gd.GD(lr=0.6), SEED.x0, max_iter=10_000)  # 2/L = 0.5
    assert res.status == "diverged" and not res.success
    assert np.isfinite(res.fun) and res.fun > 1e6 * SEED.f(SEED.x0)
    assert np.all(res.fs[:-1] <= 1e6 * SEED.f(SEED.x0))  # stopped at the first explosion
    assert "exploded" in res.message
    assert res.nit < 100


def test_overflow_to_infinity_diverges_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(SEED, gd.GD(lr=1e100), SEED.x0, divergence_factor=None, max_iter=50)
        res2 = gd.minimize(gd.Rosenbrock(), gd.GD(lr=1.0), np.array([3.0, 3.0]), max_iter=50)
    assert res.status == "diverged" and "not finite" in res.message
    assert not np.isfinite(res.fun)
    assert res2.status == "diverged"


def test_non_finite_gradient_stops_with_diverged():
    # the full gradient at x_t is NaN (f finite): diverged at that step
    p = NanGradientBeyond(edge=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(p, gd.GD(lr=0.1), SEED.x0, max_iter=100)
    assert res.status == "diverged" and "gradient is not finite" in res.message
    assert res.xs[-1][0] > 0 and np.all(res.xs[:-1, 0] <= 0)
    # the gradient at the query point is NaN while x itself is fine: no step is taken
    res = gd.minimize(p, LookAhead(lr=0.1, shift=3.0), SEED.x0, max_iter=100)
    assert res.status == "diverged" and res.nit == 0 and "query point" in res.message


def test_sweep_of_a_thousand_learning_rates_in_one_call():
    lrs = np.logspace(-3, 0.5, 1000)
    x0 = np.broadcast_to(SEED.x0, (1000, 2))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(SEED, gd.GD(lr=lrs[:, None]), x0, max_iter=500, grad_tol=1e-6)
    seconds = time.perf_counter() - start
    assert seconds < 30
    assert res.status.shape == (1000,) and res.fs.shape[1:] == (1000,)
    diverged = res.status == "diverged"
    converged = res.status == "converged"
    assert diverged.any() and converged.any()
    assert np.all(lrs[diverged] > 0.5) and np.all(lrs[converged] < 0.5)  # 2/L = 0.5
    assert np.all(np.isfinite(res.fun[~diverged]))
    assert "1000 runs:" in res.message and "diverged" in res.message


# --- minibatches --------------------------------------------------------------------------


@pytest.mark.parametrize("replace", [False, True])
def test_minimize_draws_minibatches_with_sample_minibatch(replace):
    p = gd.LinearRegression(n=100, d=3, seed=0)
    res = gd.minimize(p, gd.GD(lr=0.05), p.x0, batch_size=8, replace=replace, seed=42, max_iter=3)
    rng = np.random.default_rng(42)
    x = p.x0
    for t in range(3):
        x = x - 0.05 * p.grad(x, idx=gd.sample_minibatch(rng, p.n, 8, replace))
        np.testing.assert_allclose(res.xs[t + 1], x, rtol=1e-14)
    np.testing.assert_allclose(res.fs, p.f(res.xs), rtol=1e-14)  # full loss recorded


def test_samples_without_replacement_are_distinct_and_with_replacement_repeat():
    rng = np.random.default_rng(0)
    for _ in range(50):
        assert len(set(gd.sample_minibatch(rng, 30, 30, replace=False).tolist())) == 30
    draws = np.concatenate([gd.sample_minibatch(rng, 30, 30, replace=True) for _ in range(50)])
    assert len(draws) == 1500 and draws.min() >= 0 and draws.max() < 30
    assert any(len(set(gd.sample_minibatch(rng, 30, 30, True).tolist())) < 30 for _ in range(5))


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("B", [1, 10, 50, 200, 500])
def test_minibatch_gradient_variance(replace, B):
    """E||g_B - g||^2 = sigma^2 / B with replacement, sigma^2 / B (n - B)/(n - 1) without.

    Measured over M minibatches drawn with the run loop's own sampler. The estimate is a
    mean of M independent draws of Z = ||g_B - g||^2, so its standard error is
    std(Z) / sqrt(M) (about 0.5% of the mean here); we accept 4 standard errors (a
    two-sided normal tail of 6e-5) and check that the other formula is rejected where
    the two differ (B >= 50: by a factor 1.05 to 2, i.e. 10 to 200 standard errors).
    """
    p = gd.LinearRegression()  # the seed's n = 1000, d = 20, noise 0.1
    x = p.x_star + 0.3  # any fixed point; away from x* the per-example gradients differ more
    G = p.per_example_grads(x)
    g = p.grad(x)
    sigma2 = np.mean(np.sum((G - g) ** 2, axis=1))
    n, M = p.n, 4000
    rng = np.random.default_rng(2024)
    Z = np.empty(M)
    for j in range(M):
        idx = gd.sample_minibatch(rng, n, B, replace)
        Z[j] = np.sum((G[idx].mean(axis=0) - g) ** 2)
    estimate, se = Z.mean(), Z.std(ddof=1) / np.sqrt(M)
    with_r, without_r = sigma2 / B, sigma2 / B * (n - B) / (n - 1)
    expected, other = (with_r, without_r) if replace else (without_r, with_r)
    assert abs(estimate - expected) <= 4 * se, (estimate, expected, se)
    if B >= 50:
        assert abs(estimate - other) > 8 * se


def test_full_batch_without_replacement_has_no_variance():
    p = gd.LinearRegression()
    rng = np.random.default_rng(0)
    x = p.x0
    for _ in range(5):
        gB = p.grad(x, idx=gd.sample_minibatch(rng, p.n, p.n, replace=False))
        np.testing.assert_allclose(gB, p.grad(x), rtol=1e-12, atol=1e-14)


def test_reproducible_with_a_seed():
    p = gd.LinearRegression(n=200, d=5)
    run = lambda seed: gd.minimize(p, gd.GD(lr=0.1), p.x0, batch_size=10, seed=seed, max_iter=50)  # noqa: E731
    a, b, c = run(7), run(7), run(8)
    np.testing.assert_array_equal(a.xs, b.xs)
    np.testing.assert_array_equal(a.fs, b.fs)
    assert not np.array_equal(a.xs, c.xs)


# --- batched runs -------------------------------------------------------------------------


def assert_same_run(batched: gd.Result, single: gd.Result) -> None:
    assert batched.nit == single.nit
    assert batched.status == single.status
    assert batched.message == single.message
    for name in ("xs", "fs", "grad_norms", "lrs", "x", "jac"):
        # batched matrix products may round differently from single ones (BLAS paths)
        b, s = np.asarray(getattr(batched, name)), np.asarray(getattr(single, name))
        scale = np.max(np.abs(s[np.isfinite(s)]), initial=0.0)
        np.testing.assert_allclose(b, s, rtol=1e-12, atol=1e-14 * scale, err_msg=name)
    np.testing.assert_allclose(batched.fun, single.fun, rtol=1e-13)


def test_batched_run_equals_separate_runs():
    lrs = np.array([0.1, 0.3, 0.45, 0.5, 0.6, 1e50])
    kw = dict(max_iter=300, grad_tol=1e-9, patience=40, min_delta=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gd.minimize(SEED, gd.GD(lr=lrs[:, None]), np.tile(SEED.x0, (6, 1)), **kw)
    assert set(res.status.tolist()) == {"converged", "no_improvement", "diverged"}
    assert res.xs.shape == (res.nit.max() + 1, 6, 2) and res.lrs.shape == (res.nit.max(), 6)
    for k, lr in enumerate(lrs):
        assert_same_run(res.run(k), gd.minimize(SEED, gd.GD(lr=float(lr)), SEED.x0, **kw))
    # after a run stops, its values are held and its learning rate is nan
    k = int(np.argmin(res.nit))
    np.testing.assert_array_equal(
        res.xs[res.nit[k] :, k], np.broadcast_to(res.x[k], (len(res.xs) - res.nit[k], 2))
    )
    assert np.all(np.isnan(res.lrs[res.nit[k] :, k]))
    np.testing.assert_array_equal(res.success, res.status == "converged")


def test_batched_grid_of_two_hyperparameters_with_state():
    lr = np.array([0.01, 0.05, 0.2])[:, None, None]
    beta = np.array([0.0, 0.5, 0.9, 0.99])[None, :, None]
    x0 = np.broadcast_to(SEED.x0, (3, 4, 2))
    res = gd.minimize(SEED, HeavyBall(lr=lr, beta=beta), x0, max_iter=200, grad_tol=1e-6)
    assert res.status.shape == (3, 4) and res.fs.shape[1:] == (3, 4)
    for i in range(3):
        for j in range(4):
            single = gd.minimize(
                SEED,
                HeavyBall(lr=float(lr[i, 0, 0]), beta=float(beta[0, j, 0])),
                SEED.x0,
                max_iter=200,
                grad_tol=1e-6,
            )
            assert_same_run(res.run((i, j)), single)


def test_batched_minibatch_runs_share_the_minibatches():
    p = gd.LinearRegression(n=300, d=6, seed=3)
    lrs = np.array([0.02, 0.2, 0.5])
    kw = dict(batch_size=16, seed=5, max_iter=60)
    res = gd.minimize(p, gd.GD(lr=lrs[:, None]), np.zeros((3, 6)), **kw)
    for k, lr in enumerate(lrs):
        assert_same_run(res.run(k), gd.minimize(p, gd.GD(lr=float(lr)), p.x0, **kw))


def test_result_run_rejects_bad_indices():
    res = gd.minimize(SEED, gd.GD(lr=np.array([[0.1], [0.2]])), np.zeros((2, 2)), max_iter=3)
    with pytest.raises(ValueError, match="index must select one run"):
        res.run(5)
    single = gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, max_iter=3)
    assert single.run(()) is single
    with pytest.raises(ValueError, match="index must be"):
        single.run(0)
    assert "batch_shape=(2,)" in repr(res)


# --- Reddi, Kale & Kumar's problem ---------------------------------------------------------


def test_reddi_problem_through_minimize_with_project():
    p = gd.ReddiAdam(C=3.0)
    b2 = 1 / (1 + p.C**2)
    alpha = 0.5 * np.sqrt(1 - b2)
    lr = lambda t: alpha / np.sqrt(t + 1)  # noqa: E731  (alpha / sqrt(t) with the paper's 1-based t)
    adam = gd.minimize(p, Beta1ZeroAdam(lr=lr, b2=b2), p.x0, max_iter=3000, project=p.project)
    # the iterates of THEORY.md: the step count reaches the problem as the round index
    np.testing.assert_allclose(adam.xs[1:7, 0], [0.5, 0.7565, 1.0, 0.7516, 0.9134, 1.0], atol=1e-4)
    assert np.all(np.abs(adam.xs) <= 1.0)
    assert adam.x[0] == 1.0  # Adam ends at the worst point
    ams = gd.minimize(
        p, Beta1ZeroAdam(lr=lr, b2=b2, amsgrad=True), p.x0, max_iter=3000, project=p.project
    )
    assert ams.x[0] < -0.9  # AMSGrad heads for the best point, -1
    # the recorded loss is the period average F(x) = (C - 2)/3 x
    np.testing.assert_allclose(adam.fs, (p.C - 2) / 3 * adam.xs[:, 0])
    # without the projection Adam leaves the interval
    free = gd.minimize(p, Beta1ZeroAdam(lr=lr, b2=b2), p.x0, max_iter=10)
    assert np.max(free.xs) > 1.0


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x0", "match"),
    [
        (np.zeros(3), r"x0 must have shape \(2,\).*got shape \(3,\)"),
        (np.zeros((4, 3)), r"x0 must have shape.*got shape \(4, 3\)"),
        (1.0, r"x0 must have shape.*got shape \(\)"),
        (np.zeros((0, 2)), "x0 must hold at least one run"),
        ([np.nan, 0.0], "x0 must be finite"),
        ("ab", "x0 must be an array of numbers"),
    ],
)
def test_bad_x0(x0, match):
    with pytest.raises(ValueError, match=match):
        gd.minimize(SEED, gd.GD(lr=0.1), x0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_iter": 0}, "max_iter must be a positive integer, got 0"),
        ({"max_iter": -5}, "max_iter must be a positive integer, got -5"),
        ({"max_iter": 2.5}, "max_iter must be a positive integer, got 2.5"),
        ({"max_iter": True}, "max_iter must be a positive integer, got True"),
        ({"grad_tol": -1.0}, "grad_tol must be a non-negative finite number, got -1.0"),
        ({"patience": 0}, "patience must be a positive integer, got 0"),
        ({"min_delta": -0.1}, "min_delta must be a non-negative"),
        ({"divergence_factor": 0.0}, "divergence_factor must be a positive"),
        ({"clip": 3.0}, "clip must be a callable"),
        ({"project": "no"}, "project must be a callable"),
        ({"replace": "yes"}, "replace must be True or False"),
        ({"batch_size": 10}, "batch_size=10 needs a finite-sum problem"),
        ({"seed": "abc"}, "seed must be an int"),
    ],
)
def test_bad_arguments_name_the_argument_and_value(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gd.minimize(SEED, gd.GD(lr=0.1), SEED.x0, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"batch_size": 0}, "batch_size must be a positive integer, got 0"),
        ({"batch_size": -3}, "batch_size must be a positive integer, got -3"),
        ({"batch_size": 1001}, r"batch_size=1001 exceeds the n=1000 examples"),
    ],
)
def test_bad_batch_size(kwargs, match):
    p = gd.LinearRegression()
    with pytest.raises(ValueError, match=match):
        gd.minimize(p, gd.GD(lr=0.1), p.x0, **kwargs)
    # with replacement a batch larger than n is fine
    res = gd.minimize(p, gd.GD(lr=0.1), p.x0, batch_size=1001, replace=True, max_iter=2)
    assert res.nit == 2


def test_online_problem_rejects_batch_size():
    p = gd.ReddiAdam()
    with pytest.raises(ValueError, match="needs a finite-sum problem"):
        gd.minimize(p, gd.GD(lr=0.1), p.x0, batch_size=1)


def test_bad_optimizer_and_hyperparameter_batch_without_x0_batch():
    with pytest.raises(ValueError, match=r"optimizer must have a method init\(\.\.\.\)"):
        gd.minimize(SEED, object(), SEED.x0)
    with pytest.raises(ValueError, match=r"np\.broadcast_to\(x0, \(3, 2\)\)"):
        gd.minimize(SEED, gd.GD(lr=np.array([[0.1], [0.2], [0.3]])), SEED.x0)


# --- one source of truth: the step the optimizer reports, and what ran -------------------


def test_recorded_step_is_the_one_the_optimizer_used():
    # Schedule-Free's warmup and AdaGrad's decay change the step inside the optimizer:
    # the record is what optimizer.learning_rate(state) reports, state by state
    for opt in (gd.ScheduleFreeSGD(lr=0.1, warmup_steps=10), gd.AdaGrad(lr=0.1, lr_decay=0.5)):
        res = gd.minimize(SEED, opt, SEED.x0, max_iter=12)
        state, expected = opt.init(SEED.x0), []
        x = SEED.x0
        for _ in range(12):
            expected.append(float(opt.learning_rate(state)))
            x, state = opt.step(x, SEED.grad(opt.query(x, state)), state)
        np.testing.assert_array_equal(res.lrs, expected)
    sf = gd.minimize(SEED, gd.ScheduleFreeSGD(lr=0.1, warmup_steps=10), SEED.x0, max_iter=3)
    np.testing.assert_allclose(sf.lrs, [0.01, 0.02, 0.03])  # not the nominal 0.1
    ada = gd.minimize(SEED, gd.AdaGrad(lr=0.1, lr_decay=0.5), SEED.x0, max_iter=3)
    np.testing.assert_allclose(ada.lrs, [0.1, 0.1 / 1.5, 0.1 / 2])


@dataclass(frozen=True)
class NominalLR:
    """Says lr = 0.5 but steps with 0.1 and reports 0.1: the record must follow the report."""

    lr: float = 0.5

    def init(self, x):
        return gd.GDState(0)

    def query(self, x, state):
        return x

    def learning_rate(self, state):
        return 0.1

    def step(self, x, g, state):
        return x - 0.1 * g, gd.GDState(state.t + 1)


def test_the_loop_records_learning_rate_not_the_lr_attribute():
    res = gd.minimize(SEED, NominalLR(), SEED.x0, max_iter=4)
    np.testing.assert_array_equal(res.lrs, 0.1)


def test_clipped_optimizer_records_its_step_and_counts_as_clipped():
    clip = lambda g: gd.clip_by_norm(g, 1.0)  # noqa: E731
    opt = gd.Clipped(gd.GD(lr=0.05), clip)
    res = gd.minimize(SEED, opt, SEED.x0, max_iter=5)
    np.testing.assert_array_equal(res.lrs, 0.05)  # not nan
    assert res.optimizer is opt and res.clip is clip and res.project is None
    res = gd.minimize(SEED, gd.GD(lr=0.05), SEED.x0, max_iter=5, clip=clip, project=np.abs)
    assert res.clip is clip and res.project is np.abs and res.batch_size is None


def test_result_records_the_optimizer_and_run_k_keeps_it_per_run():
    lrs = np.array([[0.05], [0.1], [0.2]])
    opt = gd.Momentum(lr=lrs, beta=np.array([[0.1], [0.2], [0.3]]))
    res = gd.minimize(SEED, opt, np.tile(SEED.x0, (3, 1)), max_iter=6, project=np.abs)
    assert res.optimizer is opt
    one = res.run(2)
    assert isinstance(one.optimizer, gd.Momentum) and one.project is np.abs
    np.testing.assert_array_equal(one.optimizer.lr, [0.2])
    np.testing.assert_array_equal(one.optimizer.beta, [0.3])
    single = gd.minimize(SEED, gd.Momentum(lr=0.2, beta=0.3), SEED.x0, max_iter=6, project=np.abs)
    np.testing.assert_allclose(one.xs, single.xs, rtol=1e-15)
    data = gd.LinearRegression(n=20, d=2, seed=0)
    res = gd.minimize(data, gd.GD(lr=0.01), data.x0, max_iter=3, batch_size=4)
    assert res.batch_size == 4


@pytest.mark.parametrize(
    ("lr", "kwargs"), [(0.5, {"patience": 3}), (0.52, {"divergence_factor": 10.0}), (0.52, {})]
)
def test_a_stop_inside_a_block_of_steps_ends_the_history_there(lr, kwargs):
    # the losses of a single run are evaluated a block of steps at a time: the rules
    # must still stop it at the first step where one holds, with a consistent history
    res = gd.minimize(SEED, gd.GD(lr=lr), SEED.x0, max_iter=500, **kwargs)
    assert res.status in ("no_improvement", "diverged") and res.nit < 500
    assert res.xs.shape == (res.nit + 1, 2) and res.lrs.shape == (res.nit,)
    np.testing.assert_array_equal(res.x, res.xs[-1])
    np.testing.assert_array_equal(res.fs, SEED.f(res.xs))
    np.testing.assert_array_equal(res.jac, SEED.grad(res.x))
    assert res.fun == res.fs[-1] and res.grad_norms.shape == (res.nit + 1,)
    batch = gd.minimize(SEED, gd.GD(lr=lr), np.tile(SEED.x0, (1, 1)), max_iter=500, **kwargs)
    assert int(batch.nit[0]) == res.nit and str(batch.status[0]) == res.status


class OnePointQuadratic:
    """f and grad written for one point only: x[0] and x[1] are coordinates, not points."""

    dim = 2

    def f(self, x):
        return (x[0] - 1) ** 2 + 2 * (x[1] - 2) ** 2

    def grad(self, x):
        return np.array([2 * (x[0] - 1), 4 * (x[1] - 2)])


def test_a_problem_written_for_one_point_gets_its_own_losses():
    # the losses of a single run are evaluated a block at a time; an f that cannot take
    # a stack of points must still give the loss of each point
    res = gd.minimize(OnePointQuadratic(), gd.GD(lr=0.1), SEED.x0, max_iter=20)
    np.testing.assert_allclose(res.fs, [SEED.f(x) for x in res.xs], rtol=1e-15)
