"""MkDocs hook: after mkdocs-llmstxt has written ``llms.txt``, ``llms-full.txt`` and the
per-page Markdown, put the math back as ``$...$`` TeX (:mod:`sitebuild.llms`)."""

from __future__ import annotations

from pathlib import Path

import mkdocs.plugins
from sitebuild import llms


@mkdocs.plugins.event_priority(-100)  # after the llmstxt plugin's on_post_build
def on_post_build(config) -> None:
    llms.restore_files(Path(config["site_dir"]))
