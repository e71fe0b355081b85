"""Shared test helpers for meetings: a planned meeting, a held meeting (one that has started,
so it can be closed), a complete (closable) meeting."""

import datetime as dt

from django.utils import timezone

from polku.meetings import services


def future(days: int = 3, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def past(days: int = 0, hours: int = 2) -> dt.datetime:
    """A moment `days` days and `hours` hours ago: the start of a meeting that has happened."""
    return timezone.now() - dt.timedelta(days=days, hours=hours)


def plan(client, by, **overrides):
    arguments = {
        "kind": "first_joint",
        "mode": "in_person",
        "starts_at": future(),
        "ends_at": future() + dt.timedelta(hours=1),
        "place": "Seinäjoen yhteispalvelupiste, Kauppakatu 1",
        "agenda": "Tilanne, tavoitteet, sopimukset",
        "participants": [],
    }
    arguments.update(overrides)
    return services.plan_meeting(client=client, by=by, **arguments)


def complete(meeting, by, *, what="Hakee kuntoutusrahaa"):
    """Add an agreement and the next contact so the meeting can be closed."""
    today = timezone.localdate()
    agreement = services.add_agreement(
        meeting=meeting, by=by, what=what, due_on=today + dt.timedelta(days=7), owner=by
    )
    contact = services.set_next_contact(
        meeting=meeting, by=by, due_on=today + dt.timedelta(days=14), channel="phone", contact_by=by
    )
    return agreement, contact


def held(client, by, **overrides):
    """A meeting that started two hours ago: it can be closed as held (a meeting in the future
    cannot, polku.meetings.services.close_meeting)."""
    overrides.setdefault("starts_at", past())
    overrides.setdefault("ends_at", overrides["starts_at"] + dt.timedelta(hours=1))
    return plan(client, by, **overrides)
