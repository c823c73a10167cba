"""Turn what a kernel printed into clean text: what a terminal would finally show.

Keras progress bars redraw themselves with carriage returns, backspaces and ANSI colour
codes. We replay those like a terminal does, keep the final state of each line, and put
each epoch's "Epoch i/N" header on the same line as its final progress bar. A progress bar
that belongs to no epoch (what `predict()` and `evaluate()` print) is noise on a page: it
goes, and only the metrics it ends with, if any, stay ("accuracy: 0.9791 - loss: 0.0714").
"""

from __future__ import annotations

import re

# Escape sequences: OSC (titles, hyperlinks: ESC ] ... BEL or ESC \\; one left unterminated ends
# at its line's end, so no line is lost), CSI (colours, cursor), others.
# The same two as one C1 character (U+009D, U+009B) are stripped whole too.
ANSI = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]"
)
# Characters a page cannot show, or that would change how the text around them reads: C0 controls
# (NUL, BEL, ...; \b, \t, \n and \r are replayed or kept), DEL, C1 controls (U+0080 to U+009F,
# among them the one-character CSI and OSC), and bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EPOCH = re.compile(r"^Epoch \d+/\d+$")
# The final state of a Keras 3 progress bar: "313/313 ━━━━ 1s 2ms/step", then " - name: value"s.
BAR = re.compile(r"^\s*\d+/(?:\d+|Unknown)(?: ━+)? \d+s \d+(?:\.\d+)?[mu]?s/step(?P<metrics>(?: - .*)?)$")


def strip_ansi(text: str) -> str:
    """The text without escape sequences and unprintable control characters."""
    return CONTROL.sub("", ANSI.sub("", text))


def _replay_line(raw: str) -> str:
    """The final content of one terminal line written with \\r and \\b."""
    if "\b" not in raw:  # most lines: each \r rewrites the line from its start
        shown = ""
        for segment in raw.split("\r"):
            shown = segment + shown[len(segment) :]
        return shown.rstrip()
    cells: list[str] = []
    cursor = 0
    for char in raw:
        if char == "\r":
            cursor = 0
        elif char == "\b":
            cursor = max(0, cursor - 1)
        else:
            if cursor < len(cells):
                cells[cursor] = char
            else:
                cells.append(char)
            cursor += 1
    return "".join(cells).rstrip()


def clean_stream(text: str) -> str:
    """Replay terminal control characters, one clean line per Keras epoch; a progress bar
    outside any epoch is reduced to its metrics (or dropped when it has none)."""
    lines = [_replay_line(line) for line in strip_ansi(text).split("\n")]
    merged: list[str] = []
    for line in lines:
        if merged and EPOCH.match(merged[-1]) and line.strip():
            merged[-1] = f"{merged[-1]} - {line.strip()}"
        elif bar := BAR.match(line):
            if metrics := bar["metrics"].removeprefix(" - "):
                merged.append(metrics)
        else:
            merged.append(line)
    return "\n".join(merged).strip("\n")


def shorten_traceback(frames: list[str]) -> str:
    """Keep an IPython traceback's header, the reader's own frames and the error line.

    Frames inside installed libraries (TensorFlow internals, say) are replaced by one note.
    """
    frames = [strip_ansi(frame).rstrip() for frame in frames]
    frames = [frame for frame in frames if frame and not set(frame) <= {"-"}]
    if len(frames) < 2:
        return "\n".join(frames)
    header, *middle, last = frames
    kept = [frame for frame in middle if frame.startswith("Cell In[")]
    if len(kept) < len(middle):
        kept.append("(frames inside libraries hidden)")
    return "\n".join([header, *kept, last])
