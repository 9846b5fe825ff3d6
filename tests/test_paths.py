"""A scenario may name only files inside its repository: nothing else is read or echoed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.loader import data_directory, load_scenario
from pi_growth.load.references import ALLOW_ENVIRONMENT_VARIABLE
from pi_growth.problems import InputError, quote_token

SECRET = "s3cr3t-Token-0123456789abcdef"  # noqa: S105 - a fake secret the tests look for
RATES = """\
name: test rates
price_base: 2024/25
bands:
  C: {salary: 12000}
on_costs:
  pension_rate: 0.2
  employer_ni:
    2024/25: {rate: 0.1, threshold: 0}
"""


def scenario_text(rates: str, extra: str = "") -> str:
    """A one-line scenario naming `rates` (quoted as YAML double-quoted text)."""
    quoted = rates.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'name: paths\nrates: "{quoted}"\nfirst_year: 2024/25\nyears: 1\n'
        f"baseline:\n  - {{team: Ops, band: C, posts: 1}}\n{extra}"
    )


def run(path: Path, *options: str) -> tuple[int, str, str]:
    """`pi-growth cost PATH --format json` in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, ["cost", str(path), "--format", "json", *options])
    return result.exit_code, result.stdout, result.stderr


def assert_refused(path: Path, token: str, where: str = "repository") -> None:
    """Exit 2, nothing on stdout, one problem saying the reference leads outside, no secret."""
    code, stdout, stderr = run(path)
    assert (code, stdout) == (2, "")
    assert "Traceback" not in stderr
    assert SECRET not in stderr
    assert f"{quote_token(token)} leads outside the scenario's {where}, so it is not read" in stderr
    assert ALLOW_ENVIRONMENT_VARIABLE in stderr


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository (a folder with .git) inside tmp_path, with a secret `.env` beside
    it (outside the repository) and a rate table inside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "rates").mkdir()
    (root / "rates" / "table.yaml").write_text(RATES, encoding="utf-8")
    (tmp_path / ".env").write_text(f"price_base: {SECRET}\nTOKEN={SECRET}\n", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_ENVIRONMENT_VARIABLE, raising=False)


def write(path: Path, text: str) -> Path:
    """Write text to path (making its folder) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reference_inside_the_repository_is_read(repository: Path) -> None:
    """A scenario in one folder may name a rate table in another folder of its repository."""
    path = write(repository / "scenarios" / "plan.yaml", scenario_text("../rates/table.yaml"))
    assert run(path)[0] == 0


def test_a_dotenv_above_the_repository_is_refused(repository: Path) -> None:
    """`rates: ../../.env` leads out of the repository: refused, and nothing of it shown."""
    path = write(repository / "scenarios" / "plan.yaml", scenario_text("../../.env"))
    assert_refused(path, "../../.env")


def test_an_extract_outside_the_repository_is_refused(repository: Path) -> None:
    """CSV extracts are confined like rate tables."""
    text = scenario_text("../rates/table.yaml", "baseline_csv: ../../.env\n")
    path = write(repository / "scenarios" / "plan.yaml", text)
    assert_refused(path, "../../.env")


def test_an_absolute_path_is_refused(repository: Path) -> None:
    """An absolute path elsewhere (a key file, say) is refused."""
    secret = repository.parent / "id_key"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    path = write(repository / "plan.yaml", scenario_text(str(secret)))
    assert_refused(path, str(secret))


def test_refused_whether_or_not_the_file_exists(repository: Path) -> None:
    """The answer does not reveal whether a file exists outside: both are refused alike."""
    path = write(repository / "plan.yaml", scenario_text("../no-such-file.yaml"))
    assert_refused(path, "../no-such-file.yaml")


def test_a_symbolic_link_out_of_the_repository_is_refused(repository: Path) -> None:
    """A link inside the repository that points outside it is followed, and refused."""
    link = repository / "rates" / "innocent.yaml"
    link.symlink_to(repository.parent / ".env")
    path = write(repository / "plan.yaml", scenario_text("rates/innocent.yaml"))
    assert_refused(path, "rates/innocent.yaml")


def test_a_symbolic_link_within_the_repository_is_fine(repository: Path) -> None:
    """A link to another file of the repository is read as usual."""
    (repository / "current.yaml").symlink_to(repository / "rates" / "table.yaml")
    path = write(repository / "plan.yaml", scenario_text("current.yaml"))
    assert run(path)[0] == 0


def test_outside_any_repository_the_project_folder_is_the_limit(tmp_path: Path) -> None:
    """With no repository, files in the folder above the scenario's (and below it) may be
    named -- the README's layout, `scenarios/plan.yaml` naming `../rates/my-force.yaml`, in
    an analyst's folder that is no repository (issue 11) -- but nothing further up."""
    project = tmp_path / "project"
    write(project / "rates" / "my-force.yaml", RATES)
    write(project / "scenarios" / "below" / "rates.yaml", RATES)
    readme_layout = write(
        project / "scenarios" / "plan.yaml", scenario_text("../rates/my-force.yaml")
    )
    assert run(readme_layout)[0] == 0
    below = write(project / "scenarios" / "p.yaml", scenario_text("below/rates.yaml"))
    assert run(below)[0] == 0
    write(tmp_path / "rates.yaml", RATES)
    outside = write(project / "scenarios" / "up.yaml", scenario_text("../../rates.yaml"))
    assert_refused(
        outside, "../../rates.yaml", where="project folder (the one above the scenario's own)"
    )


