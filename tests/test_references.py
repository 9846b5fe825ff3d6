"""What a scenario may name (load/references.py): files beside it in its repository or
project folder, the bundled data, and nothing else unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from pi_growth.load.references import (
    ALLOW_ENVIRONMENT_VARIABLE,
    ReferenceRefusedError,
    References,
    outside_paths_allowed,
    repository_root,
)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """repo/.git, repo/scenarios/plan.yaml, repo/rates/; and outside/secret.yaml beside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "scenarios").mkdir()
    (root / "rates").mkdir()
    (root / "scenarios" / "plan.yaml").write_text("name: x\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text("x\n")
    return root


def test_the_repository_is_the_nearest_folder_with_git(repository: Path) -> None:
    assert repository_root(repository / "scenarios" / "plan.yaml") == (repository.resolve(), True)


def test_a_file_in_the_repository_resolves_beside_the_scenario(repository: Path) -> None:
    rules = References.for_scenario(repository / "scenarios" / "plan.yaml", allow_outside=False)
    assert rules.resolve("../rates/table.yaml") == repository / "rates" / "table.yaml"
    assert rules.refusal("../rates/table.yaml") is None


@pytest.mark.parametrize("reference", ["../../outside/secret.yaml", "/etc/passwd"])
def test_a_file_outside_the_repository_is_refused_with_the_way_out(
    repository: Path, reference: str
) -> None:
    rules = References.for_scenario(repository / "scenarios" / "plan.yaml", allow_outside=False)
    refusal = rules.refusal(reference)
    assert refusal is not None
    assert "leads outside the scenario's repository" in refusal
    assert "--allow-outside-paths" in refusal


def test_a_file_outside_is_read_when_allowed(repository: Path) -> None:
    rules = References.for_scenario(repository / "scenarios" / "plan.yaml", allow_outside=True)
    assert rules.resolve("../../outside/secret.yaml").name == "secret.yaml"


def test_the_bundled_data_is_always_allowed(repository: Path, tmp_path: Path) -> None:
    bundled = tmp_path / "outside"
    rules = References.for_scenario(
        repository / "scenarios" / "plan.yaml", allow_outside=False, bundled=bundled
    )
    assert rules.refusal("../../outside/secret.yaml") is None


def test_a_name_too_long_for_any_file_system_is_refused(repository: Path) -> None:
    rules = References.for_scenario(repository / "scenarios" / "plan.yaml", allow_outside=True)
    with pytest.raises(ReferenceRefusedError, match="longer than"):
        rules.resolve("x" * 300 + ".yaml")


@pytest.mark.parametrize(
    ("flag", "environment", "allowed"),
    [(True, "", True), (False, "1", False), (None, "yes", True), (None, "", False)],
)
def test_the_flag_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, flag: bool | None, environment: str, allowed: bool
) -> None:
    monkeypatch.setenv(ALLOW_ENVIRONMENT_VARIABLE, environment)
    assert outside_paths_allowed(flag) is allowed
