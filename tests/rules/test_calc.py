"""rules.api.calculate / calculate_months for a household: the output format (every
component with its member), the explanations, the household formulas — each expected figure
derived in the test from a cited public figure."""

import datetime as dt

import numpy as np
import pytest

from rules import api, calc
from rules.entities import ROLE_CODES
from rules.errors import InputError
from rules.references import INCOME_COMPONENTS
from rules.variables import CODE

PERSON = {
    "birth_date": "1988-03-15",
    "adults_in_household": 1,
    "children_in_household": 0,
    "unemployment_benefit": True,
    "housing_cost": 600,
}


def situation(*alternatives, month="2026-06", person=PERSON):
    return {"month": month, "person": person, "alternatives": list(alternatives)}


def family(*members, month="2026-06", housing_cost=0, municipality=None, tenure="rent", alts=()):
    household = {"housing_cost": housing_cost, "tenure": tenure, "members": list(members)}
    if municipality:
        household["municipality"] = municipality
    alternatives = list(alts) or [{"id": "now", "kind": "status_quo"}]
    return {"month": month, "household": household, "alternatives": alternatives}


def components(alternative):
    """{(member, id): amount}."""
    return {(c["member"], c["id"]): c["amount"] for c in alternative["components"]}


def first(result):
    return result["alternatives"][0]


def test_output_has_the_documented_shape_and_every_euro_is_explained():
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True},
            {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 900},
            {"role": "child", "birth_date": "2014-01-10"},
            housing_cost=800,
            municipality="Seinäjoki",
            alts=[
                {"id": "now", "kind": "status_quo"},
                {"id": "trial", "kind": "work_trial", "attendance_days": 18},
            ],
        )
    )
    assert [a["id"] for a in result["alternatives"]] == ["now", "trial"]
    for alternative in result["alternatives"]:
        total = sum(c["amount"] for c in alternative["components"])
        assert alternative["gross"] == pytest.approx(total, abs=0.005)
        assert alternative["net"] == pytest.approx(alternative["gross"] - alternative["tax"])
        members = alternative["members"]
        assert [m["id"] for m in members] == ["applicant", "partner", "child1"]
        assert [m["role"] for m in members] == ["applicant", "partner", "child"]
        assert alternative["tax"] == pytest.approx(sum(m["tax"] for m in members), abs=0.005)
        household_part = sum(
            c["amount"] for c in alternative["components"] if c["member"] == "household"
        )
        assert alternative["gross"] == pytest.approx(
            sum(m["gross"] for m in members) + household_part, abs=0.005
        )
        for component in alternative["components"]:
            assert component["id"] in INCOME_COMPONENTS
            assert component["member"] in {"applicant", "partner", "child1", "household"}
            explanation = component["explanation"]
            assert explanation["formula"]
            assert explanation["formula_id"] == component["id"]
            for parameter in explanation["parameters"]:
                assert {"name", "value", "unit", "valid_from", "source", "sources"} <= set(
                    parameter
                )
                assert isinstance(parameter["valid_from"], dt.date)
                assert set(parameter["sources"]) == {"fi", "sv", "en"}
        assert {"formula_id", "formula", "estimate", "parameters"} <= set(
            alternative["tax_explanation"]
        )
    now, trial = result["alternatives"]
    assert {c["member"] for c in now["components"] if c["id"] == "child_benefit"} == {"child1"}
    assert {c["member"] for c in now["components"] if c["id"] == "wage"} == {"partner"}
    # The alternative changes the applicant only: 18 days × 9 € (kela.fi kulukorvaus).
    assert components(trial)[("applicant", "expense_allowance")] == 162.0
    assert ("partner", "expense_allowance") not in components(trial)


def test_the_legacy_person_still_computes():
    result = api.calculate(situation({"id": "now", "kind": "status_quo"}))
    now = first(result)
    # 37.21 €/day × 21.5 days = 800.015 → 800.02 € (kela.fi, "How Kela benefits will change
    # in 2026"; 21.5 days a month, kela.fi news on the partial labour-market subsidy).
    assert components(now)[("applicant", "unemployment_benefit")] == 800.02
    assert [m["id"] for m in now["members"]] == ["applicant"]
    assert now["members"][0]["tax_estimate"] is True
    assert now["tax_explanation"]["estimate"] is True


