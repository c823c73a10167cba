"""Every ```python fence of the chapters is a test, and so is every stated result.

A chapter's fences run in order, one kernel per part (see conftest.chapter_runs), so each test
only reads its fence's outcome: cost is one execution per part. After a failing fence, the rest
of its part is skipped with the reason. The checks themselves are in tests/checks.py, shared with
`pytest docs/chapters/NN-slug.md` (tests/chapter_plugin.py).
"""

from __future__ import annotations

import pytest
from checks import check_fence, check_stated, check_value
from conftest import CHAPTERS

from dlp_build import runner

FENCES = [(chapter, i) for chapter in CHAPTERS for i, fence in enumerate(chapter.fences) if fence.runs]
STATED = runner.stated_results()


@pytest.mark.parametrize(
    ("chapter", "index"), FENCES, ids=[f"{c.path.name}:{c.fences[i].line}" for c, i in FENCES]
)
def test_fence(chapter, index, chapter_runs):
    check_fence(chapter, index, chapter_runs[chapter.slug].result())


@pytest.mark.parametrize("stated", STATED, ids=[f"{s.slug}: {s.name}" for s in STATED])
def test_expectation(stated, chapter_runs):
    assert stated.slug in chapter_runs, f"tests/expectations.toml names {stated.slug}, which is no executable chapter"
    check_stated(stated, chapter_runs[stated.slug].result())


VALUES = [(chapter, value) for chapter in CHAPTERS for value in chapter.values]


@pytest.mark.parametrize(("chapter", "value"), VALUES, ids=[f"{c.path.name}:{v.line}: {v.text}" for c, v in VALUES])
def test_inline_value(chapter, value, chapter_runs):
    """Every value the prose cites can be computed and formatted, right after its block."""
    check_value(chapter, value, chapter_runs[chapter.slug].result())
