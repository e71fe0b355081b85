"""rules.tax: the tax card's percentage, and the estimate from the published tax bases.

Each expected figure is derived here, step by step, from the published figures cited beside
it (the same figures as rules/parameters/tax/, whose sources are in the YAML):
- state income tax scale 2026: Act on the income tax scale for 2026 (EV 120/2025); 2025: the
  Ministry of Finance's scale (quoted by salkunrakentaja.fi) — both as in Statistics
  Finland's SISU 26.10;
- 2026 contributions: vero.fi "Tax bases 2026" (medical care 1.10 % on wages, 1.49 % on
  benefits; daily allowance contribution 0.88 % from 17 255 € of annual wages);
- 2026 work income deduction: vero.fi "Verohallinto laskee nämä vähennykset automaattisesti"
  (18 %, at most 3 430 €, 4 630 € from 65; −2.00 % of net earned income above 35 000 € up to
  50 550 €); the expense deduction 750 € (same page);
- basic deduction (4 115 € 2025, 4 265 € 2026, −18 %), average municipal rate (7.54 % 2025,
  7.57 % 2026), Yle tax (2.5 % above 15 150 €, at most 160 €), 2025 medical care on benefits
  1.45 %: Statistics Finland's SISU 26.10 (marked unverified in the parameters)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openfisca_core.parameters import load_parameter_file
from openfisca_core.simulation_builder import SimulationBuilder

from rules import tax
from rules.entities import ROLE_CODES
from rules.system import PARAMETERS, system

ALL = load_parameter_file(str(PARAMETERS))


def bases(year: int):
    return ALL(f"{year}-06-01").tax


def cents(x: float) -> float:
    return round(float(np.floor(x * 100 + 0.5) / 100), 2)


def one(value) -> float:
    """The single figure of a one-row result."""
    return np.asarray(value, dtype=float).item()


@pytest.mark.parametrize(
    ("year", "lower_limits"),
    [
        # "Vero alarajan kohdalla" of each published scale.
        (
            2025,
            {21200: 2679.68, 31500: 4636.68, 52100: 10868.18, 88200: 23142.18, 150000: 48943.68},
        ),
        (2026, {22000: 2780.8, 32600: 4794.8, 40100: 7063.55, 52100: 11053.55}),
    ],
)
def test_the_state_scale_gives_the_published_tax_at_each_lower_limit(year, lower_limits):
    income = np.array(list(lower_limits), dtype=float)
    assert bases(year).state_scale.calc(income) == pytest.approx(list(lower_limits.values()))


def test_a_wage_of_20_000_a_year_in_seinajoki_2026():
    """Seinäjoki's rate 2026 is 9.2 % (vero.fi's decision of 18.11.2025)."""
    t = bases(2026)
    seinajoki = tax.municipal_rates(t, [743])
    assert seinajoki[0] == 0.092
    wage = 20_000.0
    net = wage - 750  # expense deduction
    daily = 0.0088 * wage  # wages ≥ 17 255 €
    # The employee's pension contribution 7.30 % (all ages 2026, the labour market
    # organisations' release 8.10.2025) and unemployment insurance contribution 0.89 %
    # (from 1.1.2026) are deductible.
    contributions = (0.073 + 0.0089) * wage  # 1 638
    before_basic = net - daily - contributions  # 17 436
    basic = 4265 - 0.18 * (before_basic - 4265)  # 1 894.22
    taxable = before_basic - basic  # 15 541.78
    state = 0.1264 * taxable  # below 22 000 €
    municipal = 0.092 * taxable
    medical = 0.011 * taxable  # all of it wage income
    work = min(0.18 * wage, 3430)  # net below 35 000 €: not reduced
    yle = 0.025 * (net - 15150)
    year = max(state + municipal + medical - work, 0) + daily + yle  # 413.80

    parts = tax.estimate_parts(t, wage / 12, wage / 12, 40, seinajoki)
    assert one(parts["taxable_income"]) == pytest.approx(taxable)
    assert one(parts["total"]) == pytest.approx(year)
    got = tax.monthly_tax(t, wage / 12, wage / 12, 40, np.nan, 743)
    assert one(got) == cents(year / 12) == 34.48
    # At the national average rate 7.57 % the income taxes would stay under the work income
    # deduction: only the daily allowance contribution and the Yle tax (278.50 € a year).
    assert one(tax.monthly_tax(t, wage / 12, wage / 12, 40, np.nan, 0)) == cents(278.5 / 12)


# vero.fi's examples of 2026 tax (Helsinki, a member of the Evangelical Lutheran Church, aged
# 17–64, no children; vero.fi "Esimerkkejä palkan, eläkkeen ja etuuden veroprosenteista vuonna
# 2026", updated 22.11.2025, as transcribed in nettopalkka.fi's params-2026.json): the annual
# tax on a wage and on a benefit. Helsinki's municipal rate 5.3 % + its church tax 1.0 % (the
# same base; the work income deduction is shared in proportion, so the total is unchanged)
# reproduce vero.fi's figures within the rounding of its components (vero.fi rounds the state,
# municipal and church tax and the medical care contribution each to cents; the estimate
# rounds only the month's total), which checks the whole estimate.
VERO_EXAMPLES_2026 = [
    ("wage", 10_000, 0.0),
    ("wage", 16_000, 2.5),
    ("wage", 20_000, 278.5),
    ("wage", 30_000, 2530.49),
    ("wage", 40_000, 5511.99),
    ("wage", 50_000, 9361.96),
    ("wage", 60_000, 13244.84),
    ("wage", 70_000, 17415.6),
    ("benefit", 10_000, 1382.56),
    ("benefit", 16_000, 2850.25),
    ("benefit", 20_000, 3914.55),
    ("benefit", 30_000, 6797.8),
    ("benefit", 40_000, 10309.3),
    ("benefit", 50_000, 14410.3),
    ("benefit", 60_000, 18850.05),
    ("benefit", 70_000, 23379.05),
]


@pytest.mark.parametrize(("kind", "income", "year_tax"), VERO_EXAMPLES_2026)
def test_vero_fi_s_2026_examples_for_helsinki(kind, income, year_tax):
    t = bases(2026)
    helsinki = tax.municipal_rates(t, [91])[0]
    assert helsinki == 0.053
    wage = income / 12 if kind == "wage" else 0.0
    parts = tax.estimate_parts(t, wage, income / 12, 40, helsinki + 0.010)
    assert one(parts["total"]) == pytest.approx(year_tax, abs=0.02)


def test_the_municipal_rate_by_code_else_the_average():
    t26, t25 = bases(2026), bases(2025)
    # Helsinki 5.3, Kauniainen 4.7 (the lowest), Pomarkku 10.9 (the highest; Kuntaliitto
    # 7.11.2025), not known (0), Mariehamn (Åland, 478: left out), a code out of range.
    codes = [91, 235, 608, 0, 478, 1234]
    assert list(tax.municipal_rates(t26, codes)) == [0.053, 0.047, 0.109, 0.0757, 0.0757, 0.0757]
    # 2025: no municipality's own rate is encoded; all get the average 7.54 %.
    assert set(tax.municipal_rates(t25, codes)) == {0.0754}


def test_a_wage_of_3000_a_month_2026_the_issues_partner():
    """The partner of the issue's example (born 1.6.1987, 3 000 € a month, June 2026): the
    state scale's second bracket, the basic deduction gone, the work income deduction just
    reduced, the Yle tax at its maximum."""
    wage = 36_000.0
    net = wage - 750  # 35 250
    daily = 0.0088 * wage
    contributions = (0.073 + 0.0089) * wage
    before_basic = net - daily - contributions  # 31 984.80
    assert 4265 - 0.18 * (before_basic - 4265) < 0  # no basic deduction left
    taxable = before_basic
    state = 2780.8 + 0.19 * (taxable - 22000)  # tax at 22 000 € + 19 % above
    municipal = 0.0757 * taxable
    medical = 0.011 * taxable
    work = 3430 - 0.02 * (net - 35000)  # 18 % of the wage is above the maximum
    yle = min(0.025 * (net - 15150), 160)
    year = state + municipal + medical - work + daily + yle  # 4 502.79
    got = tax.estimate_monthly(bases(2026), 3000.0, 3000.0, 39)
    assert one(got) == cents(year / 12) == 375.23


def test_the_child_increase_of_the_work_income_deduction_2026():
    """The issue's partner again, in Seinäjoki (9.2 %) with one child under 18: the work
    income deduction's maximum rises by 105 € (Veronmaksajat, "Veromuutokset 2026")."""
    t = bases(2026)
    taxable = 36_000.0 - 750 - (0.0088 + 0.073 + 0.0089) * 36_000  # 31 984.80
    state = 2780.8 + 0.19 * (taxable - 22000)
    municipal = 0.092 * taxable
    medical = 0.011 * taxable
    work = 3430 + 105 - 0.02 * (35250 - 35000)
    year = state + municipal + medical - work + 0.0088 * 36_000 + 160
    got = tax.monthly_tax(t, 3000.0, 3000.0, 39, np.nan, 743, 1)
    assert one(got) == cents(year / 12) == 409.93
    # Without the child: 105 € a year more tax, 8.75 € a month.
    assert one(tax.monthly_tax(t, 3000.0, 3000.0, 39, np.nan, 743, 0)) == cents((year + 105) / 12)
    # 2025: 50 € a child; a single parent's two children count twice (4 × 50 € = 200 €).
    t25 = bases(2025)
    parts = tax.estimate_parts(t25, 2500.0, 2500.0, 39, None, 4)
    assert one(parts["work_income_deduction"]) == pytest.approx(
        3225 + 200 - 0.0222 * (30_000 - 750 - 24250)
    )


