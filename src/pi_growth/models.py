"""Input models for rate tables and scenarios (SPEC §2-§3): frozen, typo-proof, exact."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

from pi_growth.periods import (
    first_month_of,
    parse_financial_year,
    parse_money,
    parse_month,
    parse_rate,
)
from pi_growth.text_safety import name_problem, prose_problem

_FY_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^(?:[Ff][Yy]\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})$",
    "description": "A financial year, 1 April to 31 March: 2024/25 "
    "(also 24/25, 2024-25, FY2024/25).",
    "examples": ["2024/25"],
}
_MONEY_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^-?\s*£?\s*-?[0-9.,]+\s*([kKmMbB][nN]?)?$"},
    ],
    "description": 'Pounds: a number, or text such as "£1.9m", "1,900,000" or "250k".',
}
_RATE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[-+]?[0-9.]+([eE][-+]?[0-9]+)?\s*%?\s*$"},
    ],
    "description": 'A fraction (0.0475) or a percentage ("4.75%").',
}
_MONTH_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{4}-\d{1,2}(-\d{1,2})?$",
    "description": "A calendar month, 2024-10 "
    "(a date such as 2024-10-01 is accepted; the day is ignored).",
}

FinancialYear = Annotated[int, BeforeValidator(parse_financial_year), WithJsonSchema(_FY_SCHEMA)]
# `later` in a scenario's pay_awards: the award for every FY after the last one named (SPEC §8).
LATER: Final = "later"


def _parse_award_key(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() == LATER:
        return LATER
    return parse_financial_year(value)


AwardKey = Annotated[
    int | Literal["later"],
    BeforeValidator(_parse_award_key),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(?:later|(?:[Ff][Yy]\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4}))$",
            "description": "A financial year (2024/25), or `later`: every FY after the last "
            "one named in the rate table or the scenario.",
        }
    ),
]
Money = Annotated[Decimal, BeforeValidator(parse_money), WithJsonSchema(_MONEY_SCHEMA)]
Rate = Annotated[Decimal, BeforeValidator(parse_rate), WithJsonSchema(_RATE_SCHEMA)]
Month = Annotated[int, BeforeValidator(parse_month), WithJsonSchema(_MONTH_SCHEMA)]
WholeNumber = Annotated[int, Strict()]
# Sane limits keep every figure far inside exact decimal arithmetic: a trillion pounds per
# amount and a million posts per line are beyond any workforce plan.
MAX_MONEY = 10**12
MAX_POSTS = 1_000_000
NonNegativeMoney = Annotated[Money, Field(ge=0, le=MAX_MONEY)]
Fraction = Annotated[Rate, Field(ge=0, le=1)]
CalendarMonthNumber = Annotated[WholeNumber, Field(ge=1, le=12)]


def _single_line(text: str) -> str:
    problem = name_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _printable(text: str) -> str:
    problem = prose_problem(text)
    if problem:
        raise ValueError(problem)
    return text


# Names shown in tables, CSV and terminals: one line, no control characters (an escape
# sequence in a team name would reach CI logs and terminals as a command).
Text = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
# A file a scenario names: one line; its length is judged where it is resolved (references).
FileReference = Annotated[str, Field(min_length=1), AfterValidator(_single_line)]
# Free text (descriptions, notes, sources): newlines and tabs allowed, other controls not.
Prose = Annotated[str, Field(max_length=10_000), AfterValidator(_printable)]

# A flat pension rate "applies from the beginning of time": stored under the earliest
# financial year we accept, so that "the entry of the latest FY <= y" finds it for every y.
ALWAYS = 1900


class Model(BaseModel):
    """Shared settings: immutable, and unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# An award is an uplift: above -100% (a pay cut at most to nothing) and at most +100%.
AwardRate = Annotated[Rate, Field(gt=-1, le=1)]

# --- rate tables (SPEC §2) ---------------------------------------------------------------


