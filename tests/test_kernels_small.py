"""The Python-float kernels of RMSProp and Nesterov (gdtheory/_kernels.py) against their steps.

Each test takes one step from many random states twice: through the kernel (a spy
checks it ran) and with ``_kernels.SMALL = 0``, which sends the step through its
readable numpy lines, and asks for the same bytes: the same IEEE operations in the
same order, so NaN and infinity come out where numpy puts them, with numpy's bits.
The inputs mix zeros, magnitudes from 1e-200 to 1e200 (squares that overflow and
underflow), infinities and NaN in the point and the state (the gradient is finite:
the step refuses any other), every option and schedules.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdtheory as gd
from gdtheory import _kernels
from tests._kernel_checks import bits, both


def _assert_same(fast, slow, context):
    (x1, s1), (y1, u1) = fast, slow
    assert bits(x1) == bits(y1), context
    assert type(s1) is type(u1) and s1.t == u1.t, context
    for a, b in zip(s1[1:], u1[1:], strict=True):
        assert bits(a) == bits(b), context


def _values(rng, n, zeros=0.2, special=0.0):
    """``n`` numbers of random sign and magnitude 1e-200 to 1e200 (some exactly 0);
    a share ``special`` of them inf, -inf or NaN."""
    scale = np.exp(rng.choice([rng.uniform(-460, 460), rng.uniform(-5, 5)], n))
    v = rng.standard_normal(n) * scale
    v[rng.random(n) < zeros] = 0.0
    odd = rng.random(n) < special
    v[odd] = rng.choice([math.inf, -math.inf, math.nan], int(odd.sum()))
    return v


SIZES = [1, 2, 3, 8, 16]


# --------------------------------------------------------------------------- RMSProp


def _rmsprop(rng):
    def pick(*values):
        return values[rng.integers(len(values))]

    return gd.RMSProp(
        lr=pick(1e-4, 0.01, 0.3, 2.0, lambda t: 0.1 / (1 + t)),
        alpha=pick(0.0, 0.5, 0.99, lambda t: 0.9 - 0.1 / (1 + t)),
        eps=pick(1e-8, 1e-300, 0.5),
        momentum=pick(0.0, 0.0, 0.9, 0.5),
        centered=pick(False, True),
        eps_inside_sqrt=pick(False, True),
        weight_decay=pick(0.0, 0.0, 0.1, lambda t: 0.01),
    )


def _rmsprop_state(rng, opt, n):
    with np.errstate(over="ignore"):
        v = np.abs(_values(rng, n, special=0.1)) ** rng.choice([1, 2])
    g_avg = _values(rng, n, special=0.1) if opt.centered else None
    b = _values(rng, n, special=0.1) if opt.init(np.zeros(n)).b is not None else None
    return gd.RMSPropState(t=int(rng.choice([0, 1, 7])), v=v, g_avg=g_avg, b=b)


@pytest.mark.parametrize("n", SIZES)
def test_rmsprop_kernel_is_bitwise_the_step_lines(n, monkeypatch):
    """Every option (centered, momentum, eps inside the root, weight decay, schedules
    of lr and alpha), random states with zeros, huge, tiny, infinite and NaN entries."""
    rng = np.random.default_rng(600 + n)
    for _ in range(300):
        opt = _rmsprop(rng)
        x, g = _values(rng, n, special=0.1), _values(rng, n)
        state = _rmsprop_state(rng, opt, n)
        fast, slow = both(opt, x, g, state, monkeypatch, "rmsprop")
        _assert_same(fast, slow, (opt, x, g, state))


def test_rmsprop_kernel_spreads_nan_as_numpy_does(monkeypatch):
    """Centered, a gradient whose square and whose mean's square overflow: the variance
    is inf - inf = NaN, and np.maximum(NaN, 0) keeps it (Python's max would drop it)."""
    opt = gd.RMSProp(alpha=0.5, centered=True, momentum=0.9)
    x, g = np.array([1.0, 2.0]), np.array([1e300, 1.0])
    fast, slow = both(opt, x, g, opt.init(x), monkeypatch, "rmsprop")
    _assert_same(fast, slow, g)
    assert np.isnan(slow[0][0]) and np.isfinite(slow[0][1])


def test_rmsprop_kernel_runs_a_whole_run_bitwise(monkeypatch):
    """Forty steps from init with momentum and centering: the same run either way."""
    rng = np.random.default_rng(1)
    grads = rng.standard_normal((40, 3)) * np.logspace(-8, 3, 40)[:, None]
    for opt in [gd.RMSProp(), gd.RMSProp(lr=0.1, momentum=0.9, centered=True)]:
        runs = []
        for small in (16, 0):
            monkeypatch.setattr(_kernels, "SMALL", small)
            x, s = np.array([1.0, -2.0, 0.5]), opt.init(np.zeros(3))
            for g in grads:
                x, s = opt.step(x, g, s)
            runs.append((x, s))
        _assert_same(*runs, opt)


def test_rmsprop_kernel_declines_what_numpy_must_do(monkeypatch):
    """A momentum schedule (its value is checked by the step's lines), a batch of
    learning rates, float32, a matrix, more than SMALL entries, and a state no step
    makes (a negative v: numpy's sqrt gives NaN where math.sqrt raises)."""
    x, g = np.array([1.0, 2.0]), np.array([0.1, -0.2])
    cases = [
        (gd.RMSProp(momentum=lambda t: 0.9), x, g),
        (gd.RMSProp(lr=np.array([0.1, 0.01])), x, g),
        (gd.RMSProp(), x.astype(np.float32), g.astype(np.float32)),
        (gd.RMSProp(), np.ones((2, 2)), np.ones((2, 2))),
        (gd.RMSProp(), np.ones(_kernels.SMALL + 1), np.ones(_kernels.SMALL + 1)),
    ]
    for opt, x1, g1 in cases:
        fast, slow = both(opt, x1, g1, opt.init(x1), monkeypatch, "rmsprop", ran=False)
        _assert_same(fast, slow, opt)
    for eps_inside_sqrt in (False, True):
        opt = gd.RMSProp(alpha=0.5, eps=1.0, eps_inside_sqrt=eps_inside_sqrt)
        state = gd.RMSPropState(t=1, v=np.array([-4.0, 1.0]), g_avg=None, b=None)
        fast, slow = both(opt, x, np.zeros(2), state, monkeypatch, "rmsprop", ran=False)
        _assert_same(fast, slow, state)
        assert np.isnan(slow[0][0]) or np.isinf(slow[0][0])


# --------------------------------------------------------------------------- Nesterov


@pytest.mark.parametrize("form", ["torch", "lookahead"])
@pytest.mark.parametrize("n", SIZES)
def test_nesterov_kernel_is_bitwise_the_step_lines(n, form, monkeypatch):
    """Both forms, constant and scheduled lr and beta, random velocities with zeros,
    huge, tiny, infinite and NaN entries."""
    rng = np.random.default_rng(700 + n)
    for _ in range(300):
        lr = [1e-3, 0.1, 3.0, lambda t: 0.1 / (1 + t)][rng.integers(4)]
        beta = [0.5, 0.9, 0.999, lambda t: 0.9 - 0.5 / (2 + t)][rng.integers(4)]
        opt = gd.Nesterov(lr=lr, beta=beta, form=form)
        x, g = _values(rng, n, special=0.1), _values(rng, n)
        state = gd.NesterovState(t=int(rng.choice([0, 1, 9])), v=_values(rng, n, special=0.1))
        fast, slow = both(opt, x, g, state, monkeypatch, "nesterov")
        _assert_same(fast, slow, (opt, x, g, state))


def test_nesterov_kernel_declines_batches_and_other_dtypes(monkeypatch):
    x, g = np.array([1.0, 2.0]), np.array([0.1, -0.2])
    cases = [
        (gd.Nesterov(lr=np.array([0.1, 0.01])), x, g),
        (gd.Nesterov(), x.astype(np.float32), g.astype(np.float32)),
        (gd.Nesterov(form="torch"), np.ones((2, 2)), np.ones((2, 2))),
    ]
    for opt, x1, g1 in cases:
        fast, slow = both(opt, x1, g1, opt.init(x1), monkeypatch, "nesterov", ran=False)
        _assert_same(fast, slow, opt)


# --------------------------------------------------------------------------- helpers


SPECIAL = [0.0, -0.0, 1.0, -1.0, 5e-324, math.inf, -math.inf, math.nan, -math.nan]


def test_maximum_is_numpy_maximum_bit_for_bit():
    """NaN in either argument wins, and of two equal numbers (0.0 and -0.0) the second."""
    for a in SPECIAL:
        for b in SPECIAL:
            want = np.maximum(np.array([a]), b)
            assert bits([_kernels._maximum(a, b)]) == bits(want), (a, b)
