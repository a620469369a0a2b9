"""MkDocs hook: after mkdocs-llmstxt has written ``llms.txt``, ``llms-full.txt`` and the
per-page Markdown, put the math back as ``$...$`` TeX (:mod:`sitebuild.llms`); the
HTML -> Markdown conversions are cached on disk."""

from __future__ import annotations

from pathlib import Path

import mkdocs.plugins
from _cache import cache_dir
from sitebuild import llms


def on_config(config):
    llms.cache_conversions(cache_dir("llmstxt"))  # 8.8 s of CPU per build otherwise
    return config


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin's on_post_build
def on_post_build(config) -> None:
    llms.restore_files(Path(config["site_dir"]))
