"""gd.LBFGS against torch.optim.LBFGS: float64, 200 calls of ``step``, the same problems.

The problems are those of tests/test_optimizers_torch.py (two random ill-conditioned
quadratics and Rosenbrock), here with their values too, since L-BFGS's closure returns
the loss. Both sides evaluate the same numpy functions: torch through a closure that
sets ``p.grad``, gdtheory through ``gd.minimize``, whose oracle answers the step's
re-evaluations and line search. Each case compares the iterate after every call of
``step`` (relative 1e-10), and the counts torch keeps (``n_iter``, ``func_evals``)
with the state's and with the oracle's count of function values.

Without torch these tests skip and say why.
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


def quadratic(seed: int, dim: int = 6, kappa: float = 1e3):
    """The recipe of tests/test_optimizers_torch.quadratic, with f as well as its gradient."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    a = q @ np.diag(np.logspace(-math.log10(kappa), 0.0, dim)) @ q.T
    x_star = rng.uniform(1.0, 3.0, dim) * rng.choice([-1.0, 1.0], dim)
    x0 = x_star + rng.standard_normal(dim) * 2.0

    def f(x):
        d = x - x_star
        return 0.5 * np.sum(d * (d @ a.T), axis=-1)

    def grad(x):
        return (x - x_star) @ a.T

    return f, grad, x0


def rosenbrock():
    def f(p):
        p = np.asarray(p)
        x, y = p[..., 0], p[..., 1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    def grad(p):
        p = np.asarray(p)
        x, y = p[..., 0], p[..., 1]
        return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], axis=-1)

    return f, grad, np.array([-1.2, 1.0])


PROBLEMS = {
    "quadratic-0": lambda: quadratic(0),
    "quadratic-1": lambda: quadratic(1, dim=10, kappa=1e4),
    "rosenbrock": rosenbrock,
}


class FunctionProblem:
    """A gdtheory problem from a pair of numpy functions."""

    def __init__(self, f, grad, dim):
        self.f, self.grad, self.dim = f, grad, dim


# Long runs: each feature torch has, on cases where two correct float64 runs stay
# together for 200 steps.
CASES = {  # name: LBFGS keyword arguments (torch's names and defaults)
    "wolfe": {"line_search_fn": "strong_wolfe"},
    "wolfe-history-20": {"line_search_fn": "strong_wolfe", "history_size": 20},
    "wolfe-max-iter-1-max-eval-4": {"line_search_fn": "strong_wolfe", "max_iter": 1, "max_eval": 4},
    "wolfe-max-iter-5-max-eval-6": {"line_search_fn": "strong_wolfe", "max_iter": 5, "max_eval": 6},
    "wolfe-lr-0.5-tolerances": {
        "line_search_fn": "strong_wolfe",
        "lr": 0.5,
        "max_iter": 3,
        "tolerance_grad": 1e-5,
        "tolerance_change": 1e-6,
    },
    "wolfe-tolerance-grad-1e-4": {
        "line_search_fn": "strong_wolfe",
        "tolerance_grad": 1e-4,
        "max_iter": 4,
    },
    "fixed-lr-0.5-max-iter-5": {"lr": 0.5, "max_iter": 5},
    "fixed-lr-0.5-tolerance-change-1e-3": {"lr": 0.5, "max_iter": 5, "tolerance_change": 1e-3},
    "fixed-lr-0.01-max-iter-1": {"lr": 0.01, "max_iter": 1},
    "fixed-lr-0.01-max-iter-1-history-3": {"lr": 0.01, "max_iter": 1, "history_size": 3},
}

# Sensitive runs: with a short history (or a fixed step that overshoots) a 1e-16
# difference in a dot product grows by a factor of about 3 per iteration (measured on
# quadratic-0 with lr=0.1, max_iter=4, history 5: 9e-17 after one step, 5e-6 after 21),
# whichever side is "right". These are checked one step at a time from torch's state.
SENSITIVE = {
    "wolfe-history-3": {"line_search_fn": "strong_wolfe", "history_size": 3},
    "wolfe-max-iter-1-history-1": {
        "line_search_fn": "strong_wolfe",
        "max_iter": 1,
        "max_eval": 4,
        "history_size": 1,
    },
    "wolfe-max-iter-2-history-2": {
        "line_search_fn": "strong_wolfe",
        "max_iter": 2,
        "history_size": 2,
    },
    "fixed-lr-1": {"lr": 1.0},
    "fixed-lr-0.1-max-iter-1": {"lr": 0.1, "max_iter": 1},
    "fixed-lr-0.1-max-iter-4-history-5": {"lr": 0.1, "max_iter": 4, "history_size": 5},
    "fixed-lr-0.05-max-iter-3-history-1": {"lr": 0.05, "max_iter": 3, "history_size": 1},
}


