"""Generate seeded synthetic force-scale scenarios: a YAML scenario and its CSV extracts.

The mix imitates a police force's staff establishment: many teams, most posts in the lower
bands, a spread of spinal points and part-time FTEs, growth lines with fill months spread
over each year, and some fixed-term posts. The same seed always gives the same files.

    .venv/bin/python benchmarks/generate.py --lines 10000 --out /tmp/force
    .venv/bin/python benchmarks/generate.py --lines 10000 --out /tmp/force --pull-request
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2024
RATES = "mps-police-staff"  # the bundled table, reached by name
# Spinal points per band in the bundled table (None: a salary band, no points).
BAND_POINTS: dict[str, int | None] = {
    "BB3": None,
    "A": 6,
    "B": 6,
    "C": 6,
    "D": 3,
    "E": 3,
    "F": 4,
    "G": 2,
}
# Most police staff sit in the lower bands; few in senior ones.
BAND_WEIGHTS = {"BB3": 0.5, "A": 3, "B": 8, "C": 18, "D": 28, "E": 25, "F": 12, "G": 5.5}
FTE_WEIGHTS = {"1": 74, "0.8": 8, "0.6": 5, "0.5": 6, "0.9": 3, "0.4": 2, "0.75": 2}
AREAS = [
    "Central East", "Central North", "Central South", "Central West", "East Area", "North Area",
    "North East", "North West", "South Area", "South East", "South West", "West Area",
    "Aviation", "Roads and Transport", "Royal Parks", "Parliamentary", "Met Detention",
    "Met Intelligence", "Forensics", "Digital Policing", "People Services", "Finance",
    "Commercial", "Property Services", "Professionalism", "Strategy and Governance",
    "Counter Terrorism", "Specialist Crime", "Public Order", "Frontline Policing",
    "Performance and Insight", "Contact Centre",
]  # fmt: skip
FUNCTIONS = [
    "Case Management", "Crime Recording", "Custody Support", "Data Analysis", "Finance",
    "HR Support", "Intelligence", "Investigations Support", "IT Support", "Operations Support",
    "Performance", "Planning", "Safeguarding", "Training", "Victim Care", "Vetting",
    "Property Store", "Communications", "Business Support", "Resourcing",
]  # fmt: skip
PAY_AWARDS = ["4.75%", "4.2%", "3%", "2.5%", "2.5%", "2.5%", "2%", "2%", "2%", "2%"]
BASELINE_COLUMNS = ["team", "band", "posts", "fte", "point"]
GROWTH_COLUMNS = [*BASELINE_COLUMNS, "year", "start", "end"]


@dataclass(frozen=True)
class Generated:
    """The text of a synthetic scenario and its two CSV extracts, with their row counts."""

    scenario_yaml: str
    establishment_csv: str
    growth_csv: str
    baseline_rows: list[dict[str, str]]
    growth_rows: list[dict[str, str]]


def financial_year(year: int) -> str:
    """``2024`` as ``2024/25``."""
    return f"{year}/{(year + 1) % 100:02d}"


def month_text(index: int) -> str:
    """A month index (``year * 12 + month - 1``) as ``2024-10``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _pick(rng: random.Random, weights: dict[str, float] | dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _posts(rng: random.Random) -> int:
    # Mostly single posts and small groups; now and then a large pool (call handlers).
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.85:
        return rng.randint(2, 5)
    if roll < 0.98:
        return rng.randint(6, 20)
    return rng.randint(21, 60)


def _team(rng: random.Random, teams: int) -> str:
    number = rng.randrange(teams)
    area = AREAS[number % len(AREAS)]
    function = FUNCTIONS[(number // len(AREAS)) % len(FUNCTIONS)]
    unit = number // (len(AREAS) * len(FUNCTIONS))
    return f"{area} {function}" + (f" {unit + 1}" if unit else "")


def _line(rng: random.Random, teams: int, *, growth: bool) -> dict[str, str]:
    band = _pick(rng, BAND_WEIGHTS)
    points = BAND_POINTS[band]
    point = ""
    # Growth posts mostly enter at point 1 (the default); the establishment is spread out.
    if points is not None and rng.random() < (0.3 if growth else 0.6):
        point = str(rng.randint(1, points))
    fte = _pick(rng, FTE_WEIGHTS)
    return {
        "team": _team(rng, teams),
        "band": band,
        "posts": str(_posts(rng)),
        "fte": "" if fte == "1" and rng.random() < 0.5 else fte,
        "point": point,
    }


def _growth_line(rng: random.Random, teams: int, years: int) -> dict[str, str]:
    row = _line(rng, teams, growth=True)
    year = FIRST_YEAR + rng.randrange(years)
    april = year * 12 + 3
    lag = rng.choice([0, 3, 6, 6, 8, 9, 10, 10, 11])  # about 10 months to recruit
    start = april + lag
    end = ""
    if rng.random() < 0.1:  # fixed-term posts: placements, secondments, project posts
        end = month_text(start + rng.choice([5, 11, 11, 17, 23]))
    row.update(
        {
            "year": financial_year(year),
            "start": month_text(start) if lag or rng.random() < 0.5 else "",
            "end": end,
        }
    )
    return row


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def generate(
    lines: int,
    *,
    years: int = 10,
    seed: int = 1,
    growth_share: float = 0.2,
    stem: str = "force",
    teams: int | None = None,
) -> Generated:
    """A scenario of `lines` lines over `years` financial years (a share of them growth)."""
    rng = random.Random(seed)
    teams = teams or max(1, lines // 6)
    growth_count = round(lines * growth_share)
    baseline_rows = [_line(rng, teams, growth=False) for _ in range(lines - growth_count)]
    growth_rows = [_growth_line(rng, teams, years) for _ in range(growth_count)]
    awards = "\n".join(
        f"    {financial_year(FIRST_YEAR + index)}: {PAY_AWARDS[min(index, len(PAY_AWARDS) - 1)]}"
        for index in range(years)
    )
    every_year = ", ".join(financial_year(FIRST_YEAR + index) for index in range(years))
    scenario = f"""\
# Synthetic force-scale scenario for benchmarks ({lines} lines, seed {seed}); not a real plan.
name: Synthetic force establishment ({lines} lines, seed {seed})
description: Generated by benchmarks/generate.py; a realistic mix, not real figures.
rates: {RATES}
first_year: {financial_year(FIRST_YEAR)}
years: {years}
assumptions:
  pay_awards:
{awards}
  pay_award_month: 8
  vacancy_factor: 3%
baseline_csv: {stem}-establishment.csv
growth_csv: {stem}-growth.csv
budgets:
  - name: Year 1 growth
    years: [{financial_year(FIRST_YEAR)}]
    amount: £40m
    measure: in_year
  - name: All growth, recurring
    years: [{every_year}]
    amount: £400m
    scope: growth
"""
    return Generated(
        scenario_yaml=scenario,
        establishment_csv=_csv_text(BASELINE_COLUMNS, baseline_rows),
        growth_csv=_csv_text(GROWTH_COLUMNS, growth_rows),
        baseline_rows=baseline_rows,
        growth_rows=growth_rows,
    )


def _yaml_line(row: dict[str, str]) -> str:
    cells = []
    for column, value in row.items():
        if not value:
            continue
        # Team names are quoted, as analysts write them; the rest is plain YAML.
        cells.append(f"{column}: " + (f'"{value}"' if column == "team" else value))
    return "  - {" + ", ".join(cells) + "}"


def inline_yaml(generated: Generated, stem: str) -> str:
    """The same scenario with every line written in the YAML itself (no extracts): the
    benchmark compares loading it with loading the CSV extracts."""
    scenario = generated.scenario_yaml.replace(
        f"baseline_csv: {stem}-establishment.csv\ngrowth_csv: {stem}-growth.csv\n", ""
    )
    baseline = "\n".join(_yaml_line(row) for row in generated.baseline_rows)
    growth = "\n".join(_yaml_line(row) for row in generated.growth_rows)
    return f"{scenario}baseline:\n{baseline}\ngrowth:\n{growth}\n"


def write(
    directory: Path, lines: int, *, years: int = 10, seed: int = 1, teams: int | None = None
) -> Path:
    """Write a generated scenario and its extracts into `directory`; the scenario's path.
    The same lines inline in YAML go beside it, as `force-N-inline.yaml`."""
    stem = f"force-{lines}"
    generated = generate(lines, years=years, seed=seed, stem=stem, teams=teams)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{stem}-establishment.csv").write_text(
        generated.establishment_csv, encoding="utf-8"
    )
    (directory / f"{stem}-growth.csv").write_text(generated.growth_csv, encoding="utf-8")
    scenario = directory / f"{stem}.yaml"
    scenario.write_text(generated.scenario_yaml, encoding="utf-8")
    (directory / f"{stem}-inline.yaml").write_text(inline_yaml(generated, stem), encoding="utf-8")
    return scenario


def edited(generated: Generated, lines: int, *, seed: int = 1, stem: str = "force") -> Generated:
    """The same plan after a pull request of the kind `diff` judges in CI: about 2% of the
    lines change their posts, 1% their band, 1% their fill month, 0.5% are removed and as many
    added, and one year's pay award moves - so every driver of the bridge but "other" moves."""
    rng = random.Random(seed + 1_000_003)
    teams = max(1, lines // 6)
    years = len(PAY_AWARDS)
    baseline = [dict(row) for row in generated.baseline_rows]
    growth = [dict(row) for row in generated.growth_rows]
    for rows in (baseline, growth):
        for row in rows:
            roll = rng.random()
            if roll < 0.02:
                row["posts"] = str(int(row["posts"]) + rng.choice([-1, 1, 2]) or 1)
            elif roll < 0.03:
                row["band"] = _pick(rng, BAND_WEIGHTS)
                row["point"] = ""
            elif roll < 0.04 and rows is growth and row["start"]:
                row["start"] = month_text(
                    int(row["start"][:4]) * 12 + int(row["start"][5:]) - 1 + rng.choice([1, 2])
                )
                if row["end"] and row["end"] < row["start"]:
                    row["end"] = ""
        removed = max(1, len(rows) // 200)
        for _ in range(removed):
            rows.pop(rng.randrange(len(rows)))
    growth += [_growth_line(rng, teams, years) for _ in range(max(1, len(growth) // 200))]
    baseline += [_line(rng, teams, growth=False) for _ in range(max(1, len(baseline) // 200))]
    scenario = generated.scenario_yaml.replace(
        f"    {financial_year(FIRST_YEAR + 1)}: {PAY_AWARDS[1]}",
        f"    {financial_year(FIRST_YEAR + 1)}: 4.5%",
    )
    assert scenario != generated.scenario_yaml
    return Generated(
        scenario_yaml=scenario.replace(f"{stem}-", f"{stem}-head-"),
        establishment_csv=_csv_text(BASELINE_COLUMNS, baseline),
        growth_csv=_csv_text(GROWTH_COLUMNS, growth),
        baseline_rows=baseline,
        growth_rows=growth,
    )


def write_pull_request(directory: Path, lines: int, *, seed: int = 1) -> tuple[Path, Path]:
    """Write a generated scenario and an edited copy (`edited`) beside it: BASE and HEAD of a
    `diff` at force scale, each with its extracts."""
    stem = f"force-{lines}"
    base = write(directory, lines, seed=seed)
    generated = edited(generate(lines, seed=seed, stem=stem), lines, seed=seed, stem=stem)
    (directory / f"{stem}-head-establishment.csv").write_text(
        generated.establishment_csv, encoding="utf-8"
    )
    (directory / f"{stem}-head-growth.csv").write_text(generated.growth_csv, encoding="utf-8")
    head = directory / f"{stem}-head.yaml"
    head.write_text(generated.scenario_yaml, encoding="utf-8")
    return base, head


def main() -> None:
    """Command line: write one scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--teams", type=int, help="distinct teams (default: lines / 6)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument(
        "--pull-request",
        action="store_true",
        help="also write an edited copy (force-N-head.yaml): the two sides of a diff",
    )
    options = parser.parse_args()
    if options.pull_request:
        for path in write_pull_request(options.out, options.lines, seed=options.seed):
            print(path)
        return
    print(
        write(
            options.out, options.lines, years=options.years, seed=options.seed, teams=options.teams
        )
    )


if __name__ == "__main__":
    main()
