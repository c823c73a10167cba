"""Stand-in datasets for files that cannot be downloaded here (none needed yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

BUILDERS: dict[str, Callable[[Path], None]] = {}
"""Keras file name -> function writing a stand-in of the same format to the given path."""


def build(name: str, directory: Path) -> Path:
    """Path of the stand-in for `name`, written on first use (never under the original name)."""
    path = directory / f"standin-{name}"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        BUILDERS[name](partial)
        partial.rename(path)
    return path
