from __future__ import annotations

from pathlib import Path

import pytest

from jmap.errors import ConfigError
from jmap.util.files import read_setting_file


def test_reads_the_text_of_a_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "jmap.toml"
    path.write_bytes('fail_on = "warning" # café\n'.encode())
    assert read_setting_file(path, "missing", "unreadable") == 'fail_on = "warning" # café\n'


def test_a_missing_file_is_the_missing_message_alone(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_setting_file(tmp_path / "nope.toml", "nope.toml: config file not found", "unreadable")
    assert str(info.value) == "nope.toml: config file not found"


def test_a_file_not_in_utf8_is_the_unreadable_message_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"x": "caf\xe9"}')
    with pytest.raises(ConfigError) as info:
        read_setting_file(path, "missing", "--baseline latin1.json: cannot read")
    assert str(info.value).startswith("--baseline latin1.json: cannot read ('utf-8' codec can't decode byte 0xe9")


def test_a_folder_is_unreadable_not_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_setting_file(tmp_path, "missing", "x: cannot read config")
    assert str(info.value).startswith("x: cannot read config (")


def test_read_regular_names_what_it_refuses(tmp_path: Path) -> None:
    import os

    from jmap.errors import SourceError
    from jmap.util.files import read_regular

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    dangling = tmp_path / "gone.yaml"
    dangling.symlink_to("nowhere.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 11)
    for path, message in (
        (fifo, f"{fifo}: is a FIFO (named pipe); jmap reads only regular files"),
        (dangling, f"{dangling}: a symbolic link to nowhere.yaml, which does not exist"),
        (tmp_path, f"{tmp_path}: is a folder, not a map file"),
        (big, f"{big}: the file is 11 bytes; jmap reads files up to 10"),
    ):
        with pytest.raises(SourceError) as info:
            read_regular(path, limit=10)
        assert str(info.value) == message
    assert read_regular(big, limit=11) == b"x" * 11


def test_an_unreadable_map_in_a_folder_is_a_finding_and_the_rest_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from jmap.lint.core import LintOptions, lint
    from tests.conftest import GOOD_MAP

    (tmp_path / "a.yaml").write_text(GOOD_MAP, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD_MAP.replace("owner: CSM", "owner: ''", 1), encoding="utf-8")
    real_open = os.open

    def deny(path: object, flags: int, *args: object) -> int:
        if str(path).endswith("a.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    result = lint([tmp_path], LintOptions(select=("JM001", "JM101")))
    assert next((Path(f.path).name, f.code, f.message) for f in result.findings) == (
        "a.yaml",
        "JM001",
        "permission denied",
    )
    assert {Path(f.path).name for f in result.findings} == {"a.yaml", "b.yaml"}
