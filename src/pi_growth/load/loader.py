"""Load scenarios and rate tables from files: YAML with positions, validation, cross-checks.

This is the edge where files become validated models. Every problem in the inputs is
collected and raised at once as an InputError, each at its FILE:LINE:COLUMN.
"""

from __future__ import annotations

import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pi_growth.load.csv_source import with_extracts
from pi_growth.load.reckoner_file import with_bands_file
from pi_growth.load.references import References, display_path
from pi_growth.load.suggestions import did_you_mean, percent_hint
from pi_growth.load.validation import check_band, check_rate_table_years, cross_check
from pi_growth.load.yaml_source import Location, YamlDocument, format_location, load_yaml
from pi_growth.models import (
    Assumptions,
    BaselineLine,
    Budget,
    Governance,
    GrowthLine,
    RateTable,
    Scenario,
    TeamRestructure,
)
from pi_growth.pay_awards import gap_message, missing_pay_awards
from pi_growth.periods import parse_financial_year
from pi_growth.problems import InputError, Problem, quote_token
from pi_growth.text_safety import shown_file_name

BUNDLED_SCENARIO = "pi-growth"
M = typing.TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its rate table, and where each came from."""

    scenario: Scenario
    rates: RateTable
    scenario_file: str
    rates_file: str
    # Not errors, but what a costing command prints on stderr all the same, located in the
    # scenario: the years with no pay award (SPEC §8); `check` counts them as failures.
    warnings: tuple[Problem, ...] = ()


def data_directory() -> Path:
    """Where the bundled rate tables and scenarios are: inside the installed package, or at
    the top of a source checkout (an editable install ships no copy)."""
    packaged = Path(__file__).resolve().parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]


BUNDLED = " (bundled)"


def shown_name(path: Path, given: str | None = None) -> str:
    """How outputs and messages name a file: a bundled table or scenario by its name
    (`mps-police-staff (bundled)`), never by where the package is installed; any other file
    as the user wrote it (`given`), else relative to here. In a source checkout a bundled file
    the user names by its path keeps that path."""
    resolved = path.resolve()
    data = data_directory()
    installed = resolved.is_relative_to(Path(__file__).resolve().parents[1] / "data")
    if resolved.parent in (data / "rates", data / "scenarios") and (given is None or installed):
        return f"{resolved.stem}{BUNDLED}"
    # As the user wrote it, with a newline or a bidi control in the name escaped.
    return shown_file_name(given) if given is not None else display_path(path)


def bundled_by_name(reference: str, folder: str) -> Path | None:
    """The bundled file `reference` names (`mps-police-staff`, with or without .yaml) in
    `folder` (rates or scenarios), or None: a name, never a path."""
    name = reference.removesuffix(".yaml").removesuffix(".yml")
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    bundled = data_directory() / folder / f"{name}.yaml"
    return bundled if bundled.is_file() else None


def named_file(path: Path, folders: tuple[str, ...]) -> tuple[Path, str]:
    """The file a command-line argument names, and how to show it: the file itself when there
    is one, else a bundled file of that name (`pi-growth rates mps-police-staff`)."""
    if not path.exists():
        for folder in folders:
            bundled = bundled_by_name(str(path), folder)
            if bundled is not None:
                return bundled, shown_name(bundled)
    return path, shown_name(path, str(path))


def bundled_scenario_path() -> Path:
    """The bundled P&I growth scenario."""
    return data_directory() / "scenarios" / f"{BUNDLED_SCENARIO}.yaml"


def bundled_rate_tables() -> list[str]:
    """The names of the bundled rate tables, usable as `rates:` in any scenario."""
    return sorted(path.stem for path in (data_directory() / "rates").glob("*.yaml"))


def load_scenario(
    path: str | Path | None = None,
    *,
    allow_outside_paths: bool | None = None,
    root: Path | None = None,
) -> LoadedScenario:
    """Load and validate a scenario and its rate table (the bundled plan when `path` is None).

    The files it names must lie inside its repository, or its folder when it is in none (see
    `references`), unless `allow_outside_paths` (default: the environment variable
    PI_GROWTH_ALLOW_OUTSIDE_PATHS); `root` names that repository instead.
    """
    loaded, _ = load_scenario_and_document(path, allow_outside_paths=allow_outside_paths, root=root)
    return loaded


def load_scenario_and_document(
    path: str | Path | None = None,
    *,
    allow_outside_paths: bool | None = None,
    root: Path | None = None,
    parsed: YamlDocument | None = None,
) -> tuple[LoadedScenario, YamlDocument]:
    """`load_scenario`, with the scenario's parsed file too (its extracts' lines merged in),
    for a caller that reports at a position in it (`pi-growth check`) without reading it again.
    `parsed` is the scenario file when the caller has already read it (named as `path`).
    """
    if path is None:
        scenario_path = bundled_scenario_path()
        display = shown_name(scenario_path)
    else:
        scenario_path, display = named_file(Path(path), ("scenarios",))
    references = References.for_scenario(
        scenario_path,
        allow_outside=allow_outside_paths,
        root=root,
        bundled=data_directory() / "rates",
    )
    if parsed is None:
        parsed = load_yaml(scenario_path, display)
    document = with_extracts(parsed, references)
    problems: list[Problem] = list(document.problems)
    scenario = _validate(Scenario, document, problems)

    rates: RateTable | None = None
    rates_display = ""
    reference = document.data.get("rates") if isinstance(document.data, dict) else None
    if isinstance(reference, str) and reference.strip():
        refusal = references.refusal(reference.strip())
        rates_path = None if refusal else _resolve_rates(reference.strip(), scenario_path)
        if refusal:
            problems.append(document.problem(("rates",), refusal))
        elif rates_path is None:
            known = ", ".join(bundled_rate_tables()) or "none"
            problems.append(
                document.problem(
                    ("rates",),
                    f"cannot find the rate table {quote_token(reference)}: not a file beside the "
                    f"scenario, nor a bundled table (bundled: {known})",
                )
            )
        else:
            rates_display = shown_name(rates_path)
            rates_document: YamlDocument | None = None
            try:
                rates_document = with_bands_file(
                    load_yaml(rates_path, rates_display), rates_path, references
                )
            except InputError as error:
                problems += error.problems
            if rates_document is not None:
                problems += rates_document.problems
                rates = _validate(RateTable, rates_document, problems)
                if rates is not None:
                    # An invalid scenario is still cross-checked as far as it is valid, so
                    # that one run reports every problem in the file.
                    checked = (scenario, {}) if scenario is not None else _valid_part(document)
                    if checked is None:
                        problems += _check_valid_lines(document, rates)
                    else:
                        valid, kept = checked
                        for finding in cross_check(valid, rates):
                            where = document if finding.source == "scenario" else rates_document
                            location = _original_location(finding.location, kept)
                            if finding.source == "rates":
                                location = _year_key_as_written(rates_document, location)
                            problems.append(where.problem(location, finding.message))
    if problems or scenario is None or rates is None:
        raise InputError(_in_file_order(problems, display))
    warnings = _award_gap_warnings(document, scenario, rates)
    return LoadedScenario(scenario, rates, display, rates_display, warnings), document


def _award_gap_warnings(
    document: YamlDocument, scenario: Scenario, rates: RateTable
) -> tuple[Problem, ...]:
    """One warning per FY from the price base to the horizon's end with no pay award, at the
    scenario's `assumptions.pay_awards` (or its `rates:` when it states none)."""
    missing = missing_pay_awards(scenario, rates)
    if not missing:
        return ()
    assumptions = document.data.get("assumptions") if isinstance(document.data, dict) else None
    states_awards = isinstance(assumptions, dict) and "pay_awards" in assumptions
    location: Location = ("assumptions", "pay_awards") if states_awards else ("rates",)
    line, column, _ = document.locate(location, key=True)
    return tuple(
        Problem(document.file, line, column, f"warning: {gap_message(year, rates)}")
        for year in missing
    )


