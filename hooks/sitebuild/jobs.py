"""Two build slots, one per core, shared by figure drawing and notebook execution.

A job is a function run in one of the slots. Notebooks are queued first (they are
the longest jobs), figures after; whichever slot frees first takes the next job, so
both cores stay busy until the end and no more than two build processes run at
once. Each slot keeps one figure worker process alive, so matplotlib and
``gdtheory`` are imported once per slot, not once per figure.

A plain build waits for every job (and fails if one fails). Under ``mkdocs serve``
(:func:`run_in_background`) a build waits for none: each job writes its output in
the background, the pages serve what :func:`serving` gives meanwhile (the version
served before, or a placeholder that says so), and each finished job calls back so
that the server rebuilds and reloads. A failed job is then logged, not raised; the
previous version stays until the next edit. Background slots live from one build to
the next and are replaced when the package's code changes (their figure workers
imported the old code).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sitebuild import HOOKS, ROOT, cache_module

SLOTS = 2
RENDERER = HOOKS / "render_figures.py"
# Under `mkdocs serve` the background jobs run at a lower CPU priority than the server, so
# that the rebuild of an edited page does not share the cores with them.
BACKGROUND_NICE = 10
log = logging.getLogger("mkdocs.hooks.jobs")


class FigureWorker:
    """A ``render_figures.py --serve`` process: one figure per request, imports paid once."""

    def __init__(self, nice: int = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(RENDERER), "--serve"],
            cwd=ROOT,
            env=cache_module().worker_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        lower_priority(self.proc.pid, nice)
        self.kept: set[Path] = set()  # scripts drawn in English and kept for translation

    def draw(self, script: Path, out: Path, lang: str = "en", keep: bool = False) -> bool:
        """Draw ``script`` to ``out`` in ``lang``; a failing script raises RuntimeError.
        True if the drawing was translated from the kept English one.

        ``keep``: the worker keeps the English figure, and a later Korean drawing of the
        script puts the Korean words in it instead of running the script again.
        """
        self.kept.discard(Path(script))  # a drawing of the script uses up what was kept
        self.proc.stdin.write(json.dumps([str(script), str(out), lang, keep]) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"figure worker died while drawing {script}")
        reply = json.loads(line)
        if not reply["ok"]:
            raise RuntimeError(f"figure script failed: {script}\n{reply['error']}")
        if keep:
            self.kept.add(Path(script))
        return bool(reply.get("translated"))

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def lower_priority(pid: int, nice: int) -> None:
    """Lower the CPU priority of process ``pid`` by ``nice`` (where the system allows it)."""
    if nice and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, pid) + nice)
        except OSError:  # the process has ended, or the system refuses
            pass


class Slots:
    """A two-slot job queue; ``close()`` waits for every job and stops the workers."""

    nice = 0  # how much lower than the build's the job processes' CPU priority is
    translated = 0  # drawings translated from a kept English one (``draw_translations``)

    def __init__(self, slots: int = SLOTS) -> None:
        self._pool = self._make_pool(slots)
        self._local = threading.local()
        self._workers: list[FigureWorker] = []
        self._lock = threading.Lock()

    def _make_pool(self, slots: int) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(slots, thread_name_prefix="build-slot")

    def submit(self, fn: Callable, *args) -> Future:
        return self._pool.submit(fn, *args)

    def job(self, out: Path, fn: Callable[[], None]) -> Future:
        """Queue ``fn``, a job that writes the file ``out``."""
        return self.submit(fn)

    def figure_worker(self) -> FigureWorker:
        """The calling slot's figure worker, started on first use."""
        worker = getattr(self._local, "worker", None)
        if worker is None:
            worker = self._local.worker = FigureWorker(self.nice)
            with self._lock:
                self._workers.append(worker)
        return worker

    def draw(self, script: Path, out: Path, lang: str = "en", keep: bool = False) -> Future:
        return self.job(out, lambda: self.figure_worker().draw(script, out, lang, keep))

    def draw_translations(self, pairs: list[tuple[Path, Path]], lang: str) -> list[Future]:
        """Queue the ``lang`` drawings of ``pairs`` (script, out); a future for each.

        Each queued job draws whichever figure is left that its slot's worker kept in
        English (``draw(..., keep=True)``), so that the worker translates it, or else the
        first one left (drawn from its script in ``lang``).
        """
        futures = {Path(script): Future() for script, _ in pairs}
        left = {Path(script): Path(out) for script, out in pairs}
        lock = threading.Lock()

        def one() -> None:
            worker = self.figure_worker()
            with lock:
                if not left:
                    return
                script = next((s for s in left if s in worker.kept), next(iter(left)))
                out = left.pop(script)
            future = futures[script]
            if not future.set_running_or_notify_cancel():
                return
            try:
                translated = worker.draw(script, out, lang)
            except BaseException as exc:  # the figure's failure, reported through its future
                future.set_exception(exc)
            else:
                with lock:
                    self.translated += translated
                future.set_result(None)

        for _ in pairs:
            self.submit(one)
        return list(futures.values())

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        for worker in self._workers:
            worker.close()
        self._workers.clear()


