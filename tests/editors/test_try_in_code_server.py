"""The VS Code extension inside a real VS Code: editors/vscode/try_in_code_server.py run against code-server.

Skipped, with the reason, where code-server (``$CODE_SERVER`` or on PATH), the built ``jmap.vsix``, Chromium
or Playwright is missing; docs/editors.md says how to install code-server. CI does not install it (a build of
its native modules from source takes minutes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "editors" / "vscode" / "try_in_code_server.py"
VSIX = REPO / "editors" / "vscode" / "jmap.vsix"
CODE_SERVER = os.environ.get("CODE_SERVER") or shutil.which("code-server")

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
pytestmark = [
    pytest.mark.skipif(
        CODE_SERVER is None, reason="code-server is not installed (set $CODE_SERVER or put it on PATH; docs/editors.md)"
    ),
    pytest.mark.skipif(not VSIX.is_file(), reason="editors/vscode/jmap.vsix is not built (editors/vscode/build.sh)"),
    pytest.mark.skipif(shutil.which("/usr/bin/chromium") is None, reason="/usr/bin/chromium is missing"),
]


def test_the_extension_lints_and_fixes_inside_code_server() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--code-server", str(CODE_SERVER)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "FAIL" not in out
    # the example's 28 findings, in the Problems panel as `jmap lint` reports them
    assert (
        "Problems panel: 28 jmap findings for onboarding.jmap.yaml, `jmap lint -f json --today 2026-11-25`: 28," in out
    )
    assert "ok   the quick-fix menu offers the did-you-mean fix" in out
    assert "differs from before on line 67 only" in out
    assert out.rstrip().endswith("all checks passed")
