"""MkDocs hook: keep ``mkdocs serve --dirty`` honest when the package changes.

``--dirty`` re-renders only pages whose Markdown changed, which keeps a rebuild
after editing one page under a second. But the API reference pages render
``gdtheory``'s docstrings: when the package changes, their Markdown does not.
This hook marks them as modified whenever the package's sources differ from the
previous build. (Figures and notebooks follow on their own: their cache keys
cover the package, so they get new files, which ``--dirty`` copies.)
"""

from __future__ import annotations

from _cache import package_digest
from mkdocs.structure.files import Files

_last_digest: bytes | None = None


def on_files(files: Files, config) -> Files:
    global _last_digest
    digest = package_digest()
    if _last_digest is not None and digest != _last_digest:
        for f in files:
            if f.src_uri.startswith("reference/") and f.src_uri.endswith(".md"):
                f.is_modified = lambda: True
    _last_digest = digest
    return files
