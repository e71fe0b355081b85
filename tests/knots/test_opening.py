""" "Open the knot" meeting mode: the walk in the order that opens the knot, each blocker
resolved, agreed (an agreement on the owner's worklist) or left for later, the knot shrinking,
the figures kept for research, and the client's plain-language summary."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from polku.knots import opening as knot_opening
from polku.knots import plain
from polku.knots.models import Blocker, KnotOpening, StepOutcome
from polku.meetings import services as meetings
from polku.worklists import selectors as worklists
from tests.meetings.helpers import complete, plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are matched in English (the interface's default is Finnish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def meeting(client_record, coordinator):
    return plan(client_record, coordinator, participants=[])


def _started(meeting, coordinator):
    return knot_opening.start(meeting=meeting, by=coordinator)


def test_start_puts_open_blockers_in_the_order_that_opens_the_knot(meeting, coordinator, story):
    opening = _started(meeting, coordinator)
    steps = list(opening.steps.select_related("blocker"))
    assert (opening.blockers_at_start, opening.deadlocks_at_start) == (4, 1)
    assert opening.pending_at_start == 4
    assert [s.position for s in steps] == [1, 2, 3, 4]
    kinds = [s.blocker.kind for s in steps]
    assert kinds[0] == "further_information"  # actionable now, unlocks the housing allowance
    assert [s.deadlocked for s in steps] == [False, False, True, True]  # deadlocked last


def test_no_knot_no_opening_and_only_once(meeting, coordinator, client_record, story):
    _started(meeting, coordinator)
    with pytest.raises(ValidationError, match="already"):
        _started(meeting, coordinator)
    other = plan(client_record, coordinator, participants=[])
    Blocker.objects.update(resolved_at=timezone.now())
    with pytest.raises(ValidationError, match="no knot"):
        _started(other, coordinator)


def test_resolving_agreeing_and_skipping_shrink_the_knot(meeting, coordinator, story):
    opening = _started(meeting, coordinator)
    first = knot_opening.current_step(opening)
    knot_opening.resolve_step(opening=opening, step_id=first.pk, by=coordinator)
    first.blocker.refresh_from_db()
    assert first.blocker.resolved_at is not None
    # the same click twice does not act on the next blocker
    with pytest.raises(ValidationError, match="already"):
        knot_opening.resolve_step(opening=opening, step_id=first.pk, by=coordinator)

    second = knot_opening.current_step(opening)
    assert second.pk != first.pk
    due = timezone.localdate() + dt.timedelta(days=5)
    knot_opening.agree_step(
        opening=opening,
        step_id=second.pk,
        by=coordinator,
        what="Soittaa Kelaan ja pyytää ratkaisemaan kuntoutusrahan ensin",
        due_on=due,
        owner=coordinator,
    )
    blocker = Blocker.objects.select_related("agreement").get(pk=second.blocker_id)
    assert blocker.agreement.owner_id == coordinator.pk and blocker.due == due
    assert blocker.agreement.meeting_id == meeting.pk
    assert blocker.resolved_at is None  # agreed is not yet done
    mine = list(worklists.agreements_due(coordinator, today=due))
    assert blocker.agreement in mine  # on the owner's worklist

    third = knot_opening.current_step(opening)
    knot_opening.skip_step(opening=opening, step_id=third.pk, by=coordinator)
    assert KnotOpening.objects.get(pk=opening.pk).steps.filter(outcome="skipped").count() == 1

    finished = knot_opening.finish(opening=opening, by=coordinator)
    outcomes = list(finished.steps.values_list("outcome", flat=True))
    assert outcomes.count(StepOutcome.PENDING) == 0 and outcomes.count(StepOutcome.SKIPPED) == 2
    assert not knot_opening.opened_in_one_meeting(finished, outcomes)


def test_marking_the_agreement_done_resolves_the_blocker(meeting, coordinator, story):
    opening = _started(meeting, coordinator)
    step = knot_opening.current_step(opening)
    knot_opening.agree_step(
        opening=opening,
        step_id=step.pk,
        by=coordinator,
        what="Toimittaa palkkatodistuksen",
        due_on=timezone.localdate(),
        owner_is_client=True,
    )
    blocker = Blocker.objects.get(pk=step.blocker_id)
    meetings.mark_agreement_done(agreement=blocker.agreement, by=coordinator)
    blocker.refresh_from_db()
    assert blocker.resolved_at is not None and blocker.resolved_by_id == coordinator.pk


def test_a_knot_opened_in_one_meeting(meeting, coordinator, story):
    opening = _started(meeting, coordinator)
    while (step := knot_opening.current_step(opening)) is not None:
        knot_opening.resolve_step(opening=opening, step_id=step.pk, by=coordinator)
    finished = knot_opening.finish(opening=opening, by=coordinator)
    outcomes = list(finished.steps.values_list("outcome", flat=True))
    assert knot_opening.opened_in_one_meeting(finished, outcomes)
    with pytest.raises(ValidationError):
        knot_opening.finish(opening=opening, by=coordinator)


def test_a_closed_meeting_cannot_walk_the_knot(client_record, coordinator, story):
    began = timezone.now() - dt.timedelta(hours=2)  # held: it can be closed
    meeting = plan(
        client_record, coordinator, starts_at=began, ends_at=began + dt.timedelta(hours=1)
    )
    opening = _started(meeting, coordinator)
    complete(meeting, coordinator)
    meetings.close_meeting(meeting=meeting, by=coordinator)
    step = knot_opening.current_step(opening)
    with pytest.raises(ValidationError, match="planned meeting"):
        knot_opening.resolve_step(opening=opening, step_id=step.pk, by=coordinator)


def test_the_client_summary_says_what_was_decided_pending_and_to_do(
    meeting, coordinator, client_record, story
):
    client_record.has_online_credentials = False
    client_record.save()
    opening = _started(meeting, coordinator)
    step = knot_opening.current_step(opening)  # the pay certificate
    knot_opening.agree_step(
        opening=opening,
        step_id=step.pk,
        by=coordinator,
        what="Pyydän palkkatodistuksen työnantajalta",
        due_on=timezone.localdate() + dt.timedelta(days=3),
        owner_is_client=True,
    )
    knot_opening.resolve_step(
        opening=opening, step_id=knot_opening.current_step(opening).pk, by=coordinator
    )
    summary = plain.summary(KnotOpening.objects.select_related("client").get(pk=opening.pk))
    assert [t.written for t in summary.client_tasks if t.written] == [
        "Pyydän palkkatodistuksen työnantajalta"
    ]
    assert any("online banking credentials" in str(task) for task in summary.client_tasks)
    assert [a.what for a in summary.agreements] == ["Pyydän palkkatodistuksen työnantajalta"]
    assert len(summary.cleared) == 1
    pending = {p.application.service.name_fi: p.reasons for p in summary.pending}
    assert set(pending) == {"Sairauspäiväraha", "Asumistuki", "Kuntoutusraha", "Yleistuki"}
    assert pending["Sairauspäiväraha"] == [
        "The application needs more information: Palkkatodistus. Työnantaja gives the information."
    ]


def test_the_pages_walk_the_knot(signed_in, client_record, coordinator, meeting, story):
    base = f"/clients/{client_record.pk}/meetings/{meeting.pk}/"
    page = signed_in.get(base).content.decode()
    assert "knot/start/" in page  # offered on the meeting page
    assert signed_in.get(base + "knot/").status_code == 302  # not started yet: to the meeting
    assert signed_in.post(base + "knot/start/").status_code == 302
    page = signed_in.get(base + "knot/").content.decode()
    assert 'data-testid="open-now">4<' in page and "Palkkatodistus" in page
    step = knot_opening.current_step(KnotOpening.objects.get(meeting=meeting))
    # a bad agreement is refused with the form's message and nothing written
    response = signed_in.post(
        base + "knot/step/",
        {"step": step.pk, "decision": "agree", "agreement-what": "", "agreement-owner": ""},
    )
    assert response.status_code == 400
    assert not Blocker.objects.filter(agreement__isnull=False).exists()
    response = signed_in.post(base + "knot/step/", {"step": step.pk, "decision": "resolved"})
    assert response.status_code == 302
    page = signed_in.get(base + "knot/").content.decode()
    assert 'data-testid="open-now">3<' in page
    assert signed_in.post(base + "knot/finish/").status_code == 302
    summary = signed_in.get(base + "knot/summary/")
    assert summary.status_code == 200
    pdf = signed_in.get(base + "knot/summary.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Asumistuki" in text


def test_the_summary_is_in_the_clients_language(
    signed_in, client_record, coordinator, meeting, story
):
    client_record.preferred_language = "sv"
    client_record.save()
    _started(meeting, coordinator)
    page = signed_in.get(
        f"/clients/{client_record.pk}/meetings/{meeting.pk}/knot/summary/"
    ).content.decode()
    assert 'lang="sv"' in page
    # easy Swedish (lättläst): short sentences, "du", names in their base form
    assert "Ansökan behöver mer information: Palkkatodistus. Työnantaja ger informationen." in page
    assert "Den här ansökan väntar först på beslutet om en annan ansökan: Sairauspäiväraha." in page
    assert "De här ansökningarna väntar fortfarande" in page


def test_agreeing_on_a_blocker_prefills_what_must_be_done(client_record, coordinator, story):
    """Not the blocker's type: the task, to whom it goes and for which application."""
    from tests.factories import OrganisationFactory

    sickness, housing = story["sickness"], story["housing"]
    statement = Blocker.objects.create(
        application=housing, kind="statement", what="B-lausunto", from_whom="Terveysasema"
    )
    meeting = Blocker.objects.create(application=housing, kind="meeting", what="Verkostopalaveri")
    waits = Blocker.objects.get(application=housing, kind="decision")
    information = Blocker.objects.get(application=sickness, kind="further_information")
    with translation.override("fi"):
        assert plain.agreement_text(information) == (
            "Toimita lisäselvitys Kelalle: Palkkatodistus (hakemus: Sairauspäiväraha)"
        )
        assert plain.agreement_text(waits) == (
            "Pyydä Kelaa ratkaisemaan ensin: Sairauspäiväraha (sitä odottaa Asumistuki)"
        )
        assert plain.agreement_text(statement) == (
            "Pyydä lausunto: B-lausunto (antaja: Terveysasema; hakemus: Asumistuki)"
        )
        assert plain.agreement_text(meeting) == "Sovi tapaaminen: Verkostopalaveri"
        sickness.deciding_organisation = OrganisationFactory(
            name="Eläkevakuutus Oy", kind="other", is_public_authority=False
        )
        sickness.save()
        information.refresh_from_db()
        assert plain.agreement_text(information) == (
            "Toimita lisäselvitys: Palkkatodistus (hakemus: Sairauspäiväraha; "
            "päättäjä: Eläkevakuutus Oy)"
        )
    with translation.override("sv"):
        assert plain.agreement_text(waits) == (
            "Be FPA att först avgöra: Sairauspäiväraha (Asumistuki väntar på det)"
        )
