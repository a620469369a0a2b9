"""Conformance of Adafactor and Muon with ``torch.optim`` (float64).

The project's conformance problems (tests/test_optimizers_torch.py) are held as
matrices: the 6-D quadratic as 2 x 3 and 3 x 2, the 10-D one as 2 x 5 and 5 x 2,
Rosenbrock as 1 x 2 and 2 x 1, and as vectors for Adafactor's unfactored case; a
matrix least-squares problem adds 4 x 3 and 3 x 4 (Muon's sides of 1 or 2 run its
Python-float kernel, these its numpy lines).
Torch optimizes a parameter of that shape; gdtheory the flat point with
``shape=(m, n)``. Both get the same numpy gradient.

Adafactor, long runs: on some runs a 1e-16 difference between the two sides
(numpy's and torch's roundings of the same formulas) doubles every step from step
~100 on, and reaches 1e-6 by step 127 (measured on quadratic-0 as a vector with
lr 0.01: the iterate bounces around the minimum with steps of fixed relative
size). That is the regime's instability, not the arithmetic, so those runs are
checked one step at a time from torch's own state (to 1e-15), and the 200-step
comparison (to 1e-10) is made on the runs where it is well conditioned.

Muon: torch runs its Newton-Schulz iteration in bfloat16. The 200-step
comparisons run torch's own ``_zeropower_via_newtonschulz`` with its one cast to
bfloat16 removed (the function's source, edited by one ``replace`` that the test
asserts took place); a separate test compares one step with the unmodified torch
to bfloat16's precision.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import gdtheory as gd
from tests._optional import need_torch
from tests.test_optimizers_torch import NOISE, PROBLEMS, noisy, warmup_cosine

torch = need_torch()

pytestmark = pytest.mark.torch

STEPS = 200
RTOL = 1e-10


def matrix_least_squares(m: int = 4, n: int = 3, k: int = 8, seed: int = 2):
    """f(W) = 1/2 ||A W - B||_F^2 on the flat W: a matrix problem whose sides exceed 2,
    so that Muon's numpy lines (not its tiny-matrix kernel) are compared with torch."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((k, m)) @ np.diag(np.geomspace(1.0, 0.1, m))
    B = rng.standard_normal((k, n))

    def grad(x: np.ndarray) -> np.ndarray:
        return (A.T @ (A @ x.reshape(m, n) - B)).reshape(-1)

    return grad, rng.standard_normal(m * n)


PROBLEMS = {**PROBLEMS, "matrix-ls": matrix_least_squares}
NOISE = {**NOISE, "matrix-ls": 0.1}
SHAPES = {
    "quadratic-0": [(2, 3), (3, 2), (6,)],
    "quadratic-1": [(2, 5), (5, 2), (10,)],
    "rosenbrock": [(1, 2), (2, 1), (2,)],
    "matrix-ls": [(4, 3), (3, 4), (12,)],
}


@pytest.fixture(autouse=True, scope="module")
def float64_default():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)


@pytest.fixture
def float64_newton_schulz(monkeypatch):
    """Torch's Newton-Schulz function, with its cast to bfloat16 removed."""
    import torch.optim._muon as muon_module

    source = inspect.getsource(muon_module._zeropower_via_newtonschulz)
    assert source.count("grad.bfloat16()") == 1, "torch's Newton-Schulz changed: re-read it"
    namespace: dict = {}
    exec(source.replace("grad.bfloat16()", "grad.clone()"), muon_module.__dict__, namespace)
    monkeypatch.setattr(
        muon_module, "_zeropower_via_newtonschulz", namespace["_zeropower_via_newtonschulz"]
    )


def paths(opt, make, grad_factory, x0, shape, schedule=None):
    """200 steps of ours (flat x, ``shape=``) and of torch (a parameter of ``shape``)."""
    grad = grad_factory()
    x, s = x0.copy(), opt.init(x0)
    ours = [x0.copy()]
    for _ in range(STEPS):
        x, s = opt.step(x, grad(x), s)
        ours.append(x.copy())
    grad = grad_factory()
    p = torch.tensor(x0.reshape(shape), requires_grad=True)
    topt = make([p])
    theirs = [x0.copy()]
    for t in range(STEPS):
        if schedule is not None:
            topt.param_groups[0]["lr"] = schedule(t)
        p.grad = torch.from_numpy(grad(p.detach().numpy().reshape(-1).copy()).reshape(shape))
        topt.step()
        theirs.append(p.detach().numpy().reshape(-1).copy())
    return np.array(ours), np.array(theirs)


