"""Read a chapter's Markdown into the ```python fences that get executed, grouped in parts.

The parser is pytest-codeblocks' own (`extract_from_file`), so the fences we execute are
exactly the ones a plain `pytest --codeblocks` would collect: info string exactly `python`.
The page is drawn by pymdownx.superfences, which reads fences differently (pytest-codeblocks
closes a fence at any line starting with ```, superfences only at its own closing line), so
`fence_spans` reads every fence as the page does and a chapter where the two would disagree is
refused, naming the line: the code that runs is exactly the code the page shows. Titles,
headings and prose values are read outside those fences only. A fence that the page highlights
as Python but that would not run (```` ```py ````, ```` ```python3 ````, ```` ~~~python ````, ...)
is refused too, unless a title says so: ```` ```python title="... (not run)" ````.
Its markers (HTML comments, invisible on the page) mean what they mean to pytest:

    <!--pytest.mark.xfail(raises=TypeError, strict=True)-->   must raise TypeError (or a subclass)
    <!--pytest.mark.xfail-->                                   may raise anything
    <!--pytest.mark.skip-->  <!--pytest.mark.skipif(sys.platform == "win32", reason="")-->

Anything else pytest-codeblocks accepts (`cont`, `expected-output`, `importorskip`, other marks)
is refused with the chapter's file and line: a chapter already runs in one namespace.

A line `<!--dlp:part-->` starts a new *part*: the fences after it run in a fresh kernel of
their own, cached on their own key, so editing one part re-runs only that part.

Prose can cite a value the chapter computed, `{{ test_acc:.3f }}` (an expression and an
optional format spec): it is evaluated right after the block before it, and the page shows the
value of that run. Its probe is named after what it evaluates and where in the code: the
expression and that block (its place in its part, and its code), never a line of prose, so a
prose edit leaves every cached part usable and a block edit re-runs only its own part.
"""

from __future__ import annotations

import ast
import hashlib
import os
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pytest_codeblocks import extract_from_file

from dlp_build import ROOT

CHAPTERS_DIR = Path(os.environ.get("DLP_CHAPTERS_DIR", ROOT / "docs" / "chapters"))
PART_MARKER = "<!--dlp:part-->"
_PART_LINE = re.compile(r"^\s*<!--\s*dlp\s*:\s*part\s*-->\s*$")
_CODEBLOCKS_KEYWORD = re.compile(r"^\s*<!--[-\s]*pytest-codeblocks:\s*([A-Za-z]+(?:-[A-Za-z]+)*)")
_WHY_REFUSED = {
    "cont": "a chapter's blocks already share one namespace (per part), so `cont` is not needed",
    "expected-output": "outputs are generated and shown, not compared: state results in tests/expectations.toml",
    "expected-output-ignore-whitespace": "outputs are generated and shown, not compared: state results in tests/expectations.toml",
    "importorskip": "a chapter's dependencies are installed by the project's set-up; a block must not skip silently",
}


class ChapterError(ValueError):
    """A chapter file the build cannot use as it is; the message names its file and line."""


@dataclass(frozen=True)
class Fence:
    """One executable ```python fence of a chapter."""

    code: str
    line: int  # 1-based line of the opening ``` in the Markdown file
    raises: tuple[str, ...] | None = None  # xfail: None (no xfail), () (any exception) or names
    strict: bool = False  # xfail(strict=True): not raising fails the block
    skip: bool = False

    @property
    def runs(self) -> bool:
        return not self.skip

    @property
    def end_line(self) -> int:
        """1-based line of the closing ``` (the parser consumed one line per newline of code)."""
        return self.line + self.code.count("\n") + 1


@dataclass(frozen=True)
class Span:
    """A fence as the page reads it: 1-based lines of its opening and closing, and its info string."""

    start: int
    end: int
    info: str
    quoted: bool = False  # inside a block quote (`> ````): the test runner never reads it

    def holds(self, line: int) -> bool:
        return self.start <= line <= self.end


