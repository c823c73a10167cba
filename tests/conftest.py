"""Shared fixtures: each chapter executes once per session (or comes from the output cache)."""

from __future__ import annotations

import os
from concurrent.futures import Future

import pytest

# Tests never download: a missing dataset is a stand-in or a clear error, never a network call.
os.environ.setdefault("DLP_OFFLINE", "1")

from dlp_build import runner  # noqa: E402  (after the environment is set)
from dlp_build.chapters import executable_chapters  # noqa: E402
from dlp_build.results import ChapterResult  # noqa: E402

CHAPTERS = executable_chapters()


@pytest.fixture(scope="session")
def chapter_runs() -> dict[str, Future[ChapterResult]]:
    """Every chapter's result, as futures: cache misses execute in parallel, one per core."""
    return runner.start(CHAPTERS, force=runner.forced_slugs(CHAPTERS), log=print)
