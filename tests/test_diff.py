"""`pi-growth diff`: formats, the bridge to the penny, REV:path from git, the CI workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.render.diff_formats import DIFF_RENDERERS, DiffFormat, diff_renderer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "diff"
PAIRS = sorted(
    path.name
    for path in DATA.glob("*.yaml")
    if not path.name.startswith("rates") and path.name != "base.yaml"
)


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def diff_json(base: str | Path, head: str | Path) -> dict[str, Any]:
    """`diff --format json` of two scenarios, parsed."""
    code, stdout, stderr = invoke("diff", str(base), str(head), "--format", "json")
    assert (code, stderr) == (0, ""), stderr
    document: dict[str, Any] = json.loads(stdout)
    return document


def cost_json(path: Path) -> dict[str, Any]:
    """`cost --format json` of a scenario, parsed."""
    code, stdout, _ = invoke("cost", str(path), "--format", "json")
    assert code == 0
    document: dict[str, Any] = json.loads(stdout)
    return document


def test_every_format_has_a_renderer() -> None:
    """Each advertised diff format names a renderer that exists."""
    assert set(DIFF_RENDERERS) == set(DiffFormat)
    for fmt in DiffFormat:
        assert callable(diff_renderer(fmt))


def test_identical_files_diff_empty() -> None:
    """A file against itself: no input changes, no cost change, every step zero."""
    base = DATA / "base.yaml"
    document = diff_json(base, base)
    assert document["format_version"] == 1
    assert document["inputs"] == {
        "scenario": [],
        "lines": [],
        "assumptions": [],
        "budgets": [],
        "rates": [],
    }
    assert (document["inputs_changed"], document["cost_changed"]) == (False, False)
    assert document["headline"] == "No cost change"
    changes = [step["change"] for m in document["bridge"]["measures"] for step in m["steps"]]
    assert set(changes) == {"0.00"}
    code, markdown, _ = invoke("diff", str(base), str(base), "--format", "markdown")
    assert code == 0
    assert "**No cost change.**" in markdown
    assert "####" not in markdown  # no tables
    code, table, _ = invoke("diff", str(base), str(base))
    assert code == 0
    assert "No cost change" in table


@pytest.mark.parametrize("pair", PAIRS)
def test_bridge_sums_to_the_penny(pair: str) -> None:
    """Every bridge's steps sum exactly to its change, which is HEAD's reported figure less
    BASE's, as `cost --format json` reports them."""
    base, head = DATA / "base.yaml", DATA / pair
    document = diff_json(base, head)
    costs = {"base": cost_json(base), "head": cost_json(head)}
    for measure in document["bridge"]["measures"]:
        steps = sum((Decimal(step["change"]) for step in measure["steps"]), Decimal(0))
        assert steps == Decimal(measure["change"])
        assert Decimal(measure["head"]) - Decimal(measure["base"]) == Decimal(measure["change"])
        for side in ("base", "head"):
            if measure["budget"] is not None:
                reported = [
                    b["cost"] for b in costs[side]["budgets"] if b["name"] == measure["budget"]
                ]
            else:
                field = measure["measure"]
                reported = [y[field] for y in costs[side]["years"] if y["year"] == measure["year"]]
            assert reported == [measure[side]]


def test_markdown_for_a_pull_request() -> None:
    """The comment leads with the envelope that flipped, then the tables and the inputs."""
    code, markdown, stderr = invoke(
        "diff", str(DATA / "base.yaml"), str(DATA / "volume.yaml"), "--format", "markdown"
    )
    assert (code, stderr) == (0, "")
    lines = markdown.splitlines()
    assert lines[0] == "<!-- pi-growth diff -->"
    # Year 2: 96,000 -> 144,000 is +48,000, +50.0%; against 100,000 it is over by 44,000.
    assert (
        "**Year 2 full-year effect +£48,000 (+50.0%); now OVER its £100k envelope by £44,000**"
        in lines
    )
    assert (
        "| Year 2 | full-year effect, 2025/26 | £100,000 | £144,000 | +£48,000 | -£44,000 "
        "| within → **OVER** |" in lines
    )
    assert "| 2025/26 | 5 → 6 | £216,000 | +£36,000 | £252,000 | +£48,000 |" in lines
    assert "|  | Volume (posts) | Total |" in lines
    assert "| 2025/26 in-year cost | +£36,000 | **+£36,000** |" in lines
    assert "- Changed growth line New · Y ×3 · 2025/26: posts 2 → 3" in lines


