"""Unit tests of Adafactor and Muon (no torch needed; conformance is in *_torch.py)."""

from __future__ import annotations

import numpy as np
import pytest

import gdtheory as gd

RNG = np.random.default_rng(7)
X0 = RNG.standard_normal(12)
G0 = RNG.standard_normal(12)


def matrix_least_squares(m=4, n=3, k=6, seed=0):
    """f(W) = 1/2 ||A W - B||_F^2 on the flat W (row-major) as a gd.Quadratic."""
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((k, m)), rng.standard_normal((k, n))
    H = np.kron(A.T @ A, np.eye(n))  # vec(A^T A W) for row-major vec
    return gd.Quadratic(H, b=(A.T @ B).reshape(-1))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: gd.Adafactor(lr="0.1"), "lr must be a positive finite number, got '0.1'"),
        (lambda: gd.Adafactor(beta2_decay=0.5), "beta2_decay"),
        (lambda: gd.Adafactor(d=0.5), "d must be"),
        (lambda: gd.Adafactor(eps1=-1.0), "eps1"),
        (lambda: gd.Adafactor(shape=(2, 0)), "shape"),
        (lambda: gd.Adafactor(shape=(2, 3, 4)), "shape"),
        (lambda: gd.Adafactor(shape="2x3"), "shape"),
        (lambda: gd.Muon(momentum=1.0), "momentum"),
        (lambda: gd.Muon(ns_steps=0), "ns_steps"),
        (lambda: gd.Muon(ns_steps=100), "ns_steps"),
        (lambda: gd.Muon(ns_coefficients=(1.0, 2.0)), "ns_coefficients"),
        (lambda: gd.Muon(adjust_lr_fn="spectral"), "adjust_lr_fn"),
        (lambda: gd.Muon(nesterov=1), "nesterov"),
        (lambda: gd.Muon(shape=(12,)), "shape"),
    ],
)
def test_bad_arguments_name_themselves(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_muon_refuses_a_vector_and_a_wrong_shape():
    with pytest.raises(ValueError, match="Muon needs a matrix"):
        gd.Muon().init(np.zeros(6))
    with pytest.raises(ValueError, match="shape=\\(2, 3\\)"):
        gd.Muon(shape=(2, 3)).init(np.zeros(7))


@pytest.mark.parametrize(
    "opt",
    [gd.Adafactor(shape=(3, 4), weight_decay=0.1), gd.Adafactor(), gd.Muon(shape=(3, 4))],
    ids=["adafactor-matrix", "adafactor-vector", "muon"],
)
def test_step_is_pure(opt):
    x, g = X0.copy(), G0.copy()
    s = opt.init(x)
    x1, s1 = opt.step(x, g, s)
    copies = [a.copy() for a in s1[1:] if a is not None]
    opt.step(x1, g, s1)
    np.testing.assert_array_equal(x, X0)
    np.testing.assert_array_equal(g, G0)
    for a, b in zip([a for a in s1[1:] if a is not None], copies, strict=True):
        np.testing.assert_array_equal(a, b)


def test_adafactor_state_is_m_plus_n_and_estimate_is_rank_one():
    opt = gd.Adafactor(shape=(3, 4))
    x, s = X0, opt.init(X0)
    x, s = opt.step(x, G0, s)
    assert s.R.shape == (3,) and s.C.shape == (4,) and s.V is None
    # The first step (beta2_hat = 0) stores the row and column means of G * G.
    G2 = (G0 * G0).reshape(3, 4)
    np.testing.assert_allclose(s.R, G2.mean(axis=1), rtol=1e-15)
    np.testing.assert_allclose(s.C, G2.mean(axis=0), rtol=1e-15)


def test_adafactor_update_is_clipped_to_rms_d():
    """With d = 1 the first update has RMS exactly alpha (U = sign-like, RMS >= 1)."""
    opt = gd.Adafactor(lr=0.5, shape=(3, 4))
    x1, _ = opt.step(X0, G0, opt.init(X0))
    rms = lambda a: np.sqrt(np.mean(a * a))  # noqa: E731
    alpha = max(1e-3, rms(X0)) * min(0.5, 1.0)
    assert rms(x1 - X0) == pytest.approx(alpha, rel=1e-12)


def test_newton_schulz_orthogonalizes_and_keeps_singular_vectors():
    Q1, _ = np.linalg.qr(RNG.standard_normal((5, 5)))
    Q2, _ = np.linalg.qr(RNG.standard_normal((8, 5)))
    M = Q1 @ np.diag(np.geomspace(5.0, 0.05, 5)) @ Q2.T  # singular values 5 ... 0.05
    U, S, Vt = np.linalg.svd(M, full_matrices=False)
    O = gd.newton_schulz(M, steps=5)
    # O = U diag(p(S)) V^T: diagonal in M's singular bases ...
    D = U.T @ O @ Vt.T
    np.testing.assert_allclose(D - np.diag(np.diag(D)), 0.0, atol=1e-12)
    # ... with every singular value moved into Jordan's band around 1.
    assert np.all((np.diag(D) > 0.6) & (np.diag(D) < 1.25))
    assert S.max() / S.min() > 50  # the input's were far from equal
    # A tall matrix goes through its transpose: the same result transposed.
    np.testing.assert_allclose(gd.newton_schulz(M.T), O.T, rtol=1e-13)


def test_newton_schulz_many_steps_with_classic_cubic_converge_to_polar_factor():
    """(a, b, c) = (1.5, -0.5, 0) is the classic cubic iteration: it converges to U V^T."""
    M = RNG.standard_normal((4, 6))
    U, _, Vt = np.linalg.svd(M, full_matrices=False)
    O = gd.newton_schulz(M, steps=60, coefficients=(1.5, -0.5, 0.0))
    np.testing.assert_allclose(O, U @ Vt, atol=1e-10)


@pytest.mark.parametrize("make", [gd.Adafactor, gd.Muon], ids=["adafactor", "muon"])
def test_batch_of_matrices_is_a_batch_of_runs(make):
    """Leading axes are independent runs: each matrix gets its own norms and factors."""
    opt = make(shape=(3, 4))
    xs, gs = np.stack([X0, 3 * X0]), np.stack([G0, -0.1 * G0])
    xb, sb = opt.step(xs, gs, opt.init(xs))
    for k in range(2):
        xk, _ = opt.step(xs[k], gs[k], opt.init(xs[k]))
        np.testing.assert_allclose(xb[k], xk, rtol=1e-14)


@pytest.mark.parametrize("make", [gd.Adafactor, gd.Muon], ids=["adafactor", "muon"])
def test_flat_and_matrix_points_give_the_same_step(make):
    flat, square = make(shape=(3, 4)), make()
    x1, _ = flat.step(X0, G0, flat.init(X0))
    W1, _ = square.step(X0.reshape(3, 4), G0.reshape(3, 4), square.init(X0.reshape(3, 4)))
    assert x1.shape == (12,) and W1.shape == (3, 4)
    np.testing.assert_array_equal(W1.reshape(-1), x1)


def test_muon_learning_rate_is_the_adjusted_step():
    assert gd.Muon(lr=0.1, shape=(8, 2)).learning_rate(gd.MuonState(0, np.zeros(16))) == (
        pytest.approx(0.2)
    )
    opt = gd.Muon(lr=0.1, shape=(8, 2), adjust_lr_fn="match_rms_adamw")
    assert opt.learning_rate(opt.init(np.zeros(16))) == pytest.approx(0.1 * 0.2 * np.sqrt(8))


def test_adafactor_learning_rate_is_the_relative_step():
    opt = gd.Adafactor(lr=0.3)
    assert opt.learning_rate(gd.AdafactorState(0, None, None, None)) == 0.3
    assert opt.learning_rate(gd.AdafactorState(99, None, None, None)) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "opt",
    [gd.Adafactor(lr=0.1, shape=(4, 3)), gd.Muon(lr=0.02, weight_decay=0.0, shape=(4, 3))],
    ids=["adafactor", "muon"],
)
def test_minimize_runs_a_matrix_optimizer(opt):
    p = matrix_least_squares()
    x0 = np.zeros(12)
    res = gd.minimize(p, opt, x0, max_iter=300)
    assert res.x.shape == (12,)
    assert res.fun < 0.5 * (p.f(x0) - p.f_star) + p.f_star  # it made progress
    assert res.lrs.shape[0] == res.nit


