"""`python manage.py hsds_import PATH`: an HSDS 3.0 JSON document (a service, a paginated
list, or an organization with its services) or a tabular data package folder. All or
nothing: any problem is reported, one per line (naming the record and the field), nothing
is imported, and the exit status is 2. The file is read strictly (polku.core.jsoninput):
at most 20 MB, UTF-8, nested at most 64 levels, no lone surrogates, numbers within ±10^15;
every record passes the same validators as the admin (web addresses only http(s), text
lengths)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from polku.catalogue.hsds import files, importer


class Command(BaseCommand):
    help = "Import an Open Referral HSDS 3.0 document or tabular data package (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            report = files.import_path(path)
        except importer.ImportRefused as refused:
            lines = "\n".join(f"  - {p}" for p in refused.problems)
            raise CommandError(
                f"Nothing was imported: {len(refused.problems)} problem(s):\n{lines}",
                returncode=2,
            ) from refused
        for line in report.defaulted:
            self.stdout.write(f"defaulted: {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.services} services: {report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
        )
