"""The API reference documents every public name; the navigation lists every page."""

from __future__ import annotations

import re

import pathspec
import pytest
import yaml

import gdtheory
import gdtheory.plotting
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def documented_names() -> set[str]:
    names = set()
    for page in (DOCS / "reference").glob("*.md"):
        names |= set(re.findall(r"^::: gdtheory\.([\w.]+)\s*$", page.read_text(), re.MULTILINE))
    return names


def test_every_public_name_has_an_api_entry() -> None:
    documented = documented_names()
    missing = sorted(set(gdtheory.__all__) - documented)
    assert not missing, f"public names without a '::: gdtheory.NAME' entry: {missing}"
    plotting = {f"plotting.{n}" for n in gdtheory.plotting.__all__}
    assert plotting <= documented, sorted(plotting - documented)


def test_api_entries_name_real_objects() -> None:
    for name in documented_names():
        obj = gdtheory
        for part in name.split("."):
            obj = getattr(obj, part)  # raises if the reference names something that is gone


def _nav_files(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


class _Loader(yaml.SafeLoader):
    pass


# mkdocs.yml may use tags such as !ENV; they are irrelevant to the navigation.
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _excluded(rel: str) -> bool:
    """Whether mkdocs.yml's ``exclude_docs`` keeps ``rel`` out of the site (e.g. snippets)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    lines = config.get("exclude_docs", "").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines).match_file(rel)


def _original(rel: str) -> str:
    """The English page of a translation (``a/b.ko.md`` -> ``a/b.md``); ``rel`` otherwise."""
    stem, dot, suffix = rel.rpartition(".")
    base, _, lang = stem.rpartition(".")
    return f"{base}.{suffix}" if lang == "ko" and base else rel


def test_every_page_is_in_the_navigation() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    in_nav = set(_nav_files(config["nav"]))
    pages = {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*")
        if p.suffix in {".md", ".ipynb"} and ".ipynb_checkpoints" not in p.parts
    }
    pages = {rel for rel in pages if not _excluded(rel)}
    # A translation (X.ko.md beside X.md) is reached through its original's nav entry.
    pages = {rel for rel in pages if _original(rel) == rel or _original(rel) not in in_nav}
    assert pages - in_nav == set(), f"pages missing from nav: {sorted(pages - in_nav)}"
    assert in_nav - pages == set(), f"nav entries without a page: {sorted(in_nav - pages)}"


def test_no_page_is_a_placeholder() -> None:
    placeholders = [
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if "is being written" in p.read_text(encoding="utf-8")
    ]
    assert not placeholders, f"unfinished pages: {placeholders}"


def test_every_page_has_two_figures_or_is_exempt() -> None:
    """Content pages teach with pictures: at least two build-time figures each."""
    exempt = {"index.md", "exercises/index.md"} | {
        p.relative_to(DOCS).as_posix() for p in (DOCS / "reference").glob("*.md")
    }
    few = []
    for page in DOCS.rglob("*.md"):
        rel = page.relative_to(DOCS).as_posix()
        if _excluded(rel):  # an include (docs/explorables/), counted on the page that includes it
            continue
        figures = set(re.findall(r"figures/([\w-]+)\.svg", page.read_text(encoding="utf-8")))
        if _original(rel) not in exempt and len(figures) < 2:
            few.append(f"{rel} ({len(figures)})")
    assert not few, f"pages with fewer than two figures: {few}"


# --- Prose links the API names it mentions ------------------------------------------------

PUBLIC = set(gdtheory.__all__) | {f"plotting.{n}" for n in gdtheory.plotting.__all__}
# Optimizer names that PyTorch, Keras and optax use too: written bare (`Adam`), they may mean
# any library's class, so only the prefixed form (`gd.Adam`) must link.
SHARED = {
    "GD", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta",
    "Adam", "AdamW", "NAdam", "AdaMax", "Lion",
}  # fmt: skip
FENCE = re.compile(r"^([ \t]*)(```+|~~~+).*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
MENTION = re.compile(r"(?P<prefix>gd\.|gdtheory\.)?(?P<name>[A-Za-z_][\w.]*?)(?:\(.*\))?", re.S)
LINK_TARGET = re.compile(r"\]\[gdtheory\.([\w.]+)\]|\(\S*#gdtheory\.([\w.]+)\)")


def unlinked_mentions(text: str) -> list[str]:
    """Code spans naming a public gdtheory object that no link on their paragraph targets.

    Fenced code and headings are skipped; a span that is itself a link's text
    (``[`gd.X`][gdtheory.X]``) is linked.
    """
    found = []
    for paragraph in re.split(r"\n[ \t]*\n", FENCE.sub("\n\n", text)):
        if paragraph.lstrip().startswith("#"):
            continue
        linked = {a or b for a, b in LINK_TARGET.findall(paragraph)}
        for span in CODE_SPAN.finditer(paragraph):
            if paragraph[span.start() - 1 : span.start()] == "[" and paragraph[
                span.end() : span.end() + 2
            ] in ("][", "]("):
                continue
            mention = MENTION.fullmatch(span[2].strip())
            if not mention or mention["name"] not in PUBLIC or mention["name"] in linked:
                continue
            if mention["prefix"] or mention["name"] not in SHARED:
                found.append(span[2].strip())
    return found


def test_unlinked_mentions_finder() -> None:
    text = (
        "Use `gd.minimize` and `Adam`.\n\n"
        "[`gd.cosine`][gdtheory.cosine] and again `gd.cosine(1.0, 10)`.\n\n"
        "```python\ngd.lr_grid\n```\n\n## `gd.Result`\n\n`gd.Nope` and `lr_grid(p)`"
    )
    assert unlinked_mentions(text) == ["gd.minimize", "lr_grid(p)"]


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_prose_links_the_api_names_it_mentions(page: str) -> None:
    found = unlinked_mentions((DOCS / page).read_text(encoding="utf-8"))
    assert not found, (
        f"{page}: link these to the API, e.g. [`gd.X`][gdtheory.X]: {sorted(set(found))}"
    )


# --- The built API reference shows no private names ----------------------------------------


@pytest.mark.site
def test_api_reference_shows_no_private_names(built) -> None:
    """No "Bases: `_Base`": a reader cannot look a private class up."""
    from html import unescape

    shown = []
    for page in sorted((built.site / "reference").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for bases in re.findall(r">\s*Bases:(.*?)</p>", html, re.DOTALL):
            text = unescape(re.sub(r"<[^>]+>", "", bases))
            private = [n for n in re.findall(r"[\w.]+", text) if n.split(".")[-1].startswith("_")]
            shown += [f"{page.parent.name}: Bases: {text.strip()}"] if private else []
    assert not shown, f"private names on the API pages: {shown[:5]} ({len(shown)} in all)"
