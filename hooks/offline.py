"""MkDocs hook: the site requests nothing outside itself.

* MathJax 3 (SVG output, no web fonts) is served from the site: copied from the
  ``django-static-mathjax`` wheel as generated files.
* mkdocs-jupyter's notebook template loads MathJax 2 from a CDN; that block is
  removed from notebook pages (our MathJax typesets them, see
  ``docs/assets/mathjax-config.js``).
* Any other reference to an external script, stylesheet, image or font fails the
  build: offline is checked, not hoped for.
"""

from __future__ import annotations

import re
from pathlib import Path

import mathjax
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

MATHJAX = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
SHIPPED = [
    "tex-svg.js",
    *(
        p.relative_to(MATHJAX).as_posix()
        for p in sorted((MATHJAX / "input" / "tex" / "extensions").rglob("*.js"))
    ),
]

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
# Links the reader follows on purpose (the repository, a cited paper) are fine: <a href>.
ALLOWED_LINK_RELS = re.compile(r"""<link\b[^>]*\brel=["']?(?:canonical|alternate)""", re.IGNORECASE)


def on_files(files: Files, config) -> Files:
    for rel in SHIPPED:
        files.append(
            File.generated(config, f"assets/mathjax/{rel}", abs_src_path=str(MATHJAX / rel))
        )
    return files


def on_post_page(output: str, page, config) -> str:
    for block in NOTEBOOK_CDN_BLOCKS:
        output = block.sub("", output)
    for match in EXTERNAL.finditer(output):
        url = next(g for g in match.groups() if g)
        if match.group(1) and ALLOWED_LINK_RELS.match(output, output.rfind("<", 0, match.start(1))):
            continue
        raise PluginError(f"{page.file.src_uri}: external resource {url} would leave the site")
    return output
