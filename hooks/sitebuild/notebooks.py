"""Notebooks: every ``docs/**/*.ipynb`` executed top to bottom into a cache folder.

mkdocs-jupyter's own cache is keyed on the notebook's bytes only, so a change to
``gdtheory`` would not re-run a notebook. Here each notebook is executed with
nbclient into ``<key>/<name>.ipynb``, the key covering the notebook, the code of
``gdtheory`` and the kernel's package versions. A cell that raises fails.

Kernels draw with matplotlib's inline backend (PNG, whose bytes are the same on every
run), whatever ``MPLBACKEND`` the build itself runs with, and talk to the build over
local IPC sockets, not TCP.

A translated notebook (``N.ko.ipynb`` beside ``N.ipynb``) has the English code cells,
byte for byte (``tests/test_translations.py`` holds it to that); it is not executed
again: its executed copy is the translation with the English run's outputs
(:func:`merge_outputs`), so both editions show the same run.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from sitebuild import cache_module, translations
from sitebuild.jobs import Slots, lower_priority

TIMEOUT = 600
# What the kernels get on top of the build's environment. The build may run with
# MPLBACKEND=Agg (figure scripts, tests), under which plt.show() draws nothing.
KERNEL_ENV = {
    **cache_module().SINGLE_THREADED,
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
# PNG whatever the reader's IPython profile says (an SVG would inline text and ids).
KERNEL_ARGS = ["--InlineBackend.figure_formats=png"]


class NotebookError(RuntimeError):
    """A notebook cell raised while the notebook was executed."""


def coalesce_streams(outputs: list) -> list:
    """Merge adjacent stdout (or stderr) chunks into one output.

    How a kernel splits its stream into messages depends on timing, so without
    this two builds of the same notebook can differ in bytes.
    """
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            last["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def execute(source: Path, target: Path, nice: int = 0) -> None:
    """Run ``source`` top to bottom in a fresh kernel and write the result to ``target``.

    ``nice`` lowers the kernel's CPU priority (background jobs under ``mkdocs serve``).
    """
    nb = nbformat.read(source, as_version=4)
    # IPC sockets in a private folder: over TCP the kernel warns on every start that
    # its traffic is unencrypted, and the sockets must not land in docs/. (Windows has
    # no IPC transport in ZeroMQ: TCP there.)
    with tempfile.TemporaryDirectory(prefix="gdtheory-kernel-") as sockets:
        manager = {"transport": "ipc", "ip": f"{sockets}/kernel"} if os.name != "nt" else {}
        client = NotebookClient(
            nb,
            timeout=TIMEOUT,
            kernel_name="python3",
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(source.parent)}},
            config=Config({"KernelManager": manager}),
            extra_arguments=KERNEL_ARGS,
        )
        if nice:
            client.on_notebook_start = lambda **_: lower_priority(client.km.provisioner.pid, nice)
        try:
            client.execute(env={**os.environ, **KERNEL_ENV})  # passed to the kernel
        except CellExecutionError as exc:
            raise NotebookError(f"Notebook {source} failed:\n{exc}") from None
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # two builds may share the cache
    nbformat.write(nb, tmp)
    tmp.replace(target)


def original(source: Path) -> Path | None:
    """The English notebook of a translation (``N.ko.ipynb`` -> ``N.ipynb``), if it exists."""
    english, lang = translations.split(Path(source).as_posix())
    if lang == translations.LANGUAGES[0] or not Path(english).is_file():
        return None
    return Path(english)


def code_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def shares_code(source: Path, english: Path) -> bool:
    """Whether two notebooks have the same code cells, in the same order."""
    read = functools.partial(nbformat.read, as_version=4)
    return code_cells(read(source)) == code_cells(read(english))


def merge_outputs(source: Path, executed_english: Path, target: Path) -> None:
    """Write ``source`` (a translation) with the outputs of the executed English notebook."""
    nb = nbformat.read(source, as_version=4)
    ran = [c for c in nbformat.read(executed_english, as_version=4).cells if c.cell_type == "code"]
    ours = [c for c in nb.cells if c.cell_type == "code"]
    if [c.source for c in ours] != [c.source for c in ran]:
        raise NotebookError(f"{source} does not have the code cells of {executed_english}")
    for cell, done in zip(ours, ran, strict=True):
        cell.outputs = done.outputs
        cell.execution_count = done.execution_count
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # two builds may share the cache
    nbformat.write(nb, tmp)
    tmp.replace(target)


def plan(sources: list[Path]) -> dict[Path, Path]:
    """Each notebook and the cached executed copy it maps to (one folder per key)."""
    cache = cache_module()
    common = cache.key(
        cache.package_digest(),
        repr(sorted(KERNEL_ENV.items())),
        *KERNEL_ARGS,
        *(version(name) for name in ("numpy", "matplotlib", "matplotlib-inline", "nbclient")),
        version("ipykernel"),
    )
    out_dir = cache.cache_dir("notebooks")

    # One folder per key keeps the notebook's own name for the download link.
    def key(s: Path) -> str:
        english = original(s)  # a translation shows the English run: it depends on both
        extra = [english.read_bytes()] if english is not None else []
        return cache.key(common, Path(s).read_bytes(), *extra)

    return {s: out_dir / key(s) / Path(s).name for s in sources}


def start(targets: dict[Path, Path], slots: Slots) -> dict[Path, Future]:
    """Queue each stale notebook on the build slots, longest first (by file size).

    A translation that shares the English code waits for the English run (queued
    before it, or already cached) and takes its outputs instead of running again.
    """
    stale = sorted(
        ((s, t) for s, t in targets.items() if not t.exists()),
        key=lambda pair: (original(pair[0]) is not None, -pair[0].stat().st_size),
    )
    jobs: dict[Path, Future] = {}
    for source, target in stale:
        english = original(source)
        ran = None if english is None else targets.get(english) or plan([english])[english]
        run = jobs.get(english) if english is not None else None
        if ran is not None and (run is not None or ran.exists()) and shares_code(source, english):

            def merge(source=source, target=target, ran=ran, run=run) -> None:
                if run is not None:
                    run.result()
                merge_outputs(source, ran, target)

            jobs[source] = slots.job(target, merge)
        else:
            jobs[source] = slots.job(target, functools.partial(execute, source, target, slots.nice))
    return jobs


def prune(targets: dict[Path, Path]) -> None:
    """Delete executed copies that no current notebook maps to, except those of the
    previous version of the package (``kept_generations``)."""
    cache = cache_module()
    keep = cache.kept_generations("notebooks", {target.parent.name for target in targets.values()})
    for old in cache.cache_dir("notebooks").iterdir():
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
