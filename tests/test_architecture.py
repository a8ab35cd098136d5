"""The import direction of the house (README, Development): each layer imports only itself and the layers below.

Inside the formats layer the XLSX reader is layered too: ``package`` (zip/XML guards) <- ``cells`` <- ``reader``.

Imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO, run_python

SRC = REPO / "src"
LAYERS = ("ground", "domain", "model", "formats", "core", "edge")
PLACES = (
    ("jmap.__init__", "ground"), ("jmap.errors", "ground"), ("jmap.findings", "ground"), ("jmap.document", "ground"),
    ("jmap.display", "ground"), ("jmap.util", "ground"),
    ("jmap.domain", "domain"),
    ("jmap.model", "model"), ("jmap.schema", "model"), ("jmap.validate", "model"),
    ("jmap.stored_schema", "model"), ("jmap.stored_schema_data", "model"),
    ("jmap.formats", "formats"),
    ("jmap.loader", "core"), ("jmap.lint", "core"), ("jmap.rules", "core"), ("jmap.report", "core"),
    ("jmap.export", "core"), ("jmap.new", "core"), ("jmap.importing", "core"), ("jmap.fingerprint", "core"),
    ("jmap.history", "core"), ("jmap.changes", "core"),
    ("jmap.reporters", "edge"), ("jmap.render", "edge"), ("jmap.pictures", "edge"), ("jmap.commands", "edge"),
    ("jmap.lsp", "edge"), ("jmap.cli", "edge"), ("jmap.__main__", "edge"),
)  # fmt: skip
EDGE_ONLY = ("rich", "typer", "click", "pygls", "lsprotocol")
NOT_LINT = ("jmap.export", "jmap.changes.compute")
"""Core modules that reach no further than the formats: export reads suppressions from ``formats.suppressions``."""
XLSX_READING = ("jmap.formats.xlsx.package", "jmap.formats.xlsx.cells", "jmap.formats.xlsx.reader")
"""The XLSX reader's modules, lowest first: package guards <- cell decoding <- sheet-to-map reader."""


def layer_of(module: str) -> str | None:
    if module == "jmap":
        return "ground"
    for prefix, layer in PLACES:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """``(line, module)`` of every import that runs, skipping ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down(path: Path) -> None:
    name = module_name(path)
    layer = layer_of(name)
    assert layer is not None, f"{name} belongs to no layer: place it in PLACES (and README's house)"
    rank = LAYERS.index(layer)
    wrong = []
    for line, imported in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        top = imported.split(".")[0]
        if top in EDGE_ONLY and layer != "edge":
            wrong.append(f"{line}: {imported} (only the edge uses {top})")
        if top != "jmap":
            continue
        target = layer_of(imported)
        if target is None or LAYERS.index(target) > rank:
            wrong.append(f"{line}: {imported} ({target or 'no layer'} is above {layer})")
        if layer == "formats" and imported.startswith("jmap.lint"):
            wrong.append(f"{line}: {imported} (formats do not import lint)")
        if name in NOT_LINT and (imported == "jmap.lint" or imported.startswith("jmap.lint.")):
            wrong.append(f"{line}: {imported} ({name} does not import lint)")
    assert not wrong, f"{name} imports upward:\n" + "\n".join(wrong)


def xlsx_upward(name: str, imports: list[tuple[int, str]]) -> list[str]:
    """The imports by which one of ``XLSX_READING`` reaches one above it."""
    if name not in XLSX_READING:
        return []
    above = XLSX_READING[XLSX_READING.index(name) + 1 :]
    return [
        f"{line}: {imported} (above {name})"
        for line, imported in imports
        if any(imported == up or imported.startswith(up + ".") for up in above)
    ]


@pytest.mark.parametrize("name", XLSX_READING)
def test_the_xlsx_reader_modules_import_down(name: str) -> None:
    path = SRC / (name.replace(".", "/") + ".py")
    wrong = xlsx_upward(name, runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))
    assert not wrong, f"{name} imports upward:\n" + "\n".join(wrong)


def test_the_xlsx_check_sees_an_upward_import() -> None:
    imports = runtime_imports(
        ast.parse("from jmap.formats.xlsx.cells import Cell\nfrom jmap.formats.xlsx.reader import read_xlsx\n")
    )
    assert xlsx_upward("jmap.formats.xlsx.package", imports) == [
        "1: jmap.formats.xlsx.cells (above jmap.formats.xlsx.package)",
        "2: jmap.formats.xlsx.reader (above jmap.formats.xlsx.package)",
    ]
    assert xlsx_upward("jmap.formats.xlsx.cells", imports) == [
        "2: jmap.formats.xlsx.reader (above jmap.formats.xlsx.cells)"
    ]
    assert xlsx_upward("jmap.formats.xlsx.reader", imports) == []


def test_the_check_sees_an_upward_import() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import rich\nfrom jmap.lint.core import lint\n"
    )
    assert runtime_imports(tree) == [(1, "typing"), (4, "jmap.lint.core")]
    assert LAYERS.index(layer_of("jmap.lint.core") or "") > LAYERS.index(layer_of("jmap.formats.csv") or "")


# Start-up: a pre-commit run lints one small file, so what it imports is most of its time (README, Development).

HEAVY_AT_IMPORT = ("jmap.rules", "jmap.model", "jmap.lint", "pydantic", "rich", "yaml", "importlib.metadata")
"""What building a command's app (its module and its options) must not import: the command imports them as it runs."""
NOT_IN_A_LINT_RUN = (
    "importlib.metadata",  # Pydantic's plugin loader, imported with the first TypeAdapter
    "pydantic.plugin._loader",
    "rich",
    "jmap.reporters.json_report",
    "jmap.reporters.github",
    "jmap.reporters.sarif",
    "jmap.reporters.codeclimate",
    "jmap.formats.xlsx.reader",
    "jmap.render",
)


