"""Benchmark one scalar call of each schedule against torch's scheduler step() (not a test).

For every schedule, in this one process and turn about: the time of one call
``schedule(t)`` with an integer step ``t`` (what an optimizer does at every step),
and the time of one ``torch.optim.lr_scheduler`` ``step()`` for the same schedule
(the scheduler updates the optimizer's learning rate in place, which is what
torch users pay per step). Goal: our call at most a third of torch's step
(ratio <= 1/3). Both are timed over the same run of consecutive steps, each
repeat on a freshly built schedule (so that a cache, such as ``multiplicative``'s
running product, is built inside the timing, as in a training run); the ratio
compares the best of the repeats, the medians are recorded too. Times are the CPU
time of this thread (``time.thread_time``): equal to the wall-clock time on an idle
machine, and far less disturbed by other processes on a loaded one.

It prints a table and writes benchmarks/results/schedules.json (``--output PATH``
writes elsewhere). Run it with ``python benchmarks/bench_schedules.py``
(``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_optimizers import interleaved, machine, stamp  # noqa: E402

import gdtheory as gd  # noqa: E402

try:
    import torch
    from torch.optim import lr_scheduler as lrs
except ImportError:  # our timings are still printed
    torch = None

RESULTS = ROOT / "benchmarks" / "results" / "schedules.json"
# The CPU time of this thread: the wall-clock time on an idle machine, and under load it
# leaves out the time other processes held the core (torch runs on this one thread too).
clock = time.thread_time
T = 3000  # the run length the schedules are built for


def _factor(k: int) -> float:  # MultiplicativeLR's lr_lambda in the benchmark
    return 0.5 if k % 500 == 0 else 0.9995


# name -> (our schedule, or a pair of schedules called one after the other at every step,
#          torch scheduler factory (optimizer -> scheduler))
CASES = {
    "constant": (gd.constant(0.1), lambda o: lrs.ConstantLR(o, factor=1.0, total_iters=0)),
    "step_decay": (gd.step_decay(0.1, 30, 0.5), lambda o: lrs.StepLR(o, 30, 0.5)),
    "multistep": (gd.multistep(0.1), lambda o: lrs.MultiStepLR(o, [30, 60, 90], 0.1)),
    "exponential": (gd.exponential(0.1, 0.999), lambda o: lrs.ExponentialLR(o, 0.999)),
    "cosine": (gd.cosine(0.1, T), lambda o: lrs.CosineAnnealingLR(o, T)),
    "cosine_restarts": (
        gd.cosine_restarts(0.1, 100, 2),
        lambda o: lrs.CosineAnnealingWarmRestarts(o, 100, 2),
    ),
    "linear": (gd.linear(0.1, 0.1, 1.0, 100), lambda o: lrs.LinearLR(o, 0.1, 1.0, 100)),
    "linear_decay": (gd.linear_decay(0.1, T), lambda o: lrs.PolynomialLR(o, T, 1.0)),
    "polynomial": (gd.polynomial(0.1, T, 2.0), lambda o: lrs.PolynomialLR(o, T, 2.0)),
    "inverse_sqrt": (
        gd.inverse_sqrt(0.1, 100.0),
        lambda o: lrs.LambdaLR(o, lambda t: math.sqrt(100.0 / max(t, 100.0))),
    ),
    "one_cycle": (
        gd.one_cycle(0.1, 10 * T),  # torch refuses to step past total_steps
        lambda o: lrs.OneCycleLR(o, 0.1, total_steps=10 * T, cycle_momentum=False),
    ),
    "warmup(cosine)": (
        gd.warmup(gd.cosine(0.1, T), 100),
        lambda o: lrs.SequentialLR(
            o,
            [lrs.LinearLR(o, 1e-8, 1.0, 100), lrs.CosineAnnealingLR(o, T - 100)],
            milestones=[100],
        ),
    ),
    "cyclic": (
        gd.cyclic(0.01, 0.1, 200),
        lambda o: lrs.CyclicLR(o, 0.01, 0.1, 200, cycle_momentum=False),
    ),
    "cyclic(exp_range)": (
        gd.cyclic(0.01, 0.1, 150, 250, "exp_range", 0.999),
        lambda o: lrs.CyclicLR(o, 0.01, 0.1, 150, 250, "exp_range", 0.999, cycle_momentum=False),
    ),
    "cyclic+momentum": (  # one call of each, against one step that cycles both
        (gd.cyclic(0.01, 0.1, 200), gd.cyclic_momentum(0.8, 0.9, 200)),
        lambda o: lrs.CyclicLR(o, 0.01, 0.1, 200, cycle_momentum=True),
    ),
    "constant_factor": (
        gd.constant_factor(0.1, 0.5, 100),
        lambda o: lrs.ConstantLR(o, factor=0.5, total_iters=100),
    ),
    "multiplicative": (  # a fresh schedule per repeat: the running product is built as it goes
        gd.multiplicative(0.1, _factor),
        lambda o: lrs.MultiplicativeLR(o, _factor),
    ),
    "multiply_schedules": (
        gd.multiply_schedules([gd.constant_factor(0.1, 0.1, 20), gd.exponential(1.0, 0.999)]),
        lambda o: lrs.ChainedScheduler([lrs.ConstantLR(o, 0.1, 20), lrs.ExponentialLR(o, 0.999)]),
    ),
    "join_schedules": (
        gd.join_schedules([gd.linear(0.1, 0.0, 1.0, 10), gd.cosine(0.1, 90)], [10]),
        lambda o: lrs.SequentialLR(
            o, [lrs.LinearLR(o, 1e-8, 1.0, 10), lrs.CosineAnnealingLR(o, 90)], milestones=[10]
        ),
    ),
}


def bench(name: str, steps: int, repeats: int) -> dict:
    schedule, torch_factory = CASES[name]
    ts = list(range(steps))

    def ours():
        if isinstance(schedule, tuple):  # the rate and the momentum, as CyclicLR sets both
            lr, momentum = (dataclasses.replace(s) for s in schedule)
            start = clock()
            for t in ts:
                lr(t)
                momentum(t)
            return (clock() - start) / steps
        fresh = dataclasses.replace(schedule)  # built anew: no cache from an earlier repeat
        start = clock()
        for t in ts:
            fresh(t)
        return (clock() - start) / steps

    theirs = None
    if torch is not None:

        def theirs():
            p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
            opt = torch.optim.SGD([p], lr=0.1)
            scheduler = torch_factory(opt)
            start = clock()
            for _ in ts:
                scheduler.step()
            return (clock() - start) / steps

    row = interleaved(ours, theirs, repeats)
    return row


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps, for a smoke run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    steps, repeats = (300, 3) if args.quick else (3000, 7)
    # torch warns that scheduler.step() comes before optimizer.step(): not what is timed
    warnings.filterwarnings("ignore", message=r"Detected call of `lr_scheduler.step\(\)`")

    started = time.perf_counter()
    print("gdtheory schedule benchmark" + (" (quick)" if args.quick else ""))
    print(f"   {'schedule':20s} {'gdtheory':>10s} {'torch':>10s} {'ratio':>7s}  (goal <= 0.33)")
    rows = {}
    for name in CASES:
        row = rows[name] = bench(name, steps, repeats)
        ours = row["ours"]["min_s"] * 1e6
        if "torch" in row:
            theirs = row["torch"]["min_s"] * 1e6
            print(f"   {name:20s} {ours:8.2f}us {theirs:8.2f}us {row['ratio_min']:7.3f}")
        else:
            print(f"   {name:20s} {ours:8.2f}us")
    ratios = [row["ratio_min"] for row in rows.values() if "ratio_min" in row]
    results = {
        "definitions": {
            "call_ratio_vs_torch": "one scalar call schedule(t) / one torch.optim.lr_scheduler "
            "step() for the same schedule, best of interleaved repeats over "
            f"{steps} consecutive steps, CPU time of the thread (< 1: gdtheory faster; "
            "goal <= 1/3)",
        },
        "quick": args.quick,
        "call_ratio_vs_torch": {k: r["ratio_min"] for k, r in rows.items() if "ratio_min" in r},
        "call_ratio_vs_torch_max": max(ratios) if ratios else None,
        "call_us": {k: r["ours"]["min_s"] * 1e6 for k, r in rows.items()},
        "raw": rows,
        "machine": {**machine(), "torch_threads": torch.get_num_threads() if torch else None},
        **stamp(),
        "benchmark_seconds": time.perf_counter() - started,
    }
    if ratios:
        print(f"   worst ratio {max(ratios):.3f}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"wrote {shown} ({results['benchmark_seconds']:.0f} s)")
    return results


if __name__ == "__main__":
    np.seterr(all="raise")  # a schedule call must never hit a floating-point warning
    main()
