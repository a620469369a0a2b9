"""The site's build work as plain functions, for MkDocs hooks, a pre-build step or another engine.

Everything a build computes beyond Markdown lives here, with no MkDocs import:

* :mod:`sitebuild.figures`: draw ``docs/figures/*.py`` to SVG files in a cache;
* :mod:`sitebuild.notebooks`: execute ``docs/**/*.ipynb`` into a cache;
* :mod:`sitebuild.jobs`: the two build slots (one per core) both share;
* :mod:`sitebuild.assets`: the MathJax files the site serves itself;
* :mod:`sitebuild.offline`: the check that a page requests nothing outside the site;
* :mod:`sitebuild.search`: the view of a page that the search index reads;
* :mod:`sitebuild.llms`: math back to TeX for the machine-readable edition.

The package sits in ``hooks/`` so that MkDocs (which puts a hook's folder on
``sys.path`` while loading it) and every copy of the hooks folder carry it; the
``hooks/*.py`` files adapt it to MkDocs events. ``PYTHONPATH=hooks python -m sitebuild``
runs the figure and notebook work alone, a pre-build step for any engine. See
CONTRIBUTING.md, "If MkDocs or Material stop being viable".
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent
ROOT = HOOKS.parent


def cache_module() -> ModuleType:
    """``hooks/_cache.py`` (cache keys and folders), shared with the hooks as one module."""
    if "_cache" not in sys.modules:
        spec = importlib.util.spec_from_file_location("_cache", HOOKS / "_cache.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["_cache"] = module
        spec.loader.exec_module(module)
    return sys.modules["_cache"]
