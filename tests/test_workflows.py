"""Supply chain: the GitHub workflows pass actionlint, pin actions to commits, keep least privilege."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dlp_build import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint_passes():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is installed with the pinned requirements"
    done = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_actions_pinned_to_full_commits_and_read_only_by_default(workflow):
    text = workflow.read_text()
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit"
    assert re.search(r"^permissions:\n  contents: read$", text, re.MULTILINE), "top-level permissions must be read-only"
    assert "write-all" not in text


def test_every_lock_pins_versions_and_hashes():
    for lock in (ROOT / "requirements").glob("*.txt"):
        for line in lock.read_text().splitlines():
            if line and not line.startswith("#"):
                assert re.fullmatch(r"[\w.-]+==[\w.+-]+ --hash=sha256:[0-9a-f]{64}", line), f"{lock.name}: {line}"


def test_ci_runs_ci_run_and_the_deploy_publishes_what_the_tests_checked():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "bash .ci/run" in ci and "make test" not in ci  # one definition of CI, not two
    site = (ROOT / ".github" / "workflows" / "site.yml").read_text()
    test, build = site.index("make test"), site.index("DLP_REQUIRE_CACHE=1 make build")
    assert test < build, "the deploy build must read the outputs the tests checked"
    assert 'DLP_DEPLOY: "1"' in site  # and on real data only
