"""rules.inputs: the one parser of a situation. Every refusal names its field by its path;
the legacy `person` and the `household` formats; Hypothesis: any JSON-ish input gives a
parse or an InputError, and a valid household round-trips."""

import copy
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import inputs
from rules.errors import InputError
from rules.inputs import Alternative, Household, Member, parse

FAMILY = {
    "month": "2026-06",
    "household": {
        "municipality": "Seinäjoki",
        "housing_cost": 700,
        "tenure": "rent",
        "members": [
            {
                "role": "applicant",
                "birth_date": "1985-02-01",
                "unemployment_benefit": True,
                "annual_earned_income": 0,
                "withholding_percent": 18.5,
            },
            {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 3000},
            {"role": "child", "birth_date": "2014-01-10"},
        ],
    },
    "alternatives": [{"id": "now", "kind": "status_quo"}],
}

LEGACY = {
    "month": "2026-06",
    "person": {
        "birth_date": "1988-03-15",
        "adults_in_household": 1,
        "children_in_household": 0,
        "unemployment_benefit": True,
    },
    "alternatives": [{"id": "now", "kind": "status_quo"}],
}


def family(**changes):
    """FAMILY with changes at dotted paths: {"household.members.1.gross_wage": 1}; a value
    of DELETE removes the field."""
    situation = copy.deepcopy(FAMILY)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = situation
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key = int(last) if isinstance(node, list) else last
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return situation


DELETE = object()


def refused(situation, months=None) -> str:
    with pytest.raises(InputError) as error:
        parse(situation, inputs.parse_months(months) if months else None)
    return str(error.value)


# --------------------------------------------------------------------------------------------
# The household format


def test_the_issues_household_parses_with_role_based_ids_and_defaults():
    month, household, alternatives = parse(FAMILY)
    assert month == dt.date(2026, 6, 1)
    assert household.housing_cost == 700.0
    assert household.tenure == "rent"
    assert household.municipality == "Seinäjoki"
    applicant, partner, child = household.members
    assert applicant == Member(
        id="applicant",
        role="applicant",
        birth_date=dt.date(1985, 2, 1),
        gross_wage=0.0,
        annual_earned_income=0.0,
        unemployment_benefit=True,
        withholding_percent=18.5,
        full_time_student=False,
        assets=0.0,
    )
    assert (partner.id, partner.gross_wage, partner.withholding_percent) == (
        "partner",
        3000.0,
        None,
    )
    assert (child.id, child.role, child.birth_date) == ("child1", "child", dt.date(2014, 1, 10))
    assert household.applicant is applicant
    assert alternatives == [Alternative("now", "status_quo", None, 0.0, False, False)]


def test_children_and_adult_children_are_numbered_in_the_order_given():
    members = [
        {"role": "child", "birth_date": "2012-01-01"},
        {"role": "adult_child", "birth_date": "2004-01-01"},
        {"role": "applicant", "birth_date": "1980-01-01"},
        {"role": "child", "birth_date": "2016-05-05", "id": "Aino"},
        {"role": "child", "birth_date": "2019-05-05"},
    ]
    _, household, _ = parse(family(**{"household.members": members}))
    assert [m.id for m in household.members] == [
        "child1",
        "adult_child1",
        "applicant",
        "Aino",
        "child2",
    ]


def test_tenure_defaults_to_rent_and_municipality_to_unknown():
    situation = family(**{"household.tenure": DELETE, "household.municipality": DELETE})
    _, household, _ = parse(situation)
    assert (household.tenure, household.municipality, household.municipality_code) == (
        "rent",
        None,
        None,
    )
    for tenure in inputs.TENURES:
        assert parse(family(**{"household.tenure": tenure}))[1].tenure == tenure


def test_a_valid_household_round_trips_through_dump():
    parsed = parse(FAMILY)
    assert parse(inputs.dump(*parsed)) == parsed


# --------------------------------------------------------------------------------------------
# The legacy person format


