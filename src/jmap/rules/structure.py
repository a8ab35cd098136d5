"""Structure rules. JM001-JM003, JM005, JM007 and JM008 are reported by the readers and the model; JM004 checks ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from jmap.findings import ModelPath, Severity
from jmap.rules.base import Applicability, Fix, Hit, Rule, RuleContext, q, register

T = TypeVar("T")


def _repeats(keys: Iterable[tuple[str | None, T]]) -> Iterator[tuple[T, T]]:
    """``(place, first place)`` for each key met before, in order; None keys are skipped."""
    first: dict[str, T] = {}
    for key, place in keys:
        if key is None:
            continue
        if key in first:
            yield place, first[key]
        else:
            first[key] = place


class _Structure(Rule):
    structural = True
    group = "Structure"


@register
class ParseError(_Structure):
    """The file could not be read as YAML or as an XLSX workbook.

    Why: nothing else can be checked until the file parses. The finding points
    at the line and column (or cell) where reading stopped.

    Fix: correct the syntax at that position. Common causes are a tab used for
    indentation, a missing space after a colon, an unclosed quote, a file that
    holds several YAML documents, or a workbook that is damaged or
    password-protected. Hostile inputs (alias bombs, very deep nesting, zip
    bombs) also end here instead of exhausting memory.

    Configure: always on; cannot be ignored or downgraded.

    Example:

    ```yaml
    jmap: 1
    title: [Onboarding
    stages: []
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: "[Onboarding"
    stages: []
    ```
    """

    code = "JM001"
    name = "parse-error"
    severity = Severity.ERROR
    summary = "the file is not readable YAML or XLSX"


@register
class SchemaError(_Structure):
    """A value breaks the journey-map format.

    Why: a wrong type, a value out of range (emotion must be -2..2), a word
    outside a list (impact: high | medium | low), a missing required field
    (jmap, title, stages, and id and name on every stage and touchpoint) or a
    malformed id would be misread by every tool downstream. Every fault in the
    file is reported, one finding each, and the other rules still run on what
    could be read.

    Fix: correct the value as the message says. A YAML file named on the
    command line without the `jmap:` key is reported here too: it has lost
    the marker that makes it a journey map.

    Configure: always on; cannot be ignored or downgraded.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            emotion: 5
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            emotion: 2
    ```
    """

    code = "JM002"
    name = "schema-error"
    severity = Severity.ERROR
    summary = "a value breaks the format: wrong type, out of range, missing required field, bad id"
    fix = Fix("Add the missing id, made from the name", Applicability.SAFE, "jmap.rules.fixes:add_missing_id")


@register
class UnknownField(_Structure):
    """A key (YAML) or column (XLSX) that jmap does not know.

    Why: a typo such as `onwer:` would otherwise pass silently and the owner
    would simply be missing. The message suggests the closest known name.

    Fix: correct the spelling, or, for a field of your own, start its name
    with `x-` (for example `x-salesforce-id`); such fields are kept through
    every conversion.

    Configure: always on; cannot be ignored or downgraded.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            onwer: CSM
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            owner: CSM
    ```
    """

    code = "JM003"
    name = "unknown-field"
    severity = Severity.ERROR
    summary = "a key or column jmap does not know; the message suggests the closest known name"
    fix = Fix(
        "Rename the key to the field it likely means", Applicability.UNSAFE, "jmap.rules.fixes:rename_unknown_field"
    )


@register
class DuplicateId(_Structure):
    """Two stages, two touchpoints or two evidence items share an id; or a pain point names a missing touchpoint.

    Why: ids are how workbooks, reports and pull requests refer to a stage or
    touchpoint. Stage ids are unique among stages; touchpoint ids are unique
    in the whole map, and so are evidence ids. In a workbook, a row of the `Pain points` sheet must
    name a touchpoint id from the `Touchpoints` sheet. A map kept in two
    formats in one folder (a YAML file and a workbook) is one map: when the
    two files hold the same map id with different content, each is reported,
    naming the other, since the report and the site would count that map
    twice. A map and its own workbook (the same content) are counted once,
    and not reported.

    Fix: give each object its own id (lowercase letters, digits, hyphens).

    Configure: always on; cannot be ignored or downgraded.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
          - id: kickoff
            name: Welcome email
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
          - id: welcome-email
            name: Welcome email
    ```
    """

    code = "JM004"
    name = "duplicate-id"
    severity = Severity.ERROR
    summary = "two stages, touchpoints or evidence items share an id, or a pain point names a missing touchpoint"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        def twice(kind: str, key: str | None, path: ModelPath, here: str, first: ModelPath, there: str) -> Hit:
            return Hit(path, f"{kind} id {q(key)} is used twice: by {here} here and by {there} at {ctx.where(first)}")

        stages = ctx.map.stages
        for si, fs in _repeats((s.id, si) for si, s in enumerate(stages)):
            here, there = f"stage {q(stages[si].name)}", f"stage {q(stages[fs].name)}"
            yield twice("stage", stages[si].id, ("stages", si, "id"), here, ("stages", fs, "id"), there)
        for (si, ti), (fs, ft) in _repeats((tp.id, (si, ti)) for si, _, ti, tp in ctx.touchpoints()):
            tp, other = stages[si].touchpoints[ti], stages[fs].touchpoints[ft]
            here = f"touchpoint {q(tp.name)} in stage {q(stages[si].name)}"
            path, first = ("stages", si, "touchpoints", ti, "id"), ("stages", fs, "touchpoints", ft, "id")
            yield twice("touchpoint", tp.id, path, here, first, f"touchpoint {q(other.name)}")
        evidence = ctx.map.evidence
        for ei, fe in _repeats((item.id, ei) for ei, item in enumerate(evidence)):
            at, was = ("evidence", ei, "id"), ("evidence", fe, "id")
            yield twice("evidence", evidence[ei].id, at, f"evidence item {ei + 1}", was, f"item {fe + 1}")


@register
class DuplicateKey(_Structure):
    """A YAML mapping repeats a key.

    Why: most YAML tools keep the last value silently, so one of two owners or
    two emotions simply vanishes. jmap reports the repeat and uses the first
    value for the other checks.

    Fix: keep one of the two keys.

    Configure: always on; cannot be ignored or downgraded.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            channel: call
            channel: email
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            channel: call
    ```
    """

    code = "JM005"
    name = "duplicate-key"
    severity = Severity.ERROR
    summary = "a YAML mapping repeats a key"


@register
class WorkbookConflict(_Structure):
    """A workbook's Map sheet and one of its data sheets were changed differently for the same field.

    Why: the Map sheet shows each touchpoint's fields again, so a workbook
    holds them twice. When a Map cell and the cell of a data sheet (Stages,
    Touchpoints, Pain points) were both changed, to different values, jmap
    cannot tell which is meant; it takes neither and keeps the value it wrote.
    The finding names both cells and both values.

    Fix: make the two cells agree (or put the value back in one of them). A
    conversion (`jmap export`) still writes the map with the old value and
    says so; with `--strict` it refuses.

    Configure: always on; cannot be ignored or downgraded.
    """

    code = "JM007"
    name = "workbook-conflict"
    severity = Severity.ERROR
    summary = "a workbook's Map cell and its data sheet were changed to different values for one field"


@register
class MapSheetNote(Rule):
    """A change to a workbook's Map sheet that jmap read in a way worth knowing.

    Why: people treat the Map sheet as a sheet: they type a note under the
    grid, relabel a row, insert a column for a new touchpoint, delete the
    column of one that is gone, or delete a column of a data sheet that the
    Map still shows. None of that blocks reading the workbook, and none of it
    is lost silently:

    - text outside the grid of touchpoints (a note, a legend, a changed row
      label, text right of a stage's first column) is kept in the map's or the
      stage's `x-map-notes`, with its cell;
    - a column inserted in a stage's block with a touchpoint name in the
      Touchpoint row adds that touchpoint (its id made from the name), its
      other cells read like any other column's;
    - a deleted touchpoint column removes that touchpoint, with its pain
      points;
    - a field whose column is missing from the Touchpoints sheet (say Owner
      or Emotion) is read from the Map sheet instead of being dropped.

    Fix: nothing, if that is what you meant; otherwise undo the change in the
    workbook. Each finding names the cell.

    Configure: an info; ignore it with `ignore = ["JM008"]`.
    """

    code = "JM008"
    name = "map-sheet-note"
    severity = Severity.INFO
    summary = "a Map sheet change read as a note, an added or removed touchpoint, or a value a data sheet lacks"
    group = "Structure"


@register
class UnusedSuppression(Rule):
    """An `x-jmap-ignore` entry or `# jmap: ignore[...]` comment silences no finding.

    Why: suppressions outlive the problems they hid. A stale one hides the
    next real finding on that object, so jmap reports it. An entry that names
    no jmap rule at all is reported here too. So is an entry of a lint
    baseline (`--baseline FILE`) that matches no finding of a file linted in
    that run, at its line of the baseline file: the baseline only shrinks.

    Fix: remove the code from the suppression (or the whole suppression); for
    a baseline, run `jmap lint --write-baseline FILE` again.

    Configure: this rule itself can be ignored (`ignore = ["JM006"]`).

    Example:

    ```yaml
    # jmap.toml: select = ["JM405", "JM006"]
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            channel: call  # jmap: ignore[JM405]
    ```

    Use instead:

    ```yaml
    # jmap.toml: select = ["JM405", "JM006"]
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            channel: call
    ```
    """

    code = "JM006"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "an x-jmap-ignore entry or '# jmap: ignore[...]' comment silences no finding"
    fix = Fix("Remove the stale suppression", Applicability.SAFE, "jmap.rules.fixes:remove_suppression")
    group = "Structure"
