"""Re-encrypt and re-hash every stored henkilötunnus under POLKU_DATA_KEY, in batches.

Safe to stop and start again: rows already under the current key are skipped. Run it after
every process has POLKU_DATA_KEY = the new key and POLKU_DATA_OLD_KEYS = the old ones
(docs/key-rotation.md). One audit event per run (not with --dry-run), with the counts.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.audit.models import Action
from polku.audit.services import record
from polku.clients import crypto, key_rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt and re-hash stored personal identity codes under POLKU_DATA_KEY, in "
        "batches (resumable; rows already under the current key are skipped)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows per batch; each batch is one transaction (default 500).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be re-encrypted, change nothing.",
        )

    def handle(self, *args: str, batch_size: int, dry_run: bool, **options: object) -> None:
        if batch_size < 1:
            raise CommandError(f"--batch-size must be at least 1 (got {batch_size}).")
        crypto.current_key()  # ImproperlyConfigured if POLKU_DATA_KEY is not set
        self.stdout.write(
            f"Current key plus {len(crypto.old_keys())} old key(s) configured"
            f"{' (dry run: nothing is written)' if dry_run else ''}."
        )
        results = key_rotation.rotate_all(
            batch_size=batch_size, dry_run=dry_run, progress=self.stdout.write
        )
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        for label, counts in results.items():
            self.stdout.write(
                f"{label}: {counts.examined} rows, {verb} {counts.rotated}, "
                f"{counts.current} already under the current key, "
                f"{len(counts.unreadable)} unreadable with the configured keys."
            )
        if not dry_run:
            record(
                actor=None,
                action=Action.UPDATE,
                target="rotate_keys",
                purpose="henkilötunnus data key rotation",
                details={
                    "batch_size": batch_size,
                    "old_keys": len(crypto.old_keys()),
                    **{label: counts.as_dict() for label, counts in results.items()},
                },
            )
        unreadable = {label: c.unreadable for label, c in results.items() if c.unreadable}
        if unreadable:
            shown = "; ".join(
                f"{label} ids {', '.join(map(str, ids[: key_rotation.UNREADABLE_SHOWN]))}"
                + (" …" if len(ids) > key_rotation.UNREADABLE_SHOWN else "")
                for label, ids in unreadable.items()
            )
            raise CommandError(
                f"Some rows open with none of the configured keys ({shown}): add the key "
                "they were written with to POLKU_DATA_OLD_KEYS and run again."
            )
        if not dry_run and any(c.rotated for c in results.values()):
            self.stdout.write(self.style.SUCCESS("Done. Run again to confirm nothing is left."))
        elif not any(c.rotated for c in results.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    "Every row is under the current key: POLKU_DATA_OLD_KEYS can be removed."
                )
            )
