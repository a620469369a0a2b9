"""The Python-float kernels of Adafactor and Muon (gdtheory/_kernels.py) against their steps.

Each test takes one step from many random states twice: through the kernel (a spy
checks it ran) and with ``_kernels.SMALL = 0``, which sends the step through its
readable numpy lines. Adafactor's kernel is held bitwise equal (the same IEEE
operations in the same order, NaN and infinity included). Muon's is held equal to
rounding only: numpy's matrix products go through OpenBLAS, whose kernel (picked at
run time for the CPU) fuses multiply-adds and sums in its own order (on this
machine's Haswell kernel ``X @ X.T`` of a 1 x 2 matrix is ``fma(v1, v1, v0 * v0)``),
and Python has no fused multiply-add before 3.13. Its momentum, which involves no
matrix product, is held bitwise.
"""

from __future__ import annotations

import numpy as np
import pytest

import gdtheory as gd
from gdtheory import _kernels
from tests._kernel_checks import bits, both, spy


def _values(rng, n, zeros=0.2):
    """``n`` numbers of random sign and magnitude 1e-200 to 1e200 (some exactly 0)."""
    scale = np.exp(rng.choice([rng.uniform(-460, 460), rng.uniform(-5, 5)], n))
    v = rng.standard_normal(n) * scale
    v[rng.random(n) < zeros] = 0.0
    return v


# --------------------------------------------------------------------------- Adafactor


def test_adafactor_kernel_propagates_nan_as_numpy_does(monkeypatch):
    """A square that overflows at t = 1 makes V = inf - inf * 0 = NaN in both paths;
    numpy's maximum then spreads the NaN over the clipping, which Python's max did not."""
    opt = gd.Adafactor()
    x, g = np.array([1.0, 2.0]), np.array([1e160, 1.0])
    (x1, s1), (y1, u1) = both(opt, x, g, opt.init(x), monkeypatch, "adafactor")
    assert np.isnan(y1).all()
    assert bits(x1) == bits(y1) and bits(s1.V) == bits(u1.V)


def _adafactor(rng):
    return gd.Adafactor(
        lr=float(rng.choice([1e-4, 0.01, 0.3, 2.0])),
        beta2_decay=float(rng.choice([-0.8, -0.5, 0.0])),
        eps1=rng.choice([None, 1e-30, 1e-3]),
        eps2=float(rng.choice([1e-3, 0.0])),
        d=float(rng.choice([1.0, 2.5])),
        weight_decay=float(rng.choice([0.0, 0.1])),
    )


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 15, 16])
def test_adafactor_kernel_is_bitwise_the_step_lines(n, monkeypatch):
    """Random hyperparameters, points, gradients and states (t, V), with zeros and
    values whose squares overflow or underflow: the same bits as the numpy lines."""
    rng = np.random.default_rng(100 + n)
    for _ in range(200):
        opt = _adafactor(rng)
        x, g = _values(rng, n), _values(rng, n)
        with np.errstate(over="ignore"):
            V = np.abs(_values(rng, n)) ** rng.choice([1, 2])
        state = gd.AdafactorState(t=int(rng.choice([0, 1, 5, 999])), R=None, C=None, V=V)
        (x1, s1), (y1, u1) = both(opt, x, g, state, monkeypatch, "adafactor")
        assert bits(x1) == bits(y1), (opt, x, g, state)
        assert bits(s1.V) == bits(u1.V) and s1.t == u1.t == state.t + 1
        assert s1.R is s1.C is u1.R is u1.C is None


@pytest.mark.parametrize(
    ("shape", "x_shape"), [((1, 2), (2,)), ((2, 1), (2,)), ((2, 3), (6,)), (None, (2, 3))]
)
def test_adafactor_kernel_leaves_factored_matrices_to_the_step_lines(shape, x_shape, monkeypatch):
    """A matrix keeps row and column factors (R, C): the kernel declines, numpy runs."""
    opt = gd.Adafactor(shape=shape)
    x = np.arange(1.0, 1.0 + np.prod(x_shape)).reshape(x_shape)
    calls = spy(monkeypatch, "adafactor")
    x1, s1 = opt.step(x, np.cos(x), opt.init(x))
    assert calls == [False] and s1.V is None and s1.R is not None
    assert x1.shape == x_shape


