"""Hyperparameter search (seed 004): a grid over powers of ten, and narrowing random search."""

from __future__ import annotations

import numpy as np
import pytest

import gdtheory as gd


def test_grid_picks_a_sensible_lr_and_reports_divergence():
    p = gd.SeedQuadratic()  # L = 4: GD converges only below 2/L = 0.5
    grid = gd.lr_grid(p, p.x0, exponents=range(-4, 2), steps=100)
    np.testing.assert_allclose(grid.lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0])
    assert grid.best_lr == 0.1 and grid.best_lr < 2 / p.L
    assert grid.best_loss == grid.losses.min() and np.isfinite(grid.best_loss)
    assert grid.diverged.tolist() == [False, False, False, False, True, True]
    assert np.all(np.isinf(grid.losses[grid.diverged]))
    assert np.all(np.isfinite(grid.losses[~grid.diverged]))
    # smaller learning rates make less progress in the same number of steps
    assert np.all(np.diff(grid.losses[:4]) < 0)


def test_grid_is_one_batched_run_equal_to_separate_runs():
    p = gd.SeedQuadratic()
    grid = gd.lr_grid(p, p.x0, exponents=[-3, -2, -1], steps=40)
    assert grid.result.batch_shape == (3,)
    for lr, loss in zip(grid.lrs, grid.losses, strict=True):
        single = gd.minimize(p, gd.GD(lr=lr), p.x0, max_iter=40)
        assert loss == pytest.approx(single.fun, rel=1e-12)


def test_grid_with_another_optimizer_and_its_hyperparameters():
    p = gd.SeedQuadratic()
    grid = gd.lr_grid(
        p,
        p.x0,
        exponents=[-3, -2, -1, 0],
        optimizer=gd.Momentum,
        optimizer_kwargs={"beta": 0.5},
        steps=60,
    )
    assert np.isfinite(grid.best_loss) and grid.best_lr < 2 * (1 + 0.5) / p.L


def test_grid_where_everything_diverges():
    p = gd.SeedQuadratic()
    grid = gd.lr_grid(p, p.x0, exponents=[1, 2], steps=20)
    assert grid.diverged.all() and np.isnan(grid.best_lr) and grid.best_loss == np.inf


def test_random_search_is_reproducible():
    p = gd.SeedQuadratic()
    kw = dict(low=1e-3, high=1.0, rounds=3, samples=8, steps=20)
    a = gd.random_search(p, p.x0, seed=5, **kw)
    b = gd.random_search(p, p.x0, seed=5, **kw)
    c = gd.random_search(p, p.x0, seed=6, **kw)
    np.testing.assert_array_equal(a.lrs, b.lrs)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.ranges, b.ranges)
    assert a.best_lr == b.best_lr
    assert not np.array_equal(a.lrs, c.lrs)


def test_random_search_is_reproducible_with_minibatches():
    lin = gd.LinearRegression(n=200, d=5, seed=0)
    kw = dict(low=1e-3, high=0.3, rounds=2, samples=6, steps=30, batch_size=20)
    a = gd.random_search(lin, np.zeros(5), seed=1, **kw)
    b = gd.random_search(lin, np.zeros(5), seed=1, **kw)
    np.testing.assert_array_equal(a.losses, b.losses)


@pytest.mark.parametrize("seed", range(3))
def test_random_search_narrows_and_improves(seed):
    p = gd.SeedQuadratic()
    s = gd.random_search(
        p, p.x0, low=1e-4, high=1.0, rounds=5, samples=10, shrink=0.5, steps=15, seed=seed
    )
    widths = np.log10(s.ranges[:, 1] / s.ranges[:, 0])
    np.testing.assert_allclose(widths, 4 * 0.5 ** np.arange(5))  # shrinks each round
    assert np.all(s.ranges[:, 0] >= 1e-4 * (1 - 1e-12)) and np.all(
        s.ranges[:, 1] <= 1.0 * (1 + 1e-12)
    )
    assert np.all((s.lrs >= s.ranges[:, :1]) & (s.lrs <= s.ranges[:, 1:]))
    assert np.all(np.diff(s.best_so_far) <= 0)  # never worse
    assert s.best_so_far[-1] < s.best_so_far[0]  # and here strictly better
    # Each range is centred on the best value so far (moved to stay inside [low, high]),
    # so the final range holds the best value. GD's optimum here is 2/(m + L) = 1/3.
    assert s.ranges[-1, 0] <= s.best_lr <= s.ranges[-1, 1]
    assert 0.2 < s.best_lr < 0.5
    assert s.best_loss == s.losses.min()


def test_random_search_keeps_diverged_samples():
    p = gd.SeedQuadratic()
    s = gd.random_search(p, p.x0, low=0.1, high=10.0, rounds=2, samples=12, steps=30, seed=0)
    assert np.any(np.isinf(s.losses))  # lrs above 2/L = 0.5 diverged, reported as inf
    assert np.isfinite(s.best_loss) and s.best_lr < 0.5


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(low=1.0, high=0.1), "low"),
        (dict(low=0.0), "low"),
        (dict(shrink=1.0), "shrink"),
        (dict(rounds=0), "rounds"),
        (dict(samples=1.5), "samples"),
        (dict(steps=0), "steps"),
    ],
)
def test_random_search_bad_arguments(kwargs, match):
    p = gd.SeedQuadratic()
    with pytest.raises(ValueError, match=match):
        gd.random_search(p, p.x0, **kwargs)


def test_grid_bad_arguments():
    p = gd.SeedQuadratic()
    with pytest.raises(ValueError, match="exponents"):
        gd.lr_grid(p, p.x0, exponents=[])
    with pytest.raises(ValueError, match="x0"):
        gd.lr_grid(p, np.zeros(3))
    with pytest.raises(ValueError, match="x0"):
        gd.lr_grid(p, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="steps"):
        gd.lr_grid(p, p.x0, steps=0)
