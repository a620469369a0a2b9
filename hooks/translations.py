"""MkDocs hook: a translated page (``docs/X.ko.md``) gets the English page's code.

Each fence whose body is ``--8<-- "@en"`` is given the code of the English page's
fence at the same position (:mod:`sitebuild.translations`), before any other
extension reads the page, so a Korean reader copies exactly the code the English
page runs.
"""

from __future__ import annotations

from pathlib import Path

import mkdocs.plugins
from mkdocs.exceptions import PluginError
from sitebuild import translations


@mkdocs.plugins.event_priority(100)  # before static-i18n, snippets and the other hooks
def on_page_markdown(markdown: str, page, config, files) -> str:
    original, lang = translations.split(page.file.src_uri)
    if lang == translations.LANGUAGES[0] or translations.MARKER not in markdown:
        return markdown
    english = Path(config["docs_dir"]) / original
    if not english.is_file():
        raise PluginError(
            f"{page.file.src_uri} shares the code of {original}, which does not exist"
        )
    try:
        return translations.expand(markdown, english.read_text(encoding="utf-8"), page.file.src_uri)
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