def assert_same_path(ours, theirs, rtol=RTOL):
    assert np.all(np.isfinite(theirs))
    err = np.linalg.norm(ours - theirs, axis=1) / np.linalg.norm(theirs, axis=1)
    worst = int(np.argmax(err))
    assert err[worst] <= rtol, f"paths differ by {err[worst]:.3g} (relative) at step {worst}"
    assert np.linalg.norm(theirs[-1] - theirs[0]) > 1e-2 * np.linalg.norm(theirs[0])


def oracle(problem, kind):
    grad, _ = PROBLEMS[problem]()
    return (lambda: grad) if kind == "exact" else (lambda: noisy(grad, NOISE[problem]))


# ----------------------------------------------------------------------------- Adafactor

# (problem, shape, lr, oracle): the long runs that are well conditioned (module docstring).
ADAFACTOR_LONG = [
    ("quadratic-0", (2, 3), 0.1, "exact"),
    ("quadratic-0", (3, 2), 0.1, "exact"),
    ("quadratic-0", (6,), 0.1, "exact"),
    ("quadratic-1", (2, 5), 0.01, "exact"),
    ("quadratic-1", (5, 2), 0.01, "exact"),
    ("quadratic-1", (10,), 0.01, "exact"),
    ("rosenbrock", (1, 2), 0.1, "exact"),
    ("rosenbrock", (2, 1), 0.01, "exact"),
    ("rosenbrock", (2,), 0.1, "exact"),
    ("matrix-ls", (4, 3), 0.01, "exact"),
    ("matrix-ls", (3, 4), 0.01, "exact"),
    ("matrix-ls", (12,), 0.01, "exact"),
    ("matrix-ls", (4, 3), 0.1, "noisy"),
    ("matrix-ls", (3, 4), 0.1, "noisy"),
    ("matrix-ls", (12,), 0.1, "noisy"),
]


@pytest.mark.parametrize("scheduled", [False, True], ids=["constant-lr", "scheduled-lr"])
@pytest.mark.parametrize(("problem", "shape", "lr", "kind"), ADAFACTOR_LONG)
def test_adafactor_200_steps_match_torch(problem, shape, lr, kind, scheduled):
    _, x0 = PROBLEMS[problem]()
    schedule = warmup_cosine(lr) if scheduled else None
    opt = gd.Adafactor(lr=schedule or lr, weight_decay=0.01, shape=shape)
    ours, theirs = paths(
        opt,
        lambda p: torch.optim.Adafactor(p, lr=lr, weight_decay=0.01),
        oracle(problem, kind),
        x0,
        shape,
        schedule,
    )
    assert_same_path(ours, theirs)


ONE_STEP = [
    pytest.param(problem, shape, lr, kind, id=f"{problem}-{'x'.join(map(str, shape))}-{lr}-{kind}")
    for problem, shapes in SHAPES.items()
    for shape in shapes
    for lr in (0.01, 0.1)
    for kind in ("exact", "noisy")
]


@pytest.mark.parametrize(("problem", "shape", "lr", "kind"), ONE_STEP)
def test_adafactor_one_step_from_torchs_state(problem, shape, lr, kind):
    """Every step of a 200-step torch run, redone by gdtheory from torch's state."""
    _, x0 = PROBLEMS[problem]()
    grad = oracle(problem, kind)()
    opt = gd.Adafactor(lr=lr, weight_decay=0.01, shape=shape)
    p = torch.tensor(x0.reshape(shape), requires_grad=True)
    topt = torch.optim.Adafactor([p], lr=lr, weight_decay=0.01)
    worst = 0.0
    for _ in range(STEPS):
        x = p.detach().numpy().reshape(-1).copy()
        st = topt.state[p]
        if not st:
            s = opt.init(x)
        elif len(shape) == 2:
            s = gd.AdafactorState(
                int(st["step"].item()),
                st["row_var"].numpy()[..., 0].copy(),
                st["col_var"].numpy()[..., 0, :].copy(),
                None,
            )
        else:
            s = gd.AdafactorState(int(st["step"].item()), None, None, st["variance"].numpy().copy())
        g = grad(x)
        ours, s_new = opt.step(x, g, s)
        p.grad = torch.from_numpy(g.reshape(shape))
        topt.step()
        theirs = p.detach().numpy().reshape(-1)
        worst = max(worst, np.linalg.norm(ours - theirs) / np.linalg.norm(theirs))
        st = topt.state[p]
        if len(shape) == 2:
            np.testing.assert_allclose(s_new.R, st["row_var"].numpy()[..., 0], rtol=1e-14)
            np.testing.assert_allclose(s_new.C, st["col_var"].numpy()[..., 0, :], rtol=1e-14)
        else:
            np.testing.assert_allclose(s_new.V, st["variance"].numpy(), rtol=1e-14)
    assert worst <= 1e-15, f"one step differs from torch's by {worst:.3g}"


