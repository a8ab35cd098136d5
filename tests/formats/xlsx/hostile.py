"""Reading a hostile workbook in a child process with a hard address-space limit.

A reader that tried to inflate or allocate everything would fail the test instead of the machine.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

LIMIT_BYTES = 2 * 1024**3
HANG_GUARD = 60.0  # seconds: a read still running then has hung (a guard, not a timing assertion)
MEMORY_GUARD_MIB = 700

_CHILD = """
import json, resource, sys
from jmap.formats.xlsx.reader import read_xlsx
from jmap.validate import build_model
raw = open(sys.argv[1], "rb").read()
doc = read_xlsx(sys.argv[1], raw)
build_model(doc)
issues = [[i.code, i.message, i.location.cell] for i in doc.issues]
print(json.dumps({"issues": issues, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def read_bounded(raw: bytes, tmp_path: Path) -> tuple[list[list[str]], float]:
    """(issues, peak MiB) of reading ``raw`` in a memory-limited child process (a hang fails on its timeout)."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(raw)
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_limit,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout)
    return result["issues"], result["rss"] / 1024


def assert_jm001(raw: bytes, tmp_path: Path, *words: str) -> str:
    issues, mib = read_bounded(raw, tmp_path)
    assert [i[0] for i in issues] == ["JM001"], issues
    assert mib < MEMORY_GUARD_MIB, f"peak {mib:.0f} MiB"
    message = issues[0][1]
    for word in words:
        assert word in message, message
    return message
