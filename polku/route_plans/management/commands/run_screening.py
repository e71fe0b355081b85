import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from polku.route_plans import services
from polku.route_plans.tasks import population_screening


class Command(BaseCommand):
    help = (
        "Screen every active client against every eligibility rule and refresh the "
        "coordinators' lists of clients likely eligible but not applied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Run in this process instead of enqueueing."
        )

    def handle(self, *args, now=False, **options):
        try:
            run = services.create_run()
        except ValidationError as error:  # one run at a time
            raise CommandError(error.messages[0]) from None
        if now:
            self.stdout.write(json.dumps(population_screening.call(run_id=run.pk)))
        else:
            result = population_screening.enqueue(run_id=run.pk)
            self.stdout.write(f"Enqueued {result.id} (screening run {run.pk})")
