"""Execute one part of a chapter: its fences, in order, in a fresh Jupyter kernel (nbclient).

The kernel gets our environment minus anything that looks like a secret, a temporary working
folder (files a chapter writes land there and are deleted afterwards), and, where Linux allows,
a sandbox: its own processes only, the repository read-only (dlp_build/sandbox.py). What it
produced is kept raw (see dlp_build/results.py). Probe values travel through a file in that
folder, never through the kernel's output streams.

A run that fails for a reason outside the reader's code (a block past DLP_CELL_TIMEOUT, a dead
kernel, a dataset missing or corrupted, a probe that could not report) is an *infrastructure*
failure: the block is marked BROKEN and the result says why.

Interrupting the process (Ctrl-C) kills every kernel still running and deletes its folder.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from dlp_build import ROOT, datasets, sandbox
from dlp_build.chapters import Chapter, Part
from dlp_build.results import (
    BROKEN,
    ERROR,
    MISSING_ERROR,
    NOT_RUN,
    OK,
    RAISED,
    SKIPPED,
    XPASSED,
    FenceResult,
    PartResult,
)

# How long one block may run (DLP_CELL_TIMEOUT, seconds) before it counts as failed.
CELL_TIMEOUT_S = int(os.environ.get("DLP_CELL_TIMEOUT", 3600))
OWN_CELL_TIMEOUT_S = 600  # our start-up, probe and exception cells
# Errors that say the machine, not the code, failed (raised inside the kernel).
INFRASTRUCTURE_ERRORS = ("DatasetError",)
# Environment variables a kernel never sees: a block that prints os.environ must not leak them.
# Names as real secrets are called (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, NPM_AUTH, DB_PASS,
# GH_PAT, GOOGLE_APPLICATION_CREDENTIALS, NETRC, DOCKER_AUTH_CONFIG, ...), and any value that is
# an address with a password in it (https://user:password@host).
SECRET = re.compile(r"TOKEN|SECRET|PASS|KEY|CREDENTIAL|AUTH|_PAT$|^PAT$|NETRC|COOKIE|SESSION", re.IGNORECASE)
PASSWORD_IN_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@", re.IGNORECASE)
# Prepares the kernel, then leaves no name of ours behind: a block that uses `sys` must import it,
# as it would have to in a reader's fresh session.
STARTUP = (
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom dlp_build import in_kernel\n"
    "in_kernel.start()\ndel sys, in_kernel"
)

_running: dict[int, tuple[AsyncKernelManager, str]] = {}  # id -> kernel manager, work folder
_lock = threading.Lock()
cancelled = threading.Event()
"""Set when the process is being interrupted: nothing is stored after that."""


def kernel_environment() -> dict[str, str]:
    """os.environ without secrets (`SECRET` names, `PASSWORD_IN_URL` values), and with GPU memory
    growth on: several kernels may share one GPU, each taking only what it uses."""
    environment = {
        name: value for name, value in os.environ.items() if not SECRET.search(name) and not PASSWORD_IN_URL.match(value)
    }
    return {**environment, "TF_FORCE_GPU_ALLOW_GROWTH": "true"}


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel in the sandbox (dlp_build/sandbox.py), where it may
    write only to `writable` of the repository."""

    writable: list[Path] = []

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return sandbox.command(super().format_kernel_cmd(extra_arguments), self.writable)


@atexit.register
def stop_all() -> None:
    """Kill every running kernel and delete its folder (on Ctrl-C, or any exit)."""
    cancelled.set()
    with _lock:
        running = list(_running.values())
        _running.clear()
    for kernel, workdir in running:
        pid = getattr(kernel.provisioner, "pid", None) if kernel.provisioner else None
        if pid:
            try:  # the kernel runs in a session of its own: end its whole process group
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(workdir, ignore_errors=True)
        with contextlib.suppress(OSError, TypeError):
            os.remove(kernel.connection_file)  # outside the work folder, in Jupyter's runtime folder


