"""Synthetic households and an independent NumPy re-implementation of the household formulas,
for `make bench` (polku.benchmarks.rules_engine) and tests/rules/test_reference_agreement.py.

* `population(n, rng)`: n households in columns — a realistic mix of singles, couples, single
  parents and families with 1–4 children (some with an adult child at home), the members'
  wages, unemployment benefit, earned income, tax cards, students and assets, municipalities
  of all four housing-allowance groups, the tenures — and one random alternative each (it
  changes the applicant's inputs only, as in the route plan).
* `reference(prepare(pop), month)`: the households' monthly figures written straight in NumPy
  from the dated parameters of the tax-benefit system (`rules.system.system().parameters`):
  the engine and the reference agree on figures, not on code. Everything is computed per
  person row and summed per household with `np.bincount`; the siblings' order (the oldest
  first) comes from one sort in `prepare`, done once for all months.

Not exercised by the generated mix: a child's own income (every child has none), an applicant
under 18, attendance days above the month's weekly limits (rules.inputs refuses them).

Django-free: imports only numpy and rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

# The alternative kinds in the engine's `activity` codes (rules.variables; checked against the
# engine by the benchmark and the agreement test).
ACTIVITIES = (
    "status_quo",
    "part_time_work",
    "pay_subsidised_work",
    "work_trial",
    "rehabilitative_work_activity",
    "sickness_allowance",
    "vocational_rehabilitation",
    "studies_with_rehabilitation",
)
CODE = {name: i for i, name in enumerate(ACTIVITIES)}

# Roles and tenures as the engine codes them (design17: rules.inputs.ROLES / TENURES).
APPLICANT, PARTNER, CHILD, ADULT_CHILD = range(4)
RENT, OWNER, RIGHT_OF_OCCUPANCY = range(3)
KINDS_WITH_WAGE = (CODE["part_time_work"], CODE["pay_subsidised_work"])
KINDS_WITH_DAYS = (CODE["work_trial"], CODE["rehabilitative_work_activity"])
DAILY_ALLOWANCE_KINDS = KINDS_WITH_ALLOWANCE = (
    CODE["sickness_allowance"],
    CODE["vocational_rehabilitation"],
    CODE["studies_with_rehabilitation"],
)


@dataclass
class Population:
    """Households in columns. `households`: housing_cost, tenure (RENT/OWNER/…),
    municipality_code (0 = unknown). `persons` (grouped by household, the applicant first):
    household (row index into the households), role (APPLICANT…), birth_date
    (datetime64[D]), gross_wage (the applicant's already replaced by the alternative's wage
    where the alternative gives one), annual_earned_income, entitled_to_unemployment_benefit,
    withholding_percent (NaN: no tax card), full_time_student, assets, and the alternative's
    inputs activity, attendance_days, outside_commuting_area, partial_allowance (non-applicants:
    the status quo)."""

    households: dict[str, np.ndarray]
    persons: dict[str, np.ndarray]
    facts: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.households["housing_cost"])


def _municipalities_by_group() -> dict[int, np.ndarray]:
    """The municipality codes of each housing-allowance group (rules.municipalities)."""
    from rules import municipalities

    groups: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    for code in municipalities.MUNICIPALITIES:
        groups[municipalities.HOUSING_GROUP.get(code, 4)].append(code)
    return {g: np.array(sorted(codes)) for g, codes in groups.items()}


def _money(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    return np.round(rng.uniform(low, high, n), 2)


def _days(start: str, end: str, rng: np.random.Generator, n: int) -> np.ndarray:
    lo, hi = np.datetime64(start, "D"), np.datetime64(end, "D")
    return lo + rng.integers(0, int((hi - lo).astype(int)) + 1, n).astype("timedelta64[D]")


def population(n: int, rng: np.random.Generator) -> Population:
    """n synthetic households with one random alternative each (see the module docstring).
    Every adult is 18 or over from 1.1.2025 and every child under 18 until the end of 2026;
    the attendance days (1–16) are within the law's weekly limits in every month."""
    # Household types: single, couple, single parent, couple with children; a few with an
    # adult child living at home (with one parent or two).
    kind = rng.choice(6, n, p=[0.37, 0.20, 0.12, 0.25, 0.03, 0.03])
    partner = np.isin(kind, (1, 3, 5))
    children = np.where(
        np.isin(kind, (2, 3, 5)), rng.choice([1, 2, 3, 4], n, p=[0.38, 0.37, 0.17, 0.08]), 0
    )
    children = np.where(kind == 5, children - 1, children)  # room for the adult child
    adult_children = np.isin(kind, (4, 5)).astype(int)
    size = 1 + partner + children + adult_children
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    household = np.repeat(np.arange(n), size)
    pos = np.arange(len(household)) - start[household]
    first_child = 1 + partner[household]
    role = np.full(len(household), ADULT_CHILD, dtype=np.int8)
    role[pos == 0] = APPLICANT
    role[(pos == 1) & partner[household]] = PARTNER
    role[(pos >= first_child) & (pos < first_child + children[household])] = CHILD
    m = len(household)
    is_ = {r: role == r for r in range(4)}
    adult = ~is_[CHILD]

    # Birth dates: adults 18–67 in 2025 (some beyond the benefits' age limits), the partner
    # within a few years of the applicant, children 0–16, adult children 18–27;
    # the children in random order (the engine orders the siblings itself) with some twins.
    birth = _days("1958-06-01", "2006-12-31", rng, m)
    shift = rng.integers(-6 * 365, 6 * 365, m).astype("timedelta64[D]")
    birth = np.where(is_[PARTNER], birth[np.maximum(np.arange(m) - 1, 0)] + shift, birth)
    birth = np.minimum(birth, np.datetime64("2006-12-31"))
    birth = np.where(is_[CHILD], _days("2009-01-02", "2024-12-31", rng, m), birth)
    twin = is_[CHILD] & np.roll(is_[CHILD], 1) & (rng.random(m) < 0.03)
    birth = np.where(twin, np.roll(birth, 1), birth)
    birth = np.where(is_[ADULT_CHILD], _days("1998-01-01", "2006-12-31", rng, m), birth)

    working = adult & (
        rng.random(m) < np.where(is_[PARTNER], 0.6, np.where(is_[APPLICANT], 0.2, 0.4))
    )
    gross_wage = np.where(working, _money(rng, 300, 5000, m), 0.0)
    earned = np.where(adult & (rng.random(m) < 0.7), _money(rng, 0, 60000, m), 0.0)
    entitled = adult & (rng.random(m) < np.where(is_[APPLICANT], 0.75, 0.35))
    card = adult & (rng.random(m) < 0.4)
    withholding = np.where(card, np.round(rng.uniform(5, 40, m), 1), np.nan)
    student = adult & (rng.random(m) < np.where(is_[ADULT_CHILD], 0.3, 0.06))
    assets = np.where(adult & (rng.random(m) < 0.15), np.round(rng.exponential(15000, m), 2), 0.0)

    # One alternative per household: the applicant's kind, wage, days, flags.
    alternative = rng.integers(0, len(ACTIVITIES), n)
    alt_wage = np.where(
        alternative == CODE["pay_subsidised_work"],
        _money(rng, 1500, 2800, n),
        _money(rng, 300, 2000, n),
    )
    partial = np.isin(alternative, KINDS_WITH_ALLOWANCE) & (rng.random(n) < 0.4)
    days = np.where(np.isin(alternative, KINDS_WITH_DAYS), rng.integers(1, 17, n), 0).astype(float)
    outside = (alternative == CODE["work_trial"]) & (rng.random(n) < 0.2)
    applicant = is_[APPLICANT]
    activity = np.zeros(m, dtype=np.int64)
    activity[applicant] = alternative
    replaced = np.zeros(m, dtype=bool)
    replaced[applicant] = np.isin(alternative, KINDS_WITH_WAGE) | partial
    wage_of_applicant = np.zeros(m)
    wage_of_applicant[applicant] = alt_wage
    gross_wage = np.where(replaced, wage_of_applicant, gross_wage)
    attendance = np.zeros(m)
    attendance[applicant] = days
    outside_p = np.zeros(m, dtype=bool)
    outside_p[applicant] = outside
    partial_p = np.zeros(m, dtype=bool)
    partial_p[applicant] = partial

    groups = _municipalities_by_group()
    group = rng.choice(4, n, p=[0.12, 0.11, 0.40, 0.37]) + 1
    municipality = np.zeros(n, dtype=np.int64)
    for g, codes in groups.items():
        at = group == g
        municipality[at] = rng.choice(codes, int(at.sum()))
    municipality[rng.random(n) < 0.02] = 0  # unknown
    cost = np.round(250 + 150 * size + rng.uniform(-150, 400, n), 2)
    cost[rng.random(n) < 0.03] = 0.0
    tenure = rng.choice(3, n, p=[0.84, 0.09, 0.07]).astype(np.int8)

    persons = {
        "household": household,
        "role": role,
        "birth_date": birth.astype("datetime64[D]"),
        "gross_wage": gross_wage,
        "annual_earned_income": earned,
        "entitled_to_unemployment_benefit": entitled,
        "withholding_percent": withholding,
        "full_time_student": student,
        "assets": assets,
        "activity": activity,
        "attendance_days": attendance,
        "outside_commuting_area": outside_p,
        "partial_allowance": partial_p,
    }
    households = {"housing_cost": cost, "tenure": tenure, "municipality_code": municipality}
    return Population(households, persons, _facts(households, persons, rng))


