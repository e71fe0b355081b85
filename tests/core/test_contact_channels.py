"""One list of contact channels (issue #19, item 9): referrals and a meeting's next contact
offer the channels that fit them from polku.core.channels, with the values the database
has always held."""

import ast
from pathlib import Path

from django.conf import settings

from polku.core.channels import NEXT_CONTACT_CHANNELS, REFERRAL_CHANNELS, ContactChannel
from polku.meetings import forms as meeting_forms
from polku.meetings.models import NextContact
from polku.referrals import api as referral_api
from polku.referrals import forms as referral_forms
from polku.referrals.models import FollowUp, Referral


def _values(choices) -> list[str]:
    return [value for value, _label in choices]


def test_there_is_one_contact_channel_enum():
    defined = [
        str(path.relative_to(settings.BASE_DIR))
        for path in sorted((Path(settings.BASE_DIR) / "polku").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "ContactChannel"
    ]
    assert defined == ["polku/core/channels.py"]


def test_the_stored_values_are_the_old_ones():
    referral = ["phone", "text", "email", "visit", "via_partner"]
    next_contact = ["phone", "visit", "video", "message"]
    assert _values(Referral._meta.get_field("contact_channel").choices) == referral
    assert _values(FollowUp._meta.get_field("channel").choices) == referral
    assert _values(NextContact._meta.get_field("channel").choices) == next_contact
    assert set(referral) | set(next_contact) == set(ContactChannel.values)


def test_forms_and_api_offer_the_channels_of_their_use():
    referral = [c.value for c in REFERRAL_CHANNELS]
    assert _values(referral_forms.ReferralForm.base_fields["contact_channel"].choices) == referral
    assert _values(referral_forms.FollowUpForm.base_fields["channel"].choices) == referral
    serializer_field = referral_api.ReferralCreateSerializer().fields["contact_channel"]
    assert list(serializer_field.choices) == referral
    next_contact = [c.value for c in NEXT_CONTACT_CHANNELS]
    assert _values(meeting_forms.NextContactForm.base_fields["channel"].choices) == next_contact
    assert "via_partner" not in next_contact and "video" not in referral
