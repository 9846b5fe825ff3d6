"""`pi-growth check`: validate scenarios and hold every budget and expectation, for CI.

Streams, as linters do: each finding (a budget over, an expectation failed) and each file's
summary line go to stdout, since they are what the command was asked for; problems that stop
a file being checked at all (bad input) go to stderr, as for every other command (SPEC §5).
Under GitHub Actions (`GITHUB_ACTIONS=true`) each finding and problem is also printed to
stdout as an `::error` workflow command, so it shows on the pull request's line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pi_growth.commands.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK
from pi_growth.problems import Problem

if TYPE_CHECKING:
    from pi_growth.cost.engine import BudgetResult, CostResult
    from pi_growth.load.yaml_source import Location, YamlDocument

ANNOTATION_TITLE = "pi-growth check"


@dataclass
class FileOutcome:
    """What checking one file found."""

    file: str
    problems: list[Problem] = field(default_factory=list)  # bad input: not checked
    findings: list[Problem] = field(default_factory=list)  # budgets over, expectations failed
    notes: list[Problem] = field(default_factory=list)  # information: approvals needed
    budgets: int = 0
    budgets_over: int = 0
    expectations: int = 0
    expectations_failed: int = 0
    award_gaps: int = 0  # years with no pay award: each a warning, and a failure here
    warnings: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 for bad input, 1 for findings, 0 when all is well."""
        if self.problems:
            return EXIT_BAD_INPUT
        return EXIT_FINDINGS if self.findings else EXIT_OK

    def summary(self) -> str:
        """One line for the file: what was held and what failed."""
        if self.problems:
            count = len(self.problems)
            return f"{self.file}: not checked: {count} input problem{_s(count)}"
        held = (
            f"{self.budgets} budget{_s(self.budgets)}, "
            f"{self.expectations} expectation{_s(self.expectations)}"
        )
        if self.notes:
            held += f" checked; {len(self.notes)} approval{_s(len(self.notes))} noted"
        else:
            held += " checked"
        if not self.findings:
            return f"{self.file}: ok ({held})"
        failed = []
        if self.budgets_over:
            failed.append(f"{self.budgets_over} budget{_s(self.budgets_over)} OVER")
        if self.award_gaps:
            failed.append(f"{self.award_gaps} year{_s(self.award_gaps)} with no pay award")
        if self.expectations_failed:
            failed.append(
                f"{self.expectations_failed} expectation{_s(self.expectations_failed)} failed"
            )
        return f"{self.file}: FAILED: {', '.join(failed)} ({held})"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def check_file(path: Path, *, allow_outside_paths: bool | None = None) -> FileOutcome:
    """Load, cost and hold one scenario to its budgets and expectations (`allow_outside_paths`
    as for `load_scenario`)."""
    from pi_growth.cost.engine import cost_scenario
    from pi_growth.cost.expectations import evaluate_expectations
    from pi_growth.load.loader import load_scenario_and_document
    from pi_growth.problems import InputError
    from pi_growth.render.expectations import verdict_sentence
    from pi_growth.render.money import pounds
    from pi_growth.render.words import MEASURE_WORDS

    try:
        # The parsed file too: findings are reported at their line in it.
        loaded, document = load_scenario_and_document(path, allow_outside_paths=allow_outside_paths)
    except InputError as error:
        return FileOutcome(str(path), problems=list(error.problems))
    outcome = FileOutcome(loaded.scenario_file)
    # A year with no pay award is costed as 0%, which silently understates the plan: `check`
    # fails on it (SPEC §8), and prints it as a finding as well as the usual warning.
    outcome.warnings = list(loaded.warnings)
    outcome.award_gaps = len(loaded.warnings)
    outcome.findings += loaded.warnings
    result = cost_scenario(loaded.scenario, loaded.rates)
    outcome.budgets = len(result.budgets)
    for index, budget in enumerate(result.budgets):
        if budget.status == "over":
            outcome.budgets_over += 1
            outcome.findings.append(
                _at(
                    document,
                    ("budgets", index),
                    f"budget {budget.name!r} is OVER: {MEASURE_WORDS[budget.measure]} "
                    f"{pounds(budget.cost)}{_at_prices(budget)} against {pounds(budget.amount)}, "
                    f"over by {pounds(-budget.variance)}",
                )
            )
    verdicts = evaluate_expectations(result)
    outcome.expectations = len(verdicts)
    for verdict in verdicts:
        if not verdict.met:
            outcome.expectations_failed += 1
            outcome.findings.append(
                _at(document, verdict.location, f"expectation failed: {verdict_sentence(verdict)}")
            )
    outcome.findings.sort()
    outcome.notes = approval_notes(result, document)
    return outcome


