"""Which OpenDocument library: jmap's own writer and decoder against odfpy, on the same sheets.

    python benchmarks/ods_bench.py [MAP.yaml ...] [--timeout SECONDS]

Default maps: the examples, /tmp/bench/medium.yaml (800 touchpoints) and /tmp/bench/large.yaml (20,000), made by
benchmarks/generate.py if missing. Each measurement is a fresh process (wall seconds of the step, peak RSS of
the process): both writers start from the same cells (the sheets the XLSX writer builds), both readers read the
same .ods (written by jmap) down to every cell's value.

* write/own:   formats.ods.writer's XML and zip
* write/odfpy: odfpy's Table/TableRow/TableCell elements, then its save
* read/own:    formats.ods.content (expat, streamed, capped)
* read/odfpy:  odf.opendocument.load, then every cell's text (odf.teletype)
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

STEPS = ("write/own", "write/odfpy", "read/own", "read/odfpy")


def _sheets(path: str):  # type: ignore[no-untyped-def]
    from jmap.formats.ods import writer
    from jmap.formats.xlsx.writer import xlsx_bytes
    from jmap.loader import load_map

    m = load_map(path).model
    return m, writer._book(xlsx_bytes(m))


def one(step: str, path: str) -> float:
    from jmap.formats.ods import writer

    m, (sheets, styles, _title) = _sheets(path)
    raw = writer.ods_bytes(m)
    start = time.perf_counter()
    if step == "write/own":
        auto, body = writer._content(sheets, styles)
        with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("content.xml", (auto + body).encode("utf-8"))
    elif step == "write/odfpy":
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        doc = OpenDocumentSpreadsheet()
        for sheet in sheets:
            table = Table(name=sheet.name)
            rows = max([r for r, _ in sheet.cells] + [1])
            cols = max([c for _, c in sheet.cells] + [1])
            for r in range(1, rows + 1):
                tr = TableRow()
                for c in range(1, cols + 1):
                    cell = sheet.cells.get((r, c))
                    if cell is None:
                        tr.addElement(TableCell())
                        continue
                    value = cell.value
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        tc = TableCell(valuetype="string")
                        for line in str(value).split("\n"):
                            tc.addElement(P(text=line))
                    else:
                        tc = TableCell(valuetype="float", value=value)
                        tc.addElement(P(text=str(value)))
                    tr.addElement(tc)
                table.addElement(tr)
            doc.spreadsheet.addElement(table)
        doc.write(io.BytesIO())
    elif step == "read/own":
        from jmap.formats.ods.content import content_xml, read_tables

        read_tables(content_xml(raw))
    elif step == "read/odfpy":
        from odf import teletype
        from odf.opendocument import load
        from odf.table import Table, TableCell, TableRow

        doc = load(io.BytesIO(raw))
        for table in doc.spreadsheet.getElementsByType(Table):
            for row in table.getElementsByType(TableRow):
                for cell in row.getElementsByType(TableCell):
                    teletype.extractText(cell)
    return time.perf_counter() - start


def measure(step: str, path: str, timeout: float) -> str:
    args = [sys.executable, __file__, "--one", step, path]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    return done.stdout.strip() or f"failed ({done.stderr.strip().splitlines()[-1:]})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("maps", nargs="*")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--one", nargs=2, metavar=("STEP", "MAP"))
    args = parser.parse_args()
    if args.one:
        import resource

        seconds = one(args.one[0], args.one[1])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{seconds:.3f} s, {peak:.0f} MiB")
        return 0
    root = Path(__file__).resolve().parents[1]
    maps = args.maps or [
        *map(str, sorted((root / "examples").glob("*.yaml"))),
        "/tmp/bench/medium.yaml",
        "/tmp/bench/large.yaml",
    ]
    if any(not Path(m).exists() for m in maps):
        subprocess.run([sys.executable, str(root / "benchmarks" / "generate.py"), "/tmp/bench"], check=True)
    print("| map | " + " | ".join(STEPS) + " |")
    print("|---|" + "---|" * len(STEPS))
    for path in maps:
        cells = [measure(step, path, args.timeout) for step in STEPS]
        print(f"| {Path(path).name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