class _DaemonPool:
    """A ``ThreadPoolExecutor`` whose threads do not hold up the end of the process.

    Python joins an executor's threads at exit, so stopping ``mkdocs serve`` would wait
    for every background figure and notebook.
    """

    def __init__(self, workers: int) -> None:
        self._queue: queue.Queue = queue.Queue()
        for i in range(workers):
            name = f"background-slot-{i}"
            threading.Thread(target=self._work, name=name, daemon=True).start()
        self._workers = workers

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # the job's failure, reported through its future
                future.set_exception(exc)

    def shutdown(self, wait: bool = False, cancel_futures: bool = False) -> None:
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        for _ in range(self._workers):
            self._queue.put(None)


class Background(Slots):
    """Slots whose jobs outlive the build that queued them (``mkdocs serve``).

    One job per output file: a rebuild that finds the output still missing gets the
    job already queued (or the failed one: a failing script runs again only once its
    key changes). ``on_done`` is called after each job that succeeds. The job
    processes run at a lower CPU priority than the server.
    """

    nice = BACKGROUND_NICE

    def _make_pool(self, slots: int) -> _DaemonPool:
        return _DaemonPool(slots)

    def __init__(self, generation: str, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.generation = generation
        self._on_done = on_done
        self._jobs: dict[Path, Future] = {}
        self._retired = False

    def job(self, out: Path, fn: Callable[[], None]) -> Future:
        out = Path(out)
        with self._lock:
            if out in self._jobs:
                return self._jobs[out]
            future = self._jobs[out] = self.submit(fn)
        future.add_done_callback(lambda f: self._finished(out, f))
        return future

    def pending(self) -> list[Path]:
        """The outputs whose job has not finished."""
        with self._lock:
            return [out for out, f in self._jobs.items() if not f.done()]

    def _finished(self, out: Path, future: Future) -> None:
        if self._retired or future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("%s\nThe site keeps serving the previous version of %s.", error, out.name)
        if not self.pending():
            with self._lock:
                failed = sum(1 for f in self._jobs.values() if not f.cancelled() and f.exception())
                total = len(self._jobs)
            log.info("Background jobs done: %d ready, %d failed", total - failed, failed)
        if error is None:
            self._on_done()

    def draw(self, script: Path, out: Path, lang: str = "en", keep: bool = False) -> Future:
        return super().draw(script, out, lang)  # one job per output, nothing kept

    def draw_translations(self, pairs: list[tuple[Path, Path]], lang: str) -> list[Future]:
        return [self.draw(script, out, lang) for script, out in pairs]

    def figure_worker(self) -> FigureWorker:
        if self._retired:
            raise RuntimeError("these build slots were replaced")
        return super().figure_worker()

    def retire(self) -> None:
        """Drop the queued jobs and stop the figure workers (a notebook under way finishes)."""
        self._retired = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers, self._workers = list(self._workers), []
        for worker in workers:
            worker.proc.kill()
            worker.proc.wait()


def wait_all(futures: list[Future]) -> list[str]:
    """Wait for every future; the error messages of those that failed, in order.

    Under ``mkdocs serve`` (:func:`run_in_background`) nothing is waited for and the
    list is empty: a failure is logged when it happens.
    """
    if _on_done is not None:
        return []
    errors = []
    for future in futures:
        exc = future.exception()
        if exc is not None:
            errors.append(str(exc))
    return errors


# The slots of the build under way, shared by the figure and notebook hooks (under
# `mkdocs serve`: the background slots of the package's current code).
_current: Slots | None = None
# Called when a background job finishes; None outside `mkdocs serve`.
_on_done: Callable[[], None] | None = None


def run_in_background(on_done: Callable[[], None]) -> None:
    """From now on, builds do not wait for their jobs; ``on_done()`` follows each success."""
    global _on_done
    _on_done = on_done


def in_background() -> bool:
    """Whether builds leave their jobs running (under ``mkdocs serve``)."""
    return _on_done is not None


def background_callback() -> Callable[[], None] | None:
    """What a background job calls when it finishes (None outside ``mkdocs serve``)."""
    return _on_done


def _generation() -> str:
    """What a figure worker has imported: the package's code and the renderer."""
    cache = cache_module()
    return cache.key(cache.package_digest(), RENDERER.read_bytes())


def current() -> Slots:
    """The current build's slots, started on first use."""
    global _current
    if _on_done is not None:
        generation = _generation()
        if not isinstance(_current, Background) or _current.generation != generation:
            if isinstance(_current, Background):
                _current.retire()
            _current = Background(generation, _on_done)
        return _current
    if _current is None:
        _current = Slots()
    return _current


def stop() -> None:
    """Drop the background jobs and stop their workers (``mkdocs serve`` is ending)."""
    global _current
    if isinstance(_current, Background):
        _current.retire()
        _current = None


def pending() -> set[Path]:
    """The outputs of background jobs not finished yet (empty outside ``mkdocs serve``)."""
    return set(_current.pending()) if isinstance(_current, Background) else set()


def finish(cancel: bool = False) -> None:
    """Wait for the current build's jobs (or cancel those not started) and stop its workers.

    Background jobs (under ``mkdocs serve``) are left running.
    """
    global _current
    if _on_done is not None:
        return
    if _current is not None:
        slots, _current = _current, None
        slots.close(cancel)


# --- What the pages serve while a background job runs -------------------------------------

PLACEHOLDER_MARK = "gdtheory-placeholder"
PLACEHOLDER_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" class="{mark}" width="700" height="120" \
viewBox="0 0 700 120" role="img" aria-label="{text}">
<rect x="1" y="1" width="698" height="118" fill="#fff" stroke="#888" stroke-dasharray="8 5"/>
<text x="350" y="55" text-anchor="middle" font-family="sans-serif" font-size="18" \
fill="#333">{title}</text>
<text x="350" y="85" text-anchor="middle" font-family="sans-serif" font-size="14" \
fill="#555">The page reloads when it is ready.</text>
</svg>
"""
PLACEHOLDER_NOTE = (
    "**This notebook is being executed** ({mark}): its outputs appear here when the "
    "run finishes, and the page reloads then."
)


def _placeholder(name: str, source: Path | None) -> str:
    """The text of a placeholder for the artifact ``name``: a card for a figure (``.svg``),
    the notebook without outputs (``.ipynb``), a note for anything else."""
    if name.endswith(".svg"):
        title = f"Figure being drawn: {Path(name).stem}"
        text = f"{title}. The page reloads when it is ready."
        return PLACEHOLDER_SVG.format(mark=PLACEHOLDER_MARK, title=title, text=text)
    if name.endswith(".ipynb"):
        if source is not None and source.exists():
            nb = json.loads(source.read_text(encoding="utf-8"))
        else:
            nb = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        for cell in nb["cells"]:
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        note = PLACEHOLDER_NOTE.format(mark=PLACEHOLDER_MARK)
        nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": note})
        return json.dumps(nb, indent=1)
    note = f"{Path(name).name} is being made; the page reloads when it is ready."
    if name.endswith(".json"):  # explorable data: valid JSON that says what it is
        return json.dumps({PLACEHOLDER_MARK: note})
    return f"{PLACEHOLDER_MARK}: {note}\n"


def serving(path: Path, uri: str, source: Path | None = None) -> Path:
    """The file to serve as ``uri`` (a site file's source URI) for the artifact ``path``.

    ``path`` itself once it exists (a job's output); until then the last version served
    as ``uri`` (kept as a hard link, so pruning the cache does not remove it), or a
    placeholder that says the artifact is on its way, built from ``source`` for a
    notebook (its code without outputs). A call with an existing ``path`` records it as
    the version served as ``uri``.
    """
    folder = cache_module().cache_dir("serve")
    kept = folder / "served" / uri
    if path.exists():
        if not (kept.exists() and os.path.samefile(kept, path)):
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_name(kept.name + ".tmp")
            tmp.unlink(missing_ok=True)
            os.link(path, tmp)
            os.replace(tmp, kept)
        return path
    if kept.exists():
        return kept
    placeholder = folder / "placeholders" / uri
    if not placeholder.exists():
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.write_text(_placeholder(uri, source), encoding="utf-8")
    return placeholder