class Band(Model):
    """How one pay band is priced: a salary, a pay spine of points, or a loaded annual cost."""

    salary: NonNegativeMoney | None = None
    points: Annotated[list[NonNegativeMoney], Field(min_length=1)] | None = None
    annual_cost: NonNegativeMoney | None = None
    other: NonNegativeMoney = Field(
        default=Decimal(0), description="Annual non-pay cost per FTE, never uplifted."
    )
    loaded: bool = Field(
        default=False,
        description="With points: each point is a fully loaded annual cost per FTE (a ready "
        "reckoner's, SPEC §8), costed as annual_cost is, moving up on increments.",
    )

    @model_validator(mode="after")
    def _exactly_one_pricing(self) -> Band:
        given = [
            name for name in ("salary", "points", "annual_cost") if getattr(self, name) is not None
        ]
        if len(given) != 1:
            shown = ", ".join(given) if given else "none"
            raise ValueError(
                f"a band needs exactly one of salary, points or annual_cost (found: {shown})"
            )
        if self.loaded and self.points is None:
            raise ValueError("loaded applies to points (an annual_cost is loaded already)")
        return self

    @property
    def is_pay_band(self) -> bool:
        """True for `salary` and `points` bands, which take allowances and on-costs (not for
        loaded costs: `annual_cost`, or points that are `loaded`)."""
        return self.annual_cost is None and not self.loaded

    def loaded_cost(self, point: int) -> Decimal | None:
        """The fully loaded annual cost per FTE at `point` (1-based), or None for a pay band."""
        if self.annual_cost is not None:
            return self.annual_cost
        if self.loaded and self.points is not None:
            return self.points[point - 1]
        return None


class Allowance(Model):
    """An amount per FTE paid on top of salary to every pay band."""

    name: Text
    amount: NonNegativeMoney
    pensionable: bool
    uplifted: bool = True


class PensionTier(Model):
    """One tier of a banded pension rate: the rate for annual pensionable pay up to `up_to`."""

    up_to: NonNegativeMoney | None = None
    rate: Fraction


def _check_tiers(tiers: list[PensionTier]) -> list[PensionTier]:
    if tiers[-1].up_to is not None:
        raise ValueError("the last pension tier must have no up_to (it covers all pay above)")
    bounds = [tier.up_to for tier in tiers[:-1]]
    if any(bound is None for bound in bounds):
        raise ValueError("every pension tier but the last needs up_to")
    if any(a >= b for a, b in pairwise(bounds)):  # type: ignore[operator]
        raise ValueError("pension tiers' up_to must rise")
    return tiers


PensionTiers = Annotated[list[PensionTier], Field(min_length=1), AfterValidator(_check_tiers)]


def _normalise_pension_rate(value: object) -> object:
    """Accept a rate, a list of tiers, or FY -> either; hold them all as FY -> tiers."""
    if isinstance(value, dict):
        return {year: _as_tiers(entry) for year, entry in value.items()}
    return {f"{ALWAYS}/{(ALWAYS + 1) % 100:02d}": _as_tiers(value)}


def _as_tiers(value: object) -> object:
    return value if isinstance(value, list) else [{"rate": value}]


_PENSION_SCHEMA: dict[str, Any] = {
    "description": "A rate; a list of tiers [{up_to, rate}, ..., {rate}]; or FY -> either.",
}

PensionSchedule = Annotated[
    dict[FinancialYear, PensionTiers],
    BeforeValidator(_normalise_pension_rate),
    WithJsonSchema(_PENSION_SCHEMA),
]


class EmployerNi(Model):
    """Class 1 secondary National Insurance for a financial year."""

    rate: Fraction
    threshold: NonNegativeMoney
    monthly_threshold: NonNegativeMoney | None = None
    upper_secondary_threshold: NonNegativeMoney | None = Field(
        default=None,
        description="The Upper Secondary Threshold (annual; the same figure is the Apprentice "
        "UST): relieved lines pay 0% NI up to it (SPEC §11).",
    )
    monthly_upper_secondary_threshold: NonNegativeMoney | None = Field(
        default=None, description="The monthly UST as HMRC publishes it (default: annual / 12)."
    )

    @property
    def threshold_per_month(self) -> Decimal:
        """The monthly secondary threshold: as given, or the annual threshold / 12."""
        return self.monthly_threshold if self.monthly_threshold is not None else self.threshold / 12

    @property
    def upper_threshold_per_month(self) -> Decimal | None:
        """The monthly Upper Secondary Threshold: as given, or the annual one / 12; None when
        the entry has none (a relieved line in its year is then an input error)."""
        if self.monthly_upper_secondary_threshold is not None:
            return self.monthly_upper_secondary_threshold
        if self.upper_secondary_threshold is not None:
            return self.upper_secondary_threshold / 12
        return None