def _facts(households, persons, rng) -> dict[str, np.ndarray]:
    """The screening's facts, one row per household (its applicant's facts and the
    household's, as rules.facts names them), a tenth of them unknown: booleans -1/0/1,
    numbers NaN where unknown; the facts the households fix follow them."""
    from rules.facts import BOOLEAN_FACTS, NUMBER_FACTS

    n = len(households["housing_cost"])
    role, hh = persons["role"], persons["household"]
    at = np.flatnonzero(role == APPLICANT)
    partner = np.flatnonzero(role == PARTNER)
    has_partner = np.zeros(n, dtype=bool)
    has_partner[hh[partner]] = True
    partner_wage = np.zeros(n)
    partner_wage[hh[partner]] = persons["gross_wage"][partner]
    partner_benefit = np.zeros(n, dtype=bool)
    partner_benefit[hh[partner]] = persons["entitled_to_unemployment_benefit"][partner]
    child = role == CHILD
    age = (np.datetime64("2026-01-01") - persons["birth_date"]).astype(int) // 365.25
    known = {
        "housing_cost": households["housing_cost"],
        "annual_earned_income": persons["annual_earned_income"][at],
        "monthly_earnings": persons["gross_wage"][at],
        "adults_in_household": np.bincount(hh[~child], minlength=n),
        "children_in_household": np.bincount(hh[child], minlength=n),
        "children_under_10": np.bincount(hh[child & (age < 10)], minlength=n),
        "children_10_17": np.bincount(hh[child & (age >= 10)], minlength=n),
        "partner_gross_wage": np.where(has_partner, partner_wage, np.nan),
        "assets": np.bincount(hh, persons["assets"], n),
        "unemployed_months": rng.integers(0, 36, n),
        "treatment_months": rng.integers(0, 12, n),
        "sickness_days_used": rng.integers(0, 320, n),
        "expected_wage": _money(rng, 1200, 2800, n),
        "partner_in_household": has_partner,
        "partner_unemployment_benefit": np.where(has_partner, partner_benefit, False),
        "owner_occupied": households["tenure"] == OWNER,
        "unemployment_benefit": persons["entitled_to_unemployment_benefit"][at],
    }
    unknown = rng.random((len(BOOLEAN_FACTS) + len(NUMBER_FACTS), n)) < 0.1
    facts: dict[str, np.ndarray] = {}
    for i, name in enumerate(BOOLEAN_FACTS):
        given = known.get(name)
        values = rng.integers(0, 2, n) if given is None else np.asarray(given).astype(int)
        facts[name] = np.where(unknown[i], -1, values).astype(np.int8)
    for i, name in enumerate(NUMBER_FACTS, start=len(BOOLEAN_FACTS)):
        if name != "age":
            values = np.asarray(known.get(name, _money(rng, 0, 1000, n)), dtype=float)
            facts[name] = np.where(unknown[i], np.nan, values)
    facts["birth_date"] = persons["birth_date"][at]
    return facts


