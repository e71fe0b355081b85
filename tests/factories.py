"""The factories the tests share with the demo (polku/demo/factories.py): import them from
here in tests."""

from polku.demo.factories import (
    AgreementFactory,
    GoalFactory,
    HandoverFactory,
    MeetingFactory,
    NextContactFactory,
    OrganisationFactory,
    PlanFactory,
    ProfessionalFactory,
    ProviderFactory,
    ReceivingTeamFactory,
    ServiceFactory,
    StepFactory,
    at,
    make_client,
    synthetic_hetu,
)

__all__ = [
    "AgreementFactory",
    "GoalFactory",
    "HandoverFactory",
    "MeetingFactory",
    "NextContactFactory",
    "OrganisationFactory",
    "PlanFactory",
    "ProfessionalFactory",
    "ProviderFactory",
    "ReceivingTeamFactory",
    "ServiceFactory",
    "StepFactory",
    "at",
    "make_client",
    "synthetic_hetu",
]
