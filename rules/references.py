"""What the catalogue may refer to in the rules engine (polku.catalogue validates against it).

INCOME_COMPONENTS are the component ids of `polku-rules calc`'s output. ELIGIBILITY_RULES
maps each eligibility predicate's id to a one-line English description; rules.eligibility
implements them."""

INCOME_COMPONENTS: tuple[str, ...] = (
    "wage",
    "unemployment_benefit",
    "expense_allowance",
    "sickness_allowance",
    "rehabilitation_allowance",
    "maintenance_allowance",
    "child_benefit",
    "housing_allowance",
    "social_assistance",
)

ELIGIBILITY_RULES: dict[str, str] = {
    "unemployment_benefit": "Labour-market subsidy / basic unemployment allowance; yleistuki "
    "from 1.5.2026",
    "expense_allowance": "Expense allowance (kulukorvaus) during employment services and "
    "rehabilitative work activity",
    "sickness_allowance": "Kela sickness allowance",
    "rehabilitation_allowance": "Kela rehabilitation allowance",
    "maintenance_allowance": "Maintenance allowance (ylläpitokorvaus) during Kela rehabilitation "
    "on the minimum rehabilitation allowance",
    "housing_allowance": "General housing allowance",
    "social_assistance": "Basic social assistance (last resort)",
    "vocational_rehabilitation_assessment": "Kela vocational rehabilitation assessment",
    "kela_vocational_rehabilitation": "Kela vocational rehabilitation (incl. work trial)",
    "studies_with_rehabilitation": "Studies as Kela vocational rehabilitation",
    "rehabilitation_psychotherapy": "Kela rehabilitation psychotherapy",
    "work_trial": "Work trial (employment services)",
    "pay_subsidised_work": "Pay-subsidised work",
    "rehabilitative_work_activity": "Rehabilitative work activity (municipal)",
    "social_rehabilitation": "Social rehabilitation (municipal social services)",
    "health_check_unemployed": "Health check for the unemployed",
    "joint_service_typ": "Multi-agency joint service (TYP)",
}
