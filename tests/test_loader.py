"""Bad input of every kind is reported at once, at FILE:LINE:COLUMN, with exit code 2."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pi_growth.cli import app
from pi_growth.load.loader import load_scenario
from pi_growth.problems import InputError

RATES = """
    name: test rates
    price_base: 2024/25
    pay_awards: {2024/25: 0, 2025/26: 0}
    bands:
      C: {salary: 12000}
      B: {points: [12000, 13200]}
      R: {annual_cost: 24000}
    on_costs:
      pension_rate: 0.2
      employer_ni:
        2024/25: {rate: 0.1, threshold: 0}
"""

GOOD = """
    name: good
    rates: rates.yaml
    first_year: 2024/25
    years: 2
    baseline:
      - {team: Ops, band: C, posts: 2}
    growth:
      - {team: Ops, band: B, posts: 1, year: 2025/26}
"""

WriteFile = Callable[[str, str], Path]


def at(text: str, needle: str, offset: int = 0) -> str:
    """LINE:COLUMN (1-based) of the one occurrence of `needle` in the file's text, found by
    searching the text itself: an independent check of the positions the loader reports."""
    body = textwrap.dedent(text).lstrip("\n")
    assert body.count(needle) == 1, f"{needle!r} must occur once"
    before = body[: body.index(needle) + offset]
    return f"{before.count(chr(10)) + 1}:{len(before) - (before.rfind(chr(10)) + 1) + 1}"


def run_cost(path: Path) -> tuple[int, str, str]:
    """Run `pi-growth cost PATH` in-process; exit code, stdout and stderr."""
    result = CliRunner().invoke(app, ["cost", str(path)])
    return result.exit_code, result.stdout, result.stderr


def error_lines(path: Path) -> list[str]:
    """The problems printed for a scenario, asserting exit 2, nothing on stdout, no traceback."""
    code, stdout, stderr = run_cost(path)
    assert code == 2, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    return stderr.splitlines()


@pytest.fixture
def scenario_with(write_file: WriteFile) -> Callable[[str], Path]:
    """Write a scenario (with the test rate table beside it) and return its path."""

    def write(text: str) -> Path:
        write_file("rates.yaml", RATES)
        return write_file("scenario.yaml", text)

    return write


def test_good_scenario_loads(scenario_with: Callable[[str], Path]) -> None:
    """The baseline for every case below: the good scenario loads and costs."""
    code, stdout, stderr = run_cost(scenario_with(GOOD))
    assert (code, stderr) == (0, "")
    assert "good" in stdout


def _budget(line: str) -> str:
    """GOOD with a budgets block (indented like GOOD, so dedenting keeps it in place)."""
    return GOOD + f"    budgets:\n      - {line}\n"


_OCTAL = GOOD.replace("posts: 2", "posts: 012")
_BASE60 = GOOD.replace("posts: 2", "posts: 1:30")
_NO = GOOD.replace("posts: 2", "posts: no")
_TYPO = GOOD.replace("band: C", "bnad: C")
_BAND = GOOD.replace("band: C", "band: Q")
_FY = GOOD.replace("first_year: 2024/25", "first_year: 2024/26")
_OUTSIDE = GOOD.replace("year: 2025/26}", "year: 2026/27}")
_EARLY = GOOD.replace("year: 2025/26}", "year: 2025/26, start: 2025-03}")
_ENDS = GOOD.replace("year: 2025/26}", "year: 2025/26, start: 2025-06, end: 2025-05}")
_POINT_SALARY = GOOD.replace("band: C, posts: 2", "band: C, posts: 2, point: 1")
_POINT_BEYOND = GOOD.replace("band: B, posts: 1", "band: B, posts: 1, point: 3")
_SCOPE = _budget("{name: B1, years: [2024/25], amount: 1, scope: everything}")
_YEARS = _budget("{name: B1, years: [2024/25, 2024/25], amount: 1}")
_MONEY = _budget("{name: B1, years: 2024/25, amount: £1.9q}")
_DUPLICATE = GOOD.replace("name: good", "name: good\n    name: again")
_TAG = GOOD.replace("name: good", "name: !!python/object/apply:os.system ['true']")
_SYNTAX = GOOD.replace("posts: 2}", "posts: [2}")
_NO_RATES = GOOD.replace("rates: rates.yaml", "rates: nowhere.yaml")

CASES = [
    (
        "wrong-type",
        GOOD.replace("years: 2", "years: zero"),
        [
            ("zero", 0, "years: Input should be a valid integer (found 'zero')"),
        ],
    ),
    (
        "typo-key",
        _TYPO,
        [
            ("{team: Ops, bnad", 0, "baseline[0]: missing required key 'band'"),
            (
                "bnad",
                0,
                "baseline[0].bnad: unknown key 'bnad': did you mean 'band'? (allowed: team, band, "
                "posts, fte, point, ni_category, ni_relief_until)",
            ),
        ],
    ),
    (
        "unknown-band",
        _BAND,
        [
            ("Q,", 0, "baseline[0].band: unknown band 'Q' (known: C, B, R)"),
        ],
    ),
    (
        "octal",
        _OCTAL,
        [
            (
                "012",
                0,
                "'012' would be read by YAML 1.1 as the octal number 10; "
                "drop the leading zero (or quote it as text)",
            ),
        ],
    ),
    (
        "base-60",
        _BASE60,
        [
            ("1:30", 0, "'1:30' would be read by YAML 1.1 as a base-60 number; quote it"),
        ],
    ),
    (
        "yaml-1.1-boolean-where-a-number-is-expected",
        _NO,
        [
            ("no}", 0, "baseline[0].posts: Input should be a valid integer (found 'no')"),
        ],
    ),
    (
        "bad-financial-year",
        _FY,
        [
            ("2024/26", 0, "first_year: '2024/26' is not a financial year; did you mean 2024/25?"),
        ],
    ),
    (
        "year-outside-horizon",
        _OUTSIDE,
        [
            ("2026/27", 0, "growth[0].year: 2026/27 is outside the horizon 2024/25 to 2025/26"),
        ],
    ),
    (
        "start-before-its-year",
        _EARLY,
        [
            (
                "2025-03",
                0,
                "growth[0].start: 2025-03 is before the first month of its year 2025/26 (2025-04)",
            ),
        ],
    ),
    (
        "end-before-start",
        _ENDS,
        [
            (
                "2025-05",
                0,
                "growth[0].end: 2025-05 is before the line's first filled month 2025-06",
            ),
        ],
    ),
    (
        "point-on-salary-band",
        _POINT_SALARY,
        [
            (
                "1}",
                0,
                "baseline[0].point: only bands with points take a point; band 'C' has a salary",
            ),
        ],
    ),
    (
        "point-beyond-spine",
        _POINT_BEYOND,
        [
            ("3,", 0, "growth[0].point: 3 is beyond band 'B', which has points 1 to 2"),
        ],
    ),
    (
        "literal-lists-allowed-values",
        _SCOPE,
        [
            (
                "everything",
                0,
                "budgets[0].scope: Input should be 'added', 'growth' or 'total' "
                "(found 'everything')",
            ),
        ],
    ),
    (
        "budget-years-not-consecutive",
        _YEARS,
        [
            (
                "[2024/25, 2024/25]",
                0,
                "budgets[0].years: must be consecutive financial years in "
                "order (found: 2024/25, 2024/25)",
            ),
        ],
    ),
    (
        "bad-money",
        _MONEY,
        [
            (
                "£1.9q",
                0,
                "budgets[0].amount: '£1.9q' is not an amount of money; "
                'write it like 1900000, "1,900,000", "£1.9m" or "250k"',
            ),
        ],
    ),
    (
        "duplicate-key",
        _DUPLICATE,
        [
            ("name: again", 0, "duplicate key 'name': the earlier value would be silently lost"),
        ],
    ),
    (
        "python-tag-refused-not-run",
        _TAG,
        [
            (
                "!!python",
                0,
                "the tag '!!python/object/apply:os.system' is not allowed: "
                "only plain YAML data is read",
            ),
        ],
    ),
    # libyaml reports an unclosed flow list where it notices: at the stray `}`.
    (
        "syntax-error",
        _SYNTAX,
        [
            (
                "[2}",
                2,
                "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'",
            ),
        ],
    ),
    (
        "missing-rate-table",
        _NO_RATES,
        [
            (
                "nowhere",
                0,
                "rates: cannot find the rate table 'nowhere.yaml': not a file beside "
                "the scenario, nor a bundled table (bundled: mps-police-staff)",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_reported_at_its_position(
    scenario_with: Callable[[str], Path], text: str, expected: list[tuple[str, int, str]]
) -> None:
    """Each kind of bad input gives exactly these FILE:LINE:COLUMN lines on stderr, exit 2."""
    path = scenario_with(text)
    assert error_lines(path) == [
        f"{path}:{at(text, needle, offset)}: {message}" for needle, offset, message in expected
    ]


def test_empty_and_non_mapping_files(scenario_with: Callable[[str], Path]) -> None:
    """A file with nothing in it, or a list at the top, is reported at its start."""
    empty = scenario_with("")
    assert error_lines(empty) == [f"{empty}:1:1: the file is empty: expected a mapping of keys"]
    listed = scenario_with("- just\n- a list\n")
    assert error_lines(listed) == [
        f"{listed}:1:1: expected a mapping of keys at the top, found list"
    ]


def test_every_problem_in_a_file_is_reported_at_once(scenario_with: Callable[[str], Path]) -> None:
    """Problems of different kinds in one file all come out in one run, in file order."""
    text = (
        GOOD.replace("years: 2", "years: 0")
        .replace("band: C", "band: Q")
        .replace("posts: 1,", "posts: 07,")
        .replace("team: Ops, band: B", "tema: Ops, band: B")
    )
    lines = error_lines(scenario_with(text))
    locations = [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in lines]
    assert locations == [
        f"scenario.yaml:{at(text, 'years: 0', 7)}",  # years: 0 is below 1
        f"scenario.yaml:{at(text, 'Q,')}",  # unknown band (checked although the file is bad)
        f"scenario.yaml:{at(text, '{tema')}",  # growth[0] misses team...
        f"scenario.yaml:{at(text, 'tema')}",  # ... and has the unknown key tema
        f"scenario.yaml:{at(text, '07')}",  # octal posts
    ]


def test_problems_in_the_rate_table_point_into_the_rate_table(write_file: WriteFile) -> None:
    """A bad rate table is reported against its own file, with the scenario's problems."""
    rates = RATES.replace("salary: 12000", "salary: 12000, wage: 1")
    write_file("rates.yaml", rates)
    scenario = GOOD.replace("years: 2", "years: -1")
    path = write_file("scenario.yaml", scenario)
    lines = error_lines(path)
    assert lines == [
        f"{path}:{at(scenario, '-1')}: years: Input should be greater than or equal to 1 "
        "(found '-1')",
        f"{path.parent / 'rates.yaml'}:{at(rates, 'wage')}: bands.C.wage: unknown key 'wage' "
        "(allowed: salary, points, annual_cost, other, loaded)",
    ]


