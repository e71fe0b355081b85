"""The early-warning signposts in the user's language. The rules themselves (thresholds,
reasons, next steps) live in polku.assessment.early_warnings; this maps each rule's code to the
same wording through gettext, so the translations can be made, and writes each rule's legal
source in the language's own citation style (polku.core.citations.cite, the same mechanism as
the map's legal basis)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.citations import LAWS, cite, cite_all  # noqa: F401 (LAWS, cite: for callers)

from . import early_warnings
from .models import Assessment

# code -> (reason, suggestion): the same English text as the rule in early_warnings.RULES
# (tests/assessment/test_early_warnings.py holds them equal).
MESSAGES = {
    early_warnings.LOW_SCORE.code: (
        _("The client rates their work ability %(score)s/10 (%(threshold)s or less)."),
        _(
            "Offer a work-ability assessment and the health check for the unemployed "
            "(the municipality's health services)."
        ),
    ),
    early_warnings.SCORE_DROP.code: (
        _(
            "Self-rated work ability fell by %(drop)s points since the previous assessment "
            "(from %(previous)s to %(score)s)."
        ),
        _("Arrange a work-ability assessment and call a network meeting."),
    ),
    early_warnings.LONG_ABSENCE.code: (
        _("%(days)s days of sickness absence in the last 12 months (%(threshold)s or more)."),
        _(
            "Contact occupational or primary health care about the remaining work ability, and "
            "check the client's sickness allowance with Kela."
        ),
    ),
    early_warnings.HEALTH_DIFFICULTY.code: (
        _("Serious difficulty in health and functioning, and support is needed."),
        _(
            "Offer a health check (for an unemployed client, the health check for the "
            "unemployed) and contact health care."
        ),
    ),
}


# A rule's narrower suggestion (early_warnings.Rule.narrower: what is left when the plan already
# has part of the full one) -> the same text through gettext.
NARROWER = {
    "Offer a work-ability assessment.": _("Offer a work-ability assessment."),
    "Offer the health check for the unemployed (the municipality's health services).": _(
        "Offer the health check for the unemployed (the municipality's health services)."
    ),
    "Call a network meeting.": _("Call a network meeting."),
}

# How a plan step is recognised as what a rule offers: its service on the map, or words of its
# text or the name of a service not on the map (steps are written in fi, sv or en).
PLAN_SERVICES = {"tyottomien-terveystarkastus": early_warnings.HEALTH_CHECK}
PLAN_WORDS = {
    early_warnings.HEALTH_CHECK: ("terveystarkast", "hälsokontroll", "hälsogransk", "health check"),
    early_warnings.WORK_ABILITY_ASSESSMENT: (
        "työkykyarvi",
        "työkyvyn arvi",
        "arbetsförmågebedömning",
        "bedömning av arbetsförmåga",
        "work-ability assessment",
        "work ability assessment",
    ),
}
# A step done longer ago than this no longer answers a new warning.
DONE_WITHIN = dt.timedelta(days=365)


def plan_has(kind: str, client: Any, today: dt.date) -> Exists:
    """Whether the plan of `client` (an id or an OuterRef) has `kind` of what the rules offer
    (early_warnings.HEALTH_CHECK, WORK_ABILITY_ASSESSMENT) planned, under way or done within
    DONE_WITHIN: by the step's service on the map or the words of its text."""
    from polku.plans.models import OPEN_STEP_STATUSES, Step, StepStatus

    named = Q(service__slug__in=[slug for slug, k in PLAN_SERVICES.items() if k == kind])
    for word in PLAN_WORDS[kind]:
        named |= Q(what__icontains=word) | Q(service_name__icontains=word)
    return Exists(
        Step.objects.filter(named, goal__plan__client_id=client).filter(
            Q(status__in=OPEN_STEP_STATUSES)
            | Q(status=StepStatus.DONE, done_on__gte=today - DONE_WITHIN)
        )
    )


def in_plan_annotations(client: Any, today: dt.date) -> dict[str, Exists]:
    """plan_has for each kind, to annotate a query with (one query for many clients)."""
    return {f"in_plan_{kind}": plan_has(kind, client, today) for kind in PLAN_WORDS}


def in_plan_of(row: Any) -> frozenset[str]:
    """What a row annotated with in_plan_annotations has in its plan."""
    return frozenset(kind for kind in PLAN_WORDS if getattr(row, f"in_plan_{kind}"))


def in_plan(client_id: int, today: dt.date | None = None) -> frozenset[str]:
    day = today or timezone.localdate()
    from polku.clients.models import Client

    row = Client.objects.filter(pk=client_id).annotate(**in_plan_annotations(client_id, day))
    found = row.only("pk").first()
    return in_plan_of(found) if found is not None else frozenset()


@dataclass(frozen=True)
class ShownSignpost:
    code: str
    reason: str
    suggestion: str
    legal_source: str


def facts_for(assessment: Assessment, previous: Assessment | None) -> early_warnings.Facts:
    """`assessment` with its domains prefetched; the client's plan as it is today."""
    return early_warnings.Facts(
        in_plan=in_plan(assessment.client_id),
        score=assessment.work_ability_score,
        previous_score=previous.work_ability_score if previous else None,
        absence_days=assessment.sickness_absence_days,
        domains={
            d.domain: early_warnings.DomainFacts(
                client_status=d.client_status,
                professional_status=d.professional_status,
                support_needed=d.support_needed,
            )
            for d in assessment.domains.all()
        },
    )


def translate(signpost: early_warnings.Signpost) -> ShownSignpost:
    reason, suggestion = MESSAGES[signpost.code]
    if signpost.suggestion in NARROWER:  # the plan has part of the full suggestion
        suggestion = NARROWER[signpost.suggestion]
    params = signpost.parameters
    return ShownSignpost(
        code=signpost.code,
        reason=str(reason) % params,
        suggestion=str(suggestion) % params,
        legal_source=cite_all(signpost.citations),
    )


def for_facts(facts: early_warnings.Facts) -> list[ShownSignpost]:
    return [translate(s) for s in early_warnings.signposts(facts)]


def for_assessment(assessment: Assessment, previous: Assessment | None) -> list[ShownSignpost]:
    return for_facts(facts_for(assessment, previous))
