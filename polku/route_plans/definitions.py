"""The route templates: typical sequences of catalogue steps with checkpoints (data, keyed by
catalogue service slugs). Django-free: texts are English msgids marked with gettext_noop and
translated where they are shown.

Each step names
  * `service`: the catalogue service's slug (polku.catalogue.models.Service.slug),
  * `rule`: the eligibility rule (rules.references.ELIGIBILITY_RULES) used when the catalogue
    entry is missing or names none,
  * `months`: its typical duration (the route's income table spans 12 months),
  * `checkpoint`: what is checked at its end (becomes a dated plan step),
  * `alternative`: the `polku-rules calc` alternative (kind and its fields) that applies to
    the client's income during the step, so that the route's income per month comes from
    the rules engine. Values "$expected_wage" and "$monthly_earnings" are taken from the
    client's facts.
  * `gate`: whether the step's eligibility decides whether the route is open (default: the
    first step only; later steps are opened by the earlier ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rules import labels


def gettext_noop(message: str) -> str:
    return message


# An assumed wage when the client's expected wage is not known: shown as an assumption.
ASSUMED_WAGE = 1900.0
ASSUMED_WAGE_NOTE = gettext_noop(
    "Assumed gross wage 1 900 € a month (the client's expected wage is not recorded)."
)


@dataclass(frozen=True)
class RouteStep:
    service: str
    rule: str
    months: int
    checkpoint: str
    alternative: dict
    name: str  # English fallback name when the catalogue has no entry
    gate: bool | None = None
    alongside: bool = False  # runs alongside (does not change the income alternative)


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    summary: str
    steps: tuple[RouteStep, ...]
    situations: tuple[str, ...] = field(default_factory=tuple)

    def gate_steps(self) -> list[RouteStep]:
        explicit = [s for s in self.steps if s.gate]
        return explicit or [self.steps[0]]


UNEMPLOYED = {"kind": "status_quo"}

ROUTES: tuple[Route, ...] = (
    Route(
        id="vocational_rehabilitation",
        title=gettext_noop("Vocational rehabilitation towards work"),
        summary=gettext_noop(
            "A vocational rehabilitation assessment, then a work trial, then pay-subsidised work."
        ),
        steps=(
            RouteStep(
                service="kelan-ammatillisen-kuntoutuksen-selvitys",
                rule="vocational_rehabilitation_assessment",
                months=2,
                checkpoint=gettext_noop(
                    "Assessment done: is vocational rehabilitation the right way?"
                ),
                alternative={"kind": "vocational_rehabilitation"},
                name=gettext_noop("Vocational rehabilitation assessment"),
            ),
            RouteStep(
                service="tyokokeilu",
                rule="work_trial",
                months=4,
                checkpoint=gettext_noop(
                    "Reviewed with the employer and the client: how did it go?"
                ),
                alternative={
                    "kind": "work_trial",
                    "attendance_days": 18,
                    "outside_commuting_area": False,
                },
                name=gettext_noop("Work trial"),
            ),
            RouteStep(
                service="palkkatuki",
                rule="pay_subsidised_work",
                months=6,
                checkpoint=gettext_noop("How is the work going, and what next?"),
                alternative={"kind": "pay_subsidised_work", "gross_wage": "$expected_wage"},
                name=gettext_noop("Pay-subsidised work"),
            ),
        ),
        situations=("unemployed", "rehabilitation"),
    ),
    Route(
        id="sickness_to_studies",
        title=gettext_noop("From sick leave to studies with rehabilitation"),
        summary=gettext_noop(
            "Sickness allowance, then rehabilitation allowance with Kela vocational "
            "rehabilitation, then studies as rehabilitation."
        ),
        steps=(
            RouteStep(
                service="kelan-sairauspaivaraha",
                rule="sickness_allowance",
                months=3,
                checkpoint=gettext_noop(
                    "Doctor's review: is work ability threatened? Apply for rehabilitation."
                ),
                alternative={"kind": "sickness_allowance"},
                name=gettext_noop("Sickness allowance"),
            ),
            RouteStep(
                service="kelan-ammatillinen-kuntoutus",
                rule="kela_vocational_rehabilitation",
                months=3,
                checkpoint=gettext_noop("Rehabilitation plan agreed with Kela."),
                alternative={"kind": "vocational_rehabilitation"},
                name=gettext_noop("Kela vocational rehabilitation"),
            ),
            RouteStep(
                service="opiskelu-kuntoutuksena",
                rule="studies_with_rehabilitation",
                months=6,
                checkpoint=gettext_noop("First term of studies done: credits and well-being."),
                alternative={"kind": "studies_with_rehabilitation"},
                name=gettext_noop("Studies as vocational rehabilitation"),
            ),
        ),
        situations=("sick", "rehabilitation"),
    ),
    Route(
        id="work_activity_to_work",
        title=gettext_noop("Rehabilitative work activity towards work"),
        summary=gettext_noop(
            "Rehabilitative work activity, then a work trial, then pay-subsidised work."
        ),
        steps=(
            RouteStep(
                service="kuntouttava-tyotoiminta",
                rule="rehabilitative_work_activity",
                months=4,
                checkpoint=gettext_noop("Activation plan reviewed: ready for a work trial?"),
                alternative={
                    "kind": "rehabilitative_work_activity",
                    "attendance_days": 12,
                    "outside_commuting_area": False,
                },
                name=gettext_noop("Rehabilitative work activity"),
            ),
            RouteStep(
                service="tyokokeilu",
                rule="work_trial",
                months=3,
                checkpoint=gettext_noop(
                    "Reviewed with the employer and the client: how did it go?"
                ),
                alternative={
                    "kind": "work_trial",
                    "attendance_days": 18,
                    "outside_commuting_area": False,
                },
                name=gettext_noop("Work trial"),
            ),
            RouteStep(
                service="palkkatuki",
                rule="pay_subsidised_work",
                months=5,
                checkpoint=gettext_noop("How is the work going, and what next?"),
                alternative={"kind": "pay_subsidised_work", "gross_wage": "$expected_wage"},
                name=gettext_noop("Pay-subsidised work"),
            ),
        ),
        situations=("unemployed",),
    ),
    Route(
        id="social_rehabilitation",
        title=gettext_noop("Health first, then social rehabilitation"),
        summary=gettext_noop(
            "A health check for the unemployed, then social rehabilitation, then "
            "rehabilitative work activity."
        ),
        steps=(
            RouteStep(
                service="tyottomien-terveystarkastus",
                rule="health_check_unemployed",
                months=1,
                checkpoint=gettext_noop("Health check done: what does the doctor recommend?"),
                alternative=UNEMPLOYED,
                name=gettext_noop("Health check for the unemployed"),
            ),
            RouteStep(
                service="sosiaalinen-kuntoutus",
                rule="social_rehabilitation",
                months=5,
                checkpoint=gettext_noop("Reviewed together: is daily life in order?"),
                alternative=UNEMPLOYED,
                name=gettext_noop("Social rehabilitation"),
            ),
            RouteStep(
                service="kuntouttava-tyotoiminta",
                rule="rehabilitative_work_activity",
                months=6,
                checkpoint=gettext_noop("Activation plan reviewed: ready for a work trial?"),
                alternative={
                    "kind": "rehabilitative_work_activity",
                    "attendance_days": 12,
                    "outside_commuting_area": False,
                },
                name=gettext_noop("Rehabilitative work activity"),
            ),
        ),
        situations=("unemployed", "crisis"),
    ),
    Route(
        id="psychotherapy_alongside",
        title=gettext_noop("Rehabilitation psychotherapy alongside part-time work"),
        summary=gettext_noop(
            "Kela rehabilitation psychotherapy alongside, while working part time."
        ),
        steps=(
            RouteStep(
                service="kelan-kuntoutuspsykoterapia",
                rule="rehabilitation_psychotherapy",
                months=12,
                checkpoint=gettext_noop("Psychotherapy year reviewed: continue for a second year?"),
                alternative={"kind": "part_time_work", "gross_wage": "$monthly_earnings"},
                name=gettext_noop("Kela rehabilitation psychotherapy"),
                alongside=True,
            ),
        ),
        situations=("sick", "rehabilitation"),
    ),
    Route(
        id="joint_service",
        title=gettext_noop("Multi-agency joint service (TYP)"),
        summary=gettext_noop(
            "The joint service of employment, social, health and Kela services, then a work trial."
        ),
        steps=(
            RouteStep(
                service="typ-monialainen-yhteispalvelu",
                rule="joint_service_typ",
                months=6,
                checkpoint=gettext_noop("Multi-agency plan reviewed together."),
                alternative=UNEMPLOYED,
                name=gettext_noop("Multi-agency joint service (TYP)"),
            ),
            RouteStep(
                service="tyokokeilu",
                rule="work_trial",
                months=6,
                checkpoint=gettext_noop(
                    "Reviewed with the employer and the client: how did it go?"
                ),
                alternative={
                    "kind": "work_trial",
                    "attendance_days": 18,
                    "outside_commuting_area": False,
                },
                name=gettext_noop("Work trial"),
            ),
        ),
        situations=("unemployed",),
    ),
)

BY_ID: dict[str, Route] = {route.id: route for route in ROUTES}

# The eligibility rules' names: one registry for every page (rules.labels).
RULE_LABELS: dict[str, str] = labels.RULE_LABELS
