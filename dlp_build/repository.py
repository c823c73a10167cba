"""Which GitHub repository and branch the site is built from: its repository, edit and Colab links.

* DLP_REPO_URL (and DLP_REPO_BRANCH) when set: the GitHub workflows pass the repository and
  branch they run in, so a fork's site links to the fork. Set to an empty value: no links.
* Otherwise the checkout's `origin` remote, when it is a GitHub URL, and its current branch.
* Otherwise None: the site shows no repository, edit or Colab links rather than dead ones.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

from dlp_build import ROOT

_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class Repository:
    owner: str
    name: str
    branch: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    def colab(self, path: str) -> str:
        """Open the notebook at `path` (relative to the repository root) of this branch in Colab."""
        return f"https://colab.research.google.com/github/{self.owner}/{self.name}/blob/{self.branch}/{path}"


def parse(url: str, branch: str) -> Repository | None:
    """A Repository for a GitHub URL (https or ssh form), else None."""
    match = _GITHUB.match(url.strip())
    return Repository(match.group(1), match.group(2), branch or "main") if match else None


def _git(*arguments: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def detect() -> Repository | None:
    """The repository the site is built from (see the module's docstring)."""
    if "DLP_REPO_URL" in os.environ:
        return parse(os.environ["DLP_REPO_URL"], os.environ.get("DLP_REPO_BRANCH", ""))
    branch = _git("rev-parse", "--abbrev-ref", "HEAD")
    return parse(_git("remote", "get-url", "origin"), "" if branch == "HEAD" else branch)
