"""Turn a fence's raw outputs into what the page shows, as Markdown placed under the fence.

Cleaning happens here, at render time, not when outputs are stored: Keras progress bars become
one line per epoch, tracebacks keep the reader's frames, escape sequences go. A change here
reaches every page on the next build without executing anything.

Whatever an output contains, it renders as text: its fence is longer than any run of backticks
in it, and very long outputs are cut visibly (the executed notebook keeps them whole).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from dataclasses import dataclass

from PIL import Image

from dlp_build import alt_text
from dlp_build.repository import Repository
from dlp_build.results import BROKEN, ERROR, MISSING_ERROR, NOT_RUN, ChapterResult, FenceResult
from dlp_build.terminal import clean_stream, shorten_traceback

MAX_LINES = 150  # longer outputs show their first HEAD_LINES and last TAIL_LINES lines
HEAD_LINES, TAIL_LINES = 100, 20
MAX_LINE_CHARS = 2000
OUTPUT_CLASS = "dlp-output"  # every output box has it (the hook keeps them out of search)
# Figures carry a description of what was drawn (dlp_build/in_kernel.py); other images this.
FALLBACK_ALT = "Image displayed by the code above"


MAX_PIXELS = 40_000_000  # a figure larger than this is refused, not decoded (a decompression bomb)


@dataclass
class Shown:
    """One output as the page shows it: kind 'text', 'stderr', 'error' (ename) or 'image' (png,
    with its alternative text and its size in CSS pixels, half its pixels on a retina figure);
    'invalid', an image that cannot be shown (the block fails), or 'omitted', an output of a
    kind the page does not show (said); `text` says why."""

    kind: str
    text: str = ""
    png: bytes = b""
    ename: str = ""
    alt: str = ""
    width: int | None = None
    height: int | None = None


def shown_outputs(outputs: list[dict]) -> list[Shown]:
    """The raw Jupyter outputs of one fence, cleaned: streams merged and replayed like a terminal."""
    shown: list[Shown] = []

    def add_text(kind: str, text: str) -> None:
        if shown and shown[-1].kind == kind:
            shown[-1].text += text
        else:
            shown.append(Shown(kind, text))

    for out in outputs:
        kind = out.get("output_type")
        data = out.get("data", {})
        if kind == "stream":
            add_text("text" if out.get("name") == "stdout" else "stderr", _joined(out.get("text", "")))
        elif kind == "error":
            shown.append(Shown("error", shorten_traceback(out.get("traceback", [])), ename=out.get("ename", "")))
        elif "image/png" in data:
            meta = out.get("metadata", {}).get("image/png", {})
            png = base64.b64decode(_joined(data["image/png"]))
            if problem := png_problem(png):
                shown.append(Shown("invalid", problem))
                continue
            facts = meta.get("dlp_figure", {})
            alt = alt_text.describe(facts) if facts else FALLBACK_ALT
            width, height = meta.get("width"), meta.get("height")
            if not (width and height):  # an image file: its pixels, halved for a model diagram
                width, height = _pixel_size(png, halved=bool(facts.get("plot_model")))
            shown.append(Shown("image", png=png, alt=alt, width=width, height=height))
        elif "text/plain" in data:
            add_text("text", _joined(data["text/plain"]) + "\n")
        elif data:
            kinds = ", ".join(sorted(data))
            shown.append(Shown("omitted", f"This block displayed {kinds}, which this page does not show; the executed notebook keeps it."))
    for item in shown:
        if item.kind in ("text", "stderr"):
            item.text = clean_stream(item.text)
    return [item for item in shown if item.kind not in ("text", "stderr") or item.text.strip()]


def png_problem(png: bytes) -> str | None:
    """Why `png` cannot be shown (not a PNG, damaged, or too many pixels to decode safely), or None."""
    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG":
                return f"its image/png data is {image.format} data, not a PNG"
            if image.width * image.height > MAX_PIXELS:
                return f"its image is {image.width} × {image.height} pixels, more than the {MAX_PIXELS:,} a page decodes"
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        return f"its image/png data is not a readable PNG ({type(error).__name__}: {error})"
    return None


def _pixel_size(png: bytes, halved: bool) -> tuple[int | None, int | None]:
    """A PNG's size in pixels (halved: drawn at twice the density, as keras.utils.plot_model's
    200 dpi diagrams are); (None, None) when it cannot be read."""
    try:
        with Image.open(io.BytesIO(png)) as image:
            width, height = image.size
    except OSError:
        return None, None
    return (width // 2, height // 2) if halved else (width, height)


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def inline_value(probe: dict | None, spec: str) -> tuple[str, str | None]:
    """What the prose shows for `{{ expression:spec }}`, as Markdown text, and why it failed (None
    if it did not). The value is text, whatever it holds: no tag, link or emphasis (`as_text`)."""
    if probe is None:
        return "(not computed)", "it was not evaluated (an earlier block failed?)"
    if "error" in probe:
        return "(error)", probe["error"]
    try:
        return as_text(format(probe["value"], spec)), None
    except (TypeError, ValueError) as error:
        return as_text(str(probe["value"])), f"format spec {spec!r}: {error}"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|-])")


def as_text(value: str) -> str:
    """`value` as Markdown that shows exactly its characters: HTML's <, > and & as entities, the
    punctuation of links, emphasis, code and attribute lists backslash-escaped, on one line."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))