class OnCosts(Model):
    """Employer on-costs on pay: pension, National Insurance, apprenticeship levy."""

    pension_rate: PensionSchedule
    apprenticeship_levy_rate: Fraction = Decimal(0)
    salary_sacrifice_rate: Fraction = Decimal(0)
    employer_ni: dict[FinancialYear, EmployerNi]


class RateTable(Model):
    """Prices for each pay band, with allowances and on-costs (SPEC §2)."""

    name: Text
    price_base: FinancialYear = Field(
        description="The amounts are the rates in force on 1 April of this FY."
    )
    pay_award_month: CalendarMonthNumber = 4
    source: Prose | None = None
    bands: Annotated[dict[Text, Band], Field(min_length=1)]
    bands_file: FileReference | None = Field(
        default=None,
        description="A ready reckoner, CSV or XLSX, relative to this file: columns band, point "
        "(optional), annual_cost, other (optional); its rows are further bands (SPEC §8).",
    )
    sheet: Text | None = Field(
        default=None, description="The worksheet of an XLSX bands_file (default: the first)."
    )
    allowances: list[Allowance] = Field(default_factory=list)
    on_costs: OnCosts | None = None
    pay_awards: dict[FinancialYear, AwardRate] = Field(
        default_factory=dict,
        description="FY -> the pay award made in it since the price base (SPEC §8), each with "
        "its source in a comment; an award not found is marked there as an assumption.",
    )

    @model_validator(mode="after")
    def _on_costs_for_pay_bands(self) -> RateTable:
        if self.on_costs is None and any(band.is_pay_band for band in self.bands.values()):
            raise ValueError("on_costs is required when any band has salary or points")
        return self


# --- scenarios (SPEC §3) -----------------------------------------------------------------


class Assumptions(Model):
    """The assumptions that drive the numbers beyond the rate table."""

    pay_awards: dict[AwardKey, AwardRate] = Field(
        default_factory=dict,
        description="FY -> planning assumption for that year's award, overriding the rate "
        "table's; `later` -> the award for every FY after the last one named.",
    )
    pay_award_month: CalendarMonthNumber | None = None
    vacancy_factor: Annotated[Rate, Field(ge=0, lt=1)] = Decimal(0)
    fill_lag_months: Annotated[WholeNumber, Field(ge=0, le=600)] = 0

    @property
    def named_pay_awards(self) -> dict[int, Decimal]:
        """The awards stated for named financial years (without `later`)."""
        return {year: rate for year, rate in self.pay_awards.items() if isinstance(year, int)}

    @property
    def later_pay_award(self) -> Decimal | None:
        """The award for every FY after the last one named, when `later` is given."""
        return self.pay_awards.get(LATER)


# Employer NI categories (SPEC §11): `under_21` (HMRC letter M) and `apprentice_under_25`
# (letter H) pay 0% Class 1 secondary NI up to the Upper Secondary Threshold while relieved.
NiCategory = Literal["standard", "under_21", "apprentice_under_25"]
NI_CATEGORY_WORDS: dict[str, str] = {
    "standard": "standard",
    "under_21": "under 21 (category M)",
    "apprentice_under_25": "apprentice under 25 (category H)",
}


class Line(Model):
    """A number of identical posts in one team and pay band."""

    team: Text
    band: Text
    posts: Annotated[WholeNumber, Field(ge=1, le=MAX_POSTS)]
    fte: Annotated[Rate, Field(gt=0, le=1)] = Decimal(1)
    point: Annotated[WholeNumber, Field(ge=1)] | None = None
    ni_category: NiCategory = Field(
        default="standard",
        description="Employer NI category: under_21 and apprentice_under_25 pay no NI up to "
        "the Upper Secondary Threshold until ni_relief_until (SPEC §11).",
    )
    ni_relief_until: Month | None = Field(
        default=None,
        description="The last month the NI relief applies (default: the line's end).",
    )

    @property
    def relieved(self) -> bool:
        """True for a line in a relieved NI category (under 21, apprentice under 25)."""
        return self.ni_category != "standard"

    @property
    def relief_until(self) -> int | None:
        """The last month relieved: `ni_relief_until`, else the line's end; None when the line
        is not relieved (validation makes sure a relieved line has one or the other)."""
        if not self.relieved:
            return None
        if self.ni_relief_until is not None:
            return self.ni_relief_until
        return getattr(self, "end", None)


class BaselineLine(Line):
    """Posts in the establishment before the first year, filled throughout the horizon."""


class GrowthLine(Line):
    """Posts added to the establishment in `year`, filled from `start` to `end`."""

    year: FinancialYear
    start: Month | None = None
    end: Month | None = None


