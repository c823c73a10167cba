"""The stand-in datasets (dlp_build/standins.py): real format, real sizes, learnable, labelled.

The builders are checked directly, then through the real `keras.datasets` loaders with the
dataset layer offline, in a subprocess (KERAS_HOME must be set before Keras is imported). No
model is trained here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import fresh_python

from dlp_build import datasets, standins
from dlp_build.datasets import DatasetError

STANDIN_NAMES = ("imdb.npz", "reuters.npz", "reuters_word_index.json")
REAL_IMDB_INDEX = datasets.shared_dir() / "imdb_word_index.json"


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an .npz file (Keras's own restricted reader is exercised in the subprocess)."""
    with np.load(path, allow_pickle=True) as data:
        return {name: data[name] for name in data.files}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each stand-in, built once through `standins.build`."""
    folder = tmp_path_factory.mktemp("standins")
    return {name: standins.build(name, folder) for name in STANDIN_NAMES}


def test_builders_cover_the_missing_files():
    assert set(standins.BUILDERS) == set(STANDIN_NAMES)
    assert set(standins.BUILDERS) <= set(datasets.KERAS_HASHES)


def test_standins_never_take_an_original_name(built):
    for name, path in built.items():
        assert path.name == f"standin-{name}"
        assert not (path.parent / name).exists()
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".partial")]
    assert leftovers == []


def test_build_reuses_a_current_standin_and_rebuilds_an_old_one(tmp_path, monkeypatch):
    calls = []

    def builder(path: Path) -> None:
        calls.append(path)
        path.write_text("stand-in")

    monkeypatch.setitem(standins.BUILDERS, "toy.json", builder)
    first = standins.build("toy.json", tmp_path)
    assert standins.build("toy.json", tmp_path) == first and len(calls) == 1
    monkeypatch.setattr(standins, "VERSION", standins.VERSION + "-next")
    standins.build("toy.json", tmp_path)
    assert len(calls) == 2


def test_imdb_format_and_sizes(built):
    arrays = read_npz(built["imdb.npz"])
    assert sorted(arrays) == ["x_test", "x_train", "y_test", "y_train"]
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        assert x.dtype == object and x.shape == (25_000,)
        assert y.dtype == np.int64 and y.shape == (25_000,)
        assert np.bincount(y).tolist() == [12_500, 12_500]
        assert all(type(review) is list for review in x[:100])
        assert all(type(index) is int for index in x[0])
        lengths = np.array([len(review) for review in x])
        assert 200 < lengths.mean() < 270 and lengths.min() >= 5 and lengths.max() < 2500
        flat = np.concatenate([np.asarray(review) for review in x])
        # Stored indices are the real word index's values: 1 = "the", no padding, no offset.
        assert flat.min() >= 1 and flat.max() <= standins.IMDB_VOCABULARY


def test_imdb_frequency_ranks_hold(built):
    x = read_npz(built["imdb.npz"])["x_train"]
    counts = np.bincount(np.concatenate([np.asarray(r) for r in x[:5000]]), minlength=20)
    assert counts[1] == counts[1:].max()  # "the" is the most frequent word
    assert (counts[1:6] > counts[1000]).all()


@pytest.mark.skipif(not REAL_IMDB_INDEX.exists(), reason="needs the real imdb_word_index.json")
def test_imdb_labels_are_learnable_from_sentiment_words(built):
    arrays = read_npz(built["imdb.npz"])
    word_index = json.loads(REAL_IMDB_INDEX.read_text())
    good, bad = word_index["excellent"], word_index["worst"]
    x, y = arrays["x_train"], arrays["y_train"]
    good_share = np.array([sum(w == good for w in r) - sum(w == bad for w in r) for r in x[:4000]])
    positive = y[:4000] == 1
    assert good_share[positive].mean() > 0 > good_share[~positive].mean()


def test_reuters_format_sizes_and_word_index(built):
    arrays = read_npz(built["reuters.npz"])
    assert sorted(arrays) == ["x", "y"]
    x, y = arrays["x"], arrays["y"]
    assert x.dtype == object and x.shape == (11_228,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [
        a + b for a, b in zip(standins.REUTERS_TRAIN_COUNTS, standins.REUTERS_TEST_COUNTS)
    ]
    lengths = np.array([len(wire) for wire in x])
    assert 125 < lengths.mean() < 165
    word_index = json.loads(built["reuters_word_index.json"].read_text())
    assert len(word_index) == standins.REUTERS_VOCABULARY
    assert sorted(word_index.values()) == list(range(1, standins.REUTERS_VOCABULARY + 1))
    assert all(word.isascii() and word.isalnum() and (word.islower() or word.isdigit())
               for word in word_index)
    flat = np.concatenate([np.asarray(wire) for wire in x])
    assert flat.min() >= 1 and flat.max() <= standins.REUTERS_VOCABULARY
    # Indexed by frequency, like the original: index 1 is the most frequent word, and so on.
    counts = np.bincount(flat, minlength=standins.REUTERS_VOCABULARY + 1)[1:]
    assert (np.diff(counts) <= 0).all()


def test_reuters_is_deterministic():
    standins.reuters_corpus.cache_clear()
    first = standins.reuters_corpus()
    standins.reuters_corpus.cache_clear()
    second = standins.reuters_corpus()
    assert first[0] == second[0]
    assert (first[2] == second[2]).all() and all(a == b for a, b in zip(first[1], second[1]))


def test_deploy_refuses_standins(tmp_path, monkeypatch):
    monkeypatch.setenv("DLP_OFFLINE", "1")
    monkeypatch.setenv("DLP_DEPLOY", "1")
    monkeypatch.setenv("DLP_KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(datasets, "STANDINS_USED", set())

    def no_download(*args, **kwargs):
        raise AssertionError("must not download")

    for name in STANDIN_NAMES:
        with pytest.raises(DatasetError, match=rf"{name} is missing.*refuses stand-ins"):
            datasets.get_dataset_file(name, f"https://example.invalid/{name}", None, no_download)
    assert datasets.STANDINS_USED == set()
    assert not (tmp_path / "standins").exists()


# Through the real Keras loaders, offline, in a fresh interpreter.
LOADER_SCRIPT = textwrap.dedent(
    """
    import json, os
    from dlp_build import datasets
    datasets.configure_keras_home()
    import keras
    import numpy as np

    out = {}
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
    word_index = keras.datasets.imdb.get_word_index()
    reverse = {i: w for w, i in word_index.items()}
    out["imdb"] = {
        "sizes": [len(x_train), len(y_train), len(x_test), len(y_test)],
        "labels": [np.bincount(y_train).tolist(), np.bincount(y_test).tolist()],
        "starts": sorted({int(s[0]) for s in x_train} | {int(s[0]) for s in x_test}),
        "max": int(max(max(s) for s in x_train)),
        "min": int(min(min(s[1:]) for s in x_train)),
        "oov_share": float(np.mean([w == 2 for w in x_train[0]])),
        "decoded": [reverse.get(i - 3, "?") for i in x_train[0]],
    }
    (x_raw, _), _ = keras.datasets.imdb.load_data()  # every word, no num_words cut
    out["imdb"]["max_all"] = int(max(max(s) for s in x_raw))
    (x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=10000)
    reuters_index = keras.datasets.reuters.get_word_index()
    reverse = {i: w for w, i in reuters_index.items()}
    out["reuters"] = {
        "sizes": [len(x_train), len(y_train), len(x_test), len(y_test)],
        "train_counts": np.bincount(y_train, minlength=46).tolist(),
        "test_counts": np.bincount(y_test, minlength=46).tolist(),
        "starts": sorted({int(s[0]) for s in x_train}),
        "max": int(max(max(s) for s in x_train)),
        "decoded": [reverse.get(i - 3, "?") for i in x_train[10]],
        "index_size": len(reuters_index),
        "labels": len(keras.datasets.reuters.get_label_names()),
    }
    out["used"] = sorted(datasets.STANDINS_USED)
    out["cache"] = sorted(os.listdir(datasets.keras_home() / "datasets"))
    os.environ["DLP_DEPLOY"] = "1"  # read at each call: a deploy build refuses stand-ins
    out["deploy"] = {}
    for name, load in [
        ("imdb.npz", keras.datasets.imdb.load_data),
        ("reuters.npz", keras.datasets.reuters.load_data),
        ("reuters_word_index.json", keras.datasets.reuters.get_word_index),
    ]:
        try:
            load()
            out["deploy"][name] = None
        except datasets.DatasetError as error:
            out["deploy"][name] = str(error)
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def through_keras(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("keras-home")
    return fresh_python(LOADER_SCRIPT, DLP_OFFLINE="1", DLP_KERAS_HOME=str(home), DLP_DEPLOY="")


def test_imdb_through_keras(through_keras):
    imdb = through_keras["imdb"]
    assert imdb["sizes"] == [25_000] * 4
    assert imdb["labels"] == [[12_500, 12_500]] * 2
    assert imdb["starts"] == [1]  # start_char
    assert imdb["max"] == 9999 and imdb["min"] >= 2  # num_words=10000 cut, oov_char = 2
    assert imdb["max_all"] > 50_000
    assert 0 < imdb["oov_share"] < 0.3


@pytest.mark.skipif(not REAL_IMDB_INDEX.exists(), reason="needs the real imdb_word_index.json")
def test_imdb_reviews_decode_to_words(through_keras):
    decoded = through_keras["imdb"]["decoded"]
    assert decoded[0] == "?"  # the start marker has no word
    words = [w for w in decoded[1:] if w != "?"]
    assert len(words) > 0.7 * len(decoded[1:])
    assert all(any(c.isalpha() for c in w) or w.isdigit() for w in words)


def test_reuters_through_keras(through_keras):
    reuters = through_keras["reuters"]
    assert reuters["sizes"] == [8982, 8982, 2246, 2246]
    assert reuters["train_counts"] == list(standins.REUTERS_TRAIN_COUNTS)
    assert reuters["test_counts"] == list(standins.REUTERS_TEST_COUNTS)
    assert max(reuters["train_counts"]) / 8982 == pytest.approx(0.3517, abs=1e-4)
    assert reuters["labels"] == 46 and reuters["index_size"] == standins.REUTERS_VOCABULARY
    assert reuters["starts"] == [1] and reuters["max"] == 9999
    words = [w for w in reuters["decoded"][1:] if w != "?"]
    assert words and all(w.isalnum() for w in words)


def test_standins_are_reported_and_never_cached_under_original_names(through_keras):
    assert through_keras["used"] == sorted(STANDIN_NAMES)
    assert not set(STANDIN_NAMES) & set(through_keras["cache"])


def test_deploy_refuses_standins_through_keras(through_keras):
    for name, message in through_keras["deploy"].items():
        assert message is not None, f"a deploy build loaded the stand-in of {name}"
        assert f"Dataset file {name} is missing" in message and "refuses stand-ins" in message
