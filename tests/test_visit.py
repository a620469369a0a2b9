"""The browser tests' ``Visit`` stops every request that would leave the site.

Every "nothing leaves 127.0.0.1" claim of the browser tests rests on it, so it is held
to a page that tries: a stylesheet, a script, an image and a fetch addressed elsewhere
(another host, and the same host on another port), beside files of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Visit, serving

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="https://cdn.example.org/style.css">
<link rel="stylesheet" href="local.css">
<script src="http://127.0.0.1:9/elsewhere.js"></script>
</head><body>
<img src="https://images.example.org/a.png" alt="">
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="">
<img src="local.svg" alt="">
<script>fetch("https://api.example.org/x").catch(() => {});</script>
</body></html>
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("visit")
    (root / "index.html").write_text(PAGE)
    (root / "local.css").write_text("body { margin: 0 }")
    (root / "local.svg").write_text(SVG)
    with serving(root) as url:
        yield url


def test_every_request_addressed_elsewhere_is_blocked_and_listed(browser, base: str) -> None:
    v = Visit(browser, base)
    try:
        v.open("")
        v.page.wait_for_timeout(200)  # the fetch
        loaded = v.page.evaluate(
            "() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth > 0])"
        )
    finally:
        v.close()
    assert sorted(v.blocked) == [
        "http://127.0.0.1:9/elsewhere.js",
        "https://api.example.org/x",
        "https://cdn.example.org/style.css",
        "https://images.example.org/a.png",
    ]
    assert dict(loaded) == {
        "https://images.example.org/a.png": False,
        "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7": True,
        "local.svg": True,
    }
