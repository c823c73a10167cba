"""Generate `snippets/`: each chapter as a plain Python script and as a Jupyter notebook.

The chapters are the single source of truth; `snippets/` is generated from them and checked
(`python -m dlp_build snippets --check`, and a test). A block that raises on purpose is
wrapped in try/except, so "Run all" in Jupyter or Colab goes on past it. Material's code
annotation markers (`# (1)!`), which the page renders as clickable notes, would be stray
comments in a script or a notebook: they are removed there.
"""

from __future__ import annotations

import base64
import re
import textwrap
from pathlib import Path

import nbformat

from dlp_build import ROOT
from dlp_build.chapters import PART_MARKER, Chapter, Fence, read_chapter
from dlp_build.render import inline_value, shown_outputs
from dlp_build.results import ChapterResult, FenceResult

SNIPPETS_DIR = ROOT / "snippets"
_MARKER = re.compile(r"^\s*<!--\s*pytest[.-].*-->\s*$")
# A comment that is only an annotation marker, "# (1)!" or "# (1)", at the end of a line; and a
# marker ending a comment that has words before it, in its unambiguous form ("# the inputs (1)!":
# "# see equation (2)" is left alone).
_ANNOTATION_COMMENT = re.compile(r"[ \t]*#[ \t]*\(\d+\)!?[ \t]*$", re.MULTILINE)
_ANNOTATION_IN_COMMENT = re.compile(r"^([^\n]*#[^\n]*?)[ \t]+\(\d+\)![ \t]*$", re.MULTILINE)


def without_annotations(code: str) -> str:
    """The code without Material's code-annotation markers (the page keeps and renders them)."""
    return _ANNOTATION_IN_COMMENT.sub(r"\1", _ANNOTATION_COMMENT.sub("", code))


def runnable_code(fence: Fence) -> str:
    """The fence's code, without annotation markers, in try/except when it raises on purpose."""
    code = without_annotations(fence.code)
    if fence.raises is None:
        return code.rstrip("\n")
    body = textwrap.indent(code.rstrip("\n"), "    ")
    caught = ", ".join(fence.raises) or "Exception"
    if len(fence.raises) > 1:
        caught = f"({caught})"
    return (
        f"# This block raises {caught} on purpose.\n"
        f"try:\n{body}\nexcept {caught} as error:\n"
        f'    print(type(error).__name__ + ":", error)'
    )


def _prose(chapter: Chapter, result: ChapterResult | None) -> list[str]:
    """The chapter's lines, each `{{ value }}` of the prose replaced: by its value in `result`,
    or, without one, by the expression itself, which the reader's own run will compute."""
    lines = chapter.path.read_text().splitlines()
    for value in chapter.values:
        if result is None:
            shown = f"`{value.expression}`"
        else:
            shown = inline_value(result.probes.get(value.name), value.spec)[0]
        lines[value.line - 1] = lines[value.line - 1].replace(value.text, shown, 1)
    return lines


