"""Verify the audit trail's hash chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from polku.audit.chain import HASHED_FIELDS, verify
from polku.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit non-zero naming the first broken link."

    def handle(self, *args, **options):
        rows = (
            AuditEvent.objects.order_by("id")
            .values("id", "prev_hash", "hash", *HASHED_FIELDS)
            .iterator(chunk_size=5000)
        )
        checked, broken = verify(rows)
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.reason} "
                f"({checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
