"""Meeting services: planning, editing with optimistic locking, agreements, the next contact,
and closing — refused with a clear message until agreements and the next contact exist."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polku.audit.models import AuditEvent
from polku.clients import services as clients
from polku.core.locking import StaleEdit
from polku.meetings import services
from polku.meetings.models import Agreement, Meeting, MeetingParticipant, NextContact
from tests.factories import ProfessionalFactory
from tests.meetings.helpers import complete, future, held, past, plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def member(client_record, coordinator, municipality):
    from polku.clients.models import Consent

    person = ProfessionalFactory(organisation=municipality, profession="nurse")
    clients.add_member(client=client_record, by=coordinator, professional=person)
    Consent.objects.get(client=client_record).organisations.add(municipality)
    return person


def test_planning_a_meeting_adds_the_organiser_and_members_and_is_audited(
    client_record, coordinator, member
):
    meeting = plan(client_record, coordinator, participants=[member])
    ids = set(
        MeetingParticipant.objects.filter(meeting=meeting).values_list("professional_id", flat=True)
    )
    assert ids == {coordinator.pk, member.pk}
    assert meeting.status == "planned" and meeting.version == 1
    event = AuditEvent.objects.get(target=f"meeting:{meeting.pk}", action="create")
    assert event.actor_id == coordinator.pk and event.client_id == client_record.pk


def test_only_network_members_may_take_part(client_record, coordinator):
    outsider = ProfessionalFactory()
    with pytest.raises(ValidationError) as error:
        plan(client_record, coordinator, participants=[outsider])
    assert "is not in the client's network" in _messages(error.value)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"mode": "video", "place": ""}, "video_link", "A video meeting needs a link."),
        ({"place": "  "}, "place", "An in-person meeting needs a place."),
        ({"ends_at": "before the start"}, "ends_at", "The meeting must end after it starts."),
        ({"agenda": "<script>alert(1)</script>"}, "agenda", "may not contain HTML"),
        ({"kind": "party"}, "kind", "Choose the kind of meeting."),
    ],
)
def test_bad_meeting_input_is_refused_with_a_message(
    client_record, coordinator, overrides, field, message
):
    if overrides.get("ends_at") == "before the start":
        overrides = {"ends_at": future(hour=9)}  # computed when the test runs, not collected
    with pytest.raises(ValidationError) as error:
        plan(client_record, coordinator, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not Meeting.objects.exists()


def test_a_video_meeting_with_a_link_and_a_phone_meeting_without_a_place_are_fine(
    client_record, coordinator
):
    video = plan(
        client_record, coordinator, mode="video", place="", video_link="https://meet.example.fi/abc"
    )
    phone = plan(client_record, coordinator, mode="phone", place="", kind="network_call")
    assert video.video_link and phone.mode == "phone"


def test_update_with_optimistic_locking_refuses_a_stale_second_save(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    first = Meeting.objects.get(pk=meeting.pk)
    second = Meeting.objects.get(pk=meeting.pk)
    services.update_meeting(
        meeting=first, by=coordinator, expected_version=1, data={"agenda": "Ensimmäinen"}
    )
    with pytest.raises(StaleEdit) as error:
        services.update_meeting(
            meeting=second,
            by=coordinator,
            expected_version=1,
            data={"agenda": "Toinen", "place": "Muu"},
        )
    assert "Someone else saved changes" in _messages(error.value)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.agenda == "Ensimmäinen"
    assert stored.place == meeting.place
    assert stored.version == 2
    assert AuditEvent.objects.filter(target=f"meeting:{meeting.pk}", action="update").count() == 1


def test_invalid_update_changes_nothing_not_even_the_version(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    with pytest.raises(ValidationError):
        services.update_meeting(
            meeting=meeting, by=coordinator, expected_version=1, data={"mode": "video"}
        )
    assert Meeting.objects.get(pk=meeting.pk).version == 1


def test_agreement_owner_and_due_date_rules(client_record, coordinator, member):
    meeting = plan(client_record, coordinator)
    with pytest.raises(ValidationError) as error:
        services.add_agreement(
            meeting=meeting,
            by=coordinator,
            what="Soittaa",
            due_on=TODAY() - dt.timedelta(days=1),
            owner=member,
        )
    assert "cannot be past" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_agreement(meeting=meeting, by=coordinator, what="Soittaa", due_on=TODAY())
    assert "Choose who does it." in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_agreement(
            meeting=meeting,
            by=coordinator,
            what="Soittaa",
            due_on=TODAY(),
            owner=ProfessionalFactory(),
        )
    assert "is not in the client's network" in _messages(error.value)
    assert not Agreement.objects.exists()
    mine = services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Hakee opiskelupaikkaa",
        due_on=TODAY(),
        owner_is_client=True,
    )
    theirs = services.add_agreement(
        meeting=meeting,
        by=coordinator,
        what="Varaa terveystarkastuksen",
        due_on=TODAY(),
        owner=member,
    )
    assert mine.owner_id is None and theirs.owner_id == member.pk
    assert AuditEvent.objects.filter(target=f"agreement:{theirs.pk}", action="create").exists()


def test_next_contact_must_be_in_the_future_and_have_one_contacter(
    client_record, coordinator, member
):
    meeting = plan(client_record, coordinator)
    with pytest.raises(ValidationError) as error:
        services.set_next_contact(
            meeting=meeting, by=coordinator, due_on=TODAY(), channel="phone", contact_by=member
        )
    assert "must be after today" in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.set_next_contact(
            meeting=meeting, by=coordinator, due_on=TODAY() + dt.timedelta(days=3), channel="phone"
        )
    assert "Choose who makes the contact." in _messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.set_next_contact(
            meeting=meeting,
            by=coordinator,
            due_on=TODAY() + dt.timedelta(days=3),
            channel="phone",
            client_contacts=True,
        )
    assert "Choose whom the client contacts." in _messages(error.value)
    contact = services.set_next_contact(
        meeting=meeting,
        by=coordinator,
        due_on=TODAY() + dt.timedelta(days=3),
        channel="phone",
        client_contacts=True,
        contact_to=member,
    )
    again = services.set_next_contact(
        meeting=meeting,
        by=coordinator,
        due_on=TODAY() + dt.timedelta(days=5),
        channel="visit",
        contact_by=member,
    )
    assert again.pk == contact.pk and NextContact.objects.count() == 1
    assert NextContact.objects.get().channel == "visit"


def test_closing_is_refused_until_agreements_and_next_contact_exist(client_record, coordinator):
    meeting = held(client_record, coordinator)
    with pytest.raises(ValidationError) as error:
        services.close_meeting(meeting=meeting, by=coordinator)
    text = _messages(error.value)
    assert "cannot be closed yet" in text
    assert "at least one agreement" in text and "next contact" in text
    services.add_agreement(
        meeting=meeting, by=coordinator, what="X", due_on=TODAY(), owner=coordinator
    )
    with pytest.raises(ValidationError) as error:
        services.close_meeting(meeting=meeting, by=coordinator)
    assert "next contact" in _messages(error.value)
    assert "at least one agreement" not in _messages(error.value)
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    services.set_next_contact(
        meeting=meeting,
        by=coordinator,
        due_on=TODAY() + dt.timedelta(days=2),
        channel="phone",
        contact_by=coordinator,
    )
    services.close_meeting(meeting=meeting, by=coordinator)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.status == "closed" and stored.closed_at and stored.closed_by_id == coordinator.pk
    assert AuditEvent.objects.filter(
        target=f"meeting:{meeting.pk}", details__status="closed"
    ).exists()


def test_a_closed_meeting_cannot_be_edited(client_record, coordinator):
    meeting = held(client_record, coordinator)
    complete(meeting, coordinator)
    services.close_meeting(meeting=meeting, by=coordinator)
    closed = Meeting.objects.get(pk=meeting.pk)
    for attempt in (
        lambda: services.update_meeting(
            meeting=closed, by=coordinator, expected_version=closed.version, data={"agenda": "x"}
        ),
        lambda: services.add_agreement(
            meeting=closed, by=coordinator, what="y", due_on=TODAY(), owner=coordinator
        ),
        lambda: services.set_next_contact(
            meeting=closed,
            by=coordinator,
            due_on=TODAY() + dt.timedelta(days=1),
            channel="phone",
            contact_by=coordinator,
        ),
        lambda: services.close_meeting(meeting=closed, by=coordinator),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "has been closed" in _messages(error.value)


def test_closing_a_later_meeting_marks_the_earlier_next_contact_done(client_record, coordinator):
    first = held(client_record, coordinator, starts_at=past(days=5))
    _a, earlier = complete(first, coordinator)
    services.close_meeting(meeting=first, by=coordinator)
    second = held(client_record, coordinator, kind="follow_up")
    _b, later = complete(second, coordinator)
    services.close_meeting(meeting=second, by=coordinator)
    assert NextContact.objects.get(pk=earlier.pk).done_at is not None
    assert NextContact.objects.get(pk=later.pk).done_at is None


def test_mark_agreement_done_once(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    agreement, _ = complete(meeting, coordinator)
    services.mark_agreement_done(agreement=agreement, by=coordinator)
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.status == "done" and stored.done_by_id == coordinator.pk
    with pytest.raises(ValidationError, match="no longer open"):
        services.mark_agreement_done(agreement=stored, by=coordinator)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-400, max_value=400))
def test_rule_agreement_due_dates_are_today_or_later(client_record, coordinator, offset):
    meeting = Meeting.objects.filter(client=client_record).first() or plan(
        client_record, coordinator
    )
    day = TODAY() + dt.timedelta(days=offset)
    try:
        services.add_agreement(
            meeting=meeting, by=coordinator, what="Sääntö", due_on=day, owner=coordinator
        )
    except ValidationError:
        assert offset < 0
    else:
        assert offset >= 0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-400, max_value=400))
def test_rule_next_contact_is_after_today(client_record, coordinator, offset):
    meeting = Meeting.objects.filter(client=client_record).first() or plan(
        client_record, coordinator
    )
    day = TODAY() + dt.timedelta(days=offset)
    try:
        services.set_next_contact(
            meeting=meeting, by=coordinator, due_on=day, channel="phone", contact_by=coordinator
        )
    except ValidationError:
        assert offset <= 0
    else:
        assert offset > 0


def test_a_meeting_cannot_be_closed_as_held_before_it_starts(client_record, coordinator):
    """Planned for tomorrow, closed today: refused with the start time, and nothing written."""
    meeting = plan(client_record, coordinator)  # starts in three days
    complete(meeting, coordinator)
    earlier = held(client_record, coordinator, starts_at=past(days=7), kind="first_contact")
    _a, earlier_contact = complete(earlier, coordinator)
    services.close_meeting(meeting=earlier, by=coordinator)
    before = Meeting.objects.get(pk=meeting.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.close_meeting(meeting=meeting, by=coordinator)
    text = _messages(error.value)
    starts = timezone.localtime(meeting.starts_at)
    assert "can be closed as held only once it has started" in text
    assert f"{starts.day}.{starts.month}.{starts.year}" in text and f"{starts:%H.%M}" in text
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.closed_at, stored.version) == ("planned", None, before.version)
    assert AuditEvent.objects.count() == events
    assert NextContact.objects.get(pk=earlier_contact.pk).done_at is None  # not half written


def test_the_not_started_refusal_is_in_finnish(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        services.close_meeting(meeting=meeting, by=coordinator)
    text = _messages(error.value)
    assert "Tapaaminen alkaa" in text and "vasta kun se on alkanut" in text


def test_a_meeting_can_be_closed_from_its_start_on(client_record, coordinator, monkeypatch):
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator)
    assert services.not_started_reason(meeting, now=meeting.starts_at) is None
    assert services.not_started_reason(meeting, now=meeting.starts_at - dt.timedelta(seconds=1))
    monkeypatch.setattr(timezone, "now", lambda: meeting.starts_at)
    services.close_meeting(meeting=meeting, by=coordinator)
    assert Meeting.objects.get(pk=meeting.pk).status == "closed"


def test_the_page_lists_the_not_started_reason_before_closing(client_record, coordinator):
    meeting = plan(client_record, coordinator)
    complete(meeting, coordinator)
    assert [m for m in services.missing_for_closing(meeting) if "once it has started" in m]
    started = held(client_record, coordinator)
    complete(started, coordinator)
    assert services.missing_for_closing(started) == []


def test_a_first_contact_is_a_kind_of_meeting(client_record, coordinator):
    """Seed 001: the municipality's worker makes the first contact by phone, before the network
    call; it is recorded and closed like any meeting."""
    first = held(client_record, coordinator, kind="first_contact", mode="phone", place="")
    complete(first, coordinator)
    services.close_meeting(meeting=first, by=coordinator)
    stored = Meeting.objects.get(pk=first.pk)
    assert stored.kind == "first_contact" and stored.status == "closed"
    with translation.override("fi"):
        assert stored.get_kind_display() == "Ensikontakti"
    with translation.override("sv"):
        assert stored.get_kind_display() == "Första kontakten"
