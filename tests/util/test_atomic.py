"""The atomic writer: nothing is left behind on a full disk, on Ctrl-C, SIGTERM or SIGHUP; SIGKILL leaves one
hidden temporary file, which the next write to the same output removes. Real processes, real signals."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from jmap.util.atomic import TEMP_SUFFIX, remove_stale_temps, write_atomic
from tests.conftest import GOOD_MAP, REPO, run_jmap

# A child that starts writing OUT through write_atomic, says "ready" once half the file is in the temporary
# file, then waits to be signalled.
_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from jmap.util.atomic import write_atomic

    def fill(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            f.write(b"half a workbook")
            f.flush()
            print("ready", flush=True)
            time.sleep(60)

    write_atomic(Path(sys.argv[1]), fill)
    """
)


def _default_signals() -> None:
    """The child gets the default dispositions even when the suite runs under nohup or in the background, which
    ignore SIGHUP and SIGINT (jmap honours an ignored signal)."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)


def _child(out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_signals,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    return proc


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_writing_leaves_nothing_and_the_old_file_intact(tmp_path: Path, sig: signal.Signals) -> None:
    """The process still ends by the signal (exit status -N), as it would have without jmap's clean-up."""
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"old")
    proc = _child(out)
    assert [n for n in _listing(tmp_path) if n.endswith(TEMP_SUFFIX)] != []
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == -sig, err
    assert _listing(tmp_path) == ["map.xlsx"]
    assert out.read_bytes() == b"old"
    if sig == signal.SIGINT:
        assert err.rstrip().endswith("KeyboardInterrupt")


def test_sigkill_leaves_one_hidden_temp_that_the_next_write_removes(tmp_path: Path) -> None:
    out = tmp_path / "map.xlsx"
    proc = _child(out)
    proc.kill()
    proc.communicate(timeout=30)
    (left,) = _listing(tmp_path)
    assert left.startswith(f".map.xlsx.{proc.pid}.") and left.endswith(TEMP_SUFFIX)
    write_atomic(out, lambda tmp: tmp.write_bytes(b"new"))
    assert _listing(tmp_path) == ["map.xlsx"]
    assert out.read_bytes() == b"new"


def test_stale_temps_of_live_processes_and_of_other_files_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".map.xlsx.{os.getpid()}.abc{TEMP_SUFFIX}"
    other = tmp_path / f".other.xlsx.999999999.abc{TEMP_SUFFIX}"
    dead = tmp_path / f".map.xlsx.999999999.abc{TEMP_SUFFIX}"
    old_style = tmp_path / f".map.xlsx.k3j2{TEMP_SUFFIX}"
    for p in (mine, other, dead, old_style):
        p.write_bytes(b"x")
    assert remove_stale_temps(tmp_path, "map.xlsx") == 1
    assert _listing(tmp_path) == sorted(p.name for p in (mine, other, old_style))
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old_style, (day_ago, day_ago))
    assert remove_stale_temps(tmp_path, "map.xlsx") == 1
    assert _listing(tmp_path) == sorted(p.name for p in (mine, other))


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("name", ["map.xlsx", "map.yaml", "map.json"])
def test_a_full_disk_names_out_prints_no_traceback_and_leaves_nothing(tmp_path: Path, name: str) -> None:
    """RLIMIT_FSIZE in the child stands for a full disk: writing past 4 KiB fails with EFBIG."""
    source = tmp_path / "in" / "map.yaml"
    source.parent.mkdir()
    source.write_text(GOOD_MAP + "x-padding: " + "p" * 8000 + "\n", encoding="utf-8")
    out = tmp_path / "out" / name
    out.parent.mkdir()
    system_temp = tmp_path / "system-temp"  # the child's TMPDIR, so other processes' files cannot interfere
    system_temp.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "jmap", "export", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        env={**os.environ, "TMPDIR": str(system_temp)},
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"jmap: error: {out}: cannot write (File too large)\n"
    assert _listing(out.parent) == []
    assert _listing(system_temp) == []


def test_export_after_a_killed_export_removes_its_temp(tmp_path: Path) -> None:
    source = tmp_path / "map.yaml"
    source.write_text(GOOD_MAP, encoding="utf-8")
    stale = tmp_path / f".out.xlsx.999999999.x1y2{TEMP_SUFFIX}"
    stale.write_bytes(b"PK half")
    result = run_jmap("export", str(source), "-o", str(tmp_path / "out.xlsx"))
    assert result.returncode == 0, result.stderr
    assert _listing(tmp_path) == ["map.yaml", "out.xlsx"]
