"""Golden outputs of every view of the sample and example maps at 60, 100 and 160 columns.

Regenerate after an intended change with ``JMAP_UPDATE_GOLDEN=1 pytest tests/render``
and review the diff of tests/render/golden/ before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import TODAY
from tests.render.helpers import GOLDEN, SAMPLE, VIEWS, WIDTHS, all_maps

UPDATE = os.environ.get("JMAP_UPDATE_GOLDEN") == "1"

CASES = [
    pytest.param(path, view, width, None, id=f"{path.stem}-{view}-{width}")
    for path in all_maps()
    for view in VIEWS
    for width in WIDTHS
]
CASES.append(pytest.param(SAMPLE, "grid", 100, "renewal", id="sample-grid-100-stage-renewal"))


def _golden_name(path: Path, view: str, width: int, stage: str | None) -> Path:
    suffix = f".stage-{stage}" if stage else ""
    return GOLDEN / f"{path.stem}.{view}.{width}{suffix}.txt"


@pytest.mark.parametrize(("path", "view", "width", "stage"), CASES)
def test_golden(
    path: Path, view: str, width: int, stage: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    args = ["render", str(path), "--view", view, "--width", str(width), "--today", TODAY]
    if stage:
        args += ["--stage", stage]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    golden = _golden_name(path, view, width, stage)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.is_file(), f"no golden {golden.name}; run JMAP_UPDATE_GOLDEN=1 pytest tests/render"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_no_stale_goldens() -> None:
    expected = {_golden_name(*case.values).name for case in CASES}
    present = {p.name for p in GOLDEN.glob("*.txt")}
    assert present <= expected, f"goldens without a case: {sorted(present - expected)}"
