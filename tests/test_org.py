"""`pi-growth org` and team restructures (issue 13 item 3, SPEC §10): teams and their posts by
band now and at each year end, added posts marked, restructures shown; every format, safe text,
bad input located."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.commands.schema import scenario_schema
from pi_growth.cost.organisation import build_organisation
from pi_growth.load.loader import load_scenario
from pi_growth.render.org_formats import ORG_RENDERERS, OrgFormat, org_renderer
from pi_growth.render.org_mermaid import label
from tests.conftest import BUNDLED_SCENARIO

Writer = Callable[[str, str], Path]

RATES = """
name: Flat
price_base: 2024/25
bands:
  X: {annual_cost: 36000}
  Y: {annual_cost: 48000}
"""

# By hand:
#   now:          Alpha X 2; Beta Y 1                                   = 3 posts
#   end 2024/25:  Alpha X 2; Beta Y 1; Gamma X 1 (+1 added). Gamma's Y post is fixed-term to
#                 January 2025, so it is gone by March: not in the establishment = 4 posts
#   end 2025/26:  Beta became Alpha in 2025/26: Alpha X 2, Y 1 + 2 (+2 added) = 5;
#                 Gamma X 1                                             = 6 posts
PLAN = """
name: Org test
rates: rates.yaml
first_year: 2024/25
years: 2
assumptions:
  pay_awards: {2024/25: 0, 2025/26: 0}
baseline:
  - {team: Alpha, band: X, posts: 2}
  - {team: Beta, band: Y, posts: 1}
growth:
  - {team: Gamma, band: X, posts: 1, year: 2024/25}
  - {team: Gamma, band: Y, posts: 1, year: 2024/25, start: 2024-06, end: 2025-01}
  - {team: Alpha, band: Y, posts: 2, year: 2025/26}
teams:
  Beta: {becomes: Alpha, in: 2025/26}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def write_plan(write_file: Writer, text: str = PLAN) -> Path:
    """The plan (or a variant of it) beside its rate table."""
    write_file("rates.yaml", RATES)
    return write_file("plan.yaml", text)


def test_posts_by_team_and_band_at_each_moment(write_file: Writer) -> None:
    """The hand-worked figures above, restructure included."""
    loaded = load_scenario(write_plan(write_file))
    organisation = build_organisation(loaded.scenario, loaded.rates.bands)
    shape = [
        (
            snapshot.year,
            [
                (team.team, [(b.band, b.posts, b.added) for b in team.bands], team.formerly)
                for team in snapshot.teams
            ],
        )
        for snapshot in organisation.snapshots
    ]
    assert shape == [
        (None, [("Alpha", [("X", 2, 0)], ()), ("Beta", [("Y", 1, 0)], ())]),
        (
            2024,
            [
                ("Alpha", [("X", 2, 0)], ()),
                ("Beta", [("Y", 1, 0)], ()),
                ("Gamma", [("X", 1, 1)], ()),
            ],
        ),
        (
            2025,
            [
                ("Alpha", [("X", 2, 0), ("Y", 3, 2)], ("Beta",)),
                ("Gamma", [("X", 1, 0)], ()),
            ],
        ),
    ]
    assert [(s.posts, s.added) for s in organisation.snapshots] == [(3, 0), (4, 1), (6, 2)]
    assert [team.new for team in organisation.snapshots[1].teams] == [False, False, True]


@pytest.mark.parametrize("scenario", [BUNDLED_SCENARIO, Path("tests/data/exports/scenario.yaml")])
def test_year_end_posts_agree_with_cost(scenario: Path) -> None:
    """The organisation's posts at each year end are `cost`'s (the same establishment rule)."""
    path = scenario if scenario.is_absolute() else Path(__file__).resolve().parents[1] / scenario
    code, stdout, _ = invoke("cost", str(path), "--format", "json")
    assert code == 0
    cost_posts = [year["posts"] for year in json.loads(stdout)["years"]]
    code, stdout, _ = invoke("org", str(path), "--format", "json")
    assert code == 0
    snapshots = json.loads(stdout)["snapshots"]
    assert [snapshot["posts"] for snapshot in snapshots[1:]] == cost_posts


def test_the_bundled_plan_states_the_papers_restructure() -> None:
    """27 posts in the three current teams now; from the end of 2024/25 they are in
    Community Focus and Strategic Performance Management (the paper's Figure 1)."""
    code, stdout, stderr = invoke("org", "--format", "json")
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    now, year_1 = document["snapshots"][:2]
    assert [(team["team"], team["posts"]) for team in now["teams"]] == [
        ("Local Policing", 10),
        ("Corporate Reporting", 9),
        ("Public Protection", 8),
    ]
    teams = {team["team"]: team for team in year_1["teams"]}
    assert set(teams) == {"Community Focus", "Strategic Performance Management", "Leadership"}
    assert teams["Community Focus"]["formerly"] == ["Local Policing", "Public Protection"]
    assert teams["Strategic Performance Management"]["formerly"] == ["Corporate Reporting"]
    assert (year_1["posts"], year_1["posts_added"]) == (56, 29)


