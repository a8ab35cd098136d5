"""The export core: format choice, atomic writes, refusals, stdout, and the XLSX import path."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest

from jmap import export as export_mod
from jmap.errors import ExportError, SourceError
from jmap.export import ExportResult, choose_format, export
from jmap.formats.writers import FORMATS, WRITERS
from jmap.loader import load_map
from jmap.util.atomic import same_file
from tests.formats.util import SMALL, small_map


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    path.write_bytes(SMALL.read_bytes())
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class _Stream(io.BytesIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not WRITERS[f].binary])
def test_each_text_format_by_extension(source: Path, fmt: str) -> None:
    out = source.parent / f"out{WRITERS[fmt].extensions[0]}"
    before = _hash(source)
    result = export(source, out, None)
    assert result == ExportResult(source, out, fmt, 3, 3, out.stat().st_size)
    assert out.read_bytes() == WRITERS[fmt].text()(small_map()).encode("utf-8")
    assert _hash(source) == before
    assert _listing(source.parent) == sorted(["map.yaml", out.name])


def test_summary_line(source: Path) -> None:
    result = export(source, source.parent / "m.json", None)
    assert result.summary() == f"wrote {source.parent / 'm.json'} (json, 3 stages, 3 touchpoints)"
    assert ExportResult(source, None, "md", 1, 1, 0).summary() == "wrote <stdout> (md, 1 stage, 1 touchpoint)"


def test_yml_and_upper_case_extensions(source: Path) -> None:
    assert choose_format(Path("a.yml"), None).name == "yaml"
    assert choose_format(Path("a.MD"), None).name == "md"
    assert export(source, source.parent / "x.YML", None).format == "yaml"


def test_to_overrides_the_extension(source: Path) -> None:
    out = source.parent / "map.txt"
    assert export(source, out, "json").format == "json"
    assert out.read_text(encoding="utf-8").startswith("{\n")


def test_unknown_extension_names_the_known_ones(source: Path) -> None:
    with pytest.raises(ExportError, match=r"\.txt.*\.yaml, \.yml, \.json, \.md, \.mmd, \.csv, \.xlsx"):
        export(source, source.parent / "map.txt", None)
    with pytest.raises(ExportError, match="extension \\(none\\)"):
        export(source, source.parent / "map", None)
    with pytest.raises(ExportError, match="unknown format 'pdf'; use one of: yaml, json, md, mmd, csv, xlsx"):
        export(source, source.parent / "map.yaml", "pdf")
    assert _listing(source.parent) == ["map.yaml"]


def test_stdout_needs_a_format(source: Path) -> None:
    with pytest.raises(ExportError, match="needs -f FORMAT"):
        export(source, None, None, stdout=_Stream(False))


def test_out_equal_to_file_is_refused(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _hash(source)
    link = source.parent / "link.yaml"
    link.symlink_to(source)
    hard = source.parent / "hard.yaml"
    os.link(source, hard)
    monkeypatch.chdir(source.parent)
    for out in (source, Path("map.yaml"), Path("./sub/../map.yaml"), link, hard):
        with pytest.raises(ExportError, match="is the input file"):
            export(source, out, None)
    assert _hash(source) == before
    assert same_file(source, hard) and not same_file(source, source.parent / "other.yaml")


def test_missing_folder_and_folder_as_out(source: Path) -> None:
    with pytest.raises(ExportError, match=r"the folder .*nope does not exist"):
        export(source, source.parent / "nope" / "out.yaml", None)
    with pytest.raises(ExportError, match="does not exist"):
        export(source, source / "out.yaml", None)
    with pytest.raises(ExportError, match="is a folder"):
        export(source, source.parent, "yaml")


def _refuses_new_files(folder: Path) -> bool:
    try:
        fd, name = tempfile.mkstemp(dir=folder)
    except PermissionError:
        return True
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return False


def test_unwritable_folder(source: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        folder = next((f for f in (locked, Path("/sys")) if f.is_dir() and _refuses_new_files(f)), None)
        if folder is None:
            pytest.skip("no folder here refuses new files (root without a read-only /sys)")
        with pytest.raises(ExportError, match="cannot write \\(permission denied\\)"):
            export(source, folder / "out.yaml", None)
        assert not (folder / "out.yaml").exists()
    finally:
        locked.chmod(0o700)


def test_existing_out_is_replaced_keeping_its_permissions(source: Path) -> None:
    out = source.parent / "out.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    export(source, out, None, force=True)
    assert out.read_text(encoding="utf-8").startswith("# Renewal")
    assert out.stat().st_mode & 0o777 == 0o640


def test_new_out_gets_the_umask_permissions(source: Path) -> None:
    old = os.umask(0o022)
    try:
        export(source, source.parent / "new.csv", None)
    finally:
        os.umask(old)
    assert (source.parent / "new.csv").stat().st_mode & 0o777 == 0o644


def test_symlinked_out_is_written_through(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    export(source, link, None, force=True)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith('{\n  "jmap": 1')


def test_failing_writer_leaves_no_temp_file_and_old_out_intact(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jmap.formats.xlsx.writer as xlsx

    def half_then_fail(m: object, dest: Path) -> None:
        dest.write_bytes(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk gremlin")

    monkeypatch.setattr(xlsx, "write_xlsx", half_then_fail)
    out = source.parent / "out.xlsx"
    with pytest.raises(RuntimeError, match="disk gremlin"):
        export(source, out, None)
    assert _listing(source.parent) == ["map.yaml"]
    out.write_bytes(b"old workbook")
    with pytest.raises(RuntimeError):
        export(source, out, None, force=True)
    assert out.read_bytes() == b"old workbook"
    assert _listing(source.parent) == ["map.yaml", "out.xlsx"]


def test_disk_full_is_an_export_error_and_leaves_nothing(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes) -> None:
        path.write_bytes(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_mod, "_write_bytes", full)
    with pytest.raises(ExportError, match=r"out\.yaml: cannot write \(No space left on device\)"):
        export(source, source.parent / "out.yaml", None)
    assert _listing(source.parent) == ["map.yaml"]


def test_interrupt_leaves_nothing(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: Path, data: bytes) -> None:
        path.write_bytes(data[:10])
        raise KeyboardInterrupt

    monkeypatch.setattr(export_mod, "_write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export(source, source.parent / "out.md", None)
    assert _listing(source.parent) == ["map.yaml"]


def test_map_with_faults_is_refused_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("jmap: 1\ntitle: T\nonwer: me\nstages: []\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.yaml:3:1: JM003 unknown field 'onwer'"):
        export(bad, tmp_path / "out.yaml", None)
    assert _listing(tmp_path) == ["bad.yaml"]


def test_missing_input(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        export(tmp_path / "nope.yaml", tmp_path / "out.yaml", None)


def test_text_to_stdout(source: Path) -> None:
    stream = _Stream(True)
    result = export(source, None, "md", stdout=stream)
    assert result.out is None and result.size == len(stream.getvalue())
    assert stream.getvalue().decode("utf-8").startswith("# Renewal: the #1 risk")
    assert _listing(source.parent) == ["map.yaml"]


def test_xlsx_to_a_terminal_is_refused(source: Path) -> None:
    with pytest.raises(ExportError, match="binary format and stdout is a terminal"):
        export(source, None, "xlsx", stdout=_Stream(True))


def test_xlsx_to_a_pipe_is_the_workbook(source: Path) -> None:
    stream = _Stream(False)
    export(source, None, "xlsx", stdout=stream)
    assert stream.getvalue()[:2] == b"PK"


def test_mermaid_too_long_for_mermaid_is_written_with_a_warning(tmp_path: Path) -> None:
    touchpoints = "".join(f"      - id: t{i}\n        name: Touchpoint number {i}\n" for i in range(2500))
    big = tmp_path / "big.yaml"
    big.write_text(f"jmap: 1\ntitle: Big\nstages:\n  - id: s\n    name: S\n    touchpoints:\n{touchpoints}")
    result = export(big, tmp_path / "big.mmd", None)
    assert result.touchpoints == 2500
    assert len(result.warnings) == 1 and "maxTextSize" in result.warnings[0]


def test_xlsx_round_trip_is_lossless(source: Path) -> None:
    workbook = source.parent / "map.xlsx"
    export(source, workbook, None)
    back = source.parent / "back.yaml"
    export(workbook, back, None)
    assert load_map(back, strict=True).model == small_map()
    assert back.read_text(encoding="utf-8") == WRITERS["yaml"].text()(small_map())


DUPLICATE_STAGE = """\
jmap: 1
title: Dup
stages:
  - id: a
    name: A
    touchpoints:
      - {id: t1, name: T1}
  - id: a
    name: A again
    touchpoints:
      - {id: t2, name: T2}
