"""MkDocs hook: execute chapters (or read the cache) and put real outputs under each fence.

mkdocs.yml names this file under `hooks:`. For each chapter page:

* on_startup, on_serve: under `mkdocs serve`, pages are served at once: a chapter whose parts
  are still executing shows its prose and code with a note of what runs and how long is left,
  and is rebuilt (the browser reloads) when its outputs land in the cache, which the server
  watches;
* on_config: the repository links (dlp_build/repository.py);
* on_files: get the chapter's result (cache, or execute its parts in Jupyter kernels), register
  its figures as site files, and its executed notebook (a download: the page shows the same);
* on_page_markdown: insert each fence's outputs (cleaned now, by dlp_build/render.py) right
  under it, and a header at the top;
* on_page_content: lighten every page's code blocks (dlp_build/code_blocks.py), and keep the
  outputs out of the search index;
* and the generated Listings and What-changed pages (dlp_build/listings.py), listing anchors,
  and the home page's line on how the pages were executed.

A fence that raises unexpectedly, a marked one that does not raise, or one whose run failed for
a reason outside its code is logged as a warning naming the chapter file and the fence's line,
so `mkdocs build --strict` fails; so is a run figure typed by hand in a chapter's prose
(dlp_build/prose.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from dlp_build import cache, code_blocks, datasets, listings, prose, repository, runner, snippets
from dlp_build.chapters import CHAPTER_NAME, Chapter, ChapterError, is_chapter_file, read_chapter
from dlp_build.render import (
    OUTPUT_CLASS,
    Shown,
    image_name,
    inline_value,
    render_fence,
    render_header,
    shown_outputs,
    status_message,
    web_png,
)
from dlp_build.results import ChapterResult

log = logging.getLogger("mkdocs.plugins.dlp_build")

_pages: dict[str, tuple[Chapter, ChapterResult | None]] = {}  # src_uri -> chapter, result (None: executing)
_shown: dict[str, tuple[list, list[list[Shown]]]] = {}  # a result's key -> (its parts, its outputs cleaned)
_repository: repository.Repository | None = None  # where the site is built from (its links)
_forced: set[str] = set()  # chapters DLP_FORCE already re-ran: once per process, not per reload
_serving = False  # under `mkdocs serve`: never wait for an execution
_built: dict[str, str] = {}  # src_uri -> what its built page showed (a result's key, or "executing")


class _DirtyNote(logging.Filter):
    """MkDocs warns at every `--dirty` reload that navigation may be inaccurate: this site's
    navigation is fixed in mkdocs.yml, so say once what --dirty does instead."""

    said = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.getMessage().startswith("A 'dirty' build is being performed"):
            return True
        if _DirtyNote.said:
            return False
        _DirtyNote.said = True
        record.msg, record.args = "Serving with --dirty: a reload rebuilds only the pages that changed (`make build` builds them all)", ()
        record.levelno, record.levelname = logging.INFO, "INFO"
        return True


logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNote())


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server, config, builder):
    """Rebuild when an execution stores its outputs: each chapter's page fills in as it is done."""
    cache.cache_dir().mkdir(parents=True, exist_ok=True)
    server.watch(str(cache.cache_dir()))
    return server


def _image_prefix(chapter: Chapter) -> str:
    """Where a chapter's figures go, relative to its page (file names are content hashes)."""
    return f"outputs/{chapter.slug}/"


def on_config(config):
    """Repository, edit and Colab links point at the repository the site is built from, or
    are left out (dlp_build/repository.py): never at a placeholder."""
    global _repository
    _repository = repository.detect()
    config.repo_url = _repository.url if _repository else None
    config.repo_name = f"{_repository.owner}/{_repository.name}" if _repository else None
    config.edit_uri = f"edit/{_repository.branch}/docs/" if _repository else None
    return config


def on_files(files: Files, config) -> Files:
    _pages.clear()
    every_chapter = {}
    for file in files.documentation_pages():
        if file.src_uri.startswith("chapters/") and not is_chapter_file(Path(file.src_uri)):
            log.warning(f"{file.src_uri}: not a chapter file name ({CHAPTER_NAME.pattern}): it is neither executed nor tested")
        elif file.src_uri.startswith("chapters/"):
            try:
                every_chapter[file.src_uri] = read_chapter(Path(file.abs_src_path))
            except ChapterError as error:
                raise PluginError(str(error)) from error
    for finding in (finding for chapter in every_chapter.values() for finding in prose.findings(chapter.path)):
        log.warning(str(finding))  # a run figure typed by hand in the prose (dlp_build/prose.py)
    _add_listing_pages(files, config, sorted(every_chapter.values(), key=lambda chapter: chapter.path.name))
    chapters = {uri: chapter for uri, chapter in every_chapter.items() if any(fence.runs for fence in chapter.fences)}
    todo = list(chapters.values())
    try:
        futures = runner.start(todo, force=_force_once(todo), log=log.info)
    except runner.NotCached as error:
        raise PluginError(str(error)) from error
    notebooks = cache.cache_dir().parent / "notebooks"
    for src_uri, chapter in chapters.items():
        future = futures[chapter.slug]
        result = future.result() if future.done() or not _serving else None
        _pages[src_uri] = (chapter, result)
        _mark_stale(files.get_file_from_path(src_uri), "executing" if result is None else result.key)
        if result is None:  # still executing (mkdocs serve): its page shows prose and code meanwhile
            continue
        images = {image_name(shown.png): shown.png for fence in _shown_of(result) for shown in fence if shown.kind == "image"}
        for name, png in images.items():
            uri = f"chapters/{_image_prefix(chapter)}{name}"
            files.append(File.generated(config, uri, abs_src_path=str(_web_figure(name, png))))
        notebook = _executed_notebook(chapter, result, notebooks)
        files.append(File.generated(config, f"notebooks/{chapter.slug}.ipynb", abs_src_path=str(notebook)))
        for suffix in (".ipynb", ".py"):
            snippet = snippets.SNIPPETS_DIR / f"{chapter.slug}{suffix}"
            if snippet.exists():
                uri = f"downloads/{chapter.slug}{suffix}"
                files.append(File.generated(config, uri, abs_src_path=str(snippet)))
    current = {result.key for _, result in _pages.values() if result}
    for key in set(_shown) - current:  # results of earlier builds (mkdocs serve) that no page shows now
        del _shown[key]
    return files