def test_adafactor_kernel_takes_a_declared_vector_and_refuses_eps1_zero(monkeypatch):
    """``shape=(d,)`` is a vector (the kernel runs); ``eps1=0`` could divide 0 by 0,
    which numpy turns into NaN and Python into an exception: the numpy lines run."""
    x, g = np.array([0.0, 0.0, 3.0]), np.array([0.0, 1.0, -2.0])
    opt = gd.Adafactor(shape=(3,))
    (x1, _), (y1, _) = both(opt, x, g, opt.init(x), monkeypatch, "adafactor")
    assert bits(x1) == bits(y1)
    calls = spy(monkeypatch, "adafactor")
    opt = gd.Adafactor(eps1=0.0)
    with np.errstate(invalid="ignore"):  # 0 / max(sqrt(0), 0): NaN, in numpy
        opt.step(x, g, opt.init(x))
    assert calls == [False]


# --------------------------------------------------------------------------- Muon

SHAPES = [(1, 1), (1, 2), (2, 1), (1, 16), (16, 1), (2, 2), (2, 3), (3, 2), (2, 8), (8, 2)]


def _muon(rng, shape):
    return gd.Muon(
        lr=float(rng.choice([1e-3, 0.05, 1.0])),
        weight_decay=float(rng.choice([0.0, 0.1])),
        momentum=float(rng.choice([0.0, 0.4, 0.95])),
        nesterov=bool(rng.random() < 0.5),
        ns_steps=int(rng.choice([1, 5, 10])),
        adjust_lr_fn=str(rng.choice(["original", "match_rms_adamw"])),
        shape=shape,
    )


def _ns_tolerance(steps):
    """How far two roundings of ``steps`` Newton-Schulz steps may drift apart, for
    entries of size about 1: each step can amplify a difference (by up to ``a`` on a
    small singular value); measured worst over 2,000 random matrices: 5, 36 and 304
    units in the last place for 1, 5 and 10 steps."""
    return 8 * steps**2 * np.finfo(float).eps


@pytest.mark.parametrize("shape", SHAPES)
def test_muon_kernel_equals_the_step_lines(shape, monkeypatch):
    """Random settings (both ``adjust_lr_fn``, nesterov on and off, momentum 0, 0.4 and
    0.95 so both forms of the lerp run, weight decay), points, gradients and momenta
    with zeros and extreme magnitudes, flat and (m, n) points: the momentum bitwise,
    the new point to rounding of the orthogonalized update."""
    rng = np.random.default_rng(sum(shape))
    m, n = shape
    for i in range(150):
        opt = _muon(rng, shape if i % 3 else None)
        point = (m * n,) if i % 3 else shape
        x, g, B = (_values(rng, m * n, zeros=0.3).reshape(point) for _ in range(3))
        if i % 10 == 0:
            g, B = np.zeros(point), np.zeros(point)  # a zero momentum: the update is 0
        state = gd.MuonState(t=int(rng.integers(0, 100)), B=B)
        (x1, s1), (y1, u1) = both(opt, x, g, state, monkeypatch, "muon")
        assert bits(s1.B) == bits(u1.B) and s1.t == u1.t == state.t + 1
        assert x1.shape == y1.shape == point
        step = opt.lr * opt._adjust(m, n)  # times O, whose entries are about 1 or less
        shrunk = np.abs((1 - opt.lr * opt.weight_decay) * x)
        tol = _ns_tolerance(opt.ns_steps) * step + 2 * np.finfo(float).eps * shrunk
        assert np.all(np.abs(x1 - y1) <= tol), (opt, x, g, B, x1 - y1)


@pytest.mark.parametrize("shape", SHAPES)
def test_muon_kernel_orthogonalization_to_rounding(shape):
    """The kernel's Newton-Schulz iteration against ``newton_schulz`` on the same
    matrix (1, 5 and 10 steps, other coefficients too): exactly where the products
    are single multiplications (1 x 1), else within ``_ns_tolerance``."""
    rng = np.random.default_rng(7 * sum(shape))
    m, n = shape
    for _ in range(300):
        M = _values(rng, m * n, zeros=0.2).reshape(shape)
        steps = int(rng.choice([1, 5, 10]))
        abc = (3.4445, -4.775, 2.0315) if rng.random() < 0.8 else (2.0, -1.5, 0.5)
        ours = _kernels.newton_schulz_small(M.reshape(-1).tolist(), m, n, steps, abc, 1e-7)
        with np.errstate(over="ignore"):  # squares of 1e200: the norm is inf, X is 0
            theirs = gd.newton_schulz(M, steps, abc)
        diff = np.abs(np.array(ours).reshape(shape) - theirs)
        assert np.all(diff <= (0.0 if m * n == 1 else _ns_tolerance(steps))), (M, steps, diff)
