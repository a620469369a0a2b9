"""The optimizers: contract, worked examples, closed forms, properties and bad input.

The comparison with PyTorch lives in ``test_optimizers_torch.py``; everything here
runs with numpy (and hypothesis) only.
"""

from __future__ import annotations

import copy
import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdtheory as gd
import gdtheory._kernels as kernels

# Every optimizer with a representative configuration (the options switched on).
OPTIMIZERS = {
    "GD": lambda: gd.GD(lr=0.1),
    "SGD": lambda: gd.SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "SGD-nesterov": lambda: gd.SGD(lr=0.1, momentum=0.9, nesterov=True),
    "Momentum": lambda: gd.Momentum(lr=0.1, beta=0.9),
    "Momentum-keras": lambda: gd.Momentum(lr=0.1, beta=0.9, convention="keras"),
    "Nesterov": lambda: gd.Nesterov(lr=0.1, beta=0.9),
    "Nesterov-torch": lambda: gd.Nesterov(lr=0.1, beta=0.9, form="torch"),
    "AdaGrad": lambda: gd.AdaGrad(lr=0.1, initial_accumulator_value=0.1, lr_decay=0.01),
    "AdaGrad-inside": lambda: gd.AdaGrad(lr=0.1, eps_inside_sqrt=True),
    "RMSProp": lambda: gd.RMSProp(lr=0.01, momentum=0.9, centered=True),
    "RMSProp-inside": lambda: gd.RMSProp(lr=0.01, eps_inside_sqrt=True),
    "AdaDelta": lambda: gd.AdaDelta(),
    "AdaGrad-wd": lambda: gd.AdaGrad(lr=0.1, weight_decay=0.05),
    "RMSProp-wd": lambda: gd.RMSProp(lr=0.01, momentum=0.5, weight_decay=0.05),
    "AdaDelta-wd": lambda: gd.AdaDelta(weight_decay=0.05),
    "NAdam-wd": lambda: gd.NAdam(weight_decay=0.05),
    "NAdam-decoupled": lambda: gd.NAdam(weight_decay=0.05, decoupled_weight_decay=True),
    "AdaMax-wd": lambda: gd.AdaMax(weight_decay=0.05),
    "Adam": lambda: gd.Adam(lr=0.01, amsgrad=True, weight_decay=0.01),
    "Adam-nobc": lambda: gd.Adam(lr=0.01, bias_correction=False),
    "AdamW": lambda: gd.AdamW(lr=0.01),
    "NAdam": lambda: gd.NAdam(),
    "AdaMax": lambda: gd.AdaMax(),
    "Lion": lambda: gd.Lion(lr=0.01, weight_decay=0.1),
    "RAdam": lambda: gd.RAdam(lr=0.01, beta2=0.9, weight_decay=0.01),  # adaptive from t = 6
    "RAdam-decoupled": lambda: gd.RAdam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
    "Rprop": lambda: gd.Rprop(lr=0.1, etas=(0.4, 1.3), step_sizes=(1e-3, 1.0)),
    "ASGD": lambda: gd.ASGD(lr=0.1, lambd=0.01, t0=1, weight_decay=0.01),
    "ScheduleFreeSGD": lambda: gd.ScheduleFreeSGD(lr=0.1, warmup_steps=3, weight_decay=0.01),
    "Clipped-Adam": lambda: gd.Clipped(gd.Adam(lr=0.01), lambda g: gd.clip_by_norm(g, 1.0)),
}

PUBLIC_OPTIMIZERS = [
    gd.GD,
    gd.SGD,
    gd.Momentum,
    gd.Nesterov,
    gd.AdaGrad,
    gd.RMSProp,
    gd.AdaDelta,
    gd.Adam,
    gd.AdamW,
    gd.NAdam,
    gd.AdaMax,
    gd.Lion,
    gd.RAdam,
    gd.Rprop,
    gd.ASGD,
    gd.ScheduleFreeSGD,
]


def quad_grad(x: np.ndarray) -> np.ndarray:
    """Gradient of a separable, ill-conditioned quadratic with minimizer 1 (any shape)."""
    h = np.linspace(0.1, 3.0, x.size).reshape(x.shape) if x.ndim else 1.0
    return h * (x - 1.0)


def run(opt, x0, grad=quad_grad, steps=20):
    x, state = x0, opt.init(x0)
    for _ in range(steps):
        x, state = opt.step(x, grad(opt.query(x, state)), state)
    return x, state


def snapshot(obj):
    return copy.deepcopy(obj)


def assert_tree_equal(a, b) -> None:
    if isinstance(a, tuple):
        assert type(a) is type(b) and len(a) == len(b)
        for u, v in zip(a, b, strict=True):
            assert_tree_equal(u, v)
    elif a is None:
        assert b is None
    else:
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- contract


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("shape", [(), (3,), (2, 3, 2)], ids=["scalar", "vector", "tensor"])
def test_contract_pure_steps_any_shape(name: str, shape: tuple) -> None:
    opt = OPTIMIZERS[name]()
    x = np.full(shape, 3.0) if shape else np.array(3.0)
    state = opt.init(x)
    assert state.t == 0
    for t in range(1, 4):
        y = opt.query(x, state)
        assert np.shape(y) == x.shape
        g = quad_grad(np.asarray(y))
        before = snapshot((x, g, state))
        x_new, new_state = opt.step(x, g, state)
        assert_tree_equal((x, g, state), before)  # nothing modified in place
        assert np.shape(x_new) == x.shape and np.all(np.isfinite(x_new))
        assert new_state.t == t and type(new_state) is type(state)
        x, state = x_new, new_state
    assert not np.allclose(x, 3.0)  # it moved


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_integer_and_list_input_become_float(name: str) -> None:
    opt = OPTIMIZERS[name]()
    state = opt.init(np.array([2, 3]))
    x, state = opt.step([2, 3], [1, -1], state)
    assert x.dtype == np.float64 and x.shape == (2,)


def test_float32_stays_float32() -> None:
    opt = gd.Adam(lr=0.1)
    x = np.ones(3, dtype=np.float32)
    x, state = opt.step(x, np.ones(3, dtype=np.float32), opt.init(x))
    assert state.m.dtype == np.float32 and state.v.dtype == np.float32


def test_gd_seed_learning_rate_experiment() -> None:
    """Seed 002 §1.3: f = (x-1)^2 + 2(y-2)^2; eta = 0.1 converges, 0.5 oscillates in y."""

    def grad(p):
        return np.array([2 * (p[0] - 1), 4 * (p[1] - 2)])

    x, _ = run(gd.GD(lr=0.1), np.array([-2.0, -1.0]), grad, steps=50)
    np.testing.assert_allclose(x, [1.0, 2.0], atol=1e-4)
    # eta = 0.5 in y: y - 0.5 * 4 (y - 2) = 4 - y: y flips between -1 and 5 forever.
    x, _ = run(gd.GD(lr=0.5), np.array([-2.0, -1.0]), grad, steps=51)
    assert x[0] == 1.0 and x[1] == 5.0


# ----------------------------------------------------------------------------- momentum


def test_seed_momentum_worked_example_keras_convention() -> None:
    """Seed 001: g1 = 0.5, g2 = -0.3, m = 0.9, a = 1 -> V(1) = -0.5, V(2) = -0.15."""
    opt = gd.Momentum(lr=1.0, beta=0.9, convention="keras")
    w = np.array([0.0])
    s = opt.init(w)
    w, s = opt.step(w, np.array([0.5]), s)
    assert s.v[0] == -0.5 and w[0] == -0.5
    w, s = opt.step(w, np.array([-0.3]), s)
    assert s.v[0] == pytest.approx(-0.15, abs=1e-15)
    assert w[0] == pytest.approx(-0.65, abs=1e-15)  # W += V