def test_the_legacy_person_is_an_applicant_alone():
    _, household, _ = parse(LEGACY)
    (applicant,) = household.members
    assert applicant.id == "applicant"
    assert applicant.birth_date == dt.date(1988, 3, 15)
    assert applicant.unemployment_benefit is True
    assert household.housing_cost == 0.0 and household.tenure == "rent"


def test_legacy_adults_and_children_become_members_without_income():
    situation = copy.deepcopy(LEGACY)
    situation["person"].update(
        adults_in_household=3,
        children_in_household=2,
        housing_cost=650,
        annual_earned_income=12000,
        municipality="Tampere",
    )
    _, household, _ = parse(situation)
    assert [m.id for m in household.members] == [
        "applicant",
        "partner",
        "adult_child1",
        "child1",
        "child2",
    ]
    applicant, partner, adult_child, first, second = household.members
    assert applicant.annual_earned_income == 12000.0
    assert household.housing_cost == 650.0 and household.municipality == "Tampere"
    # The partner: born the same day as the applicant; no income of their own.
    assert partner.birth_date == dt.date(1988, 3, 15)
    for member in (partner, adult_child, first, second):
        assert (member.gross_wage, member.annual_earned_income, member.unemployment_benefit) == (
            0.0,
            0.0,
            False,
        )
    # Children of unknown birth date: 5 years old on 1.6.2026, the first given the oldest.
    assert first.birth_date < second.birth_date
    assert all(dt.date(2021, 5, 1) < c.birth_date <= dt.date(2021, 6, 1) for c in (first, second))
    assert adult_child.birth_date == dt.date(2006, 6, 1)


def test_a_legacy_young_applicants_partner_is_taken_as_18():
    situation = copy.deepcopy(LEGACY)
    situation["person"].update(birth_date="2010-01-01", adults_in_household=2)
    _, household, _ = parse(situation)
    assert household.members[1].birth_date == dt.date(2008, 6, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gross_wages": 1}, "person.gross_wages: unknown field"),
        ({"adults_in_household": 0}, "person.adults_in_household: at least 1"),
        ({"adults_in_household": 1.5}, "person.adults_in_household: expected a whole number"),
        ({"children_in_household": 21}, "person.children_in_household: at most 20"),
        ({"unemployment_benefit": "yes"}, "person.unemployment_benefit: expected true or false"),
        ({"unemployment_benefit": None}, "person.unemployment_benefit: required"),
        ({"housing_cost": 1e9}, "person.housing_cost: at most 20000"),
        ({"annual_earned_income": -1}, "person.annual_earned_income: must not be negative"),
        ({"birth_date": "2026-07-01"}, "person.birth_date: 2026-07-01 is after the month"),
        ({"birth_date": "2020-01-01"}, "person.birth_date: the applicant must be at least 15"),
        ({"birth_date": "15.3.1988"}, "person.birth_date: expected a date as YYYY-MM-DD"),
    ],
)
def test_the_legacy_person_is_strict(changes, message):
    situation = copy.deepcopy(LEGACY)
    situation["person"].update(changes)
    assert refused(situation).startswith(message)


def test_both_person_and_household_or_neither_are_refused():
    assert "either household or person" in refused({**FAMILY, "person": LEGACY["person"]})
    assert refused({k: v for k, v in FAMILY.items() if k != "household"}).startswith(
        "household: required"
    )


