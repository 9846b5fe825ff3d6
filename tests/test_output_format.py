"""The output format from -o's extension, a contradicting --format refused, and --help that
reads as people write commands (issue 11 items 2 and 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.help_text import EXAMPLES

# Every command the app has, so a new one is held to the same help.
COMMANDS = [
    command.name or getattr(command.callback, "__name__", "") for command in app.registered_commands
]


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process, 80 columns wide; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("plan.xlsx", b"PK\x03\x04"),  # a zip: the workbook
        ("plan.csv", b"\xef\xbb\xbfyear,posts,"),
        ("plan.json", b"{"),
        ("plan.md", b"# P&I growth"),
        ("plan.MARKDOWN", b"# P&I growth"),
        ("plan.txt", b"P&I growth"),  # the terminal table
        ("plan", b"P&I growth"),  # no extension: the default, the table
    ],
)
def test_cost_infers_the_format_from_the_file_name(
    tmp_path: Path, name: str, starts: bytes
) -> None:
    """`cost -o plan.xlsx` writes a workbook, not terminal text (issue 11 item 2)."""
    target = tmp_path / name
    code, stdout, stderr = invoke("cost", "-o", str(target))
    assert (code, stdout, stderr) == (0, "", "")
    assert target.read_bytes().startswith(starts)


def test_rates_and_diff_infer_the_format_too(tmp_path: Path) -> None:
    """The same rule for every command with --format."""
    code, _, _ = invoke("rates", "-o", str(tmp_path / "reckoner.json"))
    assert code == 0
    assert "rows" in json.loads((tmp_path / "reckoner.json").read_text(encoding="utf-8"))
    bundled = str(Path(__file__).resolve().parents[1] / "scenarios" / "pi-growth.yaml")
    code, _, _ = invoke("diff", bundled, bundled, "-o", str(tmp_path / "diff.md"))
    assert code == 0
    assert (tmp_path / "diff.md").read_text(encoding="utf-8").startswith("<!-- pi-growth diff")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["cost", "--format", "xlsx", "-o", "plan.csv"],
            "error: --format xlsx does not match 'plan.csv', a .csv file (csv): write it to a "
            ".xlsx file, or give --format csv (or leave --format out)\n",
        ),
        (
            ["cost", "--format", "json", "-o", "plan.xlsx"],
            "error: --format json does not match 'plan.xlsx', a .xlsx file (xlsx): write it to "
            "a .json file, or give --format xlsx (or leave --format out)\n",
        ),
        (
            ["cost", "--format", "xlsx", "-o", "plan.txt"],
            "error: --format xlsx does not match 'plan.txt', a .txt file (table): write it to a "
            ".xlsx file, or give --format table (or leave --format out)\n",
        ),
        (
            ["rates", "-o", "reckoner.xlsx"],
            "error: 'reckoner.xlsx' is a .xlsx file, which this command does not write: give "
            "--format table | json | csv | markdown (or a file name ending in .csv, .json, .md, "
            ".txt)\n",
        ),
    ],
)
def test_a_format_that_contradicts_the_file_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    """A mismatch is refused before any work, naming both (exit 2, nothing written)."""
    monkeypatch.chdir(tmp_path)
    assert invoke(*args) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_a_text_file_takes_any_text_format(tmp_path: Path) -> None:
    """A .txt file is plain text: markdown or csv may be written to one when asked for."""
    target = tmp_path / "plan.txt"
    assert invoke("cost", "--format", "markdown", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# P&I growth")


def test_every_command_is_checked() -> None:
    """The list above is the app's (not vacuous)."""
    assert {"init", "cost", "rates", "check", "chart", "diff", "schema"} <= set(COMMANDS)


def test_top_level_help_cuts_no_summary() -> None:
    """Every command's summary is whole: no "..." (issue 11 item 7)."""
    code, stdout, _ = invoke("--help")
    assert code == 0
    assert "..." not in stdout.split("Commands:")[1]
    for command in COMMANDS:
        assert re.search(rf"^  {command} +\S", stdout, flags=re.MULTILINE), command


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_no_type_names_and_an_example(command: str) -> None:
    """No `<path>`, `<str>` or `<list[Path]>` beside an argument; every line within 80
    columns; the examples, each a pi-growth command, at the end."""
    code, stdout, _ = invoke(command, "--help")
    assert code == 0
    for type_name in ("<path>", "<str>", "<list[Path]>", "list[", "<file>"):
        assert type_name not in stdout.lower(), (command, type_name)
    assert "Examples:" in stdout
    for example in EXAMPLES[command]:
        assert example.startswith(("pi-growth ", "cd "))
        assert example in stdout
    assert max(len(line) for line in stdout.splitlines()) <= 80
