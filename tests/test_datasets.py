"""The dataset layer, in fresh Python processes (Keras reads KERAS_HOME once, at import)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import fresh_python

from dlp_build import datasets

SHARED = datasets.shared_dir()
needs_shared = pytest.mark.skipif(not (SHARED / "boston_housing.npz").exists(), reason="no shared datasets")


def run(code: str, tmp_path: Path, shared: Path, **env: str) -> dict:
    """Run `code` in a fresh interpreter after configuring the dataset layer offline."""
    script = "import json\nfrom dlp_build import datasets\ndatasets.configure_keras_home()\n" + code
    return fresh_python(
        script, DLP_KERAS_HOME=str(tmp_path / "keras"), DLP_DATASETS_DIR=str(shared), DLP_OFFLINE="1", **env
    )


CATCH = """
try:
    {call}
    print(json.dumps({{"error": None}}))
except datasets.DatasetError as error:
    print(json.dumps({{"error": str(error)}}))
"""


@needs_shared
def test_real_files_are_served_offline(tmp_path):
    out = run(
        "import keras\n"
        "(x, y), (xt, yt) = keras.datasets.boston_housing.load_data()\n"
        "(mx, my), (mxt, myt) = keras.datasets.mnist.load_data()\n"
        "index = keras.datasets.imdb.get_word_index()\n"
        "print(json.dumps({'boston': [x.shape, xt.shape, y[:3].tolist()], 'mnist': [mx.shape, mxt.shape, "
        "my[:10].tolist(), str(mx.dtype)], 'the': index['the'], 'standins': sorted(datasets.STANDINS_USED)}))",
        tmp_path,
        SHARED,
    )
    assert out["boston"] == [[404, 13], [102, 13], [15.2, 42.3, 50.0]]
    assert out["mnist"] == [[60000, 28, 28], [10000, 28, 28], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4], "uint8"]
    assert out["the"] == 1 and out["standins"] == []
    assert not (tmp_path / "keras" / "datasets" / "mnist.npz").exists()  # never under Keras's name


def test_missing_file_offline_names_it_and_how_to_provide_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = run("import keras\n" + CATCH.format(call="keras.datasets.boston_housing.load_data()"), tmp_path, empty)
    assert "boston_housing.npz is missing" in out["error"]
    assert "offline" in out["error"] and "Provide it by copying" in out["error"]


@needs_shared
def test_corrupted_cached_file_is_reported_and_kept(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    cached = tmp_path / "keras" / "datasets" / "boston_housing.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes((SHARED / "boston_housing.npz").read_bytes()[:-10] + b"0123456789")
    out = run("import keras\n" + CATCH.format(call="keras.datasets.boston_housing.load_data()"), tmp_path, empty)
    assert "is corrupted" in out["error"] and "It was not used" in out["error"]
    assert cached.exists()  # Keras would have deleted it


@needs_shared
def test_corrupted_shared_copy_is_refused_when_a_chapter_asks_for_it(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(SHARED / "imdb_word_index.json", shared / "imdb_word_index.json")
    with open(shared / "imdb_word_index.json", "ab") as handle:
        handle.write(b" ")
    out = run("import keras\n" + CATCH.format(call="keras.datasets.imdb.get_word_index()"), tmp_path, shared)
    assert "imdb_word_index.json is corrupted" in out["error"]
    assert not (tmp_path / "keras" / "datasets" / "imdb_word_index.json").exists()


def test_offline_is_dlp_offline_when_set_else_ci(monkeypatch):
    monkeypatch.delenv("DLP_OFFLINE", raising=False)
    monkeypatch.setenv("CI", "true")
    assert datasets.offline()
    monkeypatch.setenv("DLP_OFFLINE", "0")  # a CI step that may download
    assert not datasets.offline()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("DLP_OFFLINE", "1")
    assert datasets.offline()


def test_fingerprint_changes_when_a_real_file_arrives(tmp_path, monkeypatch):
    monkeypatch.setenv("DLP_DATASETS_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("DLP_KERAS_HOME", str(tmp_path / "keras"))
    before = datasets.fingerprint()
    (tmp_path / "keras" / "datasets").mkdir(parents=True)
    (tmp_path / "keras" / "datasets" / "imdb.npz").write_bytes(b"downloaded")
    assert "imdb.npz" in datasets.fingerprint() and "imdb.npz" not in before


FETCH = "print(json.dumps(datasets.fetch(download={download})))"


@needs_shared
def test_fetch_downloads_what_is_missing_even_offline(tmp_path):
    mirror = tmp_path / "mirror"  # stands for Keras's storage bucket: a file:// origin
    mirror.mkdir()
    shutil.copy(SHARED / "boston_housing.npz", mirror / "boston_housing.npz")
    empty = tmp_path / "empty"
    empty.mkdir()
    code = f"datasets.ORIGIN = {mirror.as_uri() + '/'!r}\n" + FETCH.format(download=True)
    sources = run(code, tmp_path, empty)
    assert sources["boston_housing.npz"] == "real, downloaded"
    assert (tmp_path / "keras" / "datasets" / "boston_housing.npz").exists()
    assert sources["imdb.npz"] == "stand-in"  # not in the mirror: the labelled stand-in
    assert sources["mnist.npz"].startswith("missing: Dataset file mnist.npz is missing")


@needs_shared
def test_fetch_for_a_deploy_counts_standins_as_missing(tmp_path):
    sources = run(FETCH.format(download=False), tmp_path, SHARED, DLP_DEPLOY="1")
    assert sources["boston_housing.npz"] == f"real, copied from {SHARED}"
    assert sources["mnist.npz"] == f"real, served from {SHARED / 'mnist-arrays.npz'}"
    if not (SHARED / "reuters.npz").exists():
        assert "a deploy build refuses stand-ins" in sources["reuters.npz"]