# --------------------------------------------------------------------------- AdamW / AdaMax kernels
# (gdtheory/_kernels.py, owned with this module: the Python-float paths that make the
# 2-D steps of AdamW and AdaMax fast are held bitwise equal to the steps' own lines.)


@pytest.mark.parametrize(
    ("opt", "kernel"),
    [
        (gd.AdamW(lr=0.01), "adamw"),
        (gd.AdamW(lr=0.01, weight_decay=0.0), "adamw"),
        (gd.AdamW(lr=lambda t: 0.01 / (1 + t), weight_decay=0.3, bias_correction=False), "adamw"),
        (gd.AdaMax(lr=0.01), "adamax"),
        (gd.AdaMax(lr=lambda t: 0.01 * (1 + t), beta1=0.8, weight_decay=0.1), "adamax"),
        (gd.Adafactor(lr=0.05), "adafactor"),
        (
            gd.Adafactor(lr=lambda t: 0.1 / (1 + t), weight_decay=0.2, eps1=1e-30, d=2.0),
            "adafactor",
        ),
    ],
    ids=[
        "adamw",
        "adamw-no-decay",
        "adamw-scheduled-nobc",
        "adamax",
        "adamax-scheduled-l2",
        "adafactor",
        "adafactor-scheduled",
    ],
)
@pytest.mark.parametrize("n", [1, 2, 7, 9, 16])
def test_python_float_kernels_are_bitwise_the_textbook_lines(opt, kernel, n, monkeypatch):
    import gdtheory._kernels as kernels

    rng = np.random.default_rng(n)
    x0 = rng.standard_normal(n)
    grads = rng.standard_normal((30, n)) * np.logspace(-8, 3, 30)[:, None]
    calls = []
    real = getattr(kernels, kernel)

    def spy(*args):
        out = real(*args)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(kernels, kernel, spy)
    x, s = x0, opt.init(x0)
    for g in grads:
        x, s = opt.step(x, g, s)
    assert sum(calls) == len(grads)  # the kernel ran at every step
    monkeypatch.setattr(kernels, "SMALL", 0)  # now the numpy lines of the step run
    y, u = x0, opt.init(x0)
    for g in grads:
        y, u = opt.step(y, g, u)
    assert sum(calls) == len(grads)  # and never again
    assert x.tobytes() == y.tobytes()
    for a, b in zip(s[1:], u[1:], strict=True):
        assert (a is None and b is None) or a.tobytes() == b.tobytes()
    assert s.t == u.t


