"""What an edit executes: a prose edit nothing, a block edit only its part (issue: probes named
after prose lines made every later part run again). The fixture's blocks draw a random number,
so a part that ran again shows a different value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dlp_build import ROOT, hook, runner
from dlp_build.chapters import read_chapter

FIXTURE = ROOT / "tests" / "fixtures" / "edits" / "01-cited-parts.md"


@pytest.fixture
def chapter_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "cache" / "executions"))
    monkeypatch.setenv("DLP_FORCE", "")
    path = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, path)
    return path


def build(path: Path) -> tuple[list[int], str]:
    """The part numbers executed to get the chapter's result, and its page's Markdown with values."""
    chapter = read_chapter(path)
    executed: list[int] = []

    def log(line: str) -> None:
        if line.startswith("executing "):
            executed.append(int(line.split(" part ")[1].split("/")[0]))

    result = runner.results([chapter], log=log)[chapter.slug]
    assert not result.failed
    return sorted(executed), hook._insert_values(path.read_text(), chapter, result)


def values(page: str) -> list[str]:
    return [line.rsplit(" ", 1)[1] for line in page.split("\n") if " drew " in line or "Twice" in line]


def test_prose_edits_execute_nothing_and_block_edits_only_their_part(chapter_file):
    executed, page = build(chapter_file)
    assert executed == [1, 2]
    before = values(page)

    # (a) A paragraph at the top moves every citation and block down: nothing executes.
    text = chapter_file.read_text()
    chapter_file.write_text(text.replace("\n\n", "\n\nA new paragraph,\nover two lines.\n\n", 1))
    executed, page = build(chapter_file)
    assert executed == []
    assert values(page) == before

    # (b) A line added to a block of part 1: part 1 only; part 2 keeps its value.
    chapter_file.write_text(chapter_file.read_text().replace("doubled = 2 * first", "doubled = 2 * first\nprint(doubled)"))
    executed, page = build(chapter_file)
    assert executed == [1]
    after = values(page)
    assert after[:2] != before[:2] and after[2] == before[2]

    # (c) A new citation of a value not probed yet: only the part whose block it follows.
    chapter_file.write_text(chapter_file.read_text() + "\nAgain, {{ second * 3:.6f }}.\n")
    executed, page = build(chapter_file)
    assert executed == [2]


def test_citations_of_one_expression_after_one_block_share_a_probe(chapter_file):
    chapter_file.write_text(chapter_file.read_text().replace("Part one drew {{ first:.6f }}.", "{{ first:.6f }}, or {{ first:.2f }}."))
    chapter = read_chapter(chapter_file)
    names = [value.name for value in chapter.values]
    assert names[0] == names[1] and "line" not in names[0]
    assert len(runner.probes_for(chapter)) == len(set(names))
