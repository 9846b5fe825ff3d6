"""Hostile paths (issue 10): only regular files are read, nothing blocks, and `-o` never
replaces a device, a FIFO or a symbolic link; temporary files go on SIGTERM and SIGHUP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "pi-growth.yaml"


def run(*arguments: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a child process, so a hang is a timeout rather than a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "pi_growth", *arguments],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (os.mkfifo, "a FIFO (named pipe)"),
        (lambda path: path.symlink_to("/dev/zero"), "a character device"),
        (lambda path: path.mkdir(), "a directory"),
    ],
    ids=["fifo", "symlink-to-dev-zero", "directory"],
)
def test_only_regular_files_are_read_as_scenarios(tmp_path: Path, make: object, kind: str) -> None:
    """A FIFO returns at once (no writer needed), /dev/zero is not read to exhaustion."""
    target = tmp_path / "plan.yaml"
    make(target)  # type: ignore[operator]
    completed = run("cost", "plan.yaml", cwd=tmp_path, timeout=20)
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert completed.stderr.decode() == (
        f"plan.yaml:1:1: is {kind}, not a file; only regular files are read\n"
    )


def test_a_fifo_as_an_extract_is_refused_without_blocking(tmp_path: Path) -> None:
    """An extract that is not a regular file is not opened at all (and the run ends)."""
    os.mkfifo(tmp_path / "staff.csv")
    scenario = SCENARIO.read_text(encoding="utf-8").replace(
        "rates: ", "baseline_csv: staff.csv\nrates: ", 1
    )
    (tmp_path / "plan.yaml").write_text(scenario, encoding="utf-8")
    completed = run("cost", "plan.yaml", cwd=tmp_path, timeout=20)
    assert completed.returncode == 2
    assert b"baseline_csv: cannot find the extract 'staff.csv'" in completed.stderr


def test_output_to_a_character_device_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    """/dev/null stays a device: the output goes into it (exit 0), nothing is renamed over it."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    completed = run("cost", "--format", "json", "-o", "null", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert link.is_symlink()
    assert Path("/dev/null").is_char_device()


def test_output_to_a_full_device_is_a_reported_failure(tmp_path: Path) -> None:
    """/dev/full refuses every write: exit 2 with the reason, and it is still a device."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    (tmp_path / "full").symlink_to("/dev/full")
    completed = run("cost", "--format", "json", "-o", "full", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode() == "full: cannot write: No space left on device\n"
    assert Path("/dev/full").is_char_device()


def test_output_to_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    """Writing would block for ever; renaming over it would replace it: neither happens."""
    os.mkfifo(tmp_path / "pipe")
    completed = run("cost", "--format", "json", "-o", "pipe", cwd=tmp_path, timeout=20)
    assert completed.returncode == 2
    assert completed.stderr.decode() == (
        "pipe: cannot write: is a FIFO that nothing is reading; not written\n"
    )
    assert (tmp_path / "pipe").is_fifo()


def test_output_to_a_fifo_with_a_reader_goes_to_the_reader(tmp_path: Path) -> None:
    """The reader gets the whole report; the FIFO is still a FIFO."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    time.sleep(0.2)  # the reader must have opened the FIFO before the writer checks
    completed = run("cost", "--format", "json", "-o", "pipe", cwd=tmp_path, timeout=30)
    reader.join(timeout=30)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(received[0])["years"][0]["year"] == "2024/25"
    assert pipe.is_fifo()


def test_output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    """The link stays a link; the file it names gets the report (atomically)."""
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    completed = run("cost", "--format", "json", "-o", "link.json", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["years"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_output_to_a_directory_is_refused(tmp_path: Path) -> None:
    """A directory is named as one; nothing is written inside it."""
    (tmp_path / "out").mkdir()
    completed = run("cost", "--format", "json", "-o", "out", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode() == "out: cannot write: is a directory; give a file name\n"
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_dash_means_standard_output(tmp_path: Path, fmt: str) -> None:
    """`-o -` writes to stdout (binary formats too, since it was asked for); no file `-`."""
    completed = run("cost", "--format", fmt, "-o", "-", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    if fmt == "json":
        assert json.loads(completed.stdout)["years"]
    else:
        assert completed.stdout.startswith(b"PK\x03\x04")  # a ZIP container: the workbook
    assert not (tmp_path / "-").exists()


_SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pi_growth.output import write_atomically

    def chunks():
        for _ in range(100_000):
            yield "x" * 1000
            time.sleep(0.001)

    print("started", flush=True)
    write_atomically(Path(sys.argv[1]), chunks())
    """
)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_no_temporary_file_is_left_when_a_signal_ends_a_write(
    tmp_path: Path, signal_name: str
) -> None:
    """A write ended by SIGTERM or SIGHUP (as by Ctrl-C) leaves neither a temporary file nor
    the target; the process still ends by that signal (or KeyboardInterrupt for SIGINT)."""
    number = getattr(signal, signal_name)
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(tmp_path / "report.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"started\n"
    deadline = time.monotonic() + 20
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [path.name.endswith(".tmp") for path in tmp_path.iterdir()] == [True]
    time.sleep(0.1)
    child.send_signal(number)
    child.communicate(timeout=20)
    if signal_name == "SIGINT":
        assert child.returncode != 0
    else:
        assert child.returncode == -number
    assert list(tmp_path.iterdir()) == []


def test_an_extract_beyond_its_row_limit_is_refused_at_the_first_row_too_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limit (lowered here from 50,000 to 3) is named, at the first row beyond it (line 5:
    the header is line 1, three rows fit on lines 2-4)."""
    from pi_growth.load import csv_source

    monkeypatch.setattr(csv_source, "MAX_ROWS", 3)
    extract = csv_source.parse_extract(
        "team,band,posts\n" + "Ops,C,1\n" * 5, "staff.csv", "baseline"
    )
    assert [str(problem) for problem in extract.problems] == [
        "staff.csv:5:1: more than 3 rows: an extract holds at most 3 lines, so that a run "
        "stays well under 1 GB of memory (docs/limits.md); split the establishment across "
        "scenarios"
    ]
    assert len(extract.lines) == 3


def test_json_is_streamed_with_the_same_bytes_as_one_document() -> None:
    """`cost --format json` writes chunks as they are made; joined, they are json.dumps's."""
    from pi_growth.cost.engine import cost_scenario
    from pi_growth.load.loader import load_scenario
    from pi_growth.render import RenderOptions, Report
    from pi_growth.render.json_format import cost_document, stream_cost

    loaded = load_scenario(None)
    report = Report(
        cost_scenario(loaded.scenario, loaded.rates), loaded.scenario_file, loaded.rates_file
    )
    options = RenderOptions(width=100, color=False, table=None, units="pounds")
    chunks = list(stream_cost(report, options))
    assert len(chunks) > 100  # written as it is made, not one string
    whole = json.dumps(cost_document(report), indent=2, ensure_ascii=False) + "\n"
    assert "".join(chunks) == whole
