"""The portal home tells the client when he hears from someone next, as agreed in a meeting:
who contacts whom, when and how — and an agreed contact whose day has passed without it being
marked done is said as such, never as if it were still ahead. The home's read is audited."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.audit.models import Action, AuditEvent
from polku.meetings.models import NextContact
from tests.meetings.helpers import complete, held

from .conftest import portal_login

pytestmark = pytest.mark.django_db


def _agreed(client_record, coordinator, *, days: int, **fields) -> NextContact:
    meeting = held(client_record, coordinator)
    _, contact = complete(meeting, coordinator)
    # set_next_contact refuses a day that is not ahead; a contact agreed earlier is simply
    # older, so its day is moved after it was made
    NextContact.objects.filter(pk=contact.pk).update(
        due_on=timezone.localdate() + dt.timedelta(days=days), **fields
    )
    contact.refresh_from_db()
    return contact


def test_the_home_says_who_contacts_the_client_when_and_how(client_record, coordinator):
    coordinator.first_name, coordinator.last_name = "Jani", "Laine"
    coordinator.save()
    contact = _agreed(client_record, coordinator, days=15)
    client_record.preferred_language = "fi"
    client_record.save()
    portal = portal_login(client_record, coordinator)
    before = AuditEvent.objects.filter(target="portal:home").count()
    page = portal.get("/portal/").content.decode()
    assert "Milloin kuulet meistä seuraavaksi" in page
    assert 'data-next-contact="ahead"' in page
    assert "Jani Laine" in page
    assert contact.due_on.strftime("%-d.%-m.%Y") in page
    assert "puhelu" in page
    assert "Seuraavaa yhteydenottoa ei ole vielä sovittu" not in page
    assert "ei ole merkitty tehdyksi" not in page
    event = AuditEvent.objects.filter(target="portal:home").order_by("-pk").first()
    assert AuditEvent.objects.filter(target="portal:home").count() == before + 1
    assert event.action == Action.VIEW and event.client_id == client_record.pk


def test_a_contact_whose_day_passed_is_said_truthfully(client_record, coordinator):
    coordinator.phone = "045 752 2323"
    coordinator.save()
    late = _agreed(client_record, coordinator, days=-3)
    client_record.preferred_language = "en"
    client_record.save()
    portal = portal_login(client_record, coordinator)
    page = portal.get("/portal/").content.decode()
    assert 'data-next-contact="late"' in page
    assert late.due_on.strftime("%-d.%-m.%Y") in page
    assert "This day has passed, and the contact has not been marked as made." in page
    assert "045 752 2323" in page


def test_the_client_who_makes_the_contact_is_told_so(client_record, coordinator):
    _agreed(
        client_record,
        coordinator,
        days=5,
        client_contacts=True,
        contact_by=None,
        contact_to=coordinator,
        channel="message",
    )
    client_record.preferred_language = "sv"
    client_record.save()
    portal = portal_login(client_record, coordinator)
    page = portal.get("/portal/").content.decode()
    assert "Vem tar kontakt:</dt><dd>Du</dd>" in page
    assert "meddelande" in page


def test_no_contact_agreed_is_said(client_record, coordinator):
    page = portal_login(client_record, coordinator).get("/portal/").content.decode()
    assert "Seuraavaa yhteydenottoa ei ole vielä sovittu. Kysy omaohjaajaltasi." in page
