"""The book's numbered listings and the site's "book-era code" notes, read from the chapters.

A chapter labels each block the book numbers with an italic line, and explains each change since
the book in a note:

    *Listing 4.21: retraining a model from scratch*
    !!! note "Book-era code: Imports"              the code is modernised for Keras 3
    !!! note "Different on Keras 3: `fit()`"       the code behaves differently on Keras 3

The part of a note's title after the colon names the API it concerns.

From that, the build gives every listing the anchor `#listing-4-21` and every note one of its
own, and generates two pages: every listing with its mark (`listings.md`), and every note,
grouped by the API it concerns (`changes.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

LABEL = re.compile(r"^\*(Listing|Unnumbered|Beyond)[^*]*\*\s*$")  # any block label
LISTING = re.compile(r"^\*Listing (\d+)\.(\d+): (.+)\*\s*$")
NOTE = re.compile(r'^(\s*)!!! note "(Book-era code|Different on Keras 3)(?::\s*(.+?))?"\s*$')
MODERNISED, DIFFERENT, AS_IN_BOOK = "modernised", "behaves differently on Keras 3", "runs as in the book"


@dataclass
class Note:
    line: int  # of the `!!! note` line
    different: bool  # "Different on Keras 3", else "Book-era code"
    anchor: str
    api: str  # what it is about: the title's suffix, else the first `name` of its text
    text: str  # its body, dedented


@dataclass
class Listing:
    chapter: int
    number: int
    title: str
    line: int
    notes: list[Note] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"listing-{self.chapter}-{self.number}"

    @property
    def mark(self) -> str:
        if any(note.different for note in self.notes):
            return DIFFERENT
        return MODERNISED if self.notes else AS_IN_BOOK


def read(path: Path) -> tuple[list[Listing], list[Note]]:
    """A chapter's numbered listings (each with the notes that follow it before the next block
    label) and all its notes, in page order."""
    lines = path.read_text().split("\n")
    chapter = int(path.name[:2])
    listings: list[Listing] = []
    notes: list[Note] = []
    current: Listing | None = None
    for number, line in enumerate(lines, start=1):
        if LABEL.match(line):
            match = LISTING.match(line)
            current = Listing(chapter, int(match.group(2)), match.group(3).strip(), number) if match else None
            if current:
                listings.append(current)
        elif match := NOTE.match(line):
            body = _body(lines, number, match.group(1))
            api = (match.group(3) or "Other").strip()
            note = Note(number, match.group(2) != "Book-era code", f"book-era-{chapter}-{len(notes) + 1}", api, body)
            notes.append(note)
            if current:
                current.notes.append(note)
    return listings, notes


def _body(lines: list[str], note_line: int, indent: str) -> str:
    """The indented text of the admonition that starts at `note_line` (1-based)."""
    body = []
    for line in lines[note_line:]:
        if line.strip() and not line.startswith(indent + "    "):
            break
        body.append(line[len(indent) + 4 :])
    return "\n".join(body).strip()


def annotate(markdown: str, path: Path, offset: int = 0) -> str:
    """Give each listing label its anchor and each note one of its own, keeping every line where
    it is (the hook places outputs by line number)."""
    lines = markdown.split("\n")  # `offset`: lines of front matter MkDocs removed
    listings, notes = read(path)
    for listing in listings:
        index = listing.line - 1 - offset
        lines[index] = f"{lines[index].rstrip()}{{ #{listing.anchor} .dlp-listing }}"
    for note in notes:
        index = note.line - offset  # the note's first body line
        indent = len(lines[index]) - len(lines[index].lstrip())
        lines[index] = f'{lines[index][:indent]}<span id="{note.anchor}"></span>{lines[index][indent:]}'
    return "\n".join(lines)


def numbering_problems(path: Path) -> list[str]:
    """Listing numbers of a chapter that skip one, repeat, or belong to another chapter."""
    listings, _ = read(path)
    chapter = int(path.name[:2])
    problems = [f"{path.name}:{x.line}: Listing {x.chapter}.{x.number} in chapter {chapter}" for x in listings if x.chapter != chapter]
    for expected, listing in enumerate(listings, start=1):
        if listing.number != expected:
            problems.append(f"{path.name}:{listing.line}: Listing {chapter}.{listing.number} where {chapter}.{expected} was expected")
            break
    return problems


def listings_page(chapters: list[tuple[Path, str]]) -> str:
    """Markdown of the Listings page: (chapter file, its title) in order."""
    out = [
        "# Listings",
        "",
        "Every numbered listing of the book's chapters 2 to 7, in order, with a link to the block that",
        "runs it on this site. The mark says whether it runs as in the book, was modernised for Keras 3",
        "(the note says how), or behaves differently on Keras 3. "
        "[What changed since the book](changes.md) gathers all the notes.",
        "",
    ]
    for path, title in chapters:
        listings, _ = read(path)
        if not listings:
            continue
        out += [f"## {title}", "", "| listing | on Keras 3 |", "|---|---|"]
        for listing in listings:
            link = f"[Listing {listing.chapter}.{listing.number}: {listing.title}](chapters/{path.name}#{listing.anchor})"
            notes = ", ".join(f"[note](chapters/{path.name}#{note.anchor})" for note in listing.notes)
            out.append(f"| {link} | {listing.mark}{' (' + notes + ')' if notes else ''} |")
        out.append("")
    return "\n".join(out)


def changes_page(chapters: list[tuple[Path, str]]) -> str:
    """Markdown of the page of every book-era note, grouped by the API each concerns."""
    groups: dict[str, list[tuple[Path, str, Note]]] = {}
    for path, title in chapters:
        for note in read(path)[1]:
            groups.setdefault(note.api, []).append((path, title, note))
    out = [
        "# What changed since the book",
        "",
        "The book's code targets TensorFlow 2.6; this site runs TensorFlow 2.21 with Keras 3. Here is",
        "every note of the site about a difference, grouped by the API it concerns, each linking to",
        "where it stands in its chapter. The [Listings](listings.md) page marks every listing.",
        "",
    ]
    for api in sorted(groups, key=lambda name: name.strip("`").lower()):
        out += [f"## {api}", ""]
        for path, title, note in groups[api]:
            kind = "Behaves differently on Keras 3" if note.different else "Book-era code"
            out.append(f'!!! note "{kind}: {title}"')
            out += ["    " + line if line else "" for line in note.text.split("\n")]
            out += ["", f"    [Read it in its chapter](chapters/{path.name}#{note.anchor})", ""]
    return "\n".join(out)
