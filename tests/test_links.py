"""Every internal link, anchor, image, script and stylesheet of the rendered site resolves.

``mkdocs build --strict`` validates Markdown links only; API pages, notebook
pages and theme assets are checked here, on the HTML a reader receives.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import ROOT, Build

pytestmark = pytest.mark.site

ATTRS = {"a": "href", "img": "src", "script": "src", "link": "href", "source": "src"}


class Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])
        wanted = ATTRS.get(tag)
        if wanted and values.get(wanted):
            if tag == "link" and values.get("rel") in {"canonical", "alternate"}:
                return
            self.refs.append((tag, values[wanted]))


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def site_prefix() -> str:
    """The path part of ``site_url``: absolute links (the 404 page uses them) start with it."""
    import yaml

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("site_url:"))
    return urlsplit(yaml.safe_load(line)["site_url"]).path or "/"


def target_file(site: Path, url_path: str) -> Path:
    prefix = site_prefix()
    if url_path.startswith(prefix):
        url_path = "/" + url_path[len(prefix) :]
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def test_every_internal_reference_resolves(built: Build) -> None:
    site = built.site
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages}
    broken: dict[str, list[str]] = defaultdict(list)
    checked = 0
    for page, refs in parsed.items():
        base = "/" + page.relative_to(site).as_posix()
        for tag, ref in refs.refs:
            parts = urlsplit(ref)
            if parts.scheme in {"http", "https", "mailto", "data", "javascript"} or ref.startswith(
                "//"
            ):
                continue
            checked += 1
            url = urlsplit(urljoin(base, ref))
            target = target_file(site, url.path) if parts.path else page
            if not target.is_file():
                broken[base].append(f"<{tag}> {ref} -> missing {url.path}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken[base].append(f"<{tag}> {ref} -> no anchor #{parts.fragment}")
    report = "\n".join(f"{page}: {item}" for page, items in broken.items() for item in items)
    assert not broken, report
    assert checked > 50
    print(f"{checked} internal references in {len(pages)} pages resolve")


PAGE_BUDGET = 1.5 * 1024 * 1024  # bytes of a page's own HTML and images


def test_no_page_is_heavier_than_its_budget(built: Build) -> None:
    """HTML plus the images it shows (shared theme assets and MathJax are not the page's own)."""
    site = built.site
    weights = {}
    for page in sorted(site.rglob("index.html")):
        base = "/" + page.relative_to(site).as_posix()
        images = {
            target_file(site, urlsplit(urljoin(base, ref)).path)
            for tag, ref in parse(page).refs
            if tag == "img" and not urlsplit(ref).scheme
        }
        weights[base] = page.stat().st_size + sum(p.stat().st_size for p in images if p.is_file())
    heavy = {p: w for p, w in weights.items() if w > PAGE_BUDGET}
    assert not heavy, {p: f"{w / 2**20:.2f} MB" for p, w in heavy.items()}
    name, most = max(weights.items(), key=lambda kv: kv[1])
    print(f"heaviest page: {name} at {most / 2**20:.2f} MB")
