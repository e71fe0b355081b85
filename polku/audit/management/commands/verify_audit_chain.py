"""Verify the audit trail's keyed hash chain from its latest retention cut, the cuts' signatures
and the latest signed checkpoint; name the first broken link or what the checkpoint reveals
(a missing tail, a rewritten prefix)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from polku.audit.verification import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Verify the audit trail's keyed hash chain against the latest signed checkpoint; "
        "exit non-zero naming the first broken link or the missing events."
    )

    def handle(self, *args: str, **options: object) -> None:
        verdict = verify_stored_chain()
        if verdict.broken is not None:
            raise CommandError(
                f"Audit chain broken at event {verdict.broken.event_id}: {verdict.broken.reason} "
                f"({verdict.checked} events before it are intact)."
            )
        if verdict.cut_problem is not None:
            raise CommandError(
                f"Audit chain's retention cuts do not verify: {verdict.cut_problem}."
            )
        if verdict.checkpoint_problem is not None:
            raise CommandError(
                f"Audit chain does not match its checkpoint: {verdict.checkpoint_problem}."
            )
        if verdict.checkpoint is None:
            self.stderr.write(
                "No checkpoint to compare with: run `manage.py anchor_audit_chain` regularly, "
                "or a removed tail of events goes unnoticed."
            )
            anchored = ""
        else:
            anchored = (
                f" The checkpoint of {verdict.checkpoint.created_at} "
                f"({verdict.checkpoint.count} events) matches."
            )
        since = ""
        if verdict.cut is not None:
            made = timezone.localtime(verdict.cut.made_at)
            since = (
                f" It starts after the retention cut of {made.day}.{made.month}.{made.year}, "
                f"which removed the oldest {verdict.cut.position} events "
                f"(up to event {verdict.cut.last_event_id})."
            )
        waiting = ""
        if verdict.unsequenced:
            waiting = (
                f" {verdict.unsequenced} newer events are not sequenced yet; their own keyed "
                "hashes match."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {verdict.checked} events verified.{since}{anchored}{waiting}"
            )
        )