def _whole_pence(amount: Decimal) -> Decimal:
    # An envelope is an amount of money someone agreed: a fraction of a penny is a typo, and
    # would make "within" depend on digits no report shows (SPEC §8).
    if (amount * 100) % 1:
        raise ValueError(f"an amount is whole pence; {amount} has a fraction of a penny")
    return amount


def _one_or_more(value: object) -> object:
    return value if isinstance(value, list) else [value]


class Budget(Model):
    """An envelope of funding held against the cost of some lines over some years."""

    name: Text
    years: Annotated[
        list[FinancialYear],
        Field(min_length=1),
        BeforeValidator(_one_or_more),
        WithJsonSchema(
            {"anyOf": [_FY_SCHEMA, {"type": "array", "items": _FY_SCHEMA, "minItems": 1}]}
        ),
    ]
    amount: Annotated[NonNegativeMoney, AfterValidator(_whole_pence)]
    measure: Literal["full_year_effect", "in_year"] = "full_year_effect"
    scope: Literal["added", "growth", "total"] = "added"
    status: Prose | None = None
    price_base: FinancialYear | None = Field(
        default=None,
        description="The prices the amount was set at (SPEC §8): the pay of this FY before its "
        "own award, with its on-costs. The budget is then judged at those prices, with the "
        "outturn cost and the price effects beside it.",
    )


class Bound(Model):
    """Limits a money figure must keep to: at least, at most, or both (inclusive)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    at_least: Money | None = None
    at_most: Money | None = None

    @model_validator(mode="after")
    def _some_limit(self) -> Bound:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give at_least, at_most or both")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError("at_least is above at_most, so nothing could meet both")
        return self


PostCount = Annotated[WholeNumber, Field(ge=0)]


class Expectations(Model):
    """Assertions about the costed plan, like a ledger's balance assertions (`pi-growth check`)."""

    posts: dict[FinancialYear, PostCount] = Field(
        default_factory=dict, description="FY -> posts in the establishment at its end, exactly."
    )
    posts_added: dict[FinancialYear, PostCount] = Field(
        default_factory=dict, description="FY -> posts added in it, exactly."
    )
    in_year_cost: dict[FinancialYear, Bound] = Field(
        default_factory=dict, description="FY -> limits on its in-year cost."
    )
    full_year_effect: dict[FinancialYear, Bound] = Field(
        default_factory=dict, description="FY -> limits on the full-year effect at its end."
    )
    growth_in_year_cost: dict[FinancialYear, Bound] = Field(
        default_factory=dict, description="FY -> limits on the growth lines' in-year cost."
    )
    growth_full_year_effect: dict[FinancialYear, Bound] = Field(
        default_factory=dict, description="FY -> limits on the growth lines' full-year effect."
    )
    budgets_within: Literal["all"] | list[Text] = Field(
        default_factory=list,
        description='Budget names that must be within their amount, or "all".',
    )


class ApprovalThreshold(Model):
    """A level of spend at and above which a body must approve (a scheme of delegation)."""

    amount: NonNegativeMoney = Field(description="Pounds: spend of this much or more needs it.")
    body: Text = Field(description="Who approves, as reports name it: DMPC.")


class Governance(Model):
    """Who must approve the plan and its envelopes: information for reports, never a failure."""

    approval_thresholds: list[ApprovalThreshold] = Field(
        default_factory=list,
        description="Each budget whose amount, and the plan whose total growth in-year cost "
        "over the horizon, reaches a threshold is flagged with the highest it reaches.",
    )


class Triangle(Model):
    """A triangular distribution: least, most likely and greatest value (all may be equal)."""

    min: Rate
    likely: Rate
    max: Rate

    @model_validator(mode="after")
    def _ordered(self) -> Triangle:
        if not self.min <= self.likely <= self.max:
            raise ValueError("needs min <= likely <= max")
        return self


def _six_places(triangle: Triangle) -> Triangle:
    # Draws are rounded to 6 decimal places (SPEC §9): bounds on that grid stay bounds.
    values = (triangle.min, triangle.likely, triangle.max)
    if any(int(value.normalize().as_tuple().exponent) < -6 for value in values):
        raise ValueError("give each value to at most 6 decimal places (0.0001%)")
    return triangle


AwardRange = Annotated[Triangle, AfterValidator(_six_places)]


