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
    "housing_allowance",
    "social_assistance",
)

ELIGIBILITY_RULES: dict[str, str] = {}
