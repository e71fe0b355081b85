"""Reads for the client's own pages — always for the signed-in client only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from polku.accounts.models import Profession
from polku.assessment.models import Assessment
from polku.audit.models import Action, AuditEvent
from polku.clients.models import Client, Consent, ConsentPurpose, NetworkMember, NetworkRole
from polku.knots import plain
from polku.knots import selectors as knots
from polku.meetings.models import Agreement, AgreementStatus, Meeting, MeetingStatus
from polku.plans.models import Goal, Plan, Step
from polku.referrals.models import Referral

from .models import (
    CouncilMembership,
    CouncilSession,
    FeedbackAsked,
    FeedbackContext,
    Proposal,
)

FEEDBACK_DAYS = 60


def network(client: Client) -> list[NetworkMember]:
    members = NetworkMember.objects.active().filter(client=client)
    return sorted(
        members.select_related("professional__organisation"),
        key=lambda m: (m.role != NetworkRole.COORDINATOR, m.professional.last_name),
    )


def next_meetings(client: Client) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            client=client, status=MeetingStatus.PLANNED, ends_at__gte=timezone.now()
        )
        .select_related("organiser__organisation")
        .order_by("starts_at")
    )


def agreements(client: Client) -> list[Agreement]:
    return list(
        Agreement.objects.filter(client=client, status=AgreementStatus.OPEN)
        .select_related("owner__organisation")
        .order_by("due_on")
    )


def plan(client: Client) -> Plan | None:
    steps = Step.objects.select_related("organisation", "responsible", "service").order_by(
        "target_date", "pk"
    )
    return (
        Plan.objects.filter(client=client)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("steps", steps)))
        )
        .first()
    )


def latest_assessment(client: Client) -> Assessment | None:
    return (
        Assessment.objects.filter(client=client)
        .prefetch_related("domains")
        .order_by("-version")
        .first()
    )


def applications(client: Client) -> tuple[list[dict], bool]:
    """Each application with what it waits for, in plain words."""
    knot = knots.knot(client)
    reasons: dict[int, list[str]] = {}
    for blocker in knot.open_blockers:
        reasons.setdefault(blocker.application_id, []).append(plain.waits_for(blocker))
    return [
        {
            "application": application,
            "service": application.service,
            "reasons": reasons.get(application.pk, []) if application.is_open else [],
            "decision": "" if application.is_open else plain.decision_words(application),
        }
        for application in knot.applications
    ], knot.needs_digital_help


def consents(client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client).prefetch_related("organisations"))


def who_looked(client: Client, *, limit: int = 200) -> list[AuditEvent]:
    """What professionals did with the client's information: organisation, role, when, what
    for. The client's own acts (no professional as actor) are not listed."""
    events = list(
        AuditEvent.objects.filter(client=client, actor__isnull=False)
        .exclude(action__in=[Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED])
        .select_related("actor_organisation")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    roles, purposes = dict(Profession.choices), dict(ConsentPurpose.choices)
    for event in events:
        event.role_label = roles.get(event.actor_profession, event.actor_profession)  # type: ignore[attr-defined]
        event.purpose_label = purposes.get(event.purpose, event.purpose)  # type: ignore[attr-defined]
    return events


def referrals(client: Client) -> list[Referral]:
    return list(
        Referral.objects.filter(client=client)
        .select_related("team__organisation", "named_worker")
        .order_by("-received_at")
    )


def feedback_due(client: Client) -> list[dict]:
    """What the client has not yet given feedback on: meetings closed, plan steps done and
    referrals contacted in the last FEEDBACK_DAYS days."""
    since = timezone.now() - dt.timedelta(days=FEEDBACK_DAYS)
    asked = set(FeedbackAsked.objects.filter(client=client).values_list("context", "object_id"))
    due = []
    for meeting in Meeting.objects.filter(
        client=client, status=MeetingStatus.CLOSED, closed_at__gte=since
    ).select_related("organiser"):
        if (FeedbackContext.MEETING, meeting.pk) not in asked:
            due.append(
                {
                    "context": FeedbackContext.MEETING,
                    "object": meeting,
                    "organisation_id": meeting.organiser.organisation_id,
                    "when": meeting.starts_at,
                }
            )
    for step in Step.objects.filter(
        goal__plan__client=client, status="done", done_on__gte=since.date()
    ).select_related("organisation", "responsible"):
        if (FeedbackContext.STEP, step.pk) not in asked:
            organisation = step.organisation_id or getattr(
                step.responsible, "organisation_id", None
            )
            due.append(
                {
                    "context": FeedbackContext.STEP,
                    "object": step,
                    "organisation_id": organisation,
                    "when": step.done_on,
                }
            )
    for referral in Referral.objects.filter(client=client, contacted_at__gte=since).select_related(
        "team"
    ):
        if (FeedbackContext.REFERRAL, referral.pk) not in asked:
            due.append(
                {
                    "context": FeedbackContext.REFERRAL,
                    "object": referral,
                    "organisation_id": referral.team.organisation_id,
                    "when": referral.contacted_at,
                }
            )
    return due


def council(client: Client) -> dict:
    return {
        "member": CouncilMembership.objects.filter(client=client).exists(),
        "sessions": list(
            CouncilSession.objects.filter(invited=client, starts_at__gte=timezone.now())
        ),
        "proposals": list(Proposal.objects.all()[:100]),
    }


def meeting_section(request, client, meeting) -> dict | None:
    """On the meeting page: the topics the client added to this meeting's agenda."""
    from .models import Contribution

    items = list(Contribution.objects.filter(meeting=meeting, kind="agenda_item"))
    if not items:
        return None
    return {"template": "portal/meeting_section.html", "items": items}


def client_section(request, client) -> dict:
    """For professionals on the client overview: what the client wrote in the portal."""
    from .models import Contribution

    return {"portal_contributions": list(Contribution.objects.filter(client=client)[:10])}


MIN_GROUP = 5  # answers; a smaller group is not shown (it could point to a person)


def feedback_by_month(start, end, organisation_id: int | None = None):
    """Feedback answered in [start, end] by month: answers, the share who got their matters
    sorted at once, the mean of "were you heard" and of the overall score (1–5). Months with
    fewer than MIN_GROUP answers are left out. A Polars frame."""
    import polars as pl

    from polku.research.frames import frame

    from .models import Feedback

    answers = Feedback.objects.filter(month__range=(start.replace(day=1), end))
    if organisation_id:
        answers = answers.filter(organisation_id=organisation_id)
    found = frame(
        answers,
        {"month": pl.Date, "sorted_out": pl.Utf8, "heard": pl.Int64, "overall": pl.Int64},
    )
    return (
        found.group_by("month")
        .agg(
            pl.len().alias("answers"),
            ((pl.col("sorted_out") == "yes").mean() * 100).round(1).alias("sorted_at_once"),
            pl.col("heard").mean().round(2).alias("heard"),
            pl.col("overall").mean().round(2).alias("overall"),
        )
        .filter(pl.col("answers") >= MIN_GROUP)
        .sort("month")
    )
