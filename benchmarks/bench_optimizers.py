"""Benchmark the optimizers against torch.optim and against a Python loop (not a test).

Three measurements, all in this one process:

1. per-step time of one optimizer step on a 2-D problem, gdtheory vs torch.optim
   (goal: gdtheory at least 5x faster);
2. a sweep of 1,000 learning rates x 1,000 steps on a 2-D quadratic, as one
   batched run vs a Python loop over the 1,000 runs (goal: at least 50x faster);
3. one Adam step on 10^7 float64 parameters vs torch.optim.Adam(foreach=True)
   with torch.set_num_threads(1) (goal: at most 1.5x torch's time); AdamW and
   AdaMax the same way, against torch's AdamW and Adamax.

It prints the ratios and writes every figure, the raw times and a description of
the machine, the date and the command to benchmarks/results/optimizers.json. Run it with
``python benchmarks/bench_optimizers.py`` (under a minute on an idle machine;
``--quick`` for a smoke run; ``--only Adafactor,Muon`` runs only the named optimizers,
in every section that has them, and writes no results file unless ``--output`` is
given). gdtheory and torch are timed turn about; the ratios
compare the best of the repeats and the medians are recorded too, so that the
machine's other load shows in the spread between the two.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gdtheory as gd  # noqa: E402

try:
    import torch
except ImportError:  # the comparisons with torch are skipped, the sweep still runs
    torch = None

RESULTS = ROOT / "benchmarks" / "results" / "optimizers.json"


def stamp() -> dict:
    """When and with which command a results file was written (the Performance page quotes it)."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return {"date": now, "command": "python3 dev.py bench"}


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__ if torch is not None else None,
        "torch_threads": 1,
    }
    try:
        with open("/proc/meminfo") as f:
            info["memory_gib"] = round(int(f.readline().split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return info


def summary(samples: list[float]) -> dict:
    return {"min_s": min(samples), "median_s": statistics.median(samples), "samples": len(samples)}


def interleaved(ours, theirs, repeats: int) -> dict:
    """Time ``ours`` and ``theirs`` (each returns its own seconds) turn about.

    Alternating the two makes a change in the machine's other load hit both alike.
    The headline ratio compares the minima (the run least disturbed by other
    processes, as ``timeit`` advises); the medians are kept too.
    """
    a, b = [], []
    for _ in range(repeats):
        a.append(ours())
        if theirs is not None:
            b.append(theirs())
    row = {"ours": summary(a)}
    if theirs is not None:
        row["torch"] = summary(b)
        row["ratio_min"] = row["ours"]["min_s"] / row["torch"]["min_s"]
        row["ratio_median"] = row["ours"]["median_s"] / row["torch"]["median_s"]
    return row


# ----------------------------------------------------------------------------- 1. per step

PER_STEP = [  # name, ours, torch factory
    ("SGD", lambda: gd.SGD(lr=1e-3), lambda p: torch.optim.SGD(p, lr=1e-3)),
    ("GD", lambda: gd.GD(lr=1e-3), lambda p: torch.optim.SGD(p, lr=1e-3)),
    (
        "Momentum",
        lambda: gd.Momentum(lr=1e-3, beta=0.9),
        lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9),
    ),
    (
        "Nesterov",
        lambda: gd.Nesterov(lr=1e-3, beta=0.9, form="torch"),
        lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9, nesterov=True),
    ),
    ("AdaGrad", lambda: gd.AdaGrad(), lambda p: torch.optim.Adagrad(p)),
    ("RMSProp", lambda: gd.RMSProp(), lambda p: torch.optim.RMSprop(p)),
    ("AdaDelta", lambda: gd.AdaDelta(), lambda p: torch.optim.Adadelta(p)),
    ("Adam", lambda: gd.Adam(), lambda p: torch.optim.Adam(p)),
    ("AdamW", lambda: gd.AdamW(), lambda p: torch.optim.AdamW(p)),
    ("NAdam", lambda: gd.NAdam(), lambda p: torch.optim.NAdam(p)),
    ("AdaMax", lambda: gd.AdaMax(), lambda p: torch.optim.Adamax(p)),
    ("RAdam", lambda: gd.RAdam(), lambda p: torch.optim.RAdam(p)),
    ("Rprop", lambda: gd.Rprop(), lambda p: torch.optim.Rprop(p)),
    ("ASGD", lambda: gd.ASGD(), lambda p: torch.optim.ASGD(p)),
    ("Adafactor", lambda: gd.Adafactor(), lambda p: torch.optim.Adafactor(p)),
    # Muon needs a matrix: the 2-D point as a 1 x 2 matrix on both sides.
    ("Muon", lambda: gd.Muon(shape=(1, 2)), lambda p: torch.optim.Muon(p)),
]
# Shape of torch's parameter where it is not the plain vector of the 2-D point.
TORCH_SHAPE = {"Muon": (1, 2)}


