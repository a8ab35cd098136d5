"""Time the pictures of the 800-touchpoint map: SVG and HTML (target: under 2 s each), and PNG of one stage.

    python benchmarks/pictures_bench.py [-n RUNS] [--out DIR]

Makes DIR/medium.yaml with ``generate.map_yaml`` (as benchmarks/generate.py
does) if it is missing, then for each picture runs ``jmap export medium.yaml
-o OUT`` as a fresh process RUNS times (after one warm-up) and prints the
median wall time and CPU time, and the median CPU time of the drawing alone
(layout and SVG/HTML text, in-process, model already loaded).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import map_yaml

TARGET = 2.0
DRAW = """
import sys, time, json
from pathlib import Path
from jmap.loader import load_map
from jmap.pictures.options import PictureOptions
from jmap.pictures.{module} import {function}
m = load_map(Path(sys.argv[1])).model
start = time.process_time()
out = {function}(m, PictureOptions())
print(json.dumps({{"seconds": time.process_time() - start, "size": len(out)}}))
"""


def wall(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "jmap-bench-pictures")
    ns = parser.parse_args()
    ns.out.mkdir(parents=True, exist_ok=True)
    source = ns.out / "medium.yaml"
    if not source.exists():
        source.write_text(map_yaml("medium", 800, 5, random.Random(20261125)), encoding="utf-8")
    jmap = [sys.executable, "-m", "jmap"]
    rows = []
    for name, extra in (("svg", []), ("html", []), ("png", ["--stage", "onboarding"])):
        args = [*jmap, "export", str(source), "-o", str(ns.out / f"medium.{name}"), *extra]
        try:
            wall(args, ns.out)
        except subprocess.CalledProcessError as exc:
            print(f"{' '.join(args)} failed: {exc.stderr.decode()}", file=sys.stderr)
            return 1
        runs = [wall(args, ns.out) for _ in range(ns.runs)]
        times = [w for w, _ in runs]
        cpu = statistics.median(c for _, c in runs)
        drawn = ""
        if name != "png":
            module, function = ("svg", "to_svg") if name == "svg" else ("html", "to_html")
            code = DRAW.format(module=module, function=function)
            draws = []
            for _ in range(ns.runs):
                out = subprocess.run(
                    [sys.executable, "-c", code, str(source)], capture_output=True, text=True, check=True
                )
                draws.append(float(out.stdout.split('"seconds": ')[1].split(",")[0]))
            drawn = f"{statistics.median(draws):.2f}"
        size = (ns.out / f"medium.{name}").stat().st_size
        rows.append((name, " ".join(extra), statistics.median(times), cpu, drawn, size))
    load = os.getloadavg()[0]
    print(f"Load average at the end: {load:.1f} on {os.cpu_count()} CPUs (wall times grow with it; CPU times do not).")
    print()
    print(
        f"| Picture of medium.yaml (800 touchpoints) | Options | Whole command, median of {ns.runs} (s) |"
        " CPU time (s) | Drawing alone (s) | Size (MB) | Target |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    for name, extra, seconds, cpu, drawn, size in rows:
        target = f"< {TARGET:g} s: {'met' if seconds < TARGET else 'MISSED'}" if name != "png" else "—"
        print(
            f"| `jmap export medium.yaml -o medium.{name}` | {extra or '—'} | {seconds:.2f} | {cpu:.2f} |"
            f" {drawn or '—'} | {size / 1e6:.1f} | {target} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
