"""Eligibility predicates: "likely eligible" only when the known facts support every
condition; reasons, what opens a closed route, the missing facts named; scalar/vector
agreement; a definite answer never turned around by learning more."""

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rules import api, eligibility
from rules.eligibility import RULES, explain
from rules.facts import BOOLEAN_FACTS, FACTS, NUMBER_FACTS
from rules.references import ELIGIBILITY_RULES

MONTH = "2026-06"
MONTHS = ["2025-01", "2025-07", "2025-08", "2026-02", "2026-03", "2026-06", "2026-12"]
BIRTH_DATES = ["1950-01-01", "1980-06-15", "1995-03-01", "2004-02-29", "2009-12-31"]
CODE = {"eligible": 1, "not_eligible": 0, "needs_information": -1}


def status(rule_id, facts, month=MONTH):
    return api.evaluate_eligibility(rule_id, facts, month)["status"]


def test_every_catalogue_rule_id_has_a_predicate():
    assert set(RULES) == set(ELIGIBILITY_RULES)


def test_every_fact_a_condition_reads_is_a_named_fact():
    for conditions in RULES.values():
        for condition in conditions:
            assert set(condition.facts) <= set(FACTS)


# The client of issue #17: self-rated work ability 7/10 and no sick days in the latest
# holistic assessment, nothing else recorded. Neither is a fact of the rules: a self-rating
# is not a doctor's view of work ability, and no sick days in the past year says nothing of
# today. What the product knows of them is the birth date.
SEVEN_OUT_OF_TEN = {"birth_date": "1985-03-01"}


@pytest.mark.parametrize("month", MONTHS)
def test_the_seven_out_of_ten_client_is_likely_eligible_for_nothing(month):
    statuses = {rule: status(rule, SEVEN_OUT_OF_TEN, month) for rule in RULES}
    assert statuses["sickness_allowance"] == "needs_information"
    assert not [rule for rule, s in statuses.items() if s == "eligible"]


def test_the_sickness_allowance_names_incapacity_and_the_work_requirement():
    result = api.evaluate_eligibility("sickness_allowance", SEVEN_OUT_OF_TEN, MONTH)
    assert set(result["missing_facts"]) == {
        "on_sick_leave",
        "active_before_illness",
        "sickness_days_used",
    }
    not_sick = api.evaluate_eligibility(
        "sickness_allowance", {**SEVEN_OUT_OF_TEN, "on_sick_leave": False}, MONTH
    )
    assert not_sick["status"] == "not_eligible"
    assert "Not incapable of work because of illness." in not_sick["reasons"]


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("birth_date", BIRTH_DATES)
def test_nothing_is_likely_eligible_on_the_birth_date_alone(month, birth_date):
    """No condition defaults to yes: with every other fact unknown, no rule is eligible."""
    for rule in RULES:
        assert status(rule, {"birth_date": birth_date}, month) != "eligible", rule


@pytest.mark.parametrize("month", MONTHS)
def test_nothing_is_likely_eligible_when_nothing_is_known(month):
    for rule in RULES:
        result = api.evaluate_eligibility(rule, {}, month)
        assert result["status"] == "needs_information", rule
        assert result["missing_facts"], rule


