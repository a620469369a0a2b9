"""Optional tools of the test suite (PyTorch, Chromium): skip with one hint, or fail under CI.

A test module calls ``torch = need_torch()`` (at import) and a fixture calls
``need_chromium()``. Without the tool the tests skip with the README's install
hint; when the environment variable ``CI`` is ``true`` they fail instead, so CI
cannot go green without them. Each missing tool is recorded, and the test run
ends with one line that names what did not run and how to enable it (this
module is a pytest plugin, loaded by the root ``conftest.py``).
"""

from __future__ import annotations

import json
import os
import shutil
from types import ModuleType

import pytest

TORCH_HINT = "PyTorch is not installed: run `python3 dev.py setup --torch`"
CHROMIUM_HINT = "Chromium is not installed: apt-get install chromium"
PLAYWRIGHT_HINT = "Playwright is not installed: run `python3 dev.py setup` (it is in the lock)"

# What did not run -> how to enable it, in the order found.
NOT_RUN: dict[str, str] = {}


def under_ci() -> bool:
    """True when the environment variable ``CI`` says so (``true``, ``1`` or ``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _missing(what: str, hint: str) -> None:
    __tracebackhide__ = True  # report the skip at the caller's line, not here
    NOT_RUN.setdefault(what, hint)
    if under_ci():
        pytest.fail(f"{hint} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(hint, allow_module_level=True)


def need_torch() -> ModuleType:
    """Return the ``torch`` module, or skip (fail under CI) with the README's install hint."""
    __tracebackhide__ = True
    try:
        import torch
    except ImportError:
        _missing("the PyTorch conformance tests", TORCH_HINT)
    return torch


def need_playwright() -> ModuleType:
    """Return ``playwright.sync_api``, or skip (fail under CI) with the install hint."""
    __tracebackhide__ = True
    try:
        from playwright import sync_api
    except ImportError:
        _missing("the browser pass", PLAYWRIGHT_HINT)
    return sync_api


def need_chromium() -> str:
    """Return the path of Chromium, or skip (fail under CI) with the install hint."""
    __tracebackhide__ = True
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing("the browser pass", CHROMIUM_HINT)
    return path


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker, hand what did not run to the controller, which reports."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["gdtheory_not_run"] = json.dumps(NOT_RUN)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """The controller gathers each worker's list (this hook exists with pytest-xdist only)."""
    for what, hint in json.loads(
        getattr(node, "workeroutput", {}).get("gdtheory_not_run", "{}")
    ).items():
        NOT_RUN.setdefault(what, hint)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """End the run with one line naming each part that did not run and its fix.

    A wrapper around the terminal reporter's own summary, so the line comes after
    the short test summary, just above pytest's final count.
    """
    result = yield
    if not NOT_RUN:
        return result
    parts = "; ".join(f"{what} ({hint})" for what, hint in NOT_RUN.items())
    terminalreporter.write_line(f"Did not run: {parts}.", yellow=True, bold=True)
    return result
