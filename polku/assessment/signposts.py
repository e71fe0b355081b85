"""The early-warning signposts in the user's language. The rules themselves (thresholds,
reasons, next steps) live in polku.assessment.early_warnings; this maps each rule's code to the
same wording through gettext, so the translations can be made, and writes each rule's legal
source in the language's own citation style."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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


# A law's English name (early_warnings.Citation.law) -> its name in the user's language.
LAWS = {
    "Health Care Act": _("Health Care Act"),
    "Health Insurance Act": _("Health Insurance Act"),
    "Occupational Health Care Act": _("Occupational Health Care Act"),
}


def cite(citation: early_warnings.Citation) -> str:
    """`citation` in the user's language and its style: fi and sv "Terveydenhuoltolaki
    (1326/2010) 13 §", en "Health Care Act (1326/2010), section 13"."""
    values = {"law": LAWS[citation.law], "number": citation.number, "section": citation.section}
    if citation.section:
        # Translators: a law and its section, e.g. "Health Care Act (1326/2010), section 13";
        # in Finnish and Swedish "Terveydenhuoltolaki (1326/2010) 13 §".
        return _("%(law)s (%(number)s), section %(section)s") % values
    # Translators: a law, e.g. "Health Insurance Act (1224/2004)".
    return _("%(law)s (%(number)s)") % values


@dataclass(frozen=True)
class ShownSignpost:
    code: str
    reason: str
    suggestion: str
    legal_source: str


def facts_for(assessment: Assessment, previous: Assessment | None) -> early_warnings.Facts:
    """`assessment` with its domains prefetched."""
    return early_warnings.Facts(
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
    params = signpost.parameters
    return ShownSignpost(
        code=signpost.code,
        reason=str(reason) % params,
        suggestion=str(suggestion) % params,
        legal_source="; ".join(cite(c) for c in signpost.citations),
    )


def for_facts(facts: early_warnings.Facts) -> list[ShownSignpost]:
    return [translate(s) for s in early_warnings.signposts(facts)]


def for_assessment(assessment: Assessment, previous: Assessment | None) -> list[ShownSignpost]:
    return for_facts(facts_for(assessment, previous))