@pytest.mark.parametrize("top", ["home", "root"])
def test_a_project_folder_never_widens_to_a_home_or_a_top_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, top: str
) -> None:
    """A scenario straight inside a home directory's folder (~/Downloads/plan.yaml) may not
    name ~/.ssh: the folder above would be the home directory, so its own folder is the
    limit. The same just below the top of the file system (/tmp/x/plan.yaml)."""
    from pi_growth.load.references import project_folder

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    folder = home / "Downloads" if top == "home" else Path("/tmp") / "x"
    assert project_folder(folder) == folder
    assert project_folder(home / "work" / "scenarios") == home / "work"
    write(home / ".ssh" / "id_key", f"{SECRET}\n")
    path = write(home / "Downloads" / "plan.yaml", scenario_text("../.ssh/id_key"))
    assert_refused(path, "../.ssh/id_key", where="folder")


def test_the_environment_variable_and_the_parameter_allow_outside_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule can be lifted: by the library parameter, or by the environment variable."""
    write(tmp_path / "rates.yaml", RATES)
    path = write(tmp_path / "sub" / "deeper" / "plan.yaml", scenario_text("../../rates.yaml"))
    assert load_scenario(path, allow_outside_paths=True).rates.name == "test rates"
    with pytest.raises(InputError):
        load_scenario(path, allow_outside_paths=False)
    monkeypatch.setenv(ALLOW_ENVIRONMENT_VARIABLE, "1")
    assert run(path)[0] == 0
    # The parameter wins over the environment.
    with pytest.raises(InputError):
        load_scenario(path, allow_outside_paths=False)


def test_a_root_can_be_given(tmp_path: Path) -> None:
    """A caller that knows better (a checkout of another revision) names the root itself."""
    write(tmp_path / "rates" / "table.yaml", RATES)
    path = write(
        tmp_path / "p" / "scenarios" / "plan.yaml", scenario_text("../../rates/table.yaml")
    )
    with pytest.raises(InputError):
        load_scenario(path)
    assert load_scenario(path, root=tmp_path).rates.name == "test rates"


def test_bundled_tables_stay_reachable(tmp_path: Path) -> None:
    """A bundled table by name, or by its full path, works from a scenario anywhere."""
    by_name = write(tmp_path / "a" / "plan.yaml", scenario_text("mps-police-staff"))
    assert run(by_name)[0] == 0
    full = str(data_directory() / "rates" / "mps-police-staff.yaml")
    by_path = write(tmp_path / "b" / "plan.yaml", scenario_text(full))
    assert run(by_path)[0] == 0


def test_the_bundled_plan_still_costs() -> None:
    """The bundled scenario names its table by a relative path: still allowed."""
    result = CliRunner().invoke(app, ["cost", "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_a_long_reference_is_quoted_truncated(tmp_path: Path) -> None:
    """The message quotes the offending token cut short, never a whole long value."""
    token = "../" + "x" * 5000
    path = write(tmp_path / "plan.yaml", scenario_text(token))
    code, _, stderr = run(path)
    assert code == 2
    (line,) = stderr.splitlines()
    assert "xxx…'" in line
    assert len(line) < len(str(path)) + 300


def test_a_nul_byte_in_a_reference_is_bad_input(tmp_path: Path) -> None:
    """A path with a NUL byte cannot name a file: bad input, not a crash."""
    path = write(tmp_path / "plan.yaml", scenario_text("rates\\0.yaml").replace("\\\\0", "\\0"))
    code, stdout, stderr = run(path)
    assert (code, stdout) == (2, "")
    assert "is not a usable path" in stderr


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("key", ["rates", "baseline_csv"])
def test_proc_self_environ_is_never_read(tmp_path: Path, key: str) -> None:
    """The classic: the process environment (holding CI secrets) through /proc. Run as a
    real process with a secret in its environment; the secret appears on neither stream."""
    if key == "rates":
        text = scenario_text("/proc/self/environ")
    else:
        write(tmp_path / "rates.yaml", RATES)
        text = scenario_text("rates.yaml", "baseline_csv: /proc/self/environ\n")
    path = write(tmp_path / "plan.yaml", text)
    environment = {**os.environ, "CI_SECRET": SECRET}
    environment.pop(ALLOW_ENVIRONMENT_VARIABLE, None)
    completed = subprocess.run(
        [sys.executable, "-m", "pi_growth", "cost", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert SECRET not in completed.stderr
    assert "'/proc/self/environ' leads outside" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("length", [252, 5000])
def test_a_name_too_long_for_the_file_system_is_bad_input(tmp_path: Path, length: int) -> None:
    """Regression (found by fuzzing): a rate table named by 5,000 digits made `is_file()`
    raise 'File name too long', and a 252-character name did the same once '.yaml' was added
    to look for a bundled table. Both are now bad input, quoted cut short."""
    for key in ("rates", "baseline_csv"):
        text = scenario_text("9" * length)
        if key == "baseline_csv":
            write(tmp_path / "rates.yaml", RATES)
            text = scenario_text("rates.yaml", f"baseline_csv: '{'9' * length}'\n")
        path = write(tmp_path / "plan.yaml", text)
        code, stdout, stderr = run(path)
        assert (code, stdout) == (2, ""), stderr
        (line,) = stderr.splitlines()
        assert line.endswith("is not a usable path: a name in it is longer than 200 characters")
        assert "999…'" in line


def test_the_command_line_flag_allows_outside_paths(tmp_path: Path) -> None:
    """`--allow-outside-paths` on `cost` and `rates` lifts the rule for one run."""
    write(tmp_path / "rates.yaml", RATES)
    path = write(tmp_path / "sub" / "deeper" / "plan.yaml", scenario_text("../../rates.yaml"))
    assert run(path)[0] == 2
    assert run(path, "--allow-outside-paths")[0] == 0
    refused = CliRunner().invoke(app, ["rates", str(path), "--format", "json"])
    assert refused.exit_code == 2
    allowed = CliRunner().invoke(
        app, ["rates", str(path), "--format", "json", "--allow-outside-paths"]
    )
    assert allowed.exit_code == 0, allowed.stderr
