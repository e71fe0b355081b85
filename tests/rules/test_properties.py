"""Properties of the household rules over random households (Hypothesis), through the same
entry point as `polku-rules calc` (rules.api) and, for the basic amounts, the country
package itself:

- a partner's income never raises social assistance;
- the family's social-assistance basic amounts never fall with another child;
- the housing allowance never rises with income, rises with the rent up to the cap and is
  flat above it;
- one household computed alone equals the same household computed with others (several
  alternatives, several months, a population through rules.calc.simulate, the older
  `person` format and its household);
- more earnings never lower the unemployment benefit or the net income, and with social
  assistance a single person's net income is at least the basic amount + the housing costs;
- the unemployment benefit is paid exactly from the minimum age of the birth year.
"""

import datetime as dt

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openfisca_core.simulation_builder import SimulationBuilder

from rules import api, calc
from rules.entities import ROLE_CODES
from rules.municipalities import HOUSING_GROUP, code_for
from rules.system import system
from rules.variables import TENURES

MONTHS = ["2025-06", "2026-02", "2026-03", "2026-06", "2026-12"]
months = st.sampled_from(MONTHS)
euros = st.integers(min_value=0, max_value=600_000).map(lambda cents: cents / 100)
rents = st.integers(min_value=0, max_value=200_000).map(lambda cents: cents / 100)
municipalities = st.sampled_from(["Helsinki", "Espoo", "Seinäjoki", "Kemijärvi", None])
tax_cards = st.sampled_from([None, 10.0, 20.0, 35.5])
# Children born 2009–2024 are under 18 and born before every month in MONTHS.
child_births = st.lists(
    st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2024, 12, 31)), max_size=4
)


def _member(role: str, birth: str, **fields) -> dict:
    member = {"role": role, "birth_date": birth}
    member.update({key: value for key, value in fields.items() if value is not None})
    return member


@st.composite
def households(draw, *, partner=None, tenure=None):
    """A household of an applicant, maybe a partner and up to four children."""
    members = [
        _member(
            "applicant",
            draw(st.sampled_from(["1962-07-01", "1985-02-01", "2001-11-11"])),
            unemployment_benefit=draw(st.booleans()),
            annual_earned_income=float(draw(st.integers(0, 60_000))),
            withholding_percent=draw(tax_cards),
        )
    ]
    if partner if partner is not None else draw(st.booleans()):
        members.append(
            _member(
                "partner",
                "1987-06-01",
                gross_wage=draw(euros),
                unemployment_benefit=draw(st.booleans()),
                withholding_percent=draw(tax_cards),
            )
        )
    members += [_member("child", f"{birth:%Y-%m-%d}") for birth in draw(child_births)]
    household = {
        "housing_cost": draw(rents),
        "tenure": tenure or draw(st.sampled_from(["rent", "right_of_occupancy", "owner"])),
        "members": members,
    }
    municipality = draw(municipalities)
    if municipality is not None:
        household["municipality"] = municipality
    return household


def _calc(month: str, household: dict, alternatives: list[dict]) -> list[dict]:
    situation = {"month": month, "household": household, "alternatives": alternatives}
    return api.calculate(situation)["alternatives"]


def _amount(alternative: dict, component: str, member: str | None = None) -> float:
    return sum(
        c["amount"]
        for c in alternative["components"]
        if c["id"] == component and (member is None or c["member"] == member)
    )


def _with(household: dict, **changes) -> dict:
    return {**household, **changes}


def _partner_wage(household: dict, wage: float) -> dict:
    members = [
        {**m, "gross_wage": wage} if m["role"] == "partner" else m for m in household["members"]
    ]
    return _with(household, members=members)


# --------------------------------------------------------------------------------------------
# Social assistance


# A partner's unemployment benefit falls by 50 cents a euro of wage, its daily amount rounded
# to cents a day: up to 0.5 cent × 21.5 days ≈ 0.11 € of rounding a month.
DAY_ROUNDING = 0.11


