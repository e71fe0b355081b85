"""`python manage.py hsds_export DIR`: the catalogue as HSDS 3.0 JSON (DIR/services.json, a
paginated list of fully nested services) and as a tabular data package (DIR/tabular/)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from polku.catalogue.hsds import files


class Command(BaseCommand):
    help = "Export the catalogue as Open Referral HSDS 3.0 (JSON and tabular data package)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        counts = files.export_to(directory)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {counts['services']} services to {directory}/services.json and "
                f"{directory}/tabular/."
            )
        )
