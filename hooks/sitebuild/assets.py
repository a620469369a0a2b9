"""The MathJax 3 files the site serves itself (SVG output, no web fonts, no CDN).

They come from the ``django-static-mathjax`` wheel; an engine serves each
``(site path, file)`` pair as a static file.
"""

from __future__ import annotations

from pathlib import Path

import mathjax

MATHJAX = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
SHIPPED = [
    "tex-svg.js",
    *(
        p.relative_to(MATHJAX).as_posix()
        for p in sorted((MATHJAX / "input" / "tex" / "extensions").rglob("*.js"))
    ),
]


def mathjax_files() -> list[tuple[str, Path]]:
    """Each MathJax file as (path in the site, file on disk)."""
    return [(f"assets/mathjax/{rel}", MATHJAX / rel) for rel in SHIPPED]
