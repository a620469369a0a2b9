"""Benchmark the site's build, its live rebuild, and the test suite (not a test).

1. a cold ``mkdocs build --strict`` (empty cache: every figure and notebook runs);
2. under ``mkdocs serve``, the time from editing one Markdown page to the
   rebuilt site (the log's "Reloading browsers"), with a warm cache;
3. the whole test suite (``python3 dev.py test``), unless ``--no-tests``.

Prints the times and writes them with their goals to benchmarks/results/site.json.
Run through ``python3 dev.py bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.json"
GOALS = {"cold_build_seconds": 60.0, "rebuild_seconds": 3.0, "test_suite_seconds": 300.0}
SERVE_FLAGS = ["--livereload", "--dirty"]  # what `python3 dev.py serve` uses
EDITED_PAGE = ROOT / "docs" / "basics" / "gradient-descent.md"


def env(cache: Path) -> dict[str, str]:
    return dict(os.environ, GDTHEORY_CACHE_DIR=str(cache), NO_MKDOCS_2_WARNING="1")


def cold_build(cache: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env(cache),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(proc: subprocess.Popen, pattern: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited before {pattern!r}")
        if re.search(pattern, line):
            return
    raise TimeoutError(f"no {pattern!r} within {timeout} s")


def serve_rebuild(cache: Path, repeats: int = 3) -> list[float]:
    """Seconds from saving an edited page to mkdocs serve's "Reloading browsers"."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *SERVE_FLAGS, "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env(cache),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    original = EDITED_PAGE.read_text(encoding="utf-8")
    times = []
    try:
        wait_for(proc, r"Serving on", timeout=300)
        for i in range(repeats):
            time.sleep(1.0)
            start = time.perf_counter()
            EDITED_PAGE.write_text(original + f"\n<!-- benchmark edit {i} -->\n", encoding="utf-8")
            wait_for(proc, r"Reloading browsers", timeout=120)
            times.append(time.perf_counter() - start)
    finally:
        EDITED_PAGE.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    return times


def test_suite() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "dev.py"), "test", "-q"], cwd=ROOT, check=False)
    return time.perf_counter() - start


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-tests", action="store_true", help="skip the test-suite timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache, site = Path(tmp) / "cache", Path(tmp) / "site"
        cold = cold_build(cache, site)
        print(f"cold strict build: {cold:.1f} s (goal < {GOALS['cold_build_seconds']:.0f} s)")
        rebuilds = serve_rebuild(cache)
    rebuild = sorted(rebuilds)[len(rebuilds) // 2]
    print(
        f"rebuild after one page edit (median of {len(rebuilds)}): {rebuild:.2f} s "
        f"(goal < {GOALS['rebuild_seconds']:.0f} s)"
    )
    results = {
        "cold_build_seconds": round(cold, 2),
        "rebuild_seconds": round(rebuild, 2),
        "rebuild_samples": [round(t, 2) for t in rebuilds],
    }
    if not args.no_tests:
        suite = test_suite()
        print(f"test suite: {suite:.0f} s (goal < {GOALS['test_suite_seconds']:.0f} s)")
        results["test_suite_seconds"] = round(suite, 1)
    elif RESULTS.exists():  # keep the last measured suite time
        old = json.loads(RESULTS.read_text())
        if "test_suite_seconds" in old:
            results["test_suite_seconds"] = old["test_suite_seconds"]
    results["goals"] = GOALS
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
