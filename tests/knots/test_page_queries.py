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


def test_the_forms_are_the_same_as_each_rendered_alone(
    signed_in, client_record, coordinator, story
):
    """The knot page renders its repeated forms once and keeps them (polku.core.formhtml):
    each is still the form of its own row, and a renamed benefit shows its new name."""
    from django.core.cache import cache

    from polku.core.formhtml import fields_html
    from polku.knots.forms import ApplicationForm, BlockerForm, StatusForm
    from polku.knots.models import Application

    cache.clear()
    applications = list(Application.objects.filter(client=client_record).select_related("service"))
    for _ in range(2):  # rendered, then kept
        page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
        for app in applications:
            status = StatusForm(prefix=f"s{app.pk}", initial={"status": app.status})
            assert str(fields_html(status)) in page
            blocker = BlockerForm(prefix=f"b{app.pk}", client=client_record)
            assert str(fields_html(blocker)) in page
        assert str(fields_html(ApplicationForm(prefix="app"))) in page
    service = applications[0].service
    service.name_fi = "Uusi nimi"
    service.save()
    page = signed_in.get(f"/clients/{client_record.pk}/knot/").content.decode()
    assert page.count(">Uusi nimi</option>") == 1 + 4  # the add form and each "waits for"
