"""Background work of research and reporting: the dashboard's default views computed ahead
(the last 12 months, this month and last month), so that the dashboard answers from the
cache at 100 000 clients. Run nightly: `python manage.py precompute_indicators`."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from . import selectors
from .forms import default_period
from .frames import Filters


def default_filters(today: dt.date | None = None) -> list[Filters]:
    today = today or timezone.localdate()
    start, end = default_period(today)
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    return [
        Filters(start=start, end=end),
        Filters(
            start=this_month,
            end=(this_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
        ),
        Filters(start=last_month, end=this_month - dt.timedelta(days=1)),
    ]


@task
def precompute_indicators() -> dict:
    done = []
    for filters in default_filters():
        selectors.results(filters, refresh=True)
        done.append(filters.key())
    return {"computed": done}