def test_child_increases_go_to_the_applicant_and_the_partner_double_for_a_single_parent():
    situation = {
        "persons": {
            name: {"role": {"ETERNITY": ROLE_CODES[role]}}
            for name, role in [
                ("mother", "applicant"),
                ("father", "partner"),
                ("kid", "child"),
                ("single", "applicant"),
                ("first", "child"),
                ("second", "child"),
                ("grown", "adult_child"),
            ]
        },
        "households": {
            "couple": {"applicants": ["mother"], "partners": ["father"], "children": ["kid"]},
            "alone": {
                "applicants": ["single"],
                "children": ["first", "second"],
                "adult_children": ["grown"],
            },
        },
    }
    simulation = SimulationBuilder().build_from_entities(system(), situation)
    got = simulation.calculate("work_income_deduction_child_increases", "2026-06")
    assert list(got) == [1, 1, 0, 4, 0, 0, 0]


def test_the_unemployment_benefit_alone_2025():
    """800.02 € a month (37.21 € × 21.5 days): benefits pay the higher medical care rate and
    get no work income deduction; under 15 150 € no Yle tax."""
    benefit = 800.02 * 12  # 9 600.24
    basic = 4115 - 0.18 * (benefit - 4115)
    taxable = benefit - basic
    year = 0.1264 * taxable + 0.0754 * taxable + 0.0145 * taxable
    monthly = tax.estimate_monthly(bases(2025), 0.0, 800.02, 30)
    assert one(monthly) == cents(year / 12) == 116.67


