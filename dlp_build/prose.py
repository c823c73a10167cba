"""Run figures typed by hand in a chapter's prose.

A number the code produced (an accuracy, a loss, a timing, a speed-up) changes with the machine,
the data and the versions, so the prose cites it as `{{ expression:spec }}` instead
(docs/contributing.md, "Values from the run in the prose"). `findings(path)` lists the figures
of a chapter's prose that read as run results and are neither inline values nor the book's:

* a percentage: `88%`, `88 %`, `88 percent`;
* a duration: `44 s`, `0.5s`, `120 ms`, `3 seconds`, `2 min`, `1.5 hours`, and spelled out,
  `a minute`, `two minutes`, `a few seconds` (not `a second`: usually the ordinal);
* a speed-up: `1.7 times faster`, `3x slower`, `twice as fast`;
* a gap in points: `8 points below`, `3 percentage points`;
* a decimal next to a metric word: `0.87 accuracy`, `test loss 0.25`, `an MAE of 2.5`,
  `accuracy reaches about 0.95`, `scores 0.9993` (integers there are counts and epochs, so they
  are left alone).

Only prose is read: fenced code blocks (any fence), inline code, `{{ ... }}` values, HTML
comments and tags, link targets and attribute lists are left out, and so are double-quoted
phrases and block quotes (quotations, or a hypothetical such as "98% accuracy").

Two markings exempt a figure:

* The figures that follow "the book" (or "the book's") in its sentence are the book's: "the
  book reports about 88%", "the book's run got stuck around 40%". The reader sees whose figure
  it is.
* `<!--dlp:fixed-figure: why-->` in a paragraph or list item (at its end, say), for figures
  that are neither the run's nor the book's (a dataset's make-up, a published result, a
  hypothetical): that paragraph's figures pass. The reason is required; the comment is
  invisible on the page.

A slice of the data is a setting, not a result: "the last 20%" and "the first 10%" pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    """A figure in the prose that reads as a run result typed by hand."""

    path: Path
    line: int  # 1-based line of the figure in the Markdown file
    phrase: str  # the figure with a few words around it

    def __str__(self) -> str:
        return (
            f"{self.path.name}:{self.line}: a run figure typed by hand: {self.phrase!r} "
            "(cite the run with {{ expression:spec }}, or the book: docs/contributing.md)"
        )


_NUMBER = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DECIMAL = r"(?<![\w.,])\d*\.\d+"
_SPACE = r"[ \u00a0\u202f]?"  # none, a space, a no-break or a narrow no-break space
_SPELLED = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"a few|few|several|half an?|a couple of)"
)
_METRIC = r"(?:accuracy|loss|MAE|MSE|mean absolute error|mean squared error|error rate|AUC|precision|recall|scores?)"
_QUALIFIER = r"(?:(?:test|validation|training|train|val|top-\w+|binary|categorical|final|best|initial)\s+)?"
# Words that may stand between a metric and its value: "accuracy reaches about 0.95".
_LINK = (
    r"(?:of|is|was|are|were|at|near|around|about|roughly|approximately|nearly|almost|only|just|close|to|"
    r"reaches|reached|drops|dropped|falls|fell|rises|rose|goes|went|climbs|stays|remains|hovers|peaks|"
    r"settles|ends|starts|below|above|under|over|than|then|still|already|down|up|by|≈|~|=|:|\()"
)
_FIGURES = re.compile(
    "|".join(
        [
            rf"{_NUMBER}{_SPACE}(?:%|percent\b|per cent\b)",
            rf"{_NUMBER}\s*(?:ms|s|secs?|seconds?|mins?|minutes?|hours?)\b",
            rf"\b{_SPELLED}\s+(?:seconds|minutes?|hours?)\b|\bone\s+second\b",
            rf"(?:{_NUMBER}\s*(?:times|x|×)|\btwice|\b{_SPELLED}\s+times)\s+(?:faster|slower|as fast|as slow)\b",
            rf"{_NUMBER}\s+percentage\s+points?\b",
            rf"{_NUMBER}\s+points?\s+(?:below|above|higher|lower|better|worse|behind|ahead)\b",
            rf"{_DECIMAL}\s+{_QUALIFIER}{_METRIC}\b",
            rf"\b{_QUALIFIER}{_METRIC}(?:\s+{_LINK}){{0,3}}\s*[≈~=]?\s*{_DECIMAL}",
        ]
    ),
    re.IGNORECASE,
)
_DECADE_OR_DIGITS = re.compile(r"\d|\d*0")  # "1950s", "80s", "0s and 1s": not seconds

_BOOK = re.compile(r"\b(?:the|this|Chollet's)\s+book\b|\bbook's\b", re.IGNORECASE)
_FIXED = re.compile(r"<!--\s*dlp:fixed-figure\s*:\s*[^\s-][^>]*-->")
_FIXED_WITHOUT_REASON = re.compile(r"<!--\s*dlp:fixed-figure\s*:?\s*-->")
_SLICE = re.compile(r"\b(?:first|last)\s+$", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|!!!|\?\?\?|\||\*Listing|\*Unnumbered)")
_QUOTE_LINE = re.compile(r"^\s*>")

# Not prose, in the order they are blanked: inline code first (it may hold anything).
_NOT_PROSE = [
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL),  # inline code
    re.compile(r"\{\{.*?\}\}", re.DOTALL),  # values from the run
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"<[^<>\n]+>"),  # HTML tags and autolinks
    re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"),  # link targets
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE),  # reference definitions
    re.compile(r"https?://\S+"),  # bare addresses
    re.compile(r"\{:?\s*(?:[#.]|[\w-]+=)[^{}]*\}"),  # attribute lists
    re.compile(r"\"[^\"]*\"|“[^”]*”"),  # double-quoted phrases
]
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)(?<!\betc\.)\s+(?=\S)")


def _blank(match: re.Match[str]) -> str:
    """The match as spaces, newlines kept, so offsets and line numbers stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _blocks(lines: list[str]) -> list[tuple[int, str]]:
    """Each paragraph, list item, heading or table row of prose: (first line, text).

    Fenced code blocks, block quotes and front matter are left out. Lines are joined with
    newlines, so an offset in the text gives its line.
    """
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    fence: str | None = None

    def close() -> None:
        if current:
            blocks.append((first, "\n".join(current)))
            current.clear()

    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    for number, line in enumerate(lines[start:], start=start + 1):
        opening = _FENCE.match(line)
        if fence is not None:  # inside a fence: only its closing line matters
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                if not line.strip().lstrip(fence[0]):
                    fence = None
            continue
        if opening:
            close()
            fence = opening.group(1)
        elif not line.strip() or _QUOTE_LINE.match(line):
            close()
        else:
            if _BLOCK_START.match(line):
                close()
            if not current:
                first = number
            current.append(line)
    close()
    return blocks