def test_every_format_has_a_renderer() -> None:
    """Each advertised org format names a renderer that exists."""
    assert set(ORG_RENDERERS) == set(OrgFormat)
    for fmt in OrgFormat:
        assert callable(org_renderer(fmt))


@pytest.mark.parametrize("fmt", list(OrgFormat))
def test_each_format_to_stdout_and_to_a_file(write_file: Writer, tmp_path: Path, fmt: str) -> None:
    """Each format prints on stdout (exit 0, nothing on stderr); -o writes the same text to
    the file and prints nothing."""
    path = write_plan(write_file)
    code, stdout, stderr = invoke("org", str(path), "--format", fmt)
    assert (code, stderr) == (0, "")
    assert "Gamma" in stdout
    output = tmp_path / f"org.{fmt}"
    code, printed, stderr = invoke("org", str(path), "--format", fmt, "-o", str(output))
    assert (code, printed, stderr) == (0, "", "")
    assert output.read_text(encoding="utf-8") == stdout


def test_the_tree_marks_added_posts_and_restructures(write_file: Writer) -> None:
    """The terminal tree: each moment, each team's posts (+N added), where it came from."""
    code, stdout, _ = invoke("org", str(write_plan(write_file)))
    assert code == 0
    assert "End of 2024/25: 4 posts (+1 added)" in stdout
    assert "Gamma: 1 post (+1 added) · new team" in stdout
    assert "Alpha: 5 posts (+2 added) · restructured from Beta in 2025/26" in stdout
    assert "Y: 3 (+2 added)" in stdout
    assert "Beta → Alpha in 2025/26" in stdout


def test_markdown_lists_restructures_and_moments(write_file: Writer) -> None:
    """Markdown: the restructures, then a table per moment with added posts."""
    code, stdout, _ = invoke("org", str(write_plan(write_file)), "--format", "markdown")
    assert code == 0
    assert "| Beta | Alpha | 2025/26 |" in stdout
    assert "## End of 2025/26: 6 posts (+2 added)" in stdout
    assert "| **Alpha** (restructured from Beta in 2025/26) | | **5** | +2 |" in stdout
    assert "| | Y | 3 | +2 |" in stdout


HOSTILE = 'x"] --> evil["<script>alert(1)</script> `%%{init: {}}%% [b](u) @team | #'


def test_user_text_cannot_break_or_inject(write_file: Writer) -> None:
    """A team named to break out of a Mermaid label, inject HTML, end a fenced block, start
    a directive, break a Markdown table or mention someone stays inert in every format."""
    text = PLAN.replace("Gamma", HOSTILE.replace('"', '\\"')).replace("{team: x", '{team: "x')
    text = PLAN.replace("team: Gamma,", f"team: '{HOSTILE}',")
    path = write_plan(write_file, text)
    code, mermaid, stderr = invoke("org", str(path), "--format", "mermaid")
    assert (code, stderr) == (0, "")
    node = re.compile(r'^    s\d+t\d+\["[^"]*"\]$')
    edge = re.compile(r'^  s\d+t\d+ (-->|-- "restructured" -->) s\d+t\d+$')
    for line in mermaid.splitlines()[1:]:
        stripped = line.strip()
        if stripped in ("direction TB", "end") or stripped.startswith(("subgraph", "class")):
            continue
        assert node.match(line) or edge.match(line), line
    assert "<script" not in mermaid
    assert "`" not in mermaid
    assert "%%" not in mermaid
    code, markdown, _ = invoke("org", str(path), "--format", "markdown")
    assert code == 0
    assert "<script" not in markdown
    assert "@team" not in markdown
    hostile_rows = [line for line in markdown.splitlines() if "script" in line]
    assert hostile_rows
    for row in hostile_rows:  # a team's row keeps its four cells: no pipe of its own
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
    code, table, _ = invoke("org", str(path))
    assert code == 0
    assert "<script>alert(1)</script>" in table  # shown as the text it is, never as markup


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Community Focus", "Community Focus"),
        ('a"b', "a#34;b"),
        ("<b>", "#60;b#62;"),
        ("P&I", "P#38;I"),
        ("£1", "#163;1"),
        ("`x`", "#96;x#96;"),
    ],
)
def test_mermaid_labels_are_entity_encoded(value: str, expected: str) -> None:
    """Letters, digits and a few marks stay; anything else is a Mermaid entity code."""
    assert label(value) == expected