@settings(max_examples=120, deadline=None)
@given(
    month=months,
    household=households(partner=True),
    a=euros,
    b=euros,
    entitled=st.booleans(),
)
def test_a_partners_income_never_raises_social_assistance(month, household, a, b, entitled):
    """More income of the partner never raises social assistance — where no other benefit
    falls by more than the income counted. Two effects of the law itself are outside this:

    - before 1.3.2026 the earned-income deduction leaves up to 150 € of each wage out of
      social assistance while the same wage cuts an unemployment benefit: the partner's small
      wage raises social assistance (the test below shows it by hand), so a partner on the
      benefit is tested from 1.3.2026;
    - the housing allowance has cliffs (not paid under 15 €; a deductible under 10 € is
      ignored): a euro more income can cost several euros of housing allowance, which social
      assistance then makes up. So social assistance alone is compared where no housing
      allowance is paid, and everywhere the last-resort total (housing allowance + social
      assistance) never rises."""
    assume(not entitled or month >= "2026-03")
    members = [
        {**m, "unemployment_benefit": entitled} if m["role"] == "partner" else m
        for m in household["members"]
    ]
    household = _with(household, members=members)
    now = [{"id": "now", "kind": "status_quo"}]
    low = _calc(month, _partner_wage(household, min(a, b)), now)[0]
    high = _calc(month, _partner_wage(household, max(a, b)), now)[0]
    # Each component is rounded to cents on its own, the benefit a day.
    slack = 0.02 + (DAY_ROUNDING if entitled else 0.0)

    def last_resort(alternative):
        return _amount(alternative, "housing_allowance") + _amount(alternative, "social_assistance")

    assert last_resort(high) <= last_resort(low) + slack
    if _amount(low, "housing_allowance") == _amount(high, "housing_allowance") == 0:
        assert _amount(high, "social_assistance") <= _amount(low, "social_assistance") + slack


def test_before_march_2026_a_partners_small_wage_that_cuts_the_benefit_raises_assistance():
    """February 2026, a couple in Seinäjoki, rent 600, the partner on the unemployment
    benefit with a 20 % tax card, the applicant without income. A wage of 100 € cuts the
    benefit to 37.21 − 0.50 × 100 ÷ 21.5 = 34.88 a day × 21.5 = 749.92 (from 800.02); the
    wage after tax (80 €) is left out of social assistance whole (the 150 € earned-income
    deduction, kela.fi); the housing allowance stays 0.70 × 600 = 420.00 (income 849 € under
    the 855 € threshold for two adults). Net income counted: 800.02 − 160.00 = 640.02
    without, 849.92 − 169.98 − 80 = 599.94 with the wage: social assistance rises 40.08 €."""
    household = {
        "municipality": "Seinäjoki",
        "housing_cost": 600,
        "members": [
            _member("applicant", "1985-02-01"),
            _member("partner", "1987-06-01", unemployment_benefit=True, withholding_percent=20),
        ],
    }
    now = [{"id": "now", "kind": "status_quo"}]
    without = _calc("2026-02", _partner_wage(household, 0), now)[0]
    with_wage = _calc("2026-02", _partner_wage(household, 100), now)[0]
    assert _amount(with_wage, "unemployment_benefit", "partner") == 749.92
    rise = _amount(with_wage, "social_assistance") - _amount(without, "social_assistance")
    assert round(rise, 2) == 40.08


def _basic_amounts(month: str, births: list[dt.date], partner: bool) -> float:
    """The family's basic amounts (social_assistance_basic_amount summed over the members),
    from the country package."""
    persons = {"applicant": {"birth_date": "1985-02-01"}}
    roles: dict[str, list[str]] = {"applicants": ["applicant"]}
    if partner:
        persons["partner"] = {"birth_date": "1987-06-01"}
        roles["partners"] = ["partner"]
    for i, birth in enumerate(births):
        persons[f"child{i}"] = {"birth_date": f"{birth:%Y-%m-%d}"}
    if births:
        roles["children"] = [f"child{i}" for i in range(len(births))]
    builder = SimulationBuilder()
    builder.set_default_period(month)
    simulation = builder.build_from_entities(
        system(), {"persons": persons, "households": {"home": roles}}
    )
    return float(simulation.calculate("social_assistance_basic_amount", month).sum())


@settings(max_examples=80, deadline=None)
@given(
    month=months,
    births=child_births,
    newborn=st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2024, 12, 31)),
    partner=st.booleans(),
)
def test_the_basic_amounts_never_fall_with_another_child(month, births, newborn, partner):
    before = _basic_amounts(month, births, partner)
    after = _basic_amounts(month, [*births, newborn], partner)
    assert after >= before


@settings(max_examples=80, deadline=None)
@given(month=months, household=households(partner=False), wage=euros)
def test_with_social_assistance_a_single_persons_net_income_covers_basic_amount_and_housing(
    month, household, wage
):
    household = _with(household, members=household["members"][:1])  # no children
    alternatives = [{"id": "work", "kind": "part_time_work", "gross_wage": wage}]
    only = _calc(month, household, alternatives)[0]
    single = system().parameters(f"{month}-01").social_assistance.basic_amount.single
    assert only["net"] >= single + household["housing_cost"] - 0.02


