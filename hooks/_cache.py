"""Cache keys shared by the build hooks: what a generated artifact depends on."""

from __future__ import annotations

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


def package_digest() -> bytes:
    """Digest of every source file of ``gdtheory``: a change there invalidates all artifacts."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "gdtheory").rglob("*.py")):
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


def key(*parts: bytes | str) -> str:
    """A short hex key over the given parts (bytes or text)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:20]
