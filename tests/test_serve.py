"""`mkdocs serve` shows the site at once: a page whose code still executes shows its prose and
code with a note, and its outputs as soon as they are cached (the server rebuilds it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from dlp_build import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "serve"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode()
    except OSError:
        return ""


def test_serve_answers_at_once_and_fills_the_page_in_when_its_outputs_land(tmp_path):
    port = _free_port()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: serve\ndocs_dir: {FIXTURE}\ntheme:\n  name: material\n"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - pymdownx.superfences\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {**os.environ, "DLP_CACHE_DIR": str(tmp_path / "cache" / "executions"), "DLP_EXPECTATIONS": str(tmp_path / "none.toml")}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(config)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/chapters/01-slow/"
    try:
        began = time.monotonic()
        while not (page := _page(url)) and time.monotonic() - began < 60:
            time.sleep(0.2)
        first = time.monotonic() - began
        assert page, "the server never answered"
        assert first < 12, f"the first page took {first:.1f} s: it waited for the execution"  # the block sleeps 12 s
        assert "This page&rsquo;s code is being executed" in page or "This page's code is being executed" in page, page[-3000:]
        assert "sleep" in page and "dlp-output" not in page  # the code, and no output yet
        assert "being computed" in page
        while "dlp-output" not in (page := _page(url)) and time.monotonic() - began < 120:
            time.sleep(0.5)
        assert "the slow block is done" in page and "The answer is 42." in page, page[-3000:]
        assert "being executed" not in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "A 'dirty' build" not in output and output.count("Serving with --dirty") == 1, output
    assert "[1/1 parts] all executed in" in output, output
