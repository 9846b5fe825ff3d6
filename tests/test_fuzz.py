"""Fuzzing the loader: mutated scenarios, rate tables and extracts never crash, hang or lie.

Thousands of seeded mutations of the bundled files (deleted, repeated and swapped lines,
truncation, random bytes, values of the wrong type, huge numbers, deep nesting, very long
strings, alias bombs) are costed in-process through the command functions; every one must end
with exit code 0 (and JSON on stdout) or 2 (and only FILE:LINE:COLUMN problems of bounded
length on stderr), never an exception, within a time bound. A handful of the most hostile
inputs also run as real processes under a memory limit.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pi_growth.commands.cost import run_cost
from pi_growth.commands.rates import run_rates
from pi_growth.load import input_files
from pi_growth.render import CostFormat, RatesFormat

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = (ROOT / "scenarios" / "pi-growth.yaml").read_text(encoding="utf-8")
RATES = (ROOT / "rates" / "mps-police-staff.yaml").read_text(encoding="utf-8")
EXTRACT_SCENARIO = (ROOT / "scenarios" / "force-establishment.yaml").read_text(encoding="utf-8")
ESTABLISHMENT = (ROOT / "scenarios" / "force-establishment.csv").read_text(encoding="utf-8")
GROWTH = (ROOT / "scenarios" / "force-growth.csv").read_text(encoding="utf-8")

PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): \S")
LONGEST_MESSAGE = 700  # characters after FILE:LINE:COLUMN: a message quotes tokens cut short
SECONDS_PER_CASE = 5.0  # generous: a case takes milliseconds; this catches hangs, not noise

HOSTILE_VALUES = [
    "[]", "{}", "null", "~", "true", "no", "on", "yes", "1e400", "-1e400", "1e-400", ".nan",
    ".inf", "-.inf", "0x1F", "0o17", "012", "0b101", "12:30", "1_000", "-0", "9" * 5000,
    "1" + "0" * 400 + ".5", '"' + "x" * 100_000 + '"', "!!python/object/apply:os.system [id]",
    "!!binary aGVsbG8=", "!custom tag", "*undefined", "&anchor [*anchor]", "2024-13-45",
    "2024-02-30", '"£1.9m"', '"1,9,0"', '"250kk"', '"4.75%%"', '"FY2024/26"', '"\\u202e"',
    '"\\0"', "'", '"', "{a: 1, a: 2}", "[1, [2, [3, [4]]]]", "|\n  block", ">-\n  folded",
    "? complex\n: key", "- - -", "=1+2", "@SUM(A1)", "\t", "2024/25", "-1", "0", "1.5",
]  # fmt: skip
RANDOM_TEXT = "abcXYZ019 :-[]{},#&*!|>'\"%@`\t\n\r\x00\x01\x7f\x85\xa0\u2028\u202e\ufeff\U0001f600"


def nested(depth: int) -> str:
    """A flow sequence nested `depth` deep."""
    return "[" * depth + "]" * depth


def alias_bomb(levels: int = 9) -> str:
    """A billion-laughs document fragment: each level refers ten times to the one before."""
    lines = ['bomb0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"bomb{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


HOSTILE_VALUES += [nested(70), nested(2000), nested(100_000)]


def mutate(text: str, rng: random.Random) -> str:
    """One random mutation of a text file's lines or bytes."""
    lines = text.split("\n")
    kind = rng.randrange(12)
    index = rng.randrange(len(lines))
    if kind == 0:  # delete some lines
        count = rng.randint(1, 5)
        del lines[index : index + count]
    elif kind == 1:  # repeat a line
        lines.insert(index, lines[index])
    elif kind == 2:  # swap two lines
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == 3:  # truncate
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 4:  # random characters somewhere
        at = rng.randrange(len(text) + 1)
        noise = "".join(rng.choice(RANDOM_TEXT) for _ in range(rng.randint(1, 8)))
        return text[:at] + noise + text[at:]
    elif kind in (5, 6, 7):  # a value of the wrong type, or a hostile one
        line = lines[index]
        if ":" in line:
            key, _, _ = line.partition(":")
            lines[index] = f"{key}: {rng.choice(HOSTILE_VALUES)}"
        elif "," in line:
            cells = line.split(",")
            cells[rng.randrange(len(cells))] = rng.choice(HOSTILE_VALUES)
            lines[index] = ",".join(cells)
        else:
            lines[index] = line + rng.choice(HOSTILE_VALUES)
    elif kind == 8:  # indentation changed
        lines[index] = " " * rng.choice([0, 1, 3, 8]) + lines[index].lstrip()
    elif kind == 9:  # a very long line
        lines.insert(index, "x" * rng.choice([1000, 100_000, 1_000_000]))
    elif kind == 10:  # an alias bomb appended (valid YAML, refused for its size)
        lines.append(alias_bomb(rng.choice([5, 7, 9])))
    else:  # a whole file of random bytes, decoded as what they are
        size = rng.randint(0, 400)
        return bytes(rng.randrange(256) for _ in range(size)).decode("latin-1")
    return "\n".join(lines)


