"""OpenFisca entities: `person` and the `household` it belongs to.

One row of `household` is one household under one alternative (status quo, a work trial …)
— and, when months are stacked, in one month; its members are rows of `person`. The route
planner and the screening evaluate many households × alternatives in one simulation, each
household independent of the others.

Roles in the household (rules.inputs.ROLES, the same order as ROLE_CODES below):
- applicant (exactly one): the client whose alternatives are compared;
- partner (at most one): a spouse or cohabiting partner;
- child: a child under 18 of the applicant or the partner;
- adult_child: a child aged 18 or over living with the parent(s).

The household is the `ruokakunta` of the general housing allowance and the family of basic
social assistance; how each benefit reads the members is in rules/variables/household.py."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A member of a household under one alternative",
    doc="One row per member, household and alternative (and month when stacked).",
    is_person=True,
)

Household = build_entity(
    key="household",
    plural="households",
    label="A household under one alternative",
    doc="The people who live together: the applicant, a partner, children.",
    roles=[
        {"key": "applicant", "plural": "applicants", "label": "Applicant", "max": 1},
        {"key": "partner", "plural": "partners", "label": "Partner", "max": 1},
        {"key": "child", "plural": "children", "label": "Child under 18"},
        {
            "key": "adult_child",
            "plural": "adult_children",
            "label": "Child aged 18 or over living with the parent(s)",
        },
    ],
)

# The integer code of each role in the `role` person variable and in simulate()'s columns.
ROLES = ("applicant", "partner", "child", "adult_child")
ROLE_CODES = {name: code for code, name in enumerate(ROLES)}

entities = [Person, Household]
