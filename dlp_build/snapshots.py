"""Snapshots of a chapter's outputs, to check that executing it again gives the same outputs.

`python -m dlp_build snapshot 03` executes the chapter afresh and writes tests/snapshots/<slug>.txt
(its outputs as text, as the page shows them) and tests/snapshots/<slug>/figure-N.png.
tests/test_determinism.py executes it again, afresh, and compares with tolerances that hold
across x86-64 CPUs (TensorFlow's oneDNN kernels round differently on different instruction
sets) and still catch a real change:

* text and tracebacks exactly, once numbers and timings are set aside;
* each number within a relative RELATIVE_TOLERANCE, or one unit of its last printed digit,
  whichever is larger; integers exactly;
* figures by pixels: same size, mean absolute difference of the RGB values (0 to 1) below
  PIXEL_TOLERANCE.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dlp_build import ROOT, cache, runner
from dlp_build.chapters import Chapter
from dlp_build.render import shown_outputs
from dlp_build.results import ChapterResult

SNAPSHOTS_DIR = ROOT / "tests" / "snapshots"
TIMING = re.compile(r"\b\d+(?:\.\d+)?(?:ms|us|µs|s)(?:/step)?\b")
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?(?!\w)")
ENVIRONMENT_KEYS = ("python", "tensorflow", "keras", "device")
RELATIVE_TOLERANCE = 1e-3
PIXEL_TOLERANCE = 0.002


@dataclass
class Snapshot:
    text: str  # first line: the environment (JSON); then each block's status and outputs
    figures: list[bytes]  # PNG files, in order of appearance


def take(result: ChapterResult) -> Snapshot:
    """The chapter's outputs as comparable text and figures."""
    environment = {key: result.environment.get(key) for key in ENVIRONMENT_KEYS}
    lines, figures = [json.dumps(environment, sort_keys=True)], []
    for number, fence_result in enumerate(result.fences, start=1):
        lines.append(f"--- block {number}: {fence_result.status}")
        for output in shown_outputs(fence_result.outputs):
            if output.kind == "image":
                figures.append(output.png)
                lines.append(f"[figure-{len(figures)}.png]")
            else:
                lines.append(f"[{output.kind}]\n{TIMING.sub('<time>', output.text)}")
    return Snapshot("\n".join(lines) + "\n", figures)


def execute_afresh(chapter: Chapter) -> ChapterResult:
    """Execute `chapter` in a process of its own, on a temporary output cache: never reads (or
    fills) the real one, and changes nothing in this process."""
    with tempfile.TemporaryDirectory(prefix="dlp-afresh-") as folder:
        root = Path(folder) / "executions"
        env = {**os.environ, "DLP_CACHE_DIR": str(root), "DLP_CHAPTERS_DIR": str(chapter.path.parent), "DLP_FORCE": ""}
        done = subprocess.run(
            [sys.executable, "-m", "dlp_build", "execute", "--force", chapter.slug],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        environment = runner.environment()
        parts = [cache.load(chapter, part, cache.cache_key(chapter, part, environment), True, root) for part in chapter.parts]
    if None in parts:
        raise RuntimeError(f"executing {chapter.name} afresh failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return ChapterResult(chapter.name, parts)  # type: ignore[arg-type]


def path_for(chapter: Chapter) -> Path:
    return SNAPSHOTS_DIR / f"{chapter.slug}.txt"


def read(chapter: Chapter) -> Snapshot:
    figures = sorted(path_for(chapter).with_suffix("").glob("figure-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    return Snapshot(path_for(chapter).read_text(), [figure.read_bytes() for figure in figures])


def write(chapter: Chapter, snapshot: Snapshot) -> Path:
    path = path_for(chapter)
    folder = path.with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("figure-*.png"):
        old.unlink()
    for number, png in enumerate(snapshot.figures, start=1):
        (folder / f"figure-{number}.png").write_bytes(png)
    path.write_text(snapshot.text)
    return path


def environment_of(snapshot: Snapshot) -> dict:
    """What outputs depend on: TensorFlow, Keras, device and Python's minor version (a patch
    release of Python does not change them; a CI runner's Python may be a newer patch)."""
    environment = json.loads(snapshot.text.split("\n", 1)[0])
    environment["python"] = ".".join(str(environment.get("python")).split(".")[:2])
    return environment


def _numbers_match(recorded: str, now: str) -> bool:
    if not any(c in recorded + now for c in ".eE"):
        return recorded == now  # integers: counts, shapes, line numbers
    a, b = float(recorded), float(now)
    unit = max(10.0 ** Decimal(recorded).as_tuple().exponent, 10.0 ** Decimal(now).as_tuple().exponent)
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1.01 * unit)


def _pixels(png: bytes):
    from matplotlib import image

    return image.imread(io.BytesIO(png), format="png")[..., :3]


def differences(recorded: Snapshot, now: Snapshot) -> list[str]:
    """What differs beyond the tolerances, one message per difference (empty: they match)."""
    problems = []
    old_lines, new_lines = recorded.text.split("\n"), now.text.split("\n")
    if len(old_lines) != len(new_lines):
        problems.append(f"{len(old_lines)} lines recorded, {len(new_lines)} now")
    for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
        if NUMBER.sub("#", old) != NUMBER.sub("#", new):
            problems.append(f"line {number}: text differs:\n  recorded: {old}\n  now:      {new}")
        elif not all(map(_numbers_match, NUMBER.findall(old), NUMBER.findall(new))):
            problems.append(f"line {number}: numbers differ beyond tolerance:\n  recorded: {old}\n  now:      {new}")
    if len(recorded.figures) != len(now.figures):
        problems.append(f"{len(recorded.figures)} figures recorded, {len(now.figures)} now")
    for number, (old, new) in enumerate(zip(recorded.figures, now.figures), start=1):
        a, b = _pixels(old), _pixels(new)
        if a.shape != b.shape:
            problems.append(f"figure-{number}.png: size {a.shape[1]}x{a.shape[0]} recorded, {b.shape[1]}x{b.shape[0]} now")
        elif (difference := float(abs(a - b).mean())) > PIXEL_TOLERANCE:
            problems.append(f"figure-{number}.png: mean pixel difference {difference:.4f} > {PIXEL_TOLERANCE}")
    return problems
