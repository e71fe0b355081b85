"""The one parser of a situation (`polku-rules calc`, rules.api.calculate and
calculate_months): JSON-ish data in, a month, a Household and the Alternatives out, or an
InputError whose message names the field by its path
(`household.members[1].gross_wages: unknown field (did you mean gross_wage?)`).

Strict: unknown fields, wrong types, negative or impossible values and months outside the
encoded law are refused, never clipped or ignored. The format and every refusal are
documented in rules/api.py. Free of Django."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import InputError
from .municipalities import code_for
from .system import FIRST_MONTH, LAST_MONTH
from .variables import ACTIVITIES
from .variables.common import (
    REHABILITATIVE_WORK_DAYS_A_WEEK,
    WORK_TRIAL_DAYS_A_WEEK,
    days_in_weeks,
)

ROLES = ("applicant", "partner", "child", "adult_child")  # adult_child: 18+ living with parents
TENURES = ("rent", "owner", "right_of_occupancy")

# Sane maxima: above them a figure is a typing error (1e300, a rent of 1e9), not a situation.
MAX_WAGE = 100_000.0  # € a month
MAX_ANNUAL_INCOME = 12 * MAX_WAGE  # € a year
MAX_HOUSING_COST = 20_000.0  # € a month
MAX_ASSETS = 100_000_000.0  # €
MAX_MEMBERS = 20
MAX_LEGACY_ADULTS = 20
MAX_LEGACY_CHILDREN = 20
# The youngest applicant: 15, the age from which a young person may be employed in regular
# work (Act on Young Workers (998/1993), section 2); the benefits Polku computes for a younger
# person are their parents'. Every benefit's own age limits are the rules' (rules/parameters).
MIN_APPLICANT_AGE = 15
ADULT_AGE = 18  # a child (role child) is under 18; a partner and an adult_child are 18 or over
MAX_AGE = 120
# Legacy `person` children have no birth date: each is taken as 5 years old on the first day
# of the (first) month, the first given the oldest (one day apart), so under 10 in every month
# the law is encoded for and in the sibling order given.
LEGACY_CHILD_AGE = 5

KINDS_WITH_WAGE = ("part_time_work", "pay_subsidised_work")  # gross_wage required
KINDS_WITH_ALLOWANCE = (
    "sickness_allowance",
    "vocational_rehabilitation",
    "studies_with_rehabilitation",
)
KINDS_WITH_DAYS = ("work_trial", "rehabilitative_work_activity")  # attendance_days required
KINDS_WITH_REHABILITATION_DAYS = ("vocational_rehabilitation", "studies_with_rehabilitation")

# Matched whole (fullmatch: no trailing newline) and in ASCII digits only.
MONTH_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

TOP_FIELDS = ("month", "household", "person", "alternatives")
HOUSEHOLD_FIELDS = ("municipality", "housing_cost", "tenure", "members")
MEMBER_FIELDS = (
    "id",
    "role",
    "birth_date",
    "gross_wage",
    "annual_earned_income",
    "unemployment_benefit",
    "withholding_percent",
    "full_time_student",
    "assets",
)
PERSON_FIELDS = (
    "birth_date",
    "adults_in_household",
    "children_in_household",
    "unemployment_benefit",
    "annual_earned_income",
    "housing_cost",
    "municipality",
)
ALTERNATIVE_FIELDS = (
    "id",
    "kind",
    "gross_wage",
    "attendance_days",
    "outside_commuting_area",
    "partial",
)


@dataclass(frozen=True)
class Member:
    id: str  # given "id", else role-based: "applicant", "partner", "child1", "adult_child1"
    role: str  # one of ROLES
    birth_date: dt.date
    gross_wage: float = 0.0  # own gross wage a month (the applicant's: the status quo's)
    annual_earned_income: float = 0.0  # for the sickness/rehabilitation allowance formula
    unemployment_benefit: bool = False  # entitled to the basic unemployment benefit now
    withholding_percent: float | None = None  # from the tax card; None: the estimate
    full_time_student: bool = False
    assets: float = 0.0  # euros


@dataclass(frozen=True)
class Household:
    municipality: str | None  # the name as given (fi or sv)
    municipality_code: int | None  # official 3-digit code (rules.municipalities); None: unknown
    housing_cost: float  # a month
    tenure: str  # one of TENURES
    members: tuple[Member, ...]  # exactly one applicant, at most one partner

    @property
    def applicant(self) -> Member:
        return next(m for m in self.members if m.role == "applicant")


@dataclass(frozen=True)
class Alternative:
    id: str
    kind: str  # one of rules.variables.ACTIVITIES
    wage: float | None  # None: the applicant's gross_wage stays
    days: float  # attendance (or rehabilitation) days a month, a whole number
    outside: bool  # a work trial outside the commuting area
    partial: bool  # a partial sickness or rehabilitation allowance


# --------------------------------------------------------------------------------------------
# Field readers: each names the field by its path.


def _fields(obj: Any, allowed: tuple[str, ...], where: str) -> dict:
    if not isinstance(obj, dict):
        raise InputError(f"{where or 'the situation'}: expected an object, got {_show(obj)}")
    for key in obj:
        if key not in allowed:
            name = key if isinstance(key, str) else repr(key)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(allowed)})"
            raise InputError(f"{_join(where, name)}: unknown field{hint}")
    return obj


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(
    obj: dict, key: str, where: str, *, maximum: float, default: float | None = None, unit: str = ""
) -> float:
    field = _join(where, key)
    value = obj.get(key, default)
    if value is None:
        raise InputError(f"{field}: required")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{field}: expected a number, got {_show(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{field}: expected a finite number, got {_show(value)}")
    if value < 0:
        raise InputError(f"{field}: must not be negative, got {_show(value)}")
    if value > maximum:
        raise InputError(f"{field}: at most {maximum:g}{unit}, got {_show(value)}")
    return float(value)


def _whole(obj: dict, key: str, where: str, *, maximum: float, default: float | None = None) -> int:
    number = _number(obj, key, where, maximum=maximum, default=default)
    if not number.is_integer():
        raise InputError(f"{_join(where, key)}: expected a whole number, got {_show(obj[key])}")
    return int(number)


def _flag(obj: dict, key: str, where: str, *, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if value is None:
        raise InputError(f"{_join(where, key)}: required (true or false)")
    if not isinstance(value, bool):
        raise InputError(f"{_join(where, key)}: expected true or false, got {_show(value)}")
    return value


def _text(obj: dict, key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{_join(where, key)}: required (a non-empty string), got {_show(value)}")
    if len(value) > 100:
        raise InputError(f"{_join(where, key)}: at most 100 characters")
    return value


def _choice(
    obj: dict, key: str, where: str, choices: tuple[str, ...], default: str | None = None
) -> str:
    value = obj.get(key, default)
    if value not in choices or not isinstance(value, str):
        raise InputError(
            f"{_join(where, key)}: expected one of {', '.join(choices)}, got {_show(value)}"
        )
    return value


def _date(obj: dict, key: str, where: str) -> dt.date:
    value = obj.get(key)
    field = _join(where, key)
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        raise InputError(f"{field}: expected a date as YYYY-MM-DD, got {_show(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}: {value!r} is not a date") from None


def _age(birth: dt.date, on: dt.date) -> int:
    """Full years on `on`."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years before (28.2. for 29.2. in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


