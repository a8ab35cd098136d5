"""The map model's validator, built from a core schema stored in the package instead of from the classes.

Pydantic turns the model's classes into a core schema at the first validation of every run (tens of
milliseconds, most of a one-file lint's own time); pydantic-core builds a validator from that schema in
well under one. ``stored_schema_data.py`` holds the schema as Python: made by
``python3 -m jmap.stored_schema --write`` (``tests/test_stored_schema.py`` fails until it matches the
classes), with every function and class written as its name in ``jmap.model``.

:func:`use_stored_validator` installs it only when it was made from these very classes: the same text of
the modules that shape the model and the same Pydantic and pydantic-core versions. Anything else (edited
model, other versions, a damaged or missing file) leaves the classes to Pydantic, as without it.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

SHAPING = ("model.py", "domain/vocabulary.py")
"""The modules (under the package) whose text decides the schema; the functions it names are looked up live."""
DATA_MODULE = "stored_schema_data"
PLUGINS_OFF = ("__all__", "1", "true")
"""The values of PYDANTIC_DISABLE_PLUGINS by which Pydantic loads no plugin (``pydantic.plugin._loader``)."""

_installed: bool | None = None


def source_fingerprint(root: Path | None = None) -> str:
    """A checksum of the text of the modules that shape the model (under ``root``, default this package)."""
    root = root or Path(__file__).parent
    crc = 0
    for name in SHAPING:
        crc = zlib.crc32((root / name).read_bytes(), crc)
    return f"{crc:08x}"


def library_versions() -> tuple[str, str]:
    from pydantic.version import VERSION
    from pydantic_core import __version__

    return VERSION, __version__


def use_stored_validator() -> bool:
    """Give ``JourneyMap`` the validator and serializer of the stored schema when it fits; True when it did."""
    global _installed
    if _installed is None:
        from jmap.model import JourneyMap

        built = None
        if not JourneyMap.__pydantic_complete__:
            try:
                from jmap import stored_schema_data

                built = stored_validator(stored_schema_data)
            except Exception:  # a data module that cannot be imported is not used
                built = None
        if built is not None:
            JourneyMap.__pydantic_validator__, JourneyMap.__pydantic_serializer__ = built
        _installed = built is not None
    return _installed


def stored_validator(data: Any) -> tuple[Any, Any] | None:
    """The validator and serializer of the schema in ``data`` (the data module), or None when it does not fit."""
    try:
        if library_versions() != (data.PYDANTIC, data.PYDANTIC_CORE) or source_fingerprint() != data.SOURCE:
            return None
        from pydantic_core import SchemaSerializer, SchemaValidator

        from jmap.model import JourneyMap

        validator: Any
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in PLUGINS_OFF:
            # What Pydantic makes with plugins off, without importing its plugin loader (importlib.metadata).
            validator = SchemaValidator(data.SCHEMA, data.CONFIG, _use_prebuilt=False)
        else:
            from pydantic.plugin._schema_validator import create_schema_validator

            plugins = JourneyMap.model_config.get("plugin_settings")
            validator = create_schema_validator(
                data.SCHEMA, JourneyMap, "jmap.model", "JourneyMap", "BaseModel", data.CONFIG, plugins, False
            )
        return validator, SchemaSerializer(data.SCHEMA, data.CONFIG, _use_prebuilt=False)
    except Exception:  # a stored schema that cannot be used is not used
        return None


def built_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The core schema and core config Pydantic builds from the classes, without the JSON Schema hints."""
    from pydantic._internal._config import ConfigWrapper

    from jmap.model import JourneyMap

    JourneyMap.model_rebuild(force=True)
    config = ConfigWrapper(JourneyMap.model_config).core_config(title="JourneyMap")
    return _plain(JourneyMap.__pydantic_core_schema__), dict(config)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items() if key != "metadata"}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


def _refs(node: Any, found: dict[str, str]) -> None:
    """Stable names for the schema's references (Pydantic's carry the class's id)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("ref", "schema_ref") and isinstance(value, str) and value not in found:
                found[value] = f"{value.partition(':')[0]}:{len(found)}"
            _refs(value, found)
    elif isinstance(node, list):
        for item in node:
            _refs(item, found)


def _name(obj: Any) -> str:
    """``obj`` as an expression in the data module: a builtin type, or a class or function of ``jmap.model``."""
    import builtins

    from jmap import model

    owner = getattr(obj, "__self__", None)
    qualname = str(getattr(obj, "__qualname__", "<unnamed>"))
    if isinstance(owner, type) and owner.__module__ == "jmap.model":
        text = f"model.{owner.__qualname__}.{qualname.rpartition('.')[2]}"
    elif isinstance(obj, type) and getattr(builtins, qualname, None) is obj:
        text = qualname
    elif getattr(obj, "__module__", None) == "jmap.model" and "<" not in qualname:
        text = f"model.{qualname}"
    else:
        raise ValueError(f"the core schema holds {obj!r}, which has no name in jmap.model to store it by")
    if eval(text, {"model": model}) != obj:  # text is made above from names, not read in
        raise ValueError(f"{text} does not name {obj!r}")
    return text


def _python(node: Any, refs: dict[str, str], indent: str = "") -> str:
    """``node`` as a Python expression: on one line when it fits in 110 characters, else one item a line."""
    if isinstance(node, dict):
        items = [
            (repr(key), refs.get(value, value) if key in ("ref", "schema_ref") else value)
            for key, value in node.items()
        ]
        opening, closing = "{", "}"
    elif isinstance(node, list):
        items = [("", item) for item in node]
        opening, closing = "[", "]"
    elif node is None or isinstance(node, (str, int, float, bool)):
        return repr(node)
    else:
        return _name(node)
    inner = indent + "    "
    parts = [f"{key}: {_python(value, refs, inner)}" if key else _python(value, refs, inner) for key, value in items]
    line = opening + ", ".join(parts) + closing
    if len(indent) + len(line) <= 110 and "\n" not in line:
        return line
    return opening + "\n" + "".join(f"{inner}{part},\n" for part in parts) + indent + closing


def render() -> str:
    """The text of ``stored_schema_data.py`` for the classes and libraries of this interpreter."""
    schema, config = built_schema()
    refs: dict[str, str] = {}
    _refs(schema, refs)
    pydantic, core = library_versions()
    return (
        '"""The core schema of ``jmap.model.JourneyMap`` (see ``jmap.stored_schema``).\n\n'
        "Made by ``python3 -m jmap.stored_schema --write``; do not edit.\n"
        '"""\n\n'
        "# ruff: noqa: E501\n"
        "from typing import Any\n\n"
        "from jmap import model\n\n"
        f"PYDANTIC = {pydantic!r}\n"
        f"PYDANTIC_CORE = {core!r}\n"
        f"SOURCE = {source_fingerprint()!r}\n"
        f"CONFIG: Any = {_python(config, refs)}\n"
        f"SCHEMA: Any = {_python(schema, refs)}\n"
    )


def data_path() -> Path:
    return Path(__file__).parent / f"{DATA_MODULE}.py"


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--write"]:
        data_path().write_text(text, encoding="utf-8")
        return 0
    if argv == ["--check"]:
        return 0 if data_path().is_file() and data_path().read_text(encoding="utf-8") == text else 1
    print(text, end="")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
