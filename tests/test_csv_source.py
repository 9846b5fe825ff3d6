"""Establishment extracts in CSV: lines from an HR export, every problem at its CSV cell."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load import input_files
from pi_growth.load.csv_source import parse_extract
from pi_growth.load.loader import load_scenario
from pi_growth.problems import InputError

# C: 12,000 a year; pension 20%, NI 10% above a zero threshold, no levy. One post-month:
# pay 12,000 / 12 = 1,000; NI 0.1 x 1,000 = 100; pension 0.2 x 1,000 = 200; total 1,300.
RATES = """\
name: test rates
price_base: 2024/25
bands:
  C: {salary: 12000}
  B: {points: [12000, 13200]}
on_costs:
  pension_rate: 0.2
  employer_ni:
    2024/25: {rate: 0.1, threshold: 0}
"""

SCENARIO = """\
name: extract
rates: rates.yaml
first_year: 2024/25
years: 1
baseline_csv: establishment.csv
"""

Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write the rate table, a scenario and an extract (exact bytes) under tmp_path."""

    def write_all(
        extract: str | bytes, scenario: str = SCENARIO, name: str = "establishment.csv"
    ) -> Path:
        (tmp_path / "rates.yaml").write_text(RATES, encoding="utf-8")
        data = extract.encode("utf-8") if isinstance(extract, str) else extract
        (tmp_path / name).write_bytes(data)
        path = tmp_path / "scenario.yaml"
        path.write_text(scenario, encoding="utf-8")
        return path

    return write_all


def at(text: str, row: int, needle: str) -> str:
    """LINE:COLUMN of `needle` in physical line `row` (1-based) of the CSV text, found by
    searching the text: an independent check of the positions the loader reports."""
    line = text.split("\n")[row - 1]
    assert line.count(needle) == 1, f"{needle!r} must occur once in {line!r}"
    return f"{row}:{line.index(needle) + 1}"