def image_name(png: bytes) -> str:
    """A figure's file name: its content's hash, so browsers never show a stale figure."""
    return hashlib.sha256(png).hexdigest()[:16] + ".png"


def web_png(png: bytes) -> bytes:
    """A figure as the page serves it: a 256-colour palette PNG, which looks the same for a plot
    (white stays exactly white; transparency is flattened onto white, the figures' background)
    at about 40% of the bytes. The cache keeps the original."""
    with Image.open(io.BytesIO(png)) as image:
        flat = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA"))
        palette = flat.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


def shorten(text: str) -> str:
    """At most MAX_LINES lines of at most MAX_LINE_CHARS characters; the cut is said."""
    lines = [line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " …" for line in text.split("\n")]
    if len(lines) > MAX_LINES:
        omitted = len(lines) - HEAD_LINES - TAIL_LINES
        note = f"… {omitted} lines omitted here (the executed notebook has the whole output) …"
        lines = [*lines[:HEAD_LINES], note, *lines[-TAIL_LINES:]]
    return "\n".join(lines)


def _attribute(text: str) -> str:
    """`text` safe inside an attribute list's quoted value: a class name such as `a"b onclick=x`
    keeps only the characters of a qualified Python name."""
    return re.sub(r"[^\w.]", "", text)


