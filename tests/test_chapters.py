"""Every ```python fence of the chapters is a test, and so is every stated result.

A chapter's fences run in order, one kernel per part (see conftest.chapter_runs), so each test
only reads its fence's outcome: cost is one execution per part. After a failing fence, the rest
of its part is skipped with the reason.
"""

from __future__ import annotations

import pytest
from checks import mismatch
from conftest import CHAPTERS

from dlp_build import runner
from dlp_build.render import inline_value, status_message
from dlp_build.results import NOT_RUN, OK, RAISED, XPASSED

FENCES = [(chapter, i) for chapter in CHAPTERS for i, fence in enumerate(chapter.fences) if fence.runs]
STATED = runner.stated_results()


@pytest.mark.parametrize(
    ("chapter", "index"), FENCES, ids=[f"{c.path.name}:{c.fences[i].line}" for c, i in FENCES]
)
def test_fence(chapter, index, chapter_runs):
    fence = chapter.fences[index]
    chapter_result = chapter_runs[chapter.slug].result()
    result = chapter_result.fences[index]
    if result.status == NOT_RUN:
        pytest.skip(f"an earlier block of part {chapter.part_of(index).number} of {chapter.name} failed")
    problem = status_message(result, chapter_result.infrastructure_of(index), fence.raises)
    if problem:
        pytest.fail(f"{chapter.name}:{fence.line}: this block {problem}", pytrace=False)
    expected = {None: OK, (): RAISED}.get(fence.raises, RAISED)
    assert result.status == expected or (result.status == XPASSED and not fence.strict), result.status


@pytest.mark.parametrize("stated", STATED, ids=[f"{s.slug}: {s.name}" for s in STATED])
def test_expectation(stated, chapter_runs):
    slug = stated.slug
    assert slug in chapter_runs, f"tests/expectations.toml names {slug}, which is no executable chapter"
    result = chapter_runs[slug].result()
    probe = result.probes.get(stated.name)
    if probe is None and result.failed:
        pytest.skip(f"a block of {slug} failed (see its fence tests)")
    assert probe is not None, f"{slug} recorded no value for {stated.name}"
    assert "error" not in probe, f"{stated.name} could not be evaluated: {probe.get('error')}"
    problem = mismatch(probe["value"], stated.expected, standin=bool(result.standins))
    assert problem is None, f"{slug}: {stated.name}: {problem}"


VALUES = [(chapter, value) for chapter in CHAPTERS for value in chapter.values]


@pytest.mark.parametrize(("chapter", "value"), VALUES, ids=[f"{c.path.name}:{v.line}: {v.text}" for c, v in VALUES])
def test_inline_value(chapter, value, chapter_runs):
    """Every value the prose cites can be computed and formatted, right after its block."""
    result = chapter_runs[chapter.slug].result()
    if result.failed and value.name not in result.probes:
        pytest.skip(f"a block of {chapter.slug} failed (see its fence tests)")
    shown, problem = inline_value(result.probes.get(value.name), value.spec)
    assert problem is None, f"{chapter.name}:{value.line}: {value.text} could not be shown: {problem}"