@pytest.mark.parametrize(
    ("pair", "headline"),
    [
        (
            "budget-amount.yaml",
            "Year 2 envelope £100k → £90k, full-year effect unchanged; "
            "now OVER its £90k envelope by £6,000",  # 96,000 against 90,000
        ),
        # No envelope moves (both hold FYE): the last year that did. 180,000 x 10% = 18,000.
        ("vacancy.yaml", "2025/26 in-year cost -£18,000 (-10.0%)"),
        # Year 1 is 36,000 -> 0 and within either way; Year 2 96,000 -> 132,000 flips to OVER.
        (
            "timing-year.yaml",
            "Year 2 full-year effect +£36,000 (+37.5%); now OVER its £100k envelope by £32,000",
        ),
        ("team.yaml", "No cost change"),
    ],
)
def test_headlines(pair: str, headline: str) -> None:
    """The one-line headline for some pairs, worked by hand."""
    assert diff_json(DATA / "base.yaml", DATA / pair)["headline"] == headline


def test_table_format(tmp_path: Path) -> None:
    """The default table shows the headline and the bridge; -o writes the file instead."""
    base, head = str(DATA / "base.yaml"), str(DATA / "several.yaml")
    code, table, _ = invoke("diff", base, head)
    assert code == 0
    assert "Year 2 full-year effect +£22,800 (+23.8%); now OVER" in table
    assert "What drove the change" in table
    out = tmp_path / "diff.md"
    code, stdout, _ = invoke("diff", base, head, "--format", "markdown", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("<!-- pi-growth diff -->")


def test_hostile_names_are_inert_in_markdown(tmp_path: Path) -> None:
    """Team and envelope names cannot break a table, add markup or mention anyone."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    text = (DATA / "base.yaml").read_text(encoding="utf-8")
    hostile = text.replace("team: New", "team: '@org/all | <img src=x> **bold**'").replace(
        "name: Year 2", "name: 'Year 2 | [x](http://e.invalid)'"
    )
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(hostile, encoding="utf-8")
    head.write_text(hostile.replace("posts: 2, year: 2025/26", "posts: 3, year: 2025/26"), "utf-8")
    code, markdown, _ = invoke("diff", str(base), str(head), "--format", "markdown")
    assert code == 0
    assert "@org" not in markdown  # a zero-width joiner follows every @
    assert "<img" not in markdown
    assert "**bold**" not in markdown
    assert "[x](http" not in markdown  # escaped: \\[x\\](...) is text, not a link
    for line in markdown.splitlines():
        if line.startswith("| Year 2"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 8  # 7 cells, none split


def test_bad_input_on_both_sides_exit_2() -> None:
    """Problems in BASE and HEAD are all reported on stderr, FILE:LINE:COLUMN; exit 2."""
    code, stdout, stderr = invoke("diff", "missing-base.yaml", "missing-head.yaml")
    assert code == 2
    assert stdout == ""
    assert stderr.splitlines() == [
        "missing-base.yaml:1:1: cannot read the file: No such file or directory",
        "missing-head.yaml:1:1: cannot read the file: No such file or directory",
    ]


# --- REV:path against a temporary git repository -------------------------------------------


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity; its stdout."""
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    completed = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return completed.stdout


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    """A repository with two commits: the base plan, then 3 posts on the New line, band X
    raised to 37,200 in the rate table, and a new scenario. origin/main is the first commit."""
    repo = tmp_path / "repo"
    (repo / "scenarios").mkdir(parents=True)
    (repo / "rates").mkdir()
    plan = (DATA / "base.yaml").read_text(encoding="utf-8")
    plan = plan.replace("rates: rates.yaml", "rates: ../rates/staff.yaml")
    (repo / "scenarios" / "plan.yaml").write_text(plan, encoding="utf-8")
    shutil.copy(DATA / "rates.yaml", repo / "rates" / "staff.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base plan")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "scenarios" / "plan.yaml").write_text(
        plan.replace("posts: 2, year: 2025/26", "posts: 3, year: 2025/26"), encoding="utf-8"
    )
    shutil.copy(DATA / "rates-x-up.yaml", repo / "rates" / "staff.yaml")
    (repo / "scenarios" / "new.yaml").write_text(plan, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "grow the New team")
    return repo


