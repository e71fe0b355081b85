import datetime as dt

from django.utils import timezone

from polku.plans import services
from polku.plans.models import Plan


def version_of(client) -> int:
    return Plan.objects.values_list("version", flat=True).get(client=client)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def goal(client, by, text="Haluan töihin keittiöön"):
    plan = Plan.objects.filter(client=client).first()
    expected = plan.version if plan else services.NO_PLAN_YET
    return services.add_goal(client=client, by=by, expected_version=expected, text=text)


def step(goal_obj, by, client, **overrides):
    arguments = {
        "what": "Työkokeilu lounasravintolassa",
        "responsible": by,
        "target_date": in_days(14),
        **overrides,
    }
    return services.add_step(goal=goal_obj, by=by, expected_version=version_of(client), **arguments)


def in_english(http):
    """Pages answer in English for assertions on text (Finnish is the default and its
    translations are added afterwards)."""
    from django.conf import settings

    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return http
