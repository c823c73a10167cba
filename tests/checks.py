"""The checks of a chapter's run, shared by tests/test_chapters.py and `pytest docs/chapters/NN-*.md`
(tests/chapter_plugin.py): each block's outcome, each stated result, each value the prose cites."""

from __future__ import annotations

import math
from typing import Any

import pytest

from dlp_build.chapters import Chapter, InlineValue
from dlp_build.render import inline_value, status_message
from dlp_build.results import NOT_RUN, OK, RAISED, XPASSED, ChapterResult
from dlp_build.runner import Stated


def mismatch(value: Any, expected: Any, standin: bool = False) -> str | None:
    """Why `value` does not meet `expected`, or None when it does.

    `expected` is an exact value, or a band: {approx, abs, rel} or {min, max}, optionally with a
    `standin` band used instead when the chapter ran on stand-in data.
    """
    if isinstance(expected, dict) and ({"approx", "min", "max", "standin"} & set(expected)):
        band = expected.get("standin", expected) if standin else expected
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return f"expected a number, got {value!r}"
        if "approx" in band:
            tolerance = max(band.get("abs", 0.0), band.get("rel", 0.0) * abs(band["approx"]))
            if not math.isclose(value, band["approx"], rel_tol=0, abs_tol=tolerance or 1e-12):
                return f"{value!r} is not within {tolerance} of {band['approx']}"
        if "min" in band and value < band["min"]:
            return f"{value!r} is below the minimum {band['min']}"
        if "max" in band and value > band["max"]:
            return f"{value!r} is above the maximum {band['max']}"
        return None
    if value != expected:
        return f"{value!r} != expected {expected!r}"
    return None


def check_fence(chapter: Chapter, index: int, result: ChapterResult) -> None:
    """The block at `index` did what it should: ran, or raised as marked."""
    fence, outcome = chapter.fences[index], result.fences[index]
    if outcome.status == NOT_RUN:
        pytest.skip(f"an earlier block of part {chapter.part_of(index).number} of {chapter.name} failed")
    problem = status_message(outcome, result.infrastructure_of(index), fence.raises)
    if problem:
        pytest.fail(f"{chapter.name}:{fence.line}: this block {problem}", pytrace=False)
    expected = {None: OK, (): RAISED}.get(fence.raises, RAISED)
    assert outcome.status == expected or (outcome.status == XPASSED and not fence.strict), outcome.status


def check_stated(stated: Stated, result: ChapterResult) -> None:
    """A result tests/expectations.toml states holds in this run."""
    probe = result.probes.get(stated.name)
    if probe is None and result.failed:
        pytest.skip(f"a block of {stated.slug} failed (see its fence tests)")
    assert probe is not None, f"{stated.slug} recorded no value for {stated.name}"
    assert "error" not in probe, f"{stated.name} could not be evaluated: {probe.get('error')}"
    problem = mismatch(probe["value"], stated.expected, standin=bool(result.standins))
    assert problem is None, f"{stated.slug}: {stated.name}: {problem}"


def check_value(chapter: Chapter, value: InlineValue, result: ChapterResult) -> None:
    """A value the prose cites can be computed and formatted, right after its block."""
    if result.failed and value.name not in result.probes:
        pytest.skip(f"a block of {chapter.slug} failed (see its fence tests)")
    shown, problem = inline_value(result.probes.get(value.name), value.spec)
    assert problem is None, f"{chapter.name}:{value.line}: {value.text} could not be shown: {problem}"