def _prose(text: str) -> str:
    """`text` with everything that is not prose blanked out."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(_blank, text)
    return text


def _sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a block: (offset in the block, sentence)."""
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        sentences.append((start, text[start : end.start()]))
        start = end.end()
    sentences.append((start, text[start:]))
    return sentences


def _is_figure(sentence: str, match: re.Match[str]) -> bool:
    """Whether a match is a run figure: not "1950s" or "0s and 1s", nor a slice ("the last 20%")."""
    attached = re.fullmatch(r"(\d+)s", match.group(0))
    if attached and _DECADE_OR_DIGITS.fullmatch(attached.group(1)):
        return False
    return not (match.group(0).endswith("%") and _SLICE.search(sentence[: match.start()]))


def _phrase(sentence: str, start: int, end: int) -> str:
    """The figure at sentence[start:end] with up to two words either side, on one line."""
    before = re.search(r"(?:\S+\s+){0,2}$", sentence[:start])
    after = re.match(r"(?:\s*\S+){0,2}", sentence[end:])
    return " ".join(sentence[before.start() : end + after.end()].split())


def check_text(text: str, path: Path = Path("chapter.md")) -> list[Finding]:
    """The run figures typed by hand in Markdown `text`, read as the file at `path`."""
    lines = text.split("\n")
    problems = [
        Finding(path, number, "<!--dlp:fixed-figure--> without a reason after a colon")
        for number, line in enumerate(lines, start=1)
        if _FIXED_WITHOUT_REASON.search(line)
    ]
    for first, block in _blocks(lines):
        if _FIXED.search(block):
            continue
        prose = _prose(block)
        for offset, sentence in _sentences(prose):
            book = _BOOK.search(sentence)  # what follows "the book" in its sentence is the book's
            for match in _FIGURES.finditer(sentence, 0, book.start() if book else len(sentence)):
                line = first + prose[: offset + match.start()].count("\n")
                if _is_figure(sentence, match):
                    problems.append(Finding(path, line, _phrase(sentence, match.start(), match.end())))
    return sorted(problems, key=lambda finding: finding.line)


def findings(path: Path) -> list[Finding]:
    """The run figures typed by hand in the prose of the chapter at `path`."""
    return check_text(path.read_text(), path)