def test_revision_paths(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BASE as REV:path reads the scenario and its relative rate table from that revision."""
    monkeypatch.chdir(plan_repo)
    document = diff_json("HEAD~1:scenarios/plan.yaml", "scenarios/plan.yaml")
    assert document["base"]["file"] == "HEAD~1:scenarios/plan.yaml"
    assert document["base"]["rates_file"] == "HEAD~1:rates/staff.yaml"
    assert document["head"]["rates_file"] == "rates/staff.yaml"
    assert [(c["band"], c["field"], c["base"], c["head"]) for c in document["inputs"]["rates"]] == [
        ("X", "annual_cost", "36000", "37200")
    ]
    # Both revisions by name, and a path relative to the current folder.
    assert (
        diff_json("origin/main:scenarios/plan.yaml", "main:scenarios/plan.yaml")["inputs"]
        == document["inputs"]
    )
    monkeypatch.chdir(plan_repo / "scenarios")
    assert diff_json("HEAD~1:./plan.yaml", "plan.yaml")["inputs"] == document["inputs"]


def test_revision_problems_exit_2(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown revision or path is bad input; problems in a revision's file are at
    REV:path:LINE:COLUMN, never in a temporary folder."""
    monkeypatch.chdir(plan_repo)
    code, _, stderr = invoke("diff", "nosuch:scenarios/plan.yaml", "HEAD:scenarios/none.yaml")
    assert code == 2
    assert stderr.splitlines() == [
        "nosuch:scenarios/plan.yaml:1:1: unknown git revision 'nosuch'",
        "HEAD:scenarios/none.yaml:1:1: no file 'scenarios/none.yaml' at git revision 'HEAD'",
    ]
    (plan_repo / "scenarios" / "plan.yaml").write_text("name: Broken\nyears: lots\n", "utf-8")
    git(plan_repo, "commit", "-q", "-am", "break it")
    code, _, stderr = invoke("diff", "HEAD:scenarios/plan.yaml", "HEAD~1:scenarios/plan.yaml")
    assert code == 2
    assert "HEAD:scenarios/plan.yaml:2:8: years:" in stderr
    assert "pi-growth-diff-" not in stderr


def test_revision_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """REV:path outside a git repository is bad input with git's reason, not a traceback."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, stderr = invoke("diff", "HEAD:plan.yaml", "HEAD:plan.yaml")
    assert code == 2
    assert stderr.startswith("HEAD:plan.yaml:1:1: cannot read from git: 'fatal: not a git")


# --- the GitHub Actions workflow in docs/ci.md ---------------------------------------------

GH_STUB = """#!/bin/sh
printf '%s\\n' "$@" > "$GH_ARGS"
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then cp "$2" "$GH_BODY"; fi
  shift
done
"""


def workflow_steps() -> list[dict[str, Any]]:
    """The steps of the workflow that docs/ci.md shows."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    workflow = next(yaml.safe_load(block) for block in blocks if "jobs:" in block)
    steps: list[dict[str, Any]] = workflow["jobs"]["plan"]["steps"]
    return steps


def expand(text: str) -> str:
    """GitHub's `${{ }}` expressions, as they would be on a pull request into main."""
    values = {
        "github.base_ref": "main",
        "github.token": "not-a-token",
        "github.event.pull_request.number": "7",
    }
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda match: values[match.group(1)], text)