def test_adafactor_factors_matrices_and_not_vectors():
    """Torch keeps m + n numbers for a matrix, d for a vector; so does gdtheory."""
    for shape in [(3, 4), (12,)]:
        p = torch.zeros(shape, requires_grad=True)
        p.grad = torch.ones(shape)
        topt = torch.optim.Adafactor([p])
        topt.step()
        kept = sum(v.numel() for k, v in topt.state[p].items() if k != "step")
        s = gd.Adafactor(shape=shape).init(np.zeros(12))
        ours = sum(a.size for a in s[1:] if a is not None)
        assert ours == kept == (7 if len(shape) == 2 else 12)


# ----------------------------------------------------------------------------- Muon

MUON_CASES = {
    "default": ({}, {}),
    "no-nesterov": ({"nesterov": False}, {"nesterov": False}),
    "match-rms-adamw": ({"adjust_lr_fn": "match_rms_adamw"}, {"adjust_lr_fn": "match_rms_adamw"}),
    "decay-momentum-ns": (
        {"weight_decay": 0.3, "momentum": 0.8, "ns_steps": 3},
        {"weight_decay": 0.3, "momentum": 0.8, "ns_steps": 3},
    ),
}
MUON_RUNS = [
    pytest.param(
        case, problem, shape, kind, id=f"{case}-{problem}-{'x'.join(map(str, shape))}-{kind}"
    )
    for case in MUON_CASES
    for problem, shapes in SHAPES.items()
    for shape in shapes
    if len(shape) == 2
    for kind in ("exact", "noisy")
]


@pytest.mark.usefixtures("float64_newton_schulz")
@pytest.mark.parametrize("scheduled", [False, True], ids=["constant-lr", "scheduled-lr"])
@pytest.mark.parametrize(("case", "problem", "shape", "kind"), MUON_RUNS)
def test_muon_200_steps_match_torch(case, problem, shape, kind, scheduled):
    ours_kw, torch_kw = MUON_CASES[case]
    lr = 0.01
    _, x0 = PROBLEMS[problem]()
    schedule = warmup_cosine(lr) if scheduled else None
    ours, theirs = paths(
        gd.Muon(lr=schedule or lr, shape=shape, **ours_kw),
        lambda p: torch.optim.Muon(p, lr=lr, **torch_kw),
        oracle(problem, kind),
        x0,
        shape,
        schedule,
    )
    assert_same_path(ours, theirs)


@pytest.mark.parametrize("shape", [(4, 6), (6, 4)])
def test_muon_one_step_matches_bfloat16_torch(shape):
    """Unmodified torch (Newton-Schulz in bfloat16) agrees to bfloat16's precision."""
    rng = np.random.default_rng(1)
    x0, g = rng.standard_normal(24), rng.standard_normal(24)
    opt = gd.Muon(lr=0.1, shape=shape)
    ours, _ = opt.step(x0, g, opt.init(x0))
    p = torch.tensor(x0.reshape(shape), requires_grad=True)
    p.grad = torch.from_numpy(g.reshape(shape))
    torch.optim.Muon([p], lr=0.1).step()
    theirs = p.detach().numpy().reshape(-1)
    moved = np.linalg.norm(theirs - x0 * (1 - 0.1 * 0.1))
    gap = np.linalg.norm(ours - theirs) / moved
    assert 1e-6 < gap < 3e-2, f"update differs by {gap:.3g} relative (bfloat16 eps is 7.8e-3)"


def test_muon_matrix_point_equals_flat_point(float64_newton_schulz):
    """shape=None on a 2-D x, shape=(m, n) on the flat x: the same run."""
    grad, x0 = PROBLEMS["quadratic-0"]()
    flat, square = gd.Muon(lr=0.01, shape=(2, 3)), gd.Muon(lr=0.01)
    x, s = x0, flat.init(x0)
    W, S = x0.reshape(2, 3), square.init(x0.reshape(2, 3))
    for _ in range(20):
        x, s = flat.step(x, grad(x), s)
        W, S = square.step(W, grad(W.reshape(-1)).reshape(2, 3), S)
    assert W.shape == (2, 3)
    np.testing.assert_array_equal(W.reshape(-1), x)
