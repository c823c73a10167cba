"""The output cache: one executed notebook per chapter part, keyed on its code and environment.

    .cache/executions/<slug>/<key>.ipynb

The notebook is what the kernel produced: raw outputs (streams with progress bars, base64
images, errors with full tracebacks), and in its metadata each block's status and seconds, the
probe values and the environment. Cleaning for the page happens when rendering.

An entry is written to a temporary file and renamed into place, so an interrupted run never
leaves a half-written entry. A file that cannot be read back whole (bad JSON, wrong format,
other blocks than the part's) is a cache miss, logged with its path. A run that failed for a
reason outside the code (PartResult.infrastructure) is stored too, but read back only by a
cache-only build (DLP_REQUIRE_CACHE), which reports it instead of executing: any other run
executes such a part again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from dlp_build import ROOT
from dlp_build.chapters import Chapter, Part
from dlp_build.results import STATUSES, FenceResult, PartResult

FORMAT_VERSION = 5  # bump when what an entry holds, or how it is produced, changes
# What runs in the kernel around the reader's code (start-up, figure facts, probes) shapes every
# entry: a change to it is a change of format.
KERNEL_CODE = hashlib.sha256((ROOT / "dlp_build" / "in_kernel.py").read_bytes()).hexdigest()[:16]
log = logging.getLogger("mkdocs.plugins.dlp_build")


def cache_dir() -> Path:
    return Path(os.environ.get("DLP_CACHE_DIR", ROOT / ".cache" / "executions"))


def cache_key(chapter: Chapter, part: Part, environment: dict) -> str:
    """Hash of the part's fences (code and markers, not prose) and the environment."""
    fences = [chapter.fences[i] for i in part.indices]
    material = {
        "format": FORMAT_VERSION,
        "kernel": KERNEL_CODE,
        "environment": environment,
        "fences": [[f.code, f.raises, f.strict, f.skip] for f in fences],
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def entry_path(chapter: Chapter, key: str, root: Path | None = None) -> Path:
    """Where a part's entry lives (`root`: another cache folder than cache_dir())."""
    return (root or cache_dir()) / chapter.slug / f"{key}.ipynb"


def to_notebook(chapter: Chapter, part: Part, result: PartResult) -> nbformat.NotebookNode:
    """The part's executed notebook: code cells with raw outputs, our facts in metadata."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["dlp"] = {
        "format": FORMAT_VERSION,
        "chapter": chapter.name,
        "part": part.number,
        "key": result.key,
        "probes": result.probes,
        "environment": result.environment,
        "executed_at": result.executed_at,
        "wall_seconds": result.wall_seconds,
        "infrastructure": result.infrastructure,
    }
    for index, fence_result in zip(part.indices, result.fences):
        fence = chapter.fences[index]
        cell = nbformat.v4.new_code_cell(fence.code)
        cell.outputs = [nbformat.from_dict(output) for output in fence_result.outputs]
        cell.metadata["dlp"] = {"line": fence.line, "status": fence_result.status, "seconds": fence_result.seconds}
        nb.cells.append(cell)
    return nb


def from_notebook(chapter: Chapter, part: Part, nb: nbformat.NotebookNode) -> PartResult:
    """The PartResult an entry holds; ValueError when it does not match the part exactly."""
    facts = nb.metadata.get("dlp", {})
    if facts.get("format") != FORMAT_VERSION:
        raise ValueError(f"format {facts.get('format')}, expected {FORMAT_VERSION}")
    if len(nb.cells) != len(part.indices):
        raise ValueError(f"{len(nb.cells)} blocks, the part has {len(part.indices)}")
    fences = []
    for index, cell in zip(part.indices, nb.cells):
        meta = cell.metadata.get("dlp", {})
        if cell.source != chapter.fences[index].code or meta.get("status") not in STATUSES:
            raise ValueError(f"the block at line {chapter.fences[index].line} does not match")
        for output in cell.outputs:
            _check_output(output)
        fences.append(FenceResult(meta["status"], [dict(output) for output in cell.outputs], meta.get("seconds", 0.0)))
    for name, kind in (("key", str), ("probes", dict), ("environment", dict), ("executed_at", str), ("wall_seconds", (int, float))):
        if not isinstance(facts.get(name), kind):
            raise ValueError(f"its {name} is {type(facts.get(name)).__name__}")
    if not all(isinstance(probe, dict) for probe in facts["probes"].values()):
        raise ValueError("a probe value is not an object")
    if not isinstance(facts.get("infrastructure"), (str, type(None))):
        raise ValueError("its infrastructure note is not text")
    return PartResult(
        facts["key"], fences, facts["probes"], facts["environment"], facts["executed_at"],
        facts["wall_seconds"], facts.get("infrastructure"),
    )


def _text(value) -> bool:
    """Jupyter's multiline text: a string or a list of strings."""
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(line, str) for line in value))