def test_the_law_is_chosen_by_the_month():
    def basic_amount(month):
        result = api.calculate(situation({"id": "a", "kind": "status_quo"}, month=month))
        component = next(c for c in first(result)["components"] if c["id"] == "social_assistance")
        return next(
            p
            for p in component["explanation"]["parameters"]
            if p["name"] == "social_assistance.basic_amount.single"
        )

    # STT/Kela 16.2.2026: a person living alone 596.32 € before 1.3.2026, 578.43 € from it.
    assert basic_amount("2026-02")["value"] == 596.32
    assert basic_amount("2026-03")["value"] == 578.43
    assert basic_amount("2026-03")["valid_from"] == dt.date(2026, 3, 1)


def test_unverified_parameters_are_marked_with_what_is_not_confirmed():
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True},
            {"role": "child", "birth_date": "2019-01-10"},
            housing_cost=900,
            municipality="Helsinki",
        )
    )
    parameters = {
        p["name"]: p for c in first(result)["components"] for p in c["explanation"]["parameters"]
    }
    for parameter in parameters.values():
        if parameter["unverified"]:
            assert parameter["unverified_note"]
        else:
            assert "unverified_note" not in parameter
    assert parameters["unemployment.daily_amount"]["unverified"] is False
    # The housing allowance names the cap of its municipality group and size that applied.
    assert "housing_allowance.max_cost.group_1.persons_2" in parameters


def test_months_are_computed_in_one_call_and_agree_with_single_months():
    base = family(
        {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True},
        {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 1200},
        {"role": "child", "birth_date": "2016-05-20"},
        housing_cost=700,
        alts=[{"id": "a", "kind": "part_time_work", "gross_wage": 900}],
    )
    months = api.calculate_months(base, ["2026-02", "2026-03", "2026-05", "2026-06"])
    assert list(months) == ["2026-02", "2026-03", "2026-05", "2026-06"]
    for month, result in months.items():
        assert result == api.calculate({**base, "month": month})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "2019-01"}, "month"),
        ({"alternatives": [{"id": "x", "kind": "lottery"}]}, "kind"),
        ({"alternatives": [{"id": "x", "kind": "part_time_work", "gross_wage": -1}]}, "gross_wage"),
        ({"person": {**PERSON, "gross_wages": 100}}, "gross_wages"),
        ({"person": {**PERSON, "housing_cost": 1e9}}, "housing_cost"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(change, message):
    bad = {**situation({"id": "a", "kind": "status_quo"}), **change}
    with pytest.raises(InputError, match=message):
        api.calculate(bad)


def test_income_traps_are_named_not_hidden():
    result = api.calculate(
        situation(
            {"id": "now", "kind": "status_quo"},
            {"id": "small_job", "kind": "part_time_work", "gross_wage": 100},
        )
    )
    for trap in api.income_traps(result, "now"):
        assert trap["net_change"] < 0 and trap["earnings_gain"] > 0


# --------------------------------------------------------------------------------------------
# Household formulas. Basic amounts: STT/Kela release 16.2.2026 "Toimeentulotuen perusosaa
# leikataan kaikilta yli 18-vuotiailta maaliskuusta alkaen" (from 1.3.2026: cohabiting
# adult 497.45, single parent 665.19, child 10–17 first 417.63 / second 388.70, child under
# 10 first 375.98 / second 347.06 / third and after 318.14). Child benefit: Kela release
# 18.12.2023 "Lapsilisiin korotuksia 1.1.2024 ja 1.4.2024" (first 94.88, second 104.84,
# third 133.79, single-parent supplement 73.30, +26 under 3), unchanged since.


def _assistance(result):
    return components(first(result)).get(("household", "social_assistance"), 0.0)


def test_a_couple_with_two_children_gets_the_basic_amount_of_each_member():
    # Both adults without income, twins aged 17 (too old for child benefit: under 17 only),
    # no housing costs: assistance = 2 × 497.45 + 417.63 + 388.70 = 1 801.23 €.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1980-01-01"},
            {"role": "partner", "birth_date": "1981-01-01"},
            {"role": "child", "birth_date": "2008-06-01"},
            {"role": "child", "birth_date": "2008-06-01"},
            month="2026-03",
        )
    )
    assert _assistance(result) == pytest.approx(2 * 497.45 + 417.63 + 388.70, abs=0.005)