def approval_notes(result: CostResult, document: YamlDocument) -> list[Problem]:
    """A note for the plan and each envelope that needs approval, at its place in the file:
    an envelope at its amount, the plan at the threshold it reaches. Not a failure."""
    from pi_growth.cost.governance import approvals, needs_text
    from pi_growth.render.money import pounds
    from pi_growth.render.words import years_text

    governance = approvals(result)
    scenario = result.scenario
    notes = []
    for index, approval in enumerate(governance.budgets):
        if approval.threshold is not None:
            notes.append(
                _at(
                    document,
                    ("budgets", index, "amount"),
                    f"note: budget {approval.name!r} {needs_text(approval.threshold)}: its "
                    f"amount {pounds(approval.figure)} reaches the "
                    f"{pounds(approval.threshold.amount)} threshold",
                )
            )
    plan = governance.plan
    if plan.threshold is not None and scenario.governance is not None:
        position = next(
            index
            for index, threshold in enumerate(scenario.governance.approval_thresholds)
            if threshold is plan.threshold
        )
        years = years_text(tuple(year.year for year in result.years))
        notes.append(
            _at(
                document,
                ("governance", "approval_thresholds", position),
                f"note: the plan {needs_text(plan.threshold)}: its total growth in-year cost "
                f"over {years}, {pounds(plan.figure)}, reaches the "
                f"{pounds(plan.threshold.amount)} threshold",
            )
        )
    return sorted(notes)


def _at_prices(budget: BudgetResult) -> str:
    """ " at 2022/23 prices" for a budget judged at a price base (SPEC §8); else nothing."""
    if budget.price_base is None:
        return ""
    from pi_growth.periods import format_financial_year

    return f" at {format_financial_year(budget.price_base)} prices"


def _at(document: YamlDocument, location: Location, message: str) -> Problem:
    line, column, _ = document.locate(_as_written(document.data, location))
    return Problem(document.file, line, column, message)


def _as_written(data: object, location: Location) -> Location:
    """The location with each financial-year key spelled as the file spells it (24/25 for
    2024/25), so that it lands on the key's own line."""
    from pi_growth.periods import parse_financial_year

    written: list[str | int] = []
    node = data
    for part in location:
        if isinstance(node, dict) and part not in node and isinstance(part, str):
            for key in node:
                try:
                    if parse_financial_year(key) == parse_financial_year(part):
                        part = key  # noqa: PLW2901 - the same year, as written
                        break
                except ValueError:
                    continue
        written.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(written)


def annotation(problem: Problem, level: str = "error") -> str:
    """A GitHub Actions workflow command (`::error`, or `::notice` for a note) for a problem,
    finding or note."""
    properties = ",".join(
        f"{name}={_escape_property(str(value))}"
        for name, value in (
            ("file", problem.file),
            ("line", problem.line),
            ("col", problem.column),
            ("title", ANNOTATION_TITLE),
        )
    )
    return f"::{level} {properties}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    # GitHub's rules (actions/toolkit, command.ts): '%' first, so escapes are not re-escaped.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def run_check(
    paths: list[Path],
    *,
    github_actions: bool | None = None,
    allow_outside_paths: bool | None = None,
) -> int:
    """Check every file; the exit code is the worst: 2 bad input, 1 findings, 0 all well."""
    if github_actions is None:
        github_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    outcomes = [check_file(path, allow_outside_paths=allow_outside_paths) for path in paths]
    for outcome in outcomes:
        for problem in [*outcome.problems, *outcome.warnings]:
            print(problem, file=sys.stderr)
        for finding in outcome.findings:
            print(finding)
        for note in outcome.notes:
            print(note)
        if github_actions:
            for item in [*outcome.problems, *outcome.findings]:
                print(annotation(item))
            for note in outcome.notes:
                print(annotation(note, "notice"))
        print(outcome.summary())
    sys.stdout.flush()
    return max((outcome.exit_code for outcome in outcomes), default=EXIT_OK)
