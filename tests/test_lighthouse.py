"""Lighthouse on the built site: every chapter page fast, accessible, well made and findable.

Runs when DLP_SITE_DIR points at a built site (`make lighthouse` does this after `make build`);
skipped otherwise. Lighthouse is pinned in tests/lighthouse/ (`npm ci` there), Chromium is the
system's; the mobile preset, with simulated throttling, its CPU slowdown calibrated to the host
(see `cpu_multiplier`), so a page gets the same verdict on a slow host and a fast one. The site is
served on 127.0.0.1 as GitHub Pages serves it, compressed. Accessibility, best practices and SEO
gate; performance is measured and reported, and the page weight that decides it gates (BARS,
BUDGETS). DLP_LIGHTHOUSE_RUNS=3 runs every page three times and takes the medians (the README's figures);
DLP_LIGHTHOUSE_PAGES="chapters/03-keras-and-tensorflow/" checks only the pages named. Reports, and
summary.md with the medians, the hosts' benchmark indices and the multipliers, go to
.cache/lighthouse/.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CHAPTERS

from dlp_build import ROOT

SITE = os.environ.get("DLP_SITE_DIR")
needs_site = pytest.mark.skipif(not SITE, reason="set DLP_SITE_DIR to a built site (make lighthouse)")
LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / ".cache" / "lighthouse"
BARS = {"accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}  # gates: audits that do not move with the host
# Performance is measured, with the CPU slowdown calibrated to the host (below), and reported in
# the summary beside the aim, 0.95; it is not a gate. On the 2-core machines CI runs on, the
# host's benchmark index moved between 932 and 2013 within one 15-minute run, and the calibrated
# median of 3 runs of the same page with the same bytes moved between 0.84 and 0.97: on a slow or
# busy host the first paint comes late (after the load event), and Lighthouse's simulation then
# counts more of the page's downloads in it, which no CPU multiplier undoes. A gate on that score
# refuses commits at random. What decides the score, and does not move with the host, is gated
# instead: the elements of the page once loaded (Lighthouse's DOM size: what style and layout cost
# at load) and the bytes of its HTML, styles and scripts (its critical path). Both stay where the
# pages score 0.95 or more on a host of index 1800 to 2000 (chapter 4 measured 0.97 at 4.1x to
# 4.6x; the README's Lighthouse section has the figures).
BUDGETS = {"elements": 4000, "critical KiB": 128}
PERFORMANCE_AIM = 0.95
# The CPU slowdown, calibrated. Lighthouse's default slows the CPU down 4 times, which turns a host
# of benchmark index 1500 to 2000 into the phone it means to simulate (its docs/throttling.md): on
# a faster host the same 4x simulates a faster phone, on a slower host a slower one, and a page's
# verdict would depend on the machine CI happened to run on. So the multiplier is scaled with the
# host's index, as that document advises: 4x at 1750, the middle of the bracket, and in proportion
# elsewhere (7.3x at 3200, 3.8x at 1670), so that every host simulates the same phone, of index
# 1750 / 4. In proportion, because simulated throttling multiplies the duration of every CPU task
# the unthrottled load took by the multiplier, and a task takes a time inversely proportional to
# the host's speed, as the benchmark does. (The "CPU throttling calculator" that document links
# to, 3 + (index - 1300) / 233, aims at a Moto G4 from measured devices; its offset leaves a task
# of a host at 3200 simulated 30% longer than the same task at 1600: the dependence on the host we
# remove.) Each run is calibrated to itself: Lighthouse gathers the page (`-G`: the unthrottled
# load, and the host's index measured right before it), then audits what it gathered (`-A`) with
# the multiplier that index calls for. Simulated throttling applies the multiplier only when
# auditing, so the gathering does not depend on it. This host's speed moves by half between runs
# minutes apart (the README gives what was measured), so an index from an earlier run would not do.
# tests/test_lighthouse.py::test_the_verdict_is_the_same_on_a_slowed_host shows the result.
PHONE_INDEX = 1750 / 4
METRICS = {"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"}
PALETTE_AUDITS = ("color-contrast", "link-in-text-block")  # must pass outright, in both palettes
FORCED_RUNS = int(os.environ.get("DLP_LIGHTHOUSE_RUNS", "1"))
PAGES = os.environ.get("DLP_LIGHTHOUSE_PAGES", "").split() or [f"chapters/{c.slug}/" for c in CHAPTERS]
# Headless, and no calls home: this machine has no internet, and refused connections stall runs.
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
    " --disable-component-update --disable-sync"
)
# The header's repository widget asks GitHub's API for the stars and forks; offline here, the call
# would fail and log an error (best practices: errors-in-console) that a reader online never sees.
# Lighthouse blocks it instead, and ignores the errors of calls it blocked itself.
UNREACHABLE = ("https://api.github.com/*",)
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it (as GitHub Pages does)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"  # (a folder without its slash: the base class redirects)
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: str) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, for the duration of the block: its base URL."""
    handler = functools.partial(CompressingHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def cpu_multiplier(benchmark_index: float) -> float:
    """The CPU slowdown that makes a host of this benchmark index simulate Lighthouse's phone (see
    PHONE_INDEX): 4 at 1750, in proportion elsewhere; never below 1 (Lighthouse cannot speed up a
    host slower than the phone, and warns below an index of 1000)."""
    return max(1.0, benchmark_index / PHONE_INDEX)


def benchmark_index(report: dict) -> float:
    """The host's benchmark index, as Lighthouse measured it during the run."""
    return float(report["environment"]["benchmarkIndex"])


def lighthouse(url: str, report: Path, dark: bool = False, chromium: str | None = None) -> dict:
    """One Lighthouse run on `url`, in a fresh Chromium profile, its CPU slowdown calibrated to the
    host as it was during the run (see PHONE_INDEX); its JSON report (also written).

    dark: accessibility only, with the browser preferring dark (Material's slate palette).
    chromium: the browser to start (default: the system's).
    """
    chromium = chromium or next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    assert chromium, "install Chromium (Debian: apt-get install chromium)"
    assert LIGHTHOUSE.exists(), "install Lighthouse: cd tests/lighthouse && npm ci"
    with tempfile.TemporaryDirectory(prefix="dlp-lighthouse-") as profile:
        flags = f"{CHROME_FLAGS} --user-data-dir={profile}" + (" --force-dark-mode" if dark else "")
        command = [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={flags}"]
        command += ["--only-categories=accessibility"] if dark else []
        command += [f"--blocked-url-patterns={pattern}" for pattern in UNREACHABLE]
        gathered = Path(profile) / "artifacts"
        _run(url, [*command, f"-G={gathered}"], chromium)
        artifacts = json.loads((gathered / "artifacts.json").read_text())
        multiplier = round(cpu_multiplier(artifacts["BenchmarkIndex"]), 2)
        artifacts["settings"]["throttling"]["cpuSlowdownMultiplier"] = multiplier  # as if gathered with it
        (gathered / "artifacts.json").write_text(json.dumps(artifacts))
        audit = [f"-A={gathered}", f"--throttling.cpuSlowdownMultiplier={multiplier}", "--output=json", f"--output-path={report}"]
        _run(url, [*command, *audit], chromium)
    result = json.loads(report.read_text())
    assert not result.get("runtimeError"), f"Lighthouse could not load {url}: {result['runtimeError']}"
    return result


def _run(url: str, command: list[str], chromium: str) -> None:
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"Lighthouse failed on {url}: {done.stderr[-3000:]}"


def used_multiplier(report: dict) -> float:
    return float(report["configSettings"]["throttling"]["cpuSlowdownMultiplier"])


def scores(report: dict) -> dict[str, float]:
    """Each category's score, the largest contentful paint in seconds ('lcp'), and the page's
    weight: its elements once loaded, and the KiB of its HTML, styles and scripts."""
    values = {name: category["score"] for name, category in report["categories"].items()}
    requests = report["audits"]["network-requests"]["details"]["items"]
    critical = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") in ("Document", "Stylesheet", "Script"))
    return {
        **values,
        "lcp": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
        "elements": report["audits"]["dom-size"]["numericValue"],
        "critical KiB": critical / 1024,
    }


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost `category` points, each with the first elements or resources it names;
    for performance, its metrics below 0.9, then the five diagnostics that would save the most."""
    refs = report["categories"][category]["auditRefs"]
    weighed = [ref["id"] for ref in refs if ref["weight"] > 0]
    if category == "performance":
        diagnostics = [ref["id"] for ref in refs if ref.get("group") == "diagnostics"]
        diagnostics.sort(key=lambda audit: -max((report["audits"][audit].get("metricSavings") or {0: 0}).values()))
        weighed += diagnostics[:5]
    lines = []
    for audit in map(report["audits"].get, weighed):
        bar = 0.9 if audit["id"] in METRICS else 1
        if audit["score"] is None or audit["score"] >= bar:
            continue
        lines.append(f"  {audit['id']} ({audit['score']:.2f}): {audit['title']} {audit.get('displayValue', '')}".rstrip())
        for item in (audit.get("details") or {}).get("items", [])[:3]:
            node = item.get("node", {})
            where = node.get("selector") or item.get("url") or ""
            why = node.get("explanation", "").replace("\n", " ")[:240]
            lines.append(f"      {where} {why}".rstrip())
    return lines


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    assert SITE
    with served(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def summary() -> Iterator[list[str]]:
    """Rows of the median table, written to .cache/lighthouse/summary.md after the last page."""
    rows: list[str] = []
    yield rows
    header = (
        "| page | runs | performance | accessibility | best practices | SEO | LCP | accessibility, dark "
        "| elements | critical KiB | host's benchmark index | CPU slowdown |\n"
    )
    (REPORTS / "summary.md").write_text(header + "|---" * 12 + "|\n" + "".join(rows))


def _failure(header: str, report: dict, category: str) -> str:
    return f"{header}:\n" + "\n".join(failing_audits(report, category))


def _contrast_passes(report: dict) -> bool:
    """The contrast audits, which a category's score can absorb (one costs 0.04), pass outright."""
    return all(report["audits"][audit]["score"] in (1, None) for audit in PALETTE_AUDITS)


@needs_site
@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(base_url, summary, path):
    """Both palettes: every category in light, accessibility again in dark."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    url, name = base_url + path, path.strip("/").replace("/", "-") or "home"
    runs: list[tuple[dict, dict]] = []  # (scores, report)
    for run in range(1, FORCED_RUNS + 1):
        report = lighthouse(url, REPORTS / f"{name}-{run}.json")
        runs.append((scores(report), report))
    dark = lighthouse(url, REPORTS / f"{name}-dark.json", dark=True)
    dark_score = dark["categories"]["accessibility"]["score"]
    medians = {key: statistics.median(s[key] for s, _ in runs) for key in ("performance", *BARS, "lcp", *BUDGETS)}
    indices = ", ".join(f"{benchmark_index(report):.0f}" for _, report in runs)
    multipliers = ", ".join(f"{used_multiplier(report):.1f}x" for _, report in runs)
    cells = [f"{medians[key]:.2f}" for key in ("performance", *BARS)]
    cells += [f"{medians['lcp']:.1f} s", f"{dark_score:.2f}", f"{medians['elements']:,.0f}", f"{medians['critical KiB']:.0f}"]
    cells += [indices, multipliers]
    if medians["performance"] < PERFORMANCE_AIM:
        cells[0] += f" (aim: {PERFORMANCE_AIM})"
    summary.append(f"| {path} | {len(runs)} | {' | '.join(cells)} |\n")
    # The audits of the run closest to the median performance: what to fix.
    typical = min(runs, key=lambda run: abs(run[0]["performance"] - medians["performance"]))[1]
    judged = f"median of {len(runs)}" if len(runs) > 1 else "one run"
    failures = [
        _failure(f"{category} {medians[category]:.2f} < {BARS[category]} ({judged})", typical, category)
        for category in BARS
        if medians[category] < BARS[category]
    ]
    failures += [
        f"{budget} {medians[budget]:,.0f} > {limit:,} (the page's weight, which decides its performance on any host)"
        for budget, limit in BUDGETS.items()
        if medians[budget] > limit
    ]
    if medians["accessibility"] >= BARS["accessibility"] and not _contrast_passes(typical):
        failures.append(_failure("light palette: a contrast audit failed", typical, "accessibility"))
    if dark_score < BARS["accessibility"] or not _contrast_passes(dark):
        failures.append(_failure(f"dark palette: accessibility {dark_score:.2f}, contrast audits failed", dark, "accessibility"))
    if failures:
        failures.append(f"host's benchmark index {indices}; CPU slowdown calibrated to it: {multipliers}")
        pytest.fail(f"{path}: " + "\n".join(failures), pytrace=False)


def test_the_multiplier_is_in_proportion_to_the_host_index():
    assert cpu_multiplier(1750) == 4.0  # Lighthouse's default, at the middle of its bracket
    assert cpu_multiplier(1600) == pytest.approx(3.657, abs=1e-3)
    assert cpu_multiplier(3200) == pytest.approx(2 * cpu_multiplier(1600))  # twice as fast, twice the slowdown
    assert cpu_multiplier(300) == 1.0  # slower than the phone: no slowdown, never a speed-up


# The heaviest page, measured on this host and on this host slowed down: what calibration does.
SLOWED_PAGE = "chapters/02-math-building-blocks/"


@needs_site
@pytest.mark.skipif(not os.environ.get("DLP_LIGHTHOUSE_SLOWED"), reason="a measurement (about 3 min): DLP_LIGHTHOUSE_SLOWED=1")
@pytest.mark.skipif(not shutil.which("taskset") or not shutil.which("chromium"), reason="needs taskset and Debian's chromium")
def test_the_verdict_is_the_same_on_a_slowed_host(base_url, tmp_path):
    """One page measured on this host, then on this host made slower (Chromium pinned to one core
    that a lower-priority busy loop shares): every run's slowdown is the one its own index calls
    for, at both ends. The scores are printed, and go in the README: they agree only as far as
    the simulation depends on the CPU alone (see BARS)."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    url = base_url + SLOWED_PAGE
    fast = [lighthouse(url, REPORTS / f"as-is-{n}.json") for n in range(3)]
    pinned = tmp_path / "chromium"
    pinned.write_text(f'#!/bin/sh\nexec taskset -c 0 {shutil.which("chromium")} "$@"\n')
    pinned.chmod(0o755)
    burner = subprocess.Popen(["taskset", "-c", "0", "nice", "-n", "5", sys.executable, "-c", "while True: pass"])
    try:
        slow = [lighthouse(url, REPORTS / f"slowed-{n}.json", chromium=str(pinned)) for n in range(3)]
    finally:
        burner.kill()
    for report in fast + slow:  # calibrated to the host as it was in that very run
        assert used_multiplier(report) == pytest.approx(round(cpu_multiplier(benchmark_index(report)), 2))
    index = {name: statistics.median(map(benchmark_index, runs)) for name, runs in (("as is", fast), ("slowed", slow))}
    score = {name: statistics.median(scores(r)["performance"] for r in runs) for name, runs in (("as is", fast), ("slowed", slow))}
    print(f"benchmark index {index}, performance {score}, multipliers {[used_multiplier(r) for r in fast + slow]}")
    assert index["slowed"] < 0.7 * index["as is"], "the host was not slowed"