_LISTS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("baseline", BaselineLine),
    ("growth", GrowthLine),
    ("budgets", Budget),
)


def _valid_part(document: YamlDocument) -> tuple[Scenario, dict[str, list[int]]] | None:
    """The scenario with its invalid lines and budgets left out, and for each list the
    original index of every entry kept; None when the scenario's frame itself is invalid."""
    data = document.data
    if not isinstance(data, dict):
        return None
    partial = {key: value for key, value in data.items() if key in Scenario.model_fields}
    kept: dict[str, list[int]] = {}
    for section, model in _LISTS:
        items = partial.get(section)
        if not isinstance(items, list):
            partial.pop(section, None)
            continue
        kept[section] = [index for index, item in enumerate(items) if _is_valid(model, item)]
        partial[section] = [items[index] for index in kept[section]]
    if len(kept.get("budgets", [])) != len(data.get("budgets") or []):
        partial.pop("expect", None)  # it may name a budget that was left out
    if not _is_valid(Assumptions, partial.get("assumptions", {})):
        partial.pop("assumptions", None)
    if "governance" in partial and not _is_valid(Governance, partial["governance"]):
        partial.pop("governance")
    if "teams" in partial and not _is_valid_teams(partial["teams"]):
        partial.pop("teams")
    try:
        return Scenario.model_validate(partial), kept
    except ValidationError:
        return None


def _is_valid_teams(teams: object) -> bool:
    if not isinstance(teams, dict):
        return False
    return all(
        isinstance(name, str) and _is_valid(TeamRestructure, change)
        for name, change in teams.items()
    )


def _is_valid(model: type[BaseModel], item: object) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


def _original_location(location: Location, kept: dict[str, list[int]]) -> Location:
    """A location in the valid part, as a location in the whole file."""
    if len(location) > 1 and location[0] in kept and isinstance(location[1], int):
        return (location[0], kept[str(location[0])][location[1]], *location[2:])
    return location