RESTRUCTURE_ERRORS = [
    (
        "  Delta: {becomes: Alpha, in: 2025/26}\n",
        "{becomes",
        "teams.Delta: no line has the team 'Delta' (known: 'Alpha', 'Beta', 'Gamma')",
    ),
    (
        "  Gamma: {becomes: Alpha, in: 2027/28}\n",
        "2027/28",
        "teams.Gamma.in: 2027/28 is outside the horizon 2024/25 to 2025/26",
    ),
    ("  Gamma: {becomes: Gamma, in: 2025/26}\n", "Gamma, in", "a team cannot become itself"),
    (
        "  Gamma: {becomes: Beta, in: 2025/26}\n",
        "Beta, in",
        "teams.Gamma.becomes: 'Beta' is itself restructured: name the team 'Gamma' finally becomes",
    ),
    ("  Gamma: {becomes: Alpha}\n", "{becomes: Alpha}", "missing required key 'in'"),
    (
        "  Gamma: {becomes: Alpha, in: 2025/26, on: 2025-06}\n",
        "on:",
        "teams.Gamma.on: unknown key 'on' (allowed: becomes, in)",
    ),
]


@pytest.mark.parametrize(("entry", "needle", "message"), RESTRUCTURE_ERRORS)
def test_bad_restructures_are_located(
    write_file: Writer, entry: str, needle: str, message: str
) -> None:
    """A bad restructure is bad input for every command: exit 2, located, on stderr."""
    text = PLAN.replace("teams:\n", "teams:\n" + entry)
    path = write_plan(write_file, text)
    lines = path.read_text(encoding="utf-8").splitlines()
    entry_line = next(i for i, line in enumerate(lines, 1) if line == entry.rstrip("\n"))
    code, stdout, stderr = invoke("org", str(path))
    assert (code, stdout) == (2, "")
    (problem,) = [line for line in stderr.splitlines() if "warning" not in line]
    assert problem.startswith(f"{path}:{entry_line}:"), problem
    column = lines[entry_line - 1].index(needle) + 1
    if "missing" not in message:
        assert problem.startswith(f"{path}:{entry_line}:{column}: "), problem
    assert problem.endswith(message), problem
    assert invoke("cost", str(path))[0] == 2


def test_posts_added_to_a_team_after_it_was_restructured_are_refused(write_file: Writer) -> None:
    """Beta became Alpha in 2025/26: a line adding Beta posts in a later year is a mistake."""
    text = (
        PLAN.replace("years: 2", "years: 3")
        .replace("{2024/25: 0, 2025/26: 0}", "{2024/25: 0, 2025/26: 0, 2026/27: 0}")
        .replace("teams:\n", "  - {team: Beta, band: X, posts: 1, year: 2026/27}\nteams:\n")
    )
    path = write_plan(write_file, text)
    code, _, stderr = invoke("org", str(path))
    assert code == 2
    assert stderr.strip().endswith(
        "growth[3].team: team 'Beta' became 'Alpha' in 2025/26: add posts from 2026/27 to 'Alpha'"
    )


def test_restructures_are_in_the_schema_and_in_cost_reports(write_file: Writer) -> None:
    """Editors learn `teams:` (with its `in` key); cost states the restructure among its
    assumptions and in JSON, while the lines keep the team they name."""
    definition = scenario_schema()["$defs"]["TeamRestructure"]
    assert definition["required"] == ["becomes", "in"]
    path = write_plan(write_file)
    code, stdout, _ = invoke("cost", str(path), "--format", "json")
    assert code == 0
    document = json.loads(stdout)
    assert document["team_restructures"] == [
        {"team": "Beta", "becomes": "Alpha", "year": "2025/26"}
    ]
    assert [team["team"] for team in document["by_team"]] == ["Alpha", "Beta", "Gamma"]
    code, csv_text, _ = invoke("cost", str(path), "--format", "csv", "--table", "assumptions")
    assert "team_restructure,Team restructure,2025/26,Beta becomes Alpha" in csv_text


def test_diff_lists_a_changed_restructure(write_file: Writer, tmp_path: Path) -> None:
    """A restructure changed between two scenarios is an input change, not a cost change."""
    base = write_plan(write_file)
    head = tmp_path / "head.yaml"
    head.write_text(
        base.read_text(encoding="utf-8").replace("in: 2025/26", "in: 2024/25"), encoding="utf-8"
    )
    code, stdout, _ = invoke("diff", str(base), str(head), "--format", "json")
    assert code == 0
    document = json.loads(stdout)
    assert document["cost_changed"] is False
    assert document["inputs"]["scenario"] == [
        {"field": "teams.Beta", "base": "Alpha in 2025/26", "head": "Alpha in 2024/25"}
    ]
