"""MkDocs hook: a translated page (``docs/X.ko.md``) gets the English page's code.

Each fence whose body is ``--8<-- "@en"`` is given the code of the English page's
fence at the same position (:mod:`sitebuild.translations`), before any other
extension reads the page, so a Korean reader copies exactly the code the English
page runs. Pages keep the language switcher's links but not the head's alternate
links (see ``HEAD_ALTERNATE``), and after the build the joint search index of both
editions lists each page once (:func:`sitebuild.search.without_duplicates`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import mkdocs.plugins
from mkdocs.exceptions import PluginError
from sitebuild import search, translations


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


# <link rel="alternate" hreflang="ko" href="../ko/basics/x/"> in a page's head: Material's
# script takes each such link for the root of an edition and asks for sitemap.xml below it
# (basics/x/sitemap.xml), a 404 on every page, twice. The language switcher's own links
# (the same page in the other language) stay; the sitemap lists the alternates for search
# engines (static-i18n writes them there too).
HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def on_post_page(output: str, page, config) -> str:
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body


@mkdocs.plugins.event_priority(-150)  # after static-i18n has written the joint index (-100)
def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    path = site / "search" / "search_index.json"
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        fixed = search.without_duplicates(index)
        if len(fixed["docs"]) != len(index["docs"]):
            path.write_text(json.dumps(fixed, separators=(",", ":")), encoding="utf-8")
