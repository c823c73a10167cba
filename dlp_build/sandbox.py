"""What a chapter's kernel can reach of the build: nothing beyond its own page.

A block is code from a chapter file, and chapters come from contributors. So each kernel starts
in Linux namespaces of its own (util-linux's `unshare`):

* a PID namespace with its own /proc: the build's processes (make, pytest, mkdocs, the CI
  runner, whatever else runs) are not there, so neither is their environment
  (`/proc/<pid>/environ`, where a `GITHUB_TOKEN` lives) nor their command line. The kernel is
  the namespace's first process: when it ends, every process a block started (a daemon, a
  `Popen(..., start_new_session=True)`) ends with it;
* a mount namespace where the repository is read-only, but for the folders a kernel writes by
  design (Keras's data folder, the part's working folder): a block that writes into the
  checkout gets `OSError: Read-only file system` naming the file, and its part fails.

Why namespaces: they are what the operating system offers to hide processes and files from a
process of the same user. Scrubbing the build's own environment cannot hide its ancestors' (a
shell, `make`, the CI runner), and a filter on names only catches the secrets it knows of.

As root the namespaces are plain; otherwise a user namespace maps the user to root inside, where
the system allows it. `setpriv --pdeathsig` ends the kernel if the build dies. Where none of this
is available (macOS, a system without namespaces), kernels run as before, and the build says so
once, on standard error. The kernel's own environment is filtered either way
(`executor.kernel_environment`).
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from dlp_build import ROOT

_said = False


def _inside_root(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


def _mounts(writable: list[Path]) -> str:
    """Shell commands, run in the new mount namespace: the repository read-only, `writable` not."""
    root = shlex.quote(str(ROOT))
    commands = [f"mount --bind {root} {root}", f"mount -o remount,bind,ro {root}"]
    for path in (p.resolve() for p in writable if p.exists() and _inside_root(p)):
        quoted = shlex.quote(str(path))
        commands += [f"mount --bind {quoted} {quoted}", f"mount -o remount,bind,rw {quoted}"]
    return " && ".join(commands)


@functools.cache
def prefix() -> tuple[str, ...] | None:
    """The command that starts a process in its own namespaces, or None where it cannot be had
    (checked once, by starting one)."""
    if sys.platform != "linux" or not shutil.which("unshare"):
        return None
    namespaces = ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        namespaces[1:1] = ["--user", "--map-root-user"]
    if shutil.which("setpriv"):
        namespaces[:0] = ["setpriv", "--pdeathsig", "KILL"]
    try:
        trial = subprocess.run([*namespaces, "sh", "-c", _mounts([])], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(namespaces) if trial.returncode == 0 else None


def command(kernel: list[str], writable: list[Path]) -> list[str]:
    """`kernel` (a kernel's command line) started in the sandbox, where there is one."""
    namespaces = prefix()
    if namespaces is None:
        _say_once()
        return kernel
    return [*namespaces, "sh", "-c", f'{_mounts(writable)} && exec "$@"', "dlp-kernel", *kernel]


def _say_once() -> None:
    global _said
    if not _said:
        _said = True
        print(
            "note: chapter kernels run without a sandbox here (no Linux namespaces: see dlp_build/sandbox.py): "
            "a block can read the environment of the build's processes and write to the checkout",
            file=sys.stderr,
        )
