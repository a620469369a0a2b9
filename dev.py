#!/usr/bin/env python3
"""The project's one entry point: set up, serve, test, build, benchmark.

    python3 dev.py serve    # the site at http://127.0.0.1:8000/gdtheory/ with live reload
                            # (--lang ko: the Korean edition, --lang all: both)
    python3 dev.py test     # the whole test suite (code, docs, build, browser), in parallel

Both create ``.venv`` on first use and install the locked versions from
``requirements.lock`` (again only when the lock or ``pyproject.toml`` changes).
Needs nothing but Python 3.11+ and git. Other commands: ``build`` (the static
site into ``site/``), ``bench`` (benchmarks), ``lock`` (re-resolve the lock file),
``setup --torch`` (and ``--optax``, ``--keras``, ``--all``: the optional extras,
one ``requirements-NAME.lock`` each, for the conformance tests).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".gdtheory-installed"
# pip arguments of the editable install of gdtheory itself (tests run them too).
EDITABLE = ("install", "--quiet", "--no-deps", "-e")


def run(*args: str | Path, **kw) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kw)


def check(*args: str | Path) -> None:
    if run(*args) != 0:
        sys.exit(f"command failed: {' '.join(map(str, args))}")


def _digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


def extras() -> dict[str, Path]:
    """The optional extras: ``requirements-NAME.lock`` -> ``NAME`` (``torch``, ...)."""
    return {
        p.name.removeprefix("requirements-").removesuffix(".lock"): p
        for p in sorted(ROOT.glob("requirements-*.lock"))
    }


def setup(*names: str) -> None:
    """Create .venv and install the locked dependencies and gdtheory (editable).

    ``STAMP`` remembers which lock files are installed, so a second call is instant;
    each name in ``names`` adds an optional extra's lock (``"torch"``: the PyTorch
    conformance tests).
    """
    locks = extras()
    wanted = {"base": _digest(LOCK, ROOT / "pyproject.toml")}
    wanted.update({name: _digest(locks[name]) for name in names})
    done = dict(line.split("=", 1) for line in STAMP.read_text().split()) if STAMP.exists() else {}
    if all(done.get(k) == v for k, v in wanted.items()):
        return
    if not PY.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
        check(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # One pip call for the base and every extra: one resolution, one pass over the pins.
    requirements = [arg for lock in [LOCK, *(locks[n] for n in names)] for arg in ("-r", lock)]
    check(PY, "-m", "pip", "install", "--quiet", *requirements)
    check(PY, "-m", "pip", *EDITABLE, ".")
    if done.get("base") != wanted["base"]:
        done = {}
    done.update(wanted)
    STAMP.write_text("\n".join(f"{k}={v}" for k, v in done.items()))


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist's options for ``dev.py test``: one worker per core, at most four.

    ``--dist loadfile`` keeps each test file on one worker (a module's browser pass
    runs once); the run's one cold build is shared by all workers (``tests/conftest.py``).
    Nothing is added when ``args`` choose for themselves (``-n 0`` runs in one process)
    or on one core.
    """
    chosen = any(a.startswith(("-n", "--numprocesses")) or a == "no:xdist" for a in args)
    workers = min(os.cpu_count() or 1, 4)
    return [] if chosen or workers < 2 else ["-n", str(workers), "--dist", "loadfile"]


def env() -> dict[str, str]:
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    e["PATH"] = f"{BIN}{os.pathsep}{e.get('PATH', '')}"
    return e


def _option(args: list[str], name: str, default: str) -> tuple[str, list[str]]:
    """The value of ``name VALUE`` (or ``name=VALUE``) in ``args``, and the other args."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1], args[:i] + args[i + 2 :]
        if arg.startswith(name + "="):
            return arg.partition("=")[2], args[:i] + args[i + 1 :]
    return default, args


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "setup":
        known = extras()
        names = list(known) if "--all" in rest else [a.removeprefix("--") for a in rest]
        unknown = [f"--{n}" for n in names if n not in known]
        if unknown:
            options = " ".join(f"--{n}" for n in [*known, "all"])
            print(f"unknown option {' '.join(unknown)}; setup takes {options}", file=sys.stderr)
            return 2
        setup(*names)
        return 0
    if command == "lock":
        return run(sys.executable, ROOT / "tools" / "lock.py")
    setup()
    if command == "serve":
        # --dirty re-renders only the pages that changed (about a second); --full
        # rebuilds every page on every change, e.g. after editing the navigation.
        flags = ["--livereload"] if "--full" in rest else ["--livereload", "--dirty"]
        rest = [a for a in rest if a != "--full"]
        # The English edition alone by default (each rebuild renders one language);
        # --lang ko (or all) builds both, the Korean one under /ko/ (static-i18n cannot
        # build a translation alone: it would make Korean the default language).
        lang, rest = _option(rest, "--lang", "en")
        if lang not in {"en", "ko", "all"}:
            print(f"--lang must be en, ko or all, got {lang!r}", file=sys.stderr)
            return 2
        e = env()
        if lang == "en":
            e["GDTHEORY_BUILD_ONLY"] = "en"
        else:
            print("The Korean edition: http://127.0.0.1:8000/gdtheory/ko/", flush=True)
        return run(BIN / "mkdocs", "serve", *flags, *rest, env=e)
    if command == "build":
        return run(BIN / "mkdocs", "build", "--strict", *rest, env=env())
    if command == "test":
        return run(PY, "-m", "pytest", *parallel(rest), *rest, env=env())
    if command == "bench":
        return run(PY, ROOT / "benchmarks" / "run_all.py", *rest, env=env())
    print(f"unknown command {command!r}; see python3 dev.py --help", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
