"""MkDocs hook: draw every ``docs/figures/NAME.py`` at build time, served as ``figures/NAME.svg``.

* Output goes to a cache keyed on the script, the ``gdtheory`` sources, the
  benchmark results (data that figures read), the renderer and the matplotlib
  version; nothing is written into ``docs/`` (that would make ``mkdocs serve``
  rebuild forever).
* Stale figures are drawn in two subprocesses in parallel (one per core).
* A failing figure script fails the build, strict or not.
* Pages show a figure with ``![alt](../figures/NAME.svg)`` and its code with
  ``--8<-- "docs/figures/NAME.py"``.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from _cache import ROOT, cache_dir, key, package_digest, worker_env
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.figures")
RENDERER = Path(__file__).with_name("render_figures.py")
WORKERS = 2


# Data files that figure scripts read (the Performance page plots benchmark results).
DATA = ROOT / "benchmarks" / "results"


def _data_digest() -> bytes:
    return b"".join(p.name.encode() + p.read_bytes() for p in sorted(DATA.glob("*.json")))


def _targets(docs_dir: Path) -> dict[Path, Path]:
    scripts = sorted((docs_dir / "figures").glob("*.py"))
    common = key(
        package_digest(),
        _data_digest(),
        RENDERER.read_bytes(),
        version("matplotlib"),
        version("numpy"),
    )
    out_dir = cache_dir("figures")
    return {s: out_dir / f"{s.stem}-{key(common, s.read_bytes())}.svg" for s in scripts}


def _render(pairs: list[tuple[Path, Path]]) -> None:
    chunks = [pairs[i::WORKERS] for i in range(WORKERS) if pairs[i::WORKERS]]

    def run(chunk: list[tuple[Path, Path]]) -> subprocess.CompletedProcess:
        args = [str(p) for pair in chunk for p in pair]
        return subprocess.run(
            [sys.executable, str(RENDERER), *args],
            cwd=ROOT,
            env=worker_env(),
            capture_output=True,
            text=True,
        )

    with ThreadPoolExecutor(len(chunks)) as pool:
        results = list(pool.map(run, chunks))
    errors = [r.stderr for r in results if r.returncode != 0]
    if errors:
        raise PluginError("Figure scripts failed:\n" + "\n".join(errors))


def on_files(files: Files, config) -> Files:
    targets = _targets(Path(config["docs_dir"]))
    stale = [(s, out) for s, out in targets.items() if not out.exists()]
    if stale:
        log.info("Drawing %d of %d figures", len(stale), len(targets))
        _render(stale)
    live = set(targets.values())
    for old in cache_dir("figures").glob("*.svg"):
        if old not in live:
            old.unlink()
    for script, out in targets.items():
        files.append(File.generated(config, f"figures/{script.stem}.svg", abs_src_path=str(out)))
    return files
