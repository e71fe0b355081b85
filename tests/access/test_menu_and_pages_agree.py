"""The menu and its pages agree: every page of the main navigation opens for exactly those to
whom the menu offers it (polku.access.resolver decides both), and refuses everyone else with
the refusal page ("Ei pääsyä tälle sivulle", 403) — a page is never protected by the menu
alone. Checked for every profession at a public authority and at an NGO, and for a member of
a receiving team.

Two pages refuse otherwise, on purpose: the referral pages answer 404 to those outside
(polku.referrals.views: nothing reveals the referrals exist), and the own clients' list is
the site's front page, which sends those without clients to their role's main page."""

import pytest
from django.urls import reverse

from polku.accounts.models import OrganisationKind, Profession
from polku.core import hooks
from tests.conftest import login
from tests.factories import OrganisationFactory, ProfessionalFactory, ReceivingTeamFactory

pytestmark = pytest.mark.django_db

REFUSED_OTHERWISE = {
    "referrals:partner_list": 404,
    "referrals:queue": 404,
    "clients:my_clients": 302,
}
REFUSAL_PAGE = "Ei pääsyä tälle sivulle"


def _people():
    authority = OrganisationFactory(name="Työllisyysalue", is_public_authority=True)
    ngo = OrganisationFactory(name="Ensikoti", kind=OrganisationKind.NGO, is_public_authority=False)
    people = {
        f"{profession} ({place.name})": ProfessionalFactory(
            organisation=place, profession=profession
        )
        for place in (authority, ngo)
        for profession in Profession.values
    }
    member = ProfessionalFactory(organisation=authority, profession=Profession.KELA_BENEFIT_EXPERT)
    ReceivingTeamFactory(organisation=authority, members=[member])
    people["team member"] = member
    return people


def _menu():
    return sorted(hooks.navigation.items(), key=lambda item: item.url_name)


@pytest.mark.parametrize("item", _menu(), ids=lambda item: item.url_name)
def test_a_menu_page_opens_to_those_offered_it_and_refuses_the_rest(client, item):
    wrong = []
    for who, user in _people().items():
        login(client, user)
        response = client.get(reverse(item.url_name))
        offered = item.visible(user)
        if offered:
            ok = response.status_code == 200
        elif item.url_name in REFUSED_OTHERWISE:
            ok = response.status_code == REFUSED_OTHERWISE[item.url_name]
        else:
            ok = response.status_code == 403 and REFUSAL_PAGE in response.content.decode()
        if not ok:
            wrong.append(f"{who}: offered={offered}, answered {response.status_code}")
        client.logout()
    assert not wrong, f"{item.url_name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("profession", [Profession.RESEARCHER, Profession.DATA_PROTECTION_OFFICER])
def test_a_part_of_a_menu_page_refuses_as_its_page_does(client, profession):
    """The screening's progress (polled by the screening page) is refused with the page."""
    login(client, ProfessionalFactory(profession=profession))
    for name in ("route_plans:screening", "route_plans:screening_progress"):
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert REFUSAL_PAGE in response.content.decode()