def problems(path: Path) -> list[str]:
    """`pi-growth cost PATH`'s problems, asserting exit 2, an empty stdout and no traceback."""
    result = CliRunner().invoke(app, ["cost", str(path), "--format", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def cost_json(path: Path) -> dict[str, object]:
    """`pi-growth cost PATH --format json`, asserting exit 0."""
    result = CliRunner().invoke(app, ["cost", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def first_year(path: Path) -> dict[str, object]:
    """The first year's figures in the JSON output."""
    years = cost_json(path)["years"]
    assert isinstance(years, list)
    year: dict[str, object] = years[0]
    return year


def test_extract_lines_are_costed(write: Write) -> None:
    """Two CSV lines priced by hand: 3 posts x 1,300 a month x 12 = 46,800; plus one post at
    0.5 FTE: 650 a month x 12 = 7,800; 54,600 in all."""
    path = write("team,band,posts,fte\nOps,C,3,\nOps,C,1,0.5\n")
    year = first_year(path)
    assert year["posts"] == 4
    assert year["in_year_cost"] == "54600.00"
    assert year["full_year_effect"] == "54600.00"


def test_extract_and_yaml_lines_cost_the_same(write: Write, tmp_path: Path) -> None:
    """The same lines written in YAML and in an extract give the same figures."""
    from_csv = cost_json(write("team,band,posts,fte,point\nOps,B,2,0.8,1\nData,C,1,,\n"))
    yaml_only = tmp_path / "yaml.yaml"
    yaml_only.write_text(
        SCENARIO.replace("baseline_csv: establishment.csv\n", "")
        + "baseline:\n"
        + "  - {team: Ops, band: B, posts: 2, fte: 0.8, point: 1}\n"
        + "  - {team: Data, band: C, posts: 1}\n",
        encoding="utf-8",
    )
    from_yaml = cost_json(yaml_only)
    for key in ("years", "by_band", "by_team"):
        assert from_csv[key] == from_yaml[key]


def test_yaml_lines_come_first_then_the_extract(write: Write) -> None:
    """A scenario may have its own baseline lines and an extract: both are costed."""
    scenario = SCENARIO + "baseline:\n  - {team: Lead, band: C, posts: 1}\n"
    year = first_year(write("team,band,posts\nOps,C,1\n", scenario))
    # 2 posts x 1,300 x 12 = 31,200
    assert (year["posts"], year["in_year_cost"]) == (2, "31200.00")


def test_header_as_spreadsheets_write_it(write: Write) -> None:
    """A byte-order mark, capitals, spaces and a `note` column are all accepted; blank rows
    at the end are skipped; CRLF line ends are fine."""
    text = "\ufeff Team ,BAND,Posts,Note\r\nOps,C,1,Senior analyst\r\n,,,\r\n\r\n"
    year = first_year(write(text.encode("utf-8")))
    assert (year["posts"], year["in_year_cost"]) == (1, "15600.00")


def test_formula_like_cells_are_plain_text(write: Write) -> None:
    """A cell such as `=HYPERLINK(...)` is a team name, never evaluated; as a number of
    posts it is simply not a number."""
    path = write('team,band,posts\n"=HYPERLINK(""x"")",C,1\n')
    document = cost_json(path)
    teams = [row["team"] for row in document["by_team"]]  # type: ignore[attr-defined]
    assert teams == ['=HYPERLINK("x")']
    text = "team,band,posts\nOps,C,=1+2\n"
    assert problems(write(text)) == [
        f"{Path(write(text).parent, 'establishment.csv')}:{at(text, 2, '=1+2')}: "
        "posts: Input should be a valid integer (found '=1+2')"
    ]


def test_every_cell_problem_at_its_cell(write: Write, tmp_path: Path) -> None:
    """Bad cells, unknown bands and empty required cells: all reported, each at its cell."""
    text = (
        "team,band,posts,fte,point\n"
        '"Ops, North",Q,1,,\n'  # unknown band
        "Ops,C,-3,1.5,\n"  # posts below 1, fte above 1
        ",C,1,,\n"  # no team
        "Ops,B,1,,7\n"  # point beyond band B's two
    )
    csv_file = tmp_path / "establishment.csv"
    found = problems(write(text))
    assert found == [
        f"{csv_file}:{at(text, 2, 'Q')}: band: unknown band 'Q' (known: C, B)",
        f"{csv_file}:{at(text, 3, '-3')}: posts: Input should be greater than or equal to 1 "
        "(found '-3')",
        f"{csv_file}:{at(text, 3, '1.5')}: fte: Input should be less than or equal to 1 "
        "(found '1.5')",
        f"{csv_file}:4:1: team: empty; every row needs team, band, posts",
        f"{csv_file}:{at(text, 5, '7')}: point: 7 is beyond band 'B', which has points 1 to 2",
    ]


def test_quoted_cells_over_several_lines_keep_positions(write: Write, tmp_path: Path) -> None:
    """A quoted cell may hold a line break (a name may not, so it is reported at the cell):
    later rows are still located on their own line."""
    text = 'team,band,posts\n"Two\nlines",C,1\nOps,Q,1\n'
    csv_file = tmp_path / "establishment.csv"
    assert problems(write(text)) == [
        f"{csv_file}:2:1: team: control characters (such as tabs, newlines or escapes) "
        "are not allowed",
        f"{csv_file}:{at(text, 4, 'Q')}: band: unknown band 'Q' (known: C, B)",
    ]


def test_header_problems(write: Write, tmp_path: Path) -> None:
    """Unknown, duplicate and missing columns, each named with the allowed ones."""
    text = "team,grade,team,fte\nOps,C,Ops,1\n"
    csv_file = tmp_path / "establishment.csv"
    assert problems(write(text)) == [
        f"{csv_file}:1:1: missing required column 'band' (a baseline extract needs team, "
        "band, posts)",
        f"{csv_file}:1:1: missing required column 'posts' (a baseline extract needs team, "
        "band, posts)",
        f"{csv_file}:1:6: unknown column 'grade' (allowed: team, band, posts, fte, point, "
        "ni_category, ni_relief_until, note)",
        f"{csv_file}:1:12: duplicate column 'team'",
    ]


def test_a_row_with_too_many_cells(write: Write, tmp_path: Path) -> None:
    """Cells beyond the header are refused at the first one (empty ones are tolerated)."""
    text = "team,band,posts\nOps,C,1,,\nOps,C,1,extra\n"
    assert problems(write(text)) == [
        f"{tmp_path / 'establishment.csv'}:{at(text, 3, 'extra')}: this row has 4 cells but "
        "the header has 3 columns"
    ]


def test_growth_extract_timing_is_checked_in_the_extract(write: Write, tmp_path: Path) -> None:
    """Cross-checks (start before its year, year outside the horizon, end before start) point
    at the extract's cells."""
    scenario = SCENARIO.replace("baseline_csv: establishment.csv", "growth_csv: growth.csv")
    text = (
        "team,band,posts,year,start,end\n"
        "Ops,C,1,2024/25,2024-02,\n"
        "Ops,C,1,2026/27,,\n"
        "Ops,C,1,2024/25,2024-09,2024-06\n"
    )
    csv_file = tmp_path / "growth.csv"
    assert problems(write(text, scenario, name="growth.csv")) == [
        f"{csv_file}:{at(text, 2, '2024-02')}: start: 2024-02 is before the first month of "
        "its year 2024/25 (2024-04)",
        f"{csv_file}:{at(text, 3, '2026/27')}: year: 2026/27 is outside the horizon "
        "2024/25 to 2024/25",
        f"{csv_file}:{at(text, 4, '2024-06')}: end: 2024-06 is before the line's first "
        "filled month 2024-09",
    ]


def test_growth_extract_is_costed(write: Write) -> None:
    """One post from October 2024: 6 months x 1,300 = 7,800 in year; FYE 15,600."""
    scenario = SCENARIO.replace("baseline_csv: establishment.csv", "growth_csv: growth.csv")
    path = write("team,band,posts,year,start\nOps,C,1,24/25,2024-10\n", scenario, "growth.csv")
    year = first_year(path)
    assert (year["posts_added"], year["in_year_cost"], year["full_year_effect"]) == (
        1,
        "7800.00",
        "15600.00",
    )


def test_problems_in_the_scenario_and_the_extract_come_together(
    write: Write, tmp_path: Path
) -> None:
    """A YAML problem and a CSV problem are reported in one run."""
    scenario = SCENARIO.replace("years: 1", "years: many")
    text = "team,band,posts\nOps,C,x\n"
    found = problems(write(text, scenario))
    assert found == [
        f"{tmp_path / 'scenario.yaml'}:4:8: years: Input should be a valid integer (found 'many')",
        f"{tmp_path / 'establishment.csv'}:{at(text, 2, 'x')}: posts: Input should be a valid "
        "integer (found 'x')",
    ]


def test_a_missing_extract_is_reported_at_its_key(write: Write, tmp_path: Path) -> None:
    """The scenario names a file that is not there: reported where the scenario names it."""
    path = write("team,band,posts\n", SCENARIO.replace("establishment.csv", "nowhere.csv"))
    assert problems(path) == [
        f"{tmp_path / 'scenario.yaml'}:5:15: baseline_csv: cannot find the extract "
        "'nowhere.csv' beside the scenario"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"",
            "1:1: the file is empty: expected a header row "
            "(team, band, posts, fte, point, ni_category, ni_relief_until)",
        ),
        (b"team,band,posts\nOps,\xff,1\n", "2:5: the file is not UTF-8 text (byte 0xff)"),
        (
            b"team,band,posts\nOps," + b"x" * 200_000 + b",1\n",
            "2:1: a cell is longer than 131,072 characters",
        ),
        (
            b"team,band,posts\nOps,C,1\x00\n",
            "2:7: posts: Input should be a valid integer (found '1\\x00')",
        ),
    ],
    ids=["empty", "not-utf8", "huge-cell", "nul"],
)
def test_unreadable_extracts(write: Write, tmp_path: Path, content: bytes, message: str) -> None:
    """Files that cannot be read as CSV text are reported, never a traceback."""
    assert problems(write(content)) == [f"{tmp_path / 'establishment.csv'}:{message}"]


def test_a_header_alone_is_no_lines(write: Write) -> None:
    """An extract with no rows adds nothing (and is no error)."""
    assert first_year(write("team,band,posts\n"))["posts"] == 0


def test_huge_numbers_are_not_converted(write: Write, tmp_path: Path) -> None:
    """A 5,000-digit number of posts is refused as text (int() of it would raise)."""
    text = "team,band,posts\nOps,C," + "9" * 5000 + "\n"
    (line,) = problems(write(text))
    assert line.startswith(f"{tmp_path / 'establishment.csv'}:2:7: posts: Input should be")
    assert len(line) < 300


def test_oversized_extract_is_refused(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extracts over the size limit are refused before they are read (the limit is lowered
    here to just above the YAML files' sizes, so that only the extract is over it)."""
    path = write("team,band,posts\n" + "Ops,C,1\n" * 200)
    largest_yaml = max(path.stat().st_size, (tmp_path / "rates.yaml").stat().st_size)
    monkeypatch.setattr(input_files, "MAX_FILE_BYTES", largest_yaml + 1)
    with pytest.raises(InputError) as raised:
        load_scenario(path)
    (problem,) = raised.value.problems
    assert problem.file == str(tmp_path / "establishment.csv")
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith("the file is 1,616 bytes; files over")


def test_parse_extract_keeps_row_lines() -> None:
    """The parser on its own: blank rows skipped, whole numbers as ints, other cells as text."""
    extract = parse_extract("team,band,posts,fte\n\nOps,C,2,0.5\n", "x.csv", "baseline")
    assert extract.problems == []
    assert extract.lines == [{"team": "Ops", "band": "C", "posts": 2, "fte": "0.5"}]
    assert [row.line for row in extract.rows] == [3]


def test_the_example_extract_costs() -> None:
    """scenarios/force-establishment.yaml: 139 baseline posts in its extract (the sum of the
    `posts` column), +7 in 2024/25 (1 in the YAML, 4 + 2 in the growth extract), +5, +4."""
    root = Path(__file__).resolve().parents[1]
    document = cost_json(root / "scenarios" / "force-establishment.yaml")
    years = document["years"]
    assert isinstance(years, list)
    assert [(year["posts"], year["posts_added"]) for year in years] == [
        (146, 7),
        (151, 5),
        (155, 4),
    ]
