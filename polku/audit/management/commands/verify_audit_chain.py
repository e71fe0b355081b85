"""Verify the audit trail's hash chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from polku.audit.verification import verify_stored_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit non-zero naming the first broken link."

    def handle(self, *args, **options):
        checked, broken = verify_stored_chain()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.reason} "
                f"({checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
