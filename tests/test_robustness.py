"""The engine under stress: Ctrl-C, hostile outputs, secrets, many cores and GPUs, a moved checkout."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from dlp_build import ROOT, executor, runner, sandbox
from dlp_build.chapters import read_chapter
from dlp_build.results import OK, FenceResult, PartResult

FIXTURES = ROOT / "tests" / "fixtures"


COMMANDS = {
    "python -m dlp_build execute": ["-m", "dlp_build", "execute", "--force", "01"],
    "make test (pytest)": ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_chapters.py"],
    "make serve (mkdocs serve)": ["-m", "mkdocs", "serve", "-a", "127.0.0.1:8765", "-f", "{config}"],
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_ctrl_c_stops_the_execution_kills_its_kernel_and_leaves_nothing(tmp_path, command):
    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: interrupt\ndocs_dir: {FIXTURES / 'interrupt'}\nhooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n")
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "DLP_CHAPTERS_DIR": str(FIXTURES / "interrupt" / "chapters"),
        "DLP_CACHE_DIR": str(cache / "executions"),
        "DLP_EXPECTATIONS": str(tmp_path / "none.toml"),
    }
    arguments = [argument.format(config=config) for argument in command]
    process = subprocess.Popen(
        [sys.executable, *arguments], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal, even in CI
    )
    deadline = time.time() + 120
    pid_files: list[Path] = []
    while time.time() < deadline and not pid_files:  # wait until the block is running
        pid_files = list(temp.glob("dlp-*/kernel.pid"))
        time.sleep(0.2)
    assert pid_files, "the block never started"
    time.sleep(0.5)
    # The kernel's own PID is 1 in its sandbox: find it, from here, by its working folder.
    kernel_pids = _processes_in(pid_files[0].parent)
    assert kernel_pids, "no process runs in the kernel's working folder"
    began = time.time()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    assert time.time() - began < 15, "Ctrl-C must stop the execution promptly"
    time.sleep(0.5)
    assert _processes_in(pid_files[0].parent) == []  # the kernel is gone
    assert [p.name for p in temp.iterdir() if p.name.startswith("dlp-")] == []  # no work folder left
    assert not list((cache / "executions").rglob("*.ipynb"))  # and no cache entry


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_execution_cleanly_with_one_line(tmp_path, signum):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "DLP_CHAPTERS_DIR": str(FIXTURES / "interrupt" / "chapters"),
           "DLP_CACHE_DIR": str(tmp_path / "cache"), "DLP_EXPECTATIONS": str(tmp_path / "none.toml")}
    process = subprocess.Popen([sys.executable, "-m", "dlp_build", "execute", "--force", "01"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(temp.glob("dlp-*/kernel.pid")):
        time.sleep(0.2)
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    said = [line for line in err.strip().splitlines() if not line.startswith("note: chapter kernels run without a sandbox")]
    assert said == ["interrupted: the running kernels were stopped and their folders deleted"], err
    assert list(temp.iterdir()) == []  # no work folder, no connection file


def _processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder`."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd") == str(folder):
                pids.append(int(pid))
        except OSError:
            continue
    return pids


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile fixture chapter, executed and built with --strict."""
    folder = tmp_path_factory.mktemp("hostile")
    config = folder / "mkdocs.yml"
    config.write_text(
        f"site_name: hostile\ndocs_dir: {FIXTURES / 'hostile'}\nsite_dir: {folder / 'site'}\n"
        "theme:\n  name: material\nplugins:\n  - search\n"
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {
        **os.environ,
        "DLP_CACHE_DIR": str(folder / "cache" / "executions"),
        "DLP_EXPECTATIONS": str(folder / "none.toml"),
        "DLP_TEST_API_TOKEN": "secret-1",
        "DLP_TEST_PASSWORD_HASH": "secret-2",
        "DLP_TEST_VISIBLE": "fine",
    }
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return folder / "site"


def test_outputs_render_as_text_whatever_they_contain(hostile_site):
    page = (hostile_site / "chapters" / "01-hostile" / "index.html").read_text()
    assert "<script>window.hacked" not in page
    assert "&lt;script&gt;window.hacked = true&lt;/script&gt;" in page
    assert "after the fake fence" in page


def test_figures_are_described_sharp_sized_and_lazy(hostile_site):
    """Each figure's alternative text says what was drawn (even with Markdown and HTML in its
    title), its PNG has twice the pixels of its box, and it loads lazily in a box of known size."""
    page = (hostile_site / "chapters" / "01-hostile" / "index.html").read_text()
    images = re.findall(r'<img [^>]*class="dlp-figure"[^>]*>', page)
    assert len(images) == 2, images
    attributes = [dict(re.findall(r'(\w+)="([^"]*)"', image)) for image in images]
    assert [html.unescape(a["alt"]) for a in attributes] == [
        "Line plot 'Loss <b>\"quoted\"</b> `ticks` _under_ (1) #2 !3': Epochs vs Loss; "
        "Training *loss*, Validation [loss]",
        "Figure with 2 panels. (1) Scatter plot of 3 points. (2) Bar chart: y axis Count",
    ]
    for image in attributes:
        assert image["loading"] == "lazy"
        with Image.open(hostile_site / "chapters" / "01-hostile" / image["src"]) as png:
            for pixels, css in zip(png.size, (int(image["width"]), int(image["height"]))):
                assert pixels // 2 == css  # IPython halves an odd size downwards


def test_a_huge_output_is_cut_and_kept_out_of_search(hostile_site):
    page = hostile_site / "chapters" / "01-hostile" / "index.html"
    assert page.stat().st_size < 300_000
    assert "lines omitted here" in page.read_text()
    index = hostile_site / "search" / "search_index.json"
    assert index.stat().st_size < 50_000
    assert "a very long output line 1" not in index.read_text()  # the code is indexed, its output is not


def test_control_sequences_are_stripped_when_shown_and_kept_raw_in_the_cache(hostile_site):
    stored = next((hostile_site.parent / "cache" / "executions" / "01-hostile").glob("*.ipynb")).read_text()
    assert "\\u001b]0;window title\\u0007" in stored  # the cache keeps what the kernel printed
    page = (hostile_site / "chapters" / "01-hostile" / "index.html").read_text()
    assert "osc  nul  bel  colour red end" in page
    assert "\x1b" not in page and "\x00" not in page and "\x07" not in page


def test_the_kernel_never_sees_secrets(hostile_site, monkeypatch):
    page = (hostile_site / "chapters" / "01-hostile" / "index.html").read_text()
    assert "DLP_TEST_VISIBLE" in page
    assert "DLP_TEST_API_TOKEN" not in page and "DLP_TEST_PASSWORD_HASH" not in page
    secrets = {
        "GITHUB_TOKEN": "x", "AWS_SECRET_ACCESS_KEY": "x", "GH_PAT": "x", "DB_PASS": "x", "SMTP_PASSWD": "x",
        "GOOGLE_APPLICATION_CREDENTIALS": "x", "NPM_AUTH": "x", "NETRC": "x", "DOCKER_AUTH_CONFIG": "x",
        "PIP_INDEX_URL": "https://user:hunter2@pypi.example/simple",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "https://pypi.example/simple")  # no password: kept
    kernel = executor.kernel_environment()
    assert not set(secrets) & set(kernel)
    assert {"PIP_EXTRA_INDEX_URL", "PATH", "HOME"} <= set(kernel)


@pytest.fixture(scope="module")
def escape_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The escape fixture chapter, built with --strict, with a secret in the build's environment
    and another on a command line of a process beside it."""
    folder = tmp_path_factory.mktemp("escape")
    config = folder / "mkdocs.yml"
    config.write_text(
        f"site_name: escape\ndocs_dir: {FIXTURES / 'escape'}\nsite_dir: {folder / 'site'}\n"
        "theme:\n  name: material\nmarkdown_extensions:\n  - attr_list\n  - pymdownx.superfences\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {**os.environ, "DLP_CACHE_DIR": str(folder / "cache" / "executions"), "DLP_EXPECTATIONS": str(folder / "none.toml"),
           "DLP_TEST_API_TOKEN": "dlp-secret-environment"}
    beside = subprocess.Popen(["sh", "-c", "sleep 600", "dlp-secret-command-line"])
    try:  # a daemon that outlived its kernel would hold the pipe open: the build would not end
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    finally:
        beside.kill()
    return build, folder / "site"


@pytest.mark.skipif(sandbox.prefix() is None, reason="no Linux namespaces here: the build says so instead")
def test_a_block_reaches_nothing_beyond_its_page(escape_build):
    build, site = escape_build
    assert build.returncode == 0, build.stderr[-3000:]
    page = (site / "chapters" / "01-escape" / "index.html").read_text()
    assert "secrets found: []" in page and "processes seen: 1" in page  # its own kernel only
    assert not (ROOT / "docs" / "dlp-escaped.md").exists()  # the write failed, as marked
    assert "Read-only file system" in page
    left = [pid for pid in filter(str.isdigit, os.listdir("/proc")) if b"dlp-escaped-daemon" in _cmdline(pid)]
    assert left == [], "a process the block started outlived it"


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_without_namespaces_the_build_says_so_once(monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "prefix", lambda: None)
    monkeypatch.setattr(sandbox, "_said", False)
    assert sandbox.command(["python", "-m", "ipykernel_launcher"], []) == ["python", "-m", "ipykernel_launcher"]
    sandbox.command(["python"], [])
    assert capsys.readouterr().err.count("without a sandbox") == 1


def test_jobs_per_device():
    assert runner.plan_jobs(2, []) == 2  # CPU: one part per core
    assert runner.plan_jobs(16, ["NVIDIA H100 80GB HBM3"]) == 4  # one GPU shared by 4 kernels
    assert runner.plan_jobs(16, ["H100"] * 8) == 16  # never more than the cores
    assert runner.plan_jobs(2, ["NVIDIA H100 80GB HBM3"]) == 2
    assert runner.plan_jobs(16, ["NVIDIA H100 80GB HBM3"], requested="1") == 1  # DLP_JOBS decides


def test_every_kernel_grows_its_gpu_memory_instead_of_taking_the_card():
    assert executor.kernel_environment()["TF_FORCE_GPU_ALLOW_GROWTH"] == "true"


def test_one_gpu_runs_four_parts_at_a_time(tmp_path, monkeypatch):
    """start() asks plan_jobs with the GPUs it finds: 8 parts on a 16-core, 1-GPU machine, 4 at once."""
    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "executions"))
    monkeypatch.delenv("DLP_JOBS", raising=False)
    monkeypatch.setattr(runner, "gpu_names", lambda: ["NVIDIA H100 80GB HBM3"])
    monkeypatch.setattr(runner.os, "cpu_count", lambda: 16)
    running, most = [0], [0]
    lock = threading.Lock()

    def fake_run(chapter, part, env, log):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return PartResult("k", [FenceResult(OK) for _ in part.indices], {}, {}, "", 0.3)

    monkeypatch.setattr(runner, "run_part", fake_run)
    path = tmp_path / "01-eight.md"
    path.write_text("# T\n" + "".join(f"\n<!--dlp:part-->\n## {n}\n\n```python\nx = {n}\n```\n" for n in range(8)))
    chapter = read_chapter(path)
    assert len(chapter.parts) == 8
    runner.start([chapter], log=lambda message: None)[chapter.slug].result(timeout=30)
    assert most[0] == 4


def test_parts_run_longest_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "executions"))
    path = tmp_path / "01-parts.md"
    path.write_text("# T\n\n```python\na = 1\n```\n\n<!--dlp:part-->\n## B\n\n```python\nb = 2\n```\n\n"
                    "<!--dlp:part-->\n## C\n\n```python\nc = 3\n```\n")
    chapter = read_chapter(path)
    (tmp_path / "part-seconds.json").write_text(json.dumps({"01-parts / T": 5.0, "01-parts / B": 50.0}))
    order = [part.number for _, part in runner.schedule([(chapter, part) for part in chapter.parts])]
    assert order == [3, 2, 1]  # never timed first, then by the time taken last


def test_no_path_file_ties_the_environment_to_one_checkout():
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for pth in site_packages.glob("*.pth"):
        for line in pth.read_text().splitlines():
            assert not (Path(line) / "dlp_build").is_dir(), f"{pth} ties this environment to {line}"
    # The build machinery is imported from the checkout the command runs in.
    assert Path(sys.modules["dlp_build"].__file__).resolve().parent == ROOT / "dlp_build"


def test_a_chapter_file_named_otherwise_is_neither_executed_nor_published_silently(tmp_path):
    docs = tmp_path / "docs"
    (docs / "chapters").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "chapters" / "notes.md").write_text("# Notes\n\n```python\nprint('never run')\n```\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: names\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\nhooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n")
    env = {**os.environ, "DLP_CACHE_DIR": str(tmp_path / "cache"), "DLP_EXPECTATIONS": str(tmp_path / "none.toml")}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode != 0
    assert "chapters/notes.md: not a chapter file name" in build.stderr
    assert "it is neither executed nor tested" in build.stderr