def call(command: Callable[[], int]) -> tuple[int, str, str, float]:
    """Run a command function with stdout and stderr captured: code, streams, seconds."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = command()
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


def check_outcome(case: str, code: int, stdout: str, stderr: str, seconds: float) -> None:
    """The invariants every run must keep, whatever its input."""
    assert seconds < SECONDS_PER_CASE, f"{case}: took {seconds:.1f} s"
    assert "Traceback" not in stderr, case
    if code == 0:
        if stdout.lstrip().startswith("{"):
            json.loads(stdout)
        return
    assert code == 2, f"{case}: exit {code}\n{stderr[:2000]}"
    assert stdout == "", case
    lines = stderr.splitlines()
    assert lines, f"{case}: exit 2 and nothing said"
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"{case}: not FILE:LINE:COLUMN: {line[:300]!r}"
        message = line[match.end("column") + 2 :]
        assert len(message) <= LONGEST_MESSAGE, f"{case}: {len(message)} chars: {line[:300]!r}"


def write(folder: Path, files: dict[str, str]) -> None:
    """Write each file as UTF-8, replacing what cannot be encoded (lone surrogates)."""
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
def test_mutated_inputs_never_crash(tmp_path: Path) -> None:
    """3,000 seeded mutations of the bundled scenario, its rate table and the extract example
    (each file mutated on its own): every run ends with exit 0 or 2 and keeps the invariants."""
    rng = random.Random(20240108)  # noqa: S311 - seeded on purpose, for reproducible cases
    started = time.perf_counter()
    counts = {0: 0, 2: 0}
    for number in range(3000):
        folder = tmp_path / f"case{number % 50}"
        folder.mkdir(exist_ok=True)
        target = number % 5
        files = {
            "scenario.yaml": SCENARIO.replace("../rates/mps-police-staff.yaml", "rates.yaml"),
            "rates.yaml": RATES,
            "extract.yaml": EXTRACT_SCENARIO.replace(
                "../rates/mps-police-staff.yaml", "rates.yaml"
            ),
            "force-establishment.csv": ESTABLISHMENT,
            "force-growth.csv": GROWTH,
        }
        name = [
            "scenario.yaml",
            "rates.yaml",
            "extract.yaml",
            "force-establishment.csv",
            "force-growth.csv",
        ][target]
        for _ in range(rng.choice([1, 1, 2, 3])):
            files[name] = mutate(files[name], rng)
        write(folder, files)
        scenario = folder / ("scenario.yaml" if target < 2 else "extract.yaml")
        case = f"case {number} ({name})"
        outcome = call(functools.partial(run_cost, scenario, CostFormat.json, None))
        check_outcome(case, *outcome)
        counts[outcome[0]] += 1
        if target == 1:
            rates_outcome = call(
                functools.partial(run_rates, folder / "rates.yaml", RatesFormat.json, None)
            )
            check_outcome(f"{case}, rates", *rates_outcome)
    # The mutations must reach both outcomes, or the fuzzing tests nothing.
    assert counts[0] > 100, counts
    assert counts[2] > 1000, counts
    assert time.perf_counter() - started < 120


# Values put in every field: sizes and nesting the loader must refuse, numbers far beyond any
# plan (the engine must refuse or bound them, not hang), text that is markup to rich or
# Markdown, a GitHub mention, and terminal control characters (YAML's \e is ESC).
FIELD_VALUES = {
    "1e400": "1e400",
    "5000-digits": "9" * 5000,
    "10**5000": "10" + "0" * 5000,
    "2-MB-string": '"' + "y" * 2_000_000 + '"',
    "nested-100k": nested(100_000),
    "1e30": "1e30",
    "10**70": "1" + "0" * 70,
    "minus-2": "-2",
    "rich-close": '"[/]"',
    "rich-style": '"[red]x"',
    "mention": '"@octocat"',
    "ansi-escape": '"\\e[31mred"',
    "control-characters": '"a\\x07b\\x08c\\x9bd"',
}
# Hostile text that a field shown in the report may hold: each must reach the renderers.
SHOWN_TEXT = {"rich-close": "[/]", "rich-style": "[red]x", "mention": "@octocat"}
SHOWN_FIELDS = {"top.name", "baseline.team", "budgets.name"}  # shown in the table report
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
BLOCK_ENTRY = re.compile(r"(?P<indent>\s*(?:- )?)(?P<key>[\w/]+):(?: (?P<value>.+))?")
FLOW_ENTRY = re.compile(r"(?P<key>[\w/]+): (?P<value>[^,{}\[\]]*[^,{}\[\]\s])")


def field_values(text: str) -> list[tuple[str, int, int]]:
    """Where each field's value is written: one of each key in each section (the last: the
    first budget is named in `expect:`), as (section.key, start, end) offsets into `text`, in
    block and flow mappings alike."""
    found: dict[str, tuple[str, int, int]] = {}

    def add(name: str, start: int, end: int) -> None:
        found[name] = (name, start, end)

    offset, section = 0, ""
    for line in text.split("\n"):
        code = re.sub(r"\s+#.*", "", line)
        block = BLOCK_ENTRY.fullmatch(code)
        if block and not line.lstrip().startswith("#"):
            value = block["value"]
            if not block["indent"]:
                section = "top" if value else block["key"]
            if value:
                add(f"{section}.{block['key']}", offset + block.start("value"), offset + len(code))
            if value and value.startswith("{"):
                for entry in FLOW_ENTRY.finditer(code, block.start("value")):
                    add(f"{section}.{entry['key']}", offset + entry.start(2), offset + entry.end(2))
        elif code.lstrip().startswith("- {"):
            for entry in FLOW_ENTRY.finditer(code):
                add(f"{section}.{entry['key']}", offset + entry.start(2), offset + entry.end(2))
        offset += len(line) + 1
    return list(found.values())


@pytest.mark.parametrize("value", list(FIELD_VALUES.values()), ids=list(FIELD_VALUES))
def test_hostile_values_in_every_field(tmp_path: Path, value: str) -> None:
    """A hostile value in each field of the bundled scenario in turn (one of each key in each
    section, flow mappings too), its rate table beside it so that an accepted value is costed:
    exit 0 with every output clean in JSON, table and Markdown, or exit 2 with problems."""
    (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
    text = SCENARIO.replace("../rates/mps-police-staff.yaml", "rates.yaml")
    path = tmp_path / "scenario.yaml"
    rendered: list[str] = []
    shown = next((words for key, words in SHOWN_TEXT.items() if FIELD_VALUES[key] == value), "")
    for name, start, end in field_values(text):
        path.write_text(text[:start] + value + text[end:], encoding="utf-8")
        case = f"{name}: {value[:20]}"
        outcome = call(functools.partial(run_cost, path, CostFormat.json, None))
        check_outcome(case, *outcome)
        if outcome[0] != 0:
            continue  # refused while loading, before any format is chosen
        for fmt in (CostFormat.table, CostFormat.markdown):
            code, stdout, stderr, seconds = call(functools.partial(run_cost, path, fmt, None))
            check_outcome(f"{case} ({fmt})", code, stdout, stderr, seconds)
            assert code == 0, f"{case} ({fmt}): json was costed, {fmt} exit {code}"
            assert not CONTROL.search(stdout), f"{case} ({fmt}): a control character"
            if fmt is CostFormat.markdown:
                assert "@octocat" not in stdout, f"{case}: a mention in Markdown"
            elif name in SHOWN_FIELDS and shown:  # shown as written, never read as markup
                assert shown in stdout, f"{case}: {shown!r} is not in the table"
        rendered.append(name)
    assert len(field_values(text)) > 25  # block and flow fields alike
    if shown:  # text accepted in names, so it reached the renderers
        assert set(rendered) >= SHOWN_FIELDS, rendered


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A billion laughs: refused for its expanded size, in well under a second."""
    path = tmp_path / "bomb.yaml"
    path.write_text(SCENARIO + "\n" + alias_bomb(9), encoding="utf-8")
    code, _, stderr, seconds = call(lambda: run_cost(path, CostFormat.json, None))
    assert code == 2
    assert "aliases expand this document beyond" in stderr
    assert seconds < 2