def per_step(steps: int, repeats: int, only: set[str] | None = None) -> dict:
    x0, g0 = np.array([1.0, 2.0]), np.array([0.1, -0.2])
    torch_steps = max(steps // 4, 100)  # torch's steps are slower: fewer of them
    out = {}
    for name, ours_factory, torch_factory in PER_STEP:
        if only is not None and name not in only:
            continue
        opt = ours_factory()

        def run_ours(opt=opt):
            x, s = x0, opt.init(x0)
            start = time.perf_counter()
            for _ in range(steps):
                x, s = opt.step(x, g0, s)
            return (time.perf_counter() - start) / steps

        run_torch = None
        if torch is not None:
            shape = TORCH_SHAPE.get(name, x0.shape)
            p = torch.tensor(x0.reshape(shape), dtype=torch.float64, requires_grad=True)
            p.grad = torch.tensor(g0.reshape(shape), dtype=torch.float64)
            topt = torch_factory([p])
            topt.step()

            def run_torch(topt=topt, n=torch_steps):
                start = time.perf_counter()
                for _ in range(n):
                    topt.step()
                return (time.perf_counter() - start) / n

        row = interleaved(run_ours, run_torch, repeats)
        if "torch" in row:
            row["speedup"] = 1 / row["ratio_min"]  # torch's time / ours
            row["speedup_median"] = 1 / row["ratio_median"]
        out[name] = row
    return out


# ----------------------------------------------------------------------------- 2. sweep

A = np.array([[3.0, 1.0], [1.0, 2.0]])  # a 2-D quadratic f(x) = x^T A x / 2
X0 = np.array([1.0, -1.5])


def sweep(n_lr: int, steps: int, make, loop_runs: int | None = None) -> dict:
    """One batched run over ``n_lr`` learning rates vs a Python loop over the runs.

    ``loop_runs`` < ``n_lr`` times only that many runs of the loop and scales the
    time up (reported as such); by default every run is timed.
    """
    lrs = np.geomspace(1e-3, 0.5, n_lr)
    loop_runs = loop_runs or n_lr

    def batched():
        opt = make(lrs[:, None])
        x = np.tile(X0, (n_lr, 1))
        s = opt.init(x)
        start = time.perf_counter()
        for _ in range(steps):
            x, s = opt.step(x, x @ A, s)  # the gradient A x of every run (rows)
        return time.perf_counter() - start, x

    def loop():
        finals = []
        start = time.perf_counter()
        for lr in lrs[:loop_runs]:
            opt = make(float(lr))
            x, s = X0, opt.init(X0)
            for _ in range(steps):
                x, s = opt.step(x, x @ A, s)  # A is symmetric: x @ A = A x, as in batched()
            finals.append(x)
        return (time.perf_counter() - start) * (n_lr / loop_runs), np.array(finals)

    t_batched, x_batched = batched()
    t_batched = min(t_batched, batched()[0])
    t_loop, x_loop = loop()
    same = bool(np.allclose(x_batched[:loop_runs], x_loop, rtol=1e-12, atol=1e-300))
    return {
        "learning_rates": n_lr,
        "steps": steps,
        "batched_s": t_batched,
        "loop_s": t_loop,
        "loop_runs_timed": loop_runs,
        "speedup": t_loop / t_batched,
        "same_result": same,
    }


# ----------------------------------------------------------------------------- 3. Adam 1e7


LARGE = {  # name -> ours, torch factory (foreach, as torch picks for many parameters)
    "Adam": (lambda: gd.Adam(lr=1e-3), lambda p: torch.optim.Adam(p, lr=1e-3, foreach=True)),
    "AdamW": (lambda: gd.AdamW(lr=1e-3), lambda p: torch.optim.AdamW(p, lr=1e-3, foreach=True)),
    "AdaMax": (
        lambda: gd.AdaMax(lr=1e-3),
        lambda p: torch.optim.Adamax(p, lr=1e-3, foreach=True),
    ),
}


def adam_large(n: int, repeats: int, name: str = "Adam") -> dict:
    ours_factory, torch_factory = LARGE[name]
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n)
    g = rng.standard_normal(n)
    opt = ours_factory()
    state = opt.init(x)
    x, state = opt.step(x, g, state)  # warm up (first touch of the state arrays)
    holder = {"x": x, "s": state}

    def run_ours():
        start = time.perf_counter()
        holder["x"], holder["s"] = opt.step(holder["x"], g, holder["s"])
        return time.perf_counter() - start

    run_torch = None
    if torch is not None:
        torch.set_num_threads(1)
        p = torch.tensor(rng.standard_normal(n), dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g)
        topt = torch_factory([p])
        topt.step()

        def run_torch():
            start = time.perf_counter()
            topt.step()
            return time.perf_counter() - start

    return {"parameters": n, **interleaved(run_ours, run_torch, repeats)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--output", type=Path, default=None, help=f"results file (default: {RESULTS})"
    )
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help="run only these optimizers (in every section that has them) and write no "
        "results file unless --output is given",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    only = None if args.only is None else set(args.only.split(","))
    known = {row[0] for row in PER_STEP} | set(LARGE)
    if only is not None and not only <= known:
        parser.error(f"--only: unknown optimizer(s) {sorted(only - known)}; known: {sorted(known)}")
    output = args.output if args.output is not None or only is not None else RESULTS

    started = time.perf_counter()
    print("gdtheory optimizer benchmark" + (" (quick)" if quick else ""))
    if torch is None:
        print("torch is not installed: the comparisons with torch.optim are skipped")
    else:
        torch.set_num_threads(1)

    step_rows = per_step(steps=2_000 if quick else 10_000, repeats=3 if quick else 7, only=only)
    print("\n1. one step on a 2-D problem (best of interleaved repeats)")
    print(f"   {'optimizer':10s} {'gdtheory':>10s} {'torch':>10s} {'speedup':>8s}")
    for name, row in step_rows.items():
        ours = row["ours"]["min_s"] * 1e6
        if "torch" in row:
            theirs = row["torch"]["min_s"] * 1e6
            print(f"   {name:10s} {ours:8.2f}us {theirs:8.2f}us {row['speedup']:7.2f}x")
        else:
            print(f"   {name:10s} {ours:8.2f}us")

    n_lr, steps = (100, 100) if quick else (1_000, 1_000)
    sweeps = {
        "GD": lambda: sweep(n_lr, steps, lambda lr: gd.GD(lr=lr)),
        # Adam's loop is timed over a quarter of the runs and scaled up, to keep the
        # benchmark short; the GD loop runs every one of the 1,000.
        "Adam": lambda: sweep(n_lr, steps, lambda lr: gd.Adam(lr=lr), loop_runs=n_lr // 4),
    }
    sweeps = {name: run() for name, run in sweeps.items() if only is None or name in only}
    print(f"\n2. sweep of {n_lr} learning rates x {steps} steps on a 2-D quadratic")
    for name, row in sweeps.items():
        scaled = (
            f" ({row['loop_runs_timed']} runs timed, scaled)"
            if row["loop_runs_timed"] < row["learning_rates"]
            else ""
        )
        print(
            f"   {name:5s} batched {row['batched_s']:.3f}s, loop {row['loop_s']:.2f}s{scaled}: "
            f"{row['speedup']:.0f}x faster (same result: {row['same_result']})"
        )

    n = 10**5 if quick else 10**7
    large = {
        name: adam_large(n, repeats=3 if quick else 9, name=name)
        for name in LARGE
        if only is None or name in only
    }
    adam = large.get("Adam", {})
    print(f"\n3. one Adam step on {n:.0e} float64 parameters")
    if not adam:
        print("   (not run: --only)")
    elif "torch" in adam:
        print(
            f"   gdtheory {adam['ours']['min_s'] * 1e3:.1f} ms, torch (foreach, 1 thread) "
            f"{adam['torch']['min_s'] * 1e3:.1f} ms: {adam['ratio_min']:.2f}x torch's time "
            f"(medians: {adam['ratio_median']:.2f}x)"
        )
    else:
        print(f"   gdtheory {adam['ours']['min_s'] * 1e3:.1f} ms")
    for name in ("AdamW", "AdaMax"):
        row = large.get(name, {})
        if "torch" in row:
            print(
                f"   {name}: gdtheory {row['ours']['min_s'] * 1e3:.1f} ms, torch "
                f"{row['torch']['min_s'] * 1e3:.1f} ms: {row['ratio_min']:.2f}x torch's time"
            )

    speedups = [row["speedup"] for row in step_rows.values() if "speedup" in row]
    results = {
        "definitions": {
            "per_step_ratio_vs_torch": "torch.optim step time / gdtheory step time, 2-D "
            "float64 parameters, best of interleaved repeats (> 1: gdtheory faster; goal >= 5)",
            "sweep_speedup_vs_loop": "Python loop over the runs / one batched run, "
            "1,000 learning rates x 1,000 steps on a 2-D quadratic (goal >= 50)",
            "adam_1e7_ratio_vs_torch": "gdtheory Adam step time / torch.optim.Adam("
            "foreach=True) step time, 1e7 float64 parameters, torch.set_num_threads(1), "
            "best of interleaved repeats (goal <= 1.5; the medians' ratio is in raw)",
            "large_1e7_ratio_vs_torch": "the same for Adam, AdamW and AdaMax against "
            "torch's Adam, AdamW and Adamax (foreach=True)",
        },
        "quick": quick,
        "only": None if only is None else sorted(only),
        "per_step_ratio_vs_torch": {
            k: r["speedup"] for k, r in step_rows.items() if "speedup" in r
        },
        "per_step_ratio_vs_torch_min": min(speedups) if speedups else None,
        "per_step_ratio_vs_torch_geomean": (
            float(np.exp(np.mean(np.log(speedups)))) if speedups else None
        ),
        "sweep_speedup_vs_loop": {k: r["speedup"] for k, r in sweeps.items()},
        "adam_1e7_ratio_vs_torch": adam.get("ratio_min"),
        "large_1e7_ratio_vs_torch": {k: r.get("ratio_min") for k, r in large.items()},
        "raw": {"per_step": step_rows, "sweep": sweeps, "adam_large": adam, "large": large},
        "machine": machine(),
        **stamp(),
        "benchmark_seconds": time.perf_counter() - started,
    }
    if output is None:
        print(f"\nno results file written (--only; {results['benchmark_seconds']:.0f} s)")
        return results
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    print(f"\nwrote {shown} ({results['benchmark_seconds']:.0f} s)")
    return results


if __name__ == "__main__":
    main()
