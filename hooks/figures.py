"""MkDocs hook: draw every ``docs/figures/NAME.py`` at build time, served as ``figures/NAME.svg``.

A thin adapter over :mod:`sitebuild.figures` (the work itself, with no MkDocs in it):

* ``on_files`` queues the stale figures on the two build slots, after the notebooks
  (queued by ``hooks/notebooks.py``), and hands the cached SVGs to MkDocs as
  generated files; the pages are rendered while the figures are drawn;
* ``on_env`` (before MkDocs copies files into the site) waits for them: a failing
  figure script fails the build, strict or not;
* nothing is written into ``docs/`` (``mkdocs serve`` would rebuild forever).

Pages show a figure with ``![alt](../figures/NAME.svg)`` and its code with
``--8<-- "docs/figures/NAME.py"``. An explorable, ``docs/figures/explore_NAME.py``,
also hands ``figures/explore_NAME.json`` (its data) to MkDocs; a page shows it with
``--8<-- "docs/explorables/NAME.md"`` (the markup ``docs/assets/explore.js`` draws on).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from pathlib import Path

import mkdocs.plugins
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitebuild import figures, jobs

log = logging.getLogger("mkdocs.hooks.figures")
_pending: list[Future] = []
_targets: dict[Path, Path] = {}


@mkdocs.plugins.event_priority(-110)  # after hooks/notebooks.py has queued the notebooks
def on_files(files: Files, config) -> Files:
    _targets.clear()
    _targets.update(figures.plan(Path(config["docs_dir"])))
    stale = figures.stale(_targets)
    if stale:
        log.info("Drawing %d of %d figures", len(stale), len(_targets))
        _pending.extend(figures.start(stale, jobs.current()))
    for name, out in figures.generated(_targets).items():
        files.append(File.generated(config, name, abs_src_path=str(out)))
    return files


@mkdocs.plugins.event_priority(100)
def on_env(env, config, files):
    errors = jobs.wait_all(_pending)
    _pending.clear()
    if errors:
        jobs.finish(cancel=True)
        raise PluginError("Figure scripts failed:\n" + "\n".join(errors))
    figures.prune(_targets)
    return env


@mkdocs.plugins.event_priority(-100)
def on_post_build(config) -> None:
    jobs.finish()  # stop the figure workers (the next build starts new ones)


def on_build_error(error) -> None:
    _pending.clear()
    jobs.finish(cancel=True)
