"""Conformance with PyTorch: every optimizer that has a ``torch.optim`` counterpart.

Float64, 200 steps from the same start, on random ill-conditioned quadratics and
on the Rosenbrock function, with a constant learning rate and with a schedule
(torch's ``param_group["lr"]`` is set from the same schedule before each step),
with exact gradients and with stochastic ones (the exact gradient plus seeded
Gaussian noise, the same sequence for both sides). Both sides get the same
gradient function, evaluated in numpy, so the only difference is the optimizer's
arithmetic: trajectories must agree to 1e-10 relative at every step.

One combination is left out on purpose: centered RMSProp without momentum on
exact gradients. There the gradient is nearly constant from step to step, the
centered variance v - g_avg^2 is a difference of nearly equal numbers, and the
run divides by its root: measured, a 1e-16 difference (numpy's separate multiply
and subtract against torch's fused kernels) grows about e-fold per step from
step ~80 and reaches 1e-3 by step 110 whichever side is "right". That measures the
regime's Lyapunov exponent, not the implementation, so centered RMSProp is
checked on stochastic gradients (its intended use) and, on exact gradients, with
momentum (``rmsprop-centered-momentum``), where the run is well conditioned.

Without torch these tests skip and say why (install the extra:
``pip install -e '.[torch]'``, pinned to ``torch==2.13.0``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdtheory as gd
from tests._optional import need_torch

torch = need_torch()

pytestmark = pytest.mark.torch

STEPS = 200
RTOL = 1e-10


@pytest.fixture(autouse=True, scope="module")
def float64_default():
    """Float64 throughout: torch keeps some scalar state (NAdam's mu_product) in the
    default dtype, float32 unless told otherwise."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)


# ----------------------------------------------------------------------------- problems


def quadratic(seed: int, dim: int = 6, kappa: float = 1e3):
    """f(x) = 1/2 (x - x*)^T A (x - x*), eigenvalues log-spaced in [1/kappa, 1]."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    a = q @ np.diag(np.logspace(-math.log10(kappa), 0.0, dim)) @ q.T
    x_star = rng.uniform(1.0, 3.0, dim) * rng.choice([-1.0, 1.0], dim)
    x0 = x_star + rng.standard_normal(dim) * 2.0

    def grad(x: np.ndarray) -> np.ndarray:
        return a @ (x - x_star)

    return grad, x0


def rosenbrock():
    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])

    return grad, np.array([-1.2, 1.0])


PROBLEMS = {
    "quadratic-0": lambda: quadratic(0),
    "quadratic-1": lambda: quadratic(1, dim=10, kappa=1e4),
    "rosenbrock": rosenbrock,
}
NOISE = {"quadratic-0": 0.1, "quadratic-1": 0.1, "rosenbrock": 1.0}


def noisy(grad, sigma: float, seed: int = 0):
    """A stochastic gradient: ``grad(x)`` plus N(0, sigma^2) noise, the k-th call
    drawing the k-th sample of a fixed seeded sequence (so two runs see the same)."""
    calls = [0]

    def stochastic_grad(x: np.ndarray) -> np.ndarray:
        k = calls[0]
        calls[0] += 1
        return grad(x) + sigma * np.random.default_rng([seed, k]).standard_normal(x.shape)

    return stochastic_grad


def warmup_cosine(base: float):
    """A schedule exercising every step: 10-step linear warmup, then cosine decay."""

    def schedule(t: int) -> float:
        warm = min(1.0, (t + 1) / 10)
        return base * warm * (0.55 + 0.45 * math.cos(math.pi * t / STEPS))

    return schedule


# ----------------------------------------------------------------------------- cases
# name -> (ours(lr), torch factory(params, lr), (base lr on the quadratics, on Rosenbrock))

CASES = {
    "sgd-momentum": (
        lambda lr: gd.SGD(lr=lr, momentum=0.9),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
        (0.5, 1e-4),
    ),
    "momentum-class": (
        lambda lr: gd.Momentum(lr=lr, beta=0.9),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
        (0.5, 1e-4),
    ),
    "sgd-momentum-dampening-wd": (
        lambda lr: gd.SGD(lr=lr, momentum=0.8, dampening=0.3, weight_decay=0.01),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.8, dampening=0.3, weight_decay=0.01),
        (0.5, 1e-4),
    ),
    "sgd-nesterov": (
        lambda lr: gd.SGD(lr=lr, momentum=0.9, nesterov=True),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
        (0.5, 1e-4),
    ),
    "nesterov-torch-form": (
        lambda lr: gd.Nesterov(lr=lr, beta=0.9, form="torch"),
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
        (0.5, 1e-4),
    ),
    "adagrad": (
        lambda lr: gd.AdaGrad(lr=lr),
        lambda p, lr: torch.optim.Adagrad(p, lr=lr),
        (0.5, 0.05),
    ),
    "adagrad-options": (
        lambda lr: gd.AdaGrad(lr=lr, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6),
        lambda p, lr: torch.optim.Adagrad(
            p, lr=lr, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6
        ),
        (0.5, 0.05),
    ),
    "rmsprop": (
        lambda lr: gd.RMSProp(lr=lr),
        lambda p, lr: torch.optim.RMSprop(p, lr=lr),
        (0.01, 1e-3),
    ),
    "rmsprop-centered": (
        lambda lr: gd.RMSProp(lr=lr, alpha=0.9, centered=True),
        lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.9, centered=True),
        (0.01, 1e-3),
    ),
    "rmsprop-momentum": (
        lambda lr: gd.RMSProp(lr=lr, momentum=0.9),
        lambda p, lr: torch.optim.RMSprop(p, lr=lr, momentum=0.9),
        (0.005, 2e-4),
    ),
    "rmsprop-centered-momentum": (
        lambda lr: gd.RMSProp(lr=lr, alpha=0.95, momentum=0.5, centered=True, eps=1e-6),
        lambda p, lr: torch.optim.RMSprop(
            p, lr=lr, alpha=0.95, momentum=0.5, centered=True, eps=1e-6
        ),
        (0.005, 2e-4),
    ),
    "adadelta": (
        lambda lr: gd.AdaDelta(lr=lr),
        lambda p, lr: torch.optim.Adadelta(p, lr=lr),
        (1.0, 1.0),
    ),
    "adadelta-rho": (
        lambda lr: gd.AdaDelta(lr=lr, rho=0.95, eps=1e-4),
        lambda p, lr: torch.optim.Adadelta(p, lr=lr, rho=0.95, eps=1e-4),
        (2.0, 1.0),
    ),
    "adam": (
        lambda lr: gd.Adam(lr=lr),
        lambda p, lr: torch.optim.Adam(p, lr=lr),
        (0.05, 0.01),
    ),
    "adam-amsgrad": (
        lambda lr: gd.Adam(lr=lr, beta1=0.8, beta2=0.99, amsgrad=True),
        lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.8, 0.99), amsgrad=True),
        (0.05, 0.01),
    ),
    "adam-l2": (
        lambda lr: gd.Adam(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.Adam(p, lr=lr, weight_decay=0.05),
        (0.05, 0.01),
    ),
    "adam-l2-amsgrad": (
        lambda lr: gd.Adam(lr=lr, weight_decay=0.05, amsgrad=True),
        lambda p, lr: torch.optim.Adam(p, lr=lr, weight_decay=0.05, amsgrad=True),
        (0.05, 0.01),
    ),
    "adamw": (
        lambda lr: gd.AdamW(lr=lr, weight_decay=0.1),
        lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1),
        (0.05, 0.01),
    ),
    "adamw-amsgrad": (
        lambda lr: gd.AdamW(lr=lr, amsgrad=True),
        lambda p, lr: torch.optim.AdamW(p, lr=lr, amsgrad=True),
        (0.05, 0.01),
    ),
    "nadam": (
        lambda lr: gd.NAdam(lr=lr),
        lambda p, lr: torch.optim.NAdam(p, lr=lr),
        (0.05, 0.01),
    ),
    "nadam-momentum-decay": (
        lambda lr: gd.NAdam(lr=lr, beta1=0.95, beta2=0.99, momentum_decay=0.05),
        lambda p, lr: torch.optim.NAdam(p, lr=lr, betas=(0.95, 0.99), momentum_decay=0.05),
        (0.05, 0.01),
    ),
    "adamax": (
        lambda lr: gd.AdaMax(lr=lr),
        lambda p, lr: torch.optim.Adamax(p, lr=lr),
        (0.05, 0.01),
    ),
    # weight decay (torch's coupled L2 term; NAdam's decoupled form too)
    "adagrad-wd": (
        lambda lr: gd.AdaGrad(lr=lr, weight_decay=0.05, lr_decay=0.01),
        lambda p, lr: torch.optim.Adagrad(p, lr=lr, weight_decay=0.05, lr_decay=0.01),
        (0.5, 0.05),
    ),
    "rmsprop-wd": (
        lambda lr: gd.RMSProp(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.RMSprop(p, lr=lr, weight_decay=0.05),
        (0.01, 1e-3),
    ),
    "rmsprop-centered-momentum-wd": (
        lambda lr: gd.RMSProp(
            lr=lr, alpha=0.95, momentum=0.5, centered=True, eps=1e-6, weight_decay=0.05
        ),
        lambda p, lr: torch.optim.RMSprop(
            p, lr=lr, alpha=0.95, momentum=0.5, centered=True, eps=1e-6, weight_decay=0.05
        ),
        (0.005, 2e-4),
    ),
    "adadelta-wd": (
        lambda lr: gd.AdaDelta(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.Adadelta(p, lr=lr, weight_decay=0.05),
        (1.0, 1.0),
    ),
    "nadam-wd": (
        lambda lr: gd.NAdam(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.NAdam(p, lr=lr, weight_decay=0.05),
        (0.05, 0.01),
    ),
    "nadam-decoupled-wd": (
        lambda lr: gd.NAdam(lr=lr, weight_decay=0.1, decoupled_weight_decay=True),
        lambda p, lr: torch.optim.NAdam(p, lr=lr, weight_decay=0.1, decoupled_weight_decay=True),
        (0.05, 0.01),
    ),
    "adamax-wd": (
        lambda lr: gd.AdaMax(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.Adamax(p, lr=lr, weight_decay=0.05),
        (0.05, 0.01),
    ),
    "radam": (
        lambda lr: gd.RAdam(lr=lr),
        lambda p, lr: torch.optim.RAdam(p, lr=lr),
        (0.05, 0.01),
    ),
    "radam-betas-l2": (  # beta2 = 0.9: rho_inf = 19, the adaptive step from t = 6
        lambda lr: gd.RAdam(lr=lr, beta1=0.8, beta2=0.9, eps=1e-6, weight_decay=0.05),
        lambda p, lr: torch.optim.RAdam(p, lr=lr, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.05),
        (0.05, 0.01),
    ),
    "radam-decoupled-wd": (
        lambda lr: gd.RAdam(lr=lr, weight_decay=0.1, decoupled_weight_decay=True),
        lambda p, lr: torch.optim.RAdam(p, lr=lr, weight_decay=0.1, decoupled_weight_decay=True),
        (0.05, 0.01),
    ),
    "rprop": (
        lambda lr: gd.Rprop(lr=lr),
        lambda p, lr: torch.optim.Rprop(p, lr=lr),
        (0.01, 1e-3),
    ),
    "rprop-etas-bounds": (
        lambda lr: gd.Rprop(lr=lr, etas=(0.3, 1.5), step_sizes=(1e-4, 0.05)),
        lambda p, lr: torch.optim.Rprop(p, lr=lr, etas=(0.3, 1.5), step_sizes=(1e-4, 0.05)),
        (0.01, 1e-3),
    ),
    "asgd": (  # t0 = 50: the averaging starts inside the run
        lambda lr: gd.ASGD(lr=lr, lambd=1e-2, t0=50),
        lambda p, lr: torch.optim.ASGD(p, lr=lr, lambd=1e-2, t0=50),
        (0.5, 1e-4),
    ),
    "asgd-defaults-wd": (
        lambda lr: gd.ASGD(lr=lr, weight_decay=0.05),
        lambda p, lr: torch.optim.ASGD(p, lr=lr, weight_decay=0.05),
        (0.5, 1e-4),
    ),
    "adamax-betas": (
        lambda lr: gd.AdaMax(lr=lr, beta1=0.8, beta2=0.99, eps=1e-6),
        lambda p, lr: torch.optim.Adamax(p, lr=lr, betas=(0.8, 0.99), eps=1e-6),
        (0.05, 0.01),
    ),
}


def run_ours(opt, grad, x0, steps=STEPS):
    x, state = x0.copy(), opt.init(x0)
    path = [x]
    for _ in range(steps):
        x, state = opt.step(x, grad(opt.query(x, state)), state)
        path.append(x)
    return np.array(path)


def run_torch(make, grad, x0, lr, schedule=None, steps=STEPS, record=None):
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = make([p], lr)
    path = [x0.copy()]
    for t in range(steps):
        if schedule is not None:
            for group in opt.param_groups:
                group["lr"] = schedule(t)
        p.grad = torch.from_numpy(grad(p.detach().numpy().copy()))
        opt.step()
        path.append(p.detach().numpy().copy())
        if record is not None:
            record.append({k: v.clone() for k, v in opt.state[p].items()})
    return np.array(path)


def assert_same_path(ours: np.ndarray, theirs: np.ndarray, rtol: float = RTOL) -> None:
    assert np.all(np.isfinite(theirs)), "the reference run diverged: pick a smaller lr"
    err = np.linalg.norm(ours - theirs, axis=1) / np.maximum(np.linalg.norm(theirs, axis=1), 1e-300)
    worst = int(np.argmax(err))
    assert err[worst] <= rtol, (
        f"trajectories differ by {err[worst]:.3g} (relative) at step {worst}: "
        f"ours {ours[worst]}, torch {theirs[worst]}"
    )
    # The run must actually move, or agreeing would prove little.
    assert np.linalg.norm(theirs[-1] - theirs[0]) > 1e-3 * np.linalg.norm(theirs[0])


# Chaotic on exact gradients whatever the implementation (see the module docstring).
NOISY_ONLY = {"rmsprop-centered"}
COMBINATIONS = [
    pytest.param(case, problem, oracle, id=f"{case}-{problem}-{oracle}")
    for case in sorted(CASES)
    for problem in sorted(PROBLEMS)
    for oracle in ("exact", "noisy")
    if not (oracle == "exact" and case in NOISY_ONLY)
]
# Rprop reads lr once, as its initial step size (torch too): a schedule has nothing to act on.
CONSTANT_LR_ONLY = {"rprop", "rprop-etas-bounds"}


@pytest.mark.parametrize("scheduled", [False, True], ids=["constant-lr", "scheduled-lr"])
@pytest.mark.parametrize(("case", "problem", "oracle"), COMBINATIONS)
def test_matches_torch(case: str, problem: str, oracle: str, scheduled: bool) -> None:
    if scheduled and case in CONSTANT_LR_ONLY:
        pytest.skip("Rprop's lr is only its initial step size; torch reads it once too")
    ours_factory, torch_factory, (lr_quad, lr_rosen) = CASES[case]
    lr = lr_rosen if problem == "rosenbrock" else lr_quad
    grad, x0 = PROBLEMS[problem]()

    def oracle_for_one_run():
        return grad if oracle == "exact" else noisy(grad, NOISE[problem])

    schedule = warmup_cosine(lr) if scheduled else None
    ours = run_ours(ours_factory(schedule if scheduled else lr), oracle_for_one_run(), x0)
    theirs = run_torch(torch_factory, oracle_for_one_run(), x0, lr, schedule)
    assert_same_path(ours, theirs)


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_nesterov_lookahead_points_are_torch_iterates(problem: str) -> None:
    """The look-ahead form's gradient points y_t are torch's nesterov iterates."""
    grad, x0 = PROBLEMS[problem]()
    lr = 1e-4 if problem == "rosenbrock" else 0.5
    opt = gd.Nesterov(lr=lr, beta=0.9)
    x, state = x0.copy(), opt.init(x0)
    ys = [x0]
    for _ in range(STEPS):
        x, state = opt.step(x, grad(opt.query(x, state)), state)
        ys.append(opt.query(x, state))
    theirs = run_torch(
        lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True), grad, x0, lr
    )
    assert_same_path(np.array(ys), theirs, rtol=1e-9)


# ----------------------------------------------------------------------------- batched


def test_batched_sweep_matches_separate_torch_runs() -> None:
    """One batched Adam run over 4 learning rates equals 4 separate torch runs."""
    grad1, x0 = rosenbrock()
    lrs = np.array([1e-3, 3e-3, 1e-2, 3e-2])[:, None]
    opt = gd.Adam(lr=lrs)
    x = np.tile(x0, (4, 1))
    state = opt.init(x)
    for _ in range(STEPS):
        g = np.stack([grad1(row) for row in opt.query(x, state)])
        x, state = opt.step(x, g, state)
    for k, lr in enumerate(lrs[:, 0]):
        theirs = run_torch(lambda p, lr: torch.optim.Adam(p, lr=lr), grad1, x0, float(lr))
        np.testing.assert_allclose(x[k], theirs[-1], rtol=RTOL)


def test_blocked_adam_kernel_matches_torch() -> None:
    """The cache-blocked path taken for large arrays agrees with torch too."""
    rng = np.random.default_rng(3)
    n = 300_000  # above the blocked-kernel threshold, not a multiple of the block
    x0 = rng.standard_normal(n)
    target = rng.standard_normal(n)
    scale = rng.uniform(0.1, 10.0, n)

    def grad(x):
        return scale * (x - target)

    for ours, make in [
        (gd.Adam(lr=0.01), lambda p, lr: torch.optim.Adam(p, lr=lr)),
        (
            gd.AdamW(lr=0.01, weight_decay=0.1),
            lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1),
        ),
    ]:
        a = run_ours(ours, grad, x0, steps=5)
        b = run_torch(make, grad, x0, 0.01, steps=5)
        assert_same_path(a, b)


# ----------------------------------------------------------------------------- new states


def test_asgd_averaged_iterate_matches_torch_ax() -> None:
    """ASGD's averaged iterate (state.ax) and step size (state.eta) are torch's ax and eta."""
    for problem in sorted(PROBLEMS):
        grad, x0 = PROBLEMS[problem]()
        lr = 1e-4 if problem == "rosenbrock" else 0.5
        opt = gd.ASGD(lr=lr, lambd=1e-2, t0=50)
        states: list = []
        run_torch(
            lambda p, lr: torch.optim.ASGD(p, lr=lr, lambd=1e-2, t0=50),
            noisy(grad, NOISE[problem]),
            x0,
            lr,
            record=states,
        )
        x, s, g = x0.copy(), opt.init(x0), noisy(grad, NOISE[problem])
        for k in range(STEPS):
            x, s = opt.step(x, g(x), s)
            ax = states[k]["ax"].numpy()
            np.testing.assert_allclose(s.ax, ax, rtol=RTOL, atol=1e-300, err_msg=f"step {k}")
            assert float(states[k]["eta"]) == pytest.approx(s.eta, rel=1e-15)
            assert float(states[k]["mu"]) == s.mu
        # the average is not the last iterate: it was taken over the last 150 steps
        assert np.linalg.norm(s.ax - x) > 1e-6 * np.linalg.norm(x)


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("case", ["rprop", "rprop-etas-bounds", "radam-betas-l2"])
def test_one_step_from_torchs_own_state(case: str, problem: str) -> None:
    """From torch's state after each of 200 steps, one step of ours equals torch's next one.

    Long runs of Rprop hinge on the sign of g_t g_{t-1}; started from torch's own
    state and point, every single step must agree to 1e-15 relative.
    """
    ours_factory, torch_factory, (lr_quad, lr_rosen) = CASES[case]
    lr = lr_rosen if problem == "rosenbrock" else lr_quad
    grad, x0 = PROBLEMS[problem]()
    states: list = []
    path = run_torch(torch_factory, grad, x0, lr, record=states)
    opt = ours_factory(lr)
    worst = 0.0
    for k in range(1, STEPS):
        st = states[k - 1]
        if isinstance(opt, gd.Rprop):
            s = gd.RpropState(k, st["prev"].numpy(), st["step_size"].numpy())
        else:
            s = gd.RAdamState(k, st["exp_avg"].numpy(), st["exp_avg_sq"].numpy())
        x1, _ = opt.step(path[k], grad(path[k]), s)
        err = np.linalg.norm(x1 - path[k + 1]) / np.linalg.norm(path[k + 1])
        worst = max(worst, err)
    assert worst <= 1e-15, f"worst one-step deviation {worst:.3g}"
