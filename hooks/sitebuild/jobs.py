"""Two build slots, one per core, shared by figure drawing and notebook execution.

A job is a function run in one of the slots. Notebooks are queued first (they are
the longest jobs), figures after; whichever slot frees first takes the next job, so
both cores stay busy until the end and no more than two build processes run at
once. Each slot keeps one figure worker process alive, so matplotlib and
``gdtheory`` are imported once per slot, not once per figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sitebuild import HOOKS, ROOT, cache_module

SLOTS = 2
RENDERER = HOOKS / "render_figures.py"


class FigureWorker:
    """A ``render_figures.py --serve`` process: one figure per request, imports paid once."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(RENDERER), "--serve"],
            cwd=ROOT,
            env=cache_module().worker_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def draw(self, script: Path, out: Path) -> None:
        """Draw ``script`` to ``out``; raise RuntimeError with the traceback if it fails."""
        self.proc.stdin.write(json.dumps([str(script), str(out)]) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"figure worker died while drawing {script}")
        reply = json.loads(line)
        if not reply["ok"]:
            raise RuntimeError(f"figure script failed: {script}\n{reply['error']}")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


class Slots:
    """A two-slot job queue; ``close()`` waits for every job and stops the workers."""

    def __init__(self, slots: int = SLOTS) -> None:
        self._pool = ThreadPoolExecutor(slots, thread_name_prefix="build-slot")
        self._local = threading.local()
        self._workers: list[FigureWorker] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable, *args) -> Future:
        return self._pool.submit(fn, *args)

    def figure_worker(self) -> FigureWorker:
        """The calling slot's figure worker, started on first use."""
        worker = getattr(self._local, "worker", None)
        if worker is None:
            worker = self._local.worker = FigureWorker()
            with self._lock:
                self._workers.append(worker)
        return worker

    def draw(self, script: Path, out: Path) -> Future:
        return self.submit(lambda: self.figure_worker().draw(script, out))

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        for worker in self._workers:
            worker.close()
        self._workers.clear()


def wait_all(futures: list[Future]) -> list[str]:
    """Wait for every future; the error messages of those that failed, in order."""
    errors = []
    for future in futures:
        exc = future.exception()
        if exc is not None:
            errors.append(str(exc))
    return errors


# The slots of the build under way, shared by the figure and notebook hooks.
_current: Slots | None = None


def current() -> Slots:
    """The current build's slots, started on first use."""
    global _current
    if _current is None:
        _current = Slots()
    return _current


def finish(cancel: bool = False) -> None:
    """Wait for the current build's jobs (or cancel those not started) and stop its workers."""
    global _current
    if _current is not None:
        slots, _current = _current, None
        slots.close(cancel)
