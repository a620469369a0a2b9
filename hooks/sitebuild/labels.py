r"""Labels a screen reader reads (``aria-label``) hold no TeX.

Material labels each section of the table of contents with its heading
(``<nav aria-label="...">``, the heading's text without its tags). A heading with
math, such as ``## Convex functions: an $O(1/t)$ rate``, gives the label its TeX
source: ``Convex functions: an \(O(1/t)\) rate``, which a screen reader spells
out, backslashes and all (the heading itself is typeset, and read from MathJax's
MathML). :func:`plain_labels` writes each such formula as plain text, and a
formula that has no plain text is an error that names it.

>>> plain_labels(r'<nav class="md-nav" aria-label="Convex functions: an \(O(1/t)\) rate">')
'<nav class="md-nav" aria-label="Convex functions: an O(1/t) rate">'
"""

from __future__ import annotations

import re
import unicodedata

TAG = re.compile(r"<[A-Za-z][^<>]*>")  # text that shows a tag is escaped (&lt;)
LABEL = re.compile(r'(\saria-label=")([^"]*)(")')
LABEL_WITH_MATH = re.compile(r'\saria-label="[^"]*\\\(')  # a quick look first
INLINE_MATH = re.compile(r"\\\((.*?)\\\)")
COMMAND = re.compile(r"\\([A-Za-z]+)")


def _letter(m: re.Match) -> str:
    r"""``\eta`` as ``η``, ``\Delta`` as ``Δ``: the Greek letters, by their Unicode names."""
    name = m.group(1)
    case = "CAPITAL" if name[0].isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {name.upper()}")
    except KeyError:
        return m.group(0)


def plain(formula: str) -> str:
    r"""``formula`` (TeX) as the plain text a label can hold.

    Letters, digits, operators and brackets stay; Greek letters become their
    characters. A formula with any other TeX command has no plain text here.

    >>> plain("O(1/t)"), plain(r"\eta < 2/L"), plain(r"\Delta x")
    ('O(1/t)', 'η < 2/L', 'Δ x')
    >>> plain(r"\sqrt{t}")
    Traceback (most recent call last):
    ...
    ValueError: no plain text for the formula '\sqrt{t}' (\sqrt): write the heading without it
    """
    text = COMMAND.sub(_letter, formula)
    left = COMMAND.search(text)
    if left or "{" in text or "^" in text or "_" in text:
        what = left.group(0) if left else "braces, a sub- or superscript"
        raise ValueError(
            f"no plain text for the formula '{formula}' ({what}): write the heading without it"
        )
    return text.strip()


def plain_labels(html: str) -> str:
    """``html`` with each formula in an ``aria-label`` written as plain text (:func:`plain`)."""
    if not LABEL_WITH_MATH.search(html):
        return html

    def label(m: re.Match) -> str:
        return m.group(1) + INLINE_MATH.sub(lambda f: plain(f.group(1)), m.group(2)) + m.group(3)

    return TAG.sub(lambda tag: LABEL.sub(label, tag.group(0)), html)
