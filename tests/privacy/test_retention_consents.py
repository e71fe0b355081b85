"""Issue 18, finding 19: consents to disclose client data are kept 12 years after they ended
(703/2023, 23 § and its appendix, "Luovutustenhallinnan asiakirjat"), so a client past the
records' 10 years waits for them; and a referral that never became a case is anonymised too
(it held a name, a henkilötunnus and a situation with no end)."""

import datetime as dt

import pytest
from django.utils import timezone

from polku.clients.models import Client, Consent
from polku.privacy import retention
from polku.referrals.models import ReceivingTeam, Referral, ReferralEvent
from tests.factories import ProfessionalFactory, synthetic_hetu
from tests.privacy.test_export_completeness import _referral
from tests.privacy.test_retention import TODAY, closed_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dirs(settings, tmp_path):
    settings.POLKU_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.POLKU_RESEARCH_EXPORT_DIR = tmp_path / "exports"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _run(capture) -> retention.RunReport:
    with capture(execute=True):
        return retention.apply_retention(TODAY)


def test_a_client_past_ten_years_waits_for_a_consent_that_ended_with_the_case(
    coordinator, django_capture_on_commit_callbacks
):
    client = closed_client(coordinator, closed_on=dt.date(2016, 3, 1), notes=False)
    report = _run(django_capture_on_commit_callbacks).by_kind()
    assert report["client_records"].count == 0
    assert report["client_records"].details["held_for_consents"] == 1
    assert Client.objects.get(pk=client.pk).last_name == "Virtanen"


def test_consents_that_ended_long_before_the_case_closed_do_not_hold_it(
    coordinator, django_capture_on_commit_callbacks
):
    """One consent withdrawn in January 2014, another valid until May 2014: both ended more
    than 12 years before 2.12.2026, though the case closed only in 2016."""
    client = closed_client(coordinator, closed_on=dt.date(2016, 3, 1), notes=False)
    consent = Consent.objects.get(client=client)
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=dt.date(2013, 1, 1),
        withdrawn_at=_at(dt.date(2014, 1, 10)),
        withdrawn_by_client=True,
    )
    second = Consent.objects.get(pk=consent.pk)
    second.pk = None
    second.withdrawn_at = None
    second.withdrawn_by_client = False
    second.valid_until = dt.date(2014, 5, 31)
    second.save()
    report = _run(django_capture_on_commit_callbacks).by_kind()
    assert report["client_records"].count == 1
    assert (report["consents"].count, report["consents"].oldest) == (2, dt.date(2014, 1, 10))
    assert Client.objects.get(pk=client.pk).last_name == retention.ERASED
    assert set(Consent.objects.filter(client=client).values_list("description", flat=True)) == {
        retention.ERASED
    }


def test_a_consent_valid_to_the_cutoff_still_holds_the_client(
    coordinator, django_capture_on_commit_callbacks
):
    """Valid through 2.12.2014, so it ended on 3.12.2014: 12 years are not over on 2.12.2026."""
    client = closed_client(coordinator, closed_on=dt.date(2016, 3, 1), notes=False)
    Consent.objects.filter(client=client).update(
        valid_from=dt.date(2013, 1, 1), valid_until=dt.date(2014, 12, 2)
    )
    assert _run(django_capture_on_commit_callbacks).by_kind()["client_records"].count == 0
    Consent.objects.filter(client=client).update(valid_until=dt.date(2014, 11, 30))
    assert _run(django_capture_on_commit_callbacks).by_kind()["client_records"].count == 1