# --------------------------------------------------------------------------------------------
# Refusals, each naming its field


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # unknown fields anywhere, with a suggestion
        (
            {"household.members.1.gross_wages": 3000},
            "household.members[1].gross_wages: unknown field (did you mean gross_wage?)",
        ),
        ({"household.rent": 700}, "household.rent: unknown field"),
        ({"alternatives.0.attendance_day": 3}, "alternatives[0].attendance_day: unknown field"),
        ({"monht": "2026-06"}, "monht: unknown field (did you mean month?)"),
        # types
        ({"household.housing_cost": "700"}, "household.housing_cost: expected a number"),
        ({"household.housing_cost": True}, "household.housing_cost: expected a number"),
        ({"household.members.1.gross_wage": None}, "household.members[1].gross_wage: required"),
        ({"household.members.0.unemployment_benefit": 1}, "household.members[0].unemployment"),
        ({"household.members.0.full_time_student": "no"}, "household.members[0].full_time_s"),
        ({"household.members": []}, "household.members: expected a non-empty list"),
        ({"household.members": {"role": "applicant"}}, "household.members: expected a non-empty"),
        ({"household.members.2": "child"}, "household.members[2]: expected an object"),
        ({"household": [1]}, "household: expected an object"),
        ({"household.municipality": 91}, "household.municipality: required (a non-empty string)"),
        ({"household.municipality": None}, "household.municipality: expected a name"),
        ({"household.members.2.id": ""}, "household.members[2].id: required (a non-empty"),
        # negative, non-finite and absurd amounts
        ({"household.members.1.gross_wage": -1}, "household.members[1].gross_wage: must not be"),
        ({"household.members.1.gross_wage": 1e300}, "household.members[1].gross_wage: at most"),
        ({"household.members.1.gross_wage": 100_000.01}, "household.members[1].gross_wage: at"),
        ({"household.members.1.gross_wage": float("nan")}, "household.members[1].gross_wage: ex"),
        ({"household.members.1.gross_wage": float("inf")}, "household.members[1].gross_wage: ex"),
        ({"household.members.1.gross_wage": 10**400}, "household.members[1].gross_wage: at most"),
        ({"household.housing_cost": 1e9}, "household.housing_cost: at most 20000"),
        ({"household.members.0.assets": 1e12}, "household.members[0].assets: at most"),
        ({"household.members.0.annual_earned_income": 2e6}, "household.members[0].annual_earn"),
        ({"household.members.0.withholding_percent": 100.5}, "household.members[0].withholding"),
        ({"household.members.0.withholding_percent": -1}, "household.members[0].withholding_p"),
        ({"household.members.0.withholding_percent": None}, "household.members[0].withholding"),
        # categories
        ({"household.tenure": "rental"}, "household.tenure: expected one of rent, owner, right"),
        ({"household.members.2.role": "baby"}, "household.members[2].role: expected one of"),
        # dates and ages
        ({"household.members.2.birth_date": "2026-07-01"}, "household.members[2].birth_date: 2"),
        ({"household.members.2.birth_date": "2026-02-30"}, "household.members[2].birth_date: '2"),
        ({"household.members.2.birth_date": "20140110"}, "household.members[2].birth_date: exp"),
        ({"household.members.0.birth_date": "1890-01-01"}, "household.members[0].birth_date: 1"),
        (
            {"household.members.0.birth_date": "2026-05-01"},
            "household.members[0].birth_date: the applicant must be at least 15",
        ),
        (
            {"household.members.0.birth_date": "2011-06-02"},
            "household.members[0].birth_date: the applicant must be at least 15",
        ),
        ({"household.members.2.birth_date": "2008-06-01"}, "household.members[2].role: a child"),
        ({"household.members.1.birth_date": "2008-06-02"}, "household.members[1].birth_date: a p"),
        (
            {"household.members.2.role": "adult_child"},
            "household.members[2].birth_date: an adult_child is 18 or over",
        ),
        # roles
        ({"household.members.1.role": "applicant"}, "household.members[1].role: more than one a"),
        (
            {"household.members.2.role": "partner", "household.members.2.birth_date": "1990-01-01"},
            "household.members[2].role: more than one partner",
        ),
        ({"household.members.0.role": "partner"}, "household.members[1].role: more than one p"),
        (
            {"household.members.0.id": "x", "household.members.1.id": "x"},
            "household.members[1].id: 'x' is used twice",
        ),
        ({"household.members.2.id": "household"}, "household.members[2].id: 'household' is res"),
        # months
        ({"month": "2024-12"}, "month: the law is encoded for 2025-01 … 2026-12; got 2024-12"),
        ({"month": "2027-01"}, "month: the law is encoded for 2025-01 … 2026-12; got 2027-01"),
        ({"month": "2026-13"}, "month: '2026-13' is not a month"),
        ({"month": "2026-6"}, "month: expected a month as YYYY-MM"),
        ({"month": "2026-06\n"}, "month: expected a month as YYYY-MM"),
        ({"month": "٢٠٢٦-٠٦"}, "month: expected a month as YYYY-MM"),
        ({"household.members.2.birth_date": "2014-01-10\n"}, "household.members[2].birth_date: e"),
        ({"month": DELETE}, "month: expected a month as YYYY-MM, got None"),
    ],
)
def test_bad_household_input_is_refused_naming_the_field(changes, message):
    assert refused(family(**changes)).startswith(message)


