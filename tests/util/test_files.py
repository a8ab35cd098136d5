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
