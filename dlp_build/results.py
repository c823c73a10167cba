"""What executing a chapter produced: per-fence raw outputs, probe values, environment.

Outputs are kept as the kernel produced them (Jupyter output dicts: raw streams with their
progress bars, images as base64 PNG, errors with full tracebacks). Cleaning them for the page
is the renderer's job (dlp_build/render.py), so a renderer change needs no re-execution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Fence statuses
OK = "ok"  # ran without error
RAISED = "raised"  # raised the exception its xfail marker expects
XPASSED = "xpassed"  # marked xfail (not strict), ran without error: passes, as in pytest
ERROR = "error"  # raised an exception nobody expected
MISSING_ERROR = "missing-error"  # marked xfail(strict=True), but did not raise
BROKEN = "broken"  # the run itself failed here: timeout, dead kernel, missing data, lost probe
NOT_RUN = "not-run"  # an earlier fence failed, so this one never ran
SKIPPED = "skipped"  # marked skip: shown, never executed
STATUSES = (OK, RAISED, XPASSED, ERROR, MISSING_ERROR, BROKEN, NOT_RUN, SKIPPED)

Output = dict[str, Any]  # one Jupyter output: {"output_type": "stream", "name": "stdout", "text": ...}


@dataclass
class FenceResult:
    status: str
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def error(self) -> Output | None:
        return next((o for o in self.outputs if o.get("output_type") == "error"), None)


@dataclass
class PartResult:
    """One part's execution in its own kernel, as stored in the output cache."""

    key: str
    fences: list[FenceResult]  # one per fence of the part, in order
    probes: dict[str, Any]  # probe name -> {"value": ...} or {"error": "..."}
    environment: dict[str, Any]  # versions, device, GPUs seen, stand-in datasets used
    executed_at: str  # ISO date and time
    wall_seconds: float
    infrastructure: str | None = None  # why the run itself failed, if it did (never the code's fault)


@dataclass
class ChapterResult:
    """A chapter's parts, read together: what the tests check and the page shows."""

    chapter: str  # e.g. docs/chapters/03-keras-and-tensorflow.md
    parts: list[PartResult]

    @property
    def fences(self) -> list[FenceResult]:
        return [fence for part in self.parts for fence in part.fences]

    @property
    def key(self) -> str:
        """Changes whenever any part's key changes (stamps the executed notebook)."""
        return "-".join(part.key for part in self.parts)

    @property
    def probes(self) -> dict[str, Any]:
        return {name: value for part in self.parts for name, value in part.probes.items()}

    @property
    def environment(self) -> dict[str, Any]:
        first = dict(self.parts[0].environment) if self.parts else {}
        first["gpus"] = sorted({gpu for part in self.parts for gpu in part.environment.get("gpus", [])})
        first["standins"] = self.standins
        return first

    @property
    def standins(self) -> list[str]:
        return sorted({name for part in self.parts for name in part.environment.get("standins", [])})

    @property
    def executed_at(self) -> str:
        return max((part.executed_at for part in self.parts), default="")

    @property
    def wall_seconds(self) -> float:
        """Execution time of all parts added up (they may have run side by side)."""
        return round(sum(part.wall_seconds for part in self.parts), 1)

    @property
    def failed(self) -> bool:
        return any(f.status in (ERROR, MISSING_ERROR, BROKEN) for f in self.fences) or bool(self.infrastructure)

    @property
    def infrastructure(self) -> str | None:
        """Why the first part whose run failed (not its code) failed."""
        return next((part.infrastructure for part in self.parts if part.infrastructure), None)

    def infrastructure_of(self, fence_index: int) -> str | None:
        """Why the run of the part holding this fence failed, if it did."""
        count = 0
        for part in self.parts:
            count += len(part.fences)
            if fence_index < count:
                return part.infrastructure
        return None
