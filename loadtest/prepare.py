"""Sign-in material for the load test, written to var/loadtest/users.json: benchmark users
(`build_benchmark_data`, password `polku-demo-2026`) each with a fresh authenticator (TOTP;
production settings let nobody skip the second factor) and the clients, meetings they see
under the access rule, and one-time portal codes for clients.

Run by loadtest/run.py with the development settings on the database `make serve` uses
(DATABASE_URL, and the same SECRET_KEY: the portal codes are keyed with it)."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "loadtest" / "users.json"
DEVICE = "loadtest"


def main(professionals: int, managers: int, portal_clients: int) -> None:
    os.environ.setdefault("DJANGO_ENV", "development")
    from config import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    import django

    django.setup()
    from django.db.models import Count, Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from polku.accounts.models import Profession, User
    from polku.clients.models import Client, NetworkMember, NetworkRole
    from polku.demo.generator import DEMO_PASSWORD
    from polku.meetings.models import Meeting
    from polku.portal import services as portal

    def device(user: User) -> str:
        # the only authenticator: the sign-in checks the code against the user's device
        TOTPDevice.objects.filter(user=user).delete()
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name=DEVICE, key=key, confirmed=True)
        return key

    active = Q(memberships__ended_at__isnull=True)
    coordinators = (
        User.objects.filter(is_active=True)
        .annotate(
            n=Count("memberships", filter=active & Q(memberships__role=NetworkRole.COORDINATOR))
        )
        .filter(n__gt=0)
        .order_by("-n", "pk")[:professionals]
    )
    people = []
    for user in coordinators:
        clients = list(Client.objects.visible_to(user).values_list("pk", flat=True)[:30])
        meetings = list(
            Meeting.objects.filter(client_id__in=clients).values_list("client_id", "pk")[:30]
        )
        people.append(
            {
                "username": user.username,
                "password": DEMO_PASSWORD,
                "totp_key": device(user),
                "clients": clients,
                "meetings": meetings,
            }
        )
    bosses = [
        {"username": u.username, "password": DEMO_PASSWORD, "totp_key": device(u)}
        for u in User.objects.filter(is_active=True, profession=Profession.SERVICE_MANAGER)
        .exclude(organisation__isnull=True)
        .order_by("pk")[:managers]
    ]
    codes = []
    seats = (
        NetworkMember.objects.active()
        .filter(role=NetworkRole.COORDINATOR, client__status="active")
        .select_related("client", "professional")
        .order_by("pk")[:portal_clients]
    )
    for seat in seats:
        codes.append(portal.create_code(client=seat.client, by=seat.professional))
    if not people or not bosses:
        sys.exit("No benchmark users found: build the data first (loadtest/README.md).")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"professionals": people, "managers": bosses, "portal": codes}))
    print(
        f"{len(people)} professionals, {len(bosses)} service managers, {len(codes)} portal "
        f"codes → {OUT.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
