"""A disk cache for the signatures mkdocstrings formats with ``ruff format``.

With ``separate_signature: true``, mkdocstrings-python formats each signature by
running ``ruff format`` (or Black) once per object: 67 subprocesses, about a second
of every build. The result depends only on the formatter, the code and the line
length, so it is kept in a JSON file between builds. If mkdocstrings-python stops
exposing the formatter hook, nothing is cached and builds are only slower.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_memo: dict[str, str] = {}
_file: Path | None = None
_dirty = False


def _formatter_id() -> str:
    for name in ("black", "ruff"):
        try:
            return f"{name}-{version(name)}"
        except PackageNotFoundError:
            continue
    return "none"


def install(cache_dir: Path) -> bool:
    """Cache mkdocstrings-python's signature formatter in ``cache_dir``; False if not possible."""
    global _file
    try:
        from mkdocstrings_handlers.python._internal import rendering
    except ImportError:
        return False
    original = getattr(rendering, "_get_formatter", None)
    if original is None:
        return False
    inner = getattr(original, "_gdtheory_inner", original)
    _file = Path(cache_dir) / f"signatures-{_formatter_id()}.json"
    if not _memo and _file.exists():
        _memo.update(json.loads(_file.read_text(encoding="utf-8")))

    def get_formatter() -> Callable[[str, int], str]:
        real = inner()

        def formatter(code: str, line_length: int) -> str:
            global _dirty
            k = f"{line_length}\0{code}"
            if k not in _memo:
                _memo[k] = real(code, line_length)
                _dirty = True
            return _memo[k]

        return formatter

    get_formatter._gdtheory_inner = inner
    rendering._get_formatter = get_formatter
    return True


def save() -> None:
    """Write the cache if a build added to it."""
    global _dirty
    if _dirty and _file is not None:
        tmp = _file.with_suffix(".tmp")
        tmp.write_text(json.dumps(_memo, sort_keys=True), encoding="utf-8")
        tmp.replace(_file)
        _dirty = False
