"""The runner can fail: broken fixture chapters must fail both the tests and the strict build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dlp_build import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "failing"


@pytest.fixture(scope="module")
def fixture_env(tmp_path_factory) -> dict[str, str]:
    cache = tmp_path_factory.mktemp("cache")
    return {
        **os.environ,
        "DLP_CHAPTERS_DIR": str(FIXTURES / "chapters"),
        "DLP_EXPECTATIONS": str(FIXTURES / "expectations.toml"),
        "DLP_CACHE_DIR": str(cache / "executions"),
        "DLP_FORCE": "",
        "DLP_CELL_TIMEOUT": "20",  # 05-timeout sleeps far longer
    }


@pytest.fixture(scope="module")
def pytest_run(fixture_env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_chapters.py")]
    return subprocess.run(command, env=fixture_env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_tests_fail_on_wrong_expectation_and_unexpected_exceptions(pytest_run):
    out = pytest_run.stdout
    assert pytest_run.returncode == 1, out
    assert "PASSED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer]" in out
    assert "FAILED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer [after `answer = 6 * 7`]]" in out
    assert "42 != expected 41" in out
    assert "PASSED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer * 1 [after `answer = 6 * 7`]]" in out
    assert "FAILED tests/test_chapters.py::test_fence[02-unmarked-error.md:7]" in out
    assert "02-unmarked-error.md:7: this block raised IndexError (unmarked)" in out
    assert "SKIPPED [1] tests/test_chapters.py:" in out and "an earlier block of" in out
    assert "FAILED tests/test_chapters.py::test_fence[03-missing-error.md:4]" in out
    assert "PASSED tests/test_chapters.py::test_fence[02-unmarked-error.md:3]" in out
    assert "04-dead-kernel.md:3: this block raised DeadKernelError (unmarked)" in out
    assert "05-timeout.md:3: this block raised CellTimeoutError (unmarked)" in out
    assert "The block ran for more than 20 s (DLP_CELL_TIMEOUT) and was stopped." in out
    # No hidden setup: the executor's own imports are gone before the first block runs.
    assert "06-hidden-setup.md:3: this block raised NameError (unmarked)" in out
    assert "SKIPPED [1] tests/test_chapters.py" in out and "a block of 02-unmarked-error failed" in out


def test_strict_build_fails_naming_file_and_line(pytest_run, fixture_env, tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: fixture\ndocs_dir: {FIXTURES}\nsite_dir: {tmp_path / 'site'}\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {**fixture_env, "DLP_REQUIRE_CACHE": "1"}  # the pytest run above cached the fixtures
    build = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-f", str(config)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert build.returncode != 0
    assert "02-unmarked-error.md:7: this block raised IndexError (unmarked)" in build.stderr
    assert "03-missing-error.md:4: this block was marked to raise an exception but ran without error" in build.stderr
