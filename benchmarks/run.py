"""Benchmark jmap against yamllint and check-jsonschema, as whole processes.

    python benchmarks/run.py [--runs N] [--out DIR] [--only NAME] [--write]

Generates the data with benchmarks/generate.py into DIR (default: a fixed folder
under the system temp dir, reused when present), then times every command with
``/usr/bin/time -f '%e %M'`` (wall seconds, max RSS KiB): one warm-up run is
discarded, then N runs (default 5), interleaved so that a burst of load on the
machine hits all tools alike. Prints a Markdown table of medians, peer/jmap
ratios and the targets to stdout; with --write also writes benchmarks/results.md.

Linters exit non-zero when they find something; that is expected. A crash, a
missing tool or a check-jsonschema run that did not validate stops the script.
Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "generate.py"
COMMITTED_SCHEMA = REPO / "schemas" / "journey-map.schema.json"
RESULTS = HERE / "results.md"
TIME_BIN = "/usr/bin/time"
TODAY = "2026-11-25"
YAMLLINT_CONFIG = "relaxed"  # yamllint's built-in preset: the default rules, most as warnings
PORTFOLIO_SIZE = 500
SETS = ("small", "precommit", "medium", "large", "portfolio", "help")
INSTALL_HINT = "install the peers with:  pip install -e '.[bench]'  (from the repository root)"

# Targets from issue 2: wall seconds and MiB for jmap, minimum speed-up over each peer.
TARGET_SECONDS = {"large": 3.0, "portfolio": 1.5, "help": 0.1}
TARGET_MIB = {"large": 450.0}
TARGET_RATIO = {"check-jsonschema": 5.0, "yamllint": 15.0}
# Start-up goals as the least peer/jmap ratio: jmap at most 1.3x yamllint on the small map (issue 24; one run,
# and as pre-commit runs it), and `jmap --help` within 8x of `python -c pass` (issue 9).
SMALL_GOAL = 1.3
TARGET_SET_RATIO = {
    ("small", "yamllint"): 1 / SMALL_GOAL,
    ("precommit", "yamllint"): 1 / SMALL_GOAL,
    ("help", "python"): 1 / 8,
}
GOAL_TEXT = {
    ("small", "yamllint"): f"jmap ≤ {SMALL_GOAL}× yamllint",
    ("precommit", "yamllint"): f"jmap ≤ {SMALL_GOAL}× yamllint",
    ("help", "python"): "jmap ≤ 8× `python -c pass`",
}


# What every `jmap lint` must import before reading a byte: Typer with its option adapters, PyYAML and
# Pydantic's BaseModel. Timed beside the pre-commit run, it is the floor no change inside jmap can go under.
FLOOR_IMPORTS = "import typer._adapters, yaml, pydantic.main"


class BenchError(Exception):
    """A tool is missing or crashed, or the data could not be made: stop loudly."""


@dataclass(frozen=True, slots=True)
class Bench:
    """One command to time. ``tool`` names the program; ``baseline`` names the jmap bench it is compared with."""

    name: str
    file_set: str
    tool: str
    argv: tuple[str, ...]
    ok_codes: frozenset[int]
    baseline: str | None = None
    shown: str = ""


@dataclass(slots=True)
class Sample:
    wall: float
    rss_kib: int


@dataclass(slots=True)
class Measured:
    bench: Bench
    samples: list[Sample] = field(default_factory=list)
    first_output: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss_mib(self) -> float:
        return statistics.median(s.rss_kib for s in self.samples) / 1024

    @property
    def spread(self) -> str:
        walls = [s.wall for s in self.samples]
        return f"{min(walls):.2f}–{max(walls):.2f}"


# ---------------------------------------------------------------- set-up


def find_tool(name: str) -> str | None:
    """The console script next to this interpreter (where ``pip install`` puts it), else the one on PATH.

    Preferring the interpreter's own bin folder skips wrappers such as pyenv shims, which cost ~40 ms per process.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def require_tools() -> dict[str, str]:
    """Absolute paths of the programs; raise with the install hint when one is missing."""
    found: dict[str, str] = {}
    missing: list[str] = []
    for tool in ("jmap", "yamllint", "check-jsonschema"):
        path = find_tool(tool)
        if path is None:
            missing.append(tool)
        else:
            found[tool] = path
    if not Path(TIME_BIN).is_file():
        missing.append(f"{TIME_BIN} (GNU time; e.g. apt-get install time)")
    if missing:
        raise BenchError(f"missing: {', '.join(missing)}\n{INSTALL_HINT}")
    return found


