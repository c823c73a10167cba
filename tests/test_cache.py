"""The output cache: what its key depends on, and that entries appear whole or not at all."""

import subprocess
from pathlib import Path

import pytest

from dlp_build import cache, environment
from dlp_build.chapters import read_chapter
from dlp_build.results import OK, ChapterResult, FenceResult, Output

ENV = {"python": "3.12.1", "tensorflow": "2.21.0", "keras": "3.15.1", "device": "CPU"}
PAGE = "# T\n\nSome prose.\n\n```python\nprint(1)\n```\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def chapter(tmp_path: Path, text: str):
    path = tmp_path / "01-sample.md"
    path.write_text(text)
    return read_chapter(path)


def result(key: str) -> ChapterResult:
    fence = FenceResult(OK, [Output("text", "1"), Output("image", image="f00-0.png")], 0.1)
    return ChapterResult("docs/chapters/01-sample.md", key, [fence], {}, dict(ENV), "2026-11-23T00:00:00", 1.0)


def test_key_ignores_prose_but_not_code_markers_or_environment(tmp_path):
    key = cache.cache_key(chapter(tmp_path, PAGE), ENV)
    assert cache.cache_key(chapter(tmp_path, PAGE.replace("Some prose.", "Other words.\n\nMore.")), ENV) == key
    assert cache.cache_key(chapter(tmp_path, PAGE.replace("print(1)", "print(2)")), ENV) != key
    marked = PAGE.replace("```python", "<!--pytest.mark.xfail(raises=ValueError, strict=True)-->\n```python")
    assert cache.cache_key(chapter(tmp_path, marked), ENV) != key
    assert cache.cache_key(chapter(tmp_path, PAGE), {**ENV, "device": "GPU"}) != key
    assert cache.cache_key(chapter(tmp_path, PAGE), {**ENV, "tensorflow": "2.22.0"}) != key


def test_store_then_load_round_trips_and_replaces_older_entries(tmp_path, cache_dir):
    sample = chapter(tmp_path, PAGE)
    cache.store(sample, result("aaaa"), {"f00-0.png": b"png"})
    entry = cache.store(sample, result("bbbb"), {"f00-0.png": b"png2"})
    assert cache.load(sample, "bbbb") == result("bbbb")
    assert (entry / "f00-0.png").read_bytes() == b"png2"
    assert cache.load(sample, "aaaa") is None
    assert [p.name for p in cache_dir.iterdir()] == ["01-sample-bbbb"]


def test_interrupted_write_is_never_read_back(tmp_path, cache_dir, monkeypatch):
    sample = chapter(tmp_path, PAGE)

    def crash(*args):
        raise KeyboardInterrupt  # the build is interrupted while the entry is being written

    monkeypatch.setattr(cache.os, "rename", crash)
    with pytest.raises(KeyboardInterrupt):
        cache.store(sample, result("cccc"), {"f00-0.png": b"png"})
    assert cache.load(sample, "cccc") is None  # only a .partial-* folder exists
    assert all(p.name.startswith(".partial-") for p in cache_dir.iterdir())


def test_gpu_device_class_needs_a_gpu_and_a_cuda_tensorflow(monkeypatch):
    listing = subprocess.CompletedProcess([], 0, "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)\n", "")
    monkeypatch.setattr(environment.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    monkeypatch.setattr(environment.subprocess, "run", lambda *args, **kwargs: listing)
    monkeypatch.setattr(environment, "package_version", lambda *names: "absent")  # tensorflow-cpu
    assert environment.device_class() == "CPU"
    monkeypatch.setattr(environment, "package_version", lambda *names: "9.28.0.42")  # nvidia-cudnn-cu12
    assert environment.device_class() == "GPU"
    monkeypatch.setattr(environment.shutil, "which", lambda name: None)  # no NVIDIA driver
    assert environment.device_class() == "CPU"
