"""What executing a chapter produced: per-fence outputs, probe values, environment."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Fence statuses
OK = "ok"  # ran without error
RAISED = "raised"  # raised the exception its marker expects
ERROR = "error"  # raised an exception nobody expected
MISSING_ERROR = "missing-error"  # marked to raise, but did not
NOT_RUN = "not-run"  # an earlier fence failed, so this one never ran
SKIPPED = "skipped"  # marked skip: shown, never executed


@dataclass
class Output:
    """One rendered output of a fence.

    kind is 'text' (stdout and results), 'stderr', 'image' (file name in `image`)
    or 'error' (exception name in `ename`, shortened traceback in `text`).
    """

    kind: str
    text: str = ""
    image: str = ""
    ename: str = ""


@dataclass
class FenceResult:
    status: str
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def error(self) -> Output | None:
        return next((o for o in self.outputs if o.kind == "error"), None)


@dataclass
class ChapterResult:
    """Everything a chapter's execution produced, as stored in the output cache."""

    chapter: str  # e.g. docs/chapters/03-keras-and-tensorflow.md
    key: str
    fences: list[FenceResult]
    probes: dict[str, Any]  # probe name -> {"value": ...} or {"error": "..."}
    environment: dict[str, Any]  # versions, device, GPUs seen, stand-in datasets used
    executed_at: str  # ISO date and time
    wall_seconds: float

    @property
    def failed(self) -> bool:
        return any(f.status in (ERROR, MISSING_ERROR) for f in self.fences)

    @property
    def standins(self) -> list[str]:
        return list(self.environment.get("standins", []))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChapterResult:
        fences = [
            FenceResult(f["status"], [Output(**o) for o in f["outputs"]], f["seconds"])
            for f in data["fences"]
        ]
        return cls(**{**data, "fences": fences})
