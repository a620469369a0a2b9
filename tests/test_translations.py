"""The Korean edition cannot drift from the English one.

Each ``docs/X.ko.md`` must keep ``docs/X.md``'s structure: the same headings with the
same anchors, the same code fences (sharing the English code through
``--8<-- "@en"``), includes, admonitions, display math and figures, in the same
order. Each records the English commit it was translated from
(``translated_from:`` in its front matter); when the English page changed after
that commit, the translation is out of date and its test fails until it is updated
and its ``translated_from`` moved on. Notebooks (``N.ko.ipynb``) keep the English
code cells byte for byte. Korean pages use the glossary's terms
(``docs/snippets/glossary.md``), never the spellings it lists as avoided.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
_spec = importlib.util.spec_from_file_location(
    "gdtheory_site_translations", ROOT / "hooks" / "sitebuild" / "translations.py"
)
translations = sys.modules.get(_spec.name) or importlib.util.module_from_spec(_spec)
if _spec.name not in sys.modules:
    sys.modules[_spec.name] = translations
    _spec.loader.exec_module(translations)

KO_PAGES = sorted(DOCS.rglob("*.ko.md"))
KO_NOTEBOOKS = sorted(DOCS.rglob("*.ko.ipynb"))
EXCLUDED = ("explorables", "snippets")  # included into pages, not pages themselves
HASH = re.compile(r"^[0-9a-f]{40}$")
FRONT = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)


def page_id(p: Path) -> str:
    return p.relative_to(DOCS).as_posix()


def english_of(p: Path) -> Path:
    original, _ = translations.split(p.as_posix())
    return Path(original)


def is_page(p: Path) -> bool:
    return not any(part in EXCLUDED for part in p.relative_to(DOCS).parts)


# --- what a page is made of -------------------------------------------------------------


def outside_fences(text: str) -> str:
    """The text without its front matter and with every fenced block blanked (lines kept)."""
    front = FRONT.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]
    lines = text.split("\n")
    for f in translations.fences(text):
        for i in range(f.start, f.end + 1):
            lines[i] = ""
    return "\n".join(lines)


def headings(text: str) -> list[tuple[int, str]]:
    """Each heading's level and anchor, as MkDocs' toc extension makes them."""
    lines = [line for line in outside_fences(text).split("\n") if re.match(r"#{1,6} ", line)]
    md = markdown.Markdown(
        extensions=["attr_list", "toc", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    md.convert("\n\n".join(lines))

    def walk(tokens):
        for t in tokens:
            yield (t["level"], t["id"])
            yield from walk(t["children"])

    return list(walk(md.toc_tokens))


INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"(?P<path>[^"@]+)"[ \t]*$', re.MULTILINE)
ADMONITION = re.compile(r"^[ \t]*(?P<kind>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)", re.MULTILINE)
IMAGE = re.compile(r"!\[[^\]]*\]\((?P<path>[^)\s]+)")
DISPLAY_MATH = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.DOTALL)


def includes(text: str) -> list[str]:
    return [m["path"] for m in INCLUDE.finditer(outside_fences(text))]


def admonitions(text: str) -> list[str]:
    return [f"{m['kind']} {m['type']}" for m in ADMONITION.finditer(outside_fences(text))]


def images(text: str) -> list[str]:
    return [m["path"] for m in IMAGE.finditer(outside_fences(text))]


def display_math(text: str) -> list[str]:
    """Each display-math block's TeX, without the words of ``\\text{...}`` and spacing."""
    out = []
    for m in DISPLAY_MATH.finditer(outside_fences(text)):
        tex = re.sub(r"\\(?:text|mathrm|textrm)\{[^{}]*\}", r"\\text{}", m["tex"])
        out.append(re.sub(r"\s+", "", tex))
    return out


def fence_shape(f) -> tuple[str, tuple[str, ...]]:
    """A fence's language and attributes, without its (translatable) title."""
    info = re.sub(r'title="[^"]*"', "", f.info).split()
    return f.language, tuple(sorted(word for word in info[1:]))


# --- the checks -------------------------------------------------------------------------


