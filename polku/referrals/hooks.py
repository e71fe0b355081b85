"""The referrals app's part of the navigation, the client's timeline and the worklist
(polku.core.hooks)."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.access import resolver
from polku.clients.models import Client
from polku.clients.timeline import TimelineEvent
from polku.core import hooks
from polku.core.http import SignedInRequest
from polku.core.navigation import NavItem

from . import selectors
from .models import Referral, ReferralStatus

hooks.navigation.register(
    NavItem(
        "referrals:partner_list",
        gettext_lazy("Referrals"),
        order=30,
        visible=resolver.can_refer,
        landing=resolver.can_refer,  # the referring partner's main page
    )
)
hooks.navigation.register(
    NavItem(
        "referrals:queue",
        gettext_lazy("Referral queue"),
        order=31,
        visible=resolver.can_see_referral_queue,
    )
)


@hooks.client_timeline.register
def timeline_events(client: Client) -> Iterable[TimelineEvent]:
    rows = Referral.objects.filter(client=client).select_related("team")
    for referral in rows:
        yield TimelineEvent(
            day=timezone.localtime(referral.received_at).date(),
            state="happened",
            kind="referral",
            title=str(_("Referral to %(team)s") % {"team": referral.team.name}),
            detail=referral.get_status_display(),
            url=reverse("referrals:client_referrals", kwargs={"client_id": client.pk}),
        )


@hooks.worklist_sections.register
def worklist_section(
    request: SignedInRequest, today: dt.date, visible: QuerySet[Client]
) -> dict | None:
    """On the worklist: my referrals waiting for the first contact, overdue referrals of the
    teams I manage (the escalation) and my follow-ups after discharge. Referral-based: the
    team sees these referrals anyway; the views of them are audited there. `visible`: the
    clients the access rule lets me see today, built once for the whole worklist."""
    user = request.user
    team_ids = set(resolver.teams_of(user).values_list("pk", flat=True))
    mine, escalated = [], []
    if team_ids:  # claimed and escalated referrals are of my teams (most people have none)
        mine = selectors.with_time_left(
            resolver.referrals_for_team(user)
            .filter(named_worker=user, status=ReferralStatus.CLAIMED)
            .filter(consent_withdrawn_at__isnull=True)
            .order_by("deadline", "pk"),
            today=today,
        )
        escalated = selectors.with_time_left(selectors.escalated_to(user, today=today), today=today)
    follow_ups = list(
        selectors.follow_ups_due(user, today=today, visible=visible, team_ids=team_ids)
    )
    if not (mine or escalated or follow_ups):
        return None
    return {
        "template": "referrals/worklist_section.html",
        "referrals_mine": mine,
        "referrals_escalated": escalated,
        "referral_follow_ups": follow_ups,
        "today": today,  # a follow-up's state: late, due today or in days (core.dates)
        # A follow-up of someone outside the team (the home municipality's social worker)
        # links to the client's referrals page, which the access rule lets them see.
        "referral_team_ids": team_ids,
    }