def test_a_referrals_consent_holds_its_client_too(coordinator, django_capture_on_commit_callbacks):
    client = closed_client(coordinator, closed_on=dt.date(2016, 3, 1), notes=False)
    Consent.objects.filter(client=client).update(
        withdrawn_at=_at(dt.date(2013, 5, 1)), withdrawn_by_client=True
    )
    team = ReceivingTeam.objects.create(organisation=coordinator.organisation, name="Tiimi")
    partner = ProfessionalFactory()
    referral = _referral(team=team, partner=partner, client=client)
    Referral.objects.filter(pk=referral.pk).update(closed_at=_at(dt.date(2015, 2, 1)))
    report = _run(django_capture_on_commit_callbacks).by_kind()
    assert report["client_records"].count == 0  # the referral's consent ended on 1.2.2015
    Referral.objects.filter(pk=referral.pk).update(consent_withdrawn_at=_at(dt.date(2013, 6, 1)))
    report = _run(django_capture_on_commit_callbacks).by_kind()
    assert report["client_records"].count == 1
    assert Referral.objects.get(pk=referral.pk).first_names == retention.ERASED


def test_a_referral_that_never_became_a_case_is_anonymised_after_its_periods(
    coordinator, django_capture_on_commit_callbacks
):
    team = ReceivingTeam.objects.create(organisation=coordinator.organisation, name="Tiimi")
    partner = ProfessionalFactory()

    def closed_referral(closed_on: dt.date) -> Referral:
        referral = _referral(team=team, partner=partner, hetu_text=synthetic_hetu())
        ReferralEvent.objects.create(
            referral=referral, by=partner, what="closed", note="Aino muutti Tampereelle"
        )
        Referral.objects.filter(pk=referral.pk).update(
            status="closed",
            outcome="unreachable",
            named_worker=coordinator,
            closed_at=_at(closed_on),
        )
        return referral

    expired = closed_referral(dt.date(2013, 9, 1))
    waiting = closed_referral(dt.date(2016, 9, 1))  # past 10 years, its consent not past 12
    recent = closed_referral(dt.date(2021, 9, 1))
    still_open = _referral(team=team, partner=partner, hetu_text=synthetic_hetu())

    dry = retention.dry_run(TODAY).by_kind()
    assert dry["client_records"].details["referrals_without_case"] == 1
    assert Referral.objects.get(pk=expired.pk).first_names == "Aino"

    report = _run(django_capture_on_commit_callbacks).by_kind()
    assert report["client_records"].details["referrals_without_case"] == 1
    assert (report["consents"].count, report["consents"].oldest) == (1, dt.date(2013, 9, 1))
    gone = Referral.objects.get(pk=expired.pk)
    assert (gone.first_names, gone.last_name, gone.situation, gone.consent_scope) == (
        retention.ERASED,
        retention.ERASED,
        retention.ERASED,
        retention.ERASED,
    )
    assert (gone.hetu_encrypted, gone.hetu_hash, gone.hetu_masked) == ("", "", "")
    assert ReferralEvent.objects.get(referral=gone).note == retention.ERASED
    # what the receiving team's figures count stays
    assert (gone.status, gone.urgency, gone.team_id) == ("closed", "soon", team.pk)
    for kept in (waiting, recent, still_open):
        row = Referral.objects.get(pk=kept.pk)
        assert (row.first_names, row.hetu_masked) == ("Aino", kept.hetu_masked)
        assert row.hetu_encrypted
    # a second run finds nothing more
    again = _run(django_capture_on_commit_callbacks).by_kind()
    assert again["client_records"].details["referrals_without_case"] == 0
    assert again["consents"].count == 0


def test_the_client_is_told_how_long_consents_are_kept(coordinator):
    from django.utils import translation

    from polku.privacy.export import _information
    from tests.factories import make_client

    client = make_client(coordinator=coordinator)
    with translation.override("fi"):
        kept = dict(_information(client))["Kuinka kauan tietojasi säilytetään"]
    assert (
        "Suostumuksesi tietojesi luovuttamiseen: 12 vuotta suostumuksen päättymisen jälkeen."
        in kept
    )
    assert "Asiakastietosi: 10 vuotta asiakkuutesi päättymisen jälkeen." in kept
