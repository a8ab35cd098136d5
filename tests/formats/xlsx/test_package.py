"""The package guards (``formats/xlsx/package.py``): hostile archives and XML end in one JM001 finding.

Quickly and in bounded memory, never a traceback or a crash. Each workbook is built by the test (small on
disk) and read in a child process with a hard address-space limit (``tests/formats/xlsx/hostile.py``).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import GOOD_MAP, run_jmap
from tests.formats.xlsx.helpers import NS, build_workbook, minimal_sheets, read_bytes, sample_map, write_map
from tests.formats.xlsx.hostile import assert_jm001, read_bounded


def _sheet_member(z: zipfile.ZipFile, name: str, head: bytes, filler: bytes, count: int, tail: bytes) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        f.write(head)
        for _ in range(count):
            f.write(filler)
        f.write(tail)


def _replace_member(raw: bytes, name: str, writer: object) -> bytes:
    """A copy of the workbook ``raw`` with member ``name`` written by ``writer(zipfile)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in src.infolist():
            if item.filename != name:
                z.writestr(item, src.read(item.filename))
        writer(z)  # type: ignore[operator]
    return out.getvalue()


@pytest.fixture(scope="module")
def base() -> bytes:
    return build_workbook(minimal_sheets())


@pytest.fixture(scope="module")
def zip_bomb(base: bytes) -> bytes:
    """The Touchpoints sheet inflates to just over 1 GiB of XML (about 1 MB on disk)."""
    chunk = b" " * (16 << 20)
    return _replace_member(
        base,
        "xl/worksheets/sheet3.xml",
        lambda z: _sheet_member(
            z,
            "xl/worksheets/sheet3.xml",
            f"<worksheet {NS}><sheetData>".encode(),
            chunk,
            65,
            b"</sheetData></worksheet>",
        ),
    )


def test_the_base_workbook_is_fine(base: bytes, tmp_path: Path) -> None:
    issues, _ = read_bounded(base, tmp_path)
    assert issues == []


def test_zip_bomb(zip_bomb: bytes, tmp_path: Path) -> None:
    assert len(zip_bomb) < 4 * 1024 * 1024
    assert_jm001(zip_bomb, tmp_path, "zip bomb")


def test_zip_bomb_with_lying_sizes(base: bytes, tmp_path: Path) -> None:
    """The sizes in the archive claim a small sheet; the data inflates to 200 MB."""
    name = "xl/worksheets/sheet3.xml"
    raw = _replace_member(
        base,
        name,
        lambda z: _sheet_member(
            z, name, f"<worksheet {NS}><sheetData>".encode(), b" " * (1 << 20), 200, b"</sheetData></worksheet>"
        ),
    )
    data = bytearray(raw)
    local = data.find(b"PK\x03\x04" + b"\x2d\x00")
    central = data.find(name.encode(), data.find(b"PK\x01\x02"))
    while central != -1 and data[central - 46 : central - 42] != b"PK\x01\x02":
        central = data.find(name.encode(), central + 1)
    assert central != -1 and local != -1
    header = central - 46
    extra_len = struct.unpack_from("<H", data, header + 30)[0]
    extra = header + 46 + len(name)
    # Rewrite the zip64 sizes in the central directory entry to a small, false size.
    if extra_len and struct.unpack_from("<H", data, extra)[0] == 1:
        struct.pack_into("<Q", data, extra + 4, 5000)
    else:
        struct.pack_into("<I", data, header + 24, 5000)
    assert_jm001(bytes(data), tmp_path)


def test_many_small_bombs_add_up(base: bytes, tmp_path: Path) -> None:
    def writer(z: zipfile.ZipFile) -> None:
        for i in range(12):
            _sheet_member(z, f"xl/media/blob{i}.bin", b"", b"\0" * (16 << 20), 6, b"")

    raw = _replace_member(base, "none", writer)
    assert_jm001(raw, tmp_path, "zip bomb")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    "</sheetData></worksheet>"
)


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_in_a_sheet(xml: str, tmp_path: Path) -> None:
    assert_jm001(build_workbook(minimal_sheets(Touchpoints=xml)), tmp_path, "document type declaration")


def test_entity_tricks_in_shared_strings(base: bytes, tmp_path: Path) -> None:
    sst = BILLION_LAUGHS.replace("<worksheet", "<sst").replace("</worksheet>", "</sst>")
    raw = _replace_member(base, "xl/sharedStrings.xml", lambda z: z.writestr("xl/sharedStrings.xml", sst))
    raw = build_workbook(minimal_sheets(), shared_strings=["x"])
    raw = _replace_member(raw, "xl/sharedStrings.xml", lambda z: z.writestr("xl/sharedStrings.xml", sst))
    assert_jm001(raw, tmp_path, "document type declaration")


