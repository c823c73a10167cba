"""Measure the site's budgets and print them as a table: `python -m dlp_build budgets`.

Not a test: timings depend on the machine. It measures, on this machine:
cold execution per chapter (recorded by the execution that filled the cache), a warm rebuild,
a rebuild after a prose-only edit, a `make serve` reload (`mkdocs serve --dirty`) after a prose
edit, the test suite (warm: reading the cache), and each chapter page's weight (HTML, figures).
With `--cold` it also runs the whole test suite on an empty cache, as CI does (every chapter
executes, one per core), and reports that run's time and each chapter's execution time in it.
Targets (2-core CPU): warm rebuild < 10 s, prose-edit rebuild < 10 s, serve reload < 3 s.
The table is also written to .cache/budgets.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from dlp_build import ROOT, cache, runner
from dlp_build.chapters import executable_chapters

BIN = Path(sys.executable).parent
MARK = "Budget probe: a prose-only edit."


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - began


def _cold_test_suite() -> list[tuple[str, str, str]]:
    """The test suite on an empty output cache, offline, as in CI; each chapter's time in it."""
    with tempfile.TemporaryDirectory(prefix="dlp-cold-") as folder:
        env = {**os.environ, "DLP_CACHE_DIR": folder, "DLP_OFFLINE": "1", "DLP_FORCE": ""}
        seconds = _timed([str(BIN / "python"), "-m", "pytest", "-q"], env)
        rows = []
        for chapter in executable_chapters():
            result = json.loads(next(Path(folder).glob(f"{chapter.slug}-*/result.json")).read_text())
            rows.append((f"cold execution in that run, {chapter.slug}", f"{result['wall_seconds']:.0f} s", ""))
    return [("test suite, cold (empty cache, chapters one per core)", f"{seconds:.0f} s", ""), *rows]


@contextmanager
def _prose_edit(path: Path):
    """Append a paragraph to a chapter, and restore it afterwards."""
    original = path.read_text()
    try:
        path.write_text(original + f"\n{MARK}\n")
        yield
    finally:
        path.write_text(original)


def _serve_reload(chapter_path: Path, port: int = 8123) -> float:
    url = f"http://127.0.0.1:{port}/chapters/{chapter_path.stem}/"
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
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
        with _prose_edit(chapter_path):
            began = time.perf_counter()
            while MARK not in page():
                if time.perf_counter() - began > 60:
                    return float("nan")
                time.sleep(0.05)
            return time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()


def measure(cold: bool = False) -> list[tuple[str, str, str]]:
    chapters = executable_chapters()
    results = runner.results(chapters)  # executes what is not cached yet
    rows = [
        (f"cold execution, {c.slug}", f"{results[c.slug].wall_seconds:.0f} s", "")
        for c in chapters
    ]
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict"]
    _timed(mkdocs)  # bring every derived file (executed notebooks, their renderings) up to date
    rows.append(("warm rebuild, nothing changed", f"{_timed(mkdocs):.1f} s", "< 10 s"))
    probe = chapters[-1].path
    with _prose_edit(probe):
        rows.append((f"rebuild after a prose edit ({probe.name})", f"{_timed(mkdocs):.1f} s", "< 10 s"))
    rows.append(("`make serve` reload after a prose edit", f"{_serve_reload(probe):.1f} s", "< 3 s"))
    rows.append(("test suite, warm (outputs cached)", f"{_timed([str(BIN / 'python'), '-m', 'pytest', '-q']):.0f} s", ""))
    for chapter in chapters:
        html = ROOT / "site" / "chapters" / chapter.slug / "index.html"
        entry = cache.entry_dir(chapter, results[chapter.slug].key)
        figures = sum(p.stat().st_size for p in entry.glob("*.png"))
        weight = html.stat().st_size + figures
        rows.append((f"page weight, {chapter.slug}", f"{weight / 1024:.0f} KiB", "HTML + figures"))
    return rows + (_cold_test_suite() if cold else [])


def main(cold: bool = False) -> None:
    rows = measure(cold)
    lines = ["| measure | value | target or note |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {note} |" for name, value, note in rows]
    table = "\n".join(lines)
    print(table)
    (ROOT / ".cache" / "budgets.md").write_text(table + "\n")
