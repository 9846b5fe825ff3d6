"""`pi-growth init [DIR]`: a commented starter plan, so `init`, `check`, `cost` works at once.

The scenario is small on purpose -- a team of four, two posts added in one year, one
envelope, the bundled rate table by name -- and says on each line what to change. With
`--rates`, a rate table template beside it, valid as written, to fill in with a force's own
figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pi_growth.commands.common import EXIT_BAD_INPUT, EXIT_OK

SCENARIO_NAME = "scenario.yaml"
RATES_NAME = "rates.yaml"

SCENARIO = """\
# A workforce growth plan for pi-growth: the posts a team has, the posts it adds each
# financial year, and the budget envelope they are held against. Edit it, then:
#   pi-growth check scenario.yaml     # every envelope and expectation held? (exit 0/1/2)
#   pi-growth cost scenario.yaml      # each year's posts, in-year cost and full-year effect
# Every key is in pi-growth's README ("Scenario files"); editors check a scenario as you
# type with the schema `pi-growth schema -o scenario.schema.json` writes.

name: My team's growth plan          # shown at the top of every report
description: >-
  What the plan is for, and where its figures come from.

# The rate table that prices each pay band: a bundled table by name, or a file beside this
# one (`rates: rates.yaml`; `pi-growth init --rates` writes a template to fill in).
rates: mps-police-staff{rates_hint}

first_year: 2027/28                  # financial years run 1 April to 31 March
years: 2                             # how many years to cost (1 to 50)

assumptions:
  # The rate table holds the pay awards made so far; say what you assume for later years
  # ("3%", 0.03 or 0 all work). `later` covers every year after the last one named.
  pay_awards: {{later: 3%}}
  vacancy_factor: 0%                 # share of in-year cost not spent on vacant posts
  fill_lag_months: 3                 # months from the start of a growth year to a post filled

# Posts in the team before first_year, filled all along. `point` is the pay point on the
# band's spine (default: its top); `fte` each post's working time (default 1).
baseline:
  - {{team: Analysis, band: C, posts: 3}}
  - {{team: Analysis, band: B, posts: 1}}

# Posts added: filled from `start` (default: April of `year` plus fill_lag_months), at
# point 1 of the band unless `point` says otherwise.
growth:
  - {{team: Analysis, band: D, posts: 2, year: 2027/28}}

# What the plan is held against. `measure`: full_year_effect (the recurring cost at the
# year end, the usual test) or in_year; `scope`: added (the posts added in its years),
# growth or total.
budgets:
  - name: Growth funding
    years: [2027/28]
    amount: £150k
    measure: full_year_effect
    scope: added
    status: agreed                   # free text shown in reports

# Assertions `pi-growth check` holds (optional): posts at a year end, cost limits, envelopes.
expect:
  posts: {{2027/28: 6}}
  budgets_within: all
"""

RATES_HINT = "           # or: rates.yaml (the template beside this file)"

RATES = """\
# A rate table for pi-growth: what one full-time post costs in each pay band. The figures
# below are PLACEHOLDERS, valid as written so that every command runs: replace each with
# your organisation's own, and say where it comes from in a comment beside it.
# Then point a scenario at it with `rates: rates.yaml` and run `pi-growth rates rates.yaml`
# to see the ready reckoner it gives.

name: My organisation's staff pay bands (PLACEHOLDER figures)
price_base: 2025/26          # the amounts are the rates in force on 1 April of this year
pay_award_month: 4           # the month each year's pay award takes effect (4 = April)
source: "where the figures come from (pay policy, payroll, HMRC, the pension scheme)"

# Awards made since price_base, by financial year; a scenario adds its own assumptions.
pay_awards:
  2025/26: 0%                # PLACEHOLDER: the award made in 2025/26, if any

bands:                       # each band: `salary`, a spine of `points`, or an `annual_cost`
  B: {points: [47000, 49000, 51000, 53000]}   # PLACEHOLDER pay spine, £ a year per FTE
  C: {points: [36000, 37500, 39000, 40500]}   # PLACEHOLDER
  D: {points: [29000, 30000, 31000]}          # PLACEHOLDER
  # R: {annual_cost: 58000}  # a ready reckoner's fully loaded cost per FTE, if that is what
  #                          # you hold (no on-costs are added to it)

allowances:                  # paid per FTE on top of salary, to every salary or points band
  - {name: Location allowance, amount: 2000, pensionable: true}   # PLACEHOLDER

on_costs:
  pension_rate: 0.2897       # PLACEHOLDER: the employer pension contribution rate
  apprenticeship_levy_rate: 0.005
  employer_ni:               # by financial year: Class 1 secondary rate and annual threshold
    2025/26: {rate: 0.15, threshold: 5000}
"""


def starter_scenario(*, with_rates: bool) -> str:
    """The starter scenario's text (mentioning the rate table template when there is one)."""
    return SCENARIO.format(rates_hint=RATES_HINT if with_rates else "")


def run_init(folder: Path | None, *, with_rates: bool = False) -> int:
    """Write the starter files into `folder` (made if missing; the current folder by default),
    never over an existing file; an exit code."""
    target = folder if folder is not None else Path()
    files = {SCENARIO_NAME: starter_scenario(with_rates=with_rates)}
    if with_rates:
        files[RATES_NAME] = RATES
    existing = [name for name in files if (target / name).exists()]
    if existing:
        for name in existing:
            print(f"{target / name}: already exists; not overwritten", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            with (target / name).open("x", encoding="utf-8") as stream:
                stream.write(text)
    except OSError as error:
        print(f"{target}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    shown = "" if folder is None or str(folder) in ("", ".") else f"cd {folder} && "
    written = " and ".join(str(target / name) for name in files)
    print(f"Wrote {written}. Next:")
    print(f"  {shown}pi-growth check {SCENARIO_NAME} && pi-growth cost {SCENARIO_NAME}")
    return EXIT_OK
