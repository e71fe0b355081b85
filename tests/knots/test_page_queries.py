"""The knot page reads the client's applications once: every open application's blocker
form offers them without a query of its own, so the page's queries do not grow with the
knot (nor with the region's data)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.knots.factories import application

pytestmark = pytest.mark.django_db


def _queries(signed_in, client) -> tuple[int, str]:
    signed_in.get(f"/clients/{client.pk}/knot/")  # sessions and caches warm
    with CaptureQueriesContext(connection) as captured:
        page = signed_in.get(f"/clients/{client.pk}/knot/").content.decode()
    return len(captured), page


def test_the_page_queries_do_not_grow_with_the_applications(
    signed_in, client_record, coordinator, story
):
    before, page = _queries(signed_in, client_record)
    for n in range(3):
        application(client_record, coordinator, slug=f"extra-{n}", name=f"Lisätuki {n}")
    after, page = _queries(signed_in, client_record)
    assert after == before
    # each open application's "waits for" list offers all seven applications
    selects = re.findall(r'<select name="b\d+-waits_for".*?</select>', page, flags=re.S)
    assert len(selects) == 7
    assert all(s.count("<option") == 8 for s in selects)  # the empty choice and seven
    assert all("Lisätuki 2" in s and "Sairauspäiväraha" in s for s in selects)