def test_an_applicant_missing_is_refused():
    situation = family(**{"household.members.0.role": "adult_child"})
    assert (
        refused(situation) == "household.members: exactly one member with role applicant is needed"
    )


def test_the_situation_must_be_an_object():
    assert refused([FAMILY]).startswith("the situation: expected an object")


def test_more_than_twenty_members_are_refused():
    children = [{"role": "child", "birth_date": "2015-01-01"}] * 20
    situation = family(**{"household.members": [*FAMILY["household"]["members"][:1], *children]})
    assert refused(situation).startswith("household.members: at most 20 members")


def test_ages_are_taken_on_the_first_day_of_the_month():
    # 15 on 1.6.2026 exactly; a child 17 until 1.6.2026
    ok = family(
        **{
            "household.members.0.birth_date": "2011-06-01",
            "household.members.2.birth_date": "2008-06-02",
            "household.members.1.birth_date": "2008-06-01",
        }
    )
    _, household, _ = parse(ok)
    assert [m.birth_date.year for m in household.members] == [2011, 2008, 2008]


def test_a_birth_later_in_the_month_is_accepted_and_after_it_refused():
    assert parse(family(**{"household.members.2.birth_date": "2026-06-30"}))[1].members[2]
    assert "is after the month 2026-06" in refused(
        family(**{"household.members.2.birth_date": "2026-07-01"})
    )


# --------------------------------------------------------------------------------------------
# Alternatives


def alternative(**fields):
    return family(alternatives=[{"id": "a", **fields}])


def test_the_alternatives_fields_by_kind():
    cases = {
        "part_time_work": ({"gross_wage": 900}, Alternative("a", "part_time_work", 900.0, 0, 0, 0)),
        "work_trial": (
            {"attendance_days": 22, "outside_commuting_area": True},
            Alternative("a", "work_trial", None, 22.0, True, False),
        ),
        "rehabilitative_work_activity": (
            {"attendance_days": 18.0, "outside_commuting_area": False},
            Alternative("a", "rehabilitative_work_activity", None, 18.0, False, False),
        ),
        "sickness_allowance": (
            {"partial": True, "gross_wage": 1200},
            Alternative("a", "sickness_allowance", 1200.0, 0.0, False, True),
        ),
        "vocational_rehabilitation": (
            {"attendance_days": 30},
            Alternative("a", "vocational_rehabilitation", None, 30.0, False, False),
        ),
        "studies_with_rehabilitation": (
            {},
            Alternative("a", "studies_with_rehabilitation", None, 0.0, False, False),
        ),
    }
    for kind, (fields, expected) in cases.items():
        assert parse(alternative(kind=kind, **fields))[2] == [expected]