def _year_key_as_written(document: YamlDocument, location: Location) -> Location:
    """A rate-table location whose last part is a financial year (as validation holds it, the
    year it starts in) with that part as the file writes its key (``2025/26``, ``25/26``)."""
    if not location or not isinstance(location[-1], int) or isinstance(location[-1], bool):
        return location
    keyed: object = document.data
    for part in location[:-1]:
        keyed = keyed.get(part) if isinstance(keyed, dict) else None
    if isinstance(keyed, dict):
        for key in keyed:
            try:
                if parse_financial_year(key) == location[-1]:
                    return (*location[:-1], key)
            except ValueError:
                continue
    return location[:-1]


def _check_valid_lines(document: YamlDocument, rates: RateTable) -> list[Problem]:
    """Band checks on the lines that are valid on their own, when the scenario as a whole is
    not: so an unknown band is reported together with the scenario's other problems."""
    problems = []
    sections = (("baseline", BaselineLine), ("growth", GrowthLine))
    for section, model in sections:
        items = document.data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            try:
                line = model.model_validate(item)
            except ValidationError:
                continue
            for finding in check_band((section, index), line, rates):
                problems.append(document.problem(finding.location, finding.message))
    return problems


def _in_file_order(problems: list[Problem], first_file: str) -> list[Problem]:
    """The scenario's problems first, then the rate table's, each file top to bottom."""
    return sorted(problems, key=lambda problem: (problem.file != first_file, problem))


def load_rate_table(path: str | Path) -> RateTable:
    """Load and validate a rate table on its own."""
    return _rate_table_from(load_yaml(Path(path), str(path)), Path(path))


def _rate_table_from(document: YamlDocument, path: Path) -> RateTable:
    document = with_bands_file(document, path, None)
    problems: list[Problem] = list(document.problems)
    rates = _validate(RateTable, document, problems)
    if rates is not None:
        why = "which its price base needs (the ready reckoner prices it)"
        for finding in check_rate_table_years(rates, [rates.price_base], why):
            problems.append(document.problem(finding.location, finding.message))
    if problems or rates is None:
        raise InputError(problems)
    return rates


def load_rate_table_or_scenario(
    path: str | Path, *, allow_outside_paths: bool | None = None
) -> RateTable | LoadedScenario:
    """A rate table on its own when the file looks like one (it has `bands`), else a scenario
    with its rate table (`allow_outside_paths` as for `load_scenario`); the file is read once.
    A name that is no file may be a bundled table's or scenario's (`mps-police-staff`)."""
    found, display = named_file(Path(path), ("rates", "scenarios"))
    document = load_yaml(found, display)
    if isinstance(document.data, dict) and (
        "bands" in document.data or "bands_file" in document.data
    ):
        return _rate_table_from(document, found)
    loaded, _ = load_scenario_and_document(
        found, allow_outside_paths=allow_outside_paths, parsed=document
    )
    return loaded


def _resolve_rates(reference: str, scenario_path: Path) -> Path | None:
    beside = scenario_path.parent / reference
    if beside.is_file():
        return Path(os.path.normpath(beside))
    return bundled_by_name(reference, "rates")


def _validate(model: type[M], document: YamlDocument, problems: list[Problem]) -> M | None:
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__ if document.data is not None else "nothing"
        problems.append(
            document.problem((), f"expected a mapping of keys at the top, found {kind}")
        )
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            if not document.is_flagged(tuple(detail["loc"])):
                problems.append(_problem_from_error(model, document, detail))
        return None


def _problem_from_error(model: type[BaseModel], document: YamlDocument, detail: Any) -> Problem:
    location: Location = tuple(detail["loc"])
    kind = detail["type"]
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, location[:-1])
        shown = f" (allowed: {', '.join(allowed)})" if allowed else ""
        hint = did_you_mean(str(location[-1]), allowed)
        return document.problem(
            location, f"unknown key {quote_token(location[-1])}{hint}{shown}", key=True
        )
    if kind == "missing":
        line, column, matched = document.locate(location)
        path = _path_text(matched)
        return Problem(
            document.file, line, column, f"{path}missing required key {quote_token(location[-1])}"
        )
    if kind not in {"value_error", "assertion_error"} and "input" in detail:
        value = detail["input"]
        if not isinstance(value, dict | list):
            message = f"{message} (found {quote_token(value)})"
            if kind in {"less_than", "less_than_equal"} and "fte" not in location:
                message += percent_hint(value)  # a rate written as a whole percentage
    # A mapping key that is wrong in itself: point at the key, not at its value.
    at_key = kind == "invalid_key" or "[key]" in location
    return document.problem(location, message, key=at_key)


def _path_text(location: Location) -> str:
    text = format_location(location)
    return f"{text}: " if text else ""


def _allowed_keys(model: type[BaseModel], location: Location) -> list[str]:
    """The keys a mapping may have, found by walking the model's annotations along `location`."""
    annotation: Any = model
    for part in location:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if isinstance(part, str) and part in annotation.model_fields:
                annotation = annotation.model_fields[part].annotation
            continue
        origin = typing.get_origin(annotation)
        if origin is list and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # As the file spells them: a field named apart from its key (`in`) by its alias.
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `X | None` down to the type that has keys or items."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = members[0]
        else:
            return annotation
