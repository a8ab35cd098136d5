"""Configuration: found in jmap.toml, .jmap.toml or [tool.jmap] of pyproject.toml, or named by --config."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jmap.domain.durations import parse_duration
from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY
from jmap.errors import ConfigError
from jmap.findings import Severity
from jmap.model import DEFAULT_PRE_SALE

CONFIG_NAMES = ("jmap.toml", ".jmap.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
_KEYS = (
    "select", "ignore", "fail_on", "exclude", "today", "review_every", "due_soon_days",
    "max_stage_ratio", "pre_sale_stages", "owners", "severity", "per_file_ignores",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    today: date | None = None
    review_every: str = DEFAULT_REVIEW_EVERY
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    max_stage_ratio: float = 3.0
    pre_sale_stages: tuple[str, ...] = DEFAULT_PRE_SALE
    owners: tuple[str, ...] | None = None
    severity: tuple[tuple[str, Severity], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    @property
    def label(self) -> str:
        return str(self.source) if self.source else "defaults"


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` upward (a pyproject.toml counts only with [tool.jmap])."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name != "pyproject.toml":
                return path
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "jmap" in data["tool"]:
                return path
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    if path is None:
        return Config(root=(start or Path.cwd()).resolve())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("jmap", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.jmap] must be a table")
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    from jmap.lint.selection import check_selectors
    from jmap.util.suggest import suggest

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{path}: {key}: {why}")

    for key in data:
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}{suggest(key, list(_KEYS))}")
    kw: dict[str, Any] = {"source": path, "root": path.parent.resolve()}

    def str_list(key: str) -> tuple[str, ...]:
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, "must be a list of strings")
        return tuple(value)

    for key in ("select", "ignore"):
        if key in data:
            items = str_list(key)
            try:
                check_selectors(items)
            except ValueError as exc:
                raise bad(key, str(exc)) from None
            kw[key] = items
    if "exclude" in data:
        kw["exclude"] = str_list("exclude")
    if "pre_sale_stages" in data:
        kw["pre_sale_stages"] = tuple(s.strip().lower() for s in str_list("pre_sale_stages"))
    if "owners" in data:
        kw["owners"] = tuple(s.strip() for s in str_list("owners"))
    if "fail_on" in data:
        value = data["fail_on"]
        if value not in FAIL_ON:
            raise bad("fail_on", f"{value!r} is not one of {', '.join(FAIL_ON)}")
        kw["fail_on"] = value
    if "today" in data:
        value = data["today"]
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise bad("today", f"{value!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(value, date):
            raise bad("today", "must be a date (YYYY-MM-DD)")
        kw["today"] = value
    if "review_every" in data:
        value = data["review_every"]
        if not isinstance(value, str):
            raise bad("review_every", "must be a string such as '6 months'")
        try:
            parse_duration(value)
        except ValueError as exc:
            raise bad("review_every", str(exc)) from None
        kw["review_every"] = value
    if "due_soon_days" in data:
        value = data["due_soon_days"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad("due_soon_days", "must be a whole number of days, 0 or more")
        kw["due_soon_days"] = value
    if "max_stage_ratio" in data:
        value = data["max_stage_ratio"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 1:
            raise bad("max_stage_ratio", "must be a number, 1.0 or more")
        kw["max_stage_ratio"] = float(value)
    if "severity" in data:
        kw["severity"] = parse_severity(data["severity"], path)
    if "per_file_ignores" in data:
        table = data["per_file_ignores"]
        if not isinstance(table, dict):
            raise bad("per_file_ignores", "must be a table of glob = [codes]")
        pairs: list[tuple[str, tuple[str, ...]]] = []
        for glob, codes in table.items():
            listed = [codes] if isinstance(codes, str) else codes
            if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
                raise bad(f"per_file_ignores.{glob!r}", "must be a list of codes")
            try:
                check_selectors(tuple(listed))
            except ValueError as exc:
                raise bad(f"per_file_ignores.{glob!r}", str(exc)) from None
            pairs.append((glob, tuple(listed)))
        kw["per_file_ignores"] = tuple(pairs)
    return Config(**kw)


def parse_severity(table: Any, path: Path) -> tuple[tuple[str, Severity], ...]:
    from jmap.rules import find_rule

    if not isinstance(table, dict):
        raise ConfigError(f'{path}: severity: must be a table of CODE = "error|warning|info"')
    out = []
    for code, word in table.items():
        rule = find_rule(code)
        if rule is None:
            raise ConfigError(f"{path}: severity.{code}: no rule has this code or name")
        if rule.structural:
            raise ConfigError(f"{path}: severity.{code}: {rule.code} is a structure rule and cannot be changed")
        if not isinstance(word, str):
            raise ConfigError(f'{path}: severity.{code}: must be "error", "warning" or "info"')
        try:
            out.append((rule.code, Severity.parse(word)))
        except ValueError as exc:
            raise ConfigError(f"{path}: severity.{code}: {exc}") from None
    return tuple(out)
