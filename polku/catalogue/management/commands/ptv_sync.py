"""`python manage.py ptv_sync [--from DIR] [--area CODES] [--full] [--enqueue]`: bring the
map up to date from Suomi.fi's service catalogue (PTV, docs/ptv.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from polku.catalogue.ptv import client as ptv_client
from polku.catalogue.ptv import regions, sync, wire


class Command(BaseCommand):
    help = (
        "Read PTV's open API v11 (POLKU_PTV_BASE_URL) or a folder of saved responses (--from) "
        "for the configured area and bring the map's PTV entries up to date in one "
        "transaction: only what changed since the last successful run (unless --full)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", help="A folder of saved PTV responses.")
        parser.add_argument(
            "--area",
            action="append",
            help="Municipality codes (743,408) or a county (etela-pohjanmaa); default "
            "POLKU_PTV_AREA.",
        )
        parser.add_argument("--full", action="store_true", help="Read everything again.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the run for db_worker instead."
        )

    def handle(self, *args, source, area, full, enqueue, **options):
        areas = area or list(settings.POLKU_PTV_AREA)
        try:
            codes = regions.expand(areas)
        except regions.AreaError as error:
            raise CommandError(str(error)) from error
        if enqueue:
            from polku.catalogue.ptv.tasks import ptv_sync

            result = ptv_sync.enqueue(areas=codes, source=source or "", full=full)
            self.stdout.write(f"Queued the PTV sync ({result.id}).")
            return
        try:
            transport = ptv_client.transport_for(source, settings.POLKU_PTV_BASE_URL)
            client = ptv_client.PtvClient(transport)
            report = sync.run(client, codes, full=full, progress=self.stdout.write)
        except (ptv_client.PtvError, wire.WireError) as error:
            raise CommandError(f"The PTV sync failed and changed nothing: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"PTV sync: {report.summary()}."))
        for problem in report.refused:
            self.stdout.write(f"  refused: {problem}")