def test_a_missing_national_insurance_year_names_the_year_and_the_file(
    write_file: WriteFile,
) -> None:
    """SPEC §2: a month that needs a FY-keyed value and has none is an error naming both."""
    rates = RATES.replace("2024/25: {rate", "2025/26: {rate")
    write_file("rates.yaml", rates)
    path = write_file("scenario.yaml", GOOD)
    lines = error_lines(path)
    # A block mapping starts on the line after its key, so the key is pointed at.
    assert lines == [
        f"{path.parent / 'rates.yaml'}:{at(rates, 'employer_ni')}: on_costs.employer_ni: "
        "no entry for 2024/25 or any earlier year, which scenario 'good' needs"
    ]


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """The position of the first bad byte is given."""
    path = tmp_path / "scenario.yaml"
    path.write_bytes(b"name: ok\nrates: \xff\n")
    assert error_lines(path) == [f"{path}:2:8: the file is not UTF-8 text (byte 0xff)"]


def test_a_missing_file(tmp_path: Path) -> None:
    """A scenario that is not there is bad input, not a crash."""
    path = tmp_path / "absent.yaml"
    assert error_lines(path) == [f"{path}:1:1: cannot read the file: No such file or directory"]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A 'billion laughs' document is refused before anything expands it (9^8 = 43M leaves)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index, name in enumerate("bcdefgh"):
        previous = "abcdefg"[index]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (message,) = error_lines(path)
    assert message.endswith(
        "aliases expand this document beyond 2,000,000 values, the most this tool reads "
        "(docs/limits.md); refused"
    )


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    """An alias inside its own anchor would make an endless structure."""
    path = tmp_path / "loop.yaml"
    path.write_text("name: &a [x, *a]\n", encoding="utf-8")
    assert error_lines(path) == [f"{path}:1:7: an alias refers to itself (a recursive structure)"]