def run_torch(kwargs, f, grad, x0, steps=STEPS):
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], **kwargs)

    def closure():
        x = p.detach().numpy().copy()
        p.grad = torch.from_numpy(np.asarray(grad(x), dtype=np.float64))
        return torch.tensor(float(f(x)), dtype=torch.float64)

    path = [x0.copy()]
    for _ in range(steps):
        opt.step(closure)
        path.append(p.detach().numpy().copy())
    state = opt.state[p]
    return np.array(path), int(state["n_iter"]), int(state["func_evals"])


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_lbfgs_matches_torch(case: str, problem: str) -> None:
    kwargs = CASES[case]
    f, grad, x0 = PROBLEMS[problem]()
    theirs, n_iter, func_evals = run_torch(kwargs, f, grad, x0)
    assert np.all(np.isfinite(theirs)), "the reference run diverged: pick a smaller lr"
    opt = gd.LBFGS(**kwargs)
    res = gd.minimize(
        FunctionProblem(f, grad, x0.size), opt, x0, max_iter=STEPS, divergence_factor=None
    )
    assert res.nit == STEPS, res.message
    ours = res.xs
    scale = np.maximum(np.linalg.norm(theirs, axis=1), 1e-300)
    err = np.linalg.norm(ours - theirs, axis=1) / scale
    worst = int(np.argmax(err))
    assert err[worst] <= RTOL, f"differ by {err[worst]:.3g} at step {worst}"
    assert np.linalg.norm(theirs[-1] - theirs[0]) > 1e-3 * np.linalg.norm(theirs[0])
    # the counts torch keeps: iterations, and closure calls (one f and one gradient each)
    state = _final_state(opt, FunctionProblem(f, grad, x0.size), x0)
    assert (state.n_iter, state.func_evals) == (n_iter, func_evals)
    assert res.evaluations["f"] == func_evals


def _final_state(opt, problem, x0):
    oracle = gd.ProblemOracle(problem, opt.needs)
    x, state = x0, opt.init(x0)
    for _ in range(STEPS):
        x, state = opt.step(x, problem.grad(x), state, oracle)
    return state


def torch_states(kwargs, f, grad, x0, steps=STEPS):
    """Torch's run, with a deep copy of its state and its iterate before every step."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], **kwargs)

    def closure():
        x = p.detach().numpy().copy()
        p.grad = torch.from_numpy(np.asarray(grad(x), dtype=np.float64))
        return torch.tensor(float(f(x)), dtype=torch.float64)

    out = []
    for _ in range(steps):
        before = {k: _copy(v) for k, v in opt.state[p].items()}
        x = p.detach().numpy().copy()
        opt.step(closure)
        out.append((x, before, p.detach().numpy().copy(), dict(opt.state[p])))
    return out


def _copy(v):
    if isinstance(v, torch.Tensor):
        return v.detach().numpy().copy()
    if isinstance(v, list):
        return [_copy(u) for u in v]
    return v


def _state_from_torch(st: dict, calls: int, opt: gd.LBFGS, x: np.ndarray) -> gd.LBFGSState:
    """Torch's LBFGS state as an ``LBFGSState`` (the initial state before any step)."""
    if "d" not in st:
        return opt.init(x)._replace(
            t=calls, n_iter=st.get("n_iter", 0), func_evals=st.get("func_evals", 0)
        )
    return gd.LBFGSState(
        t=calls,
        n_iter=int(st["n_iter"]),
        func_evals=int(st["func_evals"]),
        d=np.asarray(st["d"]),
        eta=float(st["t"]),
        old_dirs=tuple(np.asarray(v) for v in st["old_dirs"]),
        old_stps=tuple(np.asarray(v) for v in st["old_stps"]),
        ro=tuple(float(r) for r in st["ro"]),
        H_diag=float(st["H_diag"]),
        prev_flat_grad=np.asarray(st["prev_flat_grad"]),
        prev_loss=float(st["prev_loss"]),
    )