def test_small_incomes_pay_nothing_below_the_basic_deduction():
    # 300 € a month of benefits = 3 600 € a year < the basic deduction 4 115 € (2025).
    assert one(tax.estimate_monthly(bases(2025), 0.0, 300.0, 30)) == 0.0
    # 1 000 € of wages a month 2026: the work income deduction (18 % of 12 000 € = 2 160 €)
    # exceeds the income taxes; the Yle tax is nil below 15 150 € and the daily allowance
    # contribution below 17 255 €.
    wage = 12_000.0
    before_basic = wage - 750
    taxable = before_basic - (4265 - 0.18 * (before_basic - 4265))
    assert (0.1264 + 0.0757 + 0.011) * taxable < 0.18 * wage
    assert one(tax.estimate_monthly(bases(2026), 1000.0, 1000.0, 30)) == 0.0


def test_the_work_income_deduction_2026_is_reduced_only_up_to_50_550():
    t = bases(2026)
    for wage in (60_000.0, 90_000.0):
        parts = tax.estimate_parts(t, wage / 12, wage / 12, 40)
        # At most 3 430 €, less 2.00 % of (50 550 − 35 000) €; no second reduction in 2026.
        assert one(parts["work_income_deduction"]) == pytest.approx(3430 - 0.02 * 15550)


def test_from_65_the_work_income_deduction_is_larger_and_no_daily_allowance_after_67():
    t = bases(2026)
    wage = 30_000.0 / 12
    young, old, older = (tax.estimate_parts(t, wage, wage, age) for age in (64, 65, 68))
    assert one(young["work_income_deduction"]) == 3430
    assert one(old["work_income_deduction"]) == 4630
    assert one(old["daily_allowance_contribution"]) == pytest.approx(0.0088 * 30_000)
    assert one(older["daily_allowance_contribution"]) == 0.0