# For each rule, a person for whom it is eligible with as few facts as possible: every one
# of these facts is needed (removing it makes the rule no longer eligible).
ELIGIBLE = {
    "unemployment_benefit": {
        "jobseeker_registered": True,
        "on_sick_leave": False,
        "in_studies": False,
        "monthly_earnings": 0,
    },
    "expense_allowance": {"unemployment_benefit": True, "in_employment_service": True},
    "sickness_allowance": {
        "on_sick_leave": True,
        "active_before_illness": True,
        "sickness_days_used": 0,
    },
    "rehabilitation_allowance": {
        "work_ability_threatened": True,
        "medical_statement": True,
        "pension_provider_responsible": False,
    },
    "maintenance_allowance": {
        "work_ability_threatened": True,
        "medical_statement": True,
        "pension_provider_responsible": False,
        "annual_earned_income": 5000,
    },
    "housing_allowance": {
        "housing_cost": 600,
        "owner_occupied": False,
        "in_studies": False,
        "assets": 0,
        "partner_in_household": False,
        "children_in_household": 0,
        "monthly_earnings": 0,
        "unemployment_benefit": True,
        "on_sick_leave": False,
    },
    "social_assistance": {
        "partner_in_household": False,
        "children_in_household": 0,
        "monthly_earnings": 0,
        "unemployment_benefit": False,
        "on_sick_leave": False,
        "assets": 0,
    },
    "vocational_rehabilitation_assessment": {
        "work_ability_threatened": True,
        "medical_statement": True,
        "pension_provider_responsible": False,
    },
    "kela_vocational_rehabilitation": {
        "work_ability_threatened": True,
        "medical_statement": True,
        "pension_provider_responsible": False,
    },
    "studies_with_rehabilitation": {
        "work_ability_threatened": True,
        "medical_statement": True,
        "pension_provider_responsible": False,
    },
    "rehabilitation_psychotherapy": {
        "work_ability_threatened": True,
        "psychiatrist_statement": True,
        "treatment_months": 4,
    },
    "work_trial": {"jobseeker_registered": True, "unemployment_benefit": True},
    "pay_subsidised_work": {"jobseeker_registered": True},
    "rehabilitative_work_activity": {"unemployment_benefit": True, "unemployed_months": 14},
    "social_rehabilitation": {"multi_agency_need": True},
    "health_check_unemployed": {"jobseeker_registered": True},
    "joint_service_typ": {"unemployment_benefit": True, "multi_agency_need": True},
}
ADULT = {"birth_date": "1980-06-15"}


def test_every_rule_has_an_eligible_example():
    assert set(ELIGIBLE) == set(RULES)


@pytest.mark.parametrize("rule", sorted(ELIGIBLE))
def test_each_eligible_case_needs_every_fact_known(rule):
    facts = {**ADULT, **ELIGIBLE[rule]}
    assert status(rule, facts) == "eligible"
    for name in ELIGIBLE[rule]:
        less = {k: v for k, v in facts.items() if k != name}
        result = api.evaluate_eligibility(rule, less, MONTH)
        assert result["status"] == "needs_information", (rule, name)
        assert name in result["missing_facts"] or (
            # the household's counts: the derived group counts are what is missing
            name == "children_in_household"
            and {"children_under_10", "children_10_17"} & set(result["missing_facts"])
        ), (rule, name, result["missing_facts"])


AGE_LIMITED = sorted(r for r, cs in RULES.items() if any("age" in c.facts for c in cs))


@pytest.mark.parametrize("rule", AGE_LIMITED)
def test_an_unknown_age_leaves_an_age_limited_case_open(rule):
    result = api.evaluate_eligibility(rule, ELIGIBLE[rule], MONTH)
    assert result["status"] == "needs_information"
    assert "age" in result["missing_facts"]


def test_the_psychotherapy_names_what_would_open_it():
    result = api.evaluate_eligibility(
        "rehabilitation_psychotherapy",
        {"birth_date": "1990-01-01", "psychiatrist_statement": False, "treatment_months": 1},
        MONTH,
    )
    assert result["status"] == "not_eligible"
    assert "A psychiatrist's statement" in result["opens_with"]
    assert "3 months of treatment first" in result["opens_with"]


def test_unknown_facts_need_information_and_are_named():
    result = api.evaluate_eligibility("work_trial", {"birth_date": "1990-01-01"}, MONTH)
    assert result["status"] == "needs_information"
    assert set(result["missing_facts"]) == {"jobseeker_registered", "unemployment_benefit"}


def test_young_people_need_no_diagnosis_but_still_a_need_for_rehabilitation():
    """Under 30 a missing B statement leaves vocational rehabilitation open (KKRL 6 §: no
    diagnosis needed); from 30 it closes it. Age alone never makes anyone eligible."""
    young = {"birth_date": "2003-01-01", "pension_provider_responsible": False}
    assert status("kela_vocational_rehabilitation", young) == "needs_information"
    no_statement = {**young, "work_ability_threatened": True, "medical_statement": False}
    assert status("kela_vocational_rehabilitation", no_statement) == "needs_information"
    older = {**no_statement, "birth_date": "1970-01-01"}
    assert status("kela_vocational_rehabilitation", older) == "not_eligible"
    with_statement = {**older, "medical_statement": True}
    assert status("kela_vocational_rehabilitation", with_statement) == "eligible"