# --------------------------------------------------------------------------------------------
# The NumPy reference


def cents(values) -> np.ndarray:
    """Half-up to cents on the decimal value (Kela's convention: 800.015 → 800.02): the
    amount in cents is first rounded to 6 decimals, so that float noise (12.505 held as
    12.50499…) does not turn a half cent down."""
    out = np.multiply(values, 100.0)
    np.round(out, 6, out=out)
    out += 0.5
    np.floor(out, out=out)
    out /= 100.0
    return out


def _rank_within(group: np.ndarray, keep: np.ndarray, order: np.ndarray) -> np.ndarray:
    """1, 2, 3 … for the rows `keep` within each group, in the row order `order` (a
    permutation sorting by group, then by the ranking key); 0 for the other rows."""
    g, k = group[order], keep[order]
    running = np.cumsum(k)
    starts = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    before = np.concatenate([[0], running[:-1]])[starts]
    first = np.repeat(before, np.diff(np.concatenate([starts, [len(g)]])))
    rank = np.zeros(len(group), dtype=np.int64)
    rank[order] = np.where(k, running - first, 0)
    return rank


@dataclass
class Prepared:
    """What does not change from month to month, computed once for many months."""

    pop: Population
    birth_key: np.ndarray  # YYYYMMDD as an integer: age = (YYYYMM01 − key) // 10 000
    nth_child: np.ndarray  # 1, 2, 3 … among the household's children, the oldest first
    counts: dict[str, np.ndarray]
    group: np.ndarray  # housing-allowance group 1–4 of each household


