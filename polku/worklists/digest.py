"""The daily e-mail digest: one e-mail per professional with what is due.

Privacy: the e-mail holds counts and a link to the worklist only — no client names and never a
henkilötunnus. E-mail leaves the system's access control and audit trail, so the client data
stays behind the sign-in, where reading it is checked by the access rule and audited.

Once a day: a DigestLog row (unique per professional and day) is claimed before sending, so a
second run sends nothing; if sending fails the claim is released for a later run."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polku.access.policy import visible_clients

from . import selectors
from .models import Alert, DigestLog

logger = logging.getLogger(__name__)


def worklist_url() -> str:
    base = getattr(settings, "POLKU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + reverse("worklists:worklist")


def compose(*, counts: dict[str, int]) -> tuple[str, str]:
    """Subject and body of one digest (counts and a link only)."""
    lines = [
        (_("Agreements overdue"), counts["agreements_overdue"]),
        (_("Agreements due in the coming days"), counts["agreements_due"]),
        (_("Next contacts due"), counts["next_contacts_due"]),
        (_("Handovers waiting for your decision"), counts["handovers_waiting"]),
        (_("New alerts"), counts["new_alerts"]),
    ]
    body = "\n".join(
        [
            _("Good morning,"),
            "",
            _("this is what is due in Polku today:"),
            "",
            *(f"  {label}: {number}" for label, number in lines),
            "",
            _("Open your worklist (sign-in required): %(url)s") % {"url": worklist_url()},
            "",
            _("For privacy this e-mail contains no client details."),
        ]
    )
    return _("Polku: what is due today"), body


def send_digest(*, professional, today: dt.date, now=None) -> bool:
    """Send `professional` their digest for `today` unless already sent or nothing is due."""
    now = now or timezone.now()
    counts = selectors.digest_counts(professional, today=today)
    if not any(counts.values()):
        return False
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(
                professional=professional, sent_on=today, sent_at=now, counts=counts
            )
    except IntegrityError:
        return False  # already sent today
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = compose(counts=counts)
    try:
        send_mail(subject, body, None, [professional.email])
    except Exception:
        logger.exception("Digest to professional %s failed; will retry", professional.pk)
        log.delete()
        return False
    Alert.objects.filter(
        assigned_to=professional,
        resolved_on__isnull=True,
        notified_at__isnull=True,
        client__in=visible_clients(professional, on=today),
    ).update(notified_at=now)
    return True


def send_digests(*, today: dt.date | None = None) -> dict:
    day = today or timezone.localdate()
    sent = skipped = 0
    already = set(DigestLog.objects.filter(sent_on=day).values_list("professional_id", flat=True))
    for professional in selectors.digest_recipients(today=day).exclude(pk__in=already):
        if send_digest(professional=professional, today=day):
            sent += 1
        else:
            skipped += 1
    return {"day": day.isoformat(), "sent": sent, "skipped": skipped}
