"""OpenFisca entities. One row of the `person` entity is one person under one alternative
(status quo, a work trial …): the route planner and the screening evaluate many people ×
alternatives in one simulation, each row independent of the others."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A person under one alternative",
    doc="One row per person and alternative; rows do not interact.",
    is_person=True,
)

entities = [Person]