# One call of ``step`` runs up to max_iter iterations, and the sensitivity above acts
# inside it too: a call of at most 3 iterations agrees to a few roundings, a longer one
# (torch's default is 20) only to the long runs' 1e-10.
def one_step_rtol(kwargs: dict) -> float:
    return 1e-14 if kwargs.get("max_iter", 20) <= 3 else RTOL


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("case", sorted({**CASES, **SENSITIVE}))
def test_one_step_from_torchs_own_state(case: str, problem: str) -> None:
    kwargs = {**CASES, **SENSITIVE}[case]
    f, grad, x0 = PROBLEMS[problem]()
    opt = gd.LBFGS(**kwargs)
    problem_ = FunctionProblem(f, grad, x0.size)
    worst, moved, iterations = 0.0, 0, 0
    for calls, (x, before, x_next, after) in enumerate(torch_states(kwargs, f, grad, x0)):
        if not np.all(np.isfinite(x_next)):
            break
        oracle = gd.ProblemOracle(problem_, opt.needs)
        ours, state = opt.step(x, grad(x), _state_from_torch(before, calls, opt, x), oracle)
        scale = max(np.linalg.norm(x_next), 1e-300)
        worst = max(worst, float(np.linalg.norm(ours - x_next)) / scale)
        assert state.n_iter == after["n_iter"] and state.func_evals == after["func_evals"]
        assert oracle.counts["f"] == after["func_evals"] - before.get("func_evals", 0)
        moved += bool(np.any(x_next != x))
        iterations = after["n_iter"]
    assert worst <= one_step_rtol(kwargs), f"one step from torch's state differs by {worst:.3g}"
    assert moved >= 1 and iterations >= 10, (moved, iterations)  # else it proves little


def test_the_cases_exercise_what_they_name() -> None:
    """A case that never reaches its limit would prove nothing about it."""
    f, grad, x0 = PROBLEMS["quadratic-0"]()
    problem = FunctionProblem(f, grad, x0.size)
    one = _final_state(gd.LBFGS(**CASES["wolfe-max-iter-1-max-eval-4"]), problem, x0)
    assert one.n_iter == STEPS  # max_iter=1: one iteration per step, every step
    cut = _final_state(gd.LBFGS(**CASES["wolfe-history-20"]), problem, x0)
    assert cut.n_iter > 20 and len(cut.old_dirs) == 20  # the history filled up and was cut
    short = _final_state(gd.LBFGS(**CASES["fixed-lr-0.01-max-iter-1-history-3"]), problem, x0)
    assert len(short.old_dirs) == 3
    early = _final_state(gd.LBFGS(**CASES["wolfe-tolerance-grad-1e-4"]), problem, x0)
    assert early.n_iter < 4 * STEPS  # tolerance_grad ended steps early
    change = _final_state(gd.LBFGS(**CASES["fixed-lr-0.5-tolerance-change-1e-3"]), problem, x0)
    assert change.n_iter < 5 * STEPS  # so did tolerance_change
    wolfe = gd.minimize(problem, gd.LBFGS(line_search_fn="strong_wolfe"), x0, max_iter=STEPS)
    assert wolfe.evaluations["f"] > wolfe.nit  # the line search evaluated inside steps


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lr": 0.0}, "lr"),
        ({"max_iter": 0}, "max_iter"),
        ({"history_size": 0}, "history_size"),
        ({"line_search_fn": "backtracking"}, "line_search_fn"),
        ({"tolerance_grad": -1.0}, "tolerance_grad"),
    ],
)
def test_lbfgs_refuses_bad_arguments(kwargs, name) -> None:
    with pytest.raises(ValueError, match=rf"^{name} "):
        gd.LBFGS(**kwargs)


def test_lbfgs_refuses_a_batch() -> None:
    with pytest.raises(ValueError, match="one point at a time"):
        gd.minimize(gd.SeedQuadratic(), gd.LBFGS(), np.zeros((3, 2)))