def test_merge_keys_and_aliases_are_plain_yaml(scenario_with: Callable[[str], Path]) -> None:
    """`<<: *defaults` fills keys a line does not give, as YAML users expect."""
    text = GOOD.replace(
        "baseline:\n      - {team: Ops, band: C, posts: 2}",
        "baseline:\n      - &ops {team: Ops, band: C, posts: 2}\n      - {<<: *ops, posts: 3}",
    )
    loaded = load_scenario(scenario_with(text))
    assert [(line.team, line.band, line.posts) for line in loaded.scenario.baseline] == [
        ("Ops", "C", 2),
        ("Ops", "C", 3),
    ]


def test_yaml_floats_are_exact_and_names_stay_as_written(
    scenario_with: Callable[[str], Path],
) -> None:
    """0.1 is exactly 0.1, and a team called `No` stays 'No' (not False)."""
    text = GOOD.replace("team: Ops, band: C, posts: 2", "team: No, band: C, posts: 2, fte: 0.1")
    loaded = load_scenario(scenario_with(text))
    line = loaded.scenario.baseline[0]
    assert line.team == "No"
    assert str(line.fte) == "0.1"


def test_load_scenario_raises_input_error_with_problems(
    scenario_with: Callable[[str], Path],
) -> None:
    """The Python API raises InputError carrying the same problems the CLI prints."""
    with pytest.raises(InputError) as caught:
        load_scenario(scenario_with(GOOD.replace("band: C", "band: Q")))
    (problem,) = caught.value.problems
    assert f"{problem.line}:{problem.column}" == at(GOOD.replace("band: C", "band: Q"), "Q,")
    assert problem.message == "baseline[0].band: unknown band 'Q' (known: C, B, R)"