def run_workflow(repo: Path, tmp_path: Path) -> dict[str, int | None]:
    """Run the workflow's own steps in `repo`, as GitHub would on a pull request: a step with
    no `if:` is skipped (None) once one has failed; `${{ !cancelled() }}` runs regardless.
    A stand-in `gh` records its arguments and the comment's body."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "gh").write_text(GH_STUB, encoding="utf-8")
    (stubs / "gh").chmod(0o755)
    environment = {
        **os.environ,
        "PATH": os.pathsep.join([str(stubs), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "GITHUB_ACTIONS": "true",
        "GH_ARGS": str(tmp_path / "gh-args.txt"),
        "GH_BODY": str(tmp_path / "comment.md"),
    }
    codes: dict[str, int | None] = {}
    failed = False
    for step in workflow_steps():
        if "run" not in step or step["name"] == "Install pi-growth":
            continue
        condition = step.get("if")
        assert condition in (None, "${{ !cancelled() }}"), condition
        if condition is None and failed:
            codes[step["name"]] = None
            continue
        step_environment = {**environment}
        step_environment.update(
            {name: expand(str(value)) for name, value in step.get("env", {}).items()}
        )
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])],
            cwd=repo,
            env=step_environment,
            capture_output=True,
            text=True,
            check=False,
        )
        codes[step["name"]] = result.returncode
        RAN[step["name"]] = result
        failed = failed or result.returncode != 0
    return codes


RAN: dict[str, subprocess.CompletedProcess[str]] = {}
STEPS = ("Cost change against the target branch", "Comment on the pull request", "Check scenarios")


def test_the_ci_workflow_commands(plan_repo: Path, tmp_path: Path) -> None:
    """The workflow's own commands, run on a two-commit repository: Year 2's FYE rises 50%,
    more than the workflow's 5% limit, so the diff step fails after writing the comment; the
    comment is posted with the gate's verdict, and the check fails the build because Year 2
    is now over."""
    codes = run_workflow(plan_repo, tmp_path)
    assert [codes[name] for name in STEPS] == [1, 0, 1]
    arguments = (tmp_path / "gh-args.txt").read_text(encoding="utf-8").split()
    assert arguments == [
        "pr",
        "comment",
        "7",
        "--body-file",
        "cost-change.md",
        "--edit-last",
        "--create-if-none",
    ]
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert "**scenarios/new.yaml** is new in this pull request" in comment
    # Year 2: 96,000 -> 144,000 (one more Y post): OVER 100,000 by 44,000. Band X up 100 a
    # month moves Year 1 by 1,200 (36,000 -> 37,200, still within 40,000).
    assert (
        "**Year 2 full-year effect +£48,000 (+50.0%); now OVER its £100k envelope by £44,000**"
        in comment
    )
    assert "- Rate table: band X, annual cost £36,000 → £37,200" in comment
    # 2025/26 FYE: 204,000 -> 207,600 (X up 3 x 1,200) + 48,000 = 255,600, +25.3%.
    assert "**Cost gate FAILED: " in comment
    assert "| 2025/26 full-year effect | £204,000 | £255,600 | +£51,600 | +25.3% |" in comment
    check = RAN["Check scenarios"].stdout
    assert "scenarios/plan.yaml: FAILED: 1 budget OVER" in check
    assert re.search(
        r"^::error file=scenarios/plan.yaml,line=\d+,col=\d+,title=pi-growth check::"
        r"budget 'Year 2' is OVER",
        check,
        re.MULTILINE,
    )
    assert "scenarios/new.yaml: ok" in check


def _pull_request(tmp_path: Path, head_plan: str, head_rates: str) -> Path:
    """A repository whose second commit sets the plan's text and its rate table's file."""
    repo = tmp_path / "repo"
    (repo / "scenarios").mkdir(parents=True)
    (repo / "rates").mkdir()
    plan = (DATA / "base.yaml").read_text(encoding="utf-8")
    plan = plan.replace("rates: rates.yaml", "rates: ../rates/staff.yaml")
    (repo / "scenarios" / "plan.yaml").write_text(plan, encoding="utf-8")
    shutil.copy(DATA / "rates.yaml", repo / "rates" / "staff.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base plan")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "scenarios" / "plan.yaml").write_text(head_plan.format(plan=plan), encoding="utf-8")
    shutil.copy(DATA / head_rates, repo / "rates" / "staff.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "the pull request")
    return repo


def test_the_ci_workflow_posts_nothing_when_no_figure_moved(tmp_path: Path) -> None:
    """A pull request that only edits a comment: every step passes, no comment is posted
    (`--edit-last` alone only refreshes an earlier one, to say there is no cost change)."""
    repo = _pull_request(tmp_path, "# reviewed in January\n{plan}", "rates.yaml")
    codes = run_workflow(repo, tmp_path)
    assert [codes[name] for name in STEPS] == [0, 0, 0]
    assert (repo / "cost-change.md").read_text(encoding="utf-8") == ""
    arguments = (tmp_path / "gh-args.txt").read_text(encoding="utf-8").split()
    assert arguments == ["pr", "comment", "7", "--body-file", "no-change.md", "--edit-last"]
    assert "**No cost change**" in (tmp_path / "comment.md").read_text(encoding="utf-8")


def test_the_ci_workflow_passes_a_rise_within_the_limit(tmp_path: Path) -> None:
    """Band X up £100 a month (36,000 -> 37,200 a year, +3.3%): every figure rises by less
    than 5% (2025/26 in-year 180,000 -> 183,600, +2.0%), so the comment is posted and the
    build passes."""
    repo = _pull_request(tmp_path, "{plan}", "rates-x-up.yaml")
    codes = run_workflow(repo, tmp_path)
    assert [codes[name] for name in STEPS] == [0, 0, 0]
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert "**Cost gate passed: no figure rose by more than 5% (--fail-above).**" in comment
    assert "| 2025/26 | 5 | £183,600 | +£3,600 |" in comment


def test_long_input_lists_are_cut_in_markdown(tmp_path: Path) -> None:
    """A comment lists 60 input changes at most and says how many more there are."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    text = (DATA / "base.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"  - {{team: Team {n}, band: X, posts: 1, year: 2025/26, start: 2026-01}}\n"
        for n in range(70)
    )
    head_text = text.replace(
        "  - {team: New, band: Y, posts: 2, year: 2025/26}\n",
        "  - {team: New, band: Y, posts: 2, year: 2025/26}\n" + extra,
    )
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(text, encoding="utf-8")
    head.write_text(head_text, encoding="utf-8")
    code, markdown, stderr = invoke("diff", str(base), str(head), "--format", "markdown")
    assert (code, stderr) == (0, "")
    added = [line for line in markdown.splitlines() if line.startswith("- Added growth line")]
    assert len(added) == 60
    assert "- … and 10 more (`pi-growth diff --format json` lists every change)" in markdown
    assert len(diff_json(base, head)["inputs"]["lines"]) == 70


