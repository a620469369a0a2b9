"""Gradient clipping: the rules, batches, bad input, and PyTorch's clip_grad_* where it applies."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import gdtheory as gd
from tests._optional import need_torch


@pytest.fixture
def torch():
    return need_torch()  # skips with the README's install hint, or fails under CI=true


# ----------------------------------------------------------------------------- by value


def test_clip_by_value() -> None:
    g = np.array([3.0, -0.5, -7.0, 1.0])
    out = gd.clip_by_value(g, 1.0)
    np.testing.assert_array_equal(out, [1.0, -0.5, -1.0, 1.0])
    np.testing.assert_array_equal(g, [3.0, -0.5, -7.0, 1.0])  # input untouched


def test_clip_by_value_per_run_thresholds() -> None:
    g = np.array([[3.0, -3.0], [3.0, -3.0]])
    out = gd.clip_by_value(g, np.array([[1.0], [2.0]]))
    np.testing.assert_array_equal(out, [[1.0, -1.0], [2.0, -2.0]])


# ----------------------------------------------------------------------------- by norm


def test_clip_by_norm_seed_rule() -> None:
    inside = np.array([0.3, 0.4])
    assert gd.clip_by_norm(inside, 1.0) is not inside
    np.testing.assert_array_equal(gd.clip_by_norm(inside, 1.0), inside)  # exactly unchanged
    out = gd.clip_by_norm(np.array([30.0, -40.0]), 2.0)
    np.testing.assert_allclose(out, [1.2, -1.6], rtol=1e-15)
    assert np.linalg.norm(out) == pytest.approx(2.0, rel=1e-15)


def test_clip_by_norm_other_norms() -> None:
    g = np.array([3.0, -4.0])
    np.testing.assert_allclose(gd.clip_by_norm(g, 1.0, norm_type=math.inf), [0.75, -1.0])
    np.testing.assert_allclose(gd.clip_by_norm(g, 1.0, norm_type=1), [3 / 7, -4 / 7])


def test_clip_by_norm_zero_gradient_and_huge_entries() -> None:
    np.testing.assert_array_equal(gd.clip_by_norm(np.zeros(3), 1.0), np.zeros(3))
    huge = np.array([1e300, -1e300])  # its sum of squares overflows; the norm does not
    out = gd.clip_by_norm(huge, 1.0)
    np.testing.assert_allclose(out, [2**-0.5, -(2**-0.5)], rtol=1e-15)
    tiny = np.array([1e-300, 1e-300])  # squares underflow to 0; the norm does not
    np.testing.assert_array_equal(gd.clip_by_norm(tiny, 1.0), tiny)


def test_clip_by_norm_per_run_axis() -> None:
    """axis=-1 clips each run of a (K, d) batch on its own; the default treats it as one."""
    G = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])
    per_run = gd.clip_by_norm(G, 1.0, axis=-1)
    np.testing.assert_allclose(per_run, [[0.6, 0.8], [0.3, 0.4], [0.0, 0.0]], rtol=1e-15)
    whole = gd.clip_by_norm(G, 1.0)
    np.testing.assert_allclose(whole, G / np.linalg.norm(G), rtol=1e-15)
    # (K, a, b) batch: the norm over everything but the run axis, per-run thresholds.
    T = np.arange(24.0).reshape(2, 3, 4) + 1
    out = gd.clip_by_norm(T, np.array([[[1.0]], [[5.0]]]), axis=(1, 2))
    np.testing.assert_allclose(np.sqrt((out**2).sum(axis=(1, 2))), [1.0, 5.0], rtol=1e-14)


@settings(max_examples=100, deadline=None)
@given(
    g=arrays(
        np.float64,
        array_shapes(min_dims=1, max_dims=3, max_side=4),
        elements=st.floats(-1e6, 1e6, allow_nan=False),
    ),
    max_norm=st.floats(1e-3, 1e3),
)
def test_clip_by_norm_properties(g, max_norm) -> None:
    out = gd.clip_by_norm(g, max_norm)
    norm = np.linalg.norm(g.ravel())
    assert np.linalg.norm(out.ravel()) <= max_norm * (1 + 1e-12)
    if norm <= max_norm:
        np.testing.assert_array_equal(out, g)
    else:  # same direction, on the sphere
        np.testing.assert_allclose(out, g * (max_norm / norm), rtol=1e-14, atol=1e-300)
        assert np.linalg.norm(out.ravel()) == pytest.approx(max_norm, rel=1e-12)


# ----------------------------------------------------------------------------- global norm


def test_clip_by_global_norm() -> None:
    grads = (np.array([3.0]), np.array([[4.0, 0.0]]))
    w, b = gd.clip_by_global_norm(grads, 1.0)
    np.testing.assert_allclose(w, [0.6])
    np.testing.assert_allclose(b, [[0.8, 0.0]])
    assert isinstance(gd.clip_by_global_norm(list(grads), 1.0), list)
    assert isinstance(gd.clip_by_global_norm(grads, 1.0), tuple)
    kept = gd.clip_by_global_norm([np.array([0.1]), np.array([0.2])], 1.0)
    np.testing.assert_array_equal(kept[1], [0.2])
    assert gd.global_norm(grads) == pytest.approx(5.0)
    assert gd.global_norm(grads, norm_type=math.inf) == 4.0


# ----------------------------------------------------------------------------- with PyTorch


def test_clip_by_norm_matches_torch(torch) -> None:
    rng = np.random.default_rng(0)
    for norm_type in (2.0, 1.0, 3.0, math.inf):
        for scale in (1e-3, 1.0, 1e3):
            g = rng.standard_normal((4, 5)) * scale
            p = torch.zeros(4, 5, dtype=torch.float64, requires_grad=True)
            p.grad = torch.tensor(g)
            total = torch.nn.utils.clip_grad_norm_([p], 1.0, norm_type=norm_type)
            ours = gd.clip_by_norm(g, 1.0, norm_type=norm_type, eps=1e-6)
            np.testing.assert_allclose(ours, p.grad.numpy(), rtol=1e-13)
            assert float(total) == pytest.approx(
                float(np.linalg.norm(g.ravel(), ord=norm_type)), rel=1e-13
            )


def test_clip_by_global_norm_matches_torch(torch) -> None:
    rng = np.random.default_rng(1)
    shapes = [(3,), (2, 4), (5, 1, 2)]
    for norm_type in (2.0, math.inf):
        for scale in (0.01, 10.0):
            grads = [rng.standard_normal(s) * scale for s in shapes]
            params = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for s in shapes]
            for p, g in zip(params, grads, strict=True):
                p.grad = torch.tensor(g)
            torch.nn.utils.clip_grad_norm_(params, 1.5, norm_type=norm_type)
            ours = gd.clip_by_global_norm(grads, 1.5, norm_type=norm_type, eps=1e-6)
            for o, p in zip(ours, params, strict=True):
                np.testing.assert_allclose(o, p.grad.numpy(), rtol=1e-13)


def test_clip_by_value_matches_torch(torch) -> None:
    g = np.random.default_rng(2).standard_normal((6, 3)) * 2
    p = torch.zeros(6, 3, dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_value_([p], 0.7)
    np.testing.assert_array_equal(gd.clip_by_value(g, 0.7), p.grad.numpy())


# ----------------------------------------------------------------------------- with optimizers


def test_clipped_wrapper_equals_the_manual_pattern() -> None:
    def grad(x):
        return 50.0 * x**3  # steep: clipping is active early

    clip = functools.partial(gd.clip_by_norm, max_norm=1.0)
    for inner in (gd.Adam(lr=0.05), gd.Nesterov(lr=0.01, beta=0.9), gd.ScheduleFreeSGD(lr=0.1)):
        wrapped = gd.Clipped(inner, clip)
        x0 = np.array([2.0, -1.5])
        xa, sa = x0, wrapped.init(x0)
        xb, sb = x0, inner.init(x0)
        for _ in range(30):
            xa, sa = wrapped.step(xa, grad(wrapped.query(xa, sa)), sa)
            xb, sb = inner.step(xb, gd.clip_by_norm(grad(inner.query(xb, sb)), 1.0), sb)
        np.testing.assert_array_equal(xa, xb)


def test_clipped_gd_steps_are_bounded_by_lr_times_max_norm() -> None:
    opt = gd.Clipped(gd.GD(lr=0.1), lambda g: gd.clip_by_norm(g, 2.0))
    x, s = np.array([100.0, -100.0]), opt.init(np.zeros(2))
    for _ in range(10):
        x_new, s = opt.step(x, 4 * x**3, s)
        assert np.linalg.norm(x_new - x) <= 0.1 * 2.0 * (1 + 1e-12)
        x = x_new


def test_clipped_sweep_clips_each_run() -> None:
    """A batched sweep with per-run clipping equals the runs done one by one."""
    lrs = np.array([[0.01], [0.05], [0.2]])
    x0 = np.array([[3.0, -2.0]] * 3)

    def grad(x):
        return 10 * x

    batched = gd.Clipped(gd.GD(lr=lrs), lambda g: gd.clip_by_norm(g, 1.0, axis=-1))
    x, s = x0, batched.init(x0)
    for _ in range(20):
        x, s = batched.step(x, grad(x), s)
    for k in range(3):
        alone = gd.Clipped(gd.GD(lr=lrs[k, 0]), lambda g: gd.clip_by_norm(g, 1.0))
        y, u = x0[k], alone.init(x0[k])
        for _ in range(20):
            y, u = alone.step(y, grad(y), u)
        np.testing.assert_allclose(x[k], y, rtol=1e-14)


def test_clipped_non_finite_gradient_raises_naming_g() -> None:
    opt = gd.Clipped(gd.Adam(), lambda g: gd.clip_by_norm(g, 1.0))
    with pytest.raises(ValueError, match="g must be finite"):
        opt.step(np.zeros(2), np.array([np.nan, 1.0]), opt.init(np.zeros(2)))


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_thresholds(bad) -> None:
    with pytest.raises(ValueError, match=r"max_value must be a positive finite number"):
        gd.clip_by_value(np.ones(2), bad)
    with pytest.raises(ValueError, match=r"max_norm must be a positive finite number"):
        gd.clip_by_norm(np.ones(2), bad)
    with pytest.raises(ValueError, match=r"max_norm must be a positive finite number"):
        gd.clip_by_global_norm([np.ones(2)], bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_gradients_are_refused(bad) -> None:
    g = np.array([1.0, bad])
    for clip in (lambda: gd.clip_by_value(g, 1.0), lambda: gd.clip_by_norm(g, 1.0)):
        with pytest.raises(ValueError, match=r"g must be finite, got 1 non-finite entries of 2"):
            clip()
    with pytest.raises(ValueError, match=r"grads\[1\] must be finite"):
        gd.clip_by_global_norm([np.ones(2), g], 1.0)


def test_other_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"norm_type must be a number >= 1 or inf, got 0.5"):
        gd.clip_by_norm(np.ones(2), 1.0, norm_type=0.5)
    with pytest.raises(ValueError, match=r"norm_type"):
        gd.global_norm([np.ones(2)], norm_type="fro")
    with pytest.raises(ValueError, match=r"eps must be a non-negative"):
        gd.clip_by_norm(np.ones(2), 1.0, eps=-1.0)
    with pytest.raises(ValueError, match=r"axis 2 does not fit a gradient of shape \(3, 2\)"):
        gd.clip_by_norm(np.ones((3, 2)), 1.0, axis=2)
    with pytest.raises(ValueError, match=r"grads must be a list or tuple of arrays, got ndarray"):
        gd.clip_by_global_norm(np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"at least one array"):
        gd.clip_by_global_norm([], 1.0)
    with pytest.raises(ValueError, match=r"max_norm must be a single number"):
        gd.clip_by_global_norm([np.ones(2)], np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"optimizer must have init, query and step"):
        gd.Clipped(object(), lambda g: g)
    with pytest.raises(ValueError, match=r"clip must be a function"):
        gd.Clipped(gd.GD(), 1.0)
