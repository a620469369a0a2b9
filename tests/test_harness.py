"""The documentation harness itself: nothing escapes it, and a failure fails the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.docs_harness import docs_sybil, parse_info, python_looking_fences

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def collected(page: Path) -> int:
    return len(list(docs_sybil(ROOT / "docs").parse(page)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_every_python_fence_is_collected(page: Path) -> None:
    fences = python_looking_fences(page.read_text(encoding="utf-8"))
    assert collected(page) == len(fences), (
        f"{page}: {len(fences)} Python-looking fences at lines {fences}, "
        f"but sybil collected {collected(page)}"
    )


def test_the_docs_have_python_blocks() -> None:
    assert sum(collected(p) for p in PAGES) > 0


@pytest.mark.parametrize(
    ("info", "language", "title"),
    [
        ("python", "python", ""),
        ('python title="Continued from above" hl_lines="1 2"', "python", "Continued from above"),
        ("py", "py", ""),
        ("pycon", "pycon", ""),
        ('{.python title="x"}', "python", "x"),
        ("", "", ""),
    ],
)
def test_parse_info(info: str, language: str, title: str) -> None:
    lang, attrs = parse_info(info)
    assert (lang, attrs.get("title", "")) == (language, title)


PAGE = """
# A page

```python
x = 1
```

```python title="Continued from the block above"
assert x == 1
```

{failing}
"""

FAILURES = {
    "plain block": "```python\nraise RuntimeError('boom')\n```",
    "titled block": '```python title="demo.py" hl_lines="1"\nassert 1 == 2\n```',
    "py fence": "```py\n1 / 0\n```",
    "pycon doctest": "```pycon\n>>> 1 + 1\n3\n```",
    "doctest in a python fence": "```python\n>>> print('a')\nb\n```",
    "block that needs an earlier one": "```python\nassert x == 1\n```",
    "block inside an admonition": "!!! note\n\n    ```python\n    assert False\n    ```",
}


def run_pytest_on(
    tmp_path: Path, body: str, pages: dict[str, str] | None = None, target: str = "docs"
) -> subprocess.CompletedProcess:
    """pytest with the doc harness on a project of ``docs/page.md`` (and ``pages``)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE.format(failing=body), encoding="utf-8")
    for name, text in (pages or {}).items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from tests.docs_harness import docs_sybil
            pytest_collect_file = docs_sybil("docs").pytest()
            """
        )
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failing_block_fails_the_run(tmp_path: Path, case: str) -> None:
    result = run_pytest_on(tmp_path, FAILURES[case])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout, result.stdout


def test_a_passing_page_passes(tmp_path: Path) -> None:
    result = run_pytest_on(tmp_path, "```python\nprint('fine')\n```")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout, result.stdout


KO_PAGE = """---
translated_from: 0000000000000000000000000000000000000000
---
# 한 페이지

```python
--8<-- "@en"
```

```python title="Continued: 위 블록에서 이어짐"
--8<-- "@en"
```

!!! note "메모"

    ```python
    --8<-- "@en"
    ```
"""


def run_translation(tmp_path: Path, third_block: str) -> subprocess.CompletedProcess:
    """A page and its Korean translation, whose three blocks share the English code."""
    third = "!!! note\n\n    ```python\n    " + third_block + "\n    ```"
    return run_pytest_on(tmp_path, third, {"page.ko.md": KO_PAGE}, target="docs/page.ko.md")


def test_a_translation_runs_the_english_code(tmp_path: Path) -> None:
    result = run_translation(tmp_path, "print('fine')")
    # three blocks page by page, and the two that stand alone (the second continues the first)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout, result.stdout


def test_a_failing_english_block_fails_its_translation(tmp_path: Path) -> None:
    result = run_translation(tmp_path, "assert False")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout and "page.ko.md" in result.stdout, result.stdout
