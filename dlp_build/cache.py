"""The output cache: one folder per executed chapter, keyed on its code and environment.

    .cache/executions/<slug>-<key>/result.json   fence outputs, probe values, environment
    .cache/executions/<slug>-<key>/*.png         figures

An entry is written to a temporary folder and renamed into place, so an interrupted run never
leaves a half-written entry that could be read back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from dlp_build import ROOT
from dlp_build.chapters import Chapter
from dlp_build.results import ChapterResult

FORMAT_VERSION = 2  # bump when what an entry holds, or how it is produced, changes


def cache_dir() -> Path:
    return Path(os.environ.get("DLP_CACHE_DIR", ROOT / ".cache" / "executions"))


def cache_key(chapter: Chapter, environment: dict) -> str:
    """Hash of the chapter's fences (code and markers, not prose) and the environment."""
    material = {
        "format": FORMAT_VERSION,
        "environment": environment,
        "fences": [[f.code, f.raises, f.skip] for f in chapter.fences],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def entry_dir(chapter: Chapter, key: str) -> Path:
    return cache_dir() / f"{chapter.slug}-{key}"


def load(chapter: Chapter, key: str) -> ChapterResult | None:
    """The cached result for this chapter and key, or None."""
    path = entry_dir(chapter, key) / "result.json"
    if not path.exists():
        return None
    return ChapterResult.from_json(json.loads(path.read_text()))


def store(chapter: Chapter, result: ChapterResult, images: dict[str, bytes]) -> Path:
    """Write an entry atomically and drop older entries of the same chapter."""
    final = entry_dir(chapter, result.key)
    cache_dir().mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".partial-{chapter.slug}-", dir=cache_dir()))
    for name, data in images.items():
        (partial / name).write_bytes(data)
    (partial / "result.json").write_text(json.dumps(result.to_json(), indent=1))
    if final.exists():
        shutil.rmtree(final)
    os.rename(partial, final)
    # Older entries of this chapter, and leftovers of interrupted writes, are not needed anymore.
    for old in [*cache_dir().glob(f"{chapter.slug}-*"), *cache_dir().glob(f".partial-{chapter.slug}-*")]:
        if old != final and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return final