def test_only_the_bundled_rate_tables_are_reachable_outside_the_scenario_folder(
    write_file: WriteFile,
) -> None:
    """The exception for bundled data covers the bundled tables, not the whole checkout they
    sit in (an editable install keeps them at the top of the source tree)."""
    beside_bundled = Path(__file__).resolve().parents[1] / "pyproject.toml"
    path = write_file("scenario.yaml", GOOD.replace("rates.yaml", str(beside_bundled)))
    (message,) = error_lines(path)
    assert "leads outside the scenario's project folder" in message
    bundled_by_path = Path(__file__).resolve().parents[1] / "rates" / "mps-police-staff.yaml"
    text = GOOD.replace("rates.yaml", str(bundled_by_path)).replace("band: C", "band: D")
    text = text.replace("band: B", "band: C")
    code, _, stderr = run_cost(write_file("scenario.yaml", text))
    assert (code, stderr) == (0, "")


def test_cross_checks_run_on_the_valid_part_of_an_invalid_file(
    scenario_with: Callable[[str], Path],
) -> None:
    """A line that fails validation does not hide a timing problem on a later line, and the
    later line is reported at its own index (1), not its index among the valid lines (0)."""
    text = GOOD.replace(
        "      - {team: Ops, band: B, posts: 1, year: 2025/26}",
        "      - {team: Ops, band: B, posts: many, year: 2025/26}\n"
        "      - {team: Ops, band: B, posts: 1, year: 2026/27}",
    )
    path = scenario_with(text)
    assert error_lines(path) == [
        f"{path}:{at(text, 'many')}: growth[0].posts: Input should be a valid integer "
        "(found 'many')",
        f"{path}:{at(text, '2026/27')}: growth[1].year: 2026/27 is outside the horizon "
        "2024/25 to 2025/26",
    ]


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        pytest.param(
            ("years: 2", "years: 2\n    budgets: [{name: B, years: 2024/25, amount: 1.0e+30}]"),
            "1.0e+30",
            "budgets[0].amount: an amount of money must be between -1,000,000,000,000 and "
            "1,000,000,000,000 (docs/limits.md)",
            id="money-beyond-a-trillion",
        ),
        pytest.param(
            ("posts: 2", "posts: 10000000"),
            "10000000",
            "baseline[0].posts: Input should be less than or equal to 1000000 (found '10000000')",
            id="posts-beyond-a-million",
        ),
        pytest.param(
            ("years: 2", "years: 2\n    assumptions: {pay_awards: {2024/25: -2}}"),
            "-2",
            "assumptions.pay_awards.2024/25: Input should be greater than -1 (found '-2')",
            id="pay-cut-below-nothing",
        ),
        pytest.param(
            ("first_year: 2024/25", "first_year: 9998/99"),
            "9998/99",
            "first_year: '9998/99' is outside the years this tool costs (1900 to 2200)",
            id="year-beyond-the-calendar",
        ),
        pytest.param(
            ("team: Ops, band: C", 'team: "Ops\\e[31m", band: C'),
            '"Ops',
            "baseline[0].team: control characters (such as tabs, newlines or escapes) "
            "are not allowed",
            id="escape-sequence-in-a-name",
        ),
    ],
)
def test_values_beyond_sane_limits_are_bad_input(
    scenario_with: Callable[[str], Path], change: tuple[str, str], needle: str, message: str
) -> None:
    """Absurd figures and terminal escapes are refused at their place, never costed or echoed
    (a 10^30 amount once crashed the rounding; an escape would reach CI logs)."""
    text = GOOD.replace(*change)
    path = scenario_with(text)
    assert error_lines(path) == [f"{path}:{at(text, needle)}: {message}"]


