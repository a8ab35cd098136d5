"""The change list: a structural diff of two journey maps, field by field, derived from the model.

API (kept stable; ``jmap diff``, ``report --since`` and the workbook merge build on it)::

    MapData(data, positions=None, path="")        one side: plain data (what YAML holds) + where each piece is
    MapData.of(model, positions=None, path="")    from a validated ``JourneyMap``
    compute_changes(old, new) -> list[Change]     old/new: MapData or JourneyMap

    Change(path, label, kind, old, new, old_path, new_path, old_at, new_at)
        path      ids, e.g. ("stages", "onboarding", "touchpoints", "kickoff", "owner"); an item without an
                  id is named by its index (an int) on the side that has it (the new side when both do)
        label     "touchpoint 'Kickoff call' owner"
        kind      changed | added | removed | moved | renamed (``KINDS``)
        old, new  plain data: a field's value, an item as a mapping, None for "not there"
        old_path  index-based ModelPath into the old side's data (where the value is, or would be)
        new_path  the same into the new side's data
        old_at    Location on the old side (file:line or Sheet!Cell) when positions were given
        new_at    the same on the new side

What is compared comes from the model's classes: every field of every class, in
field order, then the ``x-`` fields. A field added to the model later is compared
without being listed here. Lists of objects are matched by ``id`` where the class
has one (a touchpoint by its id across stages, so a touchpoint that changed stage is
``moved``), else by content, then by their naming field (a pain point's text, a
metric's name), then by position; an item whose naming field or id alone changed is
``renamed``. A list whose shared items changed order gives one ``moved`` change at
the list, old and new being the items' keys in each order. Lists of plain values
(goals, red flags, evidence ids) and ``x-`` values are compared whole.

Kinds: ``changed`` (a value replaced), ``added``/``removed`` (a field or item that one
side does not have), ``moved`` (to another parent, old/new the parents' ids, or an
order), ``renamed`` (an item's name, or an id: old/new the names or ids).
"""

from __future__ import annotations

import itertools
import json
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from pydantic import BaseModel

from jmap.document import PositionIndex
from jmap.findings import Location, ModelPath
from jmap.model import JourneyMap

KINDS: Final = ("changed", "added", "removed", "moved", "renamed")
IdPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Change:
    path: IdPath
    label: str
    kind: str
    old: Any = None
    new: Any = None
    old_path: ModelPath | None = None
    new_path: ModelPath | None = None
    old_at: Location | None = None
    new_at: Location | None = None

    @property
    def field(self) -> str | int:
        """The last step of the path: the field (or x- key, or item) that changed."""
        return self.path[-1] if self.path else ""


@dataclass(frozen=True, slots=True)
class MapData:
    """One side of a comparison: ``data`` as ``JourneyMap.model_dump(mode="json", by_alias=True, exclude_none=True)``
    gives it, ``positions`` from the reader (None: no locations), ``path`` the file shown in locations."""

    data: dict[str, Any]
    positions: PositionIndex | None = field(default=None, compare=False)
    """Not compared: two sides with the same data are the same map wherever its pieces sit."""
    path: str = ""

    @classmethod
    def of(cls, model: JourneyMap, positions: PositionIndex | None = None, path: str = "") -> MapData:
        return cls(plain(model), positions, path)

    def at(self, path: ModelPath | None) -> Location | None:
        if self.positions is None or path is None:
            return None
        return self.positions.locate(path)


def plain(model: BaseModel) -> dict[str, Any]:
    """The model as YAML would hold it: no None, no empty list of the model's own (an ``x-`` value is kept as is)."""
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    _prune(type(model), data)
    return data


def _prune(cls: type[BaseModel], data: dict[str, Any]) -> None:
    for f in fields_of(cls):
        value = data.get(f.key)
        if value == []:
            del data[f.key]
        elif f.model is not None:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    _prune(f.model, item)


# ---- the model's shape ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    """The key in plain data (the alias where there is one: ``from``)."""
    model: type[BaseModel] | None
    """The class of the value (an object or a list of objects), None for a plain value."""
    many: bool