def translated_from(p: Path) -> str:
    if p.suffix == ".ipynb":
        meta = json.loads(p.read_text(encoding="utf-8"))["metadata"]
        return meta.get("gdtheory", {}).get("translated_from", "")
    text = p.read_text(encoding="utf-8")
    m = FRONT.match(text)
    found = re.search(r"^translated_from:\s*(\S+)", m["yaml"], re.MULTILINE) if m else None
    if found is None:  # an included snippet has no front matter: a comment on its first line
        found = re.match(r"\A<!--\s*translated_from:\s*(\S+)\s*-->", text)
    return found.group(1).strip("'\"") if found else ""


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def changed_since(english: Path, commit: str) -> str:
    """How ``english`` (as it is now) differs from its text at ``commit``: "" if it does not."""
    diff = git("diff", "--stat", commit, "--", str(english.relative_to(ROOT)))
    assert diff.returncode == 0, diff.stderr
    return diff.stdout.strip().splitlines()[-1] if diff.stdout.strip() else ""


def test_a_changed_english_page_is_noticed() -> None:
    """The drift check sees an English page that changed after a translation was made."""
    page = DOCS / "basics" / "convergence.md"
    history = git("log", "--format=%H", "--", str(page.relative_to(ROOT))).stdout.split()
    if len(history) < 2:
        pytest.fail("this check needs the repository's history (a full clone, not --depth 1)")
    assert changed_since(page, history[0]) == ""
    assert "1 file changed" in changed_since(page, history[1])


def check_up_to_date(p: Path) -> None:
    english = english_of(p)
    commit = translated_from(p)
    assert HASH.match(commit), (
        f"{page_id(p)}: record the English commit it was translated from "
        f"(translated_from: <40 hex digits> in its front matter; in an included snippet, "
        f"a first line <!-- translated_from: <40 hex digits> -->), found {commit!r}"
    )
    if git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        pytest.fail(f"{page_id(p)}: translated_from {commit} is not a commit of this repository")
    changed = changed_since(english, commit)
    assert not changed, (
        f"{page_id(p)} is out of date: {page_id(english)} changed since {commit[:12]} "
        f"({changed}). Update the translation (see "
        f"`git diff {commit[:12]} -- {english.relative_to(ROOT)}`) and set translated_from "
        "to the English page's last commit."
    )


@pytest.mark.parametrize("page", KO_PAGES + KO_NOTEBOOKS, ids=page_id)
def test_translation_is_up_to_date(page: Path) -> None:
    assert english_of(page).is_file(), f"{page_id(page)} has no English page {english_of(page)}"
    check_up_to_date(page)


@pytest.mark.parametrize("page", [p for p in KO_PAGES if is_page(p)], ids=page_id)
def test_headings_keep_the_english_anchors(page: Path) -> None:
    ours, theirs = headings(page.read_text("utf-8")), headings(english_of(page).read_text("utf-8"))
    assert ours == theirs, (
        f"{page_id(page)}: headings (level, anchor) differ from the English page.\n"
        f"expected: {theirs}\nfound:    {ours}\n"
        "Give each translated heading the English anchor: ## 제목 { #english-anchor }"
    )


@pytest.mark.parametrize("page", KO_PAGES, ids=page_id)
def test_code_is_shared_not_copied(page: Path) -> None:
    text, english = page.read_text("utf-8"), english_of(page).read_text("utf-8")
    ours, theirs = translations.fences(text), translations.fences(english)
    assert [fence_shape(f) for f in ours] == [fence_shape(f) for f in theirs], (
        f"{page_id(page)}: code fences (language, attributes) differ from the English page"
    )
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        english_includes = len(b.body) == 1 and b.body[0].strip().startswith("--8<--")
        if a.shares_english_code or (english_includes and a.body == b.body):
            continue
        what = "copies" if a.body == b.body else "differs from"
        pytest.fail(
            f"{page_id(page)}: code block {k} (line {a.start + 1}) {what} the English code; "
            'its body must be the one line --8<-- "@en"'
        )


@pytest.mark.parametrize("page", KO_PAGES, ids=page_id)
def test_same_includes_admonitions_math_and_figures(page: Path) -> None:
    text, english = page.read_text("utf-8"), english_of(page).read_text("utf-8")

    def localized(path: str) -> str:  # x.md -> x.ko.md where a Korean variant exists
        ko = re.sub(r"\.md$", ".ko.md", path)
        return path if ko == path or not (ROOT / ko).is_file() else ko

    assert includes(text) == [localized(p) for p in includes(english)], f"{page_id(page)}: includes"
    assert admonitions(text) == admonitions(english), f"{page_id(page)}: admonitions"
    assert display_math(text) == display_math(english), f"{page_id(page)}: display math"
    assert images(text) == images(english), f"{page_id(page)}: figures"


