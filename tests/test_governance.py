"""Approval thresholds (issue 13 item 1, SPEC §10): who must approve the plan and each envelope,
in every report and in `check`, as information, never a failure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.schema import scenario_schema
from pi_growth.cost.governance import highest_reached
from pi_growth.models import ApprovalThreshold

Writer = Callable[[str, str], Path]

RATES = """
name: Flat
price_base: 2024/25
pay_awards: {2024/25: 0}
bands:
  X: {annual_cost: 36000}
"""

# £3,000 a post-month (36,000 / 12). The growth post fills from October 2024, so the plan's
# total growth in-year cost over its one year is 6 months x 3,000 = 18,000. The envelope's
# amount is AMOUNT.
PLAN = """
name: Small team
rates: rates.yaml
first_year: 2024/25
years: 1
baseline:
  - {team: Core, band: X, posts: 2}
growth:
  - {team: Core, band: X, posts: 1, year: 2024/25, start: 2024-10}
budgets:
  - name: Year 1
    years: [2024/25]
    amount: AMOUNT
governance:
  approval_thresholds:
THRESHOLDS"""


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def plan(write_file: Writer, *, amount: str = "40000", thresholds: str) -> Path:
    """Write the small plan with an envelope amount and thresholds (YAML list items)."""
    write_file("rates.yaml", RATES)
    text = PLAN.replace("AMOUNT", amount).replace("THRESHOLDS", thresholds)
    return write_file("plan.yaml", text)


DMPC_AND_MAYOR = (
    ApprovalThreshold(amount=Decimal(2_000_000), body="Mayor"),
    ApprovalThreshold(amount=Decimal(500_000), body="DMPC"),
)


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Decimal("499999.99"), None),  # a penny short of £500,000
        (Decimal("499999.995"), "DMPC"),  # rounds half up to £500,000.00 as reported: reached
        (Decimal("499999.994"), None),  # rounds to £499,999.99: not reached
        (Decimal(500_000), "DMPC"),  # "£500,000 and over": the threshold itself is reached
        (Decimal("1999999.99"), "DMPC"),
        (Decimal(2_000_000), "Mayor"),  # both reached: the highest is the one shown
        (Decimal(0), None),
    ],
)
def test_the_highest_threshold_reached(figure: Decimal, expected: str | None) -> None:
    """A figure reaches a threshold when, in pence as reported, it is at or above it."""
    reached = highest_reached(figure, DMPC_AND_MAYOR)
    assert (reached.body if reached else None) == expected


@pytest.mark.parametrize(
    ("amount", "small_panel", "expected_budget", "expected_plan"),
    [
        # The envelope's 40,000 reaches both 18,000 and 40,000: the higher, Panel, is shown.
        # The plan's 18,000 reaches the small panel's 18,000 only.
        ("40000", "18000", "Panel", "Small panel"),
        # 39,999.99 is a penny short of 40,000 but above 18,000.01; the plan's 18,000 is a
        # penny short of 18,000.01, so it reaches nothing.
        ("39999.99", "18000.01", "Small panel", None),
    ],
)
def test_cost_json_flags_the_plan_and_each_envelope(
    write_file: Writer,
    amount: str,
    small_panel: str,
    expected_budget: str,
    expected_plan: str | None,
) -> None:
    """The envelope is judged by its amount, the plan by its growth in-year cost (18,000)."""
    thresholds = (
        f'    - {{amount: "{small_panel}", body: Small panel}}\n'
        "    - {amount: 40000, body: Panel}\n"
    )
    path = plan(write_file, amount=amount, thresholds=thresholds)
    code, stdout, stderr = invoke("cost", str(path), "--format", "json")
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    assert document["budgets"][0]["approval"]["body"] == expected_budget
    plan_record = document["governance"]["plan"]
    assert plan_record["amount"] == "18000.00"  # 6 months x 3,000
    if expected_plan is None:
        assert plan_record["approval"] is None
    else:
        assert plan_record["approval"] == {"body": expected_plan, "threshold": "18000.00"}
    assert [t["body"] for t in document["governance"]["approval_thresholds"]] == [
        "Small panel",
        "Panel",
    ]  # as the scenario lists them


def test_every_format_flags_the_approval(write_file: Writer, tmp_path: Path) -> None:
    """Terminal, Markdown, CSV and XLSX all say who must approve; JSON lists the thresholds."""
    path = plan(write_file, thresholds="    - {amount: 10000, body: DMPC}\n")
    code, table, _ = invoke("cost", str(path))
    assert code == 0
    assert "needs DMPC approval" in table
    # The plan's 18,000 reaches 10,000.
    assert "The plan's total growth in-year cost over 2024/25, £18,000, needs DMPC approval" in (
        " ".join(table.split())
    )
    code, markdown, _ = invoke("cost", str(path), "--format", "markdown")
    assert code == 0
    assert "## Approvals" in markdown
    assert "| needs DMPC approval |" in " ".join(markdown.split("  "))
    code, budgets_csv, _ = invoke("cost", str(path), "--format", "csv", "--table", "budgets")
    (row,) = csv.DictReader(io.StringIO(budgets_csv.removeprefix("\ufeff")))
    assert (row["approval"], row["approval_threshold"]) == ("DMPC", "10000.00")
    code, approvals_csv, _ = invoke("cost", str(path), "--format", "csv", "--table", "approvals")
    rows = list(csv.DictReader(io.StringIO(approvals_csv.removeprefix("\ufeff"))))
    assert [(r["subject"], r["amount"], r["approval"]) for r in rows] == [
        ("plan", "18000.00", "DMPC"),
        ("budget", "40000.00", "DMPC"),
    ]
    from openpyxl import load_workbook

    workbook_path = tmp_path / "plan.xlsx"
    code, _, _ = invoke("cost", str(path), "--format", "xlsx", "-o", str(workbook_path))
    assert code == 0
    sheet = load_workbook(workbook_path)["Approvals"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=3)]
    assert values[0][:3] == ["What", "Name", "Judged on"]
    assert values[1][0] == "Plan"
    assert "needs DMPC approval" in values[1]


def test_no_thresholds_no_approvals(write_file: Writer, tmp_path: Path) -> None:
    """Without thresholds nothing is flagged: no approval words, no Approvals sheet."""
    write_file("rates.yaml", RATES)
    text = PLAN.replace("AMOUNT", "40000").split("governance:")[0]
    path = write_file("plan.yaml", text)
    code, table, _ = invoke("cost", str(path))
    assert code == 0
    assert "needs " not in table
    assert "approval threshold" not in table
    code, markdown, _ = invoke("cost", str(path), "--format", "markdown")
    assert "Approval" not in markdown
    document = json.loads(invoke("cost", str(path), "--format", "json")[1])
    assert document["governance"]["approval_thresholds"] == []
    assert document["budgets"][0]["approval"] is None
    from openpyxl import load_workbook

    workbook_path = tmp_path / "plan.xlsx"
    assert invoke("cost", str(path), "--format", "xlsx", "-o", str(workbook_path))[0] == 0
    assert "Approvals" not in load_workbook(workbook_path).sheetnames


def test_check_notes_approvals_without_failing(write_file: Writer) -> None:
    """Notes go to stdout at the envelope's amount and at the threshold the plan reaches; the
    exit code stays 0; under GitHub Actions they are `::notice` commands, not `::error`."""
    path = plan(write_file, thresholds="    - {amount: 10000, body: DMPC}\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    amount_line = next(i for i, line in enumerate(lines, 1) if "amount: 40000" in line)
    threshold_line = next(i for i, line in enumerate(lines, 1) if "body: DMPC" in line)
    code, stdout, stderr = invoke("check", str(path))
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        f"{path}:{amount_line}:13: note: budget 'Year 1' needs DMPC approval: its amount "
        "£40,000 reaches the £10,000 threshold",
        f"{path}:{threshold_line}:7: note: the plan needs DMPC approval: its total growth "
        "in-year cost over 2024/25, £18,000, reaches the £10,000 threshold",
        f"{path}: ok (1 budget, 0 expectations checked; 2 approvals noted)",
    ]
    code, stdout, _ = invoke("check", str(path), env={"GITHUB_ACTIONS": "true"})
    assert code == 0
    notices = [line for line in stdout.splitlines() if line.startswith("::")]
    assert len(notices) == 2
    assert all(line.startswith("::notice file=") for line in notices)


def test_markup_in_a_body_is_inert(write_file: Writer) -> None:
    """A body's name reaches Markdown escaped: no HTML, no mention, no broken table."""
    path = plan(write_file, thresholds='    - {amount: 10000, body: "<b>@board|x</b>"}\n')
    code, markdown, _ = invoke("cost", str(path), "--format", "markdown")
    assert code == 0
    assert "<b>" not in markdown
    assert "@board" not in markdown  # a zero-width joiner follows the @
    assert "needs &lt;b&gt;@\u200dboard\\|x&lt;/b&gt; approval" in markdown


