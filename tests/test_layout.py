"""The layout shows the architecture: stages import only the stages beneath them, no module
imports itself round a circle, and modules stay small (STYLE.md, README's Development)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "pi_growth"

# What each stage may not import (at run time; imports for type checking only are free).
# load/ and cost/ stand on the core and never on each other; compare/ stands on cost/;
# render/ on the results; commands/ on everything.
FORBIDDEN = {
    "load": {"cost", "compare", "render", "commands"},
    "cost": {"load", "compare", "render", "commands"},
    "compare": {"load", "render", "commands"},
    "render": {"load", "commands"},
}
# Modules over the limit today, each with why; the list may only shrink.
LONGER_THAN_LIMIT = {
    "cost/engine.py": "the engine's rewrite for exactness and speed splits it (issue 9, 14)",
    "models.py": "every input model in one place; to split by scenario and rate table",
    "cli.py": "one typer command per feature; to become a line per command in commands/",
    "load/loader.py": "to flatten load_scenario_and_document (issue 8)",
    "load/validation.py": "cross-checks of every feature; to split by what they check",
    "load/csv_source.py": "extracts (CSV and XLSX rows); to split reading from row checks",
}
# Circles known today, each with why; the list may only shrink.
KNOWN_CIRCLES = {
    ("pi_growth.cost.engine", "pi_growth.cost.price_basis"): (
        "cost_scenario re-costs at each envelope's price base with the same engine; to move "
        "cost_scenario above both"
    ),
}
LINE_LIMIT = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Every pi_growth module imported when the code runs (lazy imports included)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for statement in node.orelse:
                visit(statement)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pi_"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("pi_"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {
            imported
            for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
            if imported in modules and imported != name
        }
        for name, path in modules.items()
    }


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "core"


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = _graph()
    circles = []
    state: dict[str, str] = {}

    def walk(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                circle = path[path.index(imported) :]
                if tuple(circle) not in KNOWN_CIRCLES:
                    circles.append([*circle, imported])
            elif imported not in state:
                walk(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert circles == []


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_a_stage_imports_only_the_stages_beneath_it(stage: str) -> None:
    wrong = sorted(
        f"{module} imports {imported}"
        for module, imports in _graph().items()
        if _stage(module) == stage
        for imported in imports
        if _stage(imported) in FORBIDDEN[stage]
    )
    assert wrong == []


def test_modules_stay_small() -> None:
    longer = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if len(path.read_text(encoding="utf-8").splitlines()) > LINE_LIMIT
    }
    assert longer <= set(LONGER_THAN_LIMIT), f"over {LINE_LIMIT} lines: {longer}"


def test_imports_are_read_lazy_ones_in_type_checking_ones_out() -> None:
    """The import reading finds lazy imports and skips type-checking ones."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pi_growth.a import X\n"
        "def f():\n    from pi_growth.b import Y\n"
    )
    assert _runtime_imports(tree) == {"pi_growth.b", "pi_growth.b.Y"}
