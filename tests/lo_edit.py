"""Edit cells of a workbook in LibreOffice, as a user would, and save it as XLSX (run with a Python that has uno).

    python3 tests/lo_edit.py SOFFICE PROFILE_DIR IN.xlsx OUT.xlsx EDITS.json

EDITS.json is a list of [sheet, cell, value]: a number is entered as a number, a string as text
(setFormula, as typing it into the cell would), "" clears the cell. A cell "+C" inserts a column
before column C (value ignored), "-C" deletes column C. OUT's extension picks the format LibreOffice
saves: .xlsx, .ods or .fods.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main() -> None:
    soffice, profile, src, dest, edits_file = sys.argv[1:]
    pipe = f"jmap-edit-{os.getpid()}"
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless", "--norestore",
         "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
        with open(edits_file, encoding="utf-8") as f:
            edits = json.load(f)
        for sheet, ref, value in edits:
            if ref[:1] in "+-":
                columns = doc.Sheets.getByName(sheet).Columns
                index = doc.Sheets.getByName(sheet).getCellRangeByName(ref[1:] + "1").CellAddress.Column
                if ref[0] == "+":
                    columns.insertByIndex(index, 1)
                else:
                    columns.removeByIndex(index, 1)
                continue
            cell = doc.Sheets.getByName(sheet).getCellRangeByName(ref)
            if isinstance(value, (int, float)):
                cell.setValue(value)
            elif value == "":
                cell.setString("")
            else:
                cell.setString(value)
        filters = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "fods": "OpenDocument Spreadsheet Flat XML"}
        filter_name = filters[dest.rpartition(".")[2].lower()]
        doc.storeToURL(uno.systemPathToFileUrl(dest), (prop("FilterName", filter_name),))
        doc.close(True)
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