@pytest.mark.parametrize("notebook", KO_NOTEBOOKS, ids=page_id)
def test_notebook_keeps_the_english_code(notebook: Path) -> None:
    ours = json.loads(notebook.read_text("utf-8"))["cells"]
    theirs = json.loads(english_of(notebook).read_text("utf-8"))["cells"]
    assert [c["cell_type"] for c in ours] == [c["cell_type"] for c in theirs], (
        f"{page_id(notebook)}: the cells (kinds, order) differ from the English notebook"
    )
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        if a["cell_type"] == "code":
            assert "".join(a["source"]) == "".join(b["source"]), (
                f"{page_id(notebook)}: code cell {k} differs from the English notebook's"
            )
            assert not a.get("outputs"), f"{page_id(notebook)}: cell {k} has outputs stored"


# --- terminology ------------------------------------------------------------------------


def glossary() -> list[dict[str, str]]:
    rows = []
    for line in (DOCS / "snippets" / "glossary.md").read_text("utf-8").splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4:
            rows.append(dict(zip(("ko", "en", "symbol", "avoid"), cells, strict=True)))
    return rows


def test_the_glossary_has_the_terms_the_issue_names() -> None:
    terms = {row["ko"] for row in glossary()}
    named = {"경사 하강법", "학습률", "모멘텀", "강볼록 함수", "조건수", "안장점", "미니배치"}
    assert named <= terms, sorted(named - terms)


def prose(text: str) -> str:
    """A page's words a reader sees as prose: no code, no inline code, no math, no URLs."""
    text = outside_fences(text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\$[^$]*\$", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def korean_prose(page: Path) -> str:
    """The prose of a Korean page, or of a Korean notebook's Markdown cells."""
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text("utf-8"))["cells"]
        return prose(
            "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        )
    return prose(page.read_text("utf-8"))


@pytest.mark.parametrize("page", KO_PAGES + KO_NOTEBOOKS, ids=page_id)
def test_korean_pages_use_the_glossary_terms(page: Path) -> None:
    text = korean_prose(page)
    found = []
    for row in glossary():
        for avoided in filter(None, (w.strip() for w in row["avoid"].split(","))):
            if avoided in text:
                found.append(f"{avoided!r} (use {row['ko']!r})")
    assert not found, f"{page_id(page)} uses spellings the glossary avoids: {found}"


def explorable_korean_words() -> list[str]:
    """The Korean words the explorables show (``WORDS.ko`` in ``docs/assets/explore.js``)."""
    script = (DOCS / "assets" / "explore.js").read_text("utf-8")
    table = script.split("ko: {", 1)[1].split("};", 1)[0]
    return [
        ko
        for _, ko in re.findall(r'^\s*"((?:[^"\\]|\\.)*)":\s*"((?:[^"\\]|\\.)*)",?$', table, re.M)
    ]


def test_the_explorables_korean_labels_use_the_glossary_terms() -> None:
    words = explorable_korean_words()
    assert len(words) >= 20, words  # the table was read
    found = [
        f"{word!r} has {avoided!r} (use {row['ko']!r})"
        for row in glossary()
        for avoided in filter(None, (w.strip() for w in row["avoid"].split(",")))
        for word in words
        if avoided in word
    ]
    assert not found, found


# --- the checks catch what they claim to ------------------------------------------------


EN = """# Title

## A section

```python
x = 1
```

!!! note

    $$ f(x) = x^2 \\text{ for all } x $$

![a plot](figures/a.svg)
"""
KO = """---
translated_from: 0
---
# 제목 { #title }

## 한 절 { #a-section }

```python
--8<-- "@en"
```

!!! note

    $$ f(x) = x^2 \\text{ 모든 } x $$

![그림](figures/a.svg)
"""


def test_the_structure_checks_accept_a_faithful_translation() -> None:
    assert headings(KO) == headings(EN) == [(1, "title"), (2, "a-section")]
    assert display_math(KO) == display_math(EN)
    assert images(KO) == images(EN) and admonitions(KO) == admonitions(EN)
    assert translations.expand(KO, EN).count("x = 1") == 1


@pytest.mark.parametrize(
    ("change", "check"),
    [
        (("{ #a-section }", ""), headings),
        (("## 한 절", "### 한 절"), headings),
        (("x^2", "x^3"), display_math),
        (("figures/a.svg", "figures/b.svg"), images),
        (("!!! note", "!!! warning"), admonitions),
    ],
)
def test_the_structure_checks_catch_a_drift(change: tuple[str, str], check) -> None:
    assert check(KO.replace(*change)) != check(EN)