def _inner(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside an annotation (``X | None``, ``list[X]``) and whether it is a list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found, many = _inner(arg)
            if found is not None:
                return found, many
        return None, False
    if origin is list:
        found, _ = _inner(typing.get_args(annotation)[0])
        return found, found is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


@cache
def fields_of(cls: type[BaseModel]) -> tuple[Field, ...]:
    """The fields of a model class, in order, each with the class of its objects."""
    out = []
    for name, info in cls.model_fields.items():
        model, many = _inner(info.annotation)
        out.append(Field(info.alias or name, model, many))
    return tuple(out)


@cache
def _keys(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(f.key for f in fields_of(cls))


@cache
def has_id(cls: type[BaseModel]) -> bool:
    return "id" in _keys(cls)


NAMING: Final = ("name", "text", "source", "fix", "id", "type")
"""The field that names an object in a label, the first a class has."""


@cache
def naming_field(cls: type[BaseModel]) -> str | None:
    keys = _keys(cls)
    return next((k for k in NAMING if k in keys), None)


@cache
def noun(cls: type[BaseModel]) -> str:
    """``PainPoint`` -> ``pain point``; the map is ``map``."""
    if cls is JourneyMap:
        return "map"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


# ---- comparison --------------------------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal as YAML would hold them: ``1`` is not ``true``, nor ``1.0``."""
    if type(a) is not type(b) or a != b:
        return False
    if isinstance(a, (dict, list)):
        return _strict(a) == _strict(b)
    return True


def _strict(value: Any) -> str:
    """JSON text, in which ``1``, ``1.0`` and ``true`` differ (``==`` alone takes them for one)."""
    return json.dumps(value, sort_keys=True, default=str)


def _absent(v: Any) -> bool:
    return v is None or v == [] or v == {}


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the walk is: the id path, the index path on each side, and the label of the enclosing item."""

    ids: IdPath
    old: ModelPath | None
    new: ModelPath | None
    label: str


@dataclass(frozen=True, slots=True)
class _Pooled:
    parent: IdPath
    path: ModelPath
    item: dict[str, Any]


class _Walk:
    def __init__(self, old: MapData, new: MapData) -> None:
        self.a, self.b = old, new
        self.out: list[Change] = []
        self._pools: tuple[dict[tuple[str, Any], _Pooled], dict[tuple[str, Any], _Pooled]] | None = None

    def pools(self) -> tuple[dict[tuple[str, Any], _Pooled], dict[tuple[str, Any], _Pooled]]:
        """Every object with an id on each side, made when a list first has an item only one side holds."""
        if self._pools is None:
            self._pools = (_pool(self.a.data, JourneyMap), _pool(self.b.data, JourneyMap))
        return self._pools

    def emit(self, place: _Place, step: str | int, kind: str, old: Any, new: Any, what: str = "") -> None:
        ids = (*place.ids, step)
        old_path = (*place.old, step) if place.old is not None and isinstance(step, str) else place.old
        new_path = (*place.new, step) if place.new is not None and isinstance(step, str) else place.new
        label = what or f"{place.label} {_words(step)}"
        self.out.append(
            Change(ids, label, kind, old, new, old_path, new_path, self.a.at(old_path), self.b.at(new_path))
        )

    def item(self, place: _Place, kind: str, old: Any, new: Any, label: str) -> None:
        self.out.append(
            Change(place.ids, label, kind, old, new, place.old, place.new, self.a.at(place.old), self.b.at(place.new))
        )

    def obj(self, cls: type[BaseModel], a: dict[str, Any], b: dict[str, Any], place: _Place) -> None:
        """Every field of two objects of ``cls``, then their x- fields."""
        for f in fields_of(cls):
            va, vb = a.get(f.key), b.get(f.key)
            if f.model is None or (_absent(va) and _absent(vb)):
                if not same(va, vb) and not (_absent(va) and _absent(vb)):
                    self.value(place, f.key, va, vb)
                continue
            if f.many:
                self.items(f, _as_list(va), _as_list(vb), place)
            elif not isinstance(va, dict) or not isinstance(vb, dict):
                self.value(place, f.key, va, vb)
            else:
                sub = _Place(
                    (*place.ids, f.key),
                    _join(place.old, f.key),
                    _join(place.new, f.key),
                    f"{place.label} {_words(f.key)}" if place.ids else _words(f.key),
                )
                self.obj(f.model, va, vb, sub)
        for key in _extras(a, b, _keys(cls)):
            if key not in a:
                self.emit(place, key, "added", None, b[key])
            elif key not in b:
                self.emit(place, key, "removed", a[key], None)
            elif not same(a[key], b[key]):
                self.emit(place, key, "changed", a[key], b[key])

    def value(self, place: _Place, key: str, old: Any, new: Any) -> None:
        kind = "added" if _absent(old) else "removed" if _absent(new) else "changed"
        self.emit(place, key, kind, None if _absent(old) else old, None if _absent(new) else new)

    def items(self, f: Field, olds: list[Any], news: list[Any], place: _Place) -> None:
        """Two lists of objects: each new item in order (kept, moved in, renamed or added), then the removed ones,
        then one ``moved`` for the list when the kept items changed order."""
        cls = f.model
        assert cls is not None
        pairs, gone, fresh = _match(cls, olds, news)
        list_old, list_new = _join(place.old, f.key), _join(place.new, f.key)
        list_ids = (*place.ids, f.key)
        partner = {j: i for i, j in pairs}
        moved_in: dict[int, _Pooled] = {}
        renamed: dict[int, int] = {}
        if has_id(cls) and (fresh or gone):
            old_pool, new_pool = self.pools()
            for j in fresh:
                elsewhere = old_pool.get((f.key, _key_of(news, j)))
                if elsewhere is not None and elsewhere.parent != place.ids:
                    moved_in[j] = elsewhere
            for i in list(gone):
                elsewhere = new_pool.get((f.key, _key_of(olds, i)))
                if elsewhere is not None and elsewhere.parent != place.ids:
                    gone.remove(i)
            fresh = [j for j in fresh if j not in moved_in]
            for i, j in _renamed_ids(olds, news, gone, fresh):
                gone.remove(i)
                renamed[j] = i
        for j, item in enumerate(news):
            new_path = (*_or(list_new), j)
            if j in partner:
                i = partner[j]
                self.pair(cls, olds[i], item, (*_or(list_old), i), new_path, list_ids, place, None)
            elif j in moved_in:
                pooled = moved_in[j]
                self.pair(cls, pooled.item, item, pooled.path, new_path, list_ids, place, pooled)
            elif j in renamed:
                i = renamed[j]
                sub = self.place_of(cls, list_ids, news, j, (*_or(list_old), i), new_path, place)
                was, now = olds[i].get("id"), item.get("id")
                kind = "renamed" if was is not None and now is not None else "added" if was is None else "removed"
                self.emit(sub, "id", kind, was, now, f"{sub.label} id")
            else:
                sub = self.place_of(cls, list_ids, news, j, None, new_path, place)
                self.item(sub, "added", None, item, sub.label)
        for i in gone:
            sub = self.place_of(cls, list_ids, olds, i, (*_or(list_old), i), None, place)
            self.item(sub, "removed", olds[i], None, sub.label)
        by_new = [i for i, _ in sorted(pairs, key=lambda p: p[1])]
        if any(x > y for x, y in itertools.pairwise(by_new)):
            order_old = [_key_of(olds, i) for i in sorted(by_new)]
            order_new = [_key_of(olds, i) for i in by_new]
            what = f"order of {_words(f.key)}" + (f" in {place.label}" if place.ids else "")
            at_old, at_new = self.a.at(list_old), self.b.at(list_new)
            self.out.append(Change(list_ids, what, "moved", order_old, order_new, list_old, list_new, at_old, at_new))

    def place_of(
        self,
        cls: type[BaseModel],
        list_ids: IdPath,
        items: list[Any],
        index: int,
        old: ModelPath | None,
        new: ModelPath | None,
        parent: _Place,
    ) -> _Place:
        item = items[index]
        step: str | int = item["id"] if has_id(cls) and isinstance(item.get("id"), str) else index
        return _Place((*list_ids, step), old, new, _label(cls, item, parent))

    def pair(
        self,
        cls: type[BaseModel],
        a: dict[str, Any],
        b: dict[str, Any],
        old_path: ModelPath,
        new_path: ModelPath,
        list_ids: IdPath,
        parent: _Place,
        moved_from: _Pooled | None,
    ) -> None:
        if moved_from is None and same(a, b):
            return
        step: str | int = b["id"] if has_id(cls) and isinstance(b.get("id"), str) else new_path[-1]
        label = _label(cls, b, parent)
        place = _Place((*list_ids, step), old_path, new_path, label)
        if moved_from is not None:
            src, dst = moved_from.parent[-1], parent.ids[-1] if parent.ids else ""
            self.item(place, "moved", src, dst, f"{label} moved")
        naming = naming_field(cls)
        was, now = (a.get(naming), b.get(naming)) if naming is not None else (None, None)
        if naming is not None and naming != "id" and not _absent(was) and not _absent(now) and not same(was, now):
            old_label = _label(cls, a, parent)
            self.emit(place, naming, "renamed", was, now, f"{old_label} {_words(naming)}")
            a = {**a, naming: now}
        self.obj(cls, a, b, place)


def _or(path: ModelPath | None) -> ModelPath:
    return path if path is not None else ()


def _join(path: ModelPath | None, key: str | int) -> ModelPath | None:
    return (*path, key) if path is not None else None


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _extras(a: dict[str, Any], b: dict[str, Any], known: frozenset[str]) -> Iterator[str]:
    seen = set()
    for d in (a, b):
        for key in d:
            if key not in known and key not in seen:
                seen.add(key)
                yield key


def _words(step: str | int) -> str:
    if isinstance(step, int):
        return f"#{step + 1}"
    return step if step.startswith("x-") else step.replace("_", " ")


def _short(text: Any, n: int = 60) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _label(cls: type[BaseModel], item: dict[str, Any], parent: _Place) -> str:
    """``touchpoint 'Kickoff call'``; an item without an id also names where it is."""
    keys = _keys(cls)
    name = next((item[k] for k in NAMING if k in keys and item.get(k) not in (None, "")), None)
    text = f"{noun(cls)} '{_short(name)}'" if name is not None else noun(cls)
    if not has_id(cls) and parent.ids:
        text += f" of {parent.label}"
    return text


def _key_of(items: Sequence[Any], i: int) -> Any:
    """What names an item in an order: its id, else its naming field, else its position."""
    item = items[i]
    if isinstance(item, dict):
        for key in ("id", *NAMING):
            value = item.get(key)
            if isinstance(value, str):
                return value
    return f"#{i + 1}"


def _pool(
    data: dict[str, Any], cls: type[BaseModel], parent: IdPath = (), path: ModelPath = ()
) -> dict[tuple[str, Any], _Pooled]:
    """Every object with an id, by (list key, id): where it sits, so one that changed parent is found."""
    out: dict[tuple[str, Any], _Pooled] = {}
    for f in fields_of(cls):
        if not f.many or f.model is None:
            continue
        items = _as_list(data.get(f.key))
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            ident = item.get("id")
            if has_id(f.model) and isinstance(ident, str):
                out.setdefault((f.key, ident), _Pooled(parent, (*path, f.key, i), item))
                out.update(
                    {k: v for k, v in _pool(item, f.model, (*parent, f.key, ident), (*path, f.key, i)).items()
                     if k not in out}
                )  # fmt: skip
    return out


def _match(
    cls: type[BaseModel], olds: list[Any], news: list[Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index), the old items with no partner, the new ones with none."""
    pairs: list[tuple[int, int]] = []
    gone = list(range(len(olds)))
    fresh = list(range(len(news)))

    if has_id(cls):
        old_ids = [x.get("id") if _has_own_id(x) else None for x in olds]
        new_ids = [x.get("id") if _has_own_id(x) else None for x in news]
        same_place = {j for j in fresh if j < len(olds) and new_ids[j] is not None and old_ids[j] == new_ids[j]}
        spare: dict[str, list[int]] = {}
        for i, ident in enumerate(old_ids):
            if ident is not None and i not in same_place:
                spare.setdefault(ident, []).append(i)
        for j in fresh:
            if j in same_place:
                pairs.append((j, j))
            elif (ident := new_ids[j]) is not None and spare.get(ident):
                pairs.append((spare[ident].pop(0), j))
        taken_old = {i for i, _ in pairs}
        taken_new = {j for _, j in pairs}
        gone = [i for i in gone if i not in taken_old]
        fresh = [j for j in fresh if j not in taken_new]
        # objects without an id (evidence may have none) fall through to the id-less matching
        rest_old = [i for i in gone if not _has_own_id(olds[i])]
        rest_new = [j for j in fresh if not _has_own_id(news[j])]
    else:
        rest_old, rest_new = list(gone), list(fresh)
    id_less = _match_id_less(cls, olds, news, rest_old, rest_new)
    for i, j in id_less:
        gone.remove(i)
        fresh.remove(j)
    pairs += id_less
    pairs.sort(key=lambda p: p[1])
    return pairs, gone, fresh


def _has_own_id(x: Any) -> bool:
    return isinstance(x, dict) and isinstance(x.get("id"), str)


def _match_id_less(
    cls: type[BaseModel], olds: list[Any], news: list[Any], gone: list[int], fresh: list[int]
) -> list[tuple[int, int]]:
    """Same content first, then the same naming field (each at the same place first), then the same place:
    a rename keeps its place."""
    gone, fresh = list(gone), list(fresh)
    pairs: list[tuple[int, int]] = []
    naming = naming_field(cls)

    def take(test: typing.Callable[[int, int], bool]) -> None:
        for j in list(fresh):
            for i in gone:
                if test(i, j):
                    pairs.append((i, j))
                    gone.remove(i)
                    fresh.remove(j)
                    break

    take(lambda i, j: i == j and same(olds[i], news[j]))
    take(lambda i, j: same(olds[i], news[j]))
    if naming is not None:
        named = [_named(x, naming) for x in olds]
        take(lambda i, j: i == j and named[i] is not None and same(named[i], _named(news[j], naming)))
        take(lambda i, j: named[i] is not None and same(named[i], _named(news[j], naming)))
    take(lambda i, j: i == j)
    if len(gone) == 1 and len(fresh) == 1:
        pairs.append((gone[0], fresh[0]))
    return pairs


def _named(x: Any, naming: str) -> Any:
    return x.get(naming) if isinstance(x, dict) else None


def _renamed_ids(olds: list[Any], news: list[Any], gone: list[int], fresh: list[int]) -> list[tuple[int, int]]:
    """An old and a new item alike in everything but their id: the id was changed (or given, or taken away)."""
    out = []
    used: set[int] = set()
    for i in gone:
        if not isinstance(olds[i], dict):
            continue
        rest = {k: v for k, v in olds[i].items() if k != "id"}
        for j in fresh:
            if j in used or not isinstance(news[j], dict) or not (_has_own_id(olds[i]) or _has_own_id(news[j])):
                continue
            if same(rest, {k: v for k, v in news[j].items() if k != "id"}):
                out.append((i, j))
                used.add(j)
                break
    return out


def _side(x: MapData | JourneyMap) -> MapData:
    return x if isinstance(x, MapData) else MapData.of(x)


def compute_changes(old: MapData | JourneyMap, new: MapData | JourneyMap) -> list[Change]:
    """Every difference between two maps, in the new side's order (removals where the old side had them)."""
    a, b = _side(old), _side(new)
    walk = _Walk(a, b)
    walk.obj(JourneyMap, a.data, b.data, _Place((), (), (), "map"))
    return walk.out
