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


def test_the_cache_fills_from_another_checkout_or_a_ci_artifact_over_http(chapter_file, tmp_path, monkeypatch):
    import functools
    import http.server
    import threading
    import zipfile

    chapter = read_chapter(chapter_file)
    source = tmp_path / "cache" / "executions"
    assert build(chapter_file)[0] == [1, 2]  # executed once, into the first cache
    (source / chapter.slug / "0000000000000000.ipynb").write_text("{not json")  # never copied: not a current key

    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "second"))
    assert runner.fill_cache(str(source), [chapter], log=lambda line: None) == 2
    assert build(chapter_file)[0] == []  # nothing executes

    with zipfile.ZipFile(tmp_path / "artifact.zip", "w") as archive:  # as a CI job uploads it
        for entry in source.rglob("*.ipynb"):
            archive.write(entry, f"executions/{entry.relative_to(source)}")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "third"))
        url = f"http://127.0.0.1:{server.server_address[1]}/artifact.zip"
        assert runner.fill_cache(url, [chapter], log=lambda line: None) == 2
    finally:
        server.shutdown()
    assert build(chapter_file)[0] == []
