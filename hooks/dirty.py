"""MkDocs hook: keep ``mkdocs serve --dirty`` honest.

``--dirty`` re-renders only pages whose Markdown changed, which keeps a rebuild
after editing one page under a second. Three things then go wrong without help:

* The API reference pages render ``gdtheory``'s docstrings: when the package
  changes, their Markdown does not. This hook marks them as modified whenever the
  package's sources (docstrings included) differ from the previous build. Figures
  and notebooks follow on their own: their cache keys cover the package's code.
* mkdocs-autorefs resolves ``[gd.x][gdtheory.x]`` from the anchors of the pages
  rendered in this build, and a serve rebuild starts with a fresh plugin, so a
  page rebuilt alone would show raw brackets for every link to a page that was not
  rebuilt. This hook keeps autorefs' anchor maps from the previous build and, before
  autorefs resolves links, puts back the entries of the pages not rebuilt this time.
* mkdocs-jupyter drops from its cache every notebook rendering the build did not
  use: on a dirty rebuild, all of them, one log line each. This hook keeps them.

Hooks live for the whole ``mkdocs serve`` process (MkDocs loads them once), so
module state carries from one build to the next.
"""

from __future__ import annotations

import logging
from pathlib import Path

from _cache import source_digest
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.dirty")

_last_digest: bytes | None = None

# mkdocs-autorefs' maps (private attributes, mkdocs-autorefs 1.x): identifier -> URLs
# ("page/url/#anchor"), and URL -> link title.
_URL_MAPS = ("_primary_url_map", "_secondary_url_map")
_TITLE_MAP = "_title_map"
_anchors: dict[str, dict] = {}
# Whether this build re-rendered only some pages (a --dirty rebuild).
_partial = False


def on_files(files: Files, config) -> Files:
    global _last_digest
    digest = source_digest()
    if _last_digest is not None and digest != _last_digest:
        for f in files:
            if f.src_uri.startswith("reference/") and f.src_uri.endswith(".md"):
                f.is_modified = lambda: True
    _last_digest = digest
    return files


def _page_of(url: str) -> str:
    return url.split("#", 1)[0]


@event_priority(-40)  # after every page is rendered, before autorefs resolves links (-50)
def on_env(env, config, files: Files):
    autorefs = config.plugins.get("autorefs")
    if autorefs is None:
        return env
    if not all(hasattr(autorefs, name) for name in (*_URL_MAPS, _TITLE_MAP)):
        log.warning(
            "hooks/dirty.py: this mkdocs-autorefs keeps no %s; under `mkdocs serve --dirty` "
            "links to pages that were not rebuilt stay unresolved",
            "/".join((*_URL_MAPS, _TITLE_MAP)),
        )
        return env
    global _partial
    pages = [f.page for f in files if f.page is not None]
    rebuilt = {page.url for page in pages if page.content is not None}
    _partial = len(rebuilt) < len(pages)
    for name in _URL_MAPS:
        current: dict[str, list[str]] = getattr(autorefs, name)
        for identifier, urls in _anchors.get(name, {}).items():
            kept = current.setdefault(identifier, [])
            kept.extend(u for u in urls if _page_of(u) not in rebuilt and u not in kept)
            if not kept:
                del current[identifier]
    titles: dict[str, str] = getattr(autorefs, _TITLE_MAP)
    for url, title in _anchors.get(_TITLE_MAP, {}).items():
        if _page_of(url) not in rebuilt:
            titles.setdefault(url, title)
    _anchors.update(
        {name: {k: list(v) for k, v in getattr(autorefs, name).items()} for name in _URL_MAPS}
    )
    _anchors[_TITLE_MAP] = dict(titles)
    return env


@event_priority(10)  # before mkdocs-jupyter's on_post_build evicts its cache (priority 0)
def on_post_build(config) -> None:
    """On a partial rebuild, keep mkdocs-jupyter's cache of the notebooks not rebuilt.

    mkdocs-jupyter deletes every cached notebook rendering that the build did not
    use, which on a ``--dirty`` rebuild is all of them (and logs a line for each).
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    used = getattr(jupyter, "_used_cache_paths", None)
    if _partial and isinstance(used, set) and jupyter.config.get("cache_dir"):
        used.update(Path(jupyter.config["cache_dir"]).glob("*.json"))
