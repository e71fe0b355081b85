"""The plan's section on the client overview: active goals and the next steps."""

from . import selectors


def plan_section(request, client) -> dict:
    return {
        "plan_section": {
            "goals": selectors.active_goals(client),
            "next_steps": selectors.next_steps(client),
        }
    }
