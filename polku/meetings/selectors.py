"""Reads for meeting pages. Callers pass a client already taken through the access rule, and
meetings are looked up only within that client."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from polku.clients.models import Client
from polku.core import tasks

from .models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)


def meetings(client: Client) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(client=client)
        .select_related("organiser")
        .order_by("-starts_at", "-id")
    )


def meeting(client: Client, meeting_id: int) -> Meeting:
    """One of this client's meetings with everything its page shows; another client's → 404."""
    queryset = Meeting.objects.filter(client=client).select_related(
        "organiser__organisation", "closed_by"
    )
    found = get_object_or_404(queryset, pk=meeting_id)
    found.participant_list = list(  # type: ignore[attr-defined]
        MeetingParticipant.objects.filter(meeting=found)
        .select_related("professional__organisation")
        .order_by("professional__last_name", "professional__first_name")
    )
    found.agreement_list = list(  # type: ignore[attr-defined]
        Agreement.objects.filter(meeting=found).select_related("owner__organisation", "done_by")
    )
    found.the_next_contact = (  # type: ignore[attr-defined]
        NextContact.objects.filter(meeting=found)
        .select_related("contact_by__organisation", "contact_to__organisation")
        .first()
    )
    return found


def agreement(client: Client, meeting_id: int, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.filter(client=client, meeting_id=meeting_id), pk=agreement_id
    )


def open_agreements(client: Client) -> QuerySet[Agreement]:
    return Agreement.objects.filter(client=client, status=AgreementStatus.OPEN).select_related(
        "owner__organisation"
    )


def upcoming_next_contact(client: Client) -> NextContact | None:
    """The next agreed contact that is not done and not in the past (None: none agreed)."""
    return (
        _open_next_contacts(client)
        .filter(due_on__gte=timezone.localdate())
        .order_by("due_on")
        .first()
    )


def overdue_next_contact(client: Client) -> NextContact | None:
    """The latest agreed contact whose day has passed and that is not done (None: none): the
    client overview says it is late rather than that no contact was agreed (the worklist lists
    it as late, the no-next-contact alert counts from its day)."""
    return (
        _open_next_contacts(client)
        .filter(due_on__lt=timezone.localdate())
        .order_by("-due_on")
        .first()
    )


def _open_next_contacts(client: Client) -> QuerySet[NextContact]:
    """The client's agreed contacts not done yet, with who contacts whom."""
    return NextContact.objects.filter(client=client, done_at__isnull=True).select_related(
        "contact_by__organisation", "contact_to__organisation"
    )


def next_meeting(client: Client) -> Meeting | None:
    return (
        Meeting.objects.filter(
            client=client, status=MeetingStatus.PLANNED, ends_at__gte=timezone.now()
        )
        .select_related("organiser")
        .order_by("starts_at")
        .first()
    )


def agreement_task(agreement: Agreement, today: dt.date) -> tasks.Task:
    """An agreement told to the client (polku.core.tasks): the worker's words quoted, who
    does it — "you" only for the client's own — and by when, late said as late; a done one
    says who did it. Used wherever an agreement is given to the client: the meeting summary,
    the knot-opening summary and the portal."""
    client_does = agreement.owner_is_client
    return tasks.task(
        agreement.what,
        client_does=client_does,
        doer=None if client_does else agreement.owner,
        due=agreement.due_on,
        today=today,
        done=agreement.status == AgreementStatus.DONE,
    )


def summary_context(client: Client, meeting: Meeting, today: dt.date | None = None) -> dict:
    """What the client's plain-language summary shows (meeting from `meeting()`): the
    meeting's agreements as tasks (`agreement_task`), the client's own apart from others'."""
    today = today or timezone.localdate()
    agreements = [
        a
        for a in meeting.agreement_list  # type: ignore[attr-defined]
        if a.status != AgreementStatus.CANCELLED
    ]
    mine = [agreement_task(a, today) for a in agreements if a.owner_is_client]
    others = [agreement_task(a, today) for a in agreements if not a.owner_is_client]
    return {
        "client": client,
        "meeting": meeting,
        "mine": mine,
        "others": others,
        "next_contact": meeting.the_next_contact,  # type: ignore[attr-defined]
    }


# The worklists' alert rule of a client without a next contact (polku.worklists.alerts) is
# configured under this code in POLKU_ALERT_THRESHOLDS; its threshold is the grace in days.
NO_NEXT_CONTACT_RULE = "no_next_contact"
DEFAULT_GRACE_DAYS = 0


def next_contact_grace_days() -> int:
    """The days a next contact may be late and still count as agreed (the rule's threshold)."""
    configured = settings.POLKU_ALERT_THRESHOLDS
    return int(configured.get(NO_NEXT_CONTACT_RULE, DEFAULT_GRACE_DAYS))


def future_next_contact(today: dt.date, grace_days: int = 0, *, client_ref: str = "pk") -> Q:
    """A client condition: the client has an open next contact due on `today - grace` or
    later — a next contact agreed in Polku, or a follow-up contact agreed in a referral's
    discharge plan (polku.referrals) while the client's consent to that referral is in force:
    an agreed follow-up is a future contact too. The one definition of "an agreed next
    contact": the worklists' rule, section and team view, and the research indicators."""
    from polku.referrals.models import FollowUp

    since = today - dt.timedelta(days=grace_days)
    return Q(
        Exists(
            NextContact.objects.filter(
                client=OuterRef(client_ref), done_at__isnull=True, due_on__gte=since
            )
        )
    ) | Q(
        Exists(
            FollowUp.objects.filter(
                plan__referral__client=OuterRef(client_ref),
                plan__referral__consent_withdrawn_at__isnull=True,
                done_at__isnull=True,
                due_on__gte=since,
            )
        )
    )
