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