def generator_digest() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()


def ensure_data(out: Path) -> bool:
    """Generate the data into ``out`` unless a complete copy from this generate.py is there. True if generated."""
    stamp = out / ".generated-by"
    digest = generator_digest()
    portfolio = out / "portfolio"
    complete = (
        (out / "medium.yaml").is_file()
        and (out / "large.yaml").is_file()
        and (out / "small.yaml").is_file()
        and portfolio.is_dir()
        and len(list(portfolio.glob("*.yaml"))) == PORTFOLIO_SIZE
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == digest
    )
    if complete:
        return False
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, str(GENERATOR), str(out)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"generate.py failed (exit {proc.returncode}):\n{proc.stderr}")
    stamp.write_text(digest + "\n", encoding="utf-8")
    return True


def ensure_schema(out: Path, jmap: str) -> Path:
    """The committed schema if there is one, else the one ``jmap schema`` prints, saved into ``out``."""
    if COMMITTED_SCHEMA.is_file():
        return COMMITTED_SCHEMA
    target = out / "journey-map.schema.json"
    proc = subprocess.run([jmap, "schema"], capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise BenchError(f"`jmap schema` failed (exit {proc.returncode}):\n{proc.stderr}")
    target.write_text(proc.stdout, encoding="utf-8")
    return target


def plan(tools: dict[str, str], schema: Path, out: Path, only: Sequence[str]) -> list[Bench]:
    """The commands, in run order. Paths are relative to ``out``, the working directory of every run."""
    jmap, yamllint, cjs = tools["jmap"], tools["yamllint"], tools["check-jsonschema"]
    lint_ok = frozenset({0, 1})
    benches: list[Bench] = []
    if "precommit" in only:
        hook = ("lint", "--skip-non-maps", "small.yaml")
        benches.append(
            Bench("precommit/jmap", "precommit", "jmap", (jmap, *hook), lint_ok, shown=f"jmap {' '.join(hook)}")
        )
        benches.append(
            Bench(
                "precommit/yamllint",
                "precommit",
                "yamllint",
                (yamllint, "-d", YAMLLINT_CONFIG, "small.yaml"),
                lint_ok,
                baseline="precommit/jmap",
                shown=f"yamllint -d {YAMLLINT_CONFIG} small.yaml",
            )
        )
        benches.append(
            Bench(
                "precommit/libraries",
                "precommit",
                "libraries",
                (sys.executable, "-c", FLOOR_IMPORTS),
                frozenset({0}),
                baseline="precommit/jmap",
                shown=f'python -c "{FLOOR_IMPORTS}"',
            )
        )
    for file_set in ("small", "medium", "large", "portfolio"):
        if file_set not in only:
            continue
        target = "portfolio" if file_set == "portfolio" else f"{file_set}.yaml"
        files = (
            sorted(str(p.relative_to(out)) for p in (out / "portfolio").glob("*.yaml"))
            if file_set == "portfolio"
            else [target]
        )
        main = f"{file_set}/jmap"
        jmap_args = ("lint", target, "--today", TODAY, "-q")
        benches.append(Bench(main, file_set, "jmap", (jmap, *jmap_args), lint_ok, shown=f"jmap {' '.join(jmap_args)}"))
        if file_set == "portfolio":
            benches.append(
                Bench(
                    f"{file_set}/jmap-jobs1",
                    file_set,
                    "jmap --jobs 1",
                    (jmap, *jmap_args, "--jobs", "1"),
                    lint_ok,
                    baseline=main,
                    shown=f"jmap {' '.join(jmap_args)} --jobs 1",
                )
            )
        benches.append(
            Bench(
                f"{file_set}/yamllint",
                file_set,
                "yamllint",
                (yamllint, "-d", YAMLLINT_CONFIG, target),
                lint_ok,
                baseline=main,
                shown=f"yamllint -d {YAMLLINT_CONFIG} {target}",
            )
        )
        shown_files = "portfolio/*.yaml (500 files, one process)" if file_set == "portfolio" else target
        benches.append(
            Bench(
                f"{file_set}/check-jsonschema",
                file_set,
                "check-jsonschema",
                (cjs, "--schemafile", str(schema), *files),
                lint_ok,
                baseline=main,
                shown=f"check-jsonschema --schemafile {schema.name} {shown_files}",
            )
        )
    if "help" in only:
        benches.append(Bench("help/jmap", "help", "jmap", (jmap, "--help"), frozenset({0}), shown="jmap --help"))
        benches.append(
            Bench(
                "help/python",
                "help",
                "python",
                (sys.executable, "-c", "pass"),
                frozenset({0}),
                baseline="help/jmap",
                shown="python -c pass",
            )
        )
    return benches


# ---------------------------------------------------------------- running


def child_env(out: Path) -> dict[str, str]:
    """The environment for every timed process: bytecode is cached (in ``out``, not in the source tree).

    PYTHONDONTWRITEBYTECODE would make every run recompile jmap's modules (an editable install has no .pyc files
    until first import), which is not what an installed jmap does; the warm-up run fills the cache.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(out / ".pycache")
    return env


def run_once(bench: Bench, cwd: Path, scratch: Path) -> tuple[Sample, str]:
    """Run ``bench`` under /usr/bin/time; return the sample and the command's stdout+stderr."""
    timing, stdout, stderr = scratch / "time.txt", scratch / "stdout.txt", scratch / "stderr.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        proc = subprocess.run(
            [TIME_BIN, "-f", "%e %M", "-o", str(timing), *bench.argv],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env=child_env(cwd),
        )
    output = stdout.read_text(encoding="utf-8", errors="replace") + stderr.read_text(encoding="utf-8", errors="replace")
    lines = timing.read_text(encoding="utf-8").split("\n")
    last = [line for line in lines if line.strip()][-1]
    if proc.returncode not in bench.ok_codes or "Traceback (most recent call last)" in output:
        raise BenchError(
            f"{bench.name} crashed (exit {proc.returncode}; {' / '.join(lines).strip()}):\n"
            f"  {' '.join(bench.argv)}\n{tail(output)}"
        )
    if bench.tool == "check-jsonschema" and "validation done" not in output and "validation errors" not in output:
        raise BenchError(f"check-jsonschema did not validate the files:\n{tail(output)}")
    wall, rss = last.split()
    return Sample(float(wall), int(rss)), output