def prepare(pop: Population) -> Prepared:
    per = pop.persons
    hh, role, n = per["household"], per["role"], pop.size
    birth = per["birth_date"]
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    order = np.lexsort((np.arange(len(role)), birth, hh))  # the oldest first; ties by row
    child = role == CHILD

    def count(rows):
        return np.bincount(hh[rows], minlength=n)

    counts = {
        "partner": count(role == PARTNER),
        "children": count(child),
        "adults": count(~child),
        "non_students": count(~per["full_time_student"]),
        "assets": np.bincount(hh, per["assets"], n),
    }
    return Prepared(
        pop,
        year * 10000 + month * 100 + day,
        _rank_within(hh, child, order),
        counts,
        housing_group(pop.households["municipality_code"]),
    )


def reference(prep: Prepared, month: dt.date) -> dict[str, np.ndarray]:
    """The households' figures in `month`, one value per household: each component summed
    over the members, the income tax and the net income (euros, to the cent).

    Written from the law's description (notes/design17.md, docs/rules.md) and the dated
    parameters only; every rule below is the reference's own reading."""
    p = system_parameters(month)
    pop = prep.pop
    per = pop.persons
    hh, role, n = per["household"], per["role"], pop.size
    kind = per["activity"]
    age = (month.year * 10000 + month.month * 100 + 1 - prep.birth_key) // 10000
    child = role == CHILD
    partner_in = prep.counts["partner"] > 0
    children_n = prep.counts["children"]
    adults_n = prep.counts["adults"]

    def total(values) -> np.ndarray:
        return np.bincount(hh, values, n)

    # Wage: every member's own gross wage (the applicant's as the alternative sets it); none
    # beside a full sickness or rehabilitation allowance (a partial one is paid with it).
    full_allowance = np.isin(kind, DAILY_ALLOWANCE_KINDS) & ~per["partial_allowance"]
    wage = np.where(full_allowance, 0.0, cents(per["gross_wage"]))

    # Unemployment benefit: the adjusted daily amount rounded to cents, then × payment days.
    # Paid from 18 (17 to those born before 2008) to 64.
    u = p.unemployment
    youngest_unemployed = np.where(
        prep.birth_key < u.earlier_minimum_age_born_before * 10000,
        u.earlier_minimum_age,
        u.minimum_age,
    )
    payable = (
        per["entitled_to_unemployment_benefit"]
        & ~np.isin(kind, DAILY_ALLOWANCE_KINDS)
        & (age >= youngest_unemployed)
        & (age <= u.maximum_age)
    )
    daily = cents(
        np.maximum(u.daily_amount - u.earnings_adjustment_rate * wage / u.payment_days_per_month, 0)
    )
    unemployment = np.where(payable, cents(daily * u.payment_days_per_month), 0.0)

    # Expense allowance a day: a work trial (the higher rate outside the commuting area) or
    # rehabilitative work activity.
    e = p.expense_allowance
    trial = (kind == CODE["work_trial"]) & per["entitled_to_unemployment_benefit"]
    rate = np.where(
        trial,
        np.where(
            per["outside_commuting_area"], e.daily_amount_outside_commuting_area, e.daily_amount
        ),
        np.where(kind == CODE["rehabilitative_work_activity"], e.daily_amount, 0.0),
    )
    expense = cents(rate * per["attendance_days"])

    # Sickness and rehabilitation allowances from the annual earned income.
    d = p.daily_allowances
    income = per["annual_earned_income"] * (1 - d.contribution_deduction)
    raw = (
        d.replacement_rate * np.minimum(income, d.income_limit)
        + d.rate_above_limit * np.maximum(income - d.income_limit, 0)
    ) / 300
    allowance_daily = np.maximum(raw, d.minimum_daily)
    allowance_daily = np.where(
        per["partial_allowance"], allowance_daily * d.partial_share, allowance_daily
    )
    monthly = cents(cents(allowance_daily) * d.payment_days_per_month)
    # Paid from 18 (16 to those born before 2009) to 67.
    youngest = np.where(
        prep.birth_key < d.earlier_minimum_age_born_before * 10000,
        d.earlier_minimum_age,
        d.minimum_age,
    )
    of_age = (age >= youngest) & (age <= d.maximum_age)
    sickness = np.where((kind == CODE["sickness_allowance"]) & of_age, monthly, 0.0)
    rehabilitating = np.isin(kind, DAILY_ALLOWANCE_KINDS[1:]) & of_age
    rehabilitation = np.where(rehabilitating, monthly, 0.0)
    rehab_days = np.where(
        per["attendance_days"] > 0, per["attendance_days"], u.payment_days_per_month
    )
    maintenance = cents(
        np.where(
            rehabilitating & (raw <= d.minimum_daily),
            p.maintenance_allowance.daily_amount * rehab_days,
            0.0,
        )
    )
    taxable = wage + unemployment + sickness + rehabilitation

    # Tax: the tax card's percentage, else the estimate.
    rate = municipal_rate(p.tax.municipal_rate_average, month)[pop.households["municipality_code"]]
    # The work income deduction's child increases (rules.tax): the applicant's and the
    # partner's, one for each child of the household, multiplied for a single parent.
    single = p.tax.work_income_deduction_child_increase_single_parent_multiplier
    parent = (role == APPLICANT) | (role == PARTNER)
    increases = np.where(parent, children_n[hh] * np.where(partner_in[hh], 1, single), 0)
    tax = income_tax(p, taxable, wage, per["withholding_percent"], age, rate[hh], increases)

    # Child benefit: children under the age limit by their order among those children (the
    # oldest first: the children past the limit are the oldest, so they come off the top),
    # and the single parent's supplement for each.
    c = p.child_benefit
    benefit_child = child & (age < c.maximum_age)
    past = np.bincount(hh[child & ~benefit_child], minlength=n)
    nth = np.where(benefit_child, prep.nth_child - past[hh], 0)
    by_order = np.array([0.0, c.first, c.second, c.third, c.fourth, c.fifth_on])
    child_benefit = by_order[np.minimum(nth, 5)]
    child_benefit += np.where(benefit_child & ~partner_in[hh], c.single_parent_supplement, 0.0)
    child_benefit += np.where(benefit_child & (age < c.under_3_age), c.under_3_supplement, 0.0)

    # Housing allowance for the household: 70 % of the housing costs up to the cap of the
    # municipality group and household size, less the basic deductible from the household's
    # income in whole euros (with the counted share of assets above the limit); nothing
    # under the smallest amount paid.
    h = p.housing_allowance
    # From 1.8.2025 a student entitled to the housing supplement is not a member of the
    # household (Act 938/2014, section 4, subsection 5; Act 836/2024) — not one living with
    # a parent or a child (Act 65/1994, section 14; Act 835/2024) — and the costs are the
    # members' per-head share (section 9, subsection 4).
    left_out = per["full_time_student"] & (role < CHILD) & (children_n[hh] == 0)
    left_out &= bool(h.students_excluded_from)
    ha_adults = adults_n - total(left_out).astype(int)
    size = ha_adults + children_n
    caps = np.array(
        [
            [getattr(getattr(h.max_cost, f"group_{g}"), f"persons_{k}") for k in (1, 2, 3, 4)]
            for g in (1, 2, 3, 4)
        ]
    )
    extra = np.array([getattr(h.max_cost, f"group_{g}").each_additional for g in (1, 2, 3, 4)])
    g = prep.group - 1
    cap = caps[g, np.minimum(np.maximum(size, 1), 4) - 1] + extra[g] * np.maximum(size - 4, 0)
    cost = pop.households["housing_cost"]
    ha_cost = cost * size / np.maximum(adults_n + children_n, 1)
    a = h.assets
    assets = prep.counts["assets"] - total(np.where(left_out, per["assets"], 0.0))
    limit = np.where(ha_adults > 1, a.limit_more, a.limit_one_adult)
    asset_income = a.counted_share * np.maximum(assets - limit, 0) / 12
    household_income = np.floor(total(np.where(left_out, 0.0, taxable)) + asset_income)
    threshold = h.threshold_base + h.threshold_per_adult * ha_adults
    threshold = threshold + h.threshold_per_child * children_n
    deductible = h.deductible_rate * np.maximum(household_income - threshold, 0)
    deductible = np.where(deductible < h.ignored_deductible, 0.0, deductible)
    housing = cents(np.maximum(h.share_of_costs * (np.minimum(ha_cost, cap) - deductible), 0))
    excluded = assets >= a.no_allowance_from
    if h.owner_homes_excluded_from:
        excluded |= pop.households["tenure"] == OWNER
    excluded |= size == 0  # students only
    housing = np.where(excluded | (housing < h.minimum_payment), 0.0, housing)

    # Basic social assistance. The family is the parents and their children under 18; a child
    # of 18 or over living with them is a family of its own (Act 1412/1997 § 3). Each family:
    # its members' basic amounts + its share of the housing costs less the housing allowance
    # (shared by head among all who live in the home) − its net income and child benefit
    # (less the earned-income deduction of each earner while it applies); each family's
    # assistance is rounded to the cent on its own.
    s = p.social_assistance.basic_amount
    applicant_amount = np.where(
        partner_in, s.cohabiting, np.where(children_n > 0, s.single_parent, s.single)
    )
    k = np.minimum(prep.nth_child, 3)
    older = np.array([0.0, s.child_10_17.first, s.child_10_17.second, s.child_10_17.third_on])
    young = np.array(
        [0.0, s.child_under_10.first, s.child_under_10.second, s.child_under_10.third_on]
    )
    basic = np.where(age >= 10, older[k], young[k])
    basic = np.where(role == APPLICANT, applicant_amount[hh], basic)
    basic = np.where(role == PARTNER, s.cohabiting, basic)
    basic = np.where(role == ADULT_CHILD, s.adult_with_parents, basic)
    # The earned-income deduction comes off each earner's net wage (the wage less its share of
    # the member's tax).
    wage_tax = np.divide(tax * wage, taxable, out=np.zeros_like(wage), where=taxable > 0)
    deduction = np.minimum(
        p.social_assistance.earned_income_deduction, np.maximum(wage - wage_tax, 0.0)
    )
    net = taxable - tax - deduction + child_benefit
    per_head = (cost - housing) / (adults_n + children_n)
    apart = role == ADULT_CHILD
    family_need = total(np.where(apart, 0.0, basic + per_head[hh] - net))
    own_need = cents(np.maximum(basic + per_head[hh] - net, 0.0))
    assistance = cents(np.maximum(family_need, 0.0)) + total(np.where(apart, own_need, 0.0))

    out = {
        "wage": total(wage),
        "unemployment_benefit": total(unemployment),
        "expense_allowance": total(expense),
        "sickness_allowance": total(sickness),
        "rehabilitation_allowance": total(rehabilitation),
        "maintenance_allowance": total(maintenance),
        "child_benefit": total(child_benefit),
        "housing_allowance": housing,
        "social_assistance": assistance,
    }
    out = {name: cents(values) for name, values in out.items()}
    gross = cents(sum(out.values()))
    out["income_tax"] = cents(total(tax))
    out["net_income"] = cents(gross - out["income_tax"])
    return out


