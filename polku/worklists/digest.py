"""The daily e-mail digest: one e-mail per professional with what is due.

Privacy: the e-mail holds counts and a link to the worklist only — no client names and never a
henkilötunnus. E-mail leaves the system's access control and audit trail, so the client data
stays behind the sign-in, where reading it is checked by the access rule and audited.

Once a day, recorded only after the mail was sent (issue #18, finding 8): the DigestLog row
(unique per professional and day) is inserted, the mail handed to the mail backend and the
row committed in one transaction. If the backend raises, or the worker is killed before the
commit, the row is rolled back and a later run sends the digest; a concurrent run for the same
professional waits on the unique row and then skips. A kill in the instant between the mail
server accepting the mail and the commit can still send it twice; the fixed Message-ID
(professional and day) lets mail systems recognise that copy as the same message."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polku.clients.models import Client

from . import selectors
from .models import Alert, DigestLog

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

logger = logging.getLogger(__name__)


def worklist_url() -> str:
    """The worklist's address for the e-mail (settings.POLKU_BASE_URL, required in production)."""
    return settings.POLKU_BASE_URL.rstrip("/") + reverse("worklists:worklist")


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


def send_digest(*, professional: User, today: dt.date, now: dt.datetime | None = None) -> bool:
    """Send `professional` their digest for `today` unless already sent or nothing is due."""
    now = now or timezone.now()
    counts = selectors.digest_counts(professional, today=today)
    if not any(counts.values()):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = compose(counts=counts)
    try:
        with transaction.atomic():
            DigestLog.objects.create(
                professional=professional, sent_on=today, sent_at=now, counts=counts
            )
            message = EmailMessage(
                subject,
                body,
                None,
                [professional.email],
                headers={"Message-ID": message_id(professional, today)},
            )
            message.send()
            Alert.objects.filter(
                assigned_to=professional,
                resolved_on__isnull=True,
                notified_at__isnull=True,
                client__in=Client.objects.visible_to(professional, on=today),
            ).update(notified_at=now)
    except IntegrityError:
        return False  # already sent today (or being sent by a concurrent run)
    except Exception:
        logger.exception("Digest to professional %s failed; will retry", professional.pk)
        return False
    return True


def message_id(professional: User, today: dt.date) -> str:
    """The same Message-ID for the same professional and day, whichever run sends it."""
    domain = urlsplit(settings.POLKU_BASE_URL).hostname or "polku.invalid"
    return f"<digest.{professional.pk}.{today.isoformat()}@{domain}>"


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
