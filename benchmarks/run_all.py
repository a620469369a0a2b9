"""Run every benchmark and refresh benchmarks/results/*.json (``python3 dev.py bench``).

Benchmarks print ratios measured in one process; they are never timed tests.
The Performance page of the site plots the results files at build time.
Options are passed through: ``--quick`` to the optimizer, schedule and run
benchmarks, ``--no-tests`` to the site benchmark.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse(argv: list[str]) -> argparse.Namespace:
    """The options; an unknown one stops the run before any benchmark starts (exit 2)."""
    parser = argparse.ArgumentParser(
        prog="python3 dev.py bench",
        allow_abbrev=False,  # a typo such as --no-test is refused, not read as --no-tests
        description="Run every benchmark and rewrite benchmarks/results/*.json.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats (optimizer, schedule, run)"
    )
    parser.add_argument(
        "--no-tests", action="store_true", help="do not time the test suite (site benchmark)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    opt_args = ["--quick"] if args.quick else []
    site_args = ["--no-tests"] if args.no_tests else []
    status = subprocess.call([sys.executable, str(HERE / "bench_optimizers.py"), *opt_args])
    # Benchmarks other parts of the project add; each runs only if its file is there.
    for name in ("bench_schedules.py", "bench_run.py"):
        if (HERE / name).exists():
            status |= subprocess.call([sys.executable, str(HERE / name), *opt_args])
    status |= subprocess.call([sys.executable, str(HERE / "bench_site.py"), *site_args])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
