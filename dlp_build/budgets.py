"""Measure the site's budgets and print them as a table: `python -m dlp_build budgets`.

Not a test: timings depend on the machine, and a failing test does not stop the measuring (the
table says which command failed; the tests judge). It measures, on this machine, whose speed it
gives first (Lighthouse's CPU benchmark index, measured in Chromium with the pinned Lighthouse's
own benchmark): execution time per chapter part (recorded by the execution that filled the
cache), a warm rebuild, a rebuild after a paragraph is inserted mid-chapter, a `make serve`
reload after such an edit, the time from adding a line to a block of an early part to that
part executed, tested and built (and which parts executed for each edit: a prose edit executes
none), the test suite (warm), and each chapter page's weight (HTML and figures).
With `--cold` it also runs the whole test suite on an empty cache, as CI does.

Everything it edits is restored, even when interrupted; it builds into temporary folders (your
site/ is left as it was), and the block-edit measure works on a copy of the output cache.
It also records each part's time in dlp_build/part-seconds.json, the order of a cold run.
Targets (2-core CPU, benchmark index about 1700): warm rebuild < 3 s, prose-edit rebuild < 10 s,
serve reload < 2 s, block edit to page and test < 2 min. The table is also written to
.cache/budgets.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from dlp_build import ROOT, cache, runner
from dlp_build.chapters import Chapter, executable_chapters
from dlp_build.render import shown_outputs

PYTHON = sys.executable
MARK = "Budget probe: a prose-only edit."
CODE_MARK = "Budget probe: a code edit."
# The block edited to time "edit a block, see its page and test": chapter 4's IMDB part, its first;
# the prose edit: a paragraph inserted before the heading of that chapter's third part.
CODE_EDIT = ("04-classification-and-regression", "imdb.load_data(num_words=10000)")
PROSE_EDIT = ("04-classification-and-regression", 3)
EXECUTING = re.compile(r"executing (\S+) part (\d+)/\d+")


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Seconds the command took, and '' or a note that it failed; the note also says which chapter
    parts the command executed, when it executed any."""
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - began
    note = "" if done.returncode == 0 else f"(failed, exit {done.returncode}) "
    executed = [f"{Path(name).stem[:2]} part {number}" for name, number in EXECUTING.findall(done.stdout + done.stderr)]
    return seconds, note + (f"executed {', '.join(executed)}" if executed else "")


def benchmark_index() -> str:
    """This host's Lighthouse CPU benchmark index: the pinned Lighthouse's own benchmark, run three
    times in Chromium (the median), or why it is unknown."""
    lighthouse = ROOT / "tests" / "lighthouse"
    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if not (lighthouse / "node_modules" / "lighthouse").is_dir() or not chromium or not shutil.which("node"):
        return "unknown (needs Chromium, and Lighthouse: make lighthouse installs it)"
    script = "import {pageFunctions as f} from 'lighthouse/core/lib/page-functions.js'; process.stdout.write(f.computeBenchmarkIndex.toString())"
    source = subprocess.run(["node", "--input-type=module", "-e", script], cwd=lighthouse, capture_output=True, text=True).stdout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        values = [page.evaluate(f"({source})()") for _ in range(3)]
        browser.close()
    return f"{statistics.median(values):.0f}"


def _interrupt(signum, frame) -> None:
    """SIGTERM acts like Ctrl-C, so edited files are restored."""
    raise KeyboardInterrupt


@contextmanager
def _restored(path: Path):
    """Restore `path` afterwards, also on Ctrl-C or SIGTERM."""
    original = path.read_text()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield original
    finally:
        path.write_text(original)
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _scratch(env_cache: bool = True):
    """A temporary site folder, and an environment whose output cache is a copy of ours."""
    with tempfile.TemporaryDirectory(prefix="dlp-budgets-") as folder:
        env = dict(os.environ)
        if env_cache:
            shutil.copytree(cache.cache_dir(), Path(folder) / "executions", dirs_exist_ok=True)
            env["DLP_CACHE_DIR"] = str(Path(folder) / "executions")
        yield Path(folder) / "site", env


def _cold_test_suite() -> list[tuple[str, str, str]]:
    """The test suite on an empty output cache, offline, as in CI; each part's time in it."""
    with tempfile.TemporaryDirectory(prefix="dlp-cold-") as folder:
        env = {**os.environ, "DLP_CACHE_DIR": f"{folder}/executions", "DLP_OFFLINE": "1", "DLP_FORCE": ""}
        seconds, note = _timed([PYTHON, "-m", "pytest", "-q"], env)
        seconds_file = Path(folder) / "part-seconds.json"
        known = json.loads(seconds_file.read_text()) if seconds_file.exists() else {}
    rows = [(f"cold execution in that run, {name}", f"{value:.0f} s", "") for name, value in sorted(known.items())]
    return [("test suite, cold (empty cache, parts in parallel, one per core)", f"{seconds:.0f} s {note}", ""), *rows]


