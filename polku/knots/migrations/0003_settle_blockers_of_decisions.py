"""Blockers that waited for a decision already made (or on an application already decided or
withdrawn) were left open before the decision settled them (polku.knots.services.
settle_after_decision). Settle them now: resolved at the awaited decision's date (or now),
and a knot walk still under way counts them as resolved at the table."""

import datetime as dt

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

CLOSED = ["decided_granted", "decided_partly_granted", "decided_refused", "withdrawn"]


def settle(apps, schema_editor):
    Blocker = apps.get_model("knots", "Blocker")
    KnotStep = apps.get_model("knots", "KnotStep")
    now = timezone.now()
    stale = Blocker.objects.filter(resolved_at__isnull=True).filter(
        Q(kind="decision", waits_for__status__in=CLOSED) | Q(application__status__in=CLOSED)
    )
    for blocker in stale.select_related("application", "waits_for"):
        decided = blocker.application if blocker.application.status in CLOSED else None
        if decided is None or decided.decision_date is None:
            decided = blocker.waits_for
        day = decided.decision_date if decided is not None else None
        when = min(now, timezone.make_aware(dt.datetime.combine(day, dt.time(12)))) if day else now
        blocker.resolved_at = when
        blocker.save(update_fields=["resolved_at"])
        KnotStep.objects.filter(
            blocker=blocker,
            outcome="pending",
            opening__finished_at__isnull=True,
            opening__meeting__status="planned",
        ).update(outcome="resolved", decided_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("knots", "0002_blocker_agreement_knotopening_knotstep"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(settle, migrations.RunPython.noop)]