def test_a_changed_expect_block_is_listed_among_the_changed_inputs(tmp_path: Path) -> None:
    """An assertion of `expect:` added, removed or changed is a changed input in every format
    (issue 11), though it moves no figure."""
    shutil.copy(DATA / "rates.yaml", tmp_path / "rates.yaml")
    text = (DATA / "base.yaml").read_text(encoding="utf-8")
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(
        text + "expect:\n  posts: {2024/25: 3}\n"
        "  full_year_effect: {2025/26: {at_most: 210000}}\n  budgets_within: all\n",
        encoding="utf-8",
    )
    head.write_text(
        text + "expect:\n  posts: {2024/25: 3, 2025/26: 5}\n"
        "  full_year_effect: {2025/26: {at_most: 205000}}\n  budgets_within: [Year 1]\n",
        encoding="utf-8",
    )
    changes = diff_json(base, head)["inputs"]["scenario"]
    assert [(change["field"], change["base"], change["head"]) for change in changes] == [
        ("expect.full_year_effect.2025/26.at_most", "210000", "205000"),
        ("expect.budgets_within", "all", "Year 1"),
        ("expect.posts.2025/26", None, 5),
    ]
    code, table, _ = invoke("diff", str(base), str(head))
    assert code == 0
    assert "expect full year effect 2025/26 at most £210,000 → £205,000" in table
    assert "expect posts 2025/26 none → 5" in table
    code, markdown, _ = invoke("diff", str(base), str(head), "--format", "markdown")
    assert code == 0
    assert "expect budgets within all → Year 1" in markdown