# --------------------------------------------------------------------------------------------
# Housing allowance


@settings(max_examples=120, deadline=None)
@given(month=months, household=households(), a=euros, b=euros)
def test_the_housing_allowance_never_rises_with_income(month, household, a, b):
    low, high = _calc(
        month,
        household,
        [
            {"id": "low", "kind": "part_time_work", "gross_wage": min(a, b)},
            {"id": "high", "kind": "part_time_work", "gross_wage": max(a, b)},
        ],
    )
    assert _amount(high, "housing_allowance") <= _amount(low, "housing_allowance")


def _cap(month: str, household: dict) -> float:
    """The cap on housing costs for this household: rules/parameters/housing_allowance/
    max_cost by municipality group (rules.municipalities; an unknown municipality: group 4)
    and household size."""
    name = household.get("municipality")
    code = code_for(name) if name else None
    group = HOUSING_GROUP.get(code, 4) if code else 4
    caps = getattr(system().parameters(f"{month}-01").housing_allowance.max_cost, f"group_{group}")
    size = len(household["members"])
    return getattr(caps, f"persons_{min(size, 4)}") + caps.each_additional * max(size - 4, 0)


@settings(max_examples=120, deadline=None)
@given(month=months, household=households(tenure="rent"), r1=rents, r2=rents)
def test_the_housing_allowance_rises_with_the_rent_up_to_the_cap_and_is_flat_above(
    month, household, r1, r2
):
    now = [{"id": "now", "kind": "status_quo"}]
    low_rent, high_rent = min(r1, r2), max(r1, r2)
    low = _amount(
        _calc(month, _with(household, housing_cost=low_rent), now)[0], "housing_allowance"
    )
    high = _amount(
        _calc(month, _with(household, housing_cost=high_rent), now)[0], "housing_allowance"
    )
    assert low <= high
    if low_rent >= _cap(month, household):
        assert low == high


@settings(max_examples=40, deadline=None)
@given(month=months, household=households(tenure="rent"))
def test_the_housing_allowance_reaches_its_cap(month, household):
    """At the cap, a higher rent adds nothing; just below it, a euro more adds 70 cents
    (when the allowance is paid at all)."""
    cap = _cap(month, household)
    now = [{"id": "now", "kind": "status_quo"}]
    at_cap = _amount(_calc(month, _with(household, housing_cost=cap), now)[0], "housing_allowance")
    above = _amount(
        _calc(month, _with(household, housing_cost=cap + 500), now)[0], "housing_allowance"
    )
    below = _amount(
        _calc(month, _with(household, housing_cost=cap - 1), now)[0], "housing_allowance"
    )
    assert above == at_cap
    assume(below > 0)
    assert abs(at_cap - below - 0.70) <= 0.011


@settings(max_examples=60, deadline=None)
@given(
    month=st.sampled_from(["2025-08", "2026-03", "2026-06", "2026-12"]),
    household=households(partner=True, tenure="rent"),
)
def test_a_student_partner_is_left_out_of_the_housing_allowance_household(month, household):
    """From 1.8.2025 a student entitled to the housing supplement is not a member of the
    household (Act on General Housing Allowance (938/2014), section 4, subsection 5, Act
    836/2024) and the household's costs are its members' per-head share (section 9,
    subsection 4): with a student partner and no children, the allowance is the applicant's
    alone with half the costs, whatever the partner earns."""
    applicant, partner = household["members"][0], household["members"][1]
    student = {**partner, "full_time_student": True}
    together = _with(household, members=[applicant, student])
    alone = _with(household, members=[applicant], housing_cost=household["housing_cost"] * 1 / 2)
    now = [{"id": "now", "kind": "status_quo"}]
    assert _amount(_calc(month, together, now)[0], "housing_allowance") == _amount(
        _calc(month, alone, now)[0], "housing_allowance"
    )


def test_a_couple_with_a_student_partner_in_seinajoki():
    """Rent 800 €, the applicant on the unemployment benefit (800.02 €, tax card 20 %), the
    partner a full-time student without income, 6/2026: the household is the applicant
    alone, costs 400 €, cap 447 €, deductible 0.50 × (800 − 761) = 19.50 €: 0.70 × 380.50."""
    household = {
        "municipality": "Seinäjoki",
        "housing_cost": 800,
        "tenure": "rent",
        "members": [
            _member("applicant", "1985-02-01", unemployment_benefit=True, withholding_percent=20),
            _member("partner", "2001-11-11", full_time_student=True),
        ],
    }
    now = [{"id": "now", "kind": "status_quo"}]
    assert _amount(_calc("2026-06", household, now)[0], "housing_allowance") == 266.35
    # Before 1.8.2025 the student partner was a member: 0.70 × the two-person cap 652 €.
    assert _amount(_calc("2025-07", household, now)[0], "housing_allowance") == 456.40


