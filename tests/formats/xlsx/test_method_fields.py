"""Issue 13's fields in the workbook: the Metrics sheet, Handoff columns, effort and evidence cells, positions."""

from __future__ import annotations

from pathlib import Path

from jmap.findings import Location
from jmap.loader import load_map
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import (
    build_workbook,
    dump,
    minimal_sheets,
    read_bytes,
    read_path,
    roundtrip,
    sheet_parts,
    write_map,
)
from tests.formats.xlsx.test_writer import cell_texts

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _map() -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "jmap": 1,
            "title": "T",
            "evidence": [{"id": "calls", "type": "interview"}],
            "stages": [
                {"id": "a", "name": "A", "metrics": ["NPS", "CSAT"]},
                {
                    "id": "b",
                    "name": "B",
                    "handoff": {"from": "Sales", "to": "CSM", "what": "Notes", "owner": "Ops", "x-sla": 2},
                    "expected_duration": "14 days",
                    "exit_criteria": ["Live", "Trained"],
                    "metrics": [
                        "NPS",
                        {"name": "TTV", "unit": "days", "current": 21.5, "target": 14, "as_of": "2026-10-01"},
                    ],
                    "touchpoints": [
                        {
                            "id": "t",
                            "name": "T",
                            "metrics": [{"name": "CSAT", "current": 4.2, "target": 4.5}],
                            "pain_points": [
                                {
                                    "text": "x",
                                    "basis": "observed",
                                    "evidence": ["calls", "tickets"],
                                    "opportunity": {
                                        "fix": "f",
                                        "effort": "low",
                                        "confidence": "high",
                                        "value": "medium",
                                    },
                                }
                            ],
                        }
                    ],
                },
            ],
        }
    )


def test_cells_of_the_new_columns_and_the_metrics_sheet(tmp_path: Path) -> None:
    book = write_map(_map(), tmp_path)
    stages = cell_texts(book, "Stages")
    assert [stages.get(f"{c}1") for c in "HIJKLMNO"] == [
        "Metrics", "Expected duration", "Exit criteria", "Handoff from", "Handoff to", "Handoff what", "Handoff owner",
        "Handoff x-sla",
    ]  # fmt: skip
    assert stages["H2"] == "NPS\nCSAT" and "H3" not in stages  # b's metrics have values: all go to the sheet
    assert [stages[f"{c}3"] for c in "IJKLMNO"] == ["14 days", "Live\nTrained", "Sales", "CSM", "Notes", "Ops", "2"]
    pains = cell_texts(book, "Pain points")
    assert [pains[f"{c}2"] for c in "HIJKL"] == ["low", "high", "medium", "observed", "calls\ntickets"]
    metrics = cell_texts(book, "Metrics")
    assert [metrics.get(f"{c}1") for c in "ABCDEFGHIJK"] == [
        "Stage ID", "Touchpoint ID", "Metric", "Type", "Unit", "Baseline", "Current", "Target", "Direction", "As of",
        "Source",
    ]  # fmt: skip
    assert [metrics.get(f"{c}2") for c in "ABCG"] == ["b", None, "NPS", None]
    assert [metrics.get(f"{c}3") for c in "ABCEGH"] == ["b", None, "TTV", "days", "21.5", "14"]
    assert [metrics.get(f"{c}4") for c in "ABCGH"] == ["b", "t", "CSAT", "4.2", "4.5"]
    assert roundtrip(_map(), tmp_path, "again.xlsx") == _map()


def test_no_metrics_sheet_when_every_metric_is_a_name(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "T", "stages": [{"id": "a", "name": "A", "metrics": ["NPS"]}]})
    assert "Metrics" not in sheet_parts(write_map(m, tmp_path))


def test_findings_point_at_metric_handoff_and_evidence_cells(tmp_path: Path) -> None:
    doc, _ = read_path(write_map(_map(), tmp_path))
    at = doc.positions.locate
    assert at(("stages", 1, "metrics", 1, "as_of")) == Location(3, 10, "Metrics!J3")
    assert at(("stages", 1, "touchpoints", 0, "metrics", 0, "target")) == Location(4, 8, "Metrics!H4")
    assert at(("stages", 1, "handoff")) == Location(3, 11, "Stages!K3")
    assert at(("stages", 1, "touchpoints", 0, "pain_points", 0, "evidence", 1)) == Location(2, 12, "Pain points!L2")


def test_a_hand_made_metrics_sheet_adds_to_the_names_in_the_column() -> None:
    stages = [["Stage ID", "Name", "Metrics"], ["onboarding", "Onboarding", "NPS"], ["adoption", "Adoption", None]]
    metrics = [
        ["Stage ID", "Touchpoint ID", "Metric", "Current", "Target", "As of"],
        ["onboarding", None, "Time to first value", "21", 14, "2026-10-01"],
        [None, "kickoff", "Kickoff CSAT", 4.2, 4.5, None],
        ["nowhere", None, "Lost", 1, 2, None],
        [None, None, "Orphan", 1, 2, None],
    ]
    doc, validated = read_bytes(build_workbook({**minimal_sheets(Stages=stages), "Metrics": metrics}))
    assert [(i.code, i.location.cell) for i in doc.issues] == [("JM004", "Metrics!A4"), ("JM004", "Metrics!A5")]
    m = validated.model
    assert m is not None
    assert [(x.name, x.current, x.target) for x in m.stages[0].metrics] == [
        ("NPS", None, None), ("Time to first value", 21, 14),
    ]  # fmt: skip
    assert [(x.name, x.current) for x in m.stages[0].touchpoints[0].metrics] == [("Kickoff CSAT", 4.2)]


def test_every_example_round_trips_through_a_workbook(tmp_path: Path) -> None:
    paths = sorted(EXAMPLES.rglob("*.yaml"))
    assert len(paths) == 4
    for path in paths:
        m = load_map(path).model
        assert dump(roundtrip(m, tmp_path, f"{path.stem}.xlsx")) == dump(m), path.name