def _prose_edited(text: str, part: int) -> str:
    """`text` with a paragraph inserted before the heading of its part `part` (mid-chapter)."""
    marker = "<!--dlp:part-->"
    at = -1
    for _ in range(part - 1):
        at = text.index(marker, at + 1)
    return text[:at] + f"{MARK}\n\n" + text[at:]


def _serve_reload(chapter_path: Path, port: int = 8123) -> float:
    url = f"http://127.0.0.1:{port}/chapters/{chapter_path.stem}/"
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def page() -> str:
        try:
            return urllib.request.urlopen(url, timeout=2).read().decode()
        except OSError:
            return ""

    try:
        deadline = time.time() + 300
        while not page() and time.time() < deadline:
            time.sleep(0.2)
        with _restored(chapter_path) as original:
            chapter_path.write_text(_prose_edited(original, PROSE_EDIT[1]))
            began = time.perf_counter()
            while MARK not in page():
                if time.perf_counter() - began > 60:
                    return float("nan")
                time.sleep(0.05)
            return time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()


def _block_edit(chapters: list[Chapter]) -> tuple[str, str, str]:
    """Edit one block of a part; time executing, testing and building until the page shows it."""
    slug, code = CODE_EDIT
    chapter = next(c for c in chapters if c.slug == slug)
    with _scratch() as (site, env), _restored(chapter.path) as original:
        chapter.path.write_text(original.replace(code, f"{code}\nprint({CODE_MARK!r})", 1))
        test, test_note = _timed([PYTHON, "-m", "pytest", "-q", "-s", "tests/test_chapters.py", "-k", slug], env)
        build, build_note = _timed([PYTHON, "-m", "mkdocs", "build", "-d", str(site)], env)
        shown = CODE_MARK in (site / "chapters" / slug / "index.html").read_text()
    note = "< 2 min" + ("" if shown else " (the page did not show the edit)")
    return (f"a line added to a block of {slug}'s part 1 (IMDB): executed and tested, then built",
            f"{test + build:.0f} s ({test:.0f} + {build:.0f}) {test_note} {build_note}", note)


def measure(cold: bool = False) -> list[tuple[str, str, str]]:
    chapters = executable_chapters()
    results = runner.results(chapters)  # executes what is not cached yet
    rows = [("this host's CPU, Lighthouse's benchmark index (higher: faster)", benchmark_index(), "")]
    for chapter in chapters:
        for part, part_result in zip(chapter.parts, results[chapter.slug].parts):
            rows.append((f"execution, {chapter.slug} part {part.number} ({part.title})", f"{part_result.wall_seconds:.0f} s", ""))
    with _scratch(env_cache=False) as (site, env):
        mkdocs = [PYTHON, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
        _timed(mkdocs)  # bring every derived file (executed notebooks, their renderings) up to date
        seconds, note = _timed(mkdocs)
        rows.append(("warm rebuild, nothing changed", f"{seconds:.1f} s {note}", "< 3 s"))
        probe = next(chapter for chapter in chapters if chapter.slug == PROSE_EDIT[0]).path
        with _restored(probe) as original:
            probe.write_text(_prose_edited(original, PROSE_EDIT[1]))
            seconds, note = _timed(mkdocs)
        rows.append((f"rebuild after a paragraph inserted mid-chapter ({probe.name}, before part {PROSE_EDIT[1]})",
                     f"{seconds:.1f} s {note or 'executed nothing'}", "< 10 s, nothing executed"))
        rows.append(("`make serve` reload after that edit", f"{_serve_reload(probe):.1f} s", "< 2 s"))
        for chapter in chapters:
            html = site / "chapters" / chapter.slug / "index.html"
            figures = sum(len(s.png) for f in results[chapter.slug].fences for s in shown_outputs(f.outputs) if s.kind == "image")
            weight = (html.stat().st_size if html.exists() else 0) + figures
            rows.append((f"page weight, {chapter.slug}", f"{weight / 1024:.0f} KiB", "HTML + figures"))
    runner.save_reference_seconds(chapters)
    rows.append(_block_edit(chapters))
    seconds, note = _timed([PYTHON, "-m", "pytest", "-q"])
    rows.append(("test suite, warm (outputs cached)", f"{seconds:.0f} s {note}", ""))
    return rows + (_cold_test_suite() if cold else [])


def main(cold: bool = False) -> None:
    rows = measure(cold)
    lines = ["| measure | value | target or note |", "|---|---|---|"]
    lines += [f"| {name} | {value.strip()} | {note} |" for name, value, note in rows]
    table = "\n".join(lines)
    print(table)
    (ROOT / ".cache" / "budgets.md").write_text(table + "\n")
