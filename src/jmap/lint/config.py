"""Configuration: found in jmap.toml, .jmap.toml or [tool.jmap] of pyproject.toml, or named by --config."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.errors import ConfigError
from jmap.findings import Severity
from jmap.rules.base import Option, Thresholds
from jmap.util.files import read_setting_file

if TYPE_CHECKING:
    from pydantic import BaseModel

CONFIG_NAMES = ("jmap.toml", ".jmap.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True, slots=True, kw_only=True)
class Config(Thresholds):
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    today: date | None = None
    severity: tuple[tuple[str, Severity], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    import_labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``[import.labels]``: a team's own words for each layer, read by ``jmap import``."""
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
            import tomllib

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
    text = read_setting_file(path, f"{path}: config file not found", f"{path}: cannot read config")
    import tomllib

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


class _At(ValueError):
    """A fault in one entry of a table option (``severity.JM101``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _selectors(items: tuple[str, ...]) -> tuple[str, ...]:
    from jmap.lint.selection import check_selectors

    check_selectors(items)
    return items


def _fail_on(value: str) -> str:
    if value not in FAIL_ON:
        raise ValueError(f"{value!r} is not one of {', '.join(FAIL_ON)}")
    return value


def _today(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError("must be a date (YYYY-MM-DD)")
    return value


def _severity(table: dict[str, Any]) -> tuple[tuple[str, Severity], ...]:
    from jmap.rules import find_rule

    out = []
    for code, word in table.items():
        rule = find_rule(code)
        if rule is None:
            raise _At(code, "no rule has this code or name")
        if rule.structural:
            raise _At(code, f"{rule.code} is a structure rule and cannot be changed")
        if not isinstance(word, str):
            raise _At(code, 'must be "error", "warning" or "info"')
        try:
            out.append((rule.code, Severity.parse(word)))
        except ValueError as exc:
            raise _At(code, str(exc)) from None
    return tuple(out)


def _per_file_ignores(table: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from jmap.lint.selection import check_selectors

    pairs: list[tuple[str, tuple[str, ...]]] = []
    for glob, codes in table.items():
        listed = [codes] if isinstance(codes, str) else codes
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            raise _At(repr(glob), "must be a list of codes")
        try:
            check_selectors(tuple(listed))
        except ValueError as exc:
            raise _At(repr(glob), str(exc)) from None
        pairs.append((glob, tuple(listed)))
    return tuple(pairs)


def _priority(table: dict[str, Any]) -> PriorityScheme:
    """``[priority]``: an optional ``formula`` and optional scale tables (``[priority.effort]`` …)."""
    formula = table.get("formula")
    if formula is not None and not isinstance(formula, str):
        raise _At("formula", 'must be a string such as "impact * confidence / effort"')
    scales: dict[str, dict[str, float]] = {}
    for key, value in table.items():
        if key == "formula":
            continue
        if not isinstance(value, dict):
            raise _At(key, "must be a table of level = number")
        for word, number in value.items():
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                raise _At(f"{key}.{word}", "must be a number")
        scales[key] = dict(value)
    return PriorityScheme.build(formula, scales)


def _import(table: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[import]``: ``labels``, a table of layer = [labels]."""
    from jmap.importing.vocabulary import LAYER_NAMES
    from jmap.util.suggest import suggest

    for key in table:
        if key != "labels":
            raise _At(key, f"unknown key{suggest(key, ['labels'])}; [import] takes labels")
    labels = table.get("labels", {})
    if not isinstance(labels, dict):
        raise _At("labels", "must be a table of layer = [labels]")
    out: list[tuple[str, tuple[str, ...]]] = []
    for layer, words in labels.items():
        if layer not in LAYER_NAMES:
            raise _At(f"labels.{layer}", f"no such layer{suggest(layer, list(LAYER_NAMES))}")
        listed = [words] if isinstance(words, str) else words
        if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
            raise _At(f"labels.{layer}", "must be a list of labels")
        out.append((layer, tuple(listed)))
    return tuple(out)


def _general_options() -> tuple[Option, ...]:
    strings = "a list of strings"
    return (
        Option("select", ("ALL",), tuple[str, ...], strings, "Rules to run: codes, prefixes, names or ALL.",
               check=_selectors, listed=True),
        Option("ignore", (), tuple[str, ...], strings, "Rules to skip.", check=_selectors, listed=True),
        Option("fail_on", "error", str, "a string", "Lowest severity that fails: error, warning, info or never.",
               check=_fail_on),
        Option("exclude", (), tuple[str, ...], strings, "Paths to leave out of folder walks (.gitignore patterns).",
               listed=True),
        Option("today", None, Any, "a date (YYYY-MM-DD)", "Pin today for the review checks.", check=_today),
        Option("severity", (), dict[str, Any], 'a table of CODE = "error|warning|info"',
               "Severity per rule code or name.", check=_severity),
        Option("per_file_ignores", (), dict[str, Any], "a table of glob = [codes]",
               "Rules to skip in the files a pattern matches.", check=_per_file_ignores),
        Option("priority", DEFAULT_PRIORITY, dict[str, Any], "a table with formula and scales",
               "How opportunities are ranked: a formula over impact, effort, confidence and value, and their scales.",
               check=_priority),
        Option("import_labels", (), dict[str, Any], "a table with labels = {layer = [labels]}",
               "jmap import: a team's own labels for each layer ([import.labels]).", check=_import),
    )  # fmt: skip


def config_options() -> dict[str, Option]:
    """Every key of a config file: the general ones, then each rule's options, read from the registry."""
    from jmap.rules import all_rules

    out = {o.name: o for o in _general_options()}
    for rule in all_rules():
        for option in rule.options:
            if out.setdefault(option.name, option) is not option:
                raise RuntimeError(f"option {option.name} of {rule.code} is declared twice")
    return out


def _as_tuple(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list) else value


@functools.cache
def config_model() -> type[BaseModel]:
    """The Pydantic model of a config file, built from :func:`config_options` when a file is first read."""
    from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, create_model

    fields: dict[str, Any] = {}
    for option in config_options().values():
        steps: list[Any] = [Field(description=option.description, ge=option.minimum)]
        if option.listed:
            steps.append(BeforeValidator(_as_tuple))
        if option.check is not None:
            steps.append(AfterValidator(option.check))
        fields[option.name] = (Annotated[option.kind, *steps], option.default)
    model: type[BaseModel] = create_model(
        "JmapConfig", __config__=ConfigDict(extra="forbid", strict=True, defer_build=True), **fields
    )
    return model


def _message(error: Any, options: dict[str, Option]) -> str:
    from jmap.util.suggest import suggest

    name = str(error["loc"][0]) if error["loc"] else ""
    key = "import" if name == "import_labels" else name
    if error["type"] == "extra_forbidden":
        return f"unknown key {key!r}{suggest(key, list(options))}"
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, _At):
        return f"{key}.{cause.key}: {cause}"
    if isinstance(cause, ValueError):
        return f"{key}: {cause}"
    return f"{key}: must be {options[name].expect}"


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Validate a config table with the model built from the registry; the first fault is a ConfigError."""
    from pydantic import ValidationError

    if "import" in data:
        data = {**data, "import_labels": data["import"]}
        del data["import"]
    try:
        parsed = config_model().model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_message(exc.errors()[0], config_options())}") from None
    values = {name: getattr(parsed, name) for name in parsed.model_fields_set}
    return Config(**values, source=path, root=path.parent.resolve())