def _shown_of(result: ChapterResult) -> list[list[Shown]]:
    """Each fence's outputs, cleaned for the page: once per result in this process (a build reads
    them twice, for its figures and its Markdown; `mkdocs serve` rebuilds often)."""
    parts, shown = _shown.get(result.key, ([], []))
    if len(parts) != len(result.parts) or any(a is not b for a, b in zip(parts, result.parts)):  # another run
        shown = [shown_outputs(fence.outputs) for fence in result.fences]
        _shown[result.key] = (list(result.parts), shown)
    return shown


def _mark_stale(file: File | None, shown: str) -> None:
    """A page whose outputs changed since it was built is rebuilt, even by a --dirty build (which
    otherwise rebuilds only pages whose source changed): its built file goes."""
    if file is None:
        return
    if _built.get(file.src_uri, shown) != shown and os.path.exists(file.abs_dest_path):
        os.remove(file.abs_dest_path)
    _built[file.src_uri] = shown


def _web_figure(name: str, png: bytes) -> Path:
    """The figure as served (render.web_png), made once: `name` is the original's content hash."""
    folder = cache.cache_dir().parent / "figures" / _RENDERER  # made anew when the renderer changes
    if not folder.exists():
        shutil.rmtree(folder.parent, ignore_errors=True)  # an older renderer's figures
    path = folder / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(web_png(png))
        os.replace(partial, path)
    return path


def _add_listing_pages(files: Files, config, chapters: list[Chapter]) -> None:
    """The Listings page and the What-changed page, generated from the chapters, in order."""
    titled = [(chapter.path, chapter.title) for chapter in chapters]
    for problem in (problem for path, _ in titled for problem in listings.numbering_problems(path)):
        log.warning(problem)
    files.append(File.generated(config, "listings.md", content=listings.listings_page(titled)))
    files.append(File.generated(config, "changes.md", content=listings.changes_page(titled)))


def _force_once(chapters: list[Chapter]) -> set[str]:
    """The chapters DLP_FORCE names that this process has not re-run yet (serve reloads often)."""
    force = runner.forced_slugs(chapters) - _forced
    _forced.update(force)
    return force


# The code that turns outputs into what readers see: a change to it rewrites executed notebooks.
_RENDERER = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in ("render.py", "terminal.py", "alt_text.py", "snippets.py"))
).hexdigest()[:16]


def _executed_notebook(chapter: Chapter, result: ChapterResult, directory: Path) -> Path:
    """The chapter as a notebook with this run's outputs, for download; rewritten only when prose
    or outputs changed."""
    notebook, stamp = directory / f"{chapter.slug}.ipynb", directory / f"{chapter.slug}.stamp"
    source = chapter.path.read_text()
    version = f"{result.key} {hashlib.sha256(source.encode()).hexdigest()} {_RENDERER}"
    if notebook.exists() and stamp.exists() and stamp.read_text() == version:
        return notebook
    directory.mkdir(parents=True, exist_ok=True)
    notebook.write_text(nbformat.writes(snippets.chapter_notebook(chapter, result)))
    stamp.write_text(version)
    return notebook


def _front_matter_lines(markdown: str, chapter: Chapter) -> int:
    """MkDocs hands a page over without its front matter: chapter line numbers shift by this."""
    return len(chapter.path.read_text().split("\n")) - len(markdown.split("\n"))


def _insert_values(markdown: str, chapter: Chapter, result: ChapterResult | None, offset: int = 0) -> str:
    """Replace each `{{ expression:spec }}` of the prose with its value in this run (line-preserving);
    without a result yet, with a mark that it is being computed."""
    lines = markdown.split("\n")
    for value in chapter.values:
        if result is None:
            lines[value.line - 1 - offset] = lines[value.line - 1 - offset].replace(value.text, "*(being computed)*", 1)
            continue
        shown, problem = inline_value(result.probes.get(value.name), value.spec)
        if problem:
            log.warning(f"{chapter.name}:{value.line}: {value.text} could not be shown: {problem}")
        index = value.line - 1 - offset
        lines[index] = lines[index].replace(value.text, shown, 1)
    return "\n".join(lines)