def test_a_true_key_is_text_not_the_number_one(scenario_with: Callable[[str], Path]) -> None:
    """YAML reads `true:` as a boolean, and True == 1 in Python: it must stay the text
    `true`, so it neither collides with a key `1:` nor reads as a number."""
    text = GOOD + "    true: 1\n    1: 2\n"
    path = scenario_with(text)
    assert error_lines(path) == [
        f"{path}:{at(text, 'true:')}: true: unknown key 'true' (allowed: name, description, "
        "rates, first_year, years, assumptions, baseline, growth, baseline_csv, growth_csv, "
        "baseline_sheet, growth_sheet, budgets, expect, governance, uncertainty, teams)",
        f"{path}:{at(text, '1: 2')}: [1]: Keys should be strings (found '1')",
    ]


def test_rate_table_alone_must_cover_its_price_base(write_file: WriteFile) -> None:
    """`pi-growth rates TABLE` prices the price base: NI starting later is bad input, not a
    crash of the reckoner."""
    rates = RATES.replace("2024/25: {rate", "2025/26: {rate")
    path = write_file("rates.yaml", rates)
    result = CliRunner().invoke(app, ["rates", str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{path}:{at(rates, 'employer_ni')}: on_costs.employer_ni: no entry for 2024/25 or any "
        "earlier year, which its price base needs (the ready reckoner prices it)"
    ]


def test_on_costs_must_cover_the_horizon_even_for_loaded_cost_lines(
    write_file: WriteFile,
) -> None:
    """A scenario with only `annual_cost` lines still gets a reckoner of every band (in the
    workbook, and from `rates`): the table's pay bands must be priceable in every year."""
    write_file("rates.yaml", RATES.replace("2024/25: {rate", "2025/26: {rate"))
    scenario = GOOD.replace("band: C", "band: R").replace("band: B", "band: R")
    path = write_file("scenario.yaml", scenario)
    (message,) = error_lines(path)
    assert message.endswith(
        "on_costs.employer_ni: no entry for 2024/25 or any earlier year, which scenario 'good' "
        "needs"
    )
