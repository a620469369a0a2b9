"""MkDocs hook: what the search index reads, signatures, code and API docs, cheaper.

Adapters over ``sitebuild``:

* Search: API source blocks are marked ``data-search-exclude`` before Material's
  search plugin indexes the page (:mod:`sitebuild.search`), and each page's search
  entries are kept on disk while the page is unchanged (``search.EntryCache``).
* Signatures: mkdocstrings' ``ruff format`` results are cached on disk
  (:mod:`sitebuild.signatures`).
* Code blocks and API docs are rendered once for both editions, and kept on disk for
  the next build while the renderers' versions and ``mkdocs.yml`` are unchanged
  (:mod:`sitebuild.rendering`).
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import rendering, search, signatures
from sitebuild.translations import editions

log = logging.getLogger("mkdocs.hooks.search_view")
# What highlighted code and API renders depend on beyond their keys (the digest names their file).
CODE_RENDERERS = ("pygments", "pymdown-extensions")
API_RENDERERS = (
    *CODE_RENDERERS,
    "markdown",
    "mkdocstrings",
    "mkdocstrings-python",
    "griffelib",
    "mkdocs-autorefs",
    "jinja2",
    "mkdocs",  # it configures the Markdown extensions the handler converts docstrings with
    "ruff",  # mkdocstrings formats each signature with ruff (or black, when installed)
    "black",
)
_entries: dict[str, search.EntryCache] = {}  # language -> its pages' cached search entries


def on_config(config):
    signatures.install(cache_dir("mkdocstrings"))
    import pymdownx.highlight

    rendering.memoize_pygments(pymdownx.highlight)
    folder = cache_dir("rendering")
    code = rendering.environment(*CODE_RENDERERS)
    rendering.PYGMENTS.attach(folder / f"code-{code}.pickle")
    # An API render also depends on the Markdown extensions (mkdocs.yml) and on the theme's
    # overrides, where mkdocstrings looks for templates.
    custom = config["theme"].custom_dir
    files = (Path(config.config_file_path), *([Path(custom)] if custom else []))
    api = rendering.environment(*API_RENDERERS, files=files)
    rendering.API.attach(folder / f"api-{api}.pickle")
    rendering.ALIASES.attach(folder / f"aliases-{api}.pickle")
    try:
        from mkdocstrings_handlers.python import PythonHandler
    except ImportError:  # no API pages without mkdocstrings-python
        pass
    else:
        rendering.memoize_api(PythonHandler)
    return config


def on_pre_build(config) -> None:
    rendering.new_build()
    current, langs = editions(config)
    if current == langs[0]:  # the log line of on_post_build counts this run's editions
        for memo in (rendering.PYGMENTS, rendering.API, rendering.ALIASES):
            memo.new_count()
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is not None and hasattr(index, "entries"):
        folder = cache_dir("search") / current
        _entries[current] = search.EntryCache(folder, version("mkdocs-material"))
        _entries[current].wrap(index)


@mkdocs.plugins.event_priority(50)  # before the search plugin reads the page
def on_page_content(html: str, page, config, files) -> str:
    return search.exclude_source(html)


def on_post_build(config) -> None:
    signatures.save()
    for memo in (rendering.PYGMENTS, rendering.API, rendering.ALIASES):
        memo.save()
    current, langs = editions(config)
    if current in _entries:
        _entries.pop(current).prune()
    if current == langs[-1]:
        api, code = rendering.API, rendering.PYGMENTS
        log.info(
            "Rendered for %d edition%s: API objects %d rendered, %d reused (%d from the last "
            "build); code blocks %d highlighted, %d reused (%d from the last build)",
            len(langs),
            "" if len(langs) == 1 else "s",
            api.computed,
            api.hits,
            api.stored_hits,
            code.computed,
            code.hits,
            code.stored_hits,
        )
