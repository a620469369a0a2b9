"""MkDocs hook: what the search index reads, and signature formatting, cheaper.

Adapters over ``sitebuild``:

* Search: API source blocks are marked ``data-search-exclude`` before Material's
  search plugin indexes the page (:mod:`sitebuild.search`).
* Signatures: mkdocstrings' ``ruff format`` results are cached on disk
  (:mod:`sitebuild.signatures`).
"""

from __future__ import annotations

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import search, signatures


def on_config(config):
    signatures.install(cache_dir("mkdocstrings"))
    return config


@mkdocs.plugins.event_priority(50)  # before the search plugin reads the page
def on_page_content(html: str, page, config, files) -> str:
    return search.exclude_source(html)


def on_post_build(config) -> None:
    signatures.save()