def test_the_days_a_kind_allows_come_from_the_calendar():
    # June 2026 begins on a Monday: 22 weekdays; weeks of 7, 7, 7, 7 and 2 days in the month
    # → 4 + 4 + 4 + 4 + 2 = 18 days of rehabilitative work activity.
    assert inputs.working_days(dt.date(2026, 6, 1)) == 22
    assert inputs.rehabilitative_work_days(dt.date(2026, 6, 1)) == 18
    # February 2026 begins on a Sunday: 20 weekdays; weeks of 1, 7, 7, 7, 6 days → 1+4+4+4+4.
    assert inputs.working_days(dt.date(2026, 2, 1)) == 20
    assert inputs.rehabilitative_work_days(dt.date(2026, 2, 1)) == 17


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"kind": "work_trial", "attendance_days": 31},
            "alternatives[0].attendance_days: 2026-06 has 22 working days (Mon–Fri) for work_trial",
        ),
        ({"kind": "work_trial", "attendance_days": 23}, "alternatives[0].attendance_days: 2026-06"),
        (
            {"kind": "rehabilitative_work_activity", "attendance_days": 19},
            "alternatives[0].attendance_days: 2026-06 has 18 days at 4 a week",
        ),
        (
            {"kind": "rehabilitative_work_activity", "attendance_days": 23},
            "alternatives[0].attendance_days: 2026-06 has 18",
        ),
        ({"kind": "vocational_rehabilitation", "attendance_days": 31}, "alternatives[0].attendan"),
        ({"kind": "work_trial", "attendance_days": 2.5}, "alternatives[0].attendance_days: expec"),
        ({"kind": "work_trial", "attendance_days": -1}, "alternatives[0].attendance_days: must"),
        ({"kind": "work_trial", "attendance_days": 32}, "alternatives[0].attendance_days: at mo"),
        ({"kind": "work_trial"}, "alternatives[0].attendance_days: required"),
        ({"kind": "status_quo", "attendance_days": 3}, "alternatives[0].attendance_days: only"),
        ({"kind": "sickness_allowance", "attendance_days": 3}, "alternatives[0].attendance_days"),
        ({"kind": "part_time_work"}, "alternatives[0].gross_wage: required"),
        ({"kind": "part_time_work", "gross_wage": 1e300}, "alternatives[0].gross_wage: at most"),
        ({"kind": "pay_subsidised_work", "gross_wage": "1800"}, "alternatives[0].gross_wage: exp"),
        ({"kind": "status_quo", "gross_wage": 900}, "alternatives[0].gross_wage: only for"),
        ({"kind": "work_trial", "attendance_days": 5, "gross_wage": 9}, "alternatives[0].gross_"),
        ({"kind": "sickness_allowance", "gross_wage": 900}, "alternatives[0].gross_wage: only"),
        ({"kind": "status_quo", "partial": True}, "alternatives[0].partial: only for"),
        ({"kind": "sickness_allowance", "partial": "yes"}, "alternatives[0].partial: expected"),
        (
            {
                "kind": "rehabilitative_work_activity",
                "attendance_days": 4,
                "outside_commuting_area": True,
            },
            "alternatives[0].outside_commuting_area: only for work_trial",
        ),
        ({"kind": "holiday"}, "alternatives[0].kind: unknown kind 'holiday'; known: status_quo"),
        ({"kind": "status_quo", "gross_wages": 1}, "alternatives[0].gross_wages: unknown field"),
    ],
)
def test_bad_alternatives_are_refused_naming_the_field(fields, message):
    assert refused(alternative(**fields)).startswith(message)


def test_alternatives_need_unique_ids_and_a_list():
    twice = family(alternatives=[{"id": "a", "kind": "status_quo"}] * 2)
    assert refused(twice) == "alternatives[1].id: 'a' is used twice"
    assert refused(family(alternatives=[])).startswith("alternatives: expected a non-empty list")
    assert refused(family(alternatives=[{"kind": "status_quo"}])).startswith(
        "alternatives[0].id: required"
    )


# --------------------------------------------------------------------------------------------
# Several months


