"""The main navigation marks the current page by its namespaced URL name: many pages share the
short name "new" (new meeting, new assessment, new handover, new referral…), and only the
client form is "Record a client"."""

import re

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def _current(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="site-nav">(.*?)</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]*)" aria-current="page">', nav.group(1))


@pytest.fixture
def http(client, coordinator):
    client.cookies.load({"django_language": "en"})
    return login(client, coordinator)


def test_record_a_client_is_current_only_on_its_own_page(http, client_record):
    record = reverse("clients:new")
    assert _current(http.get(record).content.decode()) == [record]
    for url in (
        f"/clients/{client_record.pk}/meetings/new/",
        reverse("assessment:new", kwargs={"client_id": client_record.pk}),
    ):
        response = http.get(url)
        assert response.status_code == 200, url
        assert response.resolver_match.url_name == "new"  # the name that used to mislead
        assert _current(response.content.decode()) == [], url


def test_the_core_entries_are_current_on_their_pages(http):
    for name in ("clients:my_clients", "worklists:worklist"):
        url = reverse(name)
        assert _current(http.get(url).content.decode()) == [url]


def test_the_team_view_is_offered_to_service_managers_only(http, client, coordinator):
    team = reverse("worklists:team")
    assert f'href="{team}"' not in http.get(reverse("clients:my_clients")).content.decode()
    coordinator.profession = "service_manager"
    coordinator.save(update_fields=["profession"])
    assert f'href="{team}"' in http.get(reverse("clients:my_clients")).content.decode()
