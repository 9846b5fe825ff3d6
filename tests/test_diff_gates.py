"""`diff --fail-above` and `--quiet-if-unchanged` (issue 13 item 2, SPEC §10): CI gates.

The figures are those of tests/data/diff/base.yaml, worked by hand in its header: X costs
£3,000 a post-month, Y £4,000. pay.yaml adds a 10% award in 2025/26, so every 2025/26 figure
rises by exactly 10%: in-year 180,000 -> 198,000 (+18,000), FYE 204,000 -> 224,400 (+20,400),
envelope Year 2 96,000 -> 105,600 (+9,600); 2024/25 does not move.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.compare.gates import Limit, parse_limit

DATA = Path(__file__).resolve().parent / "data" / "diff"
BASE = str(DATA / "base.yaml")
PAY = str(DATA / "pay.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


AMOUNT_50K = Limit("amount", Decimal(50_000), "50000")
FIVE_PERCENT = Limit("percent", Decimal("0.05"), "5%")


@pytest.mark.parametrize(
    ("limit", "base", "head", "breaks"),
    [
        (AMOUNT_50K, Decimal("100000.00"), Decimal("150000.00"), False),  # +50,000: not more
        (AMOUNT_50K, Decimal("100000.00"), Decimal("150000.01"), True),  # +50,000.01
        (AMOUNT_50K, None, Decimal("50000.00"), False),  # from zero, +50,000: not more
        (AMOUNT_50K, None, Decimal("50000.01"), True),
        (AMOUNT_50K, Decimal("200000.00"), Decimal("100000.00"), False),  # a fall never breaks
        (FIVE_PERCENT, Decimal("100000.00"), Decimal("105000.00"), False),  # 5% of 100,000
        (FIVE_PERCENT, Decimal("100000.00"), Decimal("105000.01"), True),  # a penny more
        (FIVE_PERCENT, None, Decimal("0.01"), True),  # any rise from nothing is infinite %
        (FIVE_PERCENT, Decimal("0.00"), Decimal("0.01"), True),
        (FIVE_PERCENT, Decimal("0.00"), Decimal("0.00"), False),  # no rise at all
        (Limit("percent", Decimal(0), "0%"), Decimal("10.00"), Decimal("10.01"), True),
    ],
)
def test_a_limit_is_broken_only_by_more_than_it(
    limit: Limit, base: Decimal | None, head: Decimal, breaks: bool
) -> None:
    """Strictly more than the limit, compared in pence; a figure only HEAD has rises from 0."""
    assert limit.exceeded(base, head) is breaks


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("50000", "amount", Decimal(50_000)),
        ("£50k", "amount", Decimal(50_000)),
        ("1,250.005", "amount", Decimal("1250.01")),  # rounded half up to pence
        ("5%", "percent", Decimal("0.05")),
        ("2.5 %", "percent", Decimal("0.025")),
        ("0%", "percent", Decimal(0)),
    ],
)
def test_limits_are_read_as_money_or_percentages(text: str, kind: str, value: Decimal) -> None:
    """An amount as scenarios write money; a percentage ends with %."""
    limit = parse_limit(text)
    assert (limit.kind, limit.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "abc", "-5%", "-£1", "5%%", "1e400", "nan%"])
def test_bad_limits_are_bad_input(text: str) -> None:
    """A limit that is not an amount or a percentage from zero up: exit 2, nothing on stdout."""
    code, stdout, stderr = invoke("diff", BASE, PAY, "--fail-above", text)
    assert (code, stdout) == (2, "")
    assert stderr.startswith("error: --fail-above: ")
    assert "give an amount such as 50000 or £50k, or a percentage such as 5%" in stderr


@pytest.mark.parametrize(
    ("limit", "code", "breaches"),
    [
        ("10%", 0, []),  # every rise is exactly 10%: not more
        ("9.99%", 1, ["in_year_cost", "full_year_effect", "budget"]),
        ("20400", 0, []),  # the largest rise is the FYE's 20,400
        ("20399.99", 1, ["full_year_effect"]),  # a penny under it: the FYE alone breaks
        ("9599.99", 1, ["in_year_cost", "full_year_effect", "budget"]),  # under Year 2's 9,600
    ],
)
def test_fail_above_exits_1_on_a_breach_and_still_reports(
    limit: str, code: int, breaches: list[str]
) -> None:
    """The report is printed either way; the exit code says whether the limit was broken."""
    exit_code, stdout, stderr = invoke("diff", BASE, PAY, "--format", "json", "--fail-above", limit)
    assert (exit_code, stderr) == (code, "")
    document = json.loads(stdout)
    gate = document["gate"]
    assert gate["failed"] is bool(breaches)
    assert [breach["measure"] for breach in gate["breaches"]] == breaches
    assert list(document)[list(document).index("headline") + 1] == "gate"
    if breaches:
        # Both sides shown for each breaching row.
        first = gate["breaches"][0]
        year_2 = document["years"][1]
        assert year_2["gate_breaches"] == [b for b in breaches if b != "budget"]
        assert document["years"][0]["gate_breaches"] == []
        assert document["budgets"][1]["gate_breach"] is ("budget" in breaches)
        assert document["budgets"][0]["gate_breach"] is False
        assert (first["year"], first["base"], first["head"]) == (
            "2025/26",
            {"in_year_cost": "180000.00", "full_year_effect": "204000.00"}[first["measure"]],
            {"in_year_cost": "198000.00", "full_year_effect": "224400.00"}[first["measure"]],
        )


def test_without_the_option_the_json_is_unchanged() -> None:
    """No gate asked for: no gate key and no marks, so existing consumers see the same bytes."""
    _, plain_json, _ = invoke("diff", BASE, PAY, "--format", "json")
    _, gated_json, _ = invoke("diff", BASE, PAY, "--format", "json", "--fail-above", "10%")
    document = json.loads(plain_json)
    assert "gate" not in document
    assert "gate_breaches" not in document["years"][0]
    gated = json.loads(gated_json)
    del gated["gate"]
    for record in gated["years"]:
        del record["gate_breaches"]
    for record in gated["budgets"]:
        del record["gate_breach"]
    assert gated == document


def test_markdown_and_table_mark_the_breaching_rows() -> None:
    """Markdown and the terminal table say the gate failed, list each breach with both sides,
    and mark the rows; the exit code is 1 for both."""
    code, markdown, _ = invoke("diff", BASE, PAY, "-f", "markdown", "--fail-above", "20399.99")
    assert code == 1
    assert "**Cost gate FAILED: 1 figure rose by more than £20,400 (--fail-above).**" in markdown
    assert "| 2025/26 full-year effect | £204,000 | £224,400 | +£20,400 | +10.0% |" in markdown
    assert "| **fails**: full-year effect |" in markdown
    assert "| Year 2 | full-year effect, 2025/26 | £100,000 | £105,600 | +£9,600 |" in markdown
    code, table, _ = invoke("diff", BASE, PAY, "--fail-above", "20399.99")
    assert code == 1
    assert "Cost gate FAILED: 1 figure rose by more than £20,400" in table
    assert "FAILS: full-year effect" in table
    code, passed, _ = invoke("diff", BASE, PAY, "-f", "markdown", "--fail-above", "10%")
    assert code == 0
    assert "**Cost gate passed: no figure rose by more than 10% (--fail-above).**" in passed


def test_a_year_only_head_has_rises_from_zero(tmp_path: Path) -> None:
    """HEAD costs a third year (2026/27) that BASE does not have: its figures rise from zero,
    so any percentage limit is broken by them."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    head = tmp_path / "head.yaml"
    head.write_text(
        (DATA / "base.yaml").read_text(encoding="utf-8").replace("years: 2", "years: 3"),
        encoding="utf-8",
    )
    code, stdout, _ = invoke("diff", BASE, str(head), "-f", "json", "--fail-above", "50%")
    assert code == 1
    (in_year, full_year) = json.loads(stdout)["gate"]["breaches"]
    # 2026/27: 2 + 1 X posts and 2 Y posts all year: 3 x 36,000 + 2 x 48,000 = 204,000.
    assert (in_year["year"], in_year["base"], in_year["head"]) == ("2026/27", None, "204000.00")
    assert (full_year["measure"], full_year["head"]) == ("full_year_effect", "204000.00")