_ADMONITION = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
_TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<title>[^"]*)"\s*$')


def plain_markdown(text: str) -> str:
    """Material's own syntax as plain Markdown, which Jupyter and Colab show as meant: an
    admonition (`!!! note "Title"` and its indented body) becomes a block quote under its title in
    bold, a content tab (`=== "Title"`) its title in bold over its body."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        line = lines[index]
        match = _ADMONITION.match(line) or _TAB.match(line)
        index += 1
        if not match:
            out.append(line)
            continue
        indent = match["indent"]
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(indent + "    ")):
            body.append(lines[index][len(indent) + 4 :])
            index += 1
        while body and not body[-1].strip():
            body.pop()
            index -= 1
        inner = plain_markdown("\n".join(body)).split("\n")
        if _TAB.match(line):
            out += [f"{indent}**{match['title']}**", "", *(indent + b if b else "" for b in inner)]
        else:
            title = match["title"] if match["title"] is not None else match["kind"].capitalize()
            out += [f"{indent}> **{title}**" if title else f"{indent}>", f"{indent}>"]
            out += [f"{indent}> {b}".rstrip() for b in inner]
    return "\n".join(out)


def _segments(chapter: Chapter, result: ChapterResult | None = None) -> list[tuple[str, object]]:
    """The chapter as ('markdown', text) and ('code', Fence) pieces, in page order."""
    lines = _prose(chapter, result)
    pieces: list[tuple[str, object]] = []
    cursor = 0
    for fence in chapter.fences:
        start, end = fence.line - 1, fence.end_line - 1
        prose = [line for line in lines[cursor:start] if not _MARKER.match(line) and line.strip() != PART_MARKER]
        if "\n".join(prose).strip():
            pieces.append(("markdown", "\n".join(prose).strip("\n")))
        pieces.append(("code", fence))
        cursor = end + 1
    tail = "\n".join(lines[cursor:]).strip("\n")
    if tail.strip():
        pieces.append(("markdown", tail))
    return pieces


def _header(chapter: Chapter) -> str:
    return f"Generated from {chapter.name} by `python -m dlp_build snippets`: edit the chapter, not this file."


def chapter_script(chapter: Chapter) -> str:
    """The chapter's code as one script, block by block."""
    parts = [f"# {_header(chapter)}"]
    starts = {part.indices[0]: part for part in chapter.parts} if len(chapter.parts) > 1 else {}
    for index, fence in enumerate(chapter.fences):
        if index in starts:
            part = starts[index]
            parts.append(f"# ---- Part {part.number}: {part.title} (on the site, a fresh kernel runs it)")
        if fence.runs:
            parts.append(f"# %% {chapter.path.name}, line {fence.line}\n{runnable_code(fence)}")
    return "\n\n".join(parts) + "\n"


def _cell_outputs(result: FenceResult) -> list:
    """A fence's outputs as the page shows them (cleaned, whole), as notebook outputs."""
    outputs = []
    for shown in shown_outputs(result.outputs):
        if shown.kind == "image":
            data = base64.b64encode(shown.png).decode()
            outputs.append(nbformat.v4.new_output("display_data", data={"image/png": data}))
        else:
            name = "stdout" if shown.kind == "text" else "stderr"
            outputs.append(nbformat.v4.new_output("stream", name=name, text=shown.text + "\n"))
    return outputs


def chapter_notebook(chapter: Chapter, result: ChapterResult | None = None) -> nbformat.NotebookNode:
    """The chapter as a notebook: prose cells and code cells, with outputs when `result` is given."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    nb.cells.append(nbformat.v4.new_markdown_cell(f"*{_header(chapter)}*"))
    index = {fence.line: i for i, fence in enumerate(chapter.fences)}
    for kind, piece in _segments(chapter, result):
        if kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(plain_markdown(piece)))
            continue
        fence: Fence = piece  # type: ignore[assignment]
        if fence.skip:
            nb.cells.append(nbformat.v4.new_markdown_cell(f"```python\n{without_annotations(fence.code).rstrip()}\n```"))
            continue
        cell = nbformat.v4.new_code_cell(runnable_code(fence))
        if result is not None:
            cell.outputs = _cell_outputs(result.fences[index[fence.line]])
        nb.cells.append(cell)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    return nb


def generated_files(chapter: Chapter) -> dict[Path, str]:
    """Snippet path -> expected content, for one chapter."""
    return {
        SNIPPETS_DIR / f"{chapter.slug}.py": chapter_script(chapter),
        SNIPPETS_DIR / f"{chapter.slug}.ipynb": nbformat.writes(chapter_notebook(chapter)) + "\n",
    }


def write_all(chapter_files: list[Path]) -> list[Path]:
    """Regenerate snippets for these chapters; return the files that changed."""
    changed = []
    for path in chapter_files:
        for target, content in generated_files(read_chapter(path)).items():
            if not target.exists() or target.read_text() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content)
                changed.append(target)
    return changed


def stale(chapter_files: list[Path]) -> list[Path]:
    """Snippet files that are missing or differ from what the chapters generate (and orphans)."""
    expected: dict[Path, str] = {}
    for path in chapter_files:
        expected.update(generated_files(read_chapter(path)))
    wrong = [p for p, content in expected.items() if not p.exists() or p.read_text() != content]
    orphans = [p for p in SNIPPETS_DIR.glob("*") if p.suffix in (".py", ".ipynb") and p not in expected]
    return sorted(wrong + orphans)