@dataclass(frozen=True)
class InlineValue:
    """`{{ expression:spec }}` in the prose, evaluated right after the fence at index `after`."""

    text: str  # as written, braces included
    expression: str
    spec: str
    line: int  # where it is cited: for messages only
    after: int
    block: str  # the fence it follows, as `block_identity` names it

    @property
    def name(self) -> str:
        """Its probe's name: the expression and the block it follows, not where it is cited (two
        citations of one expression after one block share a probe)."""
        return f"{{{{ {self.expression} }}}} after {self.block}"


@dataclass(frozen=True)
class Part:
    """Fences that run in order in one fresh kernel: `indices` into the chapter's fences."""

    number: int  # 1, 2, ... in page order
    indices: tuple[int, ...]
    title: str  # the first heading of the part, for logs and the schedule


@dataclass(frozen=True)
class Chapter:
    """A chapter page and its fences, in order."""

    path: Path
    title: str
    fences: tuple[Fence, ...]
    parts: tuple[Part, ...]
    values: tuple[InlineValue, ...] = ()
    title_line: int = 1  # 1-based line of its `# ` title

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

    def part_of(self, index: int) -> Part:
        return next(part for part in self.parts if index in part.indices)


def _call(mark: str, where: str) -> tuple[str, list[ast.expr], dict[str, ast.expr]]:
    """`pytest.mark.NAME(args...)` -> NAME, positional and keyword argument expressions."""
    try:
        node = ast.parse(mark, mode="eval").body
    except SyntaxError as error:
        raise ChapterError(f"{where}: cannot read the marker {mark!r}: {error.msg}") from None
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    name = ast.unparse(target)
    if not name.startswith("pytest.mark."):
        raise ChapterError(f"{where}: unknown marker {mark!r}")
    return name.removeprefix("pytest.mark."), list(call.args if call else []), {
        k.arg: k.value for k in (call.keywords if call else []) if k.arg
    }


def _condition(expressions: list[ast.expr], reason: ast.expr | None, where: str) -> bool:
    """skipif/xfail conditions as pytest evaluates them: true if any is (none: true). A string is
    evaluated with os, sys and platform; a non-string condition needs a reason, as in pytest."""
    if not expressions:
        return True
    namespace = {"os": os, "sys": sys, "platform": platform}
    results = []
    for expression in expressions:
        try:
            value = eval(compile(ast.Expression(expression), where, "eval"), namespace)
            if isinstance(value, str):
                value = eval(value, namespace)
            elif reason is None:
                raise ChapterError(f"{where}: give reason=... with a condition that is not a string, as pytest requires")
        except ChapterError:
            raise
        except Exception as error:
            raise ChapterError(f"{where}: cannot evaluate the condition {ast.unparse(expression)!r}: {error}") from None
        results.append(bool(value))
    return any(results)


def _exception_names(expression: ast.expr, where: str) -> tuple[str, ...]:
    """raises=X or raises=(X, Y): the class names, as written (TypeError, tf.errors.InvalidArgumentError)."""
    items = expression.elts if isinstance(expression, ast.Tuple) else [expression]
    names = []
    for item in items:
        if not isinstance(item, (ast.Name, ast.Attribute)):
            raise ChapterError(f"{where}: raises= must name exception classes, not {ast.unparse(item)!r}")
        names.append(ast.unparse(item))
    return tuple(names)


def _fence(code: str, line: int, marks: list[str], where: str) -> Fence:
    """A Fence with its markers applied as pytest applies them (the first active xfail counts)."""
    raises, strict, skip, xfailed = None, False, False, False
    for mark in marks:
        name, args, kwargs = _call(mark, where)
        conditions = args or ([kwargs["condition"]] if "condition" in kwargs else [])
        if name == "skip":
            skip = True
        elif name == "skipif":
            skip = _condition(conditions, kwargs.get("reason"), where) or skip
        elif name == "xfail":
            if xfailed or not _condition(conditions, kwargs.get("reason"), where):
                continue
            xfailed = True
            if "run" in kwargs and not _constant(kwargs["run"], where):
                skip = True  # xfail(run=False): reported as expected to fail, never run
            raises = _exception_names(kwargs["raises"], where) if "raises" in kwargs else ()
            strict = bool(_constant(kwargs["strict"], where)) if "strict" in kwargs else False
        else:
            raise ChapterError(f"{where}: the marker pytest.mark.{name} has no meaning for a chapter block")
    return Fence(code, line, raises, strict, skip)