def test_quiet_if_unchanged_prints_nothing_when_no_figure_moved(tmp_path: Path) -> None:
    """Identical plans, or one whose only change is a comment or a reordering: nothing on
    stdout, no file written, exit 0 (even with a gate). A change prints as usual."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    text = (DATA / "base.yaml").read_text(encoding="utf-8")
    reordered = tmp_path / "reordered.yaml"
    reordered.write_text(
        "# edited comment\n"
        + text.replace(
            "  - {name: Year 1, years: [2024/25], amount: 40000}\n"
            "  - {name: Year 2, years: [2025/26], amount: 100000}\n",
            "  - {name: Year 2, years: [2025/26], amount: 100000}\n"
            "  - {name: Year 1, years: [2024/25], amount: 40000}\n",
        ),
        encoding="utf-8",
    )
    output = tmp_path / "comment.md"
    for head in (BASE, str(reordered)):
        code, stdout, stderr = invoke(
            "diff", BASE, head, "-f", "markdown", "--quiet-if-unchanged", "--fail-above", "0%",
            "-o", str(output),
        )  # fmt: skip
        assert (code, stdout, stderr) == (0, "", "")
        assert not output.exists()
    code, stdout, _ = invoke("diff", BASE, PAY, "-f", "markdown", "--quiet-if-unchanged")
    assert code == 0
    assert stdout.startswith("<!-- pi-growth diff -->")


GROWTH_SPLIT = """
name: Split
rates: rates.yaml
first_year: 2024/25
years: 1
baseline:
  - {team: Core, band: X, posts: 1, fte: BASELINE_FTE}