def test_months_are_checked_and_sorted():
    assert inputs.parse_months(["2026-03", "2026-01", "2026-03"]) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 1),
    ]
    for months, message in [
        ([], "months: expected a non-empty list"),
        ("2026-01", "months: expected a non-empty list"),
        (["2026-01", "2027-01"], "months[1]: the law is encoded for 2025-01 … 2026-12"),
        (["2024-12"], "months[0]: the law is encoded for"),
        (["2026-1"], "months[0]: expected a month as YYYY-MM"),
    ]:
        with pytest.raises(InputError) as error:
            inputs.parse_months(months)
        assert str(error.value).startswith(message)


def test_with_months_the_situations_month_may_be_left_out_but_not_wrong():
    months = inputs.parse_months(["2026-02", "2026-01"])
    assert parse(family(month=DELETE), months)[0] == dt.date(2026, 1, 1)
    assert refused(family(month="2027-01"), ["2026-01"]).startswith("month: the law is encoded")


def test_with_months_the_days_fit_every_month_and_ages_the_first():
    trial = alternative(kind="work_trial", attendance_days=21)
    assert parse(trial, inputs.parse_months(["2026-05", "2026-06"]))[0] == dt.date(2026, 5, 1)
    # February 2026 has only 20 weekdays
    assert refused(trial, ["2026-02", "2026-06"]).startswith(
        "alternatives[0].attendance_days: 2026-02 has 20 working days"
    )
    # a child born in June is not yet born in May
    born = family(**{"household.members.2.birth_date": "2026-06-10"})
    assert "is after the month 2026-05" in refused(born, ["2026-05", "2026-06"])


# --------------------------------------------------------------------------------------------
# Properties

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2026-06", "1985-02-01", "applicant", "child", "work_trial", "rent"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    *inputs.TOP_FIELDS,
                    *inputs.MEMBER_FIELDS,
                    *inputs.HOUSEHOLD_FIELDS,
                    *inputs.PERSON_FIELDS,
                    *inputs.ALTERNATIVE_FIELDS,
                    "x",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_arbitrary_json_gives_a_parse_or_an_input_error(value):
    try:
        parse(value)
    except InputError as error:
        assert str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_field_of_a_valid_situation_replaced_gives_a_parse_or_an_input_error(data):
    trial = {"id": "t", "kind": "work_trial", "attendance_days": 5, "outside_commuting_area": True}
    part = {"id": "p", "kind": "sickness_allowance", "partial": True, "gross_wage": 900}
    bases = [FAMILY, LEGACY, {**FAMILY, "alternatives": [trial, part]}]
    situation = copy.deepcopy(data.draw(st.sampled_from(bases)))
    paths = [p for p in _paths(situation) if p]
    path = data.draw(st.sampled_from(paths))
    node = situation
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(JSON)
    try:
        parse(situation)
    except InputError as error:
        assert str(error)


DATES = st.dates(dt.date(1920, 1, 1), dt.date(2026, 6, 1))
AMOUNT = st.floats(0, 100_000, allow_nan=False)


