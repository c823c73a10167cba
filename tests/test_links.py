"""Repository, edit and Colab links come from where the site is built, never from a placeholder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dlp_build import ROOT, repository
from dlp_build.render import render_header
from dlp_build.results import OK, ChapterResult, FenceResult, PartResult

FORK = "https://github.com/someone/fork"


@pytest.mark.parametrize(
    "url",
    ["https://github.com/someone/fork", "https://github.com/someone/fork.git", "git@github.com:someone/fork.git",
     "ssh://git@github.com/someone/fork"],
)
def test_github_remotes_are_recognised(url):
    assert repository.parse(url, "dev") == repository.Repository("someone", "fork", "dev")


def test_other_remotes_give_no_links():
    assert repository.parse("/srv/git/dlp.git", "main") is None
    assert repository.parse("https://gitlab.com/someone/fork", "main") is None
    assert repository.parse("", "main") is None


def test_the_environment_decides_before_the_remote(monkeypatch):
    monkeypatch.setenv("DLP_REPO_URL", FORK)
    monkeypatch.setenv("DLP_REPO_BRANCH", "feature")
    assert repository.detect() == repository.Repository("someone", "fork", "feature")
    monkeypatch.setenv("DLP_REPO_URL", "")  # explicitly none
    assert repository.detect() is None


def test_colab_opens_the_chapters_notebook_on_the_built_branch():
    result = ChapterResult("x.md", [PartResult("k" * 16, [FenceResult(OK)], {}, {}, "2026-11-25", 1.0)])
    header = render_header(result, "04-sample", repository.Repository("someone", "fork", "feature"))
    assert "(https://colab.research.google.com/github/someone/fork/blob/feature/snippets/04-sample.ipynb)" in header
    assert "Colab" not in render_header(result, "04-sample", None)


def _build(tmp_path, repo_url: str | None) -> str:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: links\ndocs_dir: {ROOT / 'tests' / 'fixtures' / 'links'}\nsite_dir: {tmp_path / 'site'}\n"
        "theme:\n  name: material\n  features:\n    - content.action.edit\n"
        f"hooks:\n  - {ROOT / 'dlp_build' / 'hook.py'}\n"
    )
    env = {**os.environ, "DLP_REPO_URL": repo_url or "", "DLP_REPO_BRANCH": "feature"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return (tmp_path / "site" / "index.html").read_text()


def test_a_build_links_to_the_repository_it_is_given(tmp_path):
    html = _build(tmp_path, FORK)
    assert f'href="{FORK}/edit/feature/docs/index.md"' in html
    assert f'href="{FORK}"' in html  # the header's repository link
    assert "dlp-companion/dlp-companion" not in html


def test_a_build_without_a_repository_has_no_such_links(tmp_path):
    html = _build(tmp_path, None)
    assert "github.com" not in html
    assert 'rel="edit"' not in html