# --------------------------------------------------------------------------------------------
# Months


def parse_month(value: Any, field: str = "month") -> dt.date:
    """A month "YYYY-MM" within the encoded law (rules.system FIRST_MONTH … LAST_MONTH) →
    its first day."""
    if not isinstance(value, str) or not MONTH_PATTERN.fullmatch(value):
        raise InputError(f"{field}: expected a month as YYYY-MM, got {_show(value)}")
    year, month = int(value[:4]), int(value[5:])
    if not 1 <= month <= 12:
        raise InputError(f"{field}: {value!r} is not a month (01–12)")
    if not FIRST_MONTH <= value <= LAST_MONTH:
        raise InputError(
            f"{field}: the law is encoded for {FIRST_MONTH} … {LAST_MONTH}; got {value}"
        )
    return dt.date(year, month, 1)


def parse_months(months: Any, field: str = "months") -> list[dt.date]:
    """`--months`: a non-empty list of months → their first days, sorted, without repeats."""
    if not isinstance(months, list | tuple) or not months:
        raise InputError(f"{field}: expected a non-empty list of YYYY-MM")
    return sorted({parse_month(m, f"{field}[{i}]") for i, m in enumerate(months)})


# --------------------------------------------------------------------------------------------
# Attendance days a kind allows in a month


def working_days(month: dt.date) -> int:
    """Mondays to Fridays in the month: a work trial's most attendance days (5 a week)."""
    return days_in_weeks(month.year, month.month, WORK_TRIAL_DAYS_A_WEEK, weekdays_only=True)