def _child_assets(household: dict, assets: float) -> dict:
    members = [{**m, "assets": assets} if m["role"] == "child" else m for m in household["members"]]
    return _with(household, members=members)


@settings(max_examples=60, deadline=None)
@given(
    month=months,
    household=households(tenure="rent"),
    assets=st.integers(min_value=0, max_value=200_000).map(float),
)
def test_a_childs_assets_never_change_the_housing_allowance(month, household, assets):
    """Act on General Housing Allowance (938/2014), section 13, subsection 5 (Act 910/2024,
    from 1.1.2025): a child's assets are not counted, neither as income nor in the limit."""
    assume(any(m["role"] == "child" for m in household["members"]))
    now = [{"id": "now", "kind": "status_quo"}]
    without = _amount(_calc(month, household, now)[0], "housing_allowance")
    rich_child = _calc(month, _child_assets(household, assets), now)[0]
    assert _amount(rich_child, "housing_allowance") == without


def test_a_single_parents_housing_allowance_ignores_the_childs_savings():
    """Row 6 of docs/rules-verification.md with 60 000 € of savings in the child's name."""
    household = {
        "municipality": "Seinäjoki",
        "housing_cost": 650,
        "tenure": "rent",
        "members": [
            _member("applicant", "1990-03-01", unemployment_benefit=True),
            _member("child", "2021-01-15", assets=60_000.0),
        ],
    }
    now = [{"id": "now", "kind": "status_quo"}]
    assert _amount(_calc("2026-06", household, now)[0], "housing_allowance") == 455.00


# --------------------------------------------------------------------------------------------
# One household alone and together


ALTERNATIVES = [
    {"id": "now", "kind": "status_quo"},
    {"id": "part", "kind": "part_time_work", "gross_wage": 900},
    {"id": "trial", "kind": "work_trial", "attendance_days": 12},
    {"id": "activity", "kind": "rehabilitative_work_activity", "attendance_days": 8},
    {"id": "sick", "kind": "sickness_allowance"},
    {"id": "partial", "kind": "sickness_allowance", "partial": True, "gross_wage": 600},
    {"id": "rehab", "kind": "vocational_rehabilitation"},
]


@settings(max_examples=40, deadline=None)
@given(month=months, household=households(), take=st.integers(2, len(ALTERNATIVES)))
def test_alternatives_computed_together_equal_each_alone(month, household, take):
    together = _calc(month, household, ALTERNATIVES[:take])
    for alternative, joint in zip(ALTERNATIVES[:take], together, strict=True):
        assert _calc(month, household, [alternative])[0] == joint


@settings(max_examples=25, deadline=None)
@given(household=households(), pick=st.lists(st.sampled_from(MONTHS[1:]), min_size=2, unique=True))
def test_months_computed_together_equal_each_month_alone(household, pick):
    situation = {"month": pick[0], "household": household, "alternatives": ALTERNATIVES[:3]}
    together = api.calculate_months(situation, pick)
    for month in pick:
        assert together[month] == api.calculate({**situation, "month": month})


@settings(max_examples=60, deadline=None)
@given(
    month=months,
    entitled=st.booleans(),
    adults=st.integers(1, 2),
    children=st.integers(0, 3),
    rent=rents,
    municipality=municipalities,
)
def test_the_person_format_equals_its_household(
    month, entitled, adults, children, rent, municipality
):
    """The older one-person format is the household rules.api documents: a partner without
    income born the same day, the children 5 years old with the first given the oldest."""
    person = {
        "birth_date": "1985-02-01",
        "unemployment_benefit": entitled,
        "adults_in_household": adults,
        "children_in_household": children,
        "housing_cost": rent,
    }
    first = dt.date.fromisoformat(f"{month}-01")
    members = [_member("applicant", "1985-02-01", unemployment_benefit=entitled)]
    if adults == 2:
        members.append(_member("partner", "1985-02-01"))
    for i in range(children):
        born = first.replace(year=first.year - 5) - dt.timedelta(days=children - i)
        members.append(_member("child", f"{born:%Y-%m-%d}"))
    household = {"housing_cost": rent, "members": members}
    if municipality is not None:
        person["municipality"] = municipality
        household["municipality"] = municipality
    legacy = api.calculate({"month": month, "person": person, "alternatives": ALTERNATIVES})
    modern = api.calculate({"month": month, "household": household, "alternatives": ALTERNATIVES})
    assert legacy == modern


