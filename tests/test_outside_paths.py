"""`--allow-outside-paths` on every command that loads a scenario: check, diff and chart.

Each scenario here names a rate table outside its project folder (the folder above its own,
which is in no repository), or outside its repository: refused without the flag, read with
it. `cost` and `rates` are covered in test_paths.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.references import ALLOW_ENVIRONMENT_VARIABLE

DATA = Path(__file__).resolve().parent / "data" / "diff"
FLAG = "--allow-outside-paths"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_ENVIRONMENT_VARIABLE, raising=False)


def plan(folder: Path, name: str = "base.yaml", rates: str = "../../rates.yaml") -> Path:
    """A scenario of tests/data/diff written into `folder`, naming `rates` as its table."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (DATA / name).read_text(encoding="utf-8")
    path = folder / name
    path.write_text(text.replace("rates: rates.yaml", f"rates: {rates}"), encoding="utf-8")
    return path


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, Path]:
    """base.yaml and volume.yaml in tmp_path/project/plans, their rate table two folders up."""
    shutil.copyfile(DATA / "rates.yaml", tmp_path / "rates.yaml")
    plans = tmp_path / "project" / "plans"
    return plan(plans), plan(plans, "volume.yaml")


def where_rates_is(path: Path) -> str:
    """FILE:LINE:COLUMN of the value of `rates:` in a scenario."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines, 1) if line.startswith("rates: "))
    return f"{path}:{number}:8"


def assert_refused(code: int, stdout: str, stderr: str, path: Path) -> None:
    """Exit 2, nothing on stdout, the reference refused at its line, and the way round it."""
    assert (code, stdout) == (2, "")
    refusal = (
        "rates: '../../rates.yaml' leads outside the scenario's project folder (the one above "
        "the scenario's own)"
    )
    assert stderr.startswith(f"{where_rates_is(path)}: {refusal}")
    assert FLAG in stderr


def test_check(outside: tuple[Path, Path]) -> None:
    """check: refused without the flag; with it the plan is checked (both envelopes within)."""
    base, _ = outside
    code, stdout, stderr = invoke("check", str(base))
    assert_refused(code, "", stderr, base)
    assert stdout == f"{base}: not checked: 1 input problem\n"
    code, stdout, stderr = invoke("check", str(base), FLAG)
    assert (code, stdout, stderr) == (0, f"{base}: ok (2 budgets, 0 expectations checked)\n", "")


def test_diff_of_files(outside: tuple[Path, Path]) -> None:
    """diff of two files: refused without the flag (both sides reported); with it, compared.
    volume.yaml has 3 posts, not 2, on the New line from July 2025: +1 x 9 x 4,000 in-year."""
    base, head = outside
    code, stdout, stderr = invoke("diff", str(base), str(head), "--format", "json")
    assert (code, stdout) == (2, "")
    assert [line.split(": ")[0] for line in stderr.splitlines()] == [
        where_rates_is(base),
        where_rates_is(head),
    ]
    code, stdout, stderr = invoke("diff", str(base), str(head), "--format", "json", FLAG)
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    in_year = [
        m
        for m in document["bridge"]["measures"]
        if (m["measure"], m["year"]) == ("in_year_cost", "2025/26")
    ]
    assert [(m["base"], m["head"]) for m in in_year] == [("180000.00", "216000.00")]


def test_chart(outside: tuple[Path, Path], tmp_path: Path) -> None:
    """chart: refused without the flag (and no file written); with it, the picture is drawn."""
    pytest.importorskip("matplotlib")
    base, _ = outside
    target = tmp_path / "plan.svg"
    assert_refused(*invoke("chart", str(base), "-o", str(target)), base)
    assert not target.exists()
    assert invoke("chart", str(base), "-o", str(target), FLAG) == (0, "", "")
    assert b"<svg" in target.read_bytes()


def git(repo: Path, *args: str) -> None:
    """Run git in `repo` with a fixed identity."""
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid"}
    identity |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        capture_output=True,
        check=True,
        env={**os.environ, **identity},
    )


@pytest.fixture
def shared_table_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose committed plan names a rate table outside it (../../shared), and
    whose working tree has one more post on the New line; the current folder is its top."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copyfile(DATA / "rates.yaml", shared / "rates.yaml")
    repo = tmp_path / "repo"
    path = plan(repo / "scenarios", rates="../../shared/rates.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plan")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("posts: 2, year: 2025/26", "posts: 3, year: 2025/26"), "utf-8")
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.usefixtures("shared_table_repo")
def test_diff_of_a_revision(tmp_path: Path) -> None:
    """REV:path: the table outside the repository is refused without the flag; with it both
    sides read the working tree's table, named by its real path, never the temporary copy."""
    args = ("diff", "HEAD:scenarios/base.yaml", "scenarios/base.yaml", "--format", "json")
    code, stdout, stderr = invoke(*args)
    assert (code, stdout) == (2, "")
    refusal = ": rates: '../../shared/rates.yaml' leads outside the scenario's repository, "
    lines = stderr.splitlines()
    assert [line.partition(refusal)[0] for line in lines] == [
        "HEAD:scenarios/base.yaml:9:8",
        "scenarios/base.yaml:9:8",
    ]
    assert all(refusal in line and FLAG in line for line in lines)
    code, stdout, stderr = invoke(*args, FLAG)
    assert (code, stderr) == (0, "")
    document = json.loads(stdout)
    real = str((tmp_path / "shared" / "rates.yaml").resolve())
    assert (document["base"]["rates_file"], document["head"]["rates_file"]) == (real, real)
    assert document["inputs"]["rates"] == []
    assert "pi-growth-diff-" not in stdout


@pytest.mark.usefixtures("shared_table_repo")
def test_problems_in_an_outside_table_of_a_revision_name_its_real_path(tmp_path: Path) -> None:
    """With the flag, a problem in the outside table a revision's plan names is reported at
    the table's real path, not at its link in the temporary folder."""
    table = tmp_path / "shared" / "rates.yaml"
    table.write_text("name: broken\n", encoding="utf-8")
    code, stdout, stderr = invoke("diff", "HEAD:scenarios/base.yaml", "scenarios/base.yaml", FLAG)
    assert (code, stdout) == (2, "")
    assert "pi-growth-diff-" not in stderr
    files = {line.split(":")[0] for line in stderr.splitlines()}
    assert files == {str(table.resolve())}