def system_parameters(month: dt.date):
    from rules.system import system

    return system().parameters(month.isoformat())


def housing_group(codes: np.ndarray) -> np.ndarray:
    """The housing-allowance group (1–4) of each municipality code (rules.municipalities'
    table of groups 1–3); any other municipality and an unknown one (0) → group 4."""
    from rules.municipalities import HOUSING_GROUP

    table = np.full(1000, 4, dtype=np.int64)
    for code, group in HOUSING_GROUP.items():
        table[code] = group
    return table[codes]


def _marginal(thresholds, rates, amount: np.ndarray) -> np.ndarray:
    """A marginal-rate scale: each rate on the part of `amount` above its threshold and below
    the next one."""
    tax = np.zeros_like(amount)
    bounds = [*thresholds[1:], np.inf]
    for low, high, rate in zip(thresholds, bounds, rates, strict=True):
        tax += rate * np.clip(amount - low, 0.0, high - low)
    return tax


def municipal_rate(average: float, month: dt.date) -> np.ndarray:
    """The municipal income tax rate by municipality code (index 0–999) in `month`: the
    municipality's own rate where one is in effect, else the average (code 0: not known)."""
    from rules.system import system

    table = np.full(1000, float(average))
    instant = month.isoformat()
    for code, node in system().parameters.tax.municipal_rate.children.items():
        in_effect = [v for v in node.values_list if v.instant_str <= instant]
        if in_effect and in_effect[0].value is not None:  # values_list: newest first
            table[int(code)] = in_effect[0].value
    return table


