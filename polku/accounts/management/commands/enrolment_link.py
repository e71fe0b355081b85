"""`manage.py enrolment_link <username>`: a one-time link for a professional to enrol their
authenticator (polku.accounts.enrolment). The link is printed once; only its hash is kept."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from polku.accounts import enrolment


class Command(BaseCommand):
    help = "Create a one-time link for a professional to enrol their authenticator app."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--base-url", default="", help="Start of the address, e.g. https://polku.example.fi"
        )

    def handle(self, *args: Any, username: str, base_url: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        link, path = enrolment.create_link(user)
        self.stdout.write(f"{base_url.rstrip('/')}{path}")
        self.stdout.write(
            f"Valid until {link.expires_at:%Y-%m-%d %H:%M} UTC, once. Give it to {username} "
            "through a channel other than e-mail to the same address, if you can."
        )
