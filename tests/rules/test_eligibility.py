"""Eligibility predicates: reasons, what opens a closed route, scalar/vector agreement."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import api
from rules.eligibility import RULES
from rules.facts import BOOLEAN_FACTS, NUMBER_FACTS
from rules.references import ELIGIBILITY_RULES

MONTH = "2026-06"


def test_every_catalogue_rule_id_has_a_predicate():
    assert set(RULES) == set(ELIGIBILITY_RULES)


def test_psychotherapy_names_what_would_open_it():
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


def test_young_people_need_no_diagnosis_for_vocational_rehabilitation():
    young = api.evaluate_eligibility(
        "kela_vocational_rehabilitation", {"birth_date": "2003-01-01"}, MONTH
    )
    older = api.evaluate_eligibility(
        "kela_vocational_rehabilitation",
        {"birth_date": "1970-01-01", "work_ability_threatened": True, "medical_statement": True},
        MONTH,
    )
    assert young["status"] == "eligible"
    assert older["status"] == "eligible"


tri = st.sampled_from([None, True, False])
numbers = st.one_of(st.none(), st.integers(0, 40))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "birth_date": st.sampled_from(
                    ["1950-01-01", "1980-06-15", "2004-02-29", "2009-12-31"]
                ),
                **{name: tri for name in BOOLEAN_FACTS},
                **{name: numbers for name in NUMBER_FACTS if name != "age"},
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_screening_agrees_with_the_one_person_evaluation(people):
    columns = {
        "birth_date": np.array([p["birth_date"] for p in people], dtype="datetime64[D]"),
    }
    for name in BOOLEAN_FACTS:
        columns[name] = np.array(
            [-1 if p[name] is None else int(p[name]) for p in people], dtype=np.int8
        )
    for name in NUMBER_FACTS:
        if name != "age":
            columns[name] = np.array(
                [np.nan if p[name] is None else float(p[name]) for p in people]
            )
    screened = api.screen(columns, MONTH)
    code = {"eligible": 1, "not_eligible": 0, "needs_information": -1}
    for i, person in enumerate(people):
        for rule_id in RULES:
            one = api.evaluate_eligibility(rule_id, person, MONTH)
            assert screened[rule_id][i] == code[one["status"]], (rule_id, person)