def test_the_yle_tax_is_at_most_160_and_not_under_18():
    t = bases(2026)
    assert one(tax.estimate_parts(t, 10_000.0, 10_000.0, 40)["broadcasting_tax"]) == 160
    assert one(tax.estimate_parts(t, 2_000.0, 2_000.0, 17)["broadcasting_tax"]) == 0


def test_the_tax_card_percentage_is_used_exactly_and_nan_means_the_estimate():
    t = bases(2026)
    got = tax.monthly_tax(t, [0.0, 0.0], [800.02, 800.02], [30, 30], [18.5, np.nan])
    assert got[0] == cents(0.185 * 800.02) == 148.0
    assert got[1] == tax.estimate_monthly(t, 0.0, 800.02, 30)


def test_the_explanation_names_parameters_that_exist_and_says_estimate():
    assert tax.tax_formula(True) == tax.ESTIMATE_FORMULA
    assert tax.tax_formula(False) == tax.WITHHOLDING_FORMULA
    assert tax.tax_explanation_parameters("2026-06", estimate=False) == ()
    names = tax.tax_explanation_parameters("2026-06", estimate=True)
    files = {f"tax.{path.stem}" for path in (PARAMETERS / "tax").glob("*.yaml")}
    assert set(names) <= files
    brackets, since = tax.scale_at(ALL, "tax.state_scale", "2026-06")
    assert [b["threshold"] for b in brackets] == [0, 22000, 32600, 40100, 52100]
    assert brackets[-1]["rate"] == 0.375 and since.isoformat() == "2026-01-01"
    brackets, since = tax.scale_at(ALL, "tax.state_scale", "2025-12")
    assert len(brackets) == 6 and since.isoformat() == "2025-01-01"


def test_the_openfisca_variables_agree_with_the_numpy_functions():
    wage = np.array([0.0, 1500.0, 1666.67, 0.0])
    taxable = np.array([800.02, 1500.0, 1666.67, 0.0])
    percent = np.array([np.nan, 20.0, np.nan, 10.0])
    ages = np.array([30, 45, 66, 30])
    codes = np.array([743, 91, 0, 743])
    simulation = SimulationBuilder().build_default_simulation(system(), count=len(wage))
    simulation.set_input("municipality_code", "2026-06", codes)
    for name, values in {
        "wage": wage,
        "taxable_income": taxable,
        "withholding_percent": percent,
        "age_years": ages,
    }.items():
        simulation.set_input(name, "2026-06", values)
    got = simulation.calculate("income_tax", "2026-06")
    expected = tax.monthly_tax(bases(2026), wage, taxable, ages, percent, codes)
    assert list(got) == list(expected)
    assert list(simulation.calculate("tax_estimate", "2026-06")) == [True, False, True, False]
    rate = simulation.calculate("income_tax_rate", "2026-06")
    assert rate[1] == 20.0 and rate[3] == 0.0
    assert rate[0] == round(100 * got[0] / 800.02, 2)


money = st.floats(min_value=0, max_value=20_000, allow_nan=False).map(lambda x: round(x, 2))
years = st.sampled_from([2025, 2026])
ages = st.integers(min_value=15, max_value=80)


@settings(max_examples=300, deadline=None)
@given(years, money, money, money, ages)
def test_the_estimate_is_never_negative_and_never_falls_as_income_rises(
    year, wage, benefits, more, age
):
    t = bases(year)
    base = one(tax.estimate_monthly(t, wage, wage + benefits, age))
    assert base >= 0
    # More taxable benefits never lower the tax.
    assert one(tax.estimate_monthly(t, wage, wage + benefits + more, age)) >= base
    # A higher wage never lowers a wage earner's tax …
    alone = one(tax.estimate_monthly(t, wage, wage, age))
    assert one(tax.estimate_monthly(t, wage + more, wage + more, age)) >= alone
    # … but beside other income the law's work income deduction (18 % of the wage) and the
    # deductible employee's contributions can: by at most their rise (a month's share, and a
    # cent of rounding).
    higher = one(tax.estimate_monthly(t, wage + more, wage + more + benefits, age))
    parts = [tax.estimate_parts(t, w, w + benefits, age) for w in (wage, wage + more)]
    rise = sum(
        one(parts[1][name]) - one(parts[0][name])
        for name in ("work_income_deduction", "employee_contributions")
    )
    assert higher >= base - rise / 12 - 0.01 - 1e-9


