"""What the search index reads of a page: not the API pages' source blocks.

An API page shows each object's source in a folded "Source code in ..." block
(mkdocstrings ``show_source``). Indexed, that block repeats the docstring, so every
search hit on an API object came twice, and it is a third of the text indexed.
The block is marked ``data-search-exclude`` (Material's search skips such
elements and strips the attribute from the page); the page keeps the source.

>>> from sitebuild.search import exclude_source
>>> exclude_source('<details class="mkdocstrings-source"><pre>code</pre></details>')
'<details class="mkdocstrings-source" data-search-exclude="source"><pre>code</pre></details>'
"""

from __future__ import annotations

SOURCE_BLOCK = '<details class="mkdocstrings-source">'
EXCLUDED = '<details class="mkdocstrings-source" data-search-exclude="source">'


def exclude_source(html: str) -> str:
    """``html`` with its API source blocks marked as excluded from search."""
    return html.replace(SOURCE_BLOCK, EXCLUDED)


def without_duplicates(index: dict) -> dict:
    """``index`` (Material's ``search_index.json``) with each location indexed once.

    static-i18n joins the indexes of the two editions; it lists each Korean notebook
    page twice, and Material's search worker then fails on every query that matches
    one ("Invalid query", a TypeError while highlighting). The first entry is kept.

    >>> without_duplicates({"docs": [{"location": "a/"}, {"location": "a/"}]})
    {'docs': [{'location': 'a/'}]}
    """
    seen: set[str] = set()
    docs = []
    for doc in index["docs"]:
        if doc["location"] not in seen:
            seen.add(doc["location"])
            docs.append(doc)
    return {**index, "docs": docs}
