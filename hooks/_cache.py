"""Cache keys shared by the build hooks: what a generated artifact depends on."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Build work runs two processes at a time on two cores (figure workers, notebook
# kernels); multithreaded BLAS inside each would oversubscribe the cores.
SINGLE_THREADED = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
}


def worker_env() -> dict[str, str]:
    """The environment for build subprocesses (figure scripts, notebook kernels)."""
    return {**os.environ, **SINGLE_THREADED}


def cache_dir(kind: str) -> Path:
    """``$GDTHEORY_CACHE_DIR/<kind>`` (default ``.cache/<kind>`` in the project root)."""
    base = Path(os.environ.get("GDTHEORY_CACHE_DIR", ROOT / ".cache"))
    path = base / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a file of this process's own: two builds may
    share a cache folder, and a reader sees the old file or the new one, never half."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def kept_generations(kind: str, live: set[str], versions: int = 2) -> set[str]:
    """What pruning ``cache_dir(kind)`` keeps: the names in ``live`` and those of the build
    before whose set differed, up to ``versions`` sets (recorded in ``cache_dir("generations")``).

    A code edit in ``gdtheory`` redraws every figure under new names; keeping the set of
    before means that undoing the edit finds them, instead of drawing them all again.
    """
    record = cache_dir("generations") / f"{kind}.json"
    try:
        sets = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        sets = []
    names = sorted(live)
    if not sets or sets[-1] != names:
        sets = [*[s for s in sets if s != names][-(versions - 1) :], names]
        write_atomically(record, json.dumps(sets))
    return {name for s in sets for name in s}


_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def code_of(source: str) -> str:
    """A module's code without docstrings and comments (the AST dumped without positions)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False, include_attributes=False)


def package_digest(package: Path | None = None) -> bytes:
    """Digest of the code of ``gdtheory``: what figures and notebooks depend on.

    Docstrings, comments and layout are left out, so editing the prose of the API
    reference does not redraw every figure and re-execute every notebook; any change
    to what the code does (a statement, a name, a constant) changes the digest.
    ``package`` defaults to ``ROOT / "gdtheory"``.
    """
    package = ROOT / "gdtheory" if package is None else package
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(_module_code_digest(path))
    return h.digest()


# source digest -> code digest, kept on disk (``code_digests_file``): parsing every module
# takes most of a second, which each build and every `mkdocs serve` rebuild would pay.
_parsed: dict[str, str] = {}
KEPT_DIGESTS = 1000  # a few edits' worth of every module
_read_from: list[Path] = []  # the file _parsed was last read from


def code_digests_file() -> Path:
    """Where the code digests are kept: ``ast.dump`` differs between Python versions."""
    v = sys.version_info
    return cache_dir("code") / f"digests-py{v.major}.{v.minor}.json"


def _module_code_digest(path: Path) -> bytes:
    data = path.read_bytes()
    source = hashlib.sha256(data).hexdigest()
    file = code_digests_file()
    if _read_from != [file]:
        try:
            _parsed.update(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
        _read_from[:] = [file]
    if source not in _parsed:
        code = code_of(data.decode("utf-8"))
        _parsed[source] = hashlib.sha256(code.encode()).hexdigest()
        for old in list(_parsed)[:-KEPT_DIGESTS]:  # the oldest first (insertion order)
            del _parsed[old]
        write_atomically(file, json.dumps(_parsed))
    return bytes.fromhex(_parsed[source])


def key(*parts: bytes | str) -> str:
    """A short hex key over the given parts (bytes or text)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:20]
