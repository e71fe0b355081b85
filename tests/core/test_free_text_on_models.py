"""Free-text rules live on the model fields (issue 19, item 5): markup, NUL characters and
overlong text are refused by the services that write them — whichever way the text comes in —
with a message in the user's language, and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from polku.core.validators import MaxLength, checked, free_text, validate_no_markup
from polku.handover.models import Handover
from polku.meetings.models import Agreement, Meeting
from polku.plans.models import Goal, Step
from polku.portal import services as portal
from polku.portal.models import Contribution, Feedback, Proposal
from polku.referrals.models import DischargePlan, FollowUp, Referral, ReferralEvent
from tests.meetings.helpers import plan

pytestmark = pytest.mark.django_db

MARKUP = "Haluan <script>alert(1)</script> töihin"


def _finnish(error: ValidationError, field: str) -> str:
    with translation.override("fi"):
        return " ".join(str(m) for m in error.message_dict[field])


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Goal, "text"),
        (Step, "what"),
        (Step, "service_name"),
        (Meeting, "place"),
        (Meeting, "agenda"),
        (Meeting, "notes"),
        (Agreement, "what"),
        (Handover, "reason"),
        (Handover, "summary"),
        (Handover, "decision_note"),
        (Contribution, "text"),
        (Proposal, "text"),
        (Feedback, "text"),
        (Referral, "first_names"),
        (Referral, "last_name"),
        (Referral, "situation"),
        (Referral, "consent_scope"),
        (Referral, "contact_details"),
        (Referral, "municipality"),
        (Referral, "interpreter_language"),
        (ReferralEvent, "note"),
        (DischargePlan, "destination"),
        (DischargePlan, "social_services_contact"),
        (FollowUp, "contact_by_other"),
        (FollowUp, "note"),
    ],
)
def test_the_free_text_fields_carry_the_shared_rules(model, field):
    rules = model._meta.get_field(field).validators
    assert validate_no_markup in rules
    with pytest.raises(ValidationError) as markup:
        checked(model, field, MARKUP)
    assert "HTML" in _finnish(markup.value, field)
    with pytest.raises(ValidationError) as null:
        checked(model, field, "a\x00b")
    assert null.value.message_dict[field]
    limit = model._meta.get_field(field).max_length
    with pytest.raises(ValidationError) as long:
        checked(model, field, "a" * (limit + 1))
    assert "enintään" in _finnish(long.value, field)
    assert checked(model, field, "Haluan töihin") == "Haluan töihin"


def test_the_length_message_is_translated():
    with pytest.raises(ValidationError) as error:
        MaxLength(5)("kuusi!")
    with translation.override("fi"):
        assert str(error.value.messages[0]) == "Kirjoita enintään 5 merkkiä (nyt 6)."
    with translation.override("sv"):
        assert str(error.value.messages[0]) == "Skriv högst 5 tecken (nu 6)."


@given(st.text(max_size=40))
def test_text_without_angle_brackets_or_nul_passes_the_markup_rules(text):
    clean = text.replace("<", "").replace("\x00", "")
    if "javascript" in clean.lower().replace(" ", ""):
        return
    for rule in free_text():
        rule(clean)


@pytest.mark.parametrize("write", ["contribute", "propose", "feedback"])
def test_the_portal_services_refuse_markup_and_write_nothing(client_record, coordinator, write):
    counts = (Contribution.objects.count(), Proposal.objects.count(), Feedback.objects.count())
    with pytest.raises(ValidationError) as error:
        if write == "contribute":
            portal.contribute(client=client_record, kind="goal", text=MARKUP)
        elif write == "propose":
            portal.propose(client=client_record, text=MARKUP)
        else:
            meeting = plan(client_record, coordinator)
            portal.give_feedback(
                client=client_record,
                context="meeting",
                object_id=meeting.pk,
                organisation_id=coordinator.organisation_id,
                sorted_out="yes",
                heard=4,
                overall=4,
                text=MARKUP,
            )
    assert "HTML" in _finnish(error.value, "text")
    assert counts == (
        Contribution.objects.count(),
        Proposal.objects.count(),
        Feedback.objects.count(),
    )


def test_an_overlong_portal_text_is_refused_in_finnish(client_record):
    with pytest.raises(ValidationError) as error:
        portal.contribute(client=client_record, kind="goal", text="a" * 2001)
    assert _finnish(error.value, "text") == "Kirjoita enintään 2000 merkkiä (nyt 2001)."
    assert not Contribution.objects.exists()


def test_an_empty_portal_text_keeps_its_own_message(client_record):
    with pytest.raises(ValidationError) as error:
        portal.propose(client=client_record, text="   ")
    with translation.override("en"):
        assert error.value.message_dict["text"] == ["Write something first."]


def test_a_portal_agenda_item_with_markup_is_a_form_error_not_a_500(client_record, coordinator):
    """Issue 18, finding 10: an agenda item with an HTML tag answered 500."""
    from tests.portal.conftest import portal_login

    meeting = plan(client_record, coordinator)
    http = portal_login(client_record, coordinator)
    response = http.post(f"/portal/meetings/{meeting.pk}/agenda/", {"text": MARKUP})
    assert response.status_code == 400
    assert not Contribution.objects.filter(kind="agenda_item").exists()