def _insert_outputs(markdown: str, chapter: Chapter, result: ChapterResult, offset: int = 0) -> str:
    """Put each fence's outputs under it; `offset`: lines of front matter MkDocs removed."""
    lines = markdown.split("\n")
    for index, (fence, fence_result) in reversed(list(enumerate(zip(chapter.fences, result.fences)))):
        shown = _shown_of(result)[index]
        problem = status_message(fence_result, result.infrastructure_of(index), fence.raises, shown)
        if problem:
            log.warning(f"{chapter.name}:{fence.line}: this block {problem}")
        start = fence.line - 1 - offset
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        end = fence.end_line - 1 - offset  # the closing ``` line
        rendered = render_fence(fence_result, _image_prefix(chapter), shown)
        if rendered:
            block = [""] + [indent + line if line else line for line in rendered.split("\n")]
            after = _after_annotations(lines, end + 1, indent)
            lines[after:after] = block
    return "\n".join(lines)


def _after_annotations(lines: list[str], start: int, indent: str) -> int:
    """Index after the code-annotation list (`1. ...`) that follows a fence, if any.

    Material attaches a numbered list right after a fence to its `# (1)!` markers, so outputs
    go after that list, not between the code and its annotations.
    """
    item = re.compile(rf"^{re.escape(indent)}\d+\.\s")
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines) or not item.match(lines[index]):
        return start
    while index < len(lines) and (
        not lines[index].strip() or item.match(lines[index]) or lines[index].startswith(indent + "    ")
    ):
        index += 1
    while not lines[index - 1].strip():  # leave the blank lines after the list where they are
        index -= 1
    return index


def _insert_header(markdown: str, header: str, title_line: int) -> str:
    """`header` right under the title (`title_line`: its 0-based index in `markdown`)."""
    lines = markdown.split("\n")
    lines[title_line + 1 : title_line + 1] = ["", header, ""]
    return "\n".join(lines)


EXECUTED_WITH = "<!--dlp:executed-with-->"


def executed_with(results: list[ChapterResult]) -> str:
    """What the home page says of this build's execution: versions, devices, dates, stand-ins."""
    if not results:
        return "No chapter was executed in this build."
    env = results[0].environment
    devices = sorted({", ".join(r.environment.get("gpus") or []) or "CPU" for r in results})
    dates = sorted(r.executed_at[:10] for r in results)
    span = dates[0] if dates[0] == dates[-1] else f"between {dates[0]} and {dates[-1]}"
    text = (
        f"Every chapter on this site was executed with TensorFlow {env.get('tensorflow')}, Keras "
        f"{env.get('keras')} and Python {env.get('python')}, on {' and '.join(devices)}, {span}. "
        "Each chapter's header gives its own details and timing."
    )
    standins = sorted({name for r in results for name in r.standins})
    if standins:
        text += f" Built on stand-in data for {', '.join(f'`{n}`' for n in standins)} (see those pages)."
    return text


def on_page_markdown(markdown: str, page, config, files) -> str:
    if EXECUTED_WITH in markdown:
        markdown = markdown.replace(EXECUTED_WITH, executed_with([result for _, result in _pages.values() if result]))
    entry = _pages.get(page.file.src_uri)
    if entry is None:
        return markdown
    chapter, result = entry
    if result is None:  # executing, under mkdocs serve: prose and code now, outputs when done
        offset = _front_matter_lines(markdown, chapter)
        markdown = _insert_values(markdown, chapter, None, offset)
        note = f'!!! info "Executing"\n    {runner.progress.of_chapter(chapter)}'
        return _insert_header(markdown, note, chapter.title_line - 1 - offset)
    if result.standins and datasets.deploy():
        log.error(f"{chapter.name}: built on stand-in data {result.standins}; a deploy build refuses it")
    offset = _front_matter_lines(markdown, chapter)  # the steps below keep lines where they are
    markdown = listings.annotate(_insert_values(markdown, chapter, result, offset), chapter.path, offset)
    markdown = _insert_outputs(markdown, chapter, result, offset)
    downloads = all((snippets.SNIPPETS_DIR / f"{chapter.slug}{suffix}").exists() for suffix in (".py", ".ipynb"))
    header = render_header(result, chapter.slug, _repository, downloads)
    return _insert_header(markdown, header, chapter.title_line - 1 - offset)


_OUTPUT_BOX = re.compile(rf'<div class="([^"]*\b{OUTPUT_CLASS}\b[^"]*)"')


def on_page_content(html: str, page, config, files) -> str:
    """Lightens the code blocks, and keeps the outputs out of the search index: readers search the
    prose and the code."""
    html = code_blocks.mark_line_counts(code_blocks.drop_plain_spans(html))
    if page.file.src_uri not in _pages:
        return html
    return _OUTPUT_BOX.sub(r'<div class="\1" data-search-exclude', html)
