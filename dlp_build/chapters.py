"""Read a chapter's Markdown into the ```python fences that get executed.

The parser is pytest-codeblocks' own (`extract_from_file`), so the fences we execute are
exactly the ones a plain `pytest --codeblocks` would collect: info string exactly `python`.
Two of its HTML-comment markers are understood (invisible on the page):

    <!--pytest.mark.xfail(raises=TypeError, strict=True)-->   the fence must raise TypeError
    <!--pytest.mark.skip-->                                    shown, never executed
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pytest_codeblocks import extract_from_file

from dlp_build import ROOT

CHAPTERS_DIR = Path(os.environ.get("DLP_CHAPTERS_DIR", ROOT / "docs" / "chapters"))
_RAISES = re.compile(r"pytest\.mark\.xfail\(.*raises=([\w.]+)")


@dataclass(frozen=True)
class Fence:
    """One executable ```python fence of a chapter."""

    code: str
    line: int  # 1-based line of the opening ``` in the Markdown file
    raises: str | None = None  # exception class name the fence must raise
    skip: bool = False

    @property
    def runs(self) -> bool:
        return not self.skip


@dataclass(frozen=True)
class Chapter:
    """A chapter page and its fences, in order."""

    path: Path
    fences: tuple[Fence, ...]

    @property
    def slug(self) -> str:
        """File name without suffix, e.g. '03-keras-and-tensorflow'."""
        return self.path.stem

    def is_named(self, name: str) -> bool:
        """True for its slug, its number ('03') or its path relative to the repository."""
        return name in (self.slug, self.slug[:2], self.name)

    @property
    def name(self) -> str:
        """Path relative to the repository root (or the bare file name outside it)."""
        try:
            return self.path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return self.path.name


def read_chapter(path: Path) -> Chapter:
    """Parse the Markdown file at `path` into a Chapter."""
    fences = []
    for block in extract_from_file(path):
        if block.syntax != "python":
            continue
        raises = None
        for mark in block.marks:
            if match := _RAISES.match(mark):
                raises = match.group(1).rsplit(".", 1)[-1]
        skip = any(mark.startswith("pytest.mark.skip") for mark in block.marks)
        fences.append(Fence(block.code, block.lineno, raises, skip))
    return Chapter(Path(path), tuple(fences))


def chapter_paths(directory: Path = CHAPTERS_DIR) -> list[Path]:
    """All chapter files, in chapter order."""
    return sorted(directory.glob("[0-9][0-9]-*.md"))


def executable_chapters(directory: Path = CHAPTERS_DIR) -> list[Chapter]:
    """Chapters that have at least one fence to execute."""
    chapters = [read_chapter(path) for path in chapter_paths(directory)]
    return [chapter for chapter in chapters if any(f.runs for f in chapter.fences)]
