"""`pytest docs/chapters/03-keras-and-tensorflow.md`: one chapter's blocks, stated results and cited
values, run through the engine (cache, parts, kernels) and checked as tests/test_chapters.py
checks them (tests/checks.py). `-k 217` picks the block at line 217; DLP_FORCE=03 re-executes.

pytest-codeblocks' own mode, `pytest --codeblocks`, runs every block alone, in a fresh namespace:
a chapter's blocks build on each other (one namespace per part), so on a chapter it stops at
once, pointing here. The root conftest.py registers this plugin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checks import check_fence, check_stated, check_value

from dlp_build import runner
from dlp_build.chapters import CHAPTERS_DIR, Chapter, ChapterError, is_chapter_file, read_chapter
from dlp_build.results import ChapterResult

_results: dict[Path, ChapterResult] = {}


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("codeblocks", default=False) and any(_is_chapter(Path(str(a).split("::")[0])) for a in config.args):
        raise pytest.UsageError(
            "a chapter's blocks share one namespace per part, so `pytest --codeblocks` (each block alone) cannot run "
            "them. Run `pytest docs/chapters/NN-slug.md` without --codeblocks: it executes the chapter through the "
            "engine, as `make test` does (docs/contributing.md)."
        )


def _is_chapter(path: Path) -> bool:
    path = path.resolve()
    return path == CHAPTERS_DIR.resolve() or (path.suffix == ".md" and is_chapter_file(path))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A chapter of docs/chapters/, or a chapter file named on the command line (the test suite's
    fixture chapters, which fail on purpose, are collected only when named)."""
    if file_path.suffix != ".md" or not is_chapter_file(file_path) or parent.config.getoption("codeblocks", default=False):
        return None
    named = {Path(str(arg).split("::")[0]).resolve() for arg in parent.config.args}
    if file_path.resolve().parent == CHAPTERS_DIR.resolve() or file_path.resolve() in named:
        return ChapterFile.from_parent(parent, path=file_path)
    return None


class ChapterFile(pytest.File):
    def collect(self):
        try:
            chapter = read_chapter(self.path)
        except ChapterError as error:
            raise self.CollectError(str(error)) from None
        for index, fence in enumerate(chapter.fences):
            if fence.runs:
                yield ChapterItem.from_parent(self, name=f"{self.path.name}:{fence.line}", check=lambda r, i=index: check_fence(chapter, i, r))
        for stated in (s for s in runner.stated_results() if s.slug == chapter.slug):
            yield ChapterItem.from_parent(self, name=f"{chapter.slug}: {stated.name}", check=lambda r, s=stated: check_stated(s, r))
        for value in chapter.values:
            name = f"{self.path.name}:{value.line}: {value.text}"
            yield ChapterItem.from_parent(self, name=name, check=lambda r, v=value: check_value(chapter, v, r))

    def result(self) -> ChapterResult:
        """The chapter's run, once per session: from the cache, or executed now."""
        if self.path not in _results:
            chapter = read_chapter(self.path)
            _results[self.path] = runner.results([chapter], force=runner.forced_slugs([chapter]))[chapter.slug]
        return _results[self.path]


class ChapterItem(pytest.Item):
    def __init__(self, *, check, **kwargs) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        self.check(self.parent.result())

    def reportinfo(self):
        return self.path, None, self.name
