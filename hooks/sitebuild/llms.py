"""Math for the machine-readable edition (``llms.txt``, ``llms-full.txt``): TeX, as written.

mkdocs-llmstxt turns page HTML into Markdown; pymdownx.arithmatex has left math
as ``\\(x_t\\)`` and ``\\[...\\]`` there, which the conversion flattens to ``(x_t)``
and escapes. :func:`protect_math` (run on the page's HTML before the conversion)
swaps each formula for a plain placeholder word; :func:`restore_math` (run on the
written files) puts the formula back as ``$...$`` or ``$$...$$``.

>>> from bs4 import BeautifulSoup
>>> html = '<p>step <span class="arithmatex">\\\\(x_t^*\\\\)</span></p>'
>>> soup = BeautifulSoup(html, "html.parser")
>>> protect_math(soup)
>>> restore_math(soup.get_text())
'step $x_t^*$'
"""

from __future__ import annotations

import re
from pathlib import Path

_formulas: list[str] = []
PLACEHOLDER = re.compile(r"GDTHEORYMATH(\d{6})X")


def to_dollars(tex: str) -> str:
    """``\\(a\\)`` -> ``$a$`` and ``\\[a\\]`` -> ``$$a$$``; anything else unchanged."""
    tex = tex.strip()
    if tex.startswith("\\(") and tex.endswith("\\)"):
        return f"${tex[2:-2].strip()}$"
    if tex.startswith("\\[") and tex.endswith("\\]"):
        return f"$$\n{tex[2:-2].strip()}\n$$"
    return tex


def protect_math(soup) -> None:
    """Replace every arithmatex formula in ``soup`` by a placeholder word."""
    for element in soup.select(".arithmatex"):
        _formulas.append(to_dollars(element.get_text()))
        word = f"GDTHEORYMATH{len(_formulas) - 1:06d}X"
        if element.name == "div":  # display math: a paragraph of its own
            block = soup.new_tag("p")
            block.string = word
            element.replace_with(block)
        else:
            element.replace_with(word)


def restore_math(text: str) -> str:
    """Put the formulas back in place of their placeholders."""
    return PLACEHOLDER.sub(lambda m: _formulas[int(m.group(1))], text)


def restore_files(site_dir: Path) -> int:
    """Restore the math in ``llms*.txt`` and the per-page ``.md`` files; how many changed."""
    changed = 0
    site_dir = Path(site_dir)
    for path in [*site_dir.glob("llms*.txt"), *site_dir.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER.search(text):
            path.write_text(restore_math(text), encoding="utf-8")
            changed += 1
    return changed


def cache_conversions(cache_dir: Path) -> bool:
    """Keep mkdocs-llmstxt's HTML -> Markdown results on disk, keyed on the page's HTML.

    The conversion (BeautifulSoup, markdownify, mdformat) cost 8.8 s of CPU per build,
    more than the rest of a warm build. The cached text has its math restored
    already. False (and no cache) if mkdocs-llmstxt no longer has this function.
    """
    import hashlib
    from importlib.metadata import version

    try:
        from mkdocs_llmstxt._internal import plugin
    except ImportError:
        return False
    convert = getattr(plugin, "_generate_page_markdown", None)
    if convert is None:
        return False
    convert = getattr(convert, "_gdtheory_inner", convert)
    salt = repr(
        [version(n) for n in ("mkdocs-llmstxt", "markdownify", "mdformat", "mdformat_tables")]
    ) + Path(__file__).read_text(encoding="utf-8")
    folder = Path(cache_dir)

    def cached(html: str, **kwargs) -> str:
        h = hashlib.sha256((salt + repr(sorted(kwargs.items())) + html).encode()).hexdigest()
        path = folder / f"{h[:24]}.md"
        if path.exists():
            return path.read_text(encoding="utf-8")
        text = restore_math(convert(html, **kwargs))
        path.write_text(text, encoding="utf-8")
        return text

    cached._gdtheory_inner = convert
    plugin._generate_page_markdown = cached
    return True