def test_keras_momentum_closed_form_for_a_constant_gradient() -> None:
    lr, beta, g = 0.1, 0.8, np.array([2.0, -1.0])
    opt = gd.Momentum(lr=lr, beta=beta, convention="keras")
    x0 = np.array([1.0, 1.0])
    x, s = x0, opt.init(x0)
    for k in range(1, 31):
        x, s = opt.step(x, g, s)
        v_k = -lr * g * (1 - beta**k) / (1 - beta)
        x_k = x0 - lr * g / (1 - beta) * (k - beta * (1 - beta**k) / (1 - beta))
        np.testing.assert_allclose(s.v, v_k, rtol=1e-12)
        np.testing.assert_allclose(x, x_k, rtol=1e-12)


def test_momentum_conventions_agree_for_constant_lr_and_differ_for_a_schedule() -> None:
    x0 = np.array([3.0, -2.0])
    a, _ = run(gd.Momentum(lr=0.05, beta=0.9), x0)
    b, _ = run(gd.Momentum(lr=0.05, beta=0.9, convention="keras"), x0)
    np.testing.assert_allclose(a, b, rtol=1e-13)
    sched = lambda t: 0.05 / (1 + t)  # noqa: E731
    a, _ = run(gd.Momentum(lr=sched, beta=0.9), x0)
    b, _ = run(gd.Momentum(lr=sched, beta=0.9, convention="keras"), x0)
    assert not np.allclose(a, b, rtol=1e-6)


def test_momentum_equals_sgd_with_momentum() -> None:
    x0 = np.array([3.0, -2.0, 0.5])
    a, _ = run(gd.Momentum(lr=0.05, beta=0.7), x0)
    b, _ = run(gd.SGD(lr=0.05, momentum=0.7), x0)
    np.testing.assert_array_equal(a, b)


