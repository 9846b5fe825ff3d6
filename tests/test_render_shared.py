"""What the renderers share is defined once: report wording, the Markdown escaper, the loader."""

from __future__ import annotations

import re
import sys
import tomllib
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.models import Budget
from pi_growth.render import RenderOptions, Units, load_renderer
from pi_growth.render.diff_formats import DIFF_RENDERERS, DiffFormat, diff_renderer
from pi_growth.render.money import pounds
from pi_growth.render.words import MEASURE_WORDS, SCOPE_WORDS, years_text

SOURCE = Path(__file__).resolve().parent.parent / "src" / "pi_growth"


@pytest.mark.parametrize(
    ("definition", "home"),
    [
        (r"MEASURE_WORDS\b[^=\n]*=", "render/words.py"),
        (r"SCOPE_WORDS\b[^=\n]*=", "render/words.py"),
        (r"def _?years_text\(", "render/words.py"),
        (r"def _?code\(", "render/markdown_text.py"),
        (r"_SPECIAL\b[^=\n]*=|_MARKUP\b[^=\n]*=", "render/markdown_text.py"),
        (r".*importlib\.import_module\(", "render/__init__.py"),
        (r"class \w*RenderOptions\b", "render/__init__.py"),
    ],
)
def test_each_shared_piece_is_defined_in_one_module(definition: str, home: str) -> None:
    """No module keeps its own copy of a piece another module already defines."""
    pattern = re.compile(rf"^\s*{definition}", re.MULTILINE)
    found = sorted(
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    )
    assert found == [home]


def test_words_cover_every_measure_and_scope_a_budget_can_have() -> None:
    """Every value the model accepts has its words (the model is the one source of values)."""
    fields = Budget.model_fields
    assert set(typing.get_args(fields["measure"].annotation)) == set(MEASURE_WORDS)
    assert set(typing.get_args(fields["scope"].annotation)) == set(SCOPE_WORDS)


def test_years_text() -> None:
    """One year, or the first and last of a run."""
    assert years_text((2025,)) == "2025/26"
    assert years_text((2025, 2026, 2027)) == "2025/26–2027/28"


def test_one_loader_serves_both_dispatch_tables() -> None:
    """A "module:function" spec names the function; diff's formats load through it too."""
    assert load_renderer("pi_growth.render.money:pounds") is pounds
    for fmt in DiffFormat:
        assert diff_renderer(fmt) is load_renderer(DIFF_RENDERERS[fmt])


def test_diff_renderers_take_the_shared_options() -> None:
    """The diff formats are typed over the same RenderOptions as the cost formats."""
    hints = typing.get_type_hints(load_renderer(DIFF_RENDERERS[DiffFormat.table]))
    assert hints["options"] is RenderOptions


# --- no dead code --------------------------------------------------------------------------


def test_xlsxwriter_is_a_core_dependency_with_no_extra() -> None:
    """`--format xlsx` always works, so no extra installs XlsxWriter (nor lists it again)."""
    pyproject = tomllib.loads((SOURCE.parent.parent / "pyproject.toml").read_text("utf-8"))
    project = pyproject["project"]
    assert any(requirement.startswith("xlsxwriter") for requirement in project["dependencies"])
    extras = project["optional-dependencies"]
    assert "xlsx" not in extras
    assert not [r for rs in extras.values() for r in rs if r.startswith("xlsxwriter")]


def test_only_charts_need_an_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without matplotlib every other format still works: XLSX, whose library is a core
    dependency, included (the chart's own message is tested in test_chart)."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    book = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(app, ["cost", "--format", "xlsx", "--output", str(book)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert book.read_bytes()[:2] == b"PK"  # a zip: an XLSX workbook


@pytest.mark.parametrize(
    ("units", "shown"),
    # 1,234,567.50: to the pound half up 1,234,568; 1,234.5675k to 0.1k is 1,234.6k;
    # 1.2345675m to 0.01m is 1.23m.
    [("pounds", "£1,234,568"), ("thousands", "£1,234.6k"), ("millions", "£1.23m")],
)
def test_every_unit_people_can_ask_for_is_shown(units: str, shown: str) -> None:
    assert units in set(Units)
    assert pounds(Decimal("1234567.50"), units) == shown


def test_the_units_tested_are_every_unit() -> None:
    assert set(Units) == {"pounds", "thousands", "millions"}
