"""The meetings app's part of the client overview and of the client's timeline
(polku.core.hooks)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.clients.models import Client
from polku.clients.timeline import TimelineEvent
from polku.core import hooks
from polku.core.dates import lateness
from polku.core.http import SignedInRequest

from . import selectors
from .models import Agreement, AgreementStatus, Meeting, MeetingStatus, NextContact


@hooks.client_sections.register
def client_section(request: SignedInRequest, client: Client) -> dict:
    upcoming = selectors.upcoming_next_contact(client)
    overdue = None if upcoming else selectors.overdue_next_contact(client)
    return {
        "meetings_next": selectors.next_meeting(client),
        "meetings_open_agreements": list(selectors.open_agreements(client)[:20]),
        "meetings_next_contact": upcoming,
        "meetings_overdue_contact": overdue,
        "meetings_overdue_lateness": lateness(overdue.due_on) if overdue else "",
        "meetings_today": timezone.localdate(),
    }


@hooks.client_timeline.register
def timeline_events(client: Client) -> Iterable[TimelineEvent]:
    """Meetings (closed → happened, planned → planned) and open agreements (→ agreed), each
    with its status."""
    meetings = Meeting.objects.filter(
        client=client, status__in=[MeetingStatus.CLOSED, MeetingStatus.PLANNED]
    ).only("id", "client_id", "kind", "status", "starts_at", "place", "mode")
    for meeting in meetings:
        yield TimelineEvent(
            day=timezone.localtime(meeting.starts_at).date(),
            state="happened" if meeting.status == MeetingStatus.CLOSED else "planned",
            kind="meeting",
            title=str(meeting.get_kind_display()),
            detail=meeting.place or str(meeting.get_mode_display()),
            status=str(meeting.get_status_display()),
            url=reverse(
                "meetings:detail", kwargs={"client_id": client.pk, "meeting_id": meeting.pk}
            ),
        )
    agreements = Agreement.objects.filter(client=client, status=AgreementStatus.OPEN)
    for agreement in agreements.select_related("owner"):
        owner = agreement.owner
        who = _("The client") if owner is None else owner.get_full_name() or owner.username
        yield TimelineEvent(
            day=agreement.due_on,
            state="agreed",
            kind="agreement",
            title=agreement.what,
            detail=str(who),
            status=str(agreement.get_status_display()),
            url=reverse(
                "meetings:detail",
                kwargs={"client_id": client.pk, "meeting_id": agreement.meeting_id},
            ),
        )


@hooks.owns_open_work.register
def owns_open_work(client_id: int, professional_id: int) -> bool:
    """An open agreement or a next contact not yet made, of the client, is the professional's."""
    return (
        Agreement.objects.filter(
            client_id=client_id, owner_id=professional_id, status=AgreementStatus.OPEN
        ).exists()
        or NextContact.objects.filter(
            client_id=client_id, contact_by_id=professional_id, done_at__isnull=True
        ).exists()
    )


@hooks.pass_open_work.register
def pass_open_work(client_id: int, from_id: int, to_id: int) -> list[str]:
    """The leaver's open agreements and next contacts of the client pass to `to_id`."""
    agreements = list(
        Agreement.objects.filter(
            client_id=client_id, owner_id=from_id, status=AgreementStatus.OPEN
        ).values_list("pk", flat=True)
    )
    Agreement.objects.filter(pk__in=agreements).update(owner_id=to_id)
    contacts = list(
        NextContact.objects.filter(
            client_id=client_id, contact_by_id=from_id, done_at__isnull=True
        ).values_list("pk", flat=True)
    )
    NextContact.objects.filter(pk__in=contacts).update(contact_by_id=to_id)
    return [f"agreement:{pk}" for pk in agreements] + [f"next_contact:{pk}" for pk in contacts]