def test_nesterov_forms_give_the_same_iterates() -> None:
    """The torch form's x_t is the look-ahead form's query point y_t (constant lr)."""
    x0 = np.array([3.0, -2.0, 0.5, 4.0])
    look, torch_form = gd.Nesterov(lr=0.2, beta=0.9), gd.Nesterov(lr=0.2, beta=0.9, form="torch")
    xa, sa = x0, look.init(x0)
    xb, sb = x0, torch_form.init(x0)
    for _ in range(100):
        xa, sa = look.step(xa, quad_grad(look.query(xa, sa)), sa)
        xb, sb = torch_form.step(xb, quad_grad(torch_form.query(xb, sb)), sb)
        np.testing.assert_allclose(look.query(xa, sa), xb, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(sa.v, sa.v)
    xc, _ = run(gd.SGD(lr=0.2, momentum=0.9, nesterov=True), x0, steps=100)
    np.testing.assert_array_equal(xb, xc)


def test_nesterov_lookahead_is_sutskever_form_and_the_seed_form_at_lr_1() -> None:
    x0 = np.array([0.3, -0.2])
    lr, beta = 0.05, 0.9
    # Sutskever et al. (2013): u = mu u - eps grad(theta + mu u); theta += u.
    theta, u = x0.copy(), np.zeros(2)
    for _ in range(40):
        u = beta * u - lr * quad_grad(theta + beta * u)
        theta = theta + u
    ours, _ = run(gd.Nesterov(lr=lr, beta=beta), x0, steps=40)
    np.testing.assert_allclose(ours, theta, rtol=1e-12)
    # Seed 002's loop (look-ahead x - beta v) is the same method when lr = 1.
    x, v = x0.copy(), np.zeros(2)
    for _ in range(40):
        g = 0.2 * quad_grad(x - beta * v)  # a gentle problem so lr = 1 is stable
        v = beta * v + g
        x = x - 1.0 * v
    ours, _ = run(gd.Nesterov(lr=1.0, beta=beta), x0, lambda y: 0.2 * quad_grad(y), steps=40)
    np.testing.assert_allclose(ours, x, rtol=1e-12)


def test_sgd_first_step_buffer_is_the_undamped_gradient() -> None:
    opt = gd.SGD(lr=1.0, momentum=0.5, dampening=0.5)
    x, s = opt.step(np.zeros(1), np.array([2.0]), opt.init(np.zeros(1)))
    assert s.b[0] == 2.0 and x[0] == -2.0
    x, s = opt.step(x, np.array([2.0]), s)
    assert s.b[0] == 0.5 * 2.0 + 0.5 * 2.0


# ----------------------------------------------------------------------------- adaptive


def test_adagrad_hand_computed_and_eps_placement() -> None:
    g1, g2 = np.array([1.0, -2.0]), np.array([3.0, 0.5])
    opt = gd.AdaGrad(lr=0.1, eps=1e-3, initial_accumulator_value=0.25)
    x, s = opt.step(np.zeros(2), g1, opt.init(np.zeros(2)))
    G1 = 0.25 + g1**2
    np.testing.assert_allclose(x, -0.1 * g1 / (np.sqrt(G1) + 1e-3), rtol=1e-15)
    x2, s = opt.step(x, g2, s)
    np.testing.assert_allclose(s.G, G1 + g2**2)
    inside = gd.AdaGrad(lr=0.1, eps=1e-3, eps_inside_sqrt=True)
    y, _ = inside.step(np.zeros(2), g1, inside.init(np.zeros(2)))
    np.testing.assert_allclose(y, -0.1 * g1 / np.sqrt(g1**2 + 1e-3), rtol=1e-15)


def test_adagrad_lr_decay() -> None:
    opt = gd.AdaGrad(lr=1.0, lr_decay=0.5)
    x, s = np.zeros(1), opt.init(np.zeros(1))
    x, s = opt.step(x, np.array([1.0]), s)  # clr = 1
    x2, s = opt.step(x, np.array([1.0]), s)  # clr = 1 / 1.5, G = 2
    assert x2[0] - x[0] == pytest.approx(-(1 / 1.5) / (math.sqrt(2) + 1e-10), rel=1e-14)


def test_rmsprop_seed_form_and_centered_hand_computed() -> None:
    g = np.array([2.0])
    opt = gd.RMSProp(lr=0.1, alpha=0.9, eps=1e-8, eps_inside_sqrt=True)
    x, s = opt.step(np.zeros(1), g, opt.init(np.zeros(1)))
    assert x[0] == pytest.approx(-0.1 * 2.0 / math.sqrt(0.1 * 4 + 1e-8), rel=1e-15)
    c = gd.RMSProp(lr=0.1, alpha=0.9, eps=1e-8, centered=True)
    x, s = c.step(np.zeros(1), g, c.init(np.zeros(1)))
    var = 0.1 * 4 - (0.1 * 2) ** 2  # v - g_avg^2
    assert x[0] == pytest.approx(-0.1 * 2.0 / (math.sqrt(var) + 1e-8), rel=1e-14)


def test_adadelta_default_lr_is_the_papers_rule() -> None:
    """lr = 1 (PyTorch's default) is Zeiler's update with no learning rate."""
    rho, eps = 0.95, 1e-6
    x, v, u = np.array([2.0]), np.zeros(1), np.zeros(1)
    opt = gd.AdaDelta(rho=rho, eps=eps)
    y, s = np.array([2.0]), opt.init(np.array([2.0]))
    for _ in range(30):
        g = quad_grad(x)
        v = rho * v + (1 - rho) * g * g
        dx = -np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u = rho * u + (1 - rho) * dx * dx
        x = x + dx
        y, s = opt.step(y, quad_grad(y), s)
    np.testing.assert_allclose(y, x, rtol=1e-13)


def test_adam_first_step_and_bias_correction_switch() -> None:
    g = np.array([5.0, -0.02])
    opt = gd.Adam(lr=0.1)
    x, _ = opt.step(np.zeros(2), g, opt.init(np.zeros(2)))
    # m_hat / sqrt(v_hat) = sign(g): the first step is lr in every coordinate, up to eps.
    np.testing.assert_allclose(x, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    raw = gd.Adam(lr=0.1, bias_correction=False)
    x, _ = raw.step(np.zeros(2), g, raw.init(np.zeros(2)))
    # m = 0.1 g, v = 0.001 g^2: step = lr * 0.1 g / (sqrt(0.001) |g| + eps)
    np.testing.assert_allclose(x, -0.1 * 0.1 * g / (math.sqrt(0.001) * abs(g) + 1e-8), rtol=1e-14)


def test_amsgrad_denominator_never_decreases() -> None:
    opt = gd.Adam(lr=0.01, beta2=0.9, amsgrad=True)
    x, s = np.zeros(1), opt.init(np.zeros(1))
    for g in [10.0, 0.1, 0.1, 0.1]:
        x, s = opt.step(x, np.array([g]), s)
    assert s.v_max[0] > s.v[0] and s.v_max[0] == pytest.approx(0.1 * 100.0)


def test_adam_l2_differs_from_adamw() -> None:
    x0 = np.array([3.0, -2.0, 5.0])
    a, _ = run(gd.Adam(lr=0.05, weight_decay=0.1), x0)
    b, _ = run(gd.AdamW(lr=0.05, weight_decay=0.1), x0)
    assert not np.allclose(a, b, rtol=1e-3)


def test_adamw_decay_is_scaled_by_lr() -> None:
    opt = gd.AdamW(lr=0.1, weight_decay=0.5)
    x, _ = opt.step(np.array([2.0]), np.zeros(1), opt.init(np.array([2.0])))
    assert x[0] == pytest.approx(2.0 * (1 - 0.1 * 0.5), rel=1e-15)


def test_adamax_hand_computed() -> None:
    opt = gd.AdaMax(lr=0.1, beta1=0.9, beta2=0.5, eps=1e-8)
    x1, s = opt.step(np.zeros(1), np.array([4.0]), opt.init(np.zeros(1)))
    assert s.u[0] == 4.0 + 1e-8  # max(0, |g| + eps)
    assert x1[0] == pytest.approx(-0.1 / (1 - 0.9) * 0.4 / (4.0 + 1e-8), rel=1e-15)
    x2, s = opt.step(x1, np.array([1.0]), s)
    assert s.u[0] == pytest.approx(max(0.5 * (4.0 + 1e-8), 1.0 + 1e-8), rel=1e-15)
    m = 0.9 * 0.4 + 0.1 * 1.0
    assert x2[0] == pytest.approx(x1[0] - 0.1 / (1 - 0.81) * m / s.u[0], rel=1e-14)


def test_nadam_reduces_to_its_formula_at_step_one() -> None:
    psi, b1, b2, lr, eps = 4e-3, 0.9, 0.999, 0.01, 1e-8
    g = np.array([2.0])
    opt = gd.NAdam(lr=lr)
    x, s = opt.step(np.zeros(1), g, opt.init(np.zeros(1)))
    mu1 = b1 * (1 - 0.5 * 0.96 ** (1 * psi))
    mu2 = b1 * (1 - 0.5 * 0.96 ** (2 * psi))
    d = math.sqrt((1 - b2) * 4.0 / (1 - b2)) + eps
    expected = -lr * (1 - mu1) / (1 - mu1) * 2.0 / d - lr * mu2 / (1 - mu1 * mu2) * (0.1 * 2.0) / d
    assert x[0] == pytest.approx(expected, rel=1e-14)
    assert s.mu_product == pytest.approx(mu1)


# ----------------------------------------------------------------------------- Lion


def test_lion_hand_computed_first_steps() -> None:
    opt = gd.Lion(lr=0.1, beta1=0.9, beta2=0.99)
    x0 = np.array([1.0, 1.0])
    x, s = opt.step(x0, np.array([2.0, -3.0]), opt.init(x0))
    np.testing.assert_allclose(x, [0.9, 1.1])
    np.testing.assert_allclose(s.m, [0.02, -0.03])
    # c = 0.9 m + 0.1 g2 = (-0.082, 0.073): the sign flips both coordinates back.
    x, s = opt.step(x, np.array([-1.0, 1.0]), s)
    np.testing.assert_allclose(x, [1.0, 1.0], rtol=1e-15)
    np.testing.assert_allclose(s.m, [0.0098, -0.0197], rtol=1e-12)


def test_lion_closed_form_under_a_steady_gradient() -> None:
    g = np.array([0.3, -7.0, 1e-9])
    x0 = np.array([1.0, 2.0, -1.0])
    lr, lam = 0.01, 0.5
    for k, (x, _) in enumerate(_iterates(gd.Lion(lr=lr), x0, g, 25), start=1):
        np.testing.assert_allclose(x, x0 - k * lr * np.sign(g), rtol=1e-13)
    r = 1 - lr * lam
    for k, (x, _) in enumerate(_iterates(gd.Lion(lr=lr, weight_decay=lam), x0, g, 25), start=1):
        closed = r**k * x0 - lr * np.sign(g) * (1 - r**k) / (lr * lam)
        np.testing.assert_allclose(x, closed, rtol=1e-12)


def _iterates(opt, x0, g, steps):
    x, s = x0, opt.init(x0)
    for _ in range(steps):
        x, s = opt.step(x, g, s)
        yield x, s


# ----------------------------------------------------------------------------- Schedule-Free


def test_radam_momentum_steps_until_rho_exceeds_5_then_rectified_adam() -> None:
    """rho_t for beta2 = 0.9 (rho_inf = 19) crosses 5 between t = 5 and 6 (by hand)."""
    beta1, beta2, lr = 0.8, 0.9, 0.1
    opt = gd.RAdam(lr=lr, beta1=beta1, beta2=beta2, eps=1e-12)
    rng = np.random.default_rng(1)
    x, s = np.array([1.0, -2.0]), opt.init(np.zeros(2))
    m = v = np.zeros(2)
    for t in range(1, 30):
        g = rng.normal(size=2)
        m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        rho = 19 - 2 * t * beta2**t / (1 - beta2**t)
        assert (rho > 5) == (t >= 6)
        if t < 6:
            expected = x - lr * m_hat
        else:
            r = math.sqrt((rho - 4) * (rho - 2) * 19 / (15 * 17 * rho))
            expected = x - lr * r * m_hat / np.sqrt(v / (1 - beta2**t))
        x_new, s = opt.step(x, g, s)
        np.testing.assert_allclose(x_new, expected, rtol=1e-9, err_msg=f"t={t}")
        x = x_new


def test_radam_rectification_rises_to_one() -> None:
    pairs = [gd.optimizers._rectification(0.999, t) for t in (1, 5, 6, 100, 10**5)]
    rhos, rs = [p[0] for p in pairs], [p[1] for p in pairs]
    assert rs[0] == rs[1] == 0.0 and rhos[1] <= 5 < rhos[2]  # the default: adaptive from t = 6
    assert 0 < rs[2] < rs[3] < rs[4] and rs[4] == pytest.approx(1.0, abs=1e-6)


def test_rprop_sign_logic_hand_computed() -> None:
    opt = gd.Rprop(lr=0.1, etas=(0.5, 2.0), step_sizes=(0.03, 0.3))
    x, s = np.zeros(2), opt.init(np.zeros(2))
    steps = []
    for g in ([1.0, 1.0], [1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [1.0, 1.0]):
        x1, s = opt.step(x, np.array(g), s)
        steps.append((x - x1).tolist())
        x = x1
    # coordinate 0: 0.1, 0.2, 0.3 (capped), 0.3, 0.3; coordinate 1: -0.1, wait (0.05),
    # -0.05 (the remembered gradient was zeroed: no factor), wait (0.025, raised to the
    # minimum 0.03), 0.03
    np.testing.assert_allclose(
        steps, [[0.1, 0.1], [0.2, 0.0], [0.3, -0.05], [0.3, 0.0], [0.3, 0.03]]
    )


def test_asgd_step_sizes_and_average_closed_form() -> None:
    lr, lambd, alpha, t0 = 0.2, 0.5, 0.75, 3
    opt = gd.ASGD(lr=lr, lambd=lambd, alpha=alpha, t0=t0)
    x, s = np.array([1.0]), opt.init(np.array([1.0]))
    xs, etas = [], []
    for t in range(1, 12):
        etas.append(opt.learning_rate(s))
        x, s = opt.step(x, np.array([0.0]), s)  # zero gradient: only the decay lambda acts
        xs.append(x[0])
        assert s.mu == 1 / max(1, t - t0)
    np.testing.assert_allclose(
        etas, [lr] + [lr / (1 + lambd * lr * t) ** alpha for t in range(1, 11)]
    )
    np.testing.assert_allclose(xs, np.cumprod([1 - lambd * e for e in etas]))
    # mu = 1 through step t0 + 2 (ax is a copy), then 1/2, 1/3, ...: the mean from step t0 + 2 on
    np.testing.assert_allclose(s.ax, np.mean(xs[t0 + 1 :]), rtol=1e-14)


def test_schedule_free_hand_computed_first_steps() -> None:
    """beta = 0.9, lr = 0.5 on f = x^2 / 2 (gradient at y is y)."""
    opt = gd.ScheduleFreeSGD(lr=0.5, beta=0.9)
    x, s = np.array([1.0]), opt.init(np.array([1.0]))
    expected = [  # (y_t, z_{t+1}, x_{t+1})
        (1.0, 0.5, 0.5),
        (0.5, 0.25, 0.375),
        (0.3625, 0.06875, (2 / 3) * 0.375 + (1 / 3) * 0.06875),
    ]
    for y_t, z_next, x_next in expected:
        y = opt.query(x, s)
        assert y[0] == pytest.approx(y_t, rel=1e-15)
        x, s = opt.step(x, y, s)
        assert s.z[0] == pytest.approx(z_next, rel=1e-15)
        assert x[0] == pytest.approx(x_next, rel=1e-15)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_schedule_free_closed_form_on_a_linear_function(beta: float) -> None:
    """Constant gradient a: z_k = x0 - k lr a and x_k = mean(z_1..z_k) = x0 - lr a (k+1)/2."""
    a, lr = np.array([1.0, -2.0]), 0.1
    x0 = np.array([0.5, 0.5])
    for k, (x, s) in enumerate(_iterates(gd.ScheduleFreeSGD(lr=lr, beta=beta), x0, a, 50), 1):
        np.testing.assert_allclose(s.z, x0 - k * lr * a, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(x, x0 - lr * a * (k + 1) / 2, rtol=1e-12, atol=1e-13)


def test_schedule_free_beta_zero_is_averaged_gd() -> None:
    x0 = np.array([3.0, -1.0, 2.0])
    opt = gd.ScheduleFreeSGD(lr=0.2, beta=0.0)
    x, s = x0, opt.init(x0)
    z_gd, zs = x0, []
    for _ in range(30):
        x, s = opt.step(x, quad_grad(opt.query(x, s)), s)
        z_gd = z_gd - 0.2 * quad_grad(z_gd)
        zs.append(z_gd)
    np.testing.assert_allclose(s.z, z_gd, rtol=1e-13)
    np.testing.assert_allclose(x, np.mean(zs, axis=0), rtol=1e-12)


def test_schedule_free_warmup_weights_by_squared_lr() -> None:
    a, x0, lr, warm = np.array([1.0]), np.array([0.0]), 0.4, 4
    opt = gd.ScheduleFreeSGD(lr=lr, beta=0.9, warmup_steps=warm)
    gammas = [lr * min(1.0, (t + 1) / warm) for t in range(10)]
    z, zs, ws = 0.0, [], []
    for t, (x, _) in enumerate(_iterates(opt, x0, a, 10)):
        z -= gammas[t] * 1.0
        zs.append(z)
        ws.append(max(gammas[: t + 1]) ** 2)
        assert x[0] == pytest.approx(np.dot(ws, zs) / sum(ws), rel=1e-13)


def test_schedule_free_learning_rate_zero_at_first_step_is_safe() -> None:
    opt = gd.ScheduleFreeSGD(lr=lambda t: 0.1 * t)
    x, s = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    assert x[0] == 1.0 and s.weight_sum == 0.0


# ----------------------------------------------------------------------------- schedules


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_time_varying_hyperparameter_accepts_a_schedule(name: str) -> None:
    opt = OPTIMIZERS[name]()
    if isinstance(opt, gd.Clipped):
        opt = opt.optimizer
    if isinstance(opt, gd.Rprop):
        pytest.skip("Rprop has no time-varying hyperparameter: lr is its initial step size")
    x0 = np.array([2.0, -1.0, 0.5])
    reference, _ = run(opt, x0)
    hypers = [f.name for f in dataclasses.fields(opt) if f.type == "Hyper"]
    assert "lr" in hypers
    for field in hypers:
        value = getattr(opt, field)
        scheduled = dataclasses.replace(opt, **{field: lambda t, v=value: v})
        x, _ = run(scheduled, x0)
        np.testing.assert_array_equal(x, reference, err_msg=field)


def test_schedule_is_read_at_the_step_count() -> None:
    seen = []

    def lr(t):
        seen.append(t)
        return 0.1 * (t + 1)

    opt = gd.GD(lr=lr)
    x, s = np.array([0.0]), opt.init(np.array([0.0]))
    for _ in range(3):
        x, s = opt.step(x, np.array([1.0]), s)
    assert seen == [0, 1, 2] and x[0] == pytest.approx(-0.6)


@pytest.mark.parametrize(
    ("factory", "name", "bad"),
    [
        (lambda h: gd.GD(lr=h), "lr", -0.1),
        (lambda h: gd.GD(lr=h), "lr", math.nan),
        (lambda h: gd.Adam(beta1=h), "beta1", 1.0),
        (lambda h: gd.Adam(beta2=h), "beta2", -0.5),
        (lambda h: gd.RMSProp(alpha=h), "alpha", 1.5),
        (lambda h: gd.SGD(weight_decay=h), "weight_decay", -1.0),
        (lambda h: gd.Momentum(beta=h), "beta", math.inf),
    ],
)
def test_a_bad_schedule_value_raises_naming_the_hyperparameter(factory, name, bad) -> None:
    opt = factory(lambda t: bad if t == 2 else 0.5)
    x, s = np.array([1.0]), opt.init(np.array([1.0]))
    for _ in range(2):
        x, s = opt.step(x, np.array([1.0]), s)
    with pytest.raises(ValueError, match=rf"{name}.*t=2"):
        opt.step(x, np.array([1.0]), s)


def test_a_warmup_schedule_may_start_at_zero() -> None:
    opt = gd.Adam(lr=lambda t: 0.01 * t)
    x, s = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    assert x[0] == 1.0


# ----------------------------------------------------------------------------- learning_rate


def _varying(base: float):
    """A learning-rate schedule that changes at every step (so a stale read shows)."""
    return lambda t: base * (1.0 + 0.25 * math.sin(t))


def _nadam_eta(o, x, g, s0, x1, s1):
    t, psi = s1.t, o.momentum_decay
    mu = o.beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = o.beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
    d = np.sqrt(s1.v / (1 - o.beta2**t)) + o.eps
    pi, pi_next = s1.mu_product, s1.mu_product * mu_next
    return (x - x1) / ((1 - mu) / (1 - pi) * g / d + mu_next / (1 - pi_next) * s1.m / d)


def _radam_direction(o, s1):
    """RAdam's step direction per unit of eta, from the formulas of the docstring."""
    t = s1.t
    m_hat = s1.m / (1 - o.beta1**t)
    rho_inf = 2 / (1 - o.beta2) - 1
    rho = rho_inf - 2 * t * o.beta2**t / (1 - o.beta2**t)
    if rho <= 5:
        return m_hat
    r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    return r * m_hat * math.sqrt(1 - o.beta2**t) / (np.sqrt(s1.v) + o.eps)


def _adam_eta(o, x, g, s0, x1, s1):
    m_hat, v_hat = s1.m / (1 - o.beta1**s1.t), s1.v / (1 - o.beta2**s1.t)
    return (x - x1) * (np.sqrt(v_hat) + o.eps) / m_hat


# name -> (optimizer, eta actually used by one step, read back from x, g and the states)
STEP_SIZE_USED = {
    "GD": (gd.GD(lr=_varying(0.1)), lambda o, x, g, s0, x1, s1: (x - x1) / g),
    "SGD": (
        gd.SGD(lr=_varying(0.1), momentum=0.9, dampening=0.1),
        lambda o, x, g, s0, x1, s1: (x - x1) / s1.b,
    ),
    "SGD-nesterov": (
        gd.SGD(lr=_varying(0.1), momentum=0.9, nesterov=True),
        lambda o, x, g, s0, x1, s1: (x - x1) / (g + 0.9 * s1.b),
    ),
    "Momentum": (
        gd.Momentum(lr=_varying(0.1)),
        lambda o, x, g, s0, x1, s1: (x - x1) / s1.v,
    ),
    "Momentum-keras": (  # v_t = beta v_{t-1} - eta g_t
        gd.Momentum(lr=_varying(0.1), convention="keras"),
        lambda o, x, g, s0, x1, s1: (o.beta * s0.v - s1.v) / g,
    ),
    "Nesterov": (gd.Nesterov(lr=_varying(0.1)), lambda o, x, g, s0, x1, s1: (x - x1) / s1.v),
    "Nesterov-torch": (
        gd.Nesterov(lr=_varying(0.1), form="torch"),
        lambda o, x, g, s0, x1, s1: (x - x1) / (g + o.beta * s1.v),
    ),
    "AdaGrad": (
        gd.AdaGrad(lr=_varying(0.1), lr_decay=0.5),
        lambda o, x, g, s0, x1, s1: (x - x1) * (np.sqrt(s1.G) + o.eps) / g,
    ),
    "RMSProp": (
        gd.RMSProp(lr=_varying(0.01)),
        lambda o, x, g, s0, x1, s1: (x - x1) * (np.sqrt(s1.v) + o.eps) / g,
    ),
    "RMSProp-momentum": (
        gd.RMSProp(lr=_varying(0.01), momentum=0.5, centered=True),
        lambda o, x, g, s0, x1, s1: (x - x1) / s1.b,
    ),
    "AdaDelta": (
        gd.AdaDelta(lr=_varying(1.0)),
        lambda o, x, g, s0, x1, s1: (x - x1) / (np.sqrt(s0.u + o.eps) / np.sqrt(s1.v + o.eps) * g),
    ),
    "Adam": (gd.Adam(lr=_varying(0.01)), _adam_eta),
    "AdamW": (  # x - x1 = eta (lambda x + m_hat / (sqrt(v_hat) + eps))
        gd.AdamW(lr=_varying(0.01), weight_decay=0.1),
        lambda o, x, g, s0, x1, s1: (
            (x - x1)
            / (
                o.weight_decay * x
                + (s1.m / (1 - o.beta1**s1.t)) / (np.sqrt(s1.v / (1 - o.beta2**s1.t)) + o.eps)
            )
        ),
    ),
    "NAdam": (gd.NAdam(lr=_varying(0.01)), _nadam_eta),
    "AdaMax": (
        gd.AdaMax(lr=_varying(0.01)),
        lambda o, x, g, s0, x1, s1: (x - x1) * (1 - o.beta1**s1.t) * s1.u / s1.m,
    ),
    "Lion": (
        gd.Lion(lr=_varying(0.01)),
        lambda o, x, g, s0, x1, s1: (x - x1) / np.sign(o.beta1 * s0.m + (1 - o.beta1) * g),
    ),
    "RAdam": (  # beta2 = 0.9: momentum steps for t <= 5, then rectified Adam ones
        gd.RAdam(lr=_varying(0.01), beta2=0.9),
        lambda o, x, g, s0, x1, s1: (x - x1) / _radam_direction(o, s1),
    ),
    "ASGD": (
        gd.ASGD(lr=_varying(0.1), lambd=0.05),
        lambda o, x, g, s0, x1, s1: (x * (1 - o.lambd * s0.eta) - x1) / g,
    ),
    "ScheduleFreeSGD": (
        gd.ScheduleFreeSGD(lr=_varying(0.1), warmup_steps=4),
        lambda o, x, g, s0, x1, s1: (s0.z - s1.z) / g,
    ),
    "Clipped-GD": (
        gd.Clipped(gd.GD(lr=_varying(0.1)), lambda g: gd.clip_by_value(g, 0.5)),
        lambda o, x, g, s0, x1, s1: (x - x1) / gd.clip_by_value(g, 0.5),
    ),
}


def test_every_optimizer_class_has_a_step_size_case() -> None:
    covered = {type(opt) for opt, _ in STEP_SIZE_USED.values()} | {gd.Rprop}  # Rprop: below
    assert covered >= set(PUBLIC_OPTIMIZERS) | {gd.Clipped}


def test_rprop_learning_rate_is_the_step_sizes_before_this_steps_factor() -> None:
    """Rprop reports its per-coordinate step sizes; the step moves by them times 1, eta+ or 0."""
    opt = gd.Rprop(lr=0.1, etas=(0.5, 1.2))
    rng = np.random.default_rng(5)
    x = np.array([2.0, -1.0, 0.5])
    state = opt.init(x)
    np.testing.assert_array_equal(opt.learning_rate(state), [0.1, 0.1, 0.1])
    for _ in range(12):
        g = rng.normal(size=3)
        reported = opt.learning_rate(state)
        s = np.sign(g * state.g_prev)
        x1, state = opt.step(x, g, state)
        moved = np.abs(x - x1) / reported
        np.testing.assert_allclose(moved, np.where(s > 0, 1.2, np.where(s < 0, 0.0, 1.0)))
        x = x1


@pytest.mark.parametrize("name", sorted(STEP_SIZE_USED))
def test_learning_rate_is_the_step_size_the_step_used(name: str) -> None:
    opt, used = STEP_SIZE_USED[name]
    rng = np.random.default_rng(3)
    x = np.array([2.0, -1.0, 0.5])
    state = opt.init(x)
    for _ in range(12):
        g = rng.normal(size=3) + 0.1
        reported = opt.learning_rate(state)
        x1, s1 = opt.step(x, g, state)
        np.testing.assert_allclose(used(opt, x, g, state, x1, s1), reported, rtol=1e-9)
        assert np.ndim(reported) == 0
        x, state = x1, s1


def test_learning_rate_includes_adagrad_decay_and_schedule_free_warmup() -> None:
    x = np.array([1.0])
    ada, sf = gd.AdaGrad(lr=0.1, lr_decay=0.5), gd.ScheduleFreeSGD(lr=0.1, warmup_steps=10)
    sa, ss = ada.init(x), sf.init(x)
    got_ada, got_sf = [], []
    for _ in range(12):
        got_ada.append(ada.learning_rate(sa))
        got_sf.append(sf.learning_rate(ss))
        _, sa = ada.step(x, np.array([1.0]), sa)
        _, ss = sf.step(x, np.array([1.0]), ss)
    np.testing.assert_allclose(got_ada, [0.1 / (1 + 0.5 * t) for t in range(12)], rtol=1e-15)
    np.testing.assert_allclose(got_sf, [0.01 * (t + 1) for t in range(10)] + [0.1, 0.1])


def test_learning_rate_of_a_batch_is_the_array_of_rates() -> None:
    lrs = np.array([[0.1], [0.2]])
    opt = gd.Clipped(gd.AdaGrad(lr=lrs, lr_decay=1.0), lambda g: g)
    state = opt.init(np.zeros((2, 3)))
    _, state = opt.step(np.zeros((2, 3)), np.ones((2, 3)), state)
    np.testing.assert_allclose(opt.learning_rate(state), lrs / 2)


# ----------------------------------------------------------------------------- properties

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors = arrays(np.float64, st.integers(1, 5), elements=finite)


@settings(max_examples=60, deadline=None)
@given(
    x0=vectors,
    lr=st.floats(1e-4, 1.0),
    seed=st.integers(0, 2**32 - 1),
    convention=st.sampled_from(["torch", "keras"]),
)
def test_momentum_with_beta_zero_is_gd(x0, lr, seed, convention) -> None:
    rng = np.random.default_rng(seed)
    grads = rng.standard_normal((10, x0.size)) * 10
    m, g_ = gd.Momentum(lr=lr, beta=0.0, convention=convention), gd.GD(lr=lr)
    sgd = gd.SGD(lr=lr, momentum=0.0)
    xa = xb = xc = x0
    sa, sb, sc = m.init(x0), g_.init(x0), sgd.init(x0)
    for g in grads:
        xa, sa = m.step(xa, g, sa)
        xb, sb = g_.step(xb, g, sb)
        xc, sc = sgd.step(xc, g, sc)
    np.testing.assert_array_equal(xa, xb)
    np.testing.assert_array_equal(xc, xb)


@settings(max_examples=80, deadline=None)
@given(
    g=arrays(np.float64, st.integers(1, 4), elements=st.floats(1e-6, 1e6) | st.floats(-1e6, -1e-6)),
    lr=st.floats(1e-5, 1.0),
    beta1=st.floats(0.0, 0.99),
    beta2=st.floats(0.0, 0.9999),
    steps=st.integers(1, 60),
    amsgrad=st.booleans(),
)
def test_adam_step_is_about_lr_for_a_steady_gradient(g, lr, beta1, beta2, steps, amsgrad) -> None:
    """With g constant, m_hat = g and v_hat = g^2, so each step is lr |g| / (|g| + eps) <= lr."""
    opt = gd.Adam(lr=lr, beta1=beta1, beta2=beta2, amsgrad=amsgrad)
    x, s = np.zeros_like(g), opt.init(g)
    for _ in range(steps):
        x_new, s = opt.step(x, g, s)
        step = np.abs(x_new - x)
        assert np.all(step <= lr * (1 + 1e-9))
        assert np.all(step >= lr * np.abs(g) / (np.abs(g) + 1e-8) * (1 - 1e-9) - 1e-9 * np.abs(x))
        x = x_new


@settings(max_examples=40, deadline=None)
@given(
    x0=vectors,
    lr=st.floats(1e-4, 0.5),
    amsgrad=st.booleans(),
    bias_correction=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_adamw_with_zero_decay_is_adam(x0, lr, amsgrad, bias_correction, seed) -> None:
    grads = np.random.default_rng(seed).standard_normal((15, x0.size))
    kw = dict(lr=lr, amsgrad=amsgrad, bias_correction=bias_correction)
    a, b = gd.Adam(**kw), gd.AdamW(weight_decay=0.0, **kw)
    xa = xb = x0
    sa, sb = a.init(x0), b.init(x0)
    for g in grads:
        xa, sa = a.step(xa, g, sa)
        xb, sb = b.step(xb, g, sb)
    np.testing.assert_array_equal(xa, xb)
    assert_tree_equal(sa, sb)


# Each entry: a factory taking per-run hyperparameter arrays of shape (K, 1) (or the
# K scalars of one run) -> optimizer.
BATCHABLE = {
    "GD": lambda h: gd.GD(lr=h["lr"]),
    "SGD-nesterov": lambda h: gd.SGD(
        lr=h["lr"], momentum=h["beta"], nesterov=True, weight_decay=h["wd"]
    ),
    "Momentum": lambda h: gd.Momentum(lr=h["lr"], beta=h["beta"]),
    "Momentum-keras": lambda h: gd.Momentum(lr=h["lr"], beta=h["beta"], convention="keras"),
    "Nesterov": lambda h: gd.Nesterov(lr=h["lr"], beta=h["beta"]),
    "AdaGrad": lambda h: gd.AdaGrad(lr=h["lr"], weight_decay=h["wd"]),
    "RMSProp": lambda h: gd.RMSProp(
        lr=h["lr"], alpha=h["beta"], momentum=h["beta2"], centered=True, weight_decay=h["wd"]
    ),
    "AdaDelta": lambda h: gd.AdaDelta(lr=h["lr"] * 10, rho=h["beta"], weight_decay=h["wd"]),
    "Adam": lambda h: gd.Adam(
        lr=h["lr"], beta1=h["beta"], beta2=h["beta2"], amsgrad=True, weight_decay=h["wd"]
    ),
    "AdamW": lambda h: gd.AdamW(lr=h["lr"], beta1=h["beta"], weight_decay=h["wd"]),
    "NAdam": lambda h: gd.NAdam(lr=h["lr"], beta1=h["beta"], beta2=h["beta2"]),
    "NAdam-decoupled": lambda h: gd.NAdam(
        lr=h["lr"], beta1=h["beta"], weight_decay=h["wd"], decoupled_weight_decay=True
    ),
    "AdaMax": lambda h: gd.AdaMax(
        lr=h["lr"], beta1=h["beta"], beta2=h["beta2"], weight_decay=h["wd"]
    ),
    "Lion": lambda h: gd.Lion(lr=h["lr"], beta1=h["beta"], beta2=h["beta2"], weight_decay=h["wd"]),
    "RAdam": lambda h: gd.RAdam(
        lr=h["lr"], beta1=h["beta"], beta2=h["beta2"], weight_decay=h["wd"]
    ),
    "Rprop": lambda h: gd.Rprop(lr=h["lr"]),
    "ASGD": lambda h: gd.ASGD(lr=h["lr"], lambd=0.1, t0=3, weight_decay=h["wd"]),
    "ScheduleFreeSGD": lambda h: gd.ScheduleFreeSGD(
        lr=h["lr"], beta=h["beta"], warmup_steps=3, weight_decay=h["wd"]
    ),
}


@pytest.mark.parametrize("name", sorted(BATCHABLE))
@settings(max_examples=6, deadline=None)
@given(k=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_a_batch_of_k_runs_equals_k_separate_runs(name, k, seed) -> None:
    rng = np.random.default_rng(seed)
    d = 3
    h = {
        "lr": rng.uniform(0.01, 0.1, (k, 1)),
        "beta": rng.uniform(0.1, 0.95, (k, 1)),
        "beta2": rng.uniform(0.5, 0.999, (k, 1)),
        "wd": rng.uniform(0.0, 0.1, (k, 1)),
    }
    x0 = rng.standard_normal((k, d)) * 3
    batched, _ = run(BATCHABLE[name](h), x0, quad_grad_rows, steps=25)
    for i in range(k):
        one = {key: value[i, 0] for key, value in h.items()}
        alone, _ = run(BATCHABLE[name](one), x0[i], quad_grad_rows, steps=25)
        np.testing.assert_allclose(batched[i], alone, rtol=1e-14, atol=1e-300)


def quad_grad_rows(x: np.ndarray) -> np.ndarray:
    """The same separable quadratic for every run (row) of a batch."""
    return np.linspace(0.1, 3.0, x.shape[-1]) * (x - 1.0)


def test_a_learning_rate_sweep_in_one_run() -> None:
    """1,000 learning rates of shape (1000, 1) on f(x) = x^2 (L = 2): lr < 2/L converges."""
    lrs = np.linspace(0.025, 1.2, 1000)[:, None]
    opt = gd.GD(lr=lrs)
    x, s = np.ones((1000, 1)), opt.init(np.ones((1000, 1)))
    for _ in range(30):
        x, s = opt.step(x, 2 * x, s)
    np.testing.assert_allclose(x[:, 0], (1 - 2 * lrs[:, 0]) ** 30, rtol=1e-10)
    assert np.all(np.abs(x[lrs[:, 0] < 1.0]) < 1) and np.all(np.abs(x[lrs[:, 0] > 1.0]) > 1)


# ----------------------------------------------------------------------------- blocked Adam


@pytest.mark.parametrize(
    "opt",
    [
        gd.Adam(lr=0.01),
        gd.Adam(lr=0.01, weight_decay=0.1, bias_correction=False),
        gd.AdamW(lr=0.01, weight_decay=0.1),
        gd.Adam(lr=lambda t: 0.01 / (1 + t), beta1=0.8),
    ],
    ids=["adam", "adam-l2-nobc", "adamw", "scheduled"],
)
def test_adam_kernel_equals_the_textbook_lines(opt, monkeypatch) -> None:
    """The blocked kernel (rearranged) against Algorithm 1 as written in ``Adam.step``."""
    rng = np.random.default_rng(0)
    n = kernels.MIN_SIZE + 12_345  # not a multiple of the block
    x0 = rng.standard_normal(n)
    grads = rng.standard_normal((20, n)) * np.logspace(-6, 2, n)  # small and large entries
    calls = []
    real = kernels._adam_blocked

    def spy(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(kernels, "_adam_blocked", spy)
    x, s = x0, opt.init(x0)
    for g in grads:
        x, s = opt.step(x, g, s)
    assert len(calls) == len(grads)
    monkeypatch.setattr(kernels, "MIN_SIZE", 10**12)  # now the textbook lines run
    y, u = x0, opt.init(x0)
    for g in grads:
        y, u = opt.step(y, g, u)
    assert len(calls) == len(grads)
    for a, b in [(s.m, u.m), (s.v, u.v)]:  # the same operations (on x's that differ with L2)
        np.testing.assert_allclose(a, b, rtol=1e-15, atol=1e-15 * np.max(np.abs(b)))
    monkeypatch.setattr(kernels, "MIN_SIZE", 1)
    fast = opt.step(x0, grads[0], opt.init(x0))[1]
    monkeypatch.setattr(kernels, "MIN_SIZE", 10**12)
    simple = opt.step(x0, grads[0], opt.init(x0))[1]
    assert_tree_equal(fast, simple)  # from the same x and g the moments are bitwise equal
    # x: the same to rounding, relative to the size of the iterates (which cross zero)
    np.testing.assert_allclose(x, y, rtol=1e-15, atol=1e-15 * np.max(np.abs(x0)))


@pytest.mark.parametrize(
    "opt",
    [
        gd.Adam(lr=0.01),
        gd.Adam(lr=0.01, weight_decay=0.1, bias_correction=False),
        gd.AdamW(lr=0.01, weight_decay=0.1),
        gd.Adam(lr=lambda t: 0.01 / (1 + t), beta1=0.8),
        gd.NAdam(lr=0.01),
        gd.NAdam(lr=lambda t: 0.01 * (1 + t), beta1=lambda t: 0.9 - 0.01 * t),
        gd.AdaDelta(),
        gd.AdaDelta(lr=lambda t: 1.0 / (1 + t), rho=0.5),
        gd.NAdam(lr=0.01, weight_decay=0.1),
        gd.NAdam(lr=0.01, weight_decay=lambda t: 0.1, decoupled_weight_decay=True),
        gd.AdaDelta(weight_decay=0.1),
        gd.RAdam(lr=0.01),
        gd.RAdam(lr=lambda t: 0.01 * (1 + t), beta2=0.9, weight_decay=0.1),
        gd.RAdam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
        gd.Rprop(lr=0.1),
        gd.Rprop(lr=0.5, etas=(0.3, 1.5), step_sizes=(1e-3, 2.0)),
    ],
    ids=[
        "adam",
        "adam-l2-nobc",
        "adamw",
        "adam-scheduled",
        "nadam",
        "nadam-scheduled",
        "adadelta",
        "adadelta-scheduled",
        "nadam-l2",
        "nadam-decoupled",
        "adadelta-l2",
        "radam",
        "radam-scheduled-l2",
        "radam-decoupled",
        "rprop",
        "rprop-bounds",
    ],
)
@pytest.mark.parametrize("n", [1, 2, kernels.SMALL])
def test_python_float_kernels_are_bitwise_the_textbook_lines(opt, n, monkeypatch) -> None:
    """Tiny problems run in Python floats (``_kernels``): the same bits as the numpy lines."""
    rng = np.random.default_rng(n)
    x0 = rng.standard_normal(n)
    grads = rng.standard_normal((30, n)) * np.logspace(-8, 3, 30)[:, None]
    kinds = {gd.NAdam: "nadam", gd.AdaDelta: "adadelta", gd.RAdam: "radam", gd.Rprop: "rprop"}
    kernel = kinds.get(type(opt), "_adam_small")
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
    assert_tree_equal(s, u)


def test_adam_kernel_is_not_used_where_it_does_not_apply() -> None:
    n = kernels.MIN_SIZE
    lrs = np.array([[0.1], [0.01]])
    for opt, x in [
        (gd.Adam(lr=lrs), np.ones((2, n))),  # a batch of learning rates
        (gd.Adam(lr=0.1, amsgrad=True), np.ones(n)),
        (gd.Adam(lr=0.1), np.ones(n, dtype=np.float32)),
        (gd.Adam(lr=0.1), np.ones(n - 1)),
    ]:
        state = opt.init(x)
        assert kernels.adam(opt, x, np.ones_like(x), state, opt.lr, 0.9, 0.999) is None


# ----------------------------------------------------------------------------- bad input

BAD_LR = [0.0, -0.1, math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("cls", PUBLIC_OPTIMIZERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("lr", BAD_LR)
def test_bad_learning_rate(cls, lr) -> None:
    with pytest.raises(ValueError, match=r"lr must be a positive finite number, got"):
        cls(lr=lr)


def test_bad_learning_rate_in_an_array_is_named() -> None:
    with pytest.raises(ValueError, match="lr"):
        gd.Adam(lr=np.array([[0.1], [-0.1]]))
    with pytest.raises(ValueError, match="lr must be a positive finite number, got 'fast'"):
        gd.GD(lr="fast")


BETAS = [
    (gd.SGD, "momentum"),
    (gd.SGD, "dampening"),
    (gd.Momentum, "beta"),
    (gd.Nesterov, "beta"),
    (gd.RMSProp, "alpha"),
    (gd.RMSProp, "momentum"),
    (gd.AdaDelta, "rho"),
    (gd.Adam, "beta1"),
    (gd.Adam, "beta2"),
    (gd.AdamW, "beta1"),
    (gd.AdamW, "beta2"),
    (gd.NAdam, "beta1"),
    (gd.NAdam, "beta2"),
    (gd.AdaMax, "beta1"),
    (gd.AdaMax, "beta2"),
    (gd.Lion, "beta1"),
    (gd.Lion, "beta2"),
    (gd.RAdam, "beta1"),
    (gd.RAdam, "beta2"),
    (gd.ScheduleFreeSGD, "beta"),
]


@pytest.mark.parametrize(("cls", "name"), BETAS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("value", [1.0, 1.5, -0.1, math.nan])
def test_betas_outside_unit_interval(cls, name, value) -> None:
    with pytest.raises(ValueError, match=rf"{name} must be a number in [\[(]0, 1\), got {value}"):
        cls(**{name: value})


EPS = [gd.AdaGrad, gd.RMSProp, gd.AdaDelta, gd.Adam, gd.AdamW, gd.NAdam, gd.AdaMax, gd.RAdam]


@pytest.mark.parametrize("cls", EPS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("eps", [0.0, -1e-8, math.nan])
def test_eps_must_be_positive(cls, eps) -> None:
    with pytest.raises(ValueError, match=r"eps must be a positive finite number, got"):
        cls(eps=eps)


def test_nesterov_without_momentum() -> None:
    with pytest.raises(ValueError, match=r"beta must be a number in \(0, 1\), got 0"):
        gd.Nesterov(beta=0.0)
    with pytest.raises(ValueError, match=r"momentum must be > 0 when nesterov=True, got 0"):
        gd.SGD(momentum=0.0, nesterov=True)
    with pytest.raises(ValueError, match=r"dampening must be 0 when nesterov=True, got 0.1"):
        gd.SGD(momentum=0.9, dampening=0.1, nesterov=True)


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: gd.Momentum(convention="tf"), r"convention must be one of .*'tf'"),
        (lambda: gd.Nesterov(form="seed"), r"form must be one of .*'seed'"),
        (lambda: gd.SGD(weight_decay=-1.0), r"weight_decay must be a non-negative"),
        (lambda: gd.Adam(amsgrad="yes"), r"amsgrad must be True or False, got 'yes'"),
        (lambda: gd.AdaGrad(initial_accumulator_value=-1.0), r"initial_accumulator_value"),
        (lambda: gd.AdaGrad(lr_decay=-0.1), r"lr_decay"),
        (lambda: gd.NAdam(momentum_decay=-1.0), r"momentum_decay"),
        (lambda: gd.ScheduleFreeSGD(warmup_steps=-1), r"warmup_steps must be a non-negative int"),
        (lambda: gd.ScheduleFreeSGD(warmup_steps=2.5), r"warmup_steps"),
        (lambda: gd.Lion(weight_decay=math.nan), r"weight_decay"),
        (lambda: gd.AdaGrad(weight_decay=-0.1), r"weight_decay must be a non-negative"),
        (lambda: gd.RMSProp(weight_decay="0.1"), r"weight_decay must be a non-negative"),
        (lambda: gd.AdaDelta(weight_decay=math.inf), r"weight_decay must be a non-negative"),
        (lambda: gd.AdaMax(weight_decay=None), r"weight_decay must be a non-negative"),
        (lambda: gd.NAdam(weight_decay=-1.0), r"weight_decay must be a non-negative"),
        (
            lambda: gd.NAdam(decoupled_weight_decay=1),
            r"decoupled_weight_decay must be True or False, got 1",
        ),
        (lambda: gd.RAdam(decoupled_weight_decay="no"), r"decoupled_weight_decay must be True"),
        (lambda: gd.Rprop(lr=lambda t: 0.1), r"lr must be a positive finite number"),
        (lambda: gd.Rprop(etas=(1.5, 1.2)), r"etas\[0\] must be a number in \(0, 1\), got 1.5"),
        (lambda: gd.Rprop(etas=(0.5, 1.0)), r"etas\[1\] must be a finite number > 1, got 1.0"),
        (lambda: gd.Rprop(etas=0.5), r"etas must be a pair of numbers, got 0.5"),
        (lambda: gd.Rprop(step_sizes=(1e-6, 0.0)), r"step_sizes\[1\] must be a positive"),
        (lambda: gd.Rprop(step_sizes=(-1.0, 1.0)), r"step_sizes\[0\] must be a non-negative"),
        (lambda: gd.Rprop(step_sizes=(2.0, 1.0)), r"min <= max, got \(2.0, 1.0\)"),
        (lambda: gd.ASGD(lambd=-1.0), r"lambd must be a non-negative finite number, got -1.0"),
        (lambda: gd.ASGD(alpha=math.nan), r"alpha must be a non-negative"),
        (lambda: gd.ASGD(t0="10"), r"t0 must be a non-negative finite number, got '10'"),
        (lambda: gd.ASGD(weight_decay=-0.1), r"weight_decay must be a non-negative"),
    ],
)
def test_other_bad_arguments(factory, message) -> None:
    with pytest.raises(ValueError, match=message):
        factory()


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_gradient_shape_mismatch(name: str) -> None:
    opt = OPTIMIZERS[name]()
    x = np.ones(3)
    with pytest.raises(ValueError, match=r"g must have the shape of x \(3,\), got shape \(2,\)"):
        opt.step(x, np.ones(2), opt.init(x))
    with pytest.raises(ValueError, match=r"g must have the shape of x"):
        opt.step(x, np.ones((3, 1)), opt.init(x))


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_gradient_raises_and_leaves_the_state_alone(name: str, bad: float) -> None:
    opt = OPTIMIZERS[name]()
    x, s = run(opt, np.array([2.0, -1.0, 0.5]), steps=3)
    before = snapshot((x, s))
    g = np.array([0.1, bad, 0.2])
    with pytest.raises(ValueError, match=r"g must be finite"):
        opt.step(x, g, s)
    assert_tree_equal((x, s), before)
    # The run can go on from the same state with a good gradient.
    x2, s2 = opt.step(x, np.array([0.1, 0.1, 0.2]), s)
    assert np.all(np.isfinite(x2)) and s2.t == s.t + 1


def test_huge_but_finite_gradient_is_accepted() -> None:
    """Its sum overflows (the fast finiteness check fails) but every entry is finite."""
    opt = gd.Lion(lr=0.1)
    x, s = opt.step(np.zeros(2), np.array([1e308, 1e308]), opt.init(np.zeros(2)))
    np.testing.assert_allclose(x, [-0.1, -0.1])


def test_hyperparameter_lists_become_arrays() -> None:
    opt = gd.GD(lr=[[0.1], [0.2]])
    assert isinstance(opt.lr, np.ndarray)
    x, _ = opt.step(np.ones((2, 1)), np.ones((2, 1)), opt.init(np.ones((2, 1))))
    np.testing.assert_allclose(x[:, 0], [0.9, 0.8])


# ----------------------------------------------------------------------------- docstrings


@pytest.mark.parametrize("cls", PUBLIC_OPTIMIZERS, ids=lambda c: c.__name__)
def test_docstring_has_rule_example_defaults_and_reference(cls) -> None:
    doc = cls.__doc__ or ""
    assert "$" in doc, "the LaTeX rule"
    assert ">>>" in doc, "a runnable example"
    assert "Reference:" in doc
    assert "Args:" in doc
    for f in dataclasses.fields(cls):
        assert f"{f.name}:" in doc or f.name in doc, f"argument {f.name} undocumented"
    if cls is not gd.GD:
        assert "default" in doc.lower()


# ----------------------------------------------------------------------------- page claims
# The sections on RAdam, Rprop (methods/adaptive.md) and ASGD (practice/index.md) state
# numbers in prose and alt text; each is recomputed here from the code the pages run.

DOCS = __import__("pathlib").Path(__file__).resolve().parents[1] / "docs"


def _page(name: str) -> str:
    return " ".join((DOCS / name).read_text(encoding="utf-8").split())


def test_adaptive_page_radam_numbers() -> None:
    text = _page("methods/adaptive.md")
    rect = gd.optimizers._rectification
    assert "rises from about 0.03 to 1" in text
    assert round(rect(0.999, 6)[1], 2) == 0.03 and rect(0.999, 5)[1] == 0.0
    half = {b: next(t for t in range(1, 10**4) if rect(b, t)[1] > 0.5) for b in (0.9, 0.99, 0.999)}
    assert "passing 0.5 after about 10, 60 and 550 steps" in text
    assert "about 550 steps before $r_t$ passes 0.5" in text
    assert abs(half[0.9] - 10) <= 2 and abs(half[0.99] - 60) <= 3 and abs(half[0.999] - 550) <= 10
    p = gd.Rosenbrock()
    assert "has norm about 230" in text and round(np.linalg.norm(p.grad(p.x0)), -1) == 230


def test_adaptive_page_rprop_numbers() -> None:
    text = _page("methods/adaptive.md")
    p = gd.Rosenbrock()
    gaps, deltas = {}, []
    for opt in (gd.GD(lr=1e-3), gd.Adam(lr=0.01), gd.Rprop(lr=0.01)):  # the figure's runs
        x, s = p.x0, opt.init(p.x0)
        for _ in range(1000):
            x, s = opt.step(x, p.grad(x), s)
            if isinstance(opt, gd.Rprop):
                deltas.append(s.delta)
        gaps[type(opt).__name__] = p.f(x) - p.f_star
    assert "about 70 times lower than GD and 200 times lower than Adam" in text
    assert 60 <= gaps["GD"] / gaps["Rprop"] <= 85 and 180 <= gaps["Adam"] / gaps["Rprop"] <= 260
    assert "rising to about 0.1 at first and then shrinking to about 2e-4" in text
    assert round(np.max(deltas), 1) == 0.1 and round(float(np.max(deltas[-1])), 4) == 2e-4


def test_practice_page_asgd_numbers() -> None:
    text = _page("practice/index.md")
    assert "the average is more than ten times closer" in text
    p = gd.SeedQuadratic()
    out = {}
    for opt in (gd.SGD(lr=0.1), gd.ASGD(lr=0.1, t0=200)):  # the page's doctest runs
        rng = np.random.default_rng(0)
        x, s = p.x0, opt.init(p.x0)
        for _ in range(2000):
            x, s = opt.step(x, p.grad(x) + 2.0 * rng.standard_normal(2), s)
        out[type(opt).__name__] = (np.linalg.norm(x - p.x_star), s)
    ax = np.linalg.norm(out["ASGD"][1].ax - p.x_star)
    assert out["SGD"][0] > 10 * ax and out["ASGD"][0] > 10 * ax
