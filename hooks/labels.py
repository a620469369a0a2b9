"""MkDocs hook: labels a screen reader reads hold no TeX (adapter over :mod:`sitebuild.labels`)."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from sitebuild import labels


def on_post_page(output: str, page, config) -> str:
    try:
        return labels.plain_labels(output)
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: a label of the page: {exc}") from exc
