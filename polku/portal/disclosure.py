""" "Who has looked at my information" as a disclosure log (in the way OmaKanta's
luovutusloki reads): from the audit trail, per day and per visit — a person (name, role,
organisation) working on the client's information for a while — what they looked at or did,
in words and naming the object, and why (the consent purposes, in words).

A visit is the events of one person on one day where no gap is longer than VISIT_GAP. Within
a visit, the same thing looked at several times is one line ("looked 3 times"), and every
list or search in which the client appeared is folded into one line. The client's own acts
(no professional as actor) and sign-ins are not listed. Paginated by days.

A data-protection officer's acts are said as what they were (`OWN_WORDS`), never folded into
"a list or search": the search for the client by their identity code to handle a data
request, and the copy of all their information made for it (polku.privacy). So is a
professional's typing of the client's henkilötunnus to record a new client (HETU_MATCH)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models.functions import TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.access.policy import ACCESS_REQUEST, INTAKE, OUTSIDE_CONSENT
from polku.accounts.models import Profession
from polku.audit.models import Action, AuditEvent
from polku.clients.models import Client, ConsentPurpose

VISIT_GAP = dt.timedelta(minutes=30)
DAYS_PER_PAGE = 7
HIDDEN = (Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED)
FOLDED = (Action.LIST, Action.SEARCH)
DATA_REQUEST_SEARCH = "privacy:data_request"
ACCESS_EXPORT = "privacy:access_export"
# A professional typed the client's henkilötunnus to record a new client and it matched this
# client (clients.services._request_access): not a list or search they looked at.
HETU_MATCH = "hetu_match"
CLIENT_COUNCIL = "client_council"  # the purpose of the council's invitation list (admin)


def _own_words(event: AuditEvent) -> str | None:
    """The whole line for an act that has words of its own (a data-protection officer's),
    or None."""
    match (event.action, event.target):
        case (Action.SEARCH, target) if target == DATA_REQUEST_SEARCH:
            return _(
                "The data-protection officer searched for your information with your personal "
                "identity code to handle a data request"
            )
        case (Action.EXPORT, target) if target == ACCESS_EXPORT:
            return _(
                "The data-protection officer made a copy of all your information to answer a "
                "data request (your right of access)"
            )
        case (Action.SEARCH, target) if target == HETU_MATCH:
            return _("They typed your personal identity code when they were recording a new client")
    return None


@dataclass
class Visit:
    person: str
    organisation: str
    role: str
    started: dt.datetime
    ended: dt.datetime
    lines: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    visits: list[Visit]


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j.n.Y")


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def purpose_words() -> dict[str, str]:
    """Every purpose the audit trail records on a client's events, in the client's words:
    the consent purposes (policy.purposes_granting, which the reads and the write services
    record), the intake before any consent (policy.INTAKE), an act no consent covered
    (policy.OUTSIDE_CONSENT), a henkilötunnus match (policy.ACCESS_REQUEST) and the client council's
    invitation list (portal.admin). A new purpose needs its words here
    (tests/portal/test_who_looked_purposes.py finds the purposes in the code)."""
    return {
        **{code: str(label) for code, label in ConsentPurpose.choices},
        INTAKE: _("Starting as a client"),
        OUTSIDE_CONSENT: _("No consent of yours covered their organisation then"),
        ACCESS_REQUEST: _("Asked to join the work on your case"),
        CLIENT_COUNCIL: _("Inviting clients to the client council"),
    }


def _why(purpose: str) -> list[str]:
    """The purposes (a comma-separated list in the audit trail) in words."""
    labels = purpose_words()
    found = []
    for code in (p.strip() for p in purpose.split(",")):
        if not code:
            continue
        if code in labels:
            found.append(labels[code])
        elif " " in code:  # a reason written out in words
            found.append(code)
        else:
            found.append(_("another purpose"))
    return found


def _object(target: str, names: dict[str, str]) -> str:
    """What the event was about, in words, naming the object where the trail names it."""
    kind, _sep, rest = target.partition(":")
    key = rest.split(":")[0]
    tail = rest.split(":")[1] if rest.count(":") else ""
    match kind:
        case "client" | "client_list":
            return _("your basic information")
        case "hetu":
            return _("your personal identity code")
        case "plan" | "plan_goal" | "plan_step" | "path":
            return _("your plan")
        case "plan_pdf":
            return _("your plan as a PDF file")
        case "route_plan" | "route_facts" | "route_choice":
            return _("your route to services and benefits")
        case "meetings":
            return _("your meetings")
        case "meeting":
            date = names.get(f"meeting:{key}", "")
            if tail == "summary":
                return _("the summary of your meeting on %(date)s") % {"date": date}
            if tail == "ics":
                return _("the calendar file of your meeting on %(date)s") % {"date": date}
            return _("your meeting on %(date)s") % {"date": date} if date else _("your meeting")
        case "knot" | "knot_opening" | "blocker":
            return _("your applications and what they wait for")
        case "application":
            name = names.get(f"application:{key}", "")
            return (
                _("your application: %(name)s") % {"name": name} if name else _("your application")
            )
        case "assessment" | "assessments" | "assessment_form":
            return _("your assessment of your situation")
        case "consent" | "consents" | "consent-fields":
            return _("your consents")
        case "network" | "network_member":
            return _("the people in your network")
        case "agreement":
            return _("what was agreed with you")
        case "handover" | "handovers":
            return _("the change of your coordinator")
        case "referral" | "referrals":
            name = names.get(f"referral:{key}", "")
            return (
                _("your referral %(reference)s") % {"reference": name}
                if name
                else _("your referral")
            )
        case "next_contact":
            return _("your next contact")
        case "outcome" | "outcomes":
            return _("how your situation has gone")
        case "portal_code":
            return _("a sign-in code for My Polku")
        case _:
            return _("your information")


def _done(action: str, count: int) -> str:
    match action:
        case Action.VIEW:
            return ngettext("looked at it", "looked at it %(count)d times", count) % {
                "count": count
            }
        case Action.CREATE:
            return _("added")
        case Action.UPDATE:
            return _("changed")
        case Action.DELETE:
            return _("removed")
        case Action.EXPORT:
            return _("downloaded or printed")
        case Action.REVEAL:
            return _("looked at your full personal identity code")
        case _:
            return _("handled")


def _names(events: list[AuditEvent]) -> dict[str, str]:
    """The objects' names the log shows: the meeting's date, the application's benefit,
    the referral's reference — read once for the page."""
    from polku.knots.models import Application
    from polku.meetings.models import Meeting
    from polku.referrals.models import Referral

    ids: dict[str, set[int]] = {"meeting": set(), "application": set(), "referral": set()}
    for event in events:
        kind, _sep, rest = event.target.partition(":")
        key = rest.split(":")[0]
        if kind in ids and key.isdigit():
            ids[kind].add(int(key))
    names: dict[str, str] = {}
    for meeting in Meeting.objects.filter(pk__in=ids["meeting"]).only("pk", "starts_at"):
        names[f"meeting:{meeting.pk}"] = _day(_local(meeting.starts_at).date())
    for application in Application.objects.filter(pk__in=ids["application"]).select_related(
        "service"
    ):
        names[f"application:{application.pk}"] = application.service.name
    for referral in Referral.objects.filter(pk__in=ids["referral"]).only("pk"):
        names[f"referral:{referral.pk}"] = referral.reference
    return names


def _visit(events: list[AuditEvent], names: dict[str, str]) -> Visit:
    first = events[0]
    actor = first.actor
    roles = dict(Profession.choices)
    visit = Visit(
        person=actor.get_full_name() if actor else "",
        organisation=first.actor_organisation.name if first.actor_organisation else "",
        role=str(roles.get(first.actor_profession, "")),
        started=_local(first.occurred_at),
        ended=_local(events[-1].occurred_at),
    )
    folded = sum(1 for e in events if e.action in FOLDED and _own_words(e) is None)
    counts: Counter[tuple[str, str]] = Counter()
    order: list[tuple[str, str]] = []
    for event in events:
        if (own := _own_words(event)) is not None:
            key = (own, "")
        elif event.action in FOLDED:
            continue
        else:
            key = (_object(event.target, names), event.action)
        if key not in counts:
            order.append(key)
        counts[key] += 1
    for what, action in order:
        count = counts[(what, action)]
        if not action:  # a line in words of its own
            line = (
                what
                if count == 1
                else _("%(what)s (%(count)d times)")
                % {
                    "what": what,
                    "count": count,
                }
            )
        else:
            line = f"{what[:1].upper()}{what[1:]}: {_done(action, count)}"
        visit.lines.append(line)
    if folded:
        visit.lines.append(
            ngettext(
                "Your name was in a list or search result they looked at.",
                "Your name was in lists or search results they looked at (%(count)d times).",
                folded,
            )
            % {"count": folded}
        )
    why: list[str] = []
    for event in events:
        for label in _why(event.purpose):
            if label not in why:
                why.append(label)
    visit.why = why
    return visit


def group(events: list[AuditEvent]) -> list[list[AuditEvent]]:
    """Events (oldest first) into visits: one person, one day, no gap over VISIT_GAP."""
    open_: dict[int | None, list[AuditEvent]] = {}
    done: list[list[AuditEvent]] = []
    for event in events:
        current = open_.get(event.actor_id)
        if current is not None and (
            event.occurred_at - current[-1].occurred_at > VISIT_GAP
            or _local(event.occurred_at).date() != _local(current[-1].occurred_at).date()
        ):
            done.append(current)
            current = None
        if current is None:
            current = open_[event.actor_id] = []
        current.append(event)
    done.extend(open_.values())
    return done


def _visits(events: list[AuditEvent], names: dict[str, str]) -> list[Visit]:
    visits = [_visit(found, names) for found in group(events)]
    return sorted(visits, key=lambda v: v.started, reverse=True)


def events_for(client: Client):
    return AuditEvent.objects.filter(client=client, actor__isnull=False).exclude(action__in=HIDDEN)


def log(client: Client, page_number: str | int | None = 1) -> tuple[list[Day], Page]:
    """One page of the log: DAYS_PER_PAGE days that have events, the latest first."""
    # The local days that have events, latest first, from the database: a client has hundreds
    # of events a year (issue 20), and converting each one's time here cost more than the rest.
    dates = list(
        events_for(client)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day", flat=True)
        .distinct()
        .order_by("-day")
    )
    page = Paginator(dates, DAYS_PER_PAGE).get_page(page_number)
    if not page.object_list:
        return [], page
    first, last = min(page.object_list), max(page.object_list)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    events = list(
        events_for(client)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .select_related("actor", "actor_organisation")
        .order_by("occurred_at", "pk")
    )
    names = _names(events)
    by_day: dict[dt.date, list[Visit]] = {}
    for visit in _visits(events, names):
        by_day.setdefault(visit.started.date(), []).append(visit)
    return [Day(date, by_day[date]) for date in page.object_list if date in by_day], page