# --------------------------------------------------------------------------------------------
# Earnings


@settings(max_examples=100, deadline=None)
@given(month=months, household=households(), a=euros, b=euros)
def test_more_earnings_never_raise_the_unemployment_benefit_nor_lower_net_income(
    month, household, a, b
):
    low, high = _calc(
        month,
        household,
        [
            {"id": "low", "kind": "part_time_work", "gross_wage": min(a, b)},
            {"id": "high", "kind": "part_time_work", "gross_wage": max(a, b)},
        ],
    )
    benefit = "unemployment_benefit"
    assert _amount(high, benefit, "applicant") <= _amount(low, benefit, "applicant")
    # Components are rounded to cents one by one: a cent or two of rounding, no more.
    assert high["net"] >= low["net"] - 0.02


# Unemployment Security Act (1290/2002), chapter 3, section 1, subsection 1 as amended by Act
# 738/2024: from 1.1.2025 the benefit from 18, from 17 for those born before 2008 (the 17 of
# one born later who has completed compulsory education is not an input).
@settings(max_examples=80, deadline=None)
@given(
    month=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 1)).map(
        lambda day: day.replace(day=1)
    ),
    birth=st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2009, 12, 31)),
)
def test_the_unemployment_benefit_is_paid_from_the_minimum_age_of_the_birth_year(month, birth):
    age = month.year - birth.year - ((birth.month, birth.day) > (month.month, month.day))
    youngest = 17 if birth.year < 2008 else 18
    household = {
        "housing_cost": 0,
        "members": [_member("applicant", f"{birth:%Y-%m-%d}", unemployment_benefit=True)],
    }
    (now,) = _calc(f"{month:%Y-%m}", household, [{"id": "now", "kind": "status_quo"}])
    assert (_amount(now, "unemployment_benefit") > 0) == (age >= youngest), (age, birth)


def _population(households_: list[dict]) -> dict[str, dict]:
    """The households (status quo) as rules.calc.simulate's columns."""
    homes = {"housing_cost": [], "tenure": [], "municipality_code": []}
    people: dict[str, list] = {
        "household": [],
        "role": [],
        "birth_date": [],
        "gross_wage": [],
        "entitled_to_unemployment_benefit": [],
        "annual_earned_income": [],
        "withholding_percent": [],
    }
    for row, household in enumerate(households_):
        name = household.get("municipality")
        homes["housing_cost"].append(household["housing_cost"])
        homes["tenure"].append(TENURES.index(household["tenure"]))
        homes["municipality_code"].append((code_for(name) or 0) if name else 0)
        for member in household["members"]:
            people["household"].append(row)
            people["role"].append(ROLE_CODES[member["role"]])
            people["birth_date"].append(np.datetime64(member["birth_date"], "D"))
            people["gross_wage"].append(member.get("gross_wage", 0.0))
            people["entitled_to_unemployment_benefit"].append(
                member.get("unemployment_benefit", False)
            )
            people["annual_earned_income"].append(member.get("annual_earned_income", 0.0))
            people["withholding_percent"].append(member.get("withholding_percent", np.nan))
    return {
        "households": {name: np.array(values) for name, values in homes.items()},
        "persons": {name: np.array(values) for name, values in people.items()},
    }


@settings(max_examples=15, deadline=None)
@given(month=months, population=st.lists(households(), min_size=1, max_size=12))
def test_one_household_alone_equals_the_vectorised_population(month, population):
    """rules.calc.simulate over many households at once (the screening's path) gives each
    household the figures api.calculate gives it alone (the route plan's path)."""
    figures = calc.simulate(_population(population), [dt.date.fromisoformat(f"{month}-01")])
    together = figures[month]
    first = 0
    for row, household in enumerate(population):
        alone = _calc(month, household, [{"id": "now", "kind": "status_quo"}])[0]
        for component in ("housing_allowance", "social_assistance"):
            assert together[component][row] == _amount(alone, component), component
        assert together["household_net_income"][row] == alone["net"]
        assert together["household_income_tax"][row] == alone["tax"]
        members = alone["members"]
        for i, member in enumerate(members):
            assert together["net_income"][first + i] == member["net"], member["id"]
            benefit = _amount(alone, "child_benefit", member["id"])
            assert together["child_benefit"][first + i] == benefit, member["id"]
        first += len(members)