def test_entity_tricks_in_the_workbook_part(base: bytes, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        book = z.read("xl/workbook.xml").decode()
    evil = book.replace('<?xml version="1.0" encoding="UTF-8"?>', EXTERNAL.split("<worksheet")[0]).replace(
        "<sheets>", "<sheets>&xxe;"
    )
    raw = _replace_member(base, "xl/workbook.xml", lambda z: z.writestr("xl/workbook.xml", evil))
    assert_jm001(raw, tmp_path, "document type declaration")


@pytest.mark.parametrize(
    "raw",
    [b"", b"jmap: 1\ntitle: not a workbook\n", bytes(range(256)) * 40, b"PK\x03\x04" + b"\0" * 100],
    ids=["empty", "yaml", "binary", "zip-magic-only"],
)
def test_not_a_zip(raw: bytes, tmp_path: Path) -> None:
    assert_jm001(raw, tmp_path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptedPackage" + b"\x07" * 4000
    assert_jm001(raw, tmp_path, "password")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_map(sample_map(), tmp_path_factory.mktemp("written")).read_bytes()


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.5, 0.8, 0.95, 0.999])
def test_truncated(fraction: float, written: bytes, tmp_path: Path) -> None:
    assert_jm001(written[: int(len(written) * fraction)], tmp_path)


def test_corrupt_compressed_data(written: bytes, tmp_path: Path) -> None:
    data = bytearray(written)
    with zipfile.ZipFile(io.BytesIO(written)) as z:
        info = z.getinfo("xl/worksheets/sheet4.xml")
    start = info.header_offset + 30 + len(info.filename) + 20
    for i in range(start, start + 200):
        data[i] ^= 0x5A
    assert_jm001(bytes(data), tmp_path)


def test_too_many_members(base: bytes, tmp_path: Path) -> None:
    def writer(z: zipfile.ZipFile) -> None:
        for i in range(3000):
            z.writestr(f"xl/media/f{i}.bin", b"")

    assert_jm001(_replace_member(base, "none", writer), tmp_path, "files")


def test_malformed_sheet_xml(tmp_path: Path) -> None:
    xml = f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>'
    assert_jm001(build_workbook(minimal_sheets(Touchpoints=xml)), tmp_path, "not well-formed")


def test_missing_workbook_part(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert_jm001(out.getvalue(), tmp_path, "missing")


def test_parts_compressed_the_way_workbooks_never_are(base: bytes, tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    assert_jm001(out.getvalue(), tmp_path, "compressed in a way workbooks never are")


# --- issue 8 §5: a part in an unknown XML encoding is JM001 at that part ------------------------------------


def _replace_part(raw: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """``raw`` with member ``part``'s bytes changed by ``change``."""
    data = zipfile.ZipFile(io.BytesIO(raw)).read(part)
    return _replace_member(raw, part, lambda z: z.writestr(part, change(data)))


def _with_declaration(raw: bytes, part: str, declaration: bytes) -> bytes:
    """``raw`` with ``part``'s XML declaration replaced (or one added)."""
    return _replace_part(
        raw, part, lambda data: declaration + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
    )


_DECLARED = (
    "declares the XML encoding 'UTF-z'; jmap reads workbook parts in UTF-8 or UTF-16 (with a byte-order mark), "
    "as spreadsheet programs write them"
)
_UTF_Z = b'<?xml version="1.0" encoding="UTF-z"?>'


@pytest.mark.parametrize(
    ("part", "cell"),
    [
        ("xl/worksheets/sheet1.xml", "About!A1"),
        ("xl/worksheets/sheet3.xml", "Touchpoints!A1"),
        ("xl/sharedStrings.xml", None),
        ("xl/workbook.xml", None),
        ("xl/styles.xml", None),
    ],
)
def test_a_part_in_an_unknown_encoding_is_jm001_at_the_part(part: str, cell: str | None) -> None:
    raw = build_workbook(minimal_sheets(), shared_strings=["unused"])
    doc, _ = read_bytes(_with_declaration(raw, part, _UTF_Z))
    assert [(i.code, i.message, i.location.cell) for i in doc.issues] == [("JM001", f"part {part} {_DECLARED}", cell)]


def test_a_part_in_utf16_with_a_bom_is_read() -> None:
    def utf16(data: bytes) -> bytes:
        return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    raw = _replace_part(build_workbook(minimal_sheets()), "xl/worksheets/sheet3.xml", utf16)
    doc, validated = read_bytes(raw)
    assert doc.issues == [] and validated.model is not None
    assert [t.owner for t in validated.model.stages[0].touchpoints] == ["CSM", None]


def test_a_folder_with_a_damaged_workbook_lints_the_rest_as_usual(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts"))
    raw = build_workbook(minimal_sheets())
    (tmp_path / "bad.xlsx").write_bytes(_with_declaration(raw, "xl/worksheets/sheet3.xml", _UTF_Z))
    result = run_jmap("lint", str(tmp_path), "--today", "2026-11-25")
    assert result.stderr == ""
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'bad.xlsx'}[Touchpoints!A1]: JM001 [error] part xl/worksheets/sheet3.xml {_DECLARED}",
        "",
        f"{tmp_path / 'good.yaml'}:20:9: JM101 [error] touchpoint 'Welcome email' in stage 'Onboarding' has no "
        "owner; name the team or role that runs it",
        "",
        "2 files checked: 2 errors in 2 files.",
    ]
