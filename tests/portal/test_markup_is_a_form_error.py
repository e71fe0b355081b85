"""Text with an HTML tag in the client's own words (a council proposal, an agenda item, a
goal, a view, feedback) is a form error in the client's language, never a server error
(issue 18, finding 10)."""

import pytest
from django.conf import settings

from polku.portal.models import Contribution, Proposal
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db

TAG = "Iltavastaanotto <b>kerran</b> viikossa"
MESSAGES = {
    "en": "Text may not contain HTML tags",
    "fi": "Teksti ei saa sisältää HTML-tageja",
    "sv": "Texten får inte innehålla HTML-taggar",
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("step", ["", "confirm"])
def test_a_council_proposal_with_a_tag(portal, language, step):
    portal.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = portal.post("/portal/council/", {"text": TAG, "step": step})
    assert response.status_code == 400
    assert MESSAGES[language] in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_agenda_item_with_a_tag(portal, client_record, coordinator, language):
    meeting = plan(client_record, coordinator)
    portal.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = portal.post(
        f"/portal/meetings/{meeting.pk}/agenda/", {"text": "<script>alert(1)</script>"}
    )
    assert response.status_code == 400
    assert MESSAGES[language] in response.content.decode()
    assert not Contribution.objects.exists()