def test_the_oldest_child_is_the_first_and_child_benefit_counts_as_income():
    # Children aged 12, 8 and 4 in March 2026, given youngest first: their basic amounts are
    # 417.63 (10–17, first) + 347.06 (under 10, second) + 318.14 (under 10, third);
    # their child benefits 94.88 + 104.84 + 133.79 (by age, the oldest first) count as
    # income. A couple without income: 2 × 497.45 + the children's − the child benefits.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1980-01-01"},
            {"role": "partner", "birth_date": "1981-01-01"},
            {"role": "child", "birth_date": "2021-06-01"},
            {"role": "child", "birth_date": "2017-06-01"},
            {"role": "child", "birth_date": "2013-06-01"},
            month="2026-03",
        )
    )
    now = first(result)
    got = components(now)
    assert got[("child3", "child_benefit")] == 94.88
    assert got[("child2", "child_benefit")] == 104.84
    assert got[("child1", "child_benefit")] == 133.79
    expected = 2 * 497.45 + 417.63 + 347.06 + 318.14 - (94.88 + 104.84 + 133.79)
    assert _assistance(result) == pytest.approx(expected, abs=0.005)
    named = {
        p["name"]
        for c in now["components"]
        if c["id"] == "social_assistance"
        for p in c["explanation"]["parameters"]
    }
    assert {
        "social_assistance.basic_amount.cohabiting",
        "social_assistance.basic_amount.child_10_17.first",
        "social_assistance.basic_amount.child_under_10.second",
        "social_assistance.basic_amount.child_under_10.third_on",
    } <= named


def test_a_single_parent_gets_the_single_parent_amounts():
    # One child aged 5: 665.19 + 375.98 − child benefit (94.88 + the single-parent
    # supplement 73.30) = 872.99 € (no housing costs, no other income).
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1990-01-01"},
            {"role": "child", "birth_date": "2020-06-01"},
            month="2026-03",
        )
    )
    assert components(first(result))[("child1", "child_benefit")] == pytest.approx(94.88 + 73.30)
    assert _assistance(result) == pytest.approx(665.19 + 375.98 - 94.88 - 73.30, abs=0.005)


def test_a_partners_wage_counts_for_the_family():
    applicant = {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True}
    alone = api.calculate(family(applicant, housing_cost=600))
    couple = api.calculate(
        family(
            applicant,
            {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 3000},
            housing_cost=600,
        )
    )
    assert _assistance(alone) > 0
    # 2 × 497.45 € of basic amounts + 600 € of rent is less than the unemployment benefit
    # and 3 000 € of wage after any tax: no assistance.
    assert _assistance(couple) == 0
    assert components(first(couple))[("partner", "wage")] == 3000.0


def test_the_unemployment_benefit_is_adjusted_per_day_then_times_the_days():
    # Kela: each euro of gross earnings reduces the benefit by 50 cents (Kela 18.3.2024);
    # the adjusted daily amount 37.21 − 0.5 × 500 / 21.5 = 25.5821 → 25.58 €, × 21.5 days
    # = 549.97 € (not 800.015 − 250 = 550.02 €).
    result = api.calculate(
        situation({"id": "a", "kind": "part_time_work", "gross_wage": 500}, month="2026-06")
    )
    assert components(first(result))[("applicant", "unemployment_benefit")] == 549.97


def test_the_housing_allowance_caps_costs_by_municipality_group_and_rounds_income():
    # Riihimäki: one person's cap 447 € (a Kela decision of November 2025). Income
    # 800.02 € → 800 € (whole euros); deductible 0.5 × (800 − (667 + 94)) = 19.50 €;
    # allowance 0.70 × (447 − 19.50) = 299.25 €.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True},
            housing_cost=600,
            municipality="Riihimäki",
        )
    )
    assert components(first(result))[("household", "housing_allowance")] == 299.25


