"""The output cache: what its key depends on, that entries appear whole or not at all, and that
an entry that cannot be read back whole is a miss."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from dlp_build import cache, environment
from dlp_build.chapters import read_chapter
from dlp_build.results import OK, FenceResult, PartResult

ENV = {"python": "3.12.1", "tensorflow": "2.21.0", "keras": "3.15.1", "device": "CPU"}
PAGE = "# T\n\nSome prose.\n\n```python\nprint(1)\n```\n"
TWO_PARTS = PAGE + "\n<!--dlp:part-->\n## Second\n\n```python\nprint(2)\n```\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DLP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def chapter(tmp_path: Path, text: str):
    path = tmp_path / "01-sample.md"
    path.write_text(text)
    return read_chapter(path)


def result(key: str) -> PartResult:
    outputs = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    return PartResult(key, [FenceResult(OK, outputs, 0.1)], {"x": {"value": 1}}, dict(ENV), "2026-11-23T00:00:00", 1.0)


def test_key_ignores_prose_but_not_code_markers_or_environment(tmp_path):
    sample = chapter(tmp_path, PAGE)
    key = cache.cache_key(sample, sample.parts[0], ENV)
    other = chapter(tmp_path, PAGE.replace("Some prose.", "Other words.\n\nMore."))
    assert cache.cache_key(other, other.parts[0], ENV) == key
    for text in (PAGE.replace("print(1)", "print(2)"),
                 PAGE.replace("```python", "<!--pytest.mark.xfail(raises=ValueError, strict=True)-->\n```python")):
        changed = chapter(tmp_path, text)
        assert cache.cache_key(changed, changed.parts[0], ENV) != key
    assert cache.cache_key(sample, sample.parts[0], {**ENV, "device": "GPU"}) != key
    assert cache.cache_key(sample, sample.parts[0], {**ENV, "tensorflow": "2.22.0"}) != key


def test_each_part_has_its_own_key(tmp_path):
    sample = chapter(tmp_path, TWO_PARTS)
    first, second = (cache.cache_key(sample, part, ENV) for part in sample.parts)
    edited = chapter(tmp_path, TWO_PARTS.replace("print(2)", "print(3)"))
    assert cache.cache_key(edited, edited.parts[0], ENV) == first  # editing part 2 keeps part 1 cached
    assert cache.cache_key(edited, edited.parts[1], ENV) != second


def test_store_then_load_round_trips_and_replaces_older_entries(tmp_path, cache_dir):
    sample = chapter(tmp_path, PAGE)
    part = sample.parts[0]
    cache.store(sample, part, result("aaaa"), {"aaaa"})
    entry = cache.store(sample, part, result("bbbb"), {"bbbb"})
    assert cache.load(sample, part, "bbbb") == result("bbbb")
    assert cache.load(sample, part, "aaaa") is None
    assert [p.name for p in entry.parent.iterdir()] == ["bbbb.ipynb"]
    assert "".join(json.loads(entry.read_text())["cells"][0]["outputs"][0]["text"]) == "1\n"  # raw, as produced


def test_interrupted_write_is_never_read_back(tmp_path, cache_dir, monkeypatch):
    sample = chapter(tmp_path, PAGE)

    def crash(*args):
        raise KeyboardInterrupt  # the build is interrupted while the entry is being written

    monkeypatch.setattr(cache.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        cache.store(sample, sample.parts[0], result("cccc"), {"cccc"})
    assert cache.load(sample, sample.parts[0], "cccc") is None  # only a .tmp file exists
    assert all(p.suffix == ".tmp" for p in (cache_dir / "01-sample").iterdir())


def test_another_process_in_flight_file_is_kept(tmp_path, cache_dir):
    sample = chapter(tmp_path, PAGE)
    folder = cache_dir / "01-sample"
    folder.mkdir(parents=True)
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        alive = folder / f".dddd.{sleeper.pid}.x1.tmp"
        alive.write_text("being written")
        dead = folder / ".eeee.999999999.x2.tmp"
        dead.write_text("left by a crash")
        cache.store(sample, sample.parts[0], result("ffff"), {"ffff"})
        assert alive.exists() and not dead.exists()
    finally:
        sleeper.kill()


@pytest.mark.parametrize("damage", ["truncate", "bad-json", "fewer-blocks", "other-code", "text-int", "traceback-null", "probes-list"])
def test_a_damaged_entry_is_a_miss_naming_its_file(tmp_path, cache_dir, damage, caplog):
    sample = chapter(tmp_path, PAGE)
    entry = cache.store(sample, sample.parts[0], result("gggg"), {"gggg"})
    text = entry.read_text()
    notebook = json.loads(text)
    if damage == "truncate":
        entry.write_text(text[: len(text) // 2])
    elif damage == "bad-json":
        entry.write_text("{not json")
    elif damage == "fewer-blocks":
        notebook["cells"] = []
        entry.write_text(json.dumps(notebook))
    elif damage == "other-code":
        notebook["cells"][0]["source"] = "print('edited')"
        entry.write_text(json.dumps(notebook))
    elif damage == "text-int":  # parses, but the renderer would crash on it
        notebook["cells"][0]["outputs"][0]["text"] = 7
        entry.write_text(json.dumps(notebook))
    elif damage == "traceback-null":
        notebook["cells"][0]["outputs"] = [{"output_type": "error", "ename": "E", "evalue": "", "traceback": None}]
        entry.write_text(json.dumps(notebook))
    else:
        notebook["metadata"]["dlp"]["probes"] = [1]
        entry.write_text(json.dumps(notebook))
    assert cache.load(sample, sample.parts[0], "gggg") is None
    assert str(entry) in caplog.text


def test_gpu_device_class_needs_a_gpu_and_a_cuda_tensorflow(monkeypatch):
    listing = subprocess.CompletedProcess([], 0, "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)\n", "")
    monkeypatch.setattr(environment.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    monkeypatch.setattr(environment.subprocess, "run", lambda *args, **kwargs: listing)
    monkeypatch.setattr(environment, "package_version", lambda *names: "absent")  # tensorflow-cpu
    assert environment.device_class() == "CPU"
    monkeypatch.setattr(environment, "package_version", lambda *names: "9.28.0.42")  # nvidia-cudnn-cu12
    assert environment.device_class() == "GPU"
    assert environment.gpu_names() == ["NVIDIA H100 80GB HBM3"]
    monkeypatch.setattr(environment.shutil, "which", lambda name: None)  # no NVIDIA driver
    assert environment.device_class() == "CPU"
