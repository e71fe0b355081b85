"""The assessment's part of the client overview and of the client's timeline
(polku.core.hooks)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from polku.clients.models import Client
from polku.clients.timeline import TimelineEvent
from polku.core import hooks
from polku.core.http import SignedInRequest

from . import selectors, signposts
from .models import Assessment


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    latest, before = selectors.latest_two(client)
    if latest is None:
        return {
            "assessment_latest": None,
            "assessment_signposts": [],
            "assessment_comparison": None,
        }
    return {
        "assessment_latest": latest,
        "assessment_comparison": selectors.compare(latest, before),
        "assessment_signposts": signposts.for_assessment(latest, before),
    }


@hooks.client_timeline.register
def timeline_events(client: Client) -> list[TimelineEvent]:
    rows = (
        Assessment.objects.filter(client_id=client.pk)
        .order_by("version")
        .values("pk", "version", "assessed_on", "work_ability_score")
    )
    events = []
    for row in rows:
        if row["work_ability_score"] is None:
            detail = ""
        else:
            detail = _("Self-rated work ability %(score)s/10") % {
                "score": row["work_ability_score"]
            }
        events.append(
            TimelineEvent(
                day=row["assessed_on"],
                state="happened",
                kind="assessment",
                title=_("Holistic assessment, version %(version)s") % {"version": row["version"]},
                detail=detail,
                url=reverse(
                    "assessment:detail",
                    kwargs={"client_id": client.pk, "assessment_id": row["pk"]},
                ),
            )
        )
    return events
