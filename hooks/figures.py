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
from sitebuild.translations import editions

log = logging.getLogger("mkdocs.hooks.figures")
_pending: dict[Path, Future] = {}  # cached SVG -> the job drawing it
_targets: dict[str, dict[Path, Path]] = {}  # language -> script -> cached SVG


@mkdocs.plugins.event_priority(-110)  # after hooks/notebooks.py has queued the notebooks
def on_files(files: Files, config) -> Files:
    current, langs = editions(config)
    docs = Path(config["docs_dir"])
    _targets.clear()
    _targets.update({lang: figures.plan(docs, lang) for lang in dict.fromkeys(["en", *langs])})
    # The first build of a run queues every language's figures: the Korean ones are drawn
    # while the English pages render, each from its English drawing where one is made now
    # (the script runs once).
    stale = {
        lang: [pair for pair in figures.stale(targets) if pair[1] not in _pending]
        for lang, targets in _targets.items()
    }
    translated = frozenset(s for lang in stale if lang != "en" for s, _ in stale[lang])
    for lang, pairs in stale.items():
        if pairs:
            log.info("Drawing %d of %d figures (%s)", len(pairs), len(_targets[lang]), lang)
            queued = figures.start(pairs, jobs.current(), lang, keep=translated)
            for pair, job in zip(pairs, queued, strict=True):
                _pending[pair[1]] = job
    shown = figures.generated(_targets["en"])
    translated = figures.generated(_targets[current]) if current != "en" else {}
    for name, out in {**shown, **translated}.items():
        file = File.generated(config, name, abs_src_path=str(out))
        if name in translated:  # the Korean drawing, beside the Korean pages
            file.dest_uri = f"{current}/{name}"
        files.append(file)
    return files


@mkdocs.plugins.event_priority(100)
def on_env(env, config, files):
    current, _ = editions(config)
    needed = {*_targets["en"].values(), *_targets.get(current, {}).values()}
    waiting = [out for out in _pending if out in needed]
    errors = jobs.wait_all([_pending.pop(out) for out in waiting])
    if errors:
        _pending.clear()
        jobs.finish(cancel=True)
        raise PluginError("Figure scripts failed:\n" + "\n".join(errors))
    if not _pending:
        figures.prune(*_targets.values())
    return env


@mkdocs.plugins.event_priority(-100)
def on_post_build(config) -> None:
    current, langs = editions(config)
    if current == langs[-1] and not _pending:
        slots = jobs.current()
        if slots.translated:
            log.info("%d figures translated from their English drawing", slots.translated)
        jobs.finish()  # stop the figure workers (the next build starts new ones)


def on_build_error(error) -> None:
    _pending.clear()
    jobs.finish(cancel=True)
