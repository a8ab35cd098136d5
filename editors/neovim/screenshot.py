"""Make docs/editor-neovim.png: Neovim in tmux with `jmap lsp`'s diagnostics and a quick-fix menu open.

    python editors/neovim/screenshot.py [OUT.png]

Needs nvim, tmux and Chromium. Opens demo.jmap.yaml with init.lua (today pinned to 2026-11-25), waits for
the diagnostics, puts the cursor on the misspelt ``onwer:`` key and asks for code actions; then captures the
pane with its colours (``tmux capture-pane -e``), turns the ANSI text into HTML with Rich and photographs it
with headless Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.terminal_theme import TerminalTheme
from rich.text import Text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
COLUMNS, ROWS = 132, 36
SESSION = f"jmap-shot-{os.getpid()}"
THEME = TerminalTheme(
    (24, 24, 27),
    (220, 220, 220),
    [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188), (17, 168, 205),
     (229, 229, 229)],
    [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214),
     (41, 184, 219), (255, 255, 255)],
)  # fmt: skip
PAGE = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><style>
body {{ margin: 0; background: #18181b; }}
pre {{ margin: 0; padding: 10px 12px; color: #dcdcdc; background: #18181b;
      font-family: "DejaVu Sans Mono", monospace; font-size: 14px; line-height: 1.3; }}
</style></head><body><pre><code>{code}</code></pre></body></html>"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=30).stdout


def wait_for(text: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if text in tmux("capture-pane", "-p", "-t", SESSION):
            return
        time.sleep(0.3)
    raise SystemExit(f"screenshot: {text!r} never appeared in the pane")


def capture() -> str:
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(HERE / "demo.jmap.yaml", Path(work) / "onboarding.yaml")
        env = ["-e", "JMAP_TODAY=2026-11-25"]
        if os.environ.get("PYTHONPATH"):
            env += ["-e", f"PYTHONPATH={os.environ['PYTHONPATH']}"]
        command = f"nvim -u {HERE / 'init.lua'} onboarding.yaml"
        tmux("new-session", "-d", "-s", SESSION, "-x", str(COLUMNS), "-y", str(ROWS), *env, "-c", work, command)
        try:
            wait_for("silences no finding")
            tmux("send-keys", "-t", SESSION, "20G9|")
            tmux("send-keys", "-t", SESSION, ":lua vim.lsp.buf.code_action()", "Enter")
            wait_for("Code actions:")
            return tmux("capture-pane", "-e", "-p", "-t", SESSION)
        finally:
            tmux("kill-session", "-t", SESSION)


def html_of(ansi: str) -> str:
    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=COLUMNS, force_terminal=True, color_system="truecolor", file=sink)
        for line in ansi.rstrip("\n").split("\n"):
            console.print(Text.from_ansi(line), no_wrap=True, crop=True, soft_wrap=False)
    return console.export_html(theme=THEME, inline_styles=True, code_format=PAGE)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "docs" / "editor-neovim.png"
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "pane.html"
        page.write_text(html_of(capture()), encoding="utf-8")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={work}/profile", "--window-size=1140,680", f"--screenshot={out.resolve()}",
             page.as_uri()],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