@pytest.mark.parametrize(
    ("thresholds", "needle", "message"),
    [
        (
            "    - {amount: 10000, body: DMPC}\n    - {amount: 10000, body: Board}\n",
            "10000, body: Board",
            "governance.approval_thresholds[1].amount: another threshold is at this amount "
            "already ('DMPC'): give each body its own amount",
        ),
        (
            "    - {amount: -5, body: DMPC}\n",
            "-5",
            "governance.approval_thresholds[0].amount: Input should be greater than or equal "
            "to 0 (found '-5')",
        ),
        (
            "    - {amount: 5}\n",
            "{amount: 5}",
            "governance.approval_thresholds[0]: missing required key 'body'",
        ),
        (
            "    - {amount: 5, body: X, level: 2}\n",
            "level",
            "governance.approval_thresholds[0].level: unknown key 'level' (allowed: amount, body)",
        ),
    ],
)
def test_bad_thresholds_are_located(
    write_file: Writer, thresholds: str, needle: str, message: str
) -> None:
    """Bad thresholds are bad input: exit 2, the problem at its line and column on stderr."""
    path = plan(write_file, thresholds=thresholds)
    line, column = next(
        (number, text.index(needle) + 1)
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in text
    )
    code, stdout, stderr = invoke("cost", str(path))
    assert (code, stdout) == (2, "")
    assert stderr.splitlines() == [f"{path}:{line}:{column}: {message}"]


def test_governance_is_in_the_schema() -> None:
    """Editors learn the block from `pi-growth schema`: amount and body, no other keys."""
    schema = scenario_schema()
    threshold = schema["$defs"]["ApprovalThreshold"]
    assert threshold["required"] == ["amount", "body"]
    assert threshold["additionalProperties"] is False
    assert "governance" in schema["properties"]


def test_the_bundled_plan_needs_dmpc_approval() -> None:
    """The paper's £1.9m and £2.6m envelopes, and the plan, each reach DMPC's £500,000."""
    document = json.loads(invoke("cost", "--format", "json")[1])
    assert [budget["approval"]["body"] for budget in document["budgets"]] == ["DMPC", "DMPC"]
    assert document["governance"]["plan"]["approval"] == {
        "body": "DMPC",
        "threshold": "500000.00",
    }