@st.composite
def households(draw):
    month = dt.date(2026, 6, 1)

    def born(low_age, high_age):
        return draw(
            st.dates(
                inputs._years_before(month, high_age + 1) + dt.timedelta(days=1),
                inputs._years_before(month, low_age),
            )
        )

    others = st.lists(st.sampled_from(["partner", "child", "adult_child"]), max_size=6)
    roles = ["applicant", *draw(others)]
    if roles.count("partner") > 1:
        roles = [r for i, r in enumerate(roles) if r != "partner" or i == roles.index("partner")]
    ages = {"applicant": (15, 100), "partner": (18, 100), "adult_child": (18, 40), "child": (0, 17)}
    members = []
    for role in draw(st.permutations(roles)):
        member = {"role": role, "birth_date": born(*ages[role]).isoformat()}
        if draw(st.booleans()):
            member["gross_wage"] = draw(AMOUNT)
        if draw(st.booleans()):
            member["annual_earned_income"] = draw(st.floats(0, 1_200_000))
        if draw(st.booleans()):
            member["withholding_percent"] = draw(st.floats(0, 100))
        if draw(st.booleans()):
            member["unemployment_benefit"] = draw(st.booleans())
        if draw(st.booleans()):
            member["full_time_student"] = draw(st.booleans())
        if draw(st.booleans()):
            member["assets"] = draw(st.integers(0, 10**8))
        members.append(member)
    alternatives = []
    ids = draw(
        st.lists(
            st.text(min_size=1, max_size=5).filter(str.strip), min_size=1, max_size=4, unique=True
        )
    )
    for ident in ids:
        kind = draw(st.sampled_from(inputs.ACTIVITIES))
        alt = {"id": ident, "kind": kind}
        if kind in inputs.KINDS_WITH_WAGE:
            alt["gross_wage"] = draw(AMOUNT)
        if kind in inputs.KINDS_WITH_DAYS:  # June 2026: at most 18 (4 a week), 22 (Mon–Fri)
            alt["attendance_days"] = draw(st.integers(0, 18))
        if kind in inputs.KINDS_WITH_REHABILITATION_DAYS and draw(st.booleans()):
            alt["attendance_days"] = draw(st.integers(0, 30))
        if kind == "work_trial" and draw(st.booleans()):
            alt["outside_commuting_area"] = draw(st.booleans())
        if kind in inputs.KINDS_WITH_ALLOWANCE and draw(st.booleans()):
            alt["partial"] = True
            if draw(st.booleans()):
                alt["gross_wage"] = draw(AMOUNT)
        alternatives.append(alt)
    household = {
        "housing_cost": draw(st.floats(0, 20_000)),
        "tenure": draw(st.sampled_from(inputs.TENURES)),
        "members": members,
    }
    return {"month": f"{month:%Y-%m}", "household": household, "alternatives": alternatives}


@settings(max_examples=200, deadline=None)
@given(households())
def test_a_valid_household_round_trips(situation):
    parsed = parse(situation)
    assert isinstance(parsed[1], Household)
    assert parse(inputs.dump(*parsed)) == parsed


# --------------------------------------------------------------------------------------------
# The municipality (rules.municipalities.code_for)


def test_a_known_municipality_gets_its_official_code():
    # Statistics Finland's municipality codes: Seinäjoki 743, Helsinki (Helsingfors) 091
    for name, code in [("Seinäjoki", 743), ("seinajoki", 743), ("Helsingfors", 91)]:
        _, household, _ = parse(family(**{"household.municipality": name}))
        assert (household.municipality, household.municipality_code) == (name, code)


@pytest.fixture
def municipalities(monkeypatch):
    """A stand-in code table, so that these tests do not depend on the real one's spelling."""
    table = {"seinäjoki": 743, "seinajoki": 743, "helsingfors": 91}
    monkeypatch.setattr(inputs, "code_for", table.get)


def test_a_known_municipality_gets_its_code(municipalities):
    _, household, _ = parse(family(**{"household.municipality": "seinäjoki"}))
    assert (household.municipality, household.municipality_code) == ("seinäjoki", 743)


def test_an_unknown_municipality_is_refused(municipalities):
    assert refused(family(**{"household.municipality": "Atlantis"})) == (
        "household.municipality: unknown municipality 'Atlantis'"
    )
    legacy = copy.deepcopy(LEGACY)
    legacy["person"]["municipality"] = "Atlantis"
    assert refused(legacy) == "person.municipality: unknown municipality 'Atlantis'"


def test_an_unknown_field_without_a_close_name_lists_the_known_ones():
    assert refused(family(**{"household.members.0.zzz": 1})) == (
        "household.members[0].zzz: unknown field (known: id, role, birth_date, gross_wage, "
        "annual_earned_income, unemployment_benefit, withholding_percent, full_time_student, "
        "assets)"
    )
