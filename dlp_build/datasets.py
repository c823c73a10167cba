"""The dataset layer: where `keras.datasets.*.load_data()` finds its files.

Keras downloads dataset files into `<KERAS_HOME>/datasets/` and checks each against a known
hash. Here, before a chapter's code runs, we:

* point KERAS_HOME at a writable folder of ours (it is read once, when Keras is imported);
* when a loader asks for a file, copy in the exact original from the shared datasets folder
  (hash-checked first), or serve `mnist.npz` from `mnist-arrays.npz` (the same arrays in a
  different container);
* never download when offline (CI, or DLP_OFFLINE=1): a missing file becomes a labelled stand-in
  where one exists, else an error naming the file and how to provide it.

A corrupted file is reported, never used and never deleted (Keras itself would delete it).
`fetch` (`python -m dlp_build datasets --download`) gets every file up front, for CI steps
that may use the network once and then run offline.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from pathlib import Path

from dlp_build import ROOT

# What Keras checks for each file it downloads (64 hex digits: sha256, else md5).
KERAS_HASHES = {
    "boston_housing.npz": "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
    "imdb.npz": "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    "imdb_word_index.json": "bfafd718b763782e994055a2d397834f",
    "mnist.npz": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    "reuters.npz": "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
    "reuters_word_index.json": "4d44cc38712099c9e383dc6e5f11a921",
}
# Real data under another name: Keras file -> (our file, its sha256).
REAL_ARRAYS = {
    "mnist.npz": (
        "mnist-arrays.npz",
        "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64",
    ),
}
DATASET_MODULES = ("boston_housing", "imdb", "mnist", "reuters")

STANDINS_USED: set[str] = set()
"""Keras file names served by a stand-in in this process (reported on the page)."""


class DatasetError(RuntimeError):
    """A dataset file is missing or corrupted."""


def shared_dir() -> Path:
    return Path(os.environ.get("DLP_DATASETS_DIR", ROOT.parent / "shared" / "datasets"))


def keras_home() -> Path:
    return Path(os.environ.get("DLP_KERAS_HOME", ROOT / ".cache" / "keras"))


def flag(name: str) -> bool:
    """True when environment variable `name` is set to something other than '', 0, false or no."""
    return os.environ.get(name, "").lower() not in ("", "0", "false", "no")


def offline() -> bool:
    """True when downloads are off: DLP_OFFLINE decides when set, else being in CI (CI=true)."""
    if "DLP_OFFLINE" in os.environ:
        return flag("DLP_OFFLINE")
    return flag("CI")


def deploy() -> bool:
    """True for a deploy build, which refuses stand-in data."""
    return flag("DLP_DEPLOY")


def file_hash(path: Path, expected: str) -> str:
    """Hash of `path` with the algorithm Keras infers from `expected` (sha256 or md5)."""
    digest = hashlib.sha256() if len(expected) == 64 else hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, expected: str) -> None:
    """Raise DatasetError unless `path` has the expected hash."""
    actual = file_hash(path, expected)
    if actual != expected:
        raise DatasetError(
            f"{path} is corrupted: its hash is {actual}, expected {expected}. "
            f"It was not used. Delete it and provide the original file again."
        )


def fingerprint() -> list[str]:
    """Names of the real data files on hand and the stand-ins' version: part of the cache key.

    A file that appears (copied into the shared folder, or downloaded into KERAS_HOME) changes
    the key, so chapters that ran on a stand-in run again on the real data.
    """
    from dlp_build import standins

    names = set(KERAS_HASHES) | {ours for ours, _ in REAL_ARRAYS.values()}
    on_hand = sorted(name for name in names if on_hand_path(name))
    return [*on_hand, f"standins-v{standins.VERSION}"]


def on_hand_path(name: str) -> Path | None:
    """Where a real data file already is: the shared folder, else the Keras cache (None: nowhere)."""
    for folder in (shared_dir(), keras_home() / "datasets"):
        if (folder / name).exists():
            return folder / name
    return None


def configure_keras_home() -> Path:
    """Set KERAS_HOME (before Keras is imported) and route the dataset loaders through us."""
    home = keras_home()
    (home / "datasets").mkdir(parents=True, exist_ok=True)
    os.environ["KERAS_HOME"] = str(home)
    _hook_keras_loaders()
    return home


def _hook_keras_loaders() -> None:
    """Route the `get_file` calls of keras.datasets through `get_dataset_file`."""
    import importlib

    from keras.src.utils import file_utils

    for module in DATASET_MODULES:
        loader = importlib.import_module(f"keras.src.datasets.{module}")
        loader.get_file = _make_get_file(file_utils.get_file)


def _make_get_file(keras_get_file):
    def get_file(fname=None, origin=None, file_hash=None, **kwargs):
        return get_dataset_file(fname, origin, file_hash, keras_get_file, **kwargs)

    return get_file


def get_dataset_file(fname, origin, expected_hash, keras_get_file, download: bool | None = None, **kwargs) -> str:
    """Path of a Keras dataset file: real copy, cached original, download, or stand-in.

    `download` overrides `offline()` (True: try the network even offline).
    """
    return _locate(fname, origin, expected_hash, keras_get_file, download, **kwargs)[0]


def _locate(fname, origin, expected_hash, keras_get_file, download: bool | None, **kwargs) -> tuple[str, str]:
    """`get_dataset_file`'s path, and where the file came from (what `fetch` reports)."""
    name = os.path.basename(fname)
    if name in REAL_ARRAYS:
        ours, sha256 = REAL_ARRAYS[name]
        if (shared_dir() / ours).exists():
            check_file(shared_dir() / ours, sha256)
            return str(shared_dir() / ours), f"real, served from {shared_dir() / ours}"
    cached = keras_home() / "datasets" / name
    expected_hash = expected_hash or KERAS_HASHES.get(name)
    shared = shared_dir() / name
    source = "real, already cached"
    if not cached.exists() and shared.exists() and name in KERAS_HASHES:
        check_file(shared, KERAS_HASHES[name])
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared, cached)
        source = f"real, copied from {shared_dir()}"
    if cached.exists():
        if expected_hash:
            check_file(cached, expected_hash)
        return keras_get_file(fname, origin, file_hash=expected_hash, **kwargs), source
    if download is None:
        download, why = not offline(), "this build is offline (DLP_OFFLINE=1, or CI is set)"
    else:
        why = "no download was asked for"
    if download:
        progress = io.StringIO()  # Keras's download messages: shown only if it succeeds
        try:
            with contextlib.redirect_stdout(progress):
                path = keras_get_file(fname, origin, file_hash=expected_hash, **kwargs)
            print(progress.getvalue(), end="")
            return path, "real, downloaded"
        except Exception as error:  # no network: fall back to a stand-in, or explain
            why = f"the download failed ({type(error).__name__})"
    from dlp_build import standins

    if name in standins.BUILDERS and not deploy():
        STANDINS_USED.add(name)
        return str(standins.build(name, keras_home() / "standins")), "stand-in"
    refused = " (a deploy build refuses stand-ins)" if name in standins.BUILDERS else ""
    raise DatasetError(
        f"Dataset file {name} is missing: it is not in {cached.parent} and {why}{refused}. "
        f"Provide it by copying the original {name} from {origin} into {shared_dir()} "
        f"(or into {cached.parent}), or download it with internet access: "
        f"`python -m dlp_build datasets --download`."
    )


# Every file the chapters' loaders ask for, from Keras's own storage (see keras.src.datasets).
ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def fetch(download: bool) -> dict[str, str]:
    """Make each dataset file available to Keras; return file name -> where it comes from.

    With `download`, a file that is neither shared nor cached is downloaded (Keras checks its
    hash), even offline; without, it becomes a stand-in where one exists. A file that cannot be
    had is reported as missing, with the reason.
    """
    configure_keras_home()  # before Keras is imported
    from keras.src.utils import file_utils

    sources: dict[str, str] = {}
    for name, expected in KERAS_HASHES.items():
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                sources[name] = _locate(name, ORIGIN + name, expected, file_utils.get_file, download)[1]
        except DatasetError as error:
            sources[name] = f"missing: {error}"
    return sources
