"""How the workbook prints: pages, smallest text and fill per sheet, for every example and a 60-touchpoint map.

    python benchmarks/print_pages.py [--out DIR]

Writes each workbook with the jmap on the path (``PYTHONPATH=/path/to/src`` measures that checkout),
prints them all through LibreOffice in one run (a private profile), and reads the PDF with poppler:
each page's sheet from its footer, the smallest text in points (``pdftotext -bbox``, calibrated on the
About sheet's 11-point header printed at 100%), and how far down the printable area, from the top
margin to the footer, something is printed (``pdftoppm -gray`` at 30 dpi).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.append(str(REPO))

from tests.formats.xlsx.helpers import printed_pages, soffice_convert  # noqa: E402
from tests.pictures.maps import model, wide_map  # noqa: E402

from jmap.formats.xlsx.writer import write_xlsx  # noqa: E402
from jmap.loader import load_map  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where the workbooks and PDFs go (default: a temporary folder)")
    args = parser.parse_args()
    maps = {p.stem: load_map(p).model for p in sorted((REPO / "examples").glob("**/*.yaml"))}
    maps["wide-60"] = model(wide_map(60))
    with tempfile.TemporaryDirectory(prefix="jmap-print-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        books = []
        for name, m in maps.items():
            books.append(out / f"{name}.xlsx")
            write_xlsx(m, books[-1])
        pdfs = soffice_convert(books, "pdf", out / "pdf")
        print("| Map | Sheet | Pages | Smallest text (pt) | Filled, top to footer, per page |")
        print("|---|---|---:|---:|---|")
        for name, pdf in zip(maps, pdfs, strict=True):
            pages = printed_pages(pdf)
            sheets = list(dict.fromkeys(p.sheet for p in pages))
            for sheet in sheets:
                mine = [p for p in pages if p.sheet == sheet]
                smallest = min((h for p in mine for h, _ in p.words), default=0.0)
                fill = " ".join(f"{p.filled:.0%}" for p in mine)
                print(f"| {name} | {sheet} | {len(mine)} | {smallest:.1f} | {fill} |")
            print(f"| {name} | **all** | **{len(pages)}** | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
