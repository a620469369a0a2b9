"""MkDocs hook: after mkdocs-llmstxt has written ``llms.txt``, ``llms-full.txt`` and the
per-page Markdown, put the math back as ``$...$`` TeX (:mod:`sitebuild.llms`); the
HTML -> Markdown conversions are cached on disk."""

from __future__ import annotations

from pathlib import Path

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import llms

# The Markdown of every page from the last build. ``mkdocs serve --dirty`` renders only
# the edited pages, and mkdocs-llmstxt forgets the others at each build (it would write
# an llms.txt without them and warn once per page): they are handed back to it here.
_pages: dict = {}


def on_config(config):
    llms.cache_conversions(cache_dir("llmstxt"))  # 8.8 s of CPU per build otherwise
    return config


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin resets its pages in on_files
def on_files(files, config):
    plugin = config.plugins.get("llmstxt")
    if plugin is not None:
        plugin._md_pages.update(_pages)  # a rendered page replaces its old entry
    return files


def _remember(config) -> None:
    plugin = config.plugins.get("llmstxt")
    if plugin is not None:
        _pages.clear()
        _pages.update(plugin._md_pages)


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin's on_post_build
def on_post_build(config) -> None:
    _remember(config)
    llms.restore_files(Path(config["site_dir"]))