def test_oversized_files_are_refused_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files over the size limit are refused before they are read; the limit is lowered here
    so as not to write 50 MB."""
    monkeypatch.setattr(input_files, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    code, stdout, stderr, _ = call(lambda: run_cost(path, CostFormat.json, None))
    assert (code, stdout) == (2, "")
    size = len(SCENARIO.encode("utf-8"))
    assert stderr == (
        f"{path}:1:1: the file is {size:,} bytes; files over 0 MB are refused (docs/limits.md)\n"
    )


def test_the_real_limit_is_50_megabytes() -> None:
    """The limit itself, as the issue asks: 50 MB."""
    assert input_files.MAX_FILE_BYTES == 50 * 1024 * 1024


HOSTILE_FILES = {
    "alias-bomb": SCENARIO + "\n" + alias_bomb(9),
    "nested-flow-100k": "name: " + nested(100_000) + "\n",
    "nested-block": "- " * 100_000 + "x\n",
    "huge-numbers": SCENARIO.replace("years: 3", "years: " + "9" * 100_000),
    "long-line": "name: " + "z" * 10_000_000 + "\n",
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_files_in_a_real_process_under_a_memory_limit(tmp_path: Path, name: str) -> None:
    """The most hostile inputs in a real process limited to 1 GiB of address space and 60 s:
    exit 2 with problems on stderr, never a crash (a signal) or a traceback."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(HOSTILE_FILES[name], encoding="utf-8")

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    completed = subprocess.run(
        [sys.executable, "-m", "pi_growth", "cost", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    for line in completed.stderr.splitlines():
        assert PROBLEM_LINE.match(line), line[:300]
        assert len(line) < LONGEST_MESSAGE + len(str(path)) + 20


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("first_year: 2024/25", "first_year: 2024/25" + "x" * 5000),
        ("start: 2024-07}", "start: 2024-07" + "7" * 5000 + "}"),
        ("band: BB3,", "band: " + "Q" * 5000 + ","),
        ("name: Year 1 (MTFP, agreed)", "name: Year 1 (MTFP, agreed)\n    years: [2024/25]"),
    ],
    ids=["financial-year", "month", "band", "duplicate-key"],
)
def test_long_values_are_quoted_cut_short(tmp_path: Path, old: str, new: str) -> None:
    """Regression (found by fuzzing): a 5,000-character month or financial year was echoed
    whole in its message (periods.py quoted it with !r); band and budget names likewise
    (validation.py). Messages now quote at most 40 characters of a value."""
    assert old in SCENARIO
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.replace(old, new, 1).replace("../rates/", str(ROOT / "rates") + "/"))
    code, stdout, stderr, _ = call(functools.partial(run_cost, path, CostFormat.json, None))
    assert (code, stdout) == (2, "")
    for line in stderr.splitlines():
        assert len(line) < len(str(path)) + 250, line[:300]
