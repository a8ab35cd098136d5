"""Every ```console example of README.md and docs/*.md runs and prints what it shows; the pictures match.

The block conventions (set-ups, skipped blocks, ``…`` for omitted lines) are described at the top of
tests/docs_examples.py. ``python3 scripts/docs.py --write`` rewrites every drifted output in place and
regenerates the pictures in docs/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jmap.loader import load_map
from tests.docs_examples import (
    DOCS,
    PICTURES,
    REPO,
    TEXT_PICTURES,
    Block,
    Shell,
    Step,
    all_blocks,
    drift,
    make_picture,
    matches,
    read_blocks,
    regenerated,
    rewrite,
    run_block,
    runnable,
)
from tests.docs_setups import SETUPS

BLOCKS = all_blocks()
HOW = "run `python3 scripts/docs.py --write` and review the diff"


@pytest.mark.parametrize("block", [b for b in BLOCKS if runnable(b)], ids=lambda b: b.name)
def test_console_example_prints_what_the_docs_show(block: Block, tmp_path: Path) -> None:
    run = run_block(block, tmp_path / "run")
    problems = drift(run)
    for name, data in run.pictures.items():
        committed = REPO / "docs" / name
        if not committed.is_file():
            problems.append(f"{block.name}: writes docs/{name}, which is not in the repository")
        elif name.endswith(TEXT_PICTURES) and committed.read_bytes() != data:
            problems.append(f"{block.name}: docs/{name} is not what the example writes now")
    assert not problems, "\n".join([*problems, HOW])


@pytest.mark.parametrize("picture", [p for p in PICTURES if not p.slow], ids=lambda p: p.name)
def test_pictures_in_docs_are_made_by_the_current_code(picture: object, tmp_path: Path) -> None:
    from tests.docs_examples import Picture

    assert isinstance(picture, Picture)
    printed, data = make_picture(picture, tmp_path / "run")
    assert data is not None, printed
    committed = REPO / "docs" / picture.name
    assert committed.is_file()
    if picture.name.endswith(TEXT_PICTURES):
        assert committed.read_bytes() == data, f"docs/{picture.name} is not what `{picture.command}` makes; {HOW}"


def test_every_console_block_runs_or_says_why_not() -> None:
    assert len(BLOCKS) >= 25
    for block in BLOCKS:
        assert block.steps, f"{block.name}: a console block without a `$ ` command"
        assert set(block.options) <= {"setup", "skip", "no-compare"}, f"{block.name}: {block.options}"
        if "skip" in block.options:
            assert block.options["skip"], f"{block.name}: skip needs a reason (skip=interactive)"
        if "setup" in block.options:
            assert block.options["setup"] in SETUPS, f"{block.name}: no set-up {block.options['setup']!r}"


def test_every_picture_the_docs_show_is_made_by_one_command() -> None:
    shown = {
        name
        for path in DOCS
        for name in re.findall(r"\(docs/([\w.-]+\.(?:svg|png|html))\)", path.read_text(encoding="utf-8"))
    }
    made = {p.name for p in PICTURES} | {
        m.group(1) for b in BLOCKS for s in b.steps for m in re.finditer(r"docs/([\w.-]+\.(?:svg|png|html))", s.command)
    }
    assert shown <= made, f"pictures shown but made by no example or PICTURES entry: {sorted(shown - made)}"


def test_readme_map_format_example_is_a_valid_map(tmp_path: Path) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## The map format", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "map.yaml"
    path.write_text(example, encoding="utf-8")
    loaded = load_map(path)
    assert loaded.model.evidence[0].source == "Eight customer interviews, July 2026"
    assert [i.code for i in loaded.loaded.issues] == []


# The machinery itself.


def test_blocks_steps_and_directives_are_read(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "Intro\n\n<!-- console: setup=tour -->\n```console\n$ jmap lint maps\nfirst\n\n$ echo $?\n1\n```\n"
        "````console\n$ jmap rules JM302 | tail -2\n```yaml\nnot a fence end\n```\n````\n",
        encoding="utf-8",
    )
    first, second = read_blocks(doc)
    assert (first.line, first.end, first.options) == (4, 10, {"setup": "tour"})
    assert [(s.command, s.expected, s.line) for s in first.steps] == [
        ("jmap lint maps", ("first", ""), 5),
        ("echo $?", ("1",), 8),
    ]
    assert [s.expected for s in second.steps] == [("```yaml", "not a fence end", "```")]


def test_ellipsis_stands_for_any_lines_and_rewriting_keeps_it() -> None:
    assert matches(("a", "…", "d"), "a\nb\nc\nd\n")
    assert matches(("a", "…", "b"), "a\nb\n")
    assert not matches(("a", "…", "d"), "a\nb\nc\n")
    assert not matches(("a", "b"), "a\nb\nc\n")
    assert matches(("a  ", "b", ""), "a\nb\n\n")
    assert regenerated(("a", "…", "d"), "a\nb\nc\nd\n") == ["a", "…", "d"]
    assert regenerated(("a", "…", "d"), "a\nx\nd\ne\n") == ["a", "…", "d", "…"]
    assert regenerated(("old",), "new\n") == ["new"]


def test_the_shell_runs_pipes_sequences_redirects_and_status(tmp_path: Path) -> None:
    shell = Shell(tmp_path)
    (tmp_path / "examples").mkdir()
    assert shell.run("jmap rules | head -1") == "Structure:\n"
    assert shell.run("jmap rules | sed -n 2p | cut -c1-20") == "  JM001  parse-error\n"
    assert shell.run('jmap lint missing.yaml; echo "exit $?"') == (
        "jmap: error: missing.yaml: no such file or folder\nexit 2\n"
    )
    assert shell.run("jmap lint missing.yaml && echo never") == "jmap: error: missing.yaml: no such file or folder\n"
    assert shell.run("jmap schema > schema.json") == ""
    assert (tmp_path / "schema.json").read_text(encoding="utf-8").startswith("{")
    assert shell.run("cd examples && pwd  # where we are") == f"{tmp_path / 'examples'}\n"


def test_a_drifted_step_is_named_by_file_line_and_command(tmp_path: Path) -> None:
    doc = REPO / "README.md"
    block = Block(doc, 1, 4, (Step("jmap rules | head -1", ("Ownership:",), 2),))
    run = run_block(block, tmp_path / "run")
    assert drift(run) == ["README.md:2: `$ jmap rules | head -1` prints something else now:\n    Structure:"]
    assert rewrite(doc, [run]).splitlines()[1:3] == ["$ jmap rules | head -1", "Structure:"]
