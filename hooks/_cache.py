"""Cache keys shared by the build hooks: what a generated artifact depends on."""

from __future__ import annotations

import ast
import hashlib
import os
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


# source digest -> code digest: parsing every module takes a few tenths of a second,
# which `mkdocs serve` would otherwise pay on every rebuild.
_parsed: dict[bytes, bytes] = {}


def _module_code_digest(path: Path) -> bytes:
    data = path.read_bytes()
    source = hashlib.sha256(data).digest()
    if source not in _parsed:
        code = code_of(data.decode("utf-8"))
        _parsed[source] = hashlib.sha256(code.encode()).digest()
    return _parsed[source]


def key(*parts: bytes | str) -> str:
    """A short hex key over the given parts (bytes or text)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:20]