@pytest.mark.parametrize(
    ("month", "facts", "expected"),
    [
        ("2026-06", {"birth_date": "2010-05-01"}, "not_eligible"),  # 16, born 2010
        ("2026-06", {"birth_date": "2008-05-01"}, "eligible"),  # 18
        ("2025-06", {"birth_date": "2008-12-01"}, "eligible"),  # 16, born before 2009
        ("2025-06", {"birth_date": "2009-01-15"}, "not_eligible"),  # 16, born 2009
        ("2026-06", {"birth_date": "1958-06-02"}, "eligible"),  # 68 only next day
        ("2026-06", {"birth_date": "1957-01-01"}, "not_eligible"),  # 69
        ("2026-06", {"age": 17}, "needs_information"),  # 16–17: the birth year decides
    ],
)
def test_the_sickness_and_rehabilitation_allowance_ages_follow_the_birth_year(
    month, facts, expected
):
    """As the calculation pays them (rules.variables.person._daily_allowance): 18–67 from
    1.1.2025, 16–67 for those born before 2009. The screen said 16–67 for the sickness
    allowance and 18–67 for the rehabilitation allowance, whatever the birth year: eligible
    where the money was nothing, and the reverse."""
    for rule in ("sickness_allowance", "rehabilitation_allowance"):
        result = api.evaluate_eligibility(rule, {**ELIGIBLE[rule], **facts}, month)
        assert result["status"] == expected, rule
        if expected == "needs_information":
            assert result["missing_facts"] == ["birth_date"], rule


@pytest.mark.parametrize(
    ("month", "facts", "expected"),
    [
        ("2026-06", {"birth_date": "2009-01-15"}, "not_eligible"),  # 17, born 2009
        ("2026-06", {"birth_date": "2008-05-15"}, "eligible"),  # 18
        ("2025-06", {"birth_date": "2007-12-15"}, "eligible"),  # 17, born before 2008
        ("2025-06", {"birth_date": "2008-01-15"}, "not_eligible"),  # 17, born 2008
        ("2026-06", {"birth_date": "2010-01-15"}, "not_eligible"),  # 16
        ("2026-06", {"birth_date": "1961-05-15"}, "not_eligible"),  # 65
        ("2026-06", {"age": 18}, "eligible"),
        ("2026-06", {"age": 16}, "not_eligible"),
        ("2026-06", {"age": 17}, "needs_information"),  # 17: the birth year decides
    ],
)
def test_the_unemployment_benefit_age_limits_follow_the_birth_year(month, facts, expected):
    # Unemployment Security Act (1290/2002), chapter 3, section 1, subsection 1 as amended by
    # Act 738/2024: from 1.1.2025 from 18; 17 for those born before 2008.
    for rule in ("unemployment_benefit", "rehabilitative_work_activity"):
        eligible = {**ELIGIBLE[rule], **facts}
        result = api.evaluate_eligibility(rule, eligible, month)
        assert result["status"] == expected, rule
        if expected == "needs_information":
            assert result["missing_facts"] == ["birth_date"], rule


def test_a_registered_jobseeker_meets_the_sickness_allowance_work_requirement():
    facts = {**ADULT, "on_sick_leave": True, "sickness_days_used": 10}
    assert status("sickness_allowance", {**facts, "jobseeker_registered": True}) == "eligible"
    assert status("sickness_allowance", {**facts, "monthly_earnings": 1200}) == "eligible"
    inactive = {
        **facts,
        "active_before_illness": False,
        "jobseeker_registered": False,
        "in_studies": False,
        "monthly_earnings": 0,
    }
    result = api.evaluate_eligibility("sickness_allowance", inactive, MONTH)
    assert result["status"] == "not_eligible"
    assert "An incapacity for work lasting 55 days" in result["opens_with"]


def test_an_owner_occupied_home_gets_no_housing_allowance_from_2025():
    facts = {**ADULT, **ELIGIBLE["housing_allowance"], "owner_occupied": True}
    result = api.evaluate_eligibility("housing_allowance", facts, "2025-01")
    assert result["status"] == "not_eligible"
    assert "No housing allowance for an owner-occupied home since 1.1.2025." in result["reasons"]


def test_students_left_the_housing_allowance_on_1_8_2025():
    facts = {**ADULT, **ELIGIBLE["housing_allowance"], "in_studies": True}
    assert status("housing_allowance", facts, "2025-07") == "eligible"
    assert status("housing_allowance", facts, "2025-08") == "not_eligible"


