"""Time and peak memory of XLSX export and import of a large map.

    python benchmarks/xlsx_bench.py [MAP.yaml] [-n RUNS]

Default map: /tmp/bench/large.yaml (20,000 touchpoints; made by benchmarks/generate.py if missing).
Each run is a fresh child process, so peak RSS is per operation:

* export: the model is loaded from JSON (cheap), then ``write_xlsx`` is timed;
* import: ``read_xlsx`` + ``build_model`` of the exported workbook is timed (what ``load_map`` does).

Prints the median seconds of the timed part and the median peak RSS (MiB) of the child.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

EXPORT = """
import json, resource, sys, time
from pathlib import Path
from jmap.model import JourneyMap
from jmap.formats.xlsx.writer import write_xlsx
m = JourneyMap.model_validate_json(Path(sys.argv[1]).read_text(encoding="utf-8"))
start = time.perf_counter()
write_xlsx(m, Path(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

IMPORT = """
import json, resource, sys, time
from pathlib import Path
from jmap.formats.xlsx.reader import read_xlsx
from jmap.validate import build_model
raw = Path(sys.argv[1]).read_bytes()
start = time.perf_counter()
doc = read_xlsx(sys.argv[1], raw)
validated = build_model(doc)
seconds = time.perf_counter() - start
assert validated.model is not None and not doc.issues, doc.issues[:3]
print(json.dumps({"seconds": seconds, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "touchpoints": len(validated.model.touchpoints())}))
"""


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("map", nargs="?", default="/tmp/bench/large.yaml")
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args()
    source = Path(args.map)
    if not source.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), str(source.parent)], check=True)
    from jmap.loader import load_map

    model = load_map(source).model
    with tempfile.TemporaryDirectory() as folder:
        as_json = Path(folder) / "map.json"
        as_json.write_text(model.model_dump_json(), encoding="utf-8")
        book = Path(folder) / "map.xlsx"
        exports = [child(EXPORT, str(as_json), str(book)) for _ in range(args.runs)]
        imports = [child(IMPORT, str(book)) for _ in range(args.runs)]
        size = book.stat().st_size
    touchpoints = int(imports[0]["touchpoints"])
    print(f"map: {source} ({touchpoints:,} touchpoints), workbook {size / 2**20:.1f} MiB, {args.runs} runs each")
    for label, runs in (("export (write_xlsx)", exports), ("import (read_xlsx + build_model)", imports)):
        seconds = statistics.median(r["seconds"] for r in runs)
        mib = statistics.median(r["rss"] for r in runs) / 1024
        print(f"{label:34} median {seconds:6.2f} s   peak RSS median {mib:6.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
