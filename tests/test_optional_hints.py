"""Every test that needs an optional tool asks tests/_optional.py, so a reader meets one
install hint per tool (the README's) and CI=true turns a missing tool into a failure."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DIRECT = re.compile(r"importorskip\(\s*[\"'](torch|playwright|optax|keras|jax)")


def test_no_test_imports_an_optional_tool_on_its_own() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: importorskip({m.group(1)!r})"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for m in DIRECT.finditer(path.read_text())
    ]
    assert not offenders, "use tests._optional.need_*():\n" + "\n".join(offenders)