def test_housing_allowance_assets_and_income():
    facts = {**ADULT, **ELIGIBLE["housing_allowance"]}
    assert status("housing_allowance", {**facts, "assets": 60_000}) == "not_eligible"
    rich = {**facts, "unemployment_benefit": False, "monthly_earnings": 5000}
    assert status("housing_allowance", rich) == "not_eligible"
    # A partner's wage is the household's income: unknown → needs information.
    couple = {**facts, "partner_in_household": True}
    result = api.evaluate_eligibility("housing_allowance", couple, MONTH)
    assert result["status"] == "needs_information"
    assert {"partner_gross_wage", "partner_unemployment_benefit"} <= set(result["missing_facts"])
    high_partner = {**couple, "partner_gross_wage": 6000, "partner_unemployment_benefit": False}
    assert status("housing_allowance", high_partner) == "not_eligible"


def test_social_assistance_counts_the_family():
    single = {**ADULT, **ELIGIBLE["social_assistance"]}
    assert status("social_assistance", single) == "eligible"
    # The partner's wage covers the family's basic amounts and the rent: not eligible.
    couple = {
        **single,
        "partner_in_household": True,
        "partner_gross_wage": 4000,
        "partner_unemployment_benefit": False,
        "housing_cost": 700,
    }
    assert status("social_assistance", couple) == "not_eligible"
    # Children raise the basic amounts: the same wage leaves a family with five children
    # open (the calculation decides), never closed by the single person's amount.
    wage = {**single, "monthly_earnings": 3000, "housing_cost": 600}
    assert status("social_assistance", wage) == "not_eligible"
    family = {**wage, "children_in_household": 5, "children_under_10": 3, "children_10_17": 2}
    assert status("social_assistance", family) != "not_eligible"
    # Unknown children: the family's basic amount is unknown, so no answer either way.
    result = api.evaluate_eligibility(
        "social_assistance", {k: v for k, v in wage.items() if k != "children_in_household"}, MONTH
    )
    assert result["status"] == "needs_information"
    assert "children_under_10" in result["missing_facts"]


def test_one_adult_means_no_partner():
    facts = {**ADULT, **ELIGIBLE["social_assistance"]}
    del facts["partner_in_household"]
    assert status("social_assistance", facts) == "needs_information"
    assert status("social_assistance", {**facts, "adults_in_household": 1}) == "eligible"


# ---------------------------------------------------------------------------------------------
# Properties

tri = st.sampled_from([None, True, False])
numbers = st.one_of(st.none(), st.integers(0, 40), st.sampled_from([300, 1500, 2500, 60_000]))


@st.composite
def people(draw):
    """A person with consistent household facts (the counts agree with each other)."""
    person = {"birth_date": draw(st.sampled_from(BIRTH_DATES))}
    for name in BOOLEAN_FACTS:
        person[name] = draw(tri)
    for name in NUMBER_FACTS:
        if name not in {"age", "adults_in_household", "children_in_household"}:
            person[name] = draw(numbers)
    under_10, older = draw(st.integers(0, 4)), draw(st.integers(0, 3))
    partner = draw(st.booleans())
    known = draw(st.lists(st.booleans(), min_size=5, max_size=5))
    person["children_under_10"] = under_10 if known[0] else None
    person["children_10_17"] = older if known[1] else None
    person["children_in_household"] = under_10 + older if known[2] else None
    person["partner_in_household"] = partner if known[3] else None
    person["adults_in_household"] = 1 + partner if known[4] else None
    return person


def _columns(persons):
    columns = {
        "birth_date": np.array([p["birth_date"] for p in persons], dtype="datetime64[D]"),
    }
    for name in BOOLEAN_FACTS:
        columns[name] = np.array(
            [-1 if p[name] is None else int(p[name]) for p in persons], dtype=np.int8
        )
    for name in NUMBER_FACTS:
        if name != "age":
            columns[name] = np.array(
                [np.nan if p[name] is None else float(p[name]) for p in persons]
            )
    return columns


@settings(max_examples=200, deadline=None)
@given(st.lists(people(), min_size=1, max_size=8), st.sampled_from(MONTHS))
def test_screening_agrees_with_the_one_person_evaluation(persons, month):
    columns = _columns(persons)
    screened = api.screen(columns, month)
    explained = explain(columns, month)
    for i, person in enumerate(persons):
        for rule_id in RULES:
            one = api.evaluate_eligibility(rule_id, person, month)
            assert screened[rule_id][i] == CODE[one["status"]], (rule_id, person)
            statuses, missing = explained[rule_id]
            assert statuses[i] == screened[rule_id][i]
            named = {name for name, where in missing.items() if where[i]}
            assert named == set(one["missing_facts"]), (rule_id, person)


