"""Executing a chapter again, afresh, gives the same outputs, on any x86-64 CPU.

Chapter 3 is snapshotted (tests/snapshots/): it draws random tensors, samples point clouds and
trains three models. The test executes it again in a temporary cache (never the one the other
tests filled) and compares with the tolerances of dlp_build/snapshots.py: text and tracebacks
exactly, numbers within a relative 1e-3 or one unit of their last printed digit, figures by mean
pixel difference. A second test changes one number of the chapter's code and must see the
difference.
"""

import pytest
from conftest import CHAPTERS

from dlp_build import snapshots
from dlp_build.chapters import read_chapter

CHAPTER_3 = next(c for c in CHAPTERS if c.slug == "03-keras-and-tensorflow")
# One number of the chapter's code, changed: the point clouds' covariance (listing 3.13).
EDIT = ("cov=[[1, 0.5], [0.5, 1]]", "cov=[[1, 0.4], [0.4, 1]]")


@pytest.fixture(scope="module")
def recorded() -> snapshots.Snapshot:
    snapshot = snapshots.read(CHAPTER_3)
    assert snapshot.figures, "the snapshot of chapter 3 holds its figures"
    return snapshot


def _skip_unless_same_versions(recorded, now):
    if snapshots.environment_of(now) != snapshots.environment_of(recorded):
        pytest.skip(f"snapshot taken with {snapshots.environment_of(recorded)}, now {snapshots.environment_of(now)}")


def test_chapter_3_executed_afresh_matches_its_snapshot(recorded):
    now = snapshots.take(snapshots.execute_afresh(CHAPTER_3))
    _skip_unless_same_versions(recorded, now)
    problems = snapshots.differences(recorded, now)
    assert not problems, "outputs differ from the snapshot (code changed? re-record it):\n" + "\n".join(problems)


def test_changing_one_number_of_the_code_is_caught(recorded, tmp_path):
    text = CHAPTER_3.path.read_text()
    assert text.count(EDIT[0]) >= 1
    edited = tmp_path / CHAPTER_3.path.name
    edited.write_text(text.replace(EDIT[0], EDIT[1]))
    now = snapshots.take(snapshots.execute_afresh(read_chapter(edited)))
    _skip_unless_same_versions(recorded, now)
    problems = snapshots.differences(recorded, now)
    assert any("numbers differ" in problem for problem in problems), problems
    assert any("pixel difference" in problem for problem in problems), problems


def test_tolerances_accept_rounding_and_reject_changes():
    base = snapshots.Snapshot('{"python": "3.12"}\n[text]\nloss: 3.9519248 - acc: 0.9557 (3, 1)\n', [])
    def with_text(line):
        return snapshots.Snapshot(base.text.replace("loss: 3.9519248 - acc: 0.9557 (3, 1)", line), [])
    assert snapshots.differences(base, with_text("loss: 3.9519246 - acc: 0.9556 (3, 1)")) == []
    assert snapshots.differences(base, with_text("loss: 3.9619248 - acc: 0.9557 (3, 1)"))
    assert snapshots.differences(base, with_text("loss: 3.9519248 - acc: 0.9557 (3, 2)"))
    assert snapshots.differences(base, with_text("loss: 3.9519248 - accuracy: 0.9557 (3, 1)"))