def rehabilitative_work_days(month: dt.date) -> int:
    """The most days of rehabilitative work activity in the month: at most 4 a week (law
    189/2001, section 14), counted per calendar week (Monday to Sunday) over the days of each week
    that fall in the month. The same calendar rule as the engine's (rules.variables)."""
    return days_in_weeks(
        month.year, month.month, REHABILITATIVE_WORK_DAYS_A_WEEK, weekdays_only=False
    )


@cache
def max_days(kind: str, month: dt.date) -> int:
    """The most attendance days `kind` allows in `month` (cached: the route plan asks for
    every alternative × month)."""
    if kind == "work_trial":
        return working_days(month)
    if kind == "rehabilitative_work_activity":
        return rehabilitative_work_days(month)
    return calendar.monthrange(month.year, month.month)[1]  # rehabilitation days


# --------------------------------------------------------------------------------------------
# Alternatives


def parse_alternative(data: Any, index: int, months: list[dt.date]) -> Alternative:
    where = f"alternatives[{index}]"
    data = _fields(data, ALTERNATIVE_FIELDS, where)
    ident = _text(data, "id", where)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in ACTIVITIES:
        raise InputError(
            f"{where}.kind: unknown kind {_show(kind)}; known: {', '.join(ACTIVITIES)}"
        )
    partial = _flag(data, "partial", where, default=False)
    if partial and kind not in KINDS_WITH_ALLOWANCE:
        raise InputError(f"{where}.partial: only for {', '.join(KINDS_WITH_ALLOWANCE)}")

    wage: float | None = None
    if kind in KINDS_WITH_WAGE:
        wage = _number(data, "gross_wage", where, maximum=MAX_WAGE, unit=" € a month")
    elif "gross_wage" in data:
        if not partial:
            raise InputError(
                f"{where}.gross_wage: only for {', '.join(KINDS_WITH_WAGE)} and a partial "
                f"allowance (partial: true), not for {kind}"
            )
        wage = _number(data, "gross_wage", where, maximum=MAX_WAGE, unit=" € a month")

    days = 0
    if kind in KINDS_WITH_DAYS or kind in KINDS_WITH_REHABILITATION_DAYS:
        required = kind in KINDS_WITH_DAYS
        days = _whole(data, "attendance_days", where, maximum=31, default=None if required else 0)
        for month in months:
            most = max_days(kind, month)
            if days > most:
                rule = {
                    "work_trial": "working days (Mon–Fri)",
                    "rehabilitative_work_activity": "days at 4 a week",
                }.get(kind, "days")
                raise InputError(
                    f"{where}.attendance_days: {month:%Y-%m} has {most} {rule} for {kind}; "
                    f"got {days}"
                )
    elif "attendance_days" in data:
        raise InputError(
            f"{where}.attendance_days: only for "
            f"{', '.join(KINDS_WITH_DAYS + KINDS_WITH_REHABILITATION_DAYS)}, not for {kind}"
        )

    outside = _flag(data, "outside_commuting_area", where, default=False)
    if outside and kind != "work_trial":
        raise InputError(f"{where}.outside_commuting_area: only for work_trial, not for {kind}")
    return Alternative(ident, kind, wage, float(days), outside, partial)


def parse_alternatives(data: Any, months: list[dt.date]) -> list[Alternative]:
    if not isinstance(data, list) or not data:
        raise InputError(f"alternatives: expected a non-empty list, got {_show(data)}")
    parsed = [parse_alternative(a, i, months) for i, a in enumerate(data)]
    seen: set[str] = set()
    for i, alternative in enumerate(parsed):
        if alternative.id in seen:
            raise InputError(f"alternatives[{i}].id: {alternative.id!r} is used twice")
        seen.add(alternative.id)
    return parsed


# --------------------------------------------------------------------------------------------
# The household


def _municipality(obj: dict, where: str) -> tuple[str | None, int | None]:
    if obj.get("municipality") is None:
        if "municipality" in obj:
            raise InputError(f"{where}.municipality: expected a name, got null")
        return None, None
    name = _text(obj, "municipality", where)
    code = code_for(name)
    if code is None:
        raise InputError(f"{where}.municipality: unknown municipality {name!r}")
    return name, code