def test_no_housing_allowance_for_an_owner_occupied_home_from_2025():
    # kela.fi: no general housing allowance for owner-occupied homes from 1.1.2025.
    members = {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True}
    rented = api.calculate(family(members, housing_cost=600, municipality="Riihimäki"))
    owned = api.calculate(
        family(members, housing_cost=600, municipality="Riihimäki", tenure="owner")
    )
    assert components(first(rented)).get(("household", "housing_allowance"))
    assert ("household", "housing_allowance") not in components(first(owned))


def test_no_general_housing_allowance_for_a_student_household_from_august_2025():
    # Students moved to the student housing supplement on 1.8.2025 (kela.fi).
    student = {"role": "applicant", "birth_date": "2003-02-01", "full_time_student": True}

    def allowance(month):
        result = api.calculate(family(student, housing_cost=500, month=month))
        return components(first(result)).get(("household", "housing_allowance"), 0.0)

    assert allowance("2025-07") > 0
    assert allowance("2025-08") == 0


def test_a_partial_sickness_allowance_counts_the_part_time_wage_beside_it():
    # A partial allowance is half of the full one (kela.fi); the part-time wage is paid too.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1985-02-01", "annual_earned_income": 30000},
            alts=[
                {"id": "full", "kind": "sickness_allowance"},
                {"id": "half", "kind": "sickness_allowance", "partial": True, "gross_wage": 1200},
            ],
        )
    )
    full, half = (components(a) for a in result["alternatives"])
    assert half[("applicant", "sickness_allowance")] == pytest.approx(
        full[("applicant", "sickness_allowance")] / 2, abs=0.01
    )
    assert half[("applicant", "wage")] == 1200.0
    assert ("applicant", "wage") not in full


def test_a_partial_rehabilitation_allowance_is_half():
    # (0.70 × 28 241 + 0.15 × (30 000 × (1 − 0.0895) − 28 241)) / 300 = 63.74 €/day (kela.fi
    # 2025 formula), × 25 days = 1 593.50 €; partial: 31.87 × 25 = 796.75 €.
    full, partial = api.calculate(
        situation(
            {"id": "full", "kind": "vocational_rehabilitation"},
            {"id": "half", "kind": "vocational_rehabilitation", "partial": True},
            person={**PERSON, "annual_earned_income": 30000},
        )
    )["alternatives"]
    assert components(full)[("applicant", "rehabilitation_allowance")] == 1593.5
    assert components(partial)[("applicant", "rehabilitation_allowance")] == 796.75


def _one_person(month, **inputs):
    """One household of one applicant through rules.calc.simulate."""
    persons = {
        "household": np.array([0]),
        "role": np.array([ROLE_CODES["applicant"]]),
        "birth_date": np.array([inputs.pop("birth_date", "1985-01-01")], dtype="datetime64[D]"),
    }
    persons.update({name: np.array([value]) for name, value in inputs.items()})
    columns = {"households": {"housing_cost": np.array([0.0])}, "persons": persons}
    key = f"{month:%Y-%m}"
    return calc.simulate(columns, [month])[key]


def test_rehabilitative_work_activity_counts_at_most_4_days_a_week():
    # Act on Rehabilitative Work Activity 189/2001 § 14: at most 4 days a week. June 2026
    # (1.6. a Monday): weeks of 7, 7, 7, 7 and 2 days → 4 + 4 + 4 + 4 + 2 = 18 days × 9 €.
    figures = _one_person(
        dt.date(2026, 6, 1),
        activity=CODE["rehabilitative_work_activity"],
        attendance_days=23.0,
        entitled_to_unemployment_benefit=True,
    )
    assert figures["expense_allowance"][0] == 18 * 9.0


@pytest.mark.parametrize(
    ("birth_date", "paid"),
    [
        ("2009-01-15", False),  # 17 in June 2026, born 2009 or later: 18 from 2025
        ("2008-12-15", True),  # 17, born 2008 or earlier: the minimum age stays 16
        ("1958-07-15", True),  # 67
        ("1956-01-15", False),  # 70: over 67
    ],
)
def test_sickness_allowance_age_limits(birth_date, paid):
    # kela.fi "Sickness allowance": 18–67 years; born in 2008 or earlier, from 16.
    figures = _one_person(
        dt.date(2026, 6, 1), birth_date=birth_date, activity=CODE["sickness_allowance"]
    )
    assert (figures["sickness_allowance"][0] > 0) == paid


