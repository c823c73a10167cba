"""Build machinery of DLP Companion: execute chapter fences, cache and render their outputs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: chapters live in ROOT/docs/chapters."""
