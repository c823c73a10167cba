"""Shared fixtures: each chapter executes once per session (or comes from the output cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future

import pytest

from dlp_build import ROOT, runner
from dlp_build.chapters import executable_chapters
from dlp_build.results import ChapterResult

CHAPTERS = executable_chapters()


@pytest.fixture(scope="session")
def chapter_runs(request) -> dict[str, Future[ChapterResult]]:
    """Every chapter's result, as futures: cache misses execute in parallel, one per core. Their
    progress goes to the terminal as it happens (pytest's reporter is not captured)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    say = (lambda line: reporter.write_line(line)) if reporter else print
    return runner.start(CHAPTERS, force=runner.forced_slugs(CHAPTERS), log=say)


def fresh_python(script: str, **env: str) -> dict:
    """Run `script` in a new interpreter and return the JSON it prints last.

    Keras reads KERAS_HOME once, at import: dataset-layer tests need a process of their own.
    """
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
