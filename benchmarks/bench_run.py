"""Benchmark the run loop: gd.minimize vs a hand loop vs torch.optim (not a test).

What a learner runs, on the 2-D float64 quadratic ``gd.SeedQuadratic`` for 3,000
steps, per step, in this one process:

* ``minimize``: ``gd.minimize(p, opt, p.x0, max_iter=3000)`` with its default
  history (every x_t, f(x_t), gradient norm and step) and stopping rules;
* ``readable``: the same call with the block loop off (``gdtheory.run._run_one``,
  one step at a time, the same Result), to show what the block loop saves;
* ``hand``: the same optimizer in a bare loop,
  ``x, s = opt.step(x, p.grad(opt.query(x, s)), s)``;
* ``torch``: the same loop in ``torch.optim`` (float64 tensor, the gradient
  computed in torch, no autograd, ``torch.set_num_threads(1)``), bare; and
  ``torch_history``, the torch loop that also records what ``minimize`` records
  (each x_t, the gradient norm and the step, every step; the losses in one batch
  at the end, as ``minimize`` evaluates them in blocks);
* ``numpy_bare``: the same loop written inline in numpy, with the torch loop's
  gradient ``scale * (x - center)``, the update in a line or three, no checks, and
  ``minimize``'s recording: the least a numpy loop of this shape costs, which
  bounds what ``minimize`` can reach (``torch / numpy_bare`` is the best ratio
  to torch that numpy allows here).

The torch loops run inside one ``torch.no_grad()`` block, as a loop without
autograd is written (entering it at every step costs torch about 2 us a step).

Goals (issue 12): ``minimize`` at most 1.3x the hand loop, and at least 5x faster
than the torch loop. The loops are timed turn about, each once unmeasured first,
then ``repeats`` times; the figures are medians (minima are kept too). Times are
the CPU time of this thread (``time.thread_time``): the wall-clock time on an idle
machine, and far less disturbed by other processes on a loaded one. Writes
benchmarks/results/run.json (with the machine, the date and the command). Run it
with ``python benchmarks/bench_run.py`` (``--quick`` for a smoke run of 300 steps,
``--only GD Adam`` for some rows, ``--output`` for another results file).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_optimizers import machine, stamp  # noqa: E402

import gdtheory as gd  # noqa: E402

try:
    import torch
except ImportError:  # the torch loop is skipped, the other two still run
    torch = None

RESULTS = ROOT / "benchmarks" / "results" / "run.json"
# The CPU time of this thread: the wall-clock time on an idle machine, and under load it
# leaves out the time other processes held the core (torch runs on this one thread too).
clock = time.thread_time
PROBLEM = gd.SeedQuadratic()  # f = (x - 1)^2 + 2 (y - 2)^2

OPTIMIZERS = [  # name, gdtheory optimizer, torch optimizer factory
    ("GD", lambda: gd.GD(lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    (
        "Momentum",
        lambda: gd.Momentum(lr=0.05, beta=0.9),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    ("Adam", lambda: gd.Adam(lr=0.1), lambda p: torch.optim.Adam(p, lr=0.1)),
]


def time_minimize(opt, steps: int) -> float:
    start = clock()
    res = gd.minimize(PROBLEM, opt, PROBLEM.x0, max_iter=steps)
    elapsed = clock() - start
    assert res.nit == steps, res.message
    return elapsed / steps


def time_readable(opt, steps: int) -> float:
    """``minimize`` computed by its readable loop (``run._run_one``), the block loop off:
    the same Result (tests/test_run_fast.py), one step at a time."""
    from gdtheory import _run_fast

    applies = _run_fast.applies
    _run_fast.applies = lambda *args: False
    try:
        return time_minimize(opt, steps)
    finally:
        _run_fast.applies = applies


def time_hand(opt, steps: int) -> float:
    p = PROBLEM
    start = clock()
    x, s = p.x0, opt.init(p.x0)
    for _ in range(steps):
        x, s = opt.step(x, p.grad(opt.query(x, s)), s)
    return (clock() - start) / steps


def time_torch(factory, steps: int) -> float:
    w = torch.tensor(PROBLEM.x0, dtype=torch.float64, requires_grad=True)
    center = torch.tensor([1.0, 2.0], dtype=torch.float64)
    scale = torch.tensor([2.0, 4.0], dtype=torch.float64)
    opt = factory([w])
    start = clock()
    with torch.no_grad():  # no autograd anywhere in the loop (entered once, as a user would)
        for _ in range(steps):
            w.grad = scale * (w - center)  # the gradient of f, computed in torch
            opt.step()
    return (clock() - start) / steps


def time_torch_history(factory, steps: int) -> float:
    """The torch loop that also records what ``minimize`` records: x_t, the norm, the step
    at every step, and f(x_t) for all of them at the end (``minimize`` evaluates the
    losses in blocks, in one vectorized call each)."""
    w = torch.tensor(PROBLEM.x0, dtype=torch.float64, requires_grad=True)
    center = torch.tensor([1.0, 2.0], dtype=torch.float64)
    scale = torch.tensor([2.0, 4.0], dtype=torch.float64)
    opt = factory([w])
    xs, norms, lrs = [w.detach().clone()], [], []
    start = clock()
    with torch.no_grad():
        for _ in range(steps):
            g = scale * (w - center)
            norms.append(float(torch.linalg.vector_norm(g)))
            w.grad = g
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            xs.append(w.detach().clone())
        d = torch.stack(xs) - center
        (0.5 * scale * d * d).sum(dim=-1).tolist()
    return (clock() - start) / steps


def _bare_gd(x, g, state, lr=0.1):
    return x - lr * g, state


def _bare_momentum(x, g, b, lr=0.05, beta=0.9):
    b = g if b is None else beta * b + g
    return x - lr * b, b


def _bare_adam(x, g, state, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):
    t, m, v = state
    t += 1
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), (t, m, v)


BARE = {  # name -> (update, initial state): the three rules in numpy, nothing else
    "GD": (_bare_gd, lambda x: None),
    "Momentum": (_bare_momentum, lambda x: None),
    "Adam": (_bare_adam, lambda x: (0, np.zeros_like(x), np.zeros_like(x))),
}


def time_numpy_bare(name: str, steps: int) -> float:
    """The loop in bare numpy, recording x_t and the gradient norm per step, f at the end."""
    update, init = BARE[name]
    center, scale = np.array([1.0, 2.0]), np.array([2.0, 4.0])
    start = clock()
    x = PROBLEM.x0.copy()
    state, xs, norms = init(x), [x], []
    for _ in range(steps):
        g = scale * (x - center)
        norms.append(math.sqrt(g.dot(g)))
        x, state = update(x, g, state)
        xs.append(x)
    d = np.array(xs) - center
    (0.5 * scale * d * d).sum(axis=-1).tolist()
    return (clock() - start) / steps


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 steps, 3 repeats")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[name for name, _, _ in OPTIMIZERS],
        help="measure these rows only (the results file then holds only them)",
    )
    args = parser.parse_args(argv)
    steps, repeats = (300, 3) if args.quick else (3000, 5)
    if torch is not None:
        torch.set_num_threads(1)
    rows = {}
    for name, make, torch_factory in OPTIMIZERS:
        if args.only and name not in args.only:
            continue
        loops = {  # name -> (timing function, its arguments)
            "minimize": (lambda m: time_minimize(m(), steps), make),
            "readable": (lambda m: time_readable(m(), steps), make),
            "hand": (lambda m: time_hand(m(), steps), make),
            "numpy_bare": (lambda n: time_numpy_bare(n, steps), name),
        }
        if torch is not None:
            loops["torch"] = (lambda f: time_torch(f, steps), torch_factory)
            loops["torch_history"] = (lambda f: time_torch_history(f, steps), torch_factory)
        for loop, arg in loops.values():  # warm up every code path once, unmeasured
            loop(arg)
        samples = {k: [] for k in loops}
        for _ in range(repeats):
            for k, (loop, arg) in loops.items():
                samples[k].append(loop(arg))
        row = {f"{k}_us_per_step": statistics.median(v) * 1e6 for k, v in samples.items()}
        row |= {f"{k}_us_per_step_min": min(v) * 1e6 for k, v in samples.items()}
        row["minimize_over_hand"] = row["minimize_us_per_step"] / row["hand_us_per_step"]
        row["minimize_over_numpy_bare"] = (
            row["minimize_us_per_step"] / row["numpy_bare_us_per_step"]
        )
        if torch is not None:
            row["torch_over_minimize"] = row["torch_us_per_step"] / row["minimize_us_per_step"]
            row["torch_history_over_minimize"] = (
                row["torch_history_us_per_step"] / row["minimize_us_per_step"]
            )
            row["torch_over_numpy_bare"] = row["torch_us_per_step"] / row["numpy_bare_us_per_step"]
        rows[name] = row
        print(
            f"{name:>9}: minimize {row['minimize_us_per_step']:7.2f} us/step "
            f"(readable loop {row['readable_us_per_step']:.2f}), hand loop "
            f"{row['hand_us_per_step']:7.2f}, numpy bare {row['numpy_bare_us_per_step']:5.2f}, "
            f"torch loop {row.get('torch_us_per_step', np.nan):7.2f}"
            f" | minimize/hand {row['minimize_over_hand']:.2f} (goal <= 1.3), "
            f"torch/minimize {row.get('torch_over_minimize', np.nan):.2f} (goal >= 5), "
            f"with history {row.get('torch_history_over_minimize', np.nan):.2f}, "
            f"torch/numpy bare {row.get('torch_over_numpy_bare', np.nan):.2f}"
        )
    out = {
        "definitions": {
            "minimize_over_hand": "gd.minimize time per step (default history) / the same "
            "optimizer in a hand loop, SeedQuadratic, float64, median of interleaved repeats, "
            "CPU time of the thread (goal <= 1.3)",
            "torch_over_minimize": "the same loop in torch.optim (gradient computed in torch, "
            "inside one torch.no_grad() block, one thread) / gd.minimize, per step (goal >= 5)",
            "torch_history_over_minimize": "the same torch loop recording what minimize "
            "records (x_t, the gradient norm, the step per step; f(x_t) in one batch) / "
            "gd.minimize, per step",
            "readable_us_per_step": "gd.minimize with its block loop off (run._run_one, "
            "the loop its docs describe, one step at a time; the same Result)",
            "minimize_over_numpy_bare": "gd.minimize / the same loop inline in bare numpy "
            "(the torch loop's gradient formula, the update rule alone, minimize's recording)",
            "torch_over_numpy_bare": "the torch loop / the bare numpy loop: the most that "
            "torch_over_minimize can reach in numpy here",
        },
        "quick": args.quick,
        "only": args.only,
        "steps": steps,
        "repeats": repeats,
        "optimizers": rows,
        "machine": machine(),
        **stamp(),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2) + "\n")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
