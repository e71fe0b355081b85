"""Worklist and team view. Thin: reads come from selectors (limited to visible clients) and
every client shown is audited through polku.access.policy.audit_listed."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from polku.access import policy, resolver
from polku.clients.models import Client
from polku.core import hooks
from polku.core.http import SignedInRequest

from . import selectors
from .alerts import (
    AGREEMENT_OVERDUE,
    HANDOVER_PENDING,
    NO_CONTACT,
    NO_NEXT_CONTACT,
    PING_PONG,
    REFERRAL_OVERDUE,
    RULES,
)
from .forms import TeamFilterForm
from .models import Alert

TEAM_PAGE_SIZE = 50


@dataclass(frozen=True)
class AlertRow:
    """An open alert of the worklist: its rule's title and how long its problem has lasted,
    since when."""

    alert: Alert
    rule_title: str
    age: str


def _rule_title(rule: str) -> str:
    return str(RULES[rule].title) if rule in RULES else rule


def _age(rule: str, since: dt.date, today: dt.date, *, known: bool = True) -> str:
    """How long an alert's problem has lasted, and since when (selectors.problem_since): told
    without the client's identity, it tells the team view's anonymised rows apart. `known`
    False: the rule's data tell no day the problem began; `since` is the day the scan first
    noticed it, and the text says so."""
    days = (today - since).days
    values = {"days": days, "date": date_format(since, "SHORT_DATE_FORMAT")}
    if not known:
        if days <= 0:
            return gettext("First noticed today")
        text = ngettext(
            "Open %(days)s day (first noticed %(date)s)",
            "Open %(days)s days (first noticed %(date)s)",
            days,
        )
    elif days <= 0:  # e.g. a meeting today that agreed no next contact
        return gettext("Since today")
    elif rule == AGREEMENT_OVERDUE:
        text = ngettext(
            "%(days)s day overdue (due %(date)s)", "%(days)s days overdue (due %(date)s)", days
        )
    elif rule == REFERRAL_OVERDUE:
        text = ngettext(
            "%(days)s day past the deadline (%(date)s)",
            "%(days)s days past the deadline (%(date)s)",
            days,
        )
    elif rule == HANDOVER_PENDING:
        text = ngettext(
            "Pending %(days)s day (proposed %(date)s)",
            "Pending %(days)s days (proposed %(date)s)",
            days,
        )
    elif rule == NO_CONTACT:
        text = ngettext(
            "No contact for %(days)s day (since %(date)s)",
            "No contact for %(days)s days (since %(date)s)",
            days,
        )
    elif rule == NO_NEXT_CONTACT:
        text = ngettext(
            "No contact agreed after %(date)s (%(days)s day)",
            "No contact agreed after %(date)s (%(days)s days)",
            days,
        )
    elif rule == PING_PONG:
        text = ngettext(
            "Passed between organisations for %(days)s day (first change %(date)s)",
            "Passed between organisations for %(days)s days (first change %(date)s)",
            days,
        )
    else:
        text = ngettext(
            "Open %(days)s day (since %(date)s)", "Open %(days)s days (since %(date)s)", days
        )
    return text % values


def _alert_age(alert: Alert, today: dt.date) -> str:
    return _age(alert.rule, alert.problem_since, today, known=alert.since is not None)


def _audit_shown(request: SignedInRequest, client_ids: Iterable[int]) -> None:
    ids = sorted(set(client_ids))
    if ids:
        policy.audit_listed_ids(request, ids)


@login_required
def worklist(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not resolver.works_with_clients(user):
        raise PermissionDenied  # researchers and data-protection officers have no clients
    today = timezone.localdate()
    # The access rule built and compiled once for the eight lists (each still asks it in its
    # own query).
    visible = policy.compiled(Client.objects.visible_to(user, on=today))
    agreements = list(selectors.agreements_due(user, today=today, visible=visible))
    contacts = list(selectors.next_contacts_due(user, today=today, visible=visible))
    steps = list(selectors.steps_due(user, today=today, visible=visible))
    to_assign = list(selectors.steps_to_assign(user, today=today, visible=visible))
    handovers = list(selectors.handovers_waiting(user, today=today, visible=visible))
    without = list(selectors.clients_without_next_contact(user, today=today, visible=visible))
    alerts = list(selectors.open_alerts(user, today=today, visible=visible))
    warnings = selectors.work_ability_warnings(user, today=today, visible=visible)
    _audit_shown(
        request,
        [a.client_id for a in agreements]
        + [c.client_id for c in contacts]
        + [s.client_id for s in steps]  # type: ignore[attr-defined]  # annotated by the selector
        + [s.client_id for s in to_assign]  # type: ignore[attr-defined]  # annotated by the selector
        + [h.client_id for h in handovers if h.client_visible]  # type: ignore[attr-defined]  # annotated by the selector
        + [c.pk for c in without]
        + [a.client_id for a in alerts]
        + [w["client"].pk for w in warnings],
    )
    return render(
        request,
        "worklists/worklist.html",
        {
            "today": today,
            "agreements": agreements,
            "contacts": contacts,
            "steps": steps,
            "steps_to_assign": to_assign,
            "handovers": handovers,
            "without_next_contact": without,
            "alerts": [
                AlertRow(alert, _rule_title(alert.rule), _alert_age(alert, today))
                for alert in alerts
            ],
            "warnings": warnings,
            "horizon": selectors.horizon_days(),
            "extra_sections": hooks.worklist_page_sections(request, today, visible),
        },
    )


@login_required
def team(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not resolver.can_view_team_worklist(user) or user.organisation_id is None:
        raise PermissionDenied  # (a service manager always has an organisation)
    today = timezone.localdate()
    coordinators = list(selectors.coordinators_of(user.organisation_id))
    form = TeamFilterForm(request.GET or None, coordinators=coordinators)
    rule, coordinator_id = "", None
    if form.is_valid():
        rule = form.cleaned_data["rule"] or ""
        coordinator_id = form.cleaned_data["coordinator"]
    page = Paginator(
        selectors.at_risk(user.organisation_id, rule=rule, coordinator_id=coordinator_id),
        TEAM_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    alerts = list(page.object_list)
    # Need to know: the manager sees a client's identity only if the access rule lets them.
    names = {
        c.pk: c
        for c in Client.objects.visible_to(user, on=today)
        .filter(pk__in={a.client_id for a in alerts})
        .only("pk", "first_names", "last_name")
    }
    visible = set(names)
    people = {person.pk: person for person in coordinators}
    rows = [
        {
            "number": page.start_index() + n,
            "alert": alert,
            "rule_title": _rule_title(alert.rule),
            "age": _alert_age(alert, today),
            "client": names.get(alert.client_id),
            "coordinator": people.get(alert.coordinator_id),  # type: ignore[attr-defined]  # annotated by the selector
        }
        for n, alert in enumerate(alerts)
    ]
    _audit_shown(request, visible)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "worklists/team.html",
        {
            "caseload": selectors.caseload(
                user.organisation_id, today=today, coordinators=coordinators
            ),
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "rules": RULES.values(),
        },
    )
