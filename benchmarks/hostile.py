"""Small hostile files that must still end fast: every command on each, within 10 s and 1 GiB (issue 8 §6).

    python benchmarks/hostile.py [--out DIR] [--only NAME]

Writes the files into DIR (default: a fresh temporary folder, removed afterwards) and runs every jmap command
on each as a real process, printing a Markdown table of wall time, CPU time, peak memory (max RSS) and exit
code; without --only, also every command that reads the far-dates and special-files folders (``far_dates``,
``special_files``). Then, per family (a file or folder), its runs, slowest and largest. A run over 10 s or
1 GiB, a traceback, an internal error or an exit code other than 0, 1 or 2 is marked and makes the exit code 1.
The suite runs the same files under a 1 GiB memory limit (tests/test_hostile_inputs.py), never with a timing
assertion.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

LIMIT_SECONDS = 10.0
LIMIT_BYTES = 1024**3

HEAD = "jmap: 1\ntitle: Hostile\nowner: CS Ops\nstages:\n  - id: s\n    name: Stage\n    owner: CSM\n    touchpoints:\n"


def flow_list(path: Path, count: int = 5_000_000) -> None:
    """A 10 MB flow list of ``count`` integers under an x- key."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "      - {id: t, name: T, owner: CSM}\nx-numbers: [")
        chunk = "7," * 100_000
        for _ in range(count // 100_000):
            f.write(chunk)
        f.write("7]\n")


def long_line(path: Path, size: int = 10_000_000) -> None:
    """A touchpoint whose name is one line of ``size`` characters."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "      - id: t\n        owner: CSM\n        name: " + "word " * (size // 5) + "end\n")


def long_owner(path: Path, size: int = 10_000_000) -> None:
    """A touchpoint whose owner is one name of ``size`` characters in words (the portfolio wraps it in a column)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "      - id: t\n        name: T\n        owner: " + "word " * (size // 5) + "end\n")


def far_review(path: Path) -> None:
    """A map reviewed on 9999-12-31 every 999999999999 weeks, with a metric measured on 9999-12-31."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "      - id: t\n        name: T\n        owner: CSM\n        metrics:\n")
        f.write("          - {name: Show rate, current: 1, target: 2, as_of: 9999-12-31}\n")
        f.write("review:\n  last_reviewed: 9999-12-31\n  every: 999999999999 weeks\n")


def unknown_keys(path: Path, count: int = 1_000_000) -> None:
    """A map with ``count`` unknown top-level keys (each a JM003, or past 1,000,000 values the file is refused)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD + "      - {id: t, name: T, owner: CSM}\n")
        f.writelines(f"k{i}: 1\n" for i in range(count))


def many_rows(path: Path, rows: int = 249_999) -> None:
    """A workbook with ``rows`` touchpoint rows, written the way a spreadsheet program would (shared strings)."""
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    about = wb.add_worksheet("About")
    for r, (k, v) in enumerate([("Field", "Value"), ("jmap", 1), ("title", "Many rows"), ("owner", "CS Ops")]):
        about.write(r, 0, k)
        about.write(r, 1, v)
    stages = wb.add_worksheet("Stages")
    stages.write_row(0, 0, ["Stage ID", "Name", "Owner"])
    stages.write_row(1, 0, ["s", "Stage", "CSM"])
    tps = wb.add_worksheet("Touchpoints")
    tps.write_row(0, 0, ["Stage ID", "Touchpoint ID", "Name", "Channel", "Owner", "Emotion"])
    for r in range(1, rows + 1):
        tps.write_row(r, 0, ["s", f"t{r}", f"Touchpoint {r}", "email", "CSM", r % 5 - 2])
    wb.close()
    path.write_bytes(buffer.getvalue())


def many_rows_streamed(path: Path, rows: int = 249_999) -> None:
    """The same workbook without the ``<dimension>`` that lets the reader refuse it before reading a row."""
    many_rows(path, rows)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            z.writestr(info.filename, data)
    path.write_bytes(out.getvalue())


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "flow-list": ("flow-list.yaml", flow_list),
    "long-line": ("long-line.yaml", long_line),
    "long-owner": ("long-owner.yaml", long_owner),
    "unknown-keys": ("unknown-keys.yaml", unknown_keys),
    "far-review": ("far-review.yaml", far_review),
    "many-rows": ("many-rows.xlsx", many_rows),
    "many-rows-streamed": ("many-rows-streamed.xlsx", many_rows_streamed),
}


def special_files(folder: Path, good: str) -> dict[str, Path]:
    """A folder of maps holding what is not a regular file: a FIFO named ``*.yaml``, a dangling symbolic link and a
    link to ``/dev/zero``, beside one good map (``good`` is its text). Reading any of them whole would hang or never
    end; each is one JM001 finding and the good map is linted."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.yaml").write_text(good, encoding="utf-8")
    made = {"fifo": folder / "fifo.yaml", "dangling": folder / "dangling.yaml", "zero": folder / "zero.yaml"}
    os.mkfifo(made["fifo"])
    made["dangling"].symlink_to("nowhere.yaml")
    made["zero"].symlink_to("/dev/zero")
    return made


FAR_DATES = {
    "last-reviewed": ("  last_reviewed: 2026-10-15", "  last_reviewed: 9999-12-31"),
    "every-years": ("  every: quarterly", "  every: 9999 years"),
    "every-weeks": ("  every: quarterly", "  every: 999999999999 weeks"),
    "as-of": ("as_of: 2026-10-31", "as_of: 9999-12-31"),
}
"""Edits of examples/b2b-saas.yaml whose due or stale date passes year 9999."""


def far_dates(folder: Path, example: Path) -> dict[str, Path]:
    """The B2B example with a review or metric date, or a cadence, that passes the calendar's end (one file each)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = example.read_text(encoding="utf-8")
    made = {}
    for name, (old, new) in FAR_DATES.items():
        assert old in text, old
        made[name] = folder / f"{name}.yaml"
        made[name].write_text(text.replace(old, new, 1), encoding="utf-8")
    return made


REPO = Path(__file__).resolve().parents[1]
TODAY = ["--today", "2026-11-25"]


def folder_runs(folder: Path) -> list[tuple[str, str, list[str]]]:
    """The far-dates and special-files folders: (file, label, arguments) for every command that reads them."""
    far = far_dates(folder / "far", REPO / "examples" / "b2b-saas.yaml")
    good = (REPO / "examples" / "b2b-saas.yaml").read_text(encoding="utf-8")
    special = special_files(folder / "special", good)
    runs = [("far/", f"{cmd} folder", [cmd, str(folder / "far"), *TODAY]) for cmd in ("lint", "report")]
    runs.append(("far/", "diff folder", ["diff", str(REPO / "examples"), str(folder / "far"), *TODAY]))
    for name, path in far.items():
        runs += [(f"far/{name}", cmd, [cmd, str(path), *TODAY]) for cmd in ("render", "report")]
        runs.append((f"far/{name}", "export svg", ["export", str(path), "-o", str(folder / f"{name}.svg"), *TODAY]))
    runs += [("special/", f"{cmd} folder", [cmd, str(folder / "special"), *TODAY]) for cmd in ("lint", "report")]
    runs.append(("special/", "diff folder", ["diff", str(folder / "special"), str(folder / "special")]))
    for name, path in special.items():
        runs += [
            (f"special/{name}", "render", ["render", str(path), *TODAY]),
            (f"special/{name}", "export", ["export", str(path), "-o", str(folder / f"{name}.json")]),
            (f"special/{name}", "import", ["import", str(path), "-o", str(folder / f"{name}.out.yaml")]),
        ]
    return runs


def commands(path: Path, out: Path) -> list[tuple[str, list[str]]]:
    p = str(path)
    runs = [
        ("lint", ["lint", p, "--today", "2026-11-25"]),
        ("render", ["render", p, "--today", "2026-11-25"]),
        ("report", ["report", p, "--today", "2026-11-25"]),
    ]
    for fmt in ("yaml", "json", "xlsx", "md", "mmd", "csv"):
        runs.append((f"export {fmt}", ["export", p, "-o", str(out / f"{path.stem}.out.{fmt}")]))
    return runs


def run(args: list[str]) -> tuple[float, float, int, int, str]:
    """Wall and CPU (user + system) seconds, peak RSS in bytes, exit code and the last line of stderr of
    ``jmap ARGS``. The CPU time hardly moves with other load on the machine; the wall time does."""
    env = {**os.environ, "COLUMNS": "100"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jmap", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    last = err.strip().splitlines()[-1] if err.strip() else ""
    if "Traceback" in err:
        last = "TRACEBACK: " + last
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, proc.returncode, last


class Table:
    """The Markdown table of runs, and per family (a file or a folder) its count, slowest and largest run."""

    def __init__(self) -> None:
        self.bad = 0
        self.summary: list[str] = []
        print("| file | size | command | seconds | CPU s | peak MiB | exit | stderr |")
        print("|---|---:|---|---:|---:|---:|---:|---|")

    def family(self, name: str, runs: list[tuple[str, str, str, list[str]]]) -> None:
        """Run each (file, size, label, arguments) and print its row; then remember the family's worst."""
        slowest, largest = (0.0, ""), (0, "")
        for filename, size, label, cmd in runs:
            seconds, cpu, peak, code, last = run(cmd)
            slowest, largest = max(slowest, (seconds, label)), max(largest, (peak, label))
            over = seconds > LIMIT_SECONDS or peak > LIMIT_BYTES or code not in (0, 1, 2)
            over = over or "TRACEBACK" in last or "internal error" in last
            self.bad += over
            mark = " **over**" if over else ""
            shown = last.replace("|", "\\|")[:110]
            cells = [
                filename,
                size,
                label,
                f"{seconds:.2f}{mark}",
                f"{cpu:.2f}",
                f"{peak / 2**20:.0f}",
                str(code),
                shown,
            ]
            print(f"| {' | '.join(cells)} |")
            sys.stdout.flush()
        self.summary.append(
            f"| {name} | {len(runs)} | {slowest[0]:.2f} ({slowest[1]}) | {largest[0] / 2**20:.0f} ({largest[1]}) |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to write the files (default: a temporary folder)")
    parser.add_argument("--only", action="append", choices=list(CASES), help="one case (repeatable)")
    parser.add_argument("--make", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make:
        CASES[args.make[0]][1](Path(args.make[1]))
        return 0
    folder = args.out or Path(tempfile.mkdtemp(prefix="jmap-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    table = Table()
    try:
        for name in args.only or list(CASES):
            filename = CASES[name][0]
            path = folder / filename
            # made by a child process: a child's peak RSS counts the parent's size when it was forked
            subprocess.run([sys.executable, __file__, "--make", name, str(path)], check=True)
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            table.family(filename, [(filename, size, label, cmd) for label, cmd in commands(path, folder)])
        if not args.only:
            runs = folder_runs(folder)
            for family in ("far/", "special/"):
                table.family(family, [(f, "", label, cmd) for f, label, cmd in runs if f.startswith(family)])
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("\n| family | runs | slowest s | largest MiB |\n|---|---:|---:|---:|")
    print("\n".join(table.summary))
    print(f"\n{table.bad} runs over {LIMIT_SECONDS:.0f} s or {LIMIT_BYTES // 2**30} GiB (or crashed)")
    return 1 if table.bad else 0


if __name__ == "__main__":
    sys.exit(main())
