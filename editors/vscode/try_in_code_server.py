"""Run the jmap extension inside a real VS Code (code-server: VS Code OSS in the browser) and check what it does.

    python editors/vscode/try_in_code_server.py [--code-server PATH] [--vsix FILE] [--screenshot OUT.png]

Installs the built ``jmap.vsix`` (``editors/vscode/build.sh``) into a fresh code-server with its own user-data
and extensions folders, opens a folder holding the defect example as ``onboarding.jmap.yaml``, an empty
``.jmap.toml`` and the setting ``jmap.today`` = 2026-11-25, and drives it with Playwright and Chromium:

1. the Problems panel lists jmap's findings for the map: the same (code, line, column) as
   ``jmap lint -f json --today 2026-11-25`` on the same file, and as many;
2. in a copy where one ``owner:`` is misspelt ``onwer:``, the quick-fix menu on that line offers the
   did-you-mean fix (JM003); applying it and saving changes exactly that line, back to ``owner:``, and the
   panel then lists the example's findings again.

The extension starts the server as ``python -m jmap lsp`` with this Python (the ``jmap.server.command``
setting) and code-server's environment, so ``PYTHONPATH`` reaches it. Prints each check and exits 0 when all
hold, 1 when one fails. code-server is found from ``--code-server``, ``$CODE_SERVER`` or ``PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXAMPLE = REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml"
TODAY = "2026-11-25"
CHROMIUM = "/usr/bin/chromium"
MAP = "onboarding.jmap.yaml"
TYPO = "typo.jmap.yaml"
TYPO_LINE = 67  # "        owner: Support" in the SSO configuration touchpoint
# a row reads "message jmap(JM101) [Ln 59, Col 9]" (the brackets are CSS, absent from its text)
MARKER = re.compile(r"jmap\s*\(?\s*(JM\d{3})\s*\)?\s*\[Ln (\d+), Col (\d+)\]")

ROWS_JS = """() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
  r => [Number(r.getAttribute('data-index')), r.innerText.replace(/\\s+/g, ' ')])"""


class Checks:
    """Prints each check as it is made and remembers whether one failed."""

    def __init__(self) -> None:
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""), flush=True)
        self.failed += not ok
        return ok


def find_code_server(given: str | None) -> str | None:
    for candidate in (given, os.environ.get("CODE_SERVER"), shutil.which("code-server")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def own_dirs(work: Path) -> list[str]:
    """code-server's folders and config file under ``work``: nothing in the user's home is read or written."""
    return [
        *("--config", str(work / "config.yaml")),
        *("--user-data-dir", str(work / "user-data")),
        *("--extensions-dir", str(work / "extensions")),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def make_workspace(folder: Path) -> None:
    folder.mkdir()
    text = EXAMPLE.read_bytes()
    (folder / MAP).write_bytes(text)
    lines = text.split(b"\n")
    if lines[TYPO_LINE - 1] != b"        owner: Support":
        raise SystemExit(f"{EXAMPLE}:{TYPO_LINE} is no longer '        owner: Support'; update TYPO_LINE")
    lines[TYPO_LINE - 1] = b"        onwer: Support"
    (folder / TYPO).write_bytes(b"\n".join(lines))
    (folder / ".jmap.toml").write_text("# no settings: jmap's defaults\n", encoding="utf-8")


def write_settings(user_data: Path) -> None:
    settings = {
        "jmap.today": TODAY,
        "jmap.server.command": [sys.executable, "-m", "jmap", "lsp"],
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "security.workspace.trust.enabled": False,
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "extensions.ignoreRecommendations": True,
        "telemetry.telemetryLevel": "off",
        "editor.minimap.enabled": False,
        "window.commandCenter": False,
        "chat.commandCenter.enabled": False,
        "workbench.layoutControl.enabled": False,
    }
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")


def lint_findings(folder: Path) -> list[tuple[str, int, int]]:
    done = subprocess.run(
        [sys.executable, "-m", "jmap", "lint", "-f", "json", "--today", TODAY, MAP],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stdout)
    return sorted((f["code"], f["line"], f["column"]) for f in report["findings"])


@contextmanager
def code_server(binary: str, work: Path, folder: Path) -> Iterator[str]:
    port = free_port()
    dirs = own_dirs(work)
    log = (work / "code-server.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [binary, *dirs, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
         "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", str(folder)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > end:
                    log.flush()
                    raise SystemExit(
                        "code-server did not start:\n" + (work / "code-server.log").read_text(encoding="utf-8")
                    ) from None
                time.sleep(0.5)
        yield f"{url}/?folder={folder}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def install_extension(binary: str, work: Path, vsix: Path) -> str:
    dirs = own_dirs(work)
    done = subprocess.run(
        [binary, *dirs, "--install-extension", str(vsix)], capture_output=True, text=True, timeout=300, check=False
    )
    listed = subprocess.run(
        [binary, *dirs, "--list-extensions", "--show-versions"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return (done.stdout + done.stderr).strip() + "\n" + listed.stdout.strip()


def command(page: Any, name: str) -> None:
    """Run a command from the command palette by its title."""
    page.keyboard.press("F1")
    box = page.locator(".quick-input-widget input")
    box.wait_for(state="visible", timeout=15_000)
    box.fill(">" + name)
    page.locator(".quick-input-widget .monaco-list-row").first.wait_for(timeout=15_000)
    page.keyboard.press("Enter")
    page.locator(".quick-input-widget").wait_for(state="hidden", timeout=15_000)


def open_file(page: Any, name: str) -> None:
    page.keyboard.press("Control+P")
    box = page.locator(".quick-input-widget input")
    box.wait_for(state="visible", timeout=15_000)
    box.fill(name)
    page.locator(f".quick-input-widget .monaco-list-row[aria-label*='{name}']").first.wait_for(timeout=15_000)
    page.keyboard.press("Enter")
    page.locator(f".tabs-container .tab[aria-label*='{name}']").wait_for(timeout=15_000)
    page.locator(".monaco-editor .view-lines").first.wait_for(timeout=15_000)


def problem_rows(page: Any) -> list[str]:
    """The rows of the Problems panel (a virtual list: only the rows in view exist, so maximize it first)."""
    return [text for _, text in sorted(page.evaluate(ROWS_JS))]


def markers(rows: list[str], name: str) -> list[tuple[str, int, int]]:
    """The (code, line, column) of the file ``name``'s rows: those after its header row, up to the next file's."""
    found: list[tuple[str, int, int]] = []
    inside = False
    for row in rows:
        hit = MARKER.search(row)
        if hit is None:
            inside = name in row
        elif inside:
            found.append((hit[1], int(hit[2]), int(hit[3])))
    return sorted(found)


def wait_for_markers(
    page: Any, name: str, done: Callable[[list[tuple[str, int, int]]], bool], timeout: float
) -> list[tuple[str, int, int]]:
    """The markers of ``name`` once ``done`` holds for them (or at the timeout), read with the panel maximized."""
    command(page, "View: Toggle Maximized Panel")
    try:
        end = time.monotonic() + timeout
        while True:
            page.wait_for_timeout(500)
            seen = markers(problem_rows(page), name)
            if done(seen):
                page.wait_for_timeout(1000)  # a late publication would replace them
                return markers(problem_rows(page), name)
            if time.monotonic() > end:
                return seen
    finally:
        command(page, "View: Toggle Maximized Panel")


def drive(url: str, folder: Path, expected: list[tuple[str, int, int]], shot: Path | None, checks: Checks) -> None:
    from playwright.sync_api import sync_playwright

    original = (folder / MAP).read_bytes()
    typo_before = (folder / TYPO).read_bytes()
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
            viewport={"width": 1440, "height": 900},
        )
        try:
            page = browser.new_page()
            page.goto(url)
            page.locator(".monaco-workbench .part.statusbar").wait_for(timeout=120_000)
            page.locator(".explorer-folders-view .monaco-list-row").first.wait_for(timeout=60_000)
            checks.check(True, "code-server's workbench loaded", page.title())

            open_file(page, MAP)
            command(page, "View: Focus Problems (Errors, Warnings, Infos)")
            page.locator(".markers-panel").wait_for(timeout=15_000)
            seen = wait_for_markers(page, MAP, lambda seen: len(seen) >= len(expected), timeout=120)
            counts = Counter(code for code, _, _ in seen)
            checks.check(
                seen == expected,
                f"Problems panel: {len(seen)} jmap findings for {MAP}, `jmap lint -f json --today {TODAY}`: "
                f"{len(expected)}, same codes, lines and columns",
                ", ".join(f"{c}×{n}" for c, n in sorted(counts.items())),
            )
            if seen != expected:
                print(f"     only in VS Code: {sorted(set(seen) - set(expected))}")
                print(f"     only in jmap lint: {sorted(set(expected) - set(seen))}")

            command(page, "View: Close Editor")  # jmap lsp clears a closed file's findings
            open_file(page, TYPO)
            typo = wait_for_markers(page, TYPO, lambda seen: ("JM003", TYPO_LINE, 9) in seen, timeout=60)
            checks.check(
                ("JM003", TYPO_LINE, 9) in typo,
                f"{TYPO}: JM003 (unknown field 'onwer') at line {TYPO_LINE}, column 9",
            )
            page.locator(".monaco-editor textarea").first.focus()
            page.keyboard.press("Control+G")
            page.locator(".quick-input-widget input").wait_for(state="visible", timeout=15_000)
            page.keyboard.type(f"{TYPO_LINE}:9")
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)
            page.keyboard.press("Control+.")
            menu = page.locator(".action-widget")
            menu.wait_for(state="visible", timeout=30_000)
            page.locator(".action-widget .monaco-list-row.action").first.wait_for(timeout=30_000)
            titles = [t.strip() for t in page.locator(".action-widget .monaco-list-row.action").all_inner_texts()]
            fix = next((t for t in titles if t.endswith("(JM003)")), None)
            checks.check(fix is not None, "the quick-fix menu offers the did-you-mean fix", " | ".join(titles))
            if shot is not None:
                page.screenshot(path=str(shot))
                checks.check(shot.stat().st_size > 0, f"screenshot of the diagnostics and the menu: {shot}")
            if fix is None:
                return
            for _ in range(len(titles)):  # the menu's overlay takes clicks: choose with the keyboard
                if page.locator(".action-widget .monaco-list-row.action.focused").inner_text().strip() == fix:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            menu.wait_for(state="hidden", timeout=15_000)
            page.keyboard.press("Control+S")
            end = time.monotonic() + 30
            while time.monotonic() < end and (folder / TYPO).read_bytes() == typo_before:
                page.wait_for_timeout(300)
            after = (folder / TYPO).read_bytes()
            pairs = zip(typo_before.split(b"\n"), after.split(b"\n"), strict=False)
            changed = [i + 1 for i, (a, b) in enumerate(pairs) if a != b]
            same_count = typo_before.count(b"\n") == after.count(b"\n")
            checks.check(
                after == original and changed == [TYPO_LINE] and same_count,
                f"after the fix and a save, {TYPO} differs from before on line {TYPO_LINE} only, "
                f"which reads 'owner:' again (the file equals the example byte for byte)",
                f"changed lines: {changed}",
            )
            fixed = wait_for_markers(page, TYPO, lambda seen: seen == expected, timeout=30)
            checks.check(
                fixed == expected,
                f"then the Problems panel lists for {TYPO} what `jmap lint` reports for the example: JM003 gone",
            )
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code-server", help="the code-server program (default: $CODE_SERVER, then PATH)")
    parser.add_argument("--vsix", type=Path, default=HERE / "jmap.vsix", help="the built extension")
    parser.add_argument("--screenshot", type=Path, help="write a PNG of the diagnostics and the quick-fix menu")
    args = parser.parse_args(argv)
    binary = find_code_server(args.code_server)
    if binary is None:
        print("code-server not found (--code-server, $CODE_SERVER or PATH); docs/editors.md says how to install it")
        return 1
    if not args.vsix.is_file():
        print(f"{args.vsix} is missing: run editors/vscode/build.sh")
        return 1
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="jmap-code-server-") as tmp:
        work = Path(tmp)
        version = subprocess.run(
            [binary, *own_dirs(work), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
        checks.check(version.returncode == 0, "code-server", " ".join(version.stdout.strip().splitlines()[-1:]))
        folder = work / "maps"
        make_workspace(folder)
        write_settings(work / "user-data")
        installed = install_extension(binary, work, args.vsix)
        checks.check("jmap-dev.jmap@" in installed, f"installed {args.vsix.name}", installed.splitlines()[-1])
        expected = lint_findings(folder)
        with code_server(binary, work, folder) as url:
            drive(url, folder, expected, args.screenshot, checks)
    print("all checks passed" if not checks.failed else f"{checks.failed} check(s) failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
