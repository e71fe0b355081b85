"""The plan's section on the client overview: active goals, the next steps and
how many steps wait for someone to be made responsible."""

from . import selectors


def plan_section(request, client) -> dict:
    return {
        "plan_section": {
            "goals": selectors.active_goals(client),
            "next_steps": selectors.next_steps(client),
            "unassigned": len(selectors.unassigned_steps(client)),
        }
    }
