"""Reading the files a user names for jmap's settings (a config, a baseline)."""

from __future__ import annotations

from pathlib import Path

from jmap.errors import ConfigError


def read_setting_file(path: Path, missing: str, unreadable: str) -> str:
    """The file's UTF-8 text; ConfigError ``missing`` when it is absent, ``unreadable (why)`` when unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(missing) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{unreadable} ({exc})") from None
