"""Execute one chapter's fences, in order, in a fresh Jupyter kernel (nbclient)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from dlp_build import ROOT
from dlp_build.chapters import Chapter
from dlp_build.results import (
    ERROR,
    MISSING_ERROR,
    NOT_RUN,
    OK,
    RAISED,
    SKIPPED,
    ChapterResult,
    FenceResult,
    Output,
)
from dlp_build.terminal import clean_stream, shorten_traceback

# How long one block may run (DLP_CELL_TIMEOUT, seconds) before it counts as failed.
CELL_TIMEOUT_S = int(os.environ.get("DLP_CELL_TIMEOUT", 3600))
OWN_CELL_TIMEOUT_S = 3600  # our start-up and probe cells
# Prepares the kernel, then leaves no name of ours behind: a block that uses `sys` must import it,
# as it would have to in a reader's fresh session.
STARTUP = (
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom dlp_build import in_kernel\n"
    "in_kernel.start()\ndel sys, in_kernel"
)


def _outputs(cell: nbformat.NotebookNode, images: dict[str, bytes], prefix: str) -> list[Output]:
    """Our outputs from a cell's Jupyter outputs; image bytes go into `images`."""
    outputs: list[Output] = []

    def add_text(kind: str, text: str) -> None:
        if outputs and outputs[-1].kind == kind:
            outputs[-1].text += text
        else:
            outputs.append(Output(kind, text))

    for out in cell.outputs:
        if out.output_type == "stream":
            add_text("text" if out.name == "stdout" else "stderr", out.text)
        elif out.output_type == "error":
            outputs.append(Output("error", shorten_traceback(out.traceback), ename=out.ename))
        elif "image/png" in out.get("data", {}):
            name = f"{prefix}-{len(images)}.png"
            images[name] = base64.b64decode(out.data["image/png"])
            outputs.append(Output("image", image=name))
        elif "text/plain" in out.get("data", {}):
            add_text("text", out.data["text/plain"] + "\n")
    for output in outputs:
        if output.kind in ("text", "stderr"):
            output.text = clean_stream(output.text)
    return [o for o in outputs if o.kind in ("image", "error") or o.text.strip()]


def _status(fence_raises: str | None, error: Output | None) -> str:
    if error is None:
        return MISSING_ERROR if fence_raises else OK
    return RAISED if fence_raises == error.ename else ERROR


def _report_code(probes: dict[str, str]) -> str:
    """A cell that prints the probe report, binding no name in the chapter's namespace."""
    return f"print(__import__('dlp_build.in_kernel').in_kernel.report(globals(), {probes!r}))"


async def _run(chapter: Chapter, probes: dict[str, tuple[str, int | None]], workdir: str, images: dict[str, bytes]):
    """Execute the fences in a fresh kernel; return their results and the probe report."""
    nb = nbformat.v4.new_notebook()
    # IPC sockets in the work folder: no TCP port is opened for the kernel.
    kernel = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{workdir}/kernel")
    client = NotebookClient(
        nb, km=kernel, allow_errors=True, resources={"metadata": {"path": workdir}}
    )
    results: list[FenceResult] = []
    report: dict = {}
    values: dict = {}  # probe name -> its value (or error)
    after: dict[int | None, dict[str, str]] = {}  # block index (None: the end) -> its probes
    for name, (expression, index) in probes.items():
        after.setdefault(index, {})[name] = expression

    async def probe(expressions: dict[str, str]) -> dict:
        cell = await execute(_report_code(expressions))
        text = "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
        return json.loads(text.strip().splitlines()[-1])

    async def execute(code: str, timeout: int = OWN_CELL_TIMEOUT_S, ours: bool = True) -> nbformat.NotebookNode:
        """Run one cell. Our own cells (start-up, probes) stay out of the history, so the
        reader's blocks are numbered 1, 2, 3... in tracebacks (`Cell In[3]`), as in a notebook."""
        cell = nbformat.v4.new_code_cell(code)
        nb.cells.append(cell)
        client.timeout = timeout
        await client.async_execute_cell(cell, len(nb.cells) - 1, store_history=not ours)
        return cell

    try:
        async with client.async_setup_kernel():
            startup = await execute(STARTUP)
            if any(out.output_type == "error" for out in startup.outputs):
                raise RuntimeError("kernel start-up failed:\n" + "\n".join(startup.outputs[-1].traceback))
            stopped = broken = False
            for index, fence in enumerate(chapter.fences):
                if fence.skip or stopped:
                    results.append(FenceResult(SKIPPED if fence.skip else NOT_RUN))
                    continue
                began = time.perf_counter()
                try:
                    outputs = _outputs(await execute(fence.code, CELL_TIMEOUT_S, ours=False), images, f"f{index:02d}")
                except DeadKernelError as error:
                    outputs, broken = [Output("error", f"The kernel died: {error}", ename="DeadKernelError")], True
                except CellTimeoutError:
                    message = f"The block ran for more than {CELL_TIMEOUT_S} s (DLP_CELL_TIMEOUT) and was stopped."
                    outputs, broken = [Output("error", message, ename="CellTimeoutError")], True
                error = next((o for o in outputs if o.kind == "error"), None)
                status = _status(fence.raises, error)
                results.append(FenceResult(status, outputs, round(time.perf_counter() - began, 3)))
                stopped = status == ERROR or broken
                if index in after and not stopped:
                    values |= (await probe(after[index]))["probes"]
            if not broken:  # a dead or still busy kernel cannot report
                report = await probe({} if stopped else after.get(None, {}))
                values |= report["probes"]
    finally:
        if kernel.has_kernel:
            await kernel.shutdown_kernel(now=True)
    return results, {**report, "probes": values}


def execute_chapter(
    chapter: Chapter, key: str, environment: dict, probes: dict[str, tuple[str, int | None]]
) -> tuple[ChapterResult, dict[str, bytes]]:
    """Run `chapter` top to bottom in its own kernel; return its result and image files.

    Execution stops at the first fence that raises unexpectedly: later fences are NOT_RUN.
    `probes` (name -> expression, block index or None) are evaluated in the chapter's namespace
    right after that block, or at the end (for the tests).
    """
    images: dict[str, bytes] = {}
    began = time.perf_counter()
    executed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix=f"dlp-{chapter.slug}-") as workdir:
        fences, report = asyncio.run(_run(chapter, probes, workdir, images))
    result = ChapterResult(
        chapter=chapter.name,
        key=key,
        fences=fences,
        probes=report.get("probes", {}),
        environment={**environment, **report.get("environment", {})},
        executed_at=executed_at,
        wall_seconds=round(time.perf_counter() - began, 1),
    )
    return result, images