def test_building_a_command_imports_no_rule_model_or_library_it_runs_with(tmp_path: Path) -> None:
    from jmap.cli import COMMANDS

    probe = (
        "import sys\nfrom jmap.cli import build_app\n"
        f"for name in {list(COMMANDS)!r}:\n    build_app([name])\n"
        f"print(*sorted({{m.split('.')[0] if not m.startswith('jmap') else m for m in sys.modules}}))"
    )
    loaded = run_python(probe, tmp_path).split()
    assert "jmap.commands.lint" in loaded
    assert [m for m in loaded if m.startswith(HEAVY_AT_IMPORT)] == []


def test_a_one_file_lint_imports_only_what_it_runs_and_pydantic_builds_no_class(tmp_path: Path) -> None:
    from tests.conftest import GOOD_MAP

    (tmp_path / "m.yaml").write_text(GOOD_MAP, encoding="utf-8")
    probe = (
        "import sys\nsys.argv = ['jmap', 'lint', '-q', 'm.yaml']\nfrom jmap.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "from jmap.model import _Base\n"
        "built = [c.__name__ for c in _Base.__subclasses__() if c.__pydantic_complete__]\n"
        "print('exit', code, 'built', *built, 'modules', *sorted(sys.modules))"
    )
    out = run_python(probe, tmp_path).split()
    words = out[out.index("exit") :]
    assert words[:3] == ["exit", "0", "built"]
    modules = set(words[words.index("modules") + 1 :])
    from jmap import stored_schema_data
    from jmap.stored_schema import library_versions

    # No model class built by Pydantic: the stored schema validated (with other library versions it is not used).
    same = library_versions() == (stored_schema_data.PYDANTIC, stored_schema_data.PYDANTIC_CORE)
    assert words[3 : words.index("modules")] == ([] if same else ["JourneyMap"])
    assert "jmap.reporters.text" in modules and "jmap.rules.structure" in modules
    pydantic_builds = () if same else ("importlib.metadata", "pydantic.plugin._loader")
    assert sorted(modules & set(NOT_IN_A_LINT_RUN) - set(pydantic_builds)) == []
    assert not [m for m in modules if m.startswith("jmap.render")]
