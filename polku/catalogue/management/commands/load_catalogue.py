"""`python manage.py load_catalogue`: load or update the curated catalogue (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from polku.catalogue import loader


class Command(BaseCommand):
    help = "Load the curated catalogue of services and benefits (polku/catalogue/data)."

    def handle(self, *args, **options):
        try:
            result = loader.load()
        except loader.CatalogueError as error:
            problems = "\n".join(error.problems)
            raise CommandError(f"The catalogue files have problems:\n{problems}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