def test_a_small_wage_beside_benefits_can_lower_the_tax_as_the_law_does():
    """Found by the property above: 343 € of benefits a month (4 116 € a year, 1 € above the
    basic deduction 2025) and 1 € of wages. The wage is all taken by the expense deduction,
    yet it earns a work income deduction of 18 % × 12 € = 2.16 € (and its deductible
    contributions lower the taxable income), which takes away the 0.02 € of tax on the
    benefits."""
    t = bases(2025)
    assert one(tax.estimate_monthly(t, 0.0, 343.0, 30)) == 0.02
    assert one(tax.estimate_monthly(t, 1.0, 344.0, 30)) == 0.0


@settings(max_examples=300, deadline=None)
@given(years, money, money, st.floats(min_value=0, max_value=100, allow_nan=False), ages)
def test_a_withholding_percentage_gives_exactly_that_share(year, wage, benefits, percent, age):
    got = tax.monthly_tax(bases(year), wage, wage + benefits, age, percent)
    assert one(got) == cents(percent / 100 * (wage + benefits))


def test_the_explanation_carries_the_scale_and_each_parameter_with_its_date():
    def parameter_info(name, month):
        return {"name": name, "month": month}

    explanation = tax.tax_explanation("2026-06", True, parameter_info, ALL)
    assert explanation["estimate"] is True
    assert explanation["formula"] == tax.ESTIMATE_FORMULA
    scale, *rest = explanation["parameters"]
    assert scale["name"] == "tax.state_scale" and scale["value"][1]["threshold"] == 22000
    assert scale["valid_from"].isoformat() == "2026-01-01" and scale["unverified"]
    assert set(scale["sources"]) == {"fi", "sv", "en"}
    assert [p["name"] for p in rest] == list(tax.ESTIMATE_PARAMETERS[1:])
    card = tax.tax_explanation("2026-06", False, parameter_info, ALL)
    assert card["parameters"] == [] and card["formula"] == tax.WITHHOLDING_FORMULA
    # The home municipality's own rate replaces the average where it is known.
    seinajoki = tax.tax_explanation("2026-06", True, parameter_info, ALL, 743)
    names = [p["name"] for p in seinajoki["parameters"]]
    assert "tax.municipal_rate" in names and "tax.municipal_rate_average" not in names
    rate = seinajoki["parameters"][names.index("tax.municipal_rate")]
    assert rate["value"] == 0.092 and rate["description"] == "Seinäjoki"
    assert rate["valid_from"].isoformat() == "2026-01-01" and rate["unverified"]
    early = tax.tax_explanation("2025-06", True, parameter_info, ALL, 743)
    assert "tax.municipal_rate_average" in [p["name"] for p in early["parameters"]]


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_one_lookup_state_tax_equals_openfisca_s_scale(year):
    scale = bases(year).state_scale
    income = np.concatenate([np.linspace(0, 250_000, 5001), np.asarray(scale.thresholds)])
    assert tax.marginal_tax(scale, income) == pytest.approx(scale.calc(income), abs=1e-6)


def test_a_half_cent_of_the_tax_card_rounds_up():
    # 16.4 % × 1 543.75 € = 253.175 € exactly on paper (253.17499… in binary) → 253.18.
    got = tax.monthly_tax(bases(2026), 0.0, 1543.75, 40, 16.4)
    assert one(got) == 253.18


def test_the_work_income_deduction_is_reduced_on_net_earned_income_before_contributions():
    """vero.fi's example of a 40 000 € wage (Helsinki 5.3 % + church 1.0 %, tax 5 511.99 €)
    settles how net earned income is read: before the employee's contributions it is
    39 250 €, 4 250 € over the 35 000 € limit, and the deduction is 3 430 − 2 % × 4 250 =
    3 345 €; after them (35 622 €) it would be 3 417.56 € and the tax 72.56 € lower."""
    t = bases(2026)
    parts = tax.estimate_parts(t, 40_000 / 12, 40_000 / 12, 40, 0.063)
    assert one(parts["net_earned_income"]) == 39_250
    assert one(parts["work_income_deduction"]) == pytest.approx(3430 - 0.02 * 4250)
    assert one(parts["total"]) == pytest.approx(5511.99, abs=0.02)
    after_contributions = 39_250 - (0.0088 + 0.073 + 0.0089) * 40_000  # 35 622
    other_reading = 3430 - 0.02 * (after_contributions - 35_000)
    assert one(parts["total"]) - (other_reading - 3345) == pytest.approx(5439.43, abs=0.02)
