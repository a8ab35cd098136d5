"""Side by side, in one run: `jmap lint` of a map as YAML, its XLSX export, the XLSX import, and `jmap import`.

    python benchmarks/spreadsheet_bench.py [MAP.yaml] [-n RUNS]

Default map: /tmp/bench/large.yaml (20,000 touchpoints; made by benchmarks/generate.py if missing). Each
command is a fresh `jmap` process, timed from outside; runs are interleaved (lint, export, import, grid,
lint, ...) so a busy machine slows all of them alike. Prints the median wall time, the median peak RSS of
the process, and each time as a ratio of `jmap lint` of the same map (issue 10's targets: XLSX import
at most 1.0x, export at most 1.5x, each under 300 MiB; `jmap import` of a 500-row grid under 1 s).

* lint:   jmap lint MAP.yaml
* export: jmap export MAP.yaml -o MAP.xlsx
* import: jmap export MAP.xlsx -o BACK.yaml (the workbook read back as YAML)
* grid:   jmap import GRID.csv -o GRID.yaml, GRID.csv being 500 stage rows, stages down and layers across
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JMAP = [sys.executable, "-m", "jmap"]


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(args)} exited {code}")
    return seconds, usage.ru_maxrss / 1024


def grid_csv(path: Path, rows: int) -> None:
    """A hand-made grid with ``rows`` stages down and the layers across, as a team might keep in a sheet."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["Stage", "Actions", "Touchpoints", "Thoughts and feelings", "Emotion", "Pain points",
                    "Opportunities (owner)", "Owner"])  # fmt: skip
        for i in range(rows):
            w.writerow([
                f"Stage {i + 1}", f"Opens report {i}, shares it, comments", f"Report page {i}, share dialog, inbox",
                f'"Why is number {i} so low?"', ["frustrated", "ok", "happy", "-1", "2"][i % 5],
                f"Report {i} loads slowly; share dialog hides the link", f"Cache report {i}; show the link (Product)",
                "CSM",
            ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("map", nargs="?", default="/tmp/bench/large.yaml")
    parser.add_argument("-n", "--runs", type=int, default=3)
    args = parser.parse_args()
    source = Path(args.map)
    if not source.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), str(source.parent)], check=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        book, back, grid, imported = tmp / "map.xlsx", tmp / "back.yaml", tmp / "grid.csv", tmp / "grid.yaml"
        grid_csv(grid, 500)
        commands = {
            "lint": [*JMAP, "lint", str(source), "--today", "2026-11-25"],
            "export": [*JMAP, "export", str(source), "-o", str(book)],
            "import": [*JMAP, "export", str(book), "-o", str(back)],
            "grid": [*JMAP, "import", str(grid), "-o", str(imported)],
        }
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                results[name].append(timed(command))
    lint = statistics.median(s for s, _ in results["lint"])
    print(f"map: {source}, {args.runs} interleaved runs each; machine load {os.getloadavg()[0]:.1f}")
    print(f"{'command':<8} {'median s':>9} {'x lint':>7} {'peak MiB':>9}")
    for name, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        mib = statistics.median(m for _, m in runs)
        print(f"{name:<8} {seconds:>9.2f} {seconds / lint:>7.2f} {mib:>9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