def income_tax(
    p,
    taxable: np.ndarray,
    wage: np.ndarray,
    percent: np.ndarray,
    age,
    rate: np.ndarray,
    child_increases=0,
) -> np.ndarray:
    """Each member's tax a month: the tax card's percentage of the taxable income, rounded to
    cents; without a card, the estimate: the month × 12 taxed as a year (vero.fi's bases in
    rules/parameters/tax) and ÷ 12 — the expense deduction from wages, the daily allowance
    contribution and the employee's pension and unemployment insurance contributions
    (deductible), the basic deduction, the state scale, the municipal tax at `rate` (the
    home municipality's, else the average), the medical care contribution (the wage rate on
    the wage part), the work income deduction from those taxes, the broadcasting tax."""
    t = p.tax
    card = cents(np.nan_to_num(percent) * taxable / 100)
    year_wage = 12 * wage
    year_benefits = 12 * (taxable - wage)
    net_wage = year_wage - np.minimum(year_wage, t.income_expense_deduction)
    net = net_wage + year_benefits
    insured = (age >= t.daily_allowance_contribution_minimum_age) & (
        age <= t.daily_allowance_contribution_maximum_age
    )
    insured &= year_wage >= t.daily_allowance_contribution_threshold
    contribution = np.where(insured, year_wage * t.daily_allowance_contribution, 0.0)
    # The employee's pension and unemployment insurance contributions: not taxes, but
    # deductible.
    pension = np.where(
        (age >= t.employee_pension_contribution_increase_minimum_age)
        & (age <= t.employee_pension_contribution_increase_maximum_age),
        t.employee_pension_contribution + t.employee_pension_contribution_increase,
        t.employee_pension_contribution,
    )
    pension = np.where(
        (age >= t.employee_pension_contribution_minimum_age)
        & (age <= t.employee_pension_contribution_maximum_age),
        pension,
        0.0,
    )
    insurance = np.where(
        (age >= t.unemployment_insurance_contribution_minimum_age)
        & (age <= t.unemployment_insurance_contribution_maximum_age),
        t.unemployment_insurance_contribution,
        0.0,
    )
    income = np.maximum(net - contribution - (pension + insurance) * year_wage, 0.0)
    top = t.basic_deduction_maximum
    basic = np.where(
        income > top,
        np.maximum(top - (income - top) * t.basic_deduction_reduction_rate, 0.0),
        income,
    )
    base = income - basic
    scale = t.state_scale
    state = _marginal(list(scale.thresholds), list(scale.rates), base)
    from_wages = np.minimum(base, net_wage)  # the wage part (after its expense deduction)
    medical = from_wages * t.medical_care_contribution_wages
    medical += (base - from_wages) * t.medical_care_contribution_benefits
    ceiling = np.where(
        age >= t.work_income_deduction_increase_age,
        t.work_income_deduction_maximum + t.work_income_deduction_age_increase,
        t.work_income_deduction_maximum,
    )
    ceiling = ceiling + t.work_income_deduction_child_increase * child_increases
    first, second = (
        t.work_income_deduction_reduction_start,
        t.work_income_deduction_second_reduction_start,
    )
    cut = np.clip(net - first, 0.0, second - first) * t.work_income_deduction_reduction_rate
    cut += np.maximum(net - second, 0.0) * t.work_income_deduction_second_reduction_rate
    work = np.maximum(np.minimum(year_wage * t.work_income_deduction_rate, ceiling) - cut, 0.0)
    taxes = np.maximum(state + base * rate + medical - work, 0.0)
    yle = np.minimum(
        np.maximum(net - t.broadcasting_tax_threshold, 0.0) * t.broadcasting_tax_rate,
        t.broadcasting_tax_maximum,
    )
    yle = np.where(age >= t.broadcasting_tax_minimum_age, yle, 0.0)
    estimate = cents((taxes + contribution + yle) / 12)
    return np.where(np.isnan(percent), estimate, card)
