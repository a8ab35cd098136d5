"""Time every command on maps with 100,000 and 1,000,000 unknown top-level keys (issue 8, section 6).

    python benchmarks/hostile_keys.py [--sizes 100000 1000000] [--out DIR]

Each file is a valid map plus N keys ``k0: 0`` ... (1.1 MB and 11 MB). Every
command runs once under ``/usr/bin/time -f '%e %M'`` (wall seconds, max RSS
KiB); the target is 10 s and 1 GiB each on a 2-core machine. lint lists the
first 100 JM003 findings and one "and N more"; render, report and export
read the same map. Prints a Markdown table. Standard library only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

TIME_BIN = "/usr/bin/time"
TODAY = "2026-11-25"
LIMIT_SECONDS = 10.0
LIMIT_KIB = 1024 * 1024


def unknown_keys_map(n: int) -> bytes:
    """A small valid map with ``n`` unknown top-level keys after it."""
    head = "jmap: 1\ntitle: Many keys\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: T}\n"
    return (head + "".join(f"k{i}: 0\n" for i in range(n))).encode()


def commands(path: Path, out: Path) -> dict[str, list[str]]:
    return {
        "lint": ["lint", str(path), "--today", TODAY],
        "lint --format json": ["lint", str(path), "--today", TODAY, "--format", "json"],
        "render": ["render", str(path), "--today", TODAY, "--width", "100"],
        "report": ["report", str(path), "--today", TODAY, "--format", "json"],
        "export": ["export", str(path), "-o", str(out)],
    }


def timed(args: list[str]) -> tuple[float, int, int]:
    """(wall seconds, max RSS KiB, exit code) of ``python -m jmap ARGS``."""
    proc = subprocess.run(
        [TIME_BIN, "-f", "%e %M", sys.executable, "-m", "jmap", *args], capture_output=True, text=True, check=False
    )
    seconds, kib = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib), proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="jmap-hostile-keys-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("| Keys | Size | Command | Wall s | Max RSS MiB | Exit | Within 10 s / 1 GiB |")
    print("|---:|---:|---|---:|---:|---:|---|")
    failed = False
    for n in args.sizes:
        path = folder / f"keys-{n}.yaml"
        path.write_bytes(unknown_keys_map(n))
        size = path.stat().st_size / 1e6
        for label, cmd in commands(path, folder / f"keys-{n}.json").items():
            seconds, kib, code = timed(cmd)
            ok = seconds <= LIMIT_SECONDS and kib <= LIMIT_KIB and code in (0, 1, 2)
            failed |= not ok
            verdict = "yes" if ok else "NO"
            print(f"| {n:,} | {size:.1f} MB | {label} | {seconds:.2f} | {kib / 1024:.0f} | {code} | {verdict} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