class DelayRange(Triangle):
    """Months added to the start of each growth line it covers: all, or one band or team."""

    band: Text | None = None
    team: Text | None = None

    @model_validator(mode="after")
    def _months(self) -> DelayRange:
        if self.min < -24 or self.max > 60:
            raise ValueError("fill delays must lie from -24 to 60 months")
        return self


class Uncertainty(Model):
    """Uncertain inputs as triangular ranges (SPEC §9): `simulate` samples them; `likely` is
    used only there, `cost` and `solve` keep the scenario's own values."""

    fill_delay_months: DelayRange | Annotated[list[DelayRange], Field(min_length=1)] | None = Field(
        default=None,
        description="A range for every growth line, or a list of ranges each for a band or "
        "team (the first that matches a line applies).",
    )
    pay_awards: dict[FinancialYear, AwardRange] = Field(
        default_factory=dict, description="FY -> the range of its pay award."
    )
    vacancy_factor: Annotated[Triangle, AfterValidator(_six_places)] | None = None

    @property
    def delay_ranges(self) -> list[DelayRange]:
        """The delay ranges, in order (one range stands for all growth lines)."""
        delays = self.fill_delay_months
        if delays is None:
            return []
        return delays if isinstance(delays, list) else [delays]

    @model_validator(mode="after")
    def _sane(self) -> Uncertainty:
        if any(r.min <= -1 or r.max > 1 for r in self.pay_awards.values()):
            raise ValueError("pay award ranges must lie above -100% and at most 100%")
        vacancy = self.vacancy_factor
        if vacancy is not None and (vacancy.min < 0 or vacancy.max >= 1):
            raise ValueError("the vacancy factor's range must lie from 0 to below 1")
        return self


class TeamRestructure(Model):
    """A team that becomes another during a year (restructured, renamed or merged into it)."""

    becomes: Text = Field(description="The team it becomes: a new name, or a team it joins.")
    in_year: FinancialYear = Field(
        alias="in",
        description="The financial year of the restructure: from its end the posts are the "
        "new team's.",
    )


class Scenario(Model):
    """A workforce plan: the posts a team has, the posts it adds, and its budgets (SPEC §3)."""

    name: Text
    description: Prose | None = None
    rates: FileReference = Field(
        description="A rate table: a path relative to this file, or a bundled table's name."
    )
    first_year: FinancialYear
    years: Annotated[WholeNumber, Field(ge=1, le=50)]
    assumptions: Assumptions = Field(default_factory=Assumptions)
    baseline: list[BaselineLine] = Field(default_factory=list)
    growth: list[GrowthLine] = Field(default_factory=list)
    baseline_csv: FileReference | None = Field(
        default=None,
        description="A CSV or XLSX extract (columns team, band, posts, fte, point; relative to "
        "this file) whose rows are further baseline lines: see docs/establishment-csv.md.",
    )
    growth_csv: FileReference | None = Field(
        default=None,
        description="A CSV or XLSX extract (baseline columns plus year, start, end) whose rows "
        "are further growth lines.",
    )
    baseline_sheet: Text | None = Field(
        default=None,
        description="The worksheet of an XLSX baseline extract (default: the first sheet).",
    )
    growth_sheet: Text | None = Field(
        default=None,
        description="The worksheet of an XLSX growth extract (default: the first sheet).",
    )
    budgets: list[Budget] = Field(default_factory=list)
    expect: Expectations | None = Field(
        default=None, description="Assertions that `pi-growth check` holds (optional)."
    )
    governance: Governance | None = Field(
        default=None,
        description="Approval thresholds (who must approve what) reported by every format.",
    )
    uncertainty: Uncertainty | None = Field(
        default=None, description="Ranges for `pi-growth simulate` and `sensitivity` (optional)."
    )
    teams: dict[Text, TeamRestructure] = Field(
        default_factory=dict,
        description="Team -> its restructure: {Local Policing: {becomes: Community Focus, "
        "in: 2024/25}}. Lines keep the team they name; `pi-growth org` shows the new structure.",
    )

    @property
    def horizon(self) -> range:
        """The financial years costed, as the years they start in."""
        return range(self.first_year, self.first_year + self.years)

    def fill_month(self, line: GrowthLine) -> int:
        """The month a growth line is first filled: its `start`, or its year's April plus
        this scenario's fill lag."""
        if line.start is not None:
            return line.start
        return first_month_of(line.year) + self.assumptions.fill_lag_months