def _constant(expression: ast.expr, where: str):
    try:
        return ast.literal_eval(expression)
    except ValueError:
        raise ChapterError(f"{where}: {ast.unparse(expression)!r} must be a constant") from None


CHAPTER_NAME = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
"""A chapter's file name: `NN-slug.md` (the build executes, and the tests test, exactly these)."""


def is_chapter_file(path: Path) -> bool:
    return bool(CHAPTER_NAME.match(Path(path).name))


def read_chapter(path: Path) -> Chapter:
    """Parse the Markdown file at `path` into a Chapter, or raise ChapterError naming file:line."""
    path = Path(path)
    lines = path.read_text().split("\n")
    for number, line in enumerate(lines, start=1):
        if match := _CODEBLOCKS_KEYWORD.match(line):
            keyword = match.group(1)
            if keyword in _WHY_REFUSED:
                raise ChapterError(f"{path}:{number}: <!--pytest-codeblocks:{keyword}--> is not supported: {_WHY_REFUSED[keyword]}")
    spans = fence_spans(path, lines)
    _refuse_unrun_python(path, spans)
    title_line = next((n for n, line in enumerate(lines, start=1) if line.startswith("# ") and not _inside(spans, n)), 0)
    title = lines[title_line - 1][2:].strip() if title_line else ""
    if not title:
        raise ChapterError(f"{path}: a chapter needs a title line starting with '# ' (outside code blocks)")
    try:
        blocks = extract_from_file(path)
    except RuntimeError as error:  # the parser's own complaints (unknown keyword)
        raise ChapterError(f"{path}: {error}") from None
    fences = tuple(
        _fence(block.code, block.lineno, block.marks, f"{path}:{block.lineno}")
        for block in blocks
        if block.syntax == "python"
    )
    shown = {span.start: span for span in spans if span.info == "python"}
    for fence in fences:  # guaranteed by fence_spans; a broken guarantee must not run silently
        if fence.line not in shown or shown[fence.line].end != fence.end_line:
            raise ChapterError(f"{path}:{fence.line}: the test runner and the page read this block differently")
    parts = _parts(lines, fences, spans)
    return Chapter(path, title, fences, parts, _values(path, lines, fences, parts, spans), title_line)


_OPENING = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_PYTHON_LANGUAGES = {"python", "py", "python3", "py3", "ipython", "ipython3", "pycon", "python-repl"}


def fence_spans(path: Path, lines: list[str]) -> list[Span]:
    """Every fence of the chapter as the page reads it (pymdownx.superfences: a fence ends at a line
    of the same indentation and the same run of backticks or tildes). Refuses, naming the line,
    what pytest-codeblocks would read otherwise: a line inside a fence that starts with ```
    (it ends a fence there), a fence line indented less than its opening, an unclosed fence."""
    spans: list[Span] = []
    number = 0
    while number < len(lines):
        opening = _OPENING.match(lines[number])
        number += 1
        if not opening:
            continue
        start, indent, fence = number, opening["indent"], opening["fence"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence)}[ \t]*$")
        while True:
            if number == len(lines):
                raise ChapterError(f"{path}:{start}: this fence is never closed (a line `{indent}{fence}` ends it)")
            line = lines[number]
            number += 1
            if closing.match(line):
                break
            if line.lstrip(" \t>").startswith("```"):
                raise ChapterError(
                    f"{path}:{number}: this line starts with ``` inside the fence opened at line {start}: the test runner "
                    "(pytest-codeblocks) ends a fence at such a line, the page does not, so the code that runs would not be "
                    f"the code shown. Close the fence with exactly `{indent}{fence}`, and keep other lines that start "
                    "with ``` out of it (in code, write them another way, such as '`' * 3)"
                )
            if line.strip() and not line.startswith(indent):
                raise ChapterError(f"{path}:{number}: this line of the fence opened at line {start} is indented less than its opening")
        info = opening["info"].rstrip()  # as pytest-codeblocks reads it: " python" is not "python"
        spans.append(Span(start, number, info if fence[0] == "`" else f"~{info}", ">" in indent))
    return spans


