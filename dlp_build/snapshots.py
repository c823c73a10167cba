"""Snapshots of a chapter's outputs, to check that executing it again gives the same outputs.

`python -m dlp_build snapshot 03` writes tests/snapshots/<slug>.txt from the chapter's cached
execution; tests/test_determinism.py compares a later, separate execution with it. Timings
("1s 2ms/step") are masked; everything else must match: printed values, training logs, tracebacks,
and each figure's bytes (by hash).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from dlp_build import ROOT, cache
from dlp_build.chapters import Chapter
from dlp_build.results import ChapterResult

SNAPSHOTS_DIR = ROOT / "tests" / "snapshots"
TIMING = re.compile(r"\b\d+(?:\.\d+)?(?:ms|us|µs|s)(?:/step)?\b")
ENVIRONMENT_KEYS = ("python", "tensorflow", "keras", "device")


def render(chapter: Chapter, result: ChapterResult) -> str:
    """The chapter's outputs as comparable text."""
    entry = cache.entry_dir(chapter, result.key)
    environment = {key: result.environment.get(key) for key in ENVIRONMENT_KEYS}
    lines = [json.dumps(environment, sort_keys=True)]
    for number, fence_result in enumerate(result.fences, start=1):
        lines.append(f"--- block {number}: {fence_result.status}")
        for output in fence_result.outputs:
            if output.kind == "image":
                digest = hashlib.sha256((entry / output.image).read_bytes()).hexdigest()
                lines.append(f"[figure sha256 {digest}]")
            else:
                lines.append(f"[{output.kind}]\n{TIMING.sub('<time>', output.text)}")
    return "\n".join(lines) + "\n"


def path_for(chapter: Chapter) -> Path:
    return SNAPSHOTS_DIR / f"{chapter.slug}.txt"


def environment_of(snapshot: str) -> dict:
    """What outputs depend on: TensorFlow, Keras, device and Python's minor version (a patch
    release of Python does not change them; a CI runner's Python may be a newer patch)."""
    environment = json.loads(snapshot.split("\n", 1)[0])
    environment["python"] = ".".join(str(environment.get("python")).split(".")[:2])
    return environment


def write(chapter: Chapter, result: ChapterResult) -> Path:
    SNAPSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = path_for(chapter)
    path.write_text(render(chapter, result))
    return path
