"""MkDocs hook: what the search index reads, signatures, code and API docs, cheaper.

Adapters over ``sitebuild``:

* Search: API source blocks are marked ``data-search-exclude`` before Material's
  search plugin indexes the page (:mod:`sitebuild.search`), and each page's search
  entries are kept on disk while the page is unchanged (``search.EntryCache``).
* Signatures: mkdocstrings' ``ruff format`` results are cached on disk
  (:mod:`sitebuild.signatures`).
* Code blocks and API docs are rendered once per process for both editions
  (:mod:`sitebuild.rendering`).
"""

from __future__ import annotations

import logging
from importlib.metadata import version

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import rendering, search, signatures
from sitebuild.translations import editions

log = logging.getLogger("mkdocs.hooks.search_view")
_entries: dict[str, search.EntryCache] = {}  # language -> its pages' cached search entries


def on_config(config):
    signatures.install(cache_dir("mkdocstrings"))
    import pymdownx.highlight

    rendering.memoize_pygments(pymdownx.highlight)
    try:
        from mkdocstrings_handlers.python import PythonHandler
    except ImportError:  # no API pages without mkdocstrings-python
        pass
    else:
        rendering.memoize_api(PythonHandler)
    return config


def on_pre_build(config) -> None:
    rendering.new_build()
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is not None and hasattr(index, "entries"):
        current, _ = editions(config)
        folder = cache_dir("search") / current
        _entries[current] = search.EntryCache(folder, version("mkdocs-material"))
        _entries[current].wrap(index)


@mkdocs.plugins.event_priority(50)  # before the search plugin reads the page
def on_page_content(html: str, page, config, files) -> str:
    return search.exclude_source(html)


def on_post_build(config) -> None:
    signatures.save()
    current, langs = editions(config)
    if current in _entries:
        _entries.pop(current).prune()
    if len(langs) > 1 and current == langs[-1]:
        log.info(
            "Rendered once for %d editions: %d API objects and %d code blocks reused",
            len(langs),
            rendering.API.hits,
            rendering.PYGMENTS.hits,
        )