def parse_member(data: Any, index: int, month: dt.date) -> Member:
    where = f"household.members[{index}]"
    data = _fields(data, MEMBER_FIELDS, where)
    role = _choice(data, "role", where, ROLES)
    ident = _text(data, "id", where) if "id" in data else ""
    birth = _date(data, "birth_date", where)
    if birth > last_day(month):
        raise InputError(f"{where}.birth_date: {birth} is after the month {month:%Y-%m}")
    age = _age(birth, month)
    if age > MAX_AGE:
        raise InputError(f"{where}.birth_date: {birth} gives an age over {MAX_AGE}")
    if role == "applicant" and age < MIN_APPLICANT_AGE:
        raise InputError(
            f"{where}.birth_date: the applicant must be at least {MIN_APPLICANT_AGE} years "
            f"old in {month:%Y-%m} (the benefits of a younger child are the parents'); "
            f"got {birth}"
        )
    if role == "child" and age >= ADULT_AGE:
        raise InputError(
            f"{where}.role: a child is under {ADULT_AGE}; born {birth}, {age} years old in "
            f"{month:%Y-%m} (did you mean adult_child?)"
        )
    if role in ("partner", "adult_child") and age < ADULT_AGE:
        article = "an" if role == "adult_child" else "a"
        raise InputError(
            f"{where}.birth_date: {article} {role} is {ADULT_AGE} or over; born {birth}, "
            f"{age} years old in {month:%Y-%m}"
            + (" (did you mean child?)" if role == "adult_child" else "")
        )
    withholding = None
    if "withholding_percent" in data:
        withholding = _number(data, "withholding_percent", where, maximum=100, unit=" %")
    return Member(
        id=ident,
        role=role,
        birth_date=birth,
        gross_wage=_number(
            data, "gross_wage", where, maximum=MAX_WAGE, default=0, unit=" € a month"
        ),
        annual_earned_income=_number(
            data, "annual_earned_income", where, maximum=MAX_ANNUAL_INCOME, default=0, unit=" €"
        ),
        unemployment_benefit=_flag(data, "unemployment_benefit", where, default=False),
        withholding_percent=withholding,
        full_time_student=_flag(data, "full_time_student", where, default=False),
        assets=_number(data, "assets", where, maximum=MAX_ASSETS, default=0, unit=" €"),
    )


def _with_ids(members: list[Member], where: str) -> tuple[Member, ...]:
    """Role-based ids for members without one (applicant, partner, child1, child2,
    adult_child1 …, numbered in the order given); every id unique."""
    counts: dict[str, int] = {}
    out = []
    for member in members:
        ident = member.id
        if not ident:
            if member.role in ("child", "adult_child"):
                counts[member.role] = counts.get(member.role, 0) + 1
                ident = f"{member.role}{counts[member.role]}"
            else:
                ident = member.role
        out.append(Member(**{**member.__dict__, "id": ident}))
    seen: set[str] = set()
    for i, member in enumerate(out):
        if member.id in seen or member.id == "household":
            reason = "is reserved" if member.id == "household" else "is used twice"
            raise InputError(f"{where}[{i}].id: {member.id!r} {reason}")
        seen.add(member.id)
    return tuple(out)


def parse_household(data: Any, month: dt.date) -> Household:
    where = "household"
    data = _fields(data, HOUSEHOLD_FIELDS, where)
    name, code = _municipality(data, where)
    housing_cost = _number(
        data, "housing_cost", where, maximum=MAX_HOUSING_COST, default=0, unit=" € a month"
    )
    tenure = _choice(data, "tenure", where, TENURES, default="rent")
    raw = data.get("members")
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{where}.members: expected a non-empty list, got {_show(raw)}")
    if len(raw) > MAX_MEMBERS:
        raise InputError(f"{where}.members: at most {MAX_MEMBERS} members, got {len(raw)}")
    members = [parse_member(m, i, month) for i, m in enumerate(raw)]
    for role in ("applicant", "partner"):
        at = [i for i, m in enumerate(members) if m.role == role]
        if len(at) > 1:
            raise InputError(f"{where}.members[{at[1]}].role: more than one {role}")
    if not any(m.role == "applicant" for m in members):
        raise InputError(f"{where}.members: exactly one member with role applicant is needed")
    return Household(name, code, housing_cost, tenure, _with_ids(members, f"{where}.members"))


