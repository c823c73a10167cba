"""The runner can fail: broken fixture chapters must fail both the tests and the strict build,
naming file:line, and markers must mean what they mean to pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dlp_build import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "failing"


def expect(out: str, *lines: str) -> None:
    """Each of `lines` appears in the output of the run."""
    missing = [line for line in lines if line not in out]
    assert not missing, f"missing from the output: {missing}\n{out[-3000:]}"


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
    expect(
        out,
        "PASSED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer]",
        "FAILED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer [after `answer = 6 * 7`]]",
        "42 != expected 41",
        "PASSED tests/test_chapters.py::test_expectation[01-wrong-expectation: answer * 1 [after `answer = 6 * 7`]]",
        "FAILED tests/test_chapters.py::test_fence[02-unmarked-error.md:7]",
        "02-unmarked-error.md:7: this block raised IndexError (unmarked)",
        "SKIPPED [1] tests/checks.py:",
        "an earlier block of part 1 of",
        "FAILED tests/test_chapters.py::test_fence[03-missing-error.md:4]",
        "PASSED tests/test_chapters.py::test_fence[02-unmarked-error.md:3]",
    )
    # No hidden setup: the executor's own imports are gone before the first block runs.
    expect(
        out,
        "06-hidden-setup.md:3: this block raised NameError (unmarked)",
        "a block of 02-unmarked-error failed",
    )


def test_prose_values_are_checked_like_blocks(pytest_run):
    out = pytest_run.stdout
    expect(
        out,
        "PASSED tests/test_chapters.py::test_inline_value[01-wrong-expectation.md:8: {{ answer:d }}]",
        "PASSED tests/test_chapters.py::test_inline_value[01-wrong-expectation.md:8: {{ answer * 2 }}]",
        "FAILED tests/test_chapters.py::test_inline_value[01-wrong-expectation.md:14: {{ never_defined }}]",
        "01-wrong-expectation.md:14: {{ never_defined }} could not be shown: NameError",
    )


def test_infrastructure_failures_name_file_and_line(pytest_run):
    out = pytest_run.stdout
    expect(
        out,
        "04-dead-kernel.md:3: this block did not finish, for a reason outside its code (infrastructure): the kernel died",
        "05-timeout.md:3: this block did not finish, for a reason outside its code (infrastructure): ",
        "The block ran for more than 20 s (DLP_CELL_TIMEOUT) and was stopped.",
    )


def test_infrastructure_failures_are_not_cached_as_results(pytest_run, fixture_env):
    from dlp_build import cache, runner
    from dlp_build.chapters import read_chapter

    root = Path(fixture_env["DLP_CACHE_DIR"])
    env = runner.environment()
    for name, broken in [("04-dead-kernel.md", True), ("05-timeout.md", True), ("02-unmarked-error.md", False)]:
        chapter = read_chapter(FIXTURES / "chapters" / name)
        part = chapter.parts[0]
        key = cache.cache_key(chapter, part, env)
        assert cache.load(chapter, part, key, accept_broken=True, root=root) is not None  # a cache-only build reports it
        assert (cache.load(chapter, part, key, root=root) is None) == broken  # any other run executes it again


def test_a_part_runs_in_a_fresh_kernel(pytest_run):
    out = pytest_run.stdout
    expect(
        out,
        "PASSED tests/test_chapters.py::test_fence[07-two-parts.md:3]",
        "07-two-parts.md:13: this block raised NameError (unmarked)",
    )


def test_markers_mean_what_pytest_means(pytest_run):
    out = pytest_run.stdout
    for line in (4, 9, 14, 19, 24, 34):  # bare xfail, subclass, tuple, xpass, false condition, skipif false
        assert f"PASSED tests/test_chapters.py::test_fence[08-markers.md:{line}]" in out
    assert "test_fence[08-markers.md:29]" not in out  # skipped blocks are not tests: they never run
    expect(
        out,
        "PASSED tests/test_chapters.py::test_expectation[08-markers: passed_anyway [after `ran_after_skipif_false = True`]]",
        "08-markers.md:42: this block raised ValueError, marked to raise KeyError",
    )


def test_a_chatty_background_thread_cannot_break_the_checks(pytest_run):
    out = pytest_run.stdout
    expect(
        out,
        "PASSED tests/test_chapters.py::test_expectation[09-chatty-thread: answer]",
        "PASSED tests/test_chapters.py::test_expectation[09-chatty-thread: answer + 1 [after `answer = 42`]]",
    )


def test_strict_build_fails_naming_file_and_line(pytest_run, fixture_env, tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: fixture\ndocs_dir: {FIXTURES}\nsite_dir: {tmp_path / 'site'}\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {**fixture_env, "DLP_REQUIRE_CACHE": "1"}  # the pytest run above cached the fixtures
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert build.returncode != 0
    assert "02-unmarked-error.md:7: this block raised IndexError (unmarked)" in build.stderr
    assert "03-missing-error.md:4: this block was marked to raise an exception (xfail, strict) but ran without error" in build.stderr
    assert "04-dead-kernel.md:3: this block did not finish, for a reason outside its code" in build.stderr
    assert "01-wrong-expectation.md:14: {{ never_defined }} could not be shown: NameError" in build.stderr
    page = (tmp_path / "site" / "chapters" / "01-wrong-expectation" / "index.html").read_text()
    assert "the answer is 42 (twice that: 84)" in page


def test_pytest_on_a_chapter_file_runs_it_through_the_engine(fixture_env):
    chapter = FIXTURES / "chapters" / "01-wrong-expectation.md"
    command = [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", str(chapter)]
    run = subprocess.run(command, env=fixture_env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout[-3000:]
    expect(
        run.stdout,
        "PASSED tests/fixtures/failing/chapters/01-wrong-expectation.md::01-wrong-expectation: answer",
        "FAILED tests/fixtures/failing/chapters/01-wrong-expectation.md::01-wrong-expectation: answer [after `answer = 6 * 7`]",
        "42 != expected 41",
        "FAILED tests/fixtures/failing/chapters/01-wrong-expectation.md::01-wrong-expectation.md:14: {{ never_defined }}",
    )
    only = subprocess.run([*command, "-k", "md:3"], env=fixture_env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "1 passed" in only.stdout, only.stdout[-2000:]


def test_pytest_codeblocks_own_mode_on_a_chapter_stops_at_once_pointing_to_the_right_command():
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--codeblocks", "docs/chapters/03-keras-and-tensorflow.md"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "Run `pytest docs/chapters/NN-slug.md` without --codeblocks" in run.stderr