def tail(text: str, n: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-n:])


def summarise_output(bench: Bench, output: str) -> str:
    """One line saying what the tool reported on its warm-up run."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if bench.tool == "yamllint":
        errors = sum(1 for line in lines if "  error  " in f" {line} ")
        warnings = sum(1 for line in lines if "  warning  " in f" {line} ")
        return f"{errors} errors, {warnings} warnings"
    if bench.tool == "check-jsonschema":
        return lines[0] if lines else "(no output)"
    return lines[-1] if lines else "(no output)"


@dataclass(slots=True)
class Conditions:
    """What else the machine was doing: sampled just before every round (no benchmark process running)."""

    max_wait: float = 0.0
    busy_limit: float = 0.25
    busy: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    waited: float = 0.0

    def settle(self, progress: Callable[[str], None]) -> None:
        """Wait (up to max_wait seconds in all) until other processes use at most busy_limit cores; record it."""
        busy = cpu_busy()
        while busy > self.busy_limit and self.waited < self.max_wait:
            progress(f"  machine busy ({busy:.2f} cores in use by others); waiting")
            time.sleep(3.0)
            self.waited += 3.0 + 0.5
            busy = cpu_busy()
        self.busy.append(busy)
        self.loads.append(os.getloadavg()[0])

    def describe(self) -> str:
        if not self.busy:
            return "not sampled"
        return (
            f"other processes used {statistics.median(self.busy):.2f} cores (median; max {max(self.busy):.2f}) "
            f"of {os.cpu_count()} at the start of the {len(self.busy)} rounds; 1-min load average "
            f"{min(self.loads):.2f}–{max(self.loads):.2f}"
            + (f"; waited {self.waited:.0f} s in all for quieter moments" if self.waited else "")
        )


def cpu_busy(interval: float = 0.5) -> float:
    """Cores in use (not idle, not iowait) over ``interval`` seconds, from /proc/stat; 0.0 where unavailable."""

    def snapshot() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + (fields[4] if len(fields) > 4 else 0)

    try:
        total0, idle0 = snapshot()
        time.sleep(interval)
        total1, idle1 = snapshot()
    except (OSError, ValueError, IndexError):
        return 0.0
    span = total1 - total0
    return 0.0 if span <= 0 else (span - (idle1 - idle0)) / span * (os.cpu_count() or 1)


def measure(
    benches: Sequence[Bench], runs: int, cwd: Path, conditions: Conditions, progress: Callable[[str], None]
) -> dict[str, Measured]:
    """One discarded warm-up per bench, then ``runs`` rounds per file set, each round running every bench once."""
    results = {b.name: Measured(b) for b in benches}
    by_set: dict[str, list[Bench]] = {}
    for b in benches:
        by_set.setdefault(b.file_set, []).append(b)
    with tempfile.TemporaryDirectory(prefix="jmap-bench-") as tmp:
        scratch = Path(tmp)
        for file_set, group in by_set.items():
            progress(f"{file_set}: warm-up")
            for b in group:
                _, output = run_once(b, cwd, scratch)
                results[b.name].first_output = summarise_output(b, output)
            for i in range(1, runs + 1):
                conditions.settle(progress)
                for b in group:
                    sample, _ = run_once(b, cwd, scratch)
                    results[b.name].samples.append(sample)
                    progress(
                        f"{file_set}: run {i}/{runs} {b.tool:<17} {sample.wall:6.2f} s {sample.rss_kib / 1024:7.1f} MiB"
                        f"  (others: {conditions.busy[-1]:.2f} cores)"
                    )
    return results


# ---------------------------------------------------------------- report


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(argv: Sequence[str]) -> str:
    proc = subprocess.run(list(argv), capture_output=True, text=True)
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def machine(tools: dict[str, str]) -> list[str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {cpu_model()}; nproc {usable}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.release()}",
        f"- {version_of([tools['jmap'], '--version'])}; {version_of([tools['yamllint'], '--version'])}; "
        f"{version_of([tools['check-jsonschema'], '--version'])}",
        f"- Programs run from: {', '.join(sorted({str(Path(p).parent) for p in tools.values()}))}",
    ]


def target_note(m: Measured, results: dict[str, Measured]) -> tuple[str, str, bool | None]:
    """(ratio text, target text, met?) for one row; met is None when the row has no target."""
    b = m.bench
    if b.baseline is None:
        wants: list[str] = []
        met = True
        if b.file_set in TARGET_SECONDS:
            wants.append(f"≤ {TARGET_SECONDS[b.file_set]:g} s")
            met = met and m.wall <= TARGET_SECONDS[b.file_set]
        if b.file_set in TARGET_MIB:
            wants.append(f"≤ {TARGET_MIB[b.file_set]:g} MiB")
            met = met and m.rss_mib <= TARGET_MIB[b.file_set]
        return "—", ", ".join(wants), (met if wants else None)
    base = results[b.baseline]
    ratio = m.wall / base.wall if base.wall > 0 else float("inf")
    goal = TARGET_SET_RATIO.get((b.file_set, b.tool))
    if goal is not None:
        jmap_over_peer = base.wall / m.wall if m.wall > 0 else float("inf")
        return (
            f"{ratio:.2f}× (jmap {jmap_over_peer:.2f}×)",
            f"{GOAL_TEXT[(b.file_set, b.tool)]}",
            ratio >= goal,
        )
    if b.file_set in ("small", "precommit"):
        return f"{ratio:.2f}×", "", None
    if b.tool in TARGET_RATIO:
        want = TARGET_RATIO[b.tool]
        return f"{ratio:.1f}×", f"≥ {want:g}×", ratio >= want
    return f"{ratio:.2f}×", "", None


def table(results: dict[str, Measured]) -> tuple[list[str], int, int]:
    rows = [
        "| Set | Command | Median wall (s) | Min–max (s) | Median max RSS (MiB) | Time / jmap | Target | Met? |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    met_count = total = 0
    for m in results.values():
        ratio, want, met = target_note(m, results)
        verdict = "" if met is None else ("met" if met else "**not met**")
        if met is not None:
            total += 1
            met_count += int(met)
        rows.append(
            f"| {m.bench.file_set} | `{m.bench.shown}` | {m.wall:.2f} | {m.spread} | {m.rss_mib:.0f} | {ratio} | "
            f"{want} | {verdict} |"
        )
    return rows, met_count, total


def floor_note(results: dict[str, Measured]) -> list[str]:
    """What the pre-commit goal asks beside what the libraries alone take, when both were measured."""
    names = ("precommit/jmap", "precommit/yamllint", "precommit/libraries")
    if not all(n in results for n in names):
        return []
    jmap, yamllint, floor = (results[n].wall for n in names)
    lines = [
        "",
        f'Start-up floor: importing the libraries alone (`python -c "{FLOOR_IMPORTS}"`) takes '
        f"{floor / yamllint:.2f}× yamllint's whole run on the small map; jmap's own share of the pre-commit run "
        f"is {max(jmap - floor, 0.0) / yamllint:.2f}× yamllint. The goal (jmap ≤ {SMALL_GOAL}× yamllint) allows "
        f"{SMALL_GOAL * yamllint:.2f} s in all.",
    ]
    if "medium/yamllint" in results:
        lines[-1] += (
            f" On the 800-touchpoint map, yamllint ≥ 15× jmap would need jmap in "
            f"{results['medium/yamllint'].wall / 15:.2f} s, against {floor:.2f} s for the imports alone."
        )
    return lines


def schema_label(schema: Path) -> str:
    if schema == COMMITTED_SCHEMA:
        return "`schemas/journey-map.schema.json` (committed)"
    return f"`{schema}` (printed by `jmap schema`; no committed copy yet)"


def report(
    results: dict[str, Measured],
    tools: dict[str, str],
    runs: int,
    schema: Path,
    loads: tuple[str, str],
    conditions: Conditions,
    argv: str,
) -> str:
    rows, met, total = table(results)
    lines = [
        f"## jmap benchmark ({time.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"Command: `{argv}`. Medians of {runs} run{'s' if runs > 1 else ''} after 1 discarded warm-up; "
        "wall time and max RSS from `/usr/bin/time -f '%e %M'` (10 ms resolution). "
        "*Time / jmap* is the peer's median wall time over jmap's on the same file set "
        "(for `--jobs 1`: over the default, i.e. the gain from the second core).",
        "",
        *machine(tools),
        f"- Load average (1/5/15 min) before the run: {loads[0]}; after it: {loads[1]} (includes the benchmark itself)",
        f"- Other work on the machine: {conditions.describe()}",
        f"- yamllint config: `-d {YAMLLINT_CONFIG}`; schema: {schema_label(schema)}",
        "",
        *rows,
        "",
        f"Targets met: {met} of {total}.",
        *floor_note(results),
        "",
        "What each tool reported (warm-up run):",
        "",
    ]
    outputs = [f"- `{m.bench.name}`: {m.first_output}" for m in results.values() if m.bench.file_set != "help"]
    lines += outputs or ["- (only `jmap --help` was run)"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command after the warm-up (default 5)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "jmap-bench-data",
        help="folder for the generated maps, reused when present (default: %(default)s)",
    )
    parser.add_argument(
        "--only", action="append", choices=SETS, help="run only this file set (repeatable; 'help' is jmap --help)"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each round, wait up to this long in all for other processes to leave the CPUs idle (default 0)",
    )
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(REPO)}")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    only = tuple(args.only or SETS)

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        tools = require_tools()
        out: Path = args.out.resolve()
        progress(f"generating data into {out}" if ensure_data(out) else f"reusing data in {out}")
        schema = ensure_schema(out, tools["jmap"])
        benches = plan(tools, schema, out, only)
        conditions = Conditions(max_wait=args.max_wait)
        before = load()
        results = measure(benches, args.runs, out, conditions, progress)
        after = load()
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    command = " ".join(["python benchmarks/run.py", *argv])
    text = report(results, tools, args.runs, schema, (before, after), conditions, command)
    print(text, end="")
    if args.write:
        RESULTS.write_text("# Benchmark results\n\n" + text, encoding="utf-8")
        progress(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
