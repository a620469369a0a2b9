"""Run every benchmark and refresh benchmarks/results/*.json (``python3 dev.py bench``).

Benchmarks print ratios measured in one process; they are never timed tests.
The Performance page of the site plots the results files at build time.
Options are passed through: ``--quick`` to the optimizer, schedule and run
benchmarks, ``--no-tests`` to the site benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    opt_args = [a for a in argv if a == "--quick"]
    site_args = [a for a in argv if a == "--no-tests"]
    status = subprocess.call([sys.executable, str(HERE / "bench_optimizers.py"), *opt_args])
    # Benchmarks other parts of the project add; each runs only if its file is there.
    for name in ("bench_schedules.py", "bench_run.py"):
        if (HERE / name).exists():
            status |= subprocess.call([sys.executable, str(HERE / name), *opt_args])
    status |= subprocess.call([sys.executable, str(HERE / "bench_site.py"), *site_args])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