def stop_on_termination() -> None:
    """Make SIGTERM (a CI cancel, `timeout`) end the process as Ctrl-C does: kernels killed, work
    folders deleted (by stop_all, at exit). Only where nobody handles SIGTERM yet, from the main
    thread."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
    raise KeyboardInterrupt


def _status(fence_raises: tuple[str, ...] | None, strict: bool, error: dict | None, classes: list[str]) -> str:
    """A fence's status, as pytest would judge its xfail marker (`classes`: the error's MRO)."""
    if fence_raises is None:
        return OK if error is None else ERROR
    if error is None:
        return MISSING_ERROR if strict else XPASSED
    if not fence_raises:
        return RAISED
    return RAISED if any(_matches(name, classes or [error["ename"]]) for name in fence_raises) else ERROR


def _matches(written: str, classes: list[str]) -> bool:
    """`raises=tf.errors.InvalidArgumentError` matches by the last component, `raises=X` by name."""
    return any(qualified.rsplit(".", 1)[-1] == written.rsplit(".", 1)[-1] for qualified in classes)


def _error(name: str, message: str) -> dict:
    return {"output_type": "error", "ename": name, "evalue": message, "traceback": [f"{name}: {message}"]}


async def _run(chapter: Chapter, part: Part, probes: dict[str, tuple[str, int | None]], workdir: str):
    """Execute the part's fences in a fresh kernel; return fence results, probe report, failure."""
    nb = nbformat.v4.new_notebook()
    # IPC sockets in the work folder: no TCP port is opened for the kernel.
    kernel = SandboxedKernelManager(kernel_name="python3", transport="ipc", ip=f"{workdir}/kernel")
    datasets.keras_home().mkdir(parents=True, exist_ok=True)
    kernel.writable = [datasets.keras_home(), Path(workdir)]
    client = NotebookClient(nb, km=kernel, allow_errors=True, resources={"metadata": {"path": workdir}})
    results: list[FenceResult] = []
    values: dict = {}
    environment: dict = {}
    infrastructure: str | None = None
    after: dict[int | None, dict[str, str]] = {}  # fence index (None: the end) -> its probes
    for name, (expression, index) in probes.items():
        after.setdefault(index, {})[name] = expression

    async def execute(code: str, timeout: int = OWN_CELL_TIMEOUT_S, ours: bool = True) -> nbformat.NotebookNode:
        """Run one cell. Our own cells stay out of the history, so the reader's blocks are
        numbered 1, 2, 3... in tracebacks (`Cell In[3]`), as in a notebook."""
        cell = nbformat.v4.new_code_cell(code)
        nb.cells.append(cell)
        client.timeout = timeout
        await client.async_execute_cell(cell, len(nb.cells) - 1, store_history=not ours)
        return cell

    async def own(call: str, path: str):
        """Run `in_kernel.<call>` writing JSON to `path`; return what it wrote."""
        try:
            cell = await execute(f"__import__('dlp_build.in_kernel').in_kernel.{call}")
        except (CellTimeoutError, DeadKernelError) as error:
            raise RuntimeError(f"{type(error).__name__}: {error}") from None
        try:
            return json.loads(Path(path).read_text())
        except (OSError, ValueError):
            error = next((o for o in cell.outputs if o.output_type == "error"), None)
            raise RuntimeError(f"{error.ename}: {error.evalue}" if error else "it wrote no report") from None

    async def probe(expressions: dict[str, str]) -> None:
        """Evaluate `expressions` in the part's namespace now."""
        nonlocal environment
        path = f"{workdir}/probe-{len(nb.cells)}.json"
        try:
            report = await own(f"report(globals(), {expressions!r}, {path!r})", path)
        except RuntimeError as error:
            raise _Broken(f"the check after this block could not report: {error}") from None
        values.update(report["probes"])
        environment = report["environment"]

    # The kernel's own standard streams (what ipykernel logs, a dying process's last words) go to a
    # file of the work folder, never to the build's: a block's output reaches the page only, and
    # nothing a block started holds the build's pipes open.
    log = open(f"{workdir}/kernel-output.log", "wb")
    with _lock:  # registered before the kernel starts: Ctrl-C during start-up kills it too
        _running[id(kernel)] = (kernel, workdir)
    try:
        async with client.async_setup_kernel(env=kernel_environment(), stdout=log, stderr=subprocess.STDOUT):
            if cancelled.is_set():
                raise KeyboardInterrupt
            startup = await execute(STARTUP)
            if any(out.output_type == "error" for out in startup.outputs):
                raise RuntimeError("kernel start-up failed:\n" + "\n".join(startup.outputs[-1].traceback))
            stopped = False
            for index in part.indices:
                fence = chapter.fences[index]
                if fence.skip or stopped:
                    results.append(FenceResult(SKIPPED if fence.skip else NOT_RUN))
                    continue
                began = time.perf_counter()
                try:
                    cell = await execute(fence.code, CELL_TIMEOUT_S, ours=False)
                    outputs = [dict(output) for output in cell.outputs]
                except DeadKernelError as error:
                    outputs = [_error("DeadKernelError", f"The kernel died (out of memory?): {error}")]
                    infrastructure = "the kernel died while running this block (out of memory?)"
                except CellTimeoutError:
                    message = f"The block ran for more than {CELL_TIMEOUT_S} s (DLP_CELL_TIMEOUT) and was stopped."
                    outputs = [_error("CellTimeoutError", message)]
                    infrastructure = message
                error = next((o for o in outputs if o["output_type"] == "error"), None)
                if infrastructure is None and error and error["ename"] in INFRASTRUCTURE_ERRORS:
                    infrastructure = f"{error['ename']}: {error['evalue']}"
                result = FenceResult(BROKEN, outputs, round(time.perf_counter() - began, 3))
                results.append(result)  # BROKEN until judged, so a failure below points here
                classes: list[str] = []
                if error and fence.raises and infrastructure is None:
                    path = f"{workdir}/exception-{index}.json"
                    try:
                        classes = await own(f"exception_classes({path!r})", path)
                    except RuntimeError as failure:
                        raise _Broken(f"the exception's classes could not be read: {failure}") from None
                if not infrastructure:
                    result.status = _status(fence.raises, fence.strict, error, classes)
                stopped = result.status in (ERROR, BROKEN)
                if index in after and not stopped:
                    await probe(after[index])
            if infrastructure is None:  # a dead or still busy kernel cannot report
                await probe({} if stopped else after.get(None, {}))
    except _Broken as broken:
        infrastructure = str(broken)
        ran = [r for r in results if r.status not in (NOT_RUN, SKIPPED)]
        if ran:
            ran[-1].status = BROKEN  # the block being judged, or after which the check failed
        results += [FenceResult(NOT_RUN) for _ in part.indices[len(results) :]]
    finally:
        with _lock:
            _running.pop(id(kernel), None)
        if kernel.has_kernel:
            await kernel.shutdown_kernel(now=True)
        log.close()
    return results, values, environment, infrastructure


class _Broken(Exception):
    """The run itself failed (not the reader's code)."""


def execute_part(
    chapter: Chapter, part: Part, key: str, environment: dict, probes: dict[str, tuple[str, int | None]]
) -> PartResult:
    """Run one part top to bottom in its own kernel and return what it produced.

    Execution stops at the first fence that raises unexpectedly: later fences are NOT_RUN.
    `probes` (name -> expression, fence index or None) are evaluated in the part's namespace
    right after that fence, or at its end (for the tests).
    """
    began = time.perf_counter()
    executed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    workdir = tempfile.mkdtemp(prefix=f"dlp-{chapter.slug}-{part.number}-")
    try:
        fences, values, kernel_env, infrastructure = asyncio.run(_run(chapter, part, probes, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return PartResult(
        key=key,
        fences=fences,
        probes=values,
        environment={**environment, **kernel_env},
        executed_at=executed_at,
        wall_seconds=round(time.perf_counter() - began, 1),
        infrastructure=infrastructure,
    )
