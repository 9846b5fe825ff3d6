"""The README walked through as a new user would: a plain (non-editable) `pip install .` into
a fresh virtual environment, every command run from a fresh folder that is no repository, at
COLUMNS=80 with output piped -- and what the README quotes is what is printed (issue 11).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_readme import _blocks, _shown_commands

WIDTH = 80


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python3 -m venv .venv && .venv/bin/pip install .` from a copy of the sources (about
    40 s); the environment's `pi-growth` script."""
    folder = tmp_path_factory.mktemp("install")
    venv = folder / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(ROOT)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    script = venv / "bin" / "pi-growth"
    assert script.is_file()
    # A plain install: the package is a copy inside the environment, not the checkout.
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import pi_growth; print(pi_growth.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert located.startswith(str(venv))
    return script


class Walk:
    """Runs commands as the README shows them, in one fresh folder, piped, at 80 columns."""

    def __init__(self, script: Path, folder: Path) -> None:
        self.script = script
        self.folder = folder
        self.env = {**os.environ, "COLUMNS": str(WIDTH), "NO_COLOR": "1"}
        self.env.pop("PI_GROWTH_ALLOW_OUTSIDE_PATHS", None)
        self.printed: list[str] = []
        self.terminal: list[str] = []  # stdout of the commands that print the terminal table

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        """A README line; `a && cd b && c` part by part (stopping at a failure)."""
        result = None
        for part in line.split(" && "):
            if part.startswith("cd "):
                self.folder = self.folder / part.removeprefix("cd ")
                continue
            words = part.split()
            assert words[0] == "pi-growth", part
            result = subprocess.run(
                [str(self.script), *words[1:]],
                cwd=self.folder,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            self.printed += [result.stdout, result.stderr]
            if "--format" not in words and "-o" not in words:
                self.terminal.append(result.stdout)
            if result.returncode:
                break
        assert result is not None
        return result


@pytest.mark.slow
def test_the_readme_from_a_plain_install_in_a_fresh_folder(installed: Path, tmp_path: Path) -> None:
    """Every command the README shows, run as shown, prints what the README quotes."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    walk = Walk(installed, fresh)

    # The first screen: cost the bundled plan; the tour quotes the top of its report.
    (tour,) = [block for block in _blocks("text") if block.startswith("P&I growth")]
    result = walk.run("pi-growth cost")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(tour)

    # Every other command shown (a diff of origin/main needs a repository with a remote: it
    # is the CI recipe, tested with docs/ci.md).
    for line in _shown_commands():
        if "origin/" in line:
            continue
        result = walk.run(line)
        if line.startswith("pi-growth chart") or line.endswith((".png", ".svg")):
            # A plain install has no matplotlib: the README says pictures need the extra.
            assert result.returncode == 2
            assert "pip install 'pi-growth[charts]'" in result.stderr
            continue
        assert (result.returncode, result.stderr) == (0, ""), line
        walk.folder = fresh
    assert (fresh / "monthly.csv").read_bytes().startswith(b"\xef\xbb\xbfmonth,")
    assert (fresh / "plan.xlsx").read_bytes().startswith(b"PK")
    assert (fresh / "my-plan" / "scenario.yaml").is_file()

    # The bundled rate table by name.
    result = walk.run("pi-growth rates mps-police-staff")
    assert result.returncode == 0
    assert "mps-police-staff (bundled)" in result.stdout

    # The bad-input example, with the README's example file beside it.
    (block,) = [block for block in _blocks("text") if block.startswith("$ pi-growth")]
    command, *expected = block.rstrip("\n").splitlines()
    shutil.copytree(ROOT / "docs" / "examples", fresh / "docs" / "examples")
    result = walk.run(command.removeprefix("$ "))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == expected

    # Nothing printed or written names where the package is installed, and every line of
    # terminal output fits 80 columns.
    environment = str(installed.parent.parent)
    written = [path.read_text("utf-8", "replace") for path in fresh.rglob("*") if path.is_file()]
    for text in [*walk.printed, *written]:
        assert "site-packages" not in text
        assert environment not in text
    assert len(walk.terminal) >= 5
    for text in walk.terminal:
        for line in text.splitlines():
            assert len(line) <= WIDTH, line
