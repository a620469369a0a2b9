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
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)"""
    r"""|\bimport\(\s*["']((?:https?:)?//[^"']+)|url\(\s*["']?((?:https?:)?//[^"')]+)""",
    re.IGNORECASE,
)
ALLOWED_LINK_RELS = re.compile(r"""<link\b[^>]*\brel=["']?(?:canonical|alternate)""", re.IGNORECASE)


def strip_cdn_blocks(html: str) -> str:
    """``html`` without the CDN loaders that notebook templates carry."""
    for block in NOTEBOOK_CDN_BLOCKS:
        html = block.sub("", html)
    return html


def external_resources(html: str) -> list[str]:
    """The URLs outside the site that ``html`` would load (not links a reader follows)."""
    found = []
    for match in EXTERNAL.finditer(html):
        url = next(g for g in match.groups() if g)
        if match.group(1) and ALLOWED_LINK_RELS.match(html, html.rfind("<", 0, match.start(1))):
            continue
        found.append(url)
    return found