@settings(max_examples=500, deadline=None)
@given(people(), st.data(), st.sampled_from(MONTHS))
def test_learning_a_fact_never_turns_a_definite_answer_around(person, data, month):
    """Sound three-valued screening: what is eligible (or not) on some facts stays so when
    an unknown fact becomes known — in particular not eligible never becomes eligible, and
    eligible never rests on a fact nobody knows."""
    known = [name for name, value in person.items() if value is not None and name != "birth_date"]
    assume(known)
    hidden = data.draw(st.sets(st.sampled_from(known), min_size=1))
    partial = {k: v for k, v in person.items() if k not in hidden}
    for rule_id in RULES:
        before = status(rule_id, partial, month)
        if before != "needs_information":
            assert status(rule_id, person, month) == before, (rule_id, sorted(hidden))


@settings(max_examples=100, deadline=None)
@given(people(), st.sampled_from(MONTHS))
def test_missing_facts_are_unknown_facts(person, month):
    for rule_id in RULES:
        result = api.evaluate_eligibility(rule_id, person, month)
        for name in result["missing_facts"]:
            assert person.get(name) is None, (rule_id, name)
        if result["status"] != "needs_information":
            assert result["missing_facts"] == []


ALL_MONTHS = [f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13)]


@settings(max_examples=60, deadline=None)
@given(st.lists(people(), min_size=1, max_size=12))
def test_screening_many_months_agrees_with_each_month_alone(persons):
    """screen_months shares what does not change between months (a condition's result under
    the parameters it reads); month by month, from scratch, gives the same."""
    columns = _columns(persons)
    together = api.screen_months(columns, ALL_MONTHS)
    for month in ALL_MONTHS:
        alone = api.screen(columns, month)
        for rule_id in RULES:
            assert (together[month][rule_id] == alone[rule_id]).all(), (month, rule_id)


@settings(max_examples=20, deadline=None)
@given(st.lists(people(), min_size=2, max_size=40), st.integers(1, 7))
def test_screening_in_chunks_agrees_with_the_whole_population(persons, chunk_rows):
    """A population of more than CHUNK_ROWS rows is screened in chunks on threads: the same
    results row by row, and the months where a rule's result cannot differ (the same law
    as far as its conditions read it, and the same month for those reading the age) share
    one array."""
    assume(len(persons) > chunk_rows)
    columns = _columns(persons)
    whole = api.screen_months(columns, ALL_MONTHS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eligibility, "CHUNK_ROWS", chunk_rows)
        chunked = api.screen_months(columns, ALL_MONTHS)
    assert list(chunked) == list(whole)
    for month in ALL_MONTHS:
        assert list(chunked[month]) == list(whole[month])
        for rule_id in RULES:
            np.testing.assert_array_equal(chunked[month][rule_id], whole[month][rule_id])
            assert chunked[month][rule_id].dtype == whole[month][rule_id].dtype
    key = eligibility._Population.rule_key
    shared = 0
    for a, b in pairwise(ALL_MONTHS):
        for rule_id in RULES:
            same = key(rule_id, a) == key(rule_id, b)
            assert (chunked[a][rule_id] is chunked[b][rule_id]) == same, (a, b, rule_id)
            shared += same
    assert shared


def test_conditions_that_declare_their_parameters_read_no_others():
    """A condition's declared `reads` are the only parameters it sees: with every other
    parameter subtree missing it still runs."""
    from rules.eligibility import Law, prepare

    facts = _columns(
        [
            {**{k: None for k in FACTS if k != "age"}, **ADULT, **ELIGIBLE[r]}
            for r in sorted(ELIGIBLE)
        ]
    )
    cols = prepare(facts, MONTH)

    class Only:
        def __init__(self, law, reads):
            self._law, self._reads = law, reads

        def __getattr__(self, name):
            if name in self._reads or name.startswith("_"):
                return getattr(self._law, name)
            raise AttributeError(name)

    from rules.eligibility import FLAGS

    for conditions in RULES.values():
        for condition in conditions:
            if condition.reads is None:
                continue
            law = Law(MONTH)
            restricted = Only(law, condition.reads)
            expected = condition.check(cols, law)
            assert (condition.check(cols, restricted) == expected).all()
    assert FLAGS