@pytest.mark.parametrize(
    ("month", "birth_date", "paid"),
    [
        (dt.date(2026, 6, 1), "2009-01-15", False),  # 17, born 2009: 18 from 1.1.2025
        (dt.date(2026, 6, 1), "2008-05-15", True),  # 18
        (dt.date(2026, 6, 1), "2007-12-15", True),  # 18, born 2007
        (dt.date(2025, 6, 1), "2007-12-15", True),  # 17, born before 2008: 17 is kept
        (dt.date(2025, 6, 1), "2008-01-15", False),  # 17, born 2008
        (dt.date(2026, 6, 1), "1961-06-15", True),  # 64
        (dt.date(2026, 6, 1), "1961-05-15", False),  # 65
    ],
)
def test_unemployment_benefit_age_limits(month, birth_date, paid):
    # Unemployment Security Act (1290/2002), chapter 3, section 1, subsection 1 as amended by
    # Act 738/2024: from 1.1.2025 not before 18 (17 with compulsory education completed, not
    # an input); those born before 2008 keep 17.
    figures = _one_person(month, birth_date=birth_date, entitled_to_unemployment_benefit=True)
    assert figures["unemployment_benefit"][0] == (800.02 if paid else 0.0)


def test_a_17_year_old_born_2009_gets_no_unemployment_benefit_in_june_2026():
    # Worked example (docs/rules-verification.md): a jobseeker living alone without rent,
    # 6/2026. Born 15.1.2009 (17): no unemployment benefit (37.21 € × 21.5 = 800.02 € before
    # the fix, net 686.17 €); the basic amount 578.43 € comes as social assistance instead.
    # Born 15.12.2007 (18): the benefit, 800.02 €, less tax 113.85 € (net 686.17 €).
    def alone(birth):
        member = {"role": "applicant", "birth_date": birth, "unemployment_benefit": True}
        return first(api.calculate(family(member)))

    young, adult = alone("2009-01-15"), alone("2007-12-15")
    assert ("applicant", "unemployment_benefit") not in components(young)
    assert components(young)[("household", "social_assistance")] == 578.43
    assert young["net"] == 578.43
    assert components(adult)[("applicant", "unemployment_benefit")] == 800.02
    assert adult["tax"] == 113.85
    assert adult["net"] == 686.17


def test_a_childs_own_wage_does_not_reduce_the_housing_allowance():
    # kela.fi "Tulojen vaikutus asumistukeen": the income of a child under 18 in the
    # household counts only when the child claims the allowance alone or with a spouse.
    parent = {"role": "applicant", "birth_date": "1980-01-01", "unemployment_benefit": True}

    def allowance(child_wage):
        child = {"role": "child", "birth_date": "2010-01-01", "gross_wage": child_wage}
        result = api.calculate(family(parent, child, housing_cost=700, municipality="Tampere"))
        return components(first(result))[("household", "housing_allowance")]

    assert allowance(600) == allowance(0) > 0


def test_an_adult_child_is_a_family_of_its_own_in_social_assistance():
    # Act on Social Assistance 1412/1997 § 3: the family is the spouses and their children
    # under 18. An adult child (19) earning 1 500 € a month with parents without income:
    # the child's wage does not lower the parents' assistance beyond the child's own part
    # (basic amount 422.25 €, STT/Kela 16.2.2026, + a third of the rent − own net income
    # is below 0: no assistance for the child), and the parents' part is the same as
    # with a child without income less the child's own part.
    def total(wage):
        result = api.calculate(
            family(
                {"role": "applicant", "birth_date": "1980-01-01"},
                {"role": "partner", "birth_date": "1981-01-01"},
                {"role": "adult_child", "birth_date": "2007-01-01", "gross_wage": wage},
                housing_cost=900,
                month="2026-06",
            )
        )
        return components(first(result))

    earning, idle = total(1500), total(0)
    housing = ("household", "housing_allowance")
    # The parents' need: 2 × 497.45 + 2/3 × (900 − the housing allowance).
    parents = 2 * 497.45 + 2 / 3 * (900 - earning.get(housing, 0.0))
    assert earning[("household", "social_assistance")] == pytest.approx(parents, abs=0.01)
    child = 422.25 + (900 - idle.get(housing, 0.0)) / 3
    parents_idle = 2 * 497.45 + 2 / 3 * (900 - idle.get(housing, 0.0))
    assert idle[("household", "social_assistance")] == pytest.approx(parents_idle + child, abs=0.02)


