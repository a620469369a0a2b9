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

import hashlib
import json
from pathlib import Path

from sitebuild import cache_module

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


class EntryCache:
    """Each page's search entries, kept on disk and reused while what they come from is unchanged.

    Material's search plugin parses every page's HTML to cut it into sections, the
    largest part of a build whose figures and notebooks are cached (the notebook pages
    are long). A page's entries depend only on its HTML, its table of contents, URL,
    title and front matter, and on the plugin's version: :meth:`key`. :meth:`wrap`
    puts the cache in front of a ``SearchIndex`` (anything with ``entries`` and
    ``add_entry_from_context(page)``); :meth:`prune` deletes the entries no page read.

    >>> import tempfile, types
    >>> class Index:
    ...     def __init__(self): self.entries, self.parsed = [], 0
    ...     def add_entry_from_context(self, page):
    ...         self.parsed += 1
    ...         self.entries.append({"location": page.url, "text": page.content})
    >>> page = types.SimpleNamespace(url="a/", title="A", meta={}, toc=[], content="<p>x</p>")
    >>> cache = EntryCache(Path(tempfile.mkdtemp()), "1")
    >>> first, second = Index(), Index()
    >>> cache.wrap(first); cache.wrap(second)
    >>> first.add_entry_from_context(page); second.add_entry_from_context(page)
    >>> second.entries == first.entries, first.parsed, second.parsed
    (True, 1, 0)
    """

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = Path(folder)
        self.version = version
        self.used: set[Path] = set()

    def key(self, page) -> str:
        meta = {name: page.meta.get(name) for name in ("title", "tags", "search")}
        parts = [
            self.version,
            page.url,
            str(page.title),
            json.dumps(meta, sort_keys=True, default=str),
            json.dumps(_toc(page.toc)),
            page.content,
        ]
        h = hashlib.sha256()
        for part in parts:
            h.update(part.encode() + b"\0")
        return h.hexdigest()[:24]

    def wrap(self, index) -> None:
        """Serve ``index.add_entry_from_context`` from the cache (computing and saving a miss)."""
        compute = index.add_entry_from_context

        def add_entry_from_context(page) -> None:
            path = self.folder / f"{self.key(page)}.json"
            self.used.add(path)
            if path.exists():
                index.entries.extend(json.loads(path.read_text(encoding="utf-8")))
                return
            before = len(index.entries)
            compute(page)
            self.folder.mkdir(parents=True, exist_ok=True)
            cache_module().write_atomically(path, json.dumps(index.entries[before:], default=str))

        index.add_entry_from_context = add_entry_from_context

    def prune(self) -> None:
        """Delete the cached entries that no page of this run read."""
        for old in self.folder.glob("*.json"):
            if old not in self.used:
                old.unlink(missing_ok=True)


def _toc(items) -> list:
    """A table of contents as plain lists: what the entries take from it (ids, URLs, titles)."""
    return [[item.id, item.url, str(item.title), _toc(item.children)] for item in items]
