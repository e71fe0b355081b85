"""`python manage.py load_demo [--clients N]`: the synthetic demo region for `make demo`.

Safe to run on every start: once the demo users exist it only prints them again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from polku.demo import casework, extensions, generator

from ._common import refuse_outside_demo


class Command(BaseCommand):
    help = "Load synthetic demo data (organisations, professionals, clients) unless loaded."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clients",
            type=int,
            default=generator.DEFAULT_CLIENTS,
            help=f"Number of clients (default {generator.DEFAULT_CLIENTS}).",
        )
        parser.add_argument("--seed", type=int, default=generator.DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--url", default=generator.DEMO_URL, help="Address the server will answer at."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though neither demo mode nor DEBUG is on.",
        )

    def handle(self, *args, clients, seed, force, url, **options):
        refuse_outside_demo(force)
        stats = generator.load_demo(clients=clients, seed=seed)
        if stats is None:
            self.stdout.write("Demo data is already loaded; nothing was added.")
        else:
            by_status = ", ".join(f"{n} {status}" for status, n in sorted(stats.by_status.items()))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {stats.clients} synthetic clients ({by_status}), "
                    f"{stats.memberships} network rows and {stats.consents} consents "
                    f"in {stats.seconds:.1f} s."
                )
            )
        self.stdout.write(casework.summary())
        for line in extensions.summaries():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Open {url} and sign in as one of these demo users:")
        self.stdout.write("")
        self.stdout.write(generator.format_demo_users(generator.demo_user_rows()))
        self.stdout.write("")
        if settings.POLKU_DEMO_MODE:
            self.stdout.write(
                "Demo mode is on: these demo users may skip the second factor (TOTP). "
                "Other accounts still need it."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Demo mode is off (POLKU_DEMO_MODE=False): the demo users must set up "
                    "the second factor (TOTP) like everyone else, through a one-time link "
                    "from `manage.py enrolment_link <username>`."
                )
            )
        self.stdout.write("All names and personal identity codes are synthetic.")
