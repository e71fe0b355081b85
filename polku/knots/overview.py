"""The knot's part of the client overview."""

from .models import Application
from .selectors import knot


def client_section(request, client) -> dict:
    if not Application.objects.filter(client=client).exists():
        return {"knot_summary": {"open": 0, "deadlocks": 0, "needs_digital_help": False}}
    found = knot(client)
    return {
        "knot_summary": {
            "open": sum(1 for a in found.applications if a.is_open),
            "deadlocks": len(found.result.deadlocks),
            "needs_digital_help": found.needs_digital_help,
        }
    }
