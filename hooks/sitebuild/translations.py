"""Translations: ``docs/X.ko.md`` beside ``docs/X.md``, sharing the English page's code.

A translated page keeps the English page's structure and never copies its code: the
body of each code fence is the one line ``--8<-- "@en"``, which stands for the code of
the English page's fence at the same position. The build (``hooks/translations.py``)
and the doc harness (``tests/docs_harness.py``) both expand it with :func:`expand`, so
the code a Korean reader copies, and the code the tests run, is the English code.

>>> en = "# A\\n\\n```python\\nx = 1\\n```\\n\\n    ```py\\n    y = 2\\n    ```\\n"
>>> ko = '# 가\\n\\n```python\\n--8<-- "@en"\\n```\\n\\n    ```py\\n    --8<-- "@en"\\n    ```\\n'
>>> print(expand(ko, en))
# 가
<BLANKLINE>
```python
x = 1
```
<BLANKLINE>
    ```py
    y = 2
    ```
<BLANKLINE>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

MARKER = '--8<-- "@en"'
LANGUAGES = ("en", "ko")  # the first is the default; the others are X.<lang>.md files
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Fence:
    """One fenced block: its lines ``start`` (the opening fence) to ``end`` (the closing one)."""

    start: int
    end: int
    indent: str
    info: str
    body: tuple[str, ...]  # the lines between the fences, without the fence's indentation

    @property
    def language(self) -> str:
        info = self.info.strip().lstrip("{").lstrip(".")
        return info.split()[0].lower() if info.split() else ""

    @property
    def shares_english_code(self) -> bool:
        return [line.strip() for line in self.body] == [MARKER]


def editions(config) -> tuple[str, list[str]]:
    """The language a build renders, and every language the run builds, in order.

    static-i18n builds each language in turn with the same config; without it the
    build is English alone.
    """
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return LANGUAGES[0], [LANGUAGES[0]]
    return i18n.current_language, list(i18n.build_languages)


def split(path: str) -> tuple[str, str]:
    """``("a/b.md", "ko")`` for ``a/b.ko.md``; ``(path, "en")`` for an English page."""
    p = PurePosixPath(path)
    parts = p.name.split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES[1:]:
        return str(p.with_name(".".join(parts[:-2] + parts[-1:]))), parts[-2]
    return path, LANGUAGES[0]


def fences(text: str) -> list[Fence]:
    """Every fenced block of a Markdown text, in order (nested fences are part of their block)."""
    lines = text.split("\n")
    found: list[Fence] = []
    i = 0
    while i < len(lines):
        m = OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m["indent"], m["fence"]
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = tuple(
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in lines[i + 1 : j]
        )
        found.append(Fence(i, j, indent, m["info"], body))
        i = j + 1
    return found


def shared_code(text: str, english: str, name: str = "the page") -> dict[int, str]:
    """For each fence of ``text`` whose body is :data:`MARKER`: its start line -> the English code.

    Raises:
        ValueError: if ``text`` has a marker at a position the English page has no fence at.
    """
    ours, theirs = fences(text), fences(english)
    code: dict[int, str] = {}
    for k, fence in enumerate(ours):
        if not fence.shares_english_code:
            continue
        if k >= len(theirs):
            raise ValueError(
                f"{name}: code block {k + 1} (line {fence.start + 1}) shares the English code, "
                f"but the English page has only {len(theirs)} code blocks"
            )
        code[fence.start] = "\n".join(theirs[k].body)
    return code


def expand(text: str, english: str, name: str = "the page") -> str:
    """``text`` with every :data:`MARKER` body replaced by the English fence's code."""
    code = shared_code(text, english, name)
    if not code:
        return text
    lines = text.split("\n")
    out: list[str] = []
    by_start = {f.start: f for f in fences(text)}
    i = 0
    while i < len(lines):
        fence = by_start.get(i)
        if fence is not None and i in code:
            out.append(lines[fence.start])
            out.extend(fence.indent + line if line else line for line in code[i].split("\n"))
            out.append(lines[fence.end])
            i = fence.end + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)