def _refuse_unrun_python(path: Path, spans: list[Span]) -> None:
    """A fence the page highlights as Python but the test runner never runs, without a title that
    says so, would pass for tested code: refuse it."""
    for span in spans:
        info = span.info.lstrip("~").strip()
        language = re.split(r"[\s{}]", info.lstrip("{").strip().lstrip("."), maxsplit=1)[0].lower() if info else ""
        if language in _PYTHON_LANGUAGES and (span.info != "python" or span.quoted) and "title=" not in info:
            raise ChapterError(
                f"{path}:{span.start}: this fence ({'~~~' if span.info.startswith('~') else '```'}{info}) shows as Python "
                "but is never run: write ```python to run it, or give it a title that says it is not run "
                '(```python title="... (not run)")'
            )


def _inside(spans: list[Span], line: int) -> bool:
    return any(span.holds(line) for span in spans)


def block_identity(fences: tuple[Fence, ...], parts: tuple[Part, ...], index: int) -> str:
    """A name for the fence at `index` that no prose edit, and no edit of another part, changes:
    its place in its part and a hash of its code ("block 3 of its part, 1a2b3c4d")."""
    part = next(part for part in parts if index in part.indices)
    digest = hashlib.sha256(fences[index].code.encode()).hexdigest()[:8]
    return f"block {part.indices.index(index) + 1} of its part, {digest}"


_VALUE = re.compile(r"\{\{\s*(.+?)\s*\}\}")
_SPEC = re.compile(r"[<>^=]?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?")


def _values(
    path: Path, lines: list[str], fences: tuple[Fence, ...], parts: tuple[Part, ...], spans: list[Span]
) -> tuple[InlineValue, ...]:
    """The `{{ ... }}` of the prose (not of any fence), each tied to the last block run before it."""
    values = []
    for number, line in enumerate(lines, start=1):
        if _inside(spans, number):
            continue
        for match in _VALUE.finditer(line):
            expression, spec = match.group(1), ""
            head, colon, tail = expression.rpartition(":")
            if colon and tail and _SPEC.fullmatch(tail.strip()) and head.strip():
                expression, spec = head.strip(), tail.strip()
            before = [i for i, fence in enumerate(fences) if fence.runs and fence.end_line < number]
            if not before:
                raise ChapterError(f"{path}:{number}: {match.group(0)} comes before any block has run")
            block = block_identity(fences, parts, before[-1])
            values.append(InlineValue(match.group(0), expression, spec, number, before[-1], block))
    return tuple(values)


def _parts(lines: list[str], fences: tuple[Fence, ...], spans: list[Span]) -> tuple[Part, ...]:
    """Split the runnable fences at each `<!--dlp:part-->` line."""
    starts = [number for number, line in enumerate(lines, start=1) if _PART_LINE.match(line) and not _inside(spans, number)]
    groups: list[list[int]] = [[] for _ in range(len(starts) + 1)]
    for index, fence in enumerate(fences):
        groups[sum(start < fence.line for start in starts)].append(index)
    boundaries = [1, *starts]
    parts = []
    for group, first_line in zip(groups, boundaries):
        if group:
            parts.append(Part(len(parts) + 1, tuple(group), _heading_after(lines, first_line, spans)))
    return tuple(parts)


def _heading_after(lines: list[str], line: int, spans: list[Span]) -> str:
    """The first Markdown heading at or after `line` (a `#` comment inside a fence is not one)."""
    for number in range(line, len(lines) + 1):
        text = lines[number - 1]
        if text.startswith("#") and not _inside(spans, number):
            return text.lstrip("#").strip()
    return ""


def chapter_paths(directory: Path = CHAPTERS_DIR) -> list[Path]:
    """All chapter files (`is_chapter_file`), in chapter order."""
    return sorted(path for path in directory.glob("*.md") if is_chapter_file(path))


def executable_chapters(directory: Path = CHAPTERS_DIR) -> list[Chapter]:
    """Chapters that have at least one fence to execute."""
    chapters = [read_chapter(path) for path in chapter_paths(directory)]
    return [chapter for chapter in chapters if any(fence.runs for fence in chapter.fences)]