"""
DUPLICATE_TOUCHPOINT = """\
jmap: 1
title: Dup
stages:
  - id: a
    name: A
    touchpoints:
      - {id: t1, name: T1}
      - id: t1
        name: T1 again
        pain_points: [{text: moves to the first t1 in a workbook}]
"""


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            DUPLICATE_STAGE,
            ["{p}:8:5: JM004 stage id 'a' is used twice: by stage 'A again' here and by stage 'A' at line 4"],
        ),
        (
            DUPLICATE_TOUCHPOINT,
            [
                "{p}:8:9: JM004 touchpoint id 't1' is used twice: by touchpoint 'T1 again' in stage 'A' here "
                "and by touchpoint 'T1' at line 7"
            ],
        ),
    ],
    ids=["stage", "touchpoint"],
)
@pytest.mark.parametrize("suffix", [".xlsx", ".yaml", ".json"])
def test_duplicate_ids_are_refused_with_every_position(
    tmp_path: Path, text: str, lines: list[str], suffix: str
) -> None:
    source = tmp_path / "dup.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    with pytest.raises(SourceError) as exc:
        export(source, out, None)
    assert str(exc.value) == (
        f"{source}: cannot convert: 1 id is not unique, and a written file would attach their contents to the "
        "first object with that id: " + "; ".join(line.format(p=source) for line in lines)
    )
    assert _listing(tmp_path) == ["dup.yaml"]


def test_every_duplicate_is_listed_and_the_cli_exits_2(tmp_path: Path) -> None:
    from tests.conftest import run_jmap

    source = tmp_path / "dup.yaml"
    source.write_text(DUPLICATE_STAGE.replace("{id: t2, name: T2}", "{id: t1, name: T1 again}"), encoding="utf-8")
    res = run_jmap("export", str(source), "-o", str(tmp_path / "out.xlsx"))
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr == (
        f"jmap: error: {source}: cannot convert: 2 ids are not unique, and a written file would attach their "
        f"contents to the first object with that id: "
        f"{source}:8:5: JM004 stage id 'a' is used twice: by stage 'A again' here and by stage 'A' at line 4; "
        f"{source}:11:10: JM004 touchpoint id 't1' is used twice: by touchpoint 'T1 again' in stage 'A again' "
        "here and by touchpoint 'T1' at line 7\n"
    )
    assert _listing(tmp_path) == ["dup.yaml"]


def test_unique_ids_survive_yaml_xlsx_yaml_exactly(tmp_path: Path) -> None:
    source = tmp_path / "ok.yaml"
    source.write_text(DUPLICATE_TOUCHPOINT.replace("- id: t1\n", "- id: t2\n"), encoding="utf-8")
    export(source, tmp_path / "ok.xlsx", None)
    export(tmp_path / "ok.xlsx", tmp_path / "back.yaml", None)
    assert load_map(tmp_path / "back.yaml", strict=True).model == load_map(source, strict=True).model
    tps = load_map(tmp_path / "back.yaml", strict=True).model.stages[0].touchpoints
    assert [(t.id, [p.text for p in t.pain_points]) for t in tps] == [
        ("t1", []),
        ("t2", ["moves to the first t1 in a workbook"]),
    ]


ENTERPRISE = Path(__file__).resolve().parents[1] / "examples" / "enterprise-post-sale.yaml"


def _slides(out: Path, stage: str | None = None, force: bool = True) -> ExportResult:
    from datetime import date

    from jmap.pictures.options import PictureOptions

    options = PictureOptions(today=date(2026, 11, 25), slides=True, stage=stage)
    return export(ENTERPRISE, out, picture=options, force=force)


def test_slides_of_a_shorter_run_remove_only_the_slides_jmap_wrote_and_nothing_changed(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    first = _slides(out)
    assert [p.name for p in first.files] == [f"map-{k}.svg" for k in range(1, 11)]
    manifest = json.loads((tmp_path / ".map.svg.jmap-slides.json").read_text(encoding="utf-8"))
    assert manifest == {
        "jmap-slides": 1,
        "files": {f"map-{k}.svg": _hash(tmp_path / f"map-{k}.svg") for k in range(1, 11)},
    }
    # The user's: an edited slide, files beside the set, a slide-like name jmap never wrote, another OUT's set.
    (tmp_path / "map-7.svg").write_bytes(b"<svg>edited</svg>")
    mine = {"map-11.svg": b"mine", "map-notes.svg": b"notes", "map-1.png": b"png", "other-3.svg": b"other"}
    for name, data in mine.items():
        (tmp_path / name).write_bytes(data)

    second = _slides(out, stage="renewal")
    assert [p.name for p in second.files] == ["map-1.svg", "map-2.svg"]
    assert [p.name for p in second.removed] == ["map-3.svg", "map-4.svg", "map-5.svg", "map-6.svg", "map-8.svg",
                                                "map-9.svg", "map-10.svg"]  # fmt: skip
    assert second.warnings == (f"{tmp_path / 'map-7.svg'}: kept, though this run has no such slide: it changed since "
                               "jmap wrote it",)  # fmt: skip
    assert second.summary() == (
        f"wrote {tmp_path / 'map-1.svg'} … {tmp_path / 'map-2.svg'} (svg, 2 slides, 1 stage, 4 touchpoints); "
        f"removed {tmp_path / 'map-3.svg'} … {tmp_path / 'map-10.svg'}, left from the last run"
    )
    assert _listing(tmp_path) == sorted([".map.svg.jmap-slides.json", "map-1.svg", "map-2.svg", "map-7.svg", *mine])
    assert (tmp_path / "map-7.svg").read_bytes() == b"<svg>edited</svg>"
    for name, data in mine.items():
        assert (tmp_path / name).read_bytes() == data
    manifest = json.loads((tmp_path / ".map.svg.jmap-slides.json").read_text(encoding="utf-8"))
    assert manifest["files"] == {"map-1.svg": _hash(tmp_path / "map-1.svg"), "map-2.svg": _hash(tmp_path / "map-2.svg")}
    # The edited slide is no longer listed as jmap's: a third run leaves it without a word.
    third = _slides(out, stage="renewal")
    assert third.removed == () and third.warnings == ()


def test_a_file_in_the_manifest_place_that_is_not_jmaps_is_refused_before_any_slide(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    (tmp_path / ".map.svg.jmap-slides.json").write_bytes(b'{"files": ["map-1.svg"]}')
    with pytest.raises(ExportError, match=r"is not the list of slides jmap wrote; move it away"):
        _slides(out)
    assert _listing(tmp_path) == [".map.svg.jmap-slides.json"]
    (tmp_path / ".map.svg.jmap-slides.json").unlink()
    os.symlink(tmp_path / "elsewhere.json", tmp_path / ".map.svg.jmap-slides.json")
    with pytest.raises(ExportError, match=r"is a symbolic link"):
        _slides(out)


def test_a_listed_slide_replaced_by_a_link_or_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    _slides(out)
    (tmp_path / "map-5.svg").unlink()
    (tmp_path / "map-5.svg").mkdir()
    (tmp_path / "map-6.svg").unlink()
    (tmp_path / "target.svg").write_bytes(b"target")
    os.symlink(tmp_path / "target.svg", tmp_path / "map-6.svg")
    (tmp_path / "map-4.svg").unlink()
    result = _slides(out, stage="renewal")
    assert [p.name for p in result.removed] == ["map-3.svg", "map-7.svg", "map-8.svg", "map-9.svg", "map-10.svg"]
    assert (tmp_path / "map-5.svg").is_dir() and (tmp_path / "map-6.svg").is_symlink()
    assert (tmp_path / "target.svg").read_bytes() == b"target"
