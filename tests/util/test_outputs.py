"""The one way jmap opens an output: no input, device, FIFO or existing file is replaced unless it should be."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jmap.errors import ExportError
from jmap.util.atomic import may_replace, output_kind, refuse_input, write_atomic
from tests.conftest import GOOD_MAP, REPO, run_jmap, write

B2B = REPO / "examples" / "b2b-saas.yaml"


def _fill(data: bytes):  # type: ignore[no-untyped-def]
    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)

    return fill


def test_a_character_device_is_written_to_and_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    assert write_atomic(link, _fill(b"{}\n")) == 3
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.listdir(tmp_path) == ["null.json"]


def test_a_fifo_with_a_reader_gets_the_bytes_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    for _ in range(200):
        try:
            write_atomic(fifo, _fill(b"data"))
            break
        except ExportError:
            threading.Event().wait(0.01)
    reader.join(5)
    assert got == [b"data"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    for path in (fifo, link):
        with pytest.raises(ExportError) as info:
            write_atomic(path, _fill(b"data"))
        assert str(info.value) == f"{path}: is a FIFO (named pipe) that nobody reads; nothing was written"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(ExportError, match="is a socket; jmap writes to regular files, new paths and character"):
            write_atomic(path, _fill(b"x"))
    assert output_kind(tmp_path / "new.json") is None


def test_may_replace_needs_force_or_the_update_exception(tmp_path: Path) -> None:
    old = tmp_path / "map.yaml"
    old.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        may_replace(old, force=False, command="export")
    assert str(info.value) == f"{old}: already exists; jmap export replaces a file only with --force"
    assert may_replace(old, force=True, command="export") is True
    assert may_replace(old, force=False, command="export", updates=lambda p: p == old) is True
    with pytest.raises(ExportError):
        may_replace(old, force=False, command="export", updates=lambda p: False)
    assert may_replace(tmp_path / "new.yaml", force=False, command="export") is False
    assert may_replace(Path("/dev/null"), force=False, command="export") is True
    assert old.read_text(encoding="utf-8") == "old"


def test_refuse_input_sees_hard_and_symbolic_links(tmp_path: Path) -> None:
    source = write(tmp_path, "m.yaml", GOOD_MAP)
    hard = tmp_path / "hard.yaml"
    os.link(source, hard)
    soft = tmp_path / "soft.yaml"
    soft.symlink_to(source)
    for out in (source, hard, soft):
        with pytest.raises(ExportError, match="is the input file"):
            refuse_input(out, [source], "lint -o")
    refuse_input(tmp_path / "other.json", [source], "lint -o")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "maps", "-f", "json", "-o", "maps/b2b-saas.yaml"], "lint -o"),
        (["lint", "maps", "--write-baseline", "maps/b2b-saas.yaml"], "--write-baseline"),
        (["render", "maps/b2b-saas.yaml", "-o", "maps/b2b-saas.yaml", "-f", "svg"], "render"),
        (["render", "maps/b2b-saas.yaml", "-o", "maps/b2b-saas.yaml", "-f", "html"], "render"),
        (["export", "maps/b2b-saas.yaml", "-o", "maps/b2b-saas.yaml", "--force"], "exporting"),
    ],
)
def test_no_command_writes_over_the_map_it_reads(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "maps").mkdir()
    before = B2B.read_bytes()
    (tmp_path / "maps" / "b2b-saas.yaml").write_bytes(before)
    res = (
        run_jmap(*args, "--today", "2026-11-25", cwd=tmp_path) if args[0] != "export" else run_jmap(*args, cwd=tmp_path)
    )
    assert res.returncode == 2, res.stderr
    assert res.stderr == (
        f"jmap: error: maps/b2b-saas.yaml: is the input file; {message} must not overwrite what it reads\n"
    )
    assert (tmp_path / "maps" / "b2b-saas.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("export", ["export", str(B2B), "-o", "out.yaml"]),
        ("import", ["import", "grid.csv", "-o", "out.yaml"]),
        ("new", ["new", "-o", "out.yaml"]),
    ],
)
def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, command: str, args: list[str]) -> None:
    (tmp_path / "grid.csv").write_text(
        "Stage,Onboarding,Adoption\nTouchpoints,Kickoff call,Training\nOwner,CSM,Enablement\n", encoding="utf-8"
    )
    out = tmp_path / "out.yaml"
    out.write_bytes(b"# my own notes\n")
    res = run_jmap(*args, cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr == f"jmap: error: out.yaml: already exists; jmap {command} replaces a file only with --force\n"
    assert out.read_bytes() == b"# my own notes\n"
    res = run_jmap(*args, "--force", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"jmap: 1\n") or b"\njmap: 1" in out.read_bytes()
    help_text = run_jmap(command, "--help").stdout
    assert "--force" in help_text and "only with --force" in " ".join(help_text.split())


def test_export_to_dev_stdout_writes_the_pipe(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "jmap", "export", str(B2B), "-o", "/dev/stdout", "-f", "json"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b'{\n  "jmap": 1,\n  "id": "b2b-saas"')
    assert res.stderr == b"wrote /dev/stdout (json, 3 stages, 10 touchpoints)\n"


def test_render_svg_loads_nothing_from_the_network(tmp_path: Path) -> None:
    out = tmp_path / "m.svg"
    res = run_jmap("render", str(B2B), "-o", str(out), "--width", "80", "--today", "2026-11-25")
    assert res.returncode == 0, res.stderr
    svg = out.read_text(encoding="utf-8")
    assert "url(http" not in svg and "@font-face" not in svg and "cdnjs" not in svg
    # nothing else that a viewer would fetch: local fragments only, no import, link, image or href
    urls = re.findall(r"url\(([^)]*)\)", svg)
    assert urls and all(u.startswith("#") for u in urls)
    assert not re.search(r"@import|<link|<image|href", svg)
    assert re.findall(r"[a-z]+://[^\s\"'<>)]*", svg) == ["http://www.w3.org/2000/svg", "https://www.textualize.io"]
    assert "<!-- Generated with Rich https://www.textualize.io -->" in svg
    assert "font-family: 'Fira Code', Menlo, 'DejaVu Sans Mono'" in svg


@pytest.mark.parametrize("name", ["a" * 250 + ".json", "é" * 125 + ".md", "b" * 214 + ".json"])
def test_a_legal_long_name_is_written_and_its_killed_temps_are_found(tmp_path: Path, name: str) -> None:
    assert len(name.encode()) <= 255
    out = tmp_path / name
    assert write_atomic(out, _fill(b"data")) == 4
    assert os.listdir(tmp_path) == [name] and out.read_bytes() == b"data"
    from jmap.util.atomic import TEMP_SUFFIX, remove_stale_temps, temp_prefix

    left = tmp_path / f"{temp_prefix(name)}999999999.abcdefgh{TEMP_SUFFIX}"
    left.write_bytes(b"half")
    assert len(left.name.encode()) <= 255
    assert remove_stale_temps(tmp_path, name) == 1
    assert os.listdir(tmp_path) == [name]


def test_export_takes_a_255_byte_name(tmp_path: Path) -> None:
    name = "m" * 250 + ".json"
    res = run_jmap("export", str(B2B), "-o", name, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert os.listdir(tmp_path) == [name]