def test_numpy_sum_is_numpys_order():
    """The kernels' sum adds in numpy's pairwise order: bitwise np.sum, 0 to 16 entries."""
    import gdtheory._kernels as kernels

    rng = np.random.default_rng(5)
    for _ in range(300):
        for n in range(17):
            a = rng.standard_normal(n) * np.exp(rng.uniform(-30, 30, n))
            assert kernels.numpy_sum(a.tolist()) == np.sum(a), n


@pytest.mark.parametrize("shape", [(1, 2), (2, 1), (2, 3), (5, 2), (2, 8), (1, 16)])
@pytest.mark.parametrize("nesterov", [True, False])
def test_muon_python_float_kernel_equals_the_textbook_lines(shape, nesterov, monkeypatch):
    """Tiny matrices run Newton-Schulz in Python floats: the step's own numbers, to rounding."""
    import gdtheory._kernels as kernels

    rng = np.random.default_rng(sum(shape))
    size = shape[0] * shape[1]
    x0 = rng.standard_normal(size)
    grads = rng.standard_normal((30, size)) * np.logspace(-6, 3, 30)[:, None]
    opt = gd.Muon(lr=lambda t: 0.05 / (1 + t), weight_decay=0.2, nesterov=nesterov, shape=shape)
    calls = []
    real = kernels.muon

    def spy(*args):
        out = real(*args)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(kernels, "muon", spy)
    x, s = x0, opt.init(x0)
    for g in grads:
        x, s = opt.step(x, g, s)
    assert all(calls) and len(calls) == len(grads)
    monkeypatch.setattr(kernels, "SMALL", 0)  # the numpy lines
    y, u = x0, opt.init(x0)
    for g in grads:
        y, u = opt.step(y, g, u)
    assert not any(calls[len(grads) :])
    np.testing.assert_allclose(x, y, rtol=1e-13, atol=0)
    np.testing.assert_allclose(s.B, u.B, rtol=1e-13, atol=0)


@pytest.mark.parametrize(
    ("opt", "kernel", "bitwise"),
    [
        (gd.AdamW(lr=0.01, weight_decay=0.3), "adamw", False),
        (gd.AdamW(lr=0.01, weight_decay=0.0), "adamw", False),
        (gd.AdaMax(lr=0.01), "adamax", True),
        (gd.AdaMax(lr=0.01, weight_decay=0.1), "adamax", True),
    ],
    ids=["adamw", "adamw-no-decay", "adamax", "adamax-l2"],
)
def test_blocked_kernels_equal_the_textbook_lines(opt, kernel, bitwise, monkeypatch):
    """Large arrays run in cache-sized blocks: AdaMax bitwise its lines, AdamW (which
    uses Adam's rearranged step) to rounding; the moments are bitwise in both."""
    import gdtheory._kernels as kernels

    rng = np.random.default_rng(11)
    n = kernels.MIN_SIZE + 123  # not a multiple of the block
    x0 = rng.standard_normal(n)
    grads = [rng.standard_normal(n) * s for s in (1e-3, 1.0, 1e2)]
    calls = []
    real = getattr(kernels, kernel)

    def spy(*args):
        out = real(*args)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(kernels, kernel, spy)
    x, s = x0, opt.init(x0)
    for g in grads:
        x, s = opt.step(x, g, s)
    assert calls == [True] * len(grads)
    monkeypatch.setattr(kernels, "MIN_SIZE", 10**12)  # now the numpy lines of the step run
    y, u = x0, opt.init(x0)
    for g in grads:
        y, u = opt.step(y, g, u)
    assert calls[len(grads) :] == [False] * len(grads)
    if bitwise:
        assert x.tobytes() == y.tobytes()
    else:
        np.testing.assert_allclose(x, y, rtol=1e-14, atol=1e-15)
    for a, b in zip(s[1:], u[1:], strict=True):
        assert (a is None and b is None) or a.tobytes() == b.tobytes()