def _fenced(text: str, classes: str, title: str) -> str:
    """A code fence that only its own closing line can end: longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    attributes = " ".join([".text", f".{OUTPUT_CLASS}", *classes.split(), f'title="{title}"'])
    return f"{ticks} {{ {attributes} }}\n{text}\n{ticks}"


def _image(output: Shown, src: str) -> str:
    """A figure, loaded lazily, its box sized before it arrives (no layout shift)."""
    alt = re.sub(r"([\\`*_{}\[\]()#+\-.!>])", r"\\\1", " ".join(output.alt.split()))
    size = f' width="{output.width}" height="{output.height}"' if output.width and output.height else ""
    return f'![{alt}]({src}){{ .dlp-figure{size} loading="lazy" }}'


def render_output(output: Shown, image_prefix: str) -> str:
    if output.kind == "image":
        return _image(output, image_prefix + image_name(output.png))
    if output.kind == "error":
        return _fenced(shorten(output.text), ".dlp-error", f"Raises {_attribute(output.ename) or 'an exception'}")
    if output.kind == "stderr":
        return _fenced(shorten(output.text), ".dlp-stderr", "Warnings (stderr)")
    if output.kind == "invalid":
        return f'!!! failure "An image this block displayed cannot be shown"\n    {as_text(output.text)}'
    if output.kind == "omitted":
        return f'!!! note "An output not shown here"\n    {as_text(output.text)}'
    return _fenced(shorten(output.text), "", "Output")


def render_fence(result: FenceResult, image_prefix: str, shown: list[Shown] | None = None) -> str:
    """Markdown for all outputs of one fence ('' when it printed nothing); `shown`: its outputs as
    `shown_outputs` cleaned them, when that is done already."""
    shown = shown_outputs(result.outputs) if shown is None else shown
    parts = [render_output(output, image_prefix) for output in shown]
    if result.status == MISSING_ERROR:
        parts.append('!!! failure "This block was expected to raise an exception, and did not."')
    if result.status == BROKEN:
        parts.append('!!! failure "The run stopped here for a reason outside this code: see the page header."')
    if result.status == NOT_RUN:
        parts.append('!!! warning "Not executed: an earlier block of this part failed."')
    return "\n\n".join(parts)


def _run_links(slug: str, repository: Repository | None, downloads: bool) -> str:
    links = [f"[notebook](../downloads/{slug}.ipynb)", f"[script](../downloads/{slug}.py)"] if downloads else []
    links.append(f"[notebook with this page's outputs](../notebooks/{slug}.ipynb)")
    if repository and downloads:
        links.append(f"[open in Colab]({repository.colab(f'snippets/{slug}.ipynb')})")
    return "Run it yourself: " + " · ".join(links) + "."


def render_header(
    result: ChapterResult, slug: str, repository: Repository | None = None, downloads: bool = True
) -> str:
    """The admonition at the top of an executed chapter: versions, device, date, time, links
    (`downloads`: whether snippets/ has the chapter's script and notebook)."""
    env = result.environment
    gpus = env.get("gpus") or []  # what TensorFlow saw inside the kernels
    device = f"GPU ({', '.join(gpus)})" if gpus else "CPU"
    took = f"the whole page took {result.wall_seconds:.0f} s"
    if len(result.parts) > 1:
        took = f"its {len(result.parts)} parts, each in a fresh kernel, took {result.wall_seconds:.0f} s in all"
    lines = [
        '!!! info "Executed page"',
        f"    Every output below was produced by running this page's code, in order, with "
        f"TensorFlow {env.get('tensorflow')} and Keras {env.get('keras')} on Python "
        f"{env.get('python')}, on {device}, on {result.executed_at[:10]}; {took}.",
        "",
        f"    {_run_links(slug, repository, downloads)}",
    ]
    if result.standins:
        names = ", ".join(f"`{name}`" for name in result.standins)
        lines += [
            "",
            '!!! warning "Built on stand-in data"',
            f"    This machine could not download {names}, so this page was built on clearly "
            "labelled stand-in data of the same format. Numbers differ from the book's; on a "
            "machine with internet the same code downloads and uses the real files.",
        ]
    if result.infrastructure:
        lines += ["", '!!! failure "The run of this page stopped for a reason outside its code"', f"    {result.infrastructure}"]
    elif result.failed:
        lines += ["", '!!! failure "A block of this page failed: see the error below it."']
    return "\n".join(lines)


def status_message(
    result: FenceResult,
    infrastructure: str | None = None,
    raises: tuple[str, ...] | None = None,
    shown: list[Shown] | None = None,
) -> str | None:
    """Why a fence counts as failed, or None when it did what it should (`raises`: the exceptions
    its xfail marker names, if it has one; `shown`: as for render_fence)."""
    error = result.error
    if result.status == ERROR and error:
        shown = next((o for o in shown_outputs([error])), Shown("error", error.get("ename", "")))
        marked = f", marked to raise {' or '.join(raises)}" if raises else " (unmarked)"
        return f"raised {error.get('ename')}{marked}:\n{shown.text}"
    if result.status == MISSING_ERROR:
        return "was marked to raise an exception (xfail, strict) but ran without error"
    if result.status == BROKEN:
        return f"did not finish, for a reason outside its code (infrastructure): {infrastructure or 'unknown'}"
    shown = shown_outputs(result.outputs) if shown is None else shown
    invalid = [output.text for output in shown if output.kind == "invalid"]
    if invalid:
        return f"displayed an image that cannot be shown: {invalid[0]}"
    return None
