"""Offline: a page requests nothing outside the site.

* mkdocs-jupyter's notebook template loads MathJax 2 (and mermaid) from a CDN; those
  blocks are removed (the site's own MathJax typesets notebook math too);
* any other reference to an external script, stylesheet, image or font is an error.
  Links the reader follows on purpose (``<a href>``, ``rel="canonical"``) are fine.

>>> from sitebuild.offline import external_resources
>>> external_resources('<script src="https://cdn.example/x.js"></script><a href="https://a.b">')
['https://cdn.example/x.js']
"""

from __future__ import annotations

import re

NOTEBOOK_CDN_BLOCKS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL),
    # mkdocs-jupyter's mermaid loader imports mermaid from a CDN; no notebook here uses it.
    re.compile(
        r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>', re.DOTALL
    ),
]
# Matched on the page's UTF-8 bytes, ASCII-lowercased (``bytes.lower`` keeps every offset):
# a case-sensitive pattern that starts with a literal is scanned for quickly, which an
# IGNORECASE one over the text is not (a second of every build).
EXTERNAL_TAG = re.compile(
    rb"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)"""
)
EXTERNAL_IMPORT = re.compile(rb"""import\(\s*["']((?:https?:)?//[^"']+)""")
EXTERNAL_URL = re.compile(rb"""url\(\s*["']?((?:https?:)?//[^"')]+)""")
WORD_CHARACTER = re.compile(rb"\w")  # (a leading \b would slow the scan for "import(" tenfold)
ALLOWED_LINK_RELS = re.compile(rb"""<link\b[^>]*\brel=["']?(?:canonical|alternate)""")


def strip_cdn_blocks(html: str) -> str:
    """``html`` without the CDN loaders that notebook templates carry."""
    for block in NOTEBOOK_CDN_BLOCKS:
        html = block.sub("", html)
    return html


def external_resources(html: str) -> list[str]:
    """The URLs outside the site that ``html`` would load (not links a reader follows), in
    the order they appear; tag and attribute names in any case.

    >>> external_resources('<IMG alt="a<b" SRC="//img.example/a.png"><link rel="canonical" '
    ...     'href="https://x.y/"><style>@import url("https://f.example/a.css")</style>')
    ['//img.example/a.png', 'https://f.example/a.css']
    """
    raw = html.encode("utf-8")
    low = raw.lower()
    found = []
    for match in EXTERNAL_TAG.finditer(low):
        if not ALLOWED_LINK_RELS.match(low, match.start()):
            found.append(match.span(1))
    for match in EXTERNAL_IMPORT.finditer(low):
        if match.start() == 0 or not WORD_CHARACTER.match(low, match.start() - 1):
            found.append(match.span(1))  # ``import(`` as a word, not ``reimport(``
    found += [match.span(1) for match in EXTERNAL_URL.finditer(low)]
    return [raw[start:end].decode("utf-8") for start, end in sorted(found)]
