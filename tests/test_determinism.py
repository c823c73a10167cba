"""Executing a chapter again gives the same outputs (CPU, same versions).

Compares this session's execution of each snapshotted chapter with tests/snapshots/<slug>.txt,
recorded from an earlier, separate execution (`python -m dlp_build snapshot 03`). Timings are
masked; values, logs, tracebacks and figure bytes must match exactly. Chapter 3 is snapshotted:
it draws random tensors, samples point clouds and trains three models.
"""

import difflib

import pytest
from conftest import CHAPTERS

from dlp_build import snapshots

SNAPSHOTTED = [c for c in CHAPTERS if snapshots.path_for(c).exists()]


def test_chapter_3_is_snapshotted():
    assert "03-keras-and-tensorflow" in [c.slug for c in SNAPSHOTTED]


@pytest.mark.parametrize("chapter", SNAPSHOTTED, ids=[c.slug for c in SNAPSHOTTED])
def test_outputs_match_an_earlier_execution(chapter, chapter_runs):
    recorded = snapshots.path_for(chapter).read_text()
    now = snapshots.render(chapter, chapter_runs[chapter.slug].result())
    if snapshots.environment_of(now) != snapshots.environment_of(recorded):
        pytest.skip(f"snapshot taken with {snapshots.environment_of(recorded)}, now {snapshots.environment_of(now)}")
    diff = "\n".join(difflib.unified_diff(recorded.splitlines(), now.splitlines(), "snapshot", "now", lineterm=""))
    assert not diff, f"outputs differ from the snapshot (code changed? re-record it):\n{diff}"
