"""The stored core schema: in step with the classes, used only when it fits, and validating exactly as they do."""

from __future__ import annotations

import copy
import shutil
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from pydantic_core import SchemaSerializer, SchemaValidator

from jmap import stored_schema, stored_schema_data
from jmap.formats.yaml.reader import read_yaml
from jmap.model import JourneyMap
from jmap.stored_schema import SHAPING, data_path, library_versions, render, source_fingerprint, stored_validator
from tests.conftest import GOOD_MAP, REPO, run_python

HOW = "run `python3 -m jmap.stored_schema --write` after changing the model"
MADE_WITH = (stored_schema_data.PYDANTIC, stored_schema_data.PYDANTIC_CORE)
same_libraries = pytest.mark.skipif(
    library_versions() != MADE_WITH,
    reason=f"the stored schema was made with pydantic {MADE_WITH[0]}, pydantic-core {MADE_WITH[1]}; "
    "with others jmap builds the model as Pydantic does (`python3 -m jmap.stored_schema --write` remakes it)",
)
ODD_VALUES: tuple[Any, ...] = (
    None, "", "  ", "Bad Id", "ok-id", "x", 0, 3, -3, 2.5, float("nan"), True, [], {}, ["x", 1], {"k": 1},
    {"x-own": 1}, "2026-13-01", date(2026, 1, 2), "1", " 2 ", "\u22121", "yes", "monthly", "P6M",
)  # fmt: skip


@same_libraries
def test_the_stored_schema_is_what_pydantic_builds_from_the_classes() -> None:
    assert data_path().read_text(encoding="utf-8") == render(), HOW


@same_libraries
def test_it_fits_the_classes_and_libraries_of_this_interpreter() -> None:
    assert stored_validator(stored_schema_data) is not None


def _data(**changes: Any) -> types.SimpleNamespace:
    fields = {name: getattr(stored_schema_data, name) for name in ("PYDANTIC", "PYDANTIC_CORE", "SOURCE", "CONFIG")}
    return types.SimpleNamespace(**{**fields, "SCHEMA": stored_schema_data.SCHEMA, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {"SOURCE": "00000000"},
        {"PYDANTIC": "2.0.0"},
        {"PYDANTIC_CORE": "2.0.0"},
        {"SCHEMA": {"type": "no-such-schema"}},
        {"SCHEMA": None},
        {"CONFIG": "damaged"},
    ],
    ids=["edited model", "other pydantic", "other pydantic-core", "damaged schema", "no schema", "damaged config"],
)
def test_a_schema_that_does_not_fit_is_not_used(changes: dict[str, Any]) -> None:
    assert stored_validator(_data(**changes)) is None


def test_a_data_module_without_its_names_is_not_used() -> None:
    assert stored_validator(types.SimpleNamespace(PYDANTIC="2.13.4")) is None


def test_the_fingerprint_follows_the_text_of_every_module_that_shapes_the_model(tmp_path: Path) -> None:
    package = REPO / "src" / "jmap"
    for name in SHAPING:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / name, tmp_path / name)
    assert source_fingerprint(tmp_path) == source_fingerprint() == stored_schema_data.SOURCE
    seen = {source_fingerprint(tmp_path)}
    for name in SHAPING:
        with (tmp_path / name).open("a", encoding="utf-8") as f:
            f.write("\n")
        seen.add(source_fingerprint(tmp_path))
    assert len(seen) == len(SHAPING) + 1


@same_libraries
def test_a_lint_run_validates_with_the_stored_schema_and_pydantic_builds_nothing(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(GOOD_MAP, encoding="utf-8")
    probe = (
        "from jmap.loader import load_file; from jmap.model import JourneyMap; import jmap.stored_schema as s; "
        "loaded = load_file('m.yaml'); "
        "print(s.use_stored_validator(), JourneyMap.__pydantic_complete__, type(loaded.model).__name__)"
    )
    out = run_python(probe, tmp_path, env={"PYDANTIC_DISABLE_PLUGINS": "__all__"})
    assert out.split() == ["True", "False", "JourneyMap"]


@same_libraries
def test_with_plugins_allowed_it_goes_through_pydantics_plugin_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    built = stored_validator(stored_schema_data)
    assert built is not None
    assert built[0].validate_python({"jmap": 1, "title": "T", "stages": []}).title == "T"


def test_once_pydantic_has_built_the_classes_their_own_validator_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    JourneyMap.model_rebuild(force=True)
    own = JourneyMap.__pydantic_validator__
    monkeypatch.setattr(stored_schema, "_installed", None)
    assert stored_schema.use_stored_validator() is False
    assert JourneyMap.__pydantic_validator__ is own


# Validating exactly as the classes do: every map the tests and examples hold, and every field of a small map
# set to each odd value, give the same model or the same errors (type, place, message, input, context).


def _corpus() -> Iterator[tuple[str, Any]]:
    for folder in ("tests/cases", "examples"):
        for path in sorted((REPO / folder).rglob("*.y*ml")):
            doc = read_yaml(str(path), path.read_bytes())
            if isinstance(doc.data, dict):
                yield str(path.relative_to(REPO)), doc.data
    good = read_yaml("good.yaml", GOOD_MAP.encode()).data

    def places(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        yield path
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            yield from places(value, (*path, key))

    for path in places(good, ()):
        if not path:
            continue
        for value in ODD_VALUES:
            changed = copy.deepcopy(good)
            parent = changed
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = value
            yield f"{'.'.join(map(str, path))}={value!r}", changed


def _outcome(validator: Any, data: Any) -> Any:
    try:
        model = validator.validate_python(copy.deepcopy(data))
    except ValidationError as exc:
        return [
            (e["type"], e["loc"], e["msg"], repr(e.get("input")), repr(e.get("ctx")))
            for e in exc.errors(include_url=False)
        ]
    return type(model).__name__, repr(model), model.model_dump(mode="json")


@same_libraries
def test_the_stored_schema_validates_exactly_as_the_classes_do() -> None:
    JourneyMap.model_rebuild(force=True)
    classes = JourneyMap.__pydantic_validator__
    stored = SchemaValidator(stored_schema_data.SCHEMA, stored_schema_data.CONFIG, _use_prebuilt=False)
    checked = failed = 0
    for name, data in _corpus():
        expected = _outcome(classes, data)
        assert _outcome(stored, data) == expected, name
        checked += 1
        failed += isinstance(expected, list)
    assert checked > 1000
    assert failed > checked // 2


@same_libraries
def test_the_stored_serializer_writes_what_the_classes_write() -> None:
    JourneyMap.model_rebuild(force=True)
    classes = JourneyMap.__pydantic_serializer__
    stored = SchemaSerializer(stored_schema_data.SCHEMA, stored_schema_data.CONFIG, _use_prebuilt=False)
    written = 0
    for name, data in _corpus():
        try:
            model = JourneyMap.model_validate(copy.deepcopy(data))
        except ValidationError:
            continue
        for options in ({"mode": "json", "exclude_none": True}, {"mode": "python"}, {"mode": "json", "by_alias": True}):
            assert stored.to_python(model, **options) == classes.to_python(model, **options), (name, options)
        assert stored.to_json(model) == classes.to_json(model), name
        written += 1
    assert written > 100