def test_a_childs_income_covers_only_the_childs_own_expenses():
    # Act on Social Assistance 1412/1997 § 11 as STM's guide 2013:4 reads it (unverified,
    # not re-read here): a child's own income pays the child's own expenses only. A
    # 15-year-old earning 2 000 € a month with a single parent without income (March 2026,
    # no housing costs): the parent's basic amount as a single parent, 665.19 € (STT/Kela
    # 16.2.2026), is still covered.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1980-01-01"},
            {"role": "child", "birth_date": "2010-06-01", "gross_wage": 2000},
            month="2026-03",
        )
    )
    assert _assistance(result) == pytest.approx(665.19, abs=0.005)


def test_a_child_under_3_gets_the_increase_and_the_explanation_names_it():
    # Kela release 18.12.2023: child benefit 94.88 € for the first child, + 26 € a month for
    # a child under 3 from 1.4.2024 (to the end of the month the child turns 3).
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1990-01-01"},
            {"role": "partner", "birth_date": "1991-01-01"},
            {"role": "child", "birth_date": "2025-02-01"},
        )
    )
    benefit = next(c for c in first(result)["components"] if c["id"] == "child_benefit")
    assert benefit["amount"] == pytest.approx(94.88 + 26)
    names = {p["name"] for p in benefit["explanation"]["parameters"]}
    assert {"child_benefit.first", "child_benefit.under_3_supplement"} <= names
    assert "child_benefit.single_parent_supplement" not in names


def test_the_tax_is_an_estimate_only_where_someone_without_a_tax_card_is_taxed():
    card = {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True}
    card["withholding_percent"] = 25.0
    partner = {"role": "partner", "birth_date": "1987-06-01"}
    with_card = first(api.calculate(family(card, partner)))
    # 25 % of 800.02 € (the tax card's percentage as given).
    assert with_card["tax"] == pytest.approx(200.01, abs=0.005)
    assert with_card["tax_explanation"]["estimate"] is False
    earning = first(api.calculate(family(card, {**partner, "gross_wage": 1500})))
    assert earning["tax_explanation"]["estimate"] is True
    assert [m["tax_estimate"] for m in earning["members"]] == [False, True]


@pytest.mark.parametrize("month", ["2025-01", "2026-02", "2026-03", "2026-12"])
def test_every_parameter_an_explanation_names_exists_in_every_month(month):
    names = {p for _, parameters in calc.FORMULAS.values() for p in parameters}
    names |= set(calc._child_benefit_parameters(5, True, True))
    for group in range(1, 5):
        names |= set(calc._housing_allowance_parameters(group, 6))
    kinds = tuple((kind, order) for kind in range(6) for order in (1, 2, 3))
    names |= set(calc._social_assistance_parameters(kinds))
    for name in sorted(names):
        info = calc.parameter_info(name, month)
        assert info["valid_from"] <= dt.date.fromisoformat(f"{month}-01"), name


def test_kelas_worked_example_of_a_two_adult_household_in_turku():
    # Kela's worked example (kela.fi "Miten tulot ja menot vaikuttavat", as transcribed in
    # rules/parameters/SOURCES.md): Turku, two adults, gross income 1 800 €, housing costs
    # 950 € → 0.70 × (652 − 0.5 × (1 800 − (667 + 2 × 94))) = 125.65 €.
    result = api.calculate(
        family(
            {"role": "applicant", "birth_date": "1985-02-01"},
            {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 1800},
            housing_cost=950,
            municipality="Turku",
        )
    )
    assert components(first(result))[("household", "housing_allowance")] == 125.65
