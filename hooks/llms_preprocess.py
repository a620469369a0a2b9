"""mkdocs-llmstxt's ``preprocess`` module: keep math as TeX (see :mod:`sitebuild.llms`).

The plugin loads this file by path for every page; ``sitebuild`` is already
imported by the hooks, so the formulas land in one registry that ``hooks/llms.py``
reads after the plugin has written its files.
"""

from __future__ import annotations

from sitebuild import llms


def preprocess(soup, output: str) -> None:
    llms.protect_math(soup)
