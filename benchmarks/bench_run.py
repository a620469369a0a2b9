"""Benchmark the run loop: gd.minimize vs a hand loop vs torch.optim (not a test).

What a learner runs, on the 2-D float64 quadratic ``gd.SeedQuadratic`` for 3,000
steps, per step, in this one process:

* ``minimize``: ``gd.minimize(p, opt, p.x0, max_iter=3000)`` with its default
  history (every x_t, f(x_t), gradient norm and step) and stopping rules;
* ``hand``: the same optimizer in a bare loop,
  ``x, s = opt.step(x, p.grad(opt.query(x, s)), s)``;
* ``torch``: the same loop in ``torch.optim`` (float64 tensor, the gradient
  computed in torch, no autograd, ``torch.set_num_threads(1)``), bare; and
  ``torch_history``, the torch loop that also records what ``minimize`` records.

Goals (issue 12): ``minimize`` at most 1.3x the hand loop, and at least 5x faster
than the torch loop. The three are timed turn about, five times each; the figures
are medians. Writes benchmarks/results/run.json (with the machine, the date and
the command). Run it with
``python benchmarks/bench_run.py`` (``--quick`` for a smoke run of 300 steps).
"""

from __future__ import annotations

import argparse
import json
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
    start = time.perf_counter()
    res = gd.minimize(PROBLEM, opt, PROBLEM.x0, max_iter=steps)
    elapsed = time.perf_counter() - start
    assert res.nit == steps, res.message
    return elapsed / steps


def time_hand(opt, steps: int) -> float:
    p = PROBLEM
    start = time.perf_counter()
    x, s = p.x0, opt.init(p.x0)
    for _ in range(steps):
        x, s = opt.step(x, p.grad(opt.query(x, s)), s)
    return (time.perf_counter() - start) / steps


def time_torch(factory, steps: int) -> float:
    w = torch.tensor(PROBLEM.x0, dtype=torch.float64, requires_grad=True)
    center = torch.tensor([1.0, 2.0], dtype=torch.float64)
    scale = torch.tensor([2.0, 4.0], dtype=torch.float64)
    opt = factory([w])
    start = time.perf_counter()
    for _ in range(steps):
        with torch.no_grad():
            w.grad = scale * (w - center)  # the gradient of f, computed in torch
        opt.step()
    return (time.perf_counter() - start) / steps


def time_torch_history(factory, steps: int) -> float:
    """The torch loop that also records what ``minimize`` records: x_t, f, the norm, the step."""
    w = torch.tensor(PROBLEM.x0, dtype=torch.float64, requires_grad=True)
    center = torch.tensor([1.0, 2.0], dtype=torch.float64)
    scale = torch.tensor([2.0, 4.0], dtype=torch.float64)
    opt = factory([w])
    xs, fs, norms, lrs = [], [], [], []
    start = time.perf_counter()
    for _ in range(steps):
        with torch.no_grad():
            d = w - center
            g = scale * d
            xs.append(w.detach().clone())
            fs.append(float((0.5 * scale * d * d).sum()))
            norms.append(float(torch.linalg.vector_norm(g)))
            w.grad = g
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
    torch.stack(xs)
    return (time.perf_counter() - start) / steps


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 steps, 3 repeats")
    args = parser.parse_args(argv)
    steps, repeats = (300, 3) if args.quick else (3000, 5)
    if torch is not None:
        torch.set_num_threads(1)
    rows = {}
    for name, make, torch_factory in OPTIMIZERS:
        samples = {"minimize": [], "hand": [], "torch": [], "torch_history": []}
        time_minimize(make(), 50)  # warm up the code paths once
        for _ in range(repeats):
            samples["minimize"].append(time_minimize(make(), steps))
            samples["hand"].append(time_hand(make(), steps))
            if torch is not None:
                samples["torch"].append(time_torch(torch_factory, steps))
                samples["torch_history"].append(time_torch_history(torch_factory, steps))
        row = {f"{k}_us_per_step": statistics.median(v) * 1e6 for k, v in samples.items() if v}
        row["minimize_over_hand"] = row["minimize_us_per_step"] / row["hand_us_per_step"]
        if torch is not None:
            row["torch_over_minimize"] = row["torch_us_per_step"] / row["minimize_us_per_step"]
            row["torch_history_over_minimize"] = (
                row["torch_history_us_per_step"] / row["minimize_us_per_step"]
            )
        rows[name] = row
        print(
            f"{name:>9}: minimize {row['minimize_us_per_step']:7.2f} us/step, hand loop "
            f"{row['hand_us_per_step']:7.2f}, "
            f"torch loop {row.get('torch_us_per_step', np.nan):7.2f}"
            f" | minimize/hand {row['minimize_over_hand']:.2f} (goal <= 1.3), "
            f"torch/minimize {row.get('torch_over_minimize', np.nan):.2f} (goal >= 5), "
            f"with history {row.get('torch_history_over_minimize', np.nan):.2f}"
        )
    out = {
        "definitions": {
            "minimize_over_hand": "gd.minimize time per step (default history) / the same "
            "optimizer in a hand loop, SeedQuadratic, float64, median of interleaved repeats "
            "(goal <= 1.3)",
            "torch_over_minimize": "the same loop in torch.optim (gradient computed in torch, "
            "no autograd, one thread) / gd.minimize, per step (goal >= 5)",
            "torch_history_over_minimize": "the same torch loop recording what minimize "
            "records (x_t, f(x_t), the gradient norm, the step) / gd.minimize, per step",
        },
        "quick": args.quick,
        "steps": steps,
        "repeats": repeats,
        "optimizers": rows,
        "machine": machine(),
        **stamp(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