def parse_person(data: Any, month: dt.date) -> Household:
    """The legacy `person`: an applicant, a partner without income for a second adult (born
    the same day as the applicant, at least 18), a further adult each as an adult_child
    without income (20 years old), and `children_in_household` children of unknown birth
    date (LEGACY_CHILD_AGE)."""
    where = "person"
    data = _fields(data, PERSON_FIELDS, where)
    birth = _date(data, "birth_date", where)
    adults = _whole(data, "adults_in_household", where, maximum=MAX_LEGACY_ADULTS, default=1)
    children = _whole(data, "children_in_household", where, maximum=MAX_LEGACY_CHILDREN, default=0)
    if adults < 1:
        raise InputError(f"{where}.adults_in_household: at least 1 (the person), got {adults}")
    name, code = _municipality(data, where)
    applicant = {
        "role": "applicant",
        "birth_date": data["birth_date"],
        "unemployment_benefit": _flag(data, "unemployment_benefit", where),
        "annual_earned_income": data.get("annual_earned_income", 0),
    }
    # The person's own fields are read by the household's parser, named by the person's path.
    try:
        members = [parse_member(applicant, 0, month)]
    except InputError as error:
        raise InputError(str(error).replace("household.members[0]", where)) from None
    if adults >= 2:
        partner = min(birth, _years_before(month, ADULT_AGE))
        members.append(Member(id="partner", role="partner", birth_date=partner))
    young_adult = _years_before(month, 20)
    for i in range(adults - 2):
        members.append(Member(id=f"adult_child{i + 1}", role="adult_child", birth_date=young_adult))
    oldest = _years_before(month, LEGACY_CHILD_AGE) - dt.timedelta(days=children)
    for i in range(children):
        members.append(
            Member(id=f"child{i + 1}", role="child", birth_date=oldest + dt.timedelta(days=i))
        )
    housing_cost = _number(
        data, "housing_cost", where, maximum=MAX_HOUSING_COST, default=0, unit=" € a month"
    )
    return Household(name, code, housing_cost, "rent", _with_ids(members, "household.members"))


# --------------------------------------------------------------------------------------------
# The situation


def parse(
    situation: Any, months: list[dt.date] | None = None
) -> tuple[dt.date, Household, list[Alternative]]:
    """A situation → (the month's first day, the household, the alternatives).

    `months` (parse_months' output): the months computed instead of the situation's own
    `month` (which may then be left out, and if given must still be a valid month); the
    first of them is returned, the people's ages are checked at it and the alternatives'
    days against every one of them."""
    situation = _fields(situation, TOP_FIELDS, "")
    if "month" in situation or not months:
        month = parse_month(situation.get("month"))
    if months:
        month = min(months)
    every = months or [month]
    if "household" in situation and "person" in situation:
        raise InputError("person: give either household or person, not both")
    if "household" in situation:
        household = parse_household(situation["household"], month)
    elif "person" in situation:
        household = parse_person(situation["person"], month)
    else:
        raise InputError("household: required (or the older person format)")
    alternatives = parse_alternatives(situation.get("alternatives"), every)
    return month, household, alternatives


def dump(month: dt.date, household: Household, alternatives: list[Alternative]) -> dict:
    """The situation in the household format: parse(dump(*parse(s))) == parse(s). Every
    member with its id; defaults written out."""
    members = []
    for m in household.members:
        member: dict[str, Any] = {
            "id": m.id,
            "role": m.role,
            "birth_date": m.birth_date.isoformat(),
            "gross_wage": m.gross_wage,
            "annual_earned_income": m.annual_earned_income,
            "unemployment_benefit": m.unemployment_benefit,
            "full_time_student": m.full_time_student,
            "assets": m.assets,
        }
        if m.withholding_percent is not None:
            member["withholding_percent"] = m.withholding_percent
        members.append(member)
    place: dict[str, Any] = {
        "housing_cost": household.housing_cost,
        "tenure": household.tenure,
        "members": members,
    }
    if household.municipality is not None:
        place["municipality"] = household.municipality
    out = []
    for a in alternatives:
        alternative: dict[str, Any] = {"id": a.id, "kind": a.kind}
        if a.wage is not None:
            alternative["gross_wage"] = a.wage
        if a.kind in KINDS_WITH_DAYS + KINDS_WITH_REHABILITATION_DAYS:
            alternative["attendance_days"] = int(a.days)
        if a.kind == "work_trial":
            alternative["outside_commuting_area"] = a.outside
        if a.kind in KINDS_WITH_ALLOWANCE:
            alternative["partial"] = a.partial
        out.append(alternative)
    return {"month": f"{month:%Y-%m}", "household": place, "alternatives": out}