def _check_output(output) -> None:
    """ValueError unless `output` has the types the renderer reads (an entry that parses but holds
    a traceback `null` or a number for text is a miss, not a crash of the build)."""
    kind = output.get("output_type")
    if kind == "stream":
        if not (isinstance(output.get("name"), str) and _text(output.get("text"))):
            raise ValueError("a stream output without text")
    elif kind == "error":
        if not (isinstance(output.get("ename"), str) and isinstance(output.get("evalue"), str)):
            raise ValueError("an error output without its name and value")
        if not (isinstance(output.get("traceback"), list) and all(isinstance(line, str) for line in output["traceback"])):
            raise ValueError("an error output without a traceback")
    elif kind in ("display_data", "execute_result"):
        data, metadata = output.get("data"), output.get("metadata", {})
        if not (isinstance(data, dict) and isinstance(metadata, dict)):
            raise ValueError("a display output without data")
        if not all(_text(value) for mime, value in data.items() if mime.startswith(("text/", "image/png", "image/jpeg"))):
            raise ValueError("a display output whose data is not text")
        if "image/png" in data:
            base64.b64decode("".join(data["image/png"]), validate=True)  # a damaged figure: a miss
    else:
        raise ValueError(f"an output of unknown type {kind!r}")


_read: dict[Path, tuple[tuple[int, int], PartResult]] = {}  # entries read by this process (mkdocs serve)


def load(chapter: Chapter, part: Part, key: str, accept_broken: bool = False, root: Path | None = None) -> PartResult | None:
    """The cached result for this part and key, or None (a broken run only if `accept_broken`).
    An entry is read once per process while its file stays the same (a serve reload reads none)."""
    path = entry_path(chapter, key, root)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    if path in _read and _read[path][0] == (stat.st_mtime_ns, stat.st_size):
        result = _read[path][1]
    else:
        try:  # JSON read as it is: nbformat.read's schema validation would double a build's time here
            result = from_notebook(chapter, part, nbformat.v4.reads(path.read_text()))
        except Exception as error:  # truncated, edited or from another version: execute again
            log.warning(f"ignoring the cache entry {path}: {type(error).__name__}: {error}")
            return None
        _read[path] = ((stat.st_mtime_ns, stat.st_size), result)
    if result.infrastructure and not accept_broken:
        return None
    return result


def store(chapter: Chapter, part: Part, result: PartResult, current_keys: set[str]) -> Path:
    """Write an entry atomically; drop this chapter's entries whose key is no longer current."""
    final = entry_path(chapter, result.key)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{result.key}.{os.getpid()}.", suffix=".tmp", dir=final.parent)
    with os.fdopen(handle, "w") as out:
        nbformat.write(to_notebook(chapter, part, result), out)
    os.replace(partial, final)
    for legacy in cache_dir().glob(f"{chapter.slug}-*"):  # a whole chapter per folder (format 2)
        shutil.rmtree(legacy, ignore_errors=True)
    for old in final.parent.iterdir():
        if old.suffix == ".ipynb" and old.stem not in current_keys | {result.key}:
            old.unlink(missing_ok=True)
        elif old.suffix == ".tmp" and not _writer_alive(old):
            old.unlink(missing_ok=True)  # left by an interrupted run; another process's are kept
    return final


def _writer_alive(partial: Path) -> bool:
    """Whether the process that is writing `partial` (`.<key>.<pid>.<random>.tmp`) still runs."""
    try:
        os.kill(int(partial.name.split(".")[2]), 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