growth:
  - {team: Core, band: X, posts: 1, fte: GROWTH_FTE, year: 2024/25, start: 2024-04}
"""


def test_quiet_if_unchanged_speaks_when_only_the_growth_split_moved(tmp_path: Path) -> None:
    """1 + 0.5 FTE against 0.5 + 1 FTE, all year: the same posts and totals (1.5 x 36,000 =
    54,000), but the growth-only figures the JSON prints differ (18,000 against 36,000): that
    is a printed figure that moved, so it prints."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    sides = []
    for name, baseline_fte, growth_fte in (("base", "1", "0.5"), ("head", "0.5", "1")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(
            GROWTH_SPLIT.replace("BASELINE_FTE", baseline_fte).replace("GROWTH_FTE", growth_fte),
            encoding="utf-8",
        )
        sides.append(str(path))
    code, stdout, _ = invoke("diff", *sides, "-f", "json", "--quiet-if-unchanged")
    assert code == 0
    document = json.loads(stdout)
    assert document["cost_changed"] is False  # posts, totals and envelopes did not move
    year = document["years"][0]
    assert year["in_year_cost"]["change"] == "0.00"
    assert year["growth_in_year_cost"] == {
        "base": "18000.00",
        "head": "36000.00",
        "change": "18000.00",
    }


def test_bad_input_wins_over_quiet(tmp_path: Path) -> None:
    """A side that cannot be read is exit 2 with its problem on stderr, quiet or not."""
    missing = tmp_path / "missing.yaml"
    code, stdout, stderr = invoke("diff", BASE, str(missing), "--quiet-if-unchanged")
    assert (code, stdout) == (2, "")
    assert str(missing) in stderr


def test_an_envelope_with_a_price_base_is_gated_like_for_like(tmp_path: Path) -> None:
    """Year 2 judged at 2024/25 prices (SPEC §8): the 10% award of 2025/26 raises the years'
    figures by 10% (breaching 5%), but the envelope's like-for-like cost stays 2 Y posts x
    48,000 = 96,000 on both sides, so the envelope does not breach; its outturn does rise."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    sides = []
    for name in ("base.yaml", "pay.yaml"):
        text = (
            (DATA / name)
            .read_text(encoding="utf-8")
            .replace(
                "{name: Year 2, years: [2025/26], amount: 100000}",
                "{name: Year 2, years: [2025/26], amount: 100000, price_base: 2024/25}",
            )
        )
        assert "price_base" in text
        (tmp_path / name).write_text(text, encoding="utf-8")
        sides.append(str(tmp_path / name))
    code, stdout, stderr = invoke("diff", *sides, "-f", "json", "--fail-above", "5%")
    assert code == 1, stderr
    document = json.loads(stdout)
    assert [(b["measure"], b["year"]) for b in document["gate"]["breaches"]] == [
        ("in_year_cost", "2025/26"),
        ("full_year_effect", "2025/26"),
    ]
    year_2 = document["budgets"][1]
    assert year_2["cost"] == {"base": "96000.00", "head": "96000.00", "change": "0.00"}
    assert year_2["gate_breach"] is False
    assert year_2["outturn_cost"]["head"] == "105600.00"  # 2 x 48,000 x 1.10
