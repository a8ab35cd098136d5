"""Check or regenerate every console example of README.md and docs/*.md, and the pictures in docs/.

    python3 scripts/docs.py            # list the examples whose output drifted (exit 1 if any)
    python3 scripts/docs.py --write    # rewrite those outputs in place and remake every picture in docs/

Examples run with this checkout's code (src/ first on the path) in temporary folders; the block
conventions are described in tests/docs_examples.py. A ``…`` line in an example's output stays
where the new output still fits it. ``--write`` makes the pictures that need Chromium or LibreOffice
too when those are installed, and says which it could not make.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from tests.docs_examples import (  # noqa: E402
    DOCS,
    PICTURES,
    Run,
    all_blocks,
    drift,
    make_picture,
    rewrite,
    run_block,
    runnable,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite drifted outputs and remake the pictures")
    args = parser.parse_args()
    problems: list[str] = []
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="jmap-docs-") as tmp:
        for n, block in enumerate(b for b in all_blocks() if runnable(b)):
            run = run_block(block, Path(tmp) / f"block-{n}")
            runs.append(run)
            problems += drift(run)
            if args.write:
                for name, data in run.pictures.items():
                    _save(name, data)
        if args.write:
            for picture in PICTURES:
                printed, data = make_picture(picture, Path(tmp) / f"picture-{picture.name}")
                if data is None:
                    print(f"docs/{picture.name}: not made ({printed.strip() or 'no output'})", file=sys.stderr)
                else:
                    _save(picture.name, data)
    if args.write:
        for path in DOCS:
            mine = [r for r in runs if r.block.path == path]
            text = rewrite(path, mine)
            if text != path.read_text(encoding="utf-8"):
                path.write_text(text, encoding="utf-8")
                print(f"rewrote {path.relative_to(REPO)}")
        return 0
    for problem in problems:
        print(problem)
    print(f"{len(runs)} examples run, {len(problems)} drifted", file=sys.stderr)
    return 1 if problems else 0


def _save(name: str, data: bytes) -> None:
    target = REPO / "docs" / name
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    sys.exit(main())
