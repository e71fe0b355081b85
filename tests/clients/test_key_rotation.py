"""Issue 18, finding 20: the henkilötunnus data key can be rotated. With the new key current
and the old one listed in POLKU_DATA_OLD_KEYS, every row is readable and findable before,
during (half rotated) and after `manage.py rotate_keys`; a rerun changes nothing; a dry run
changes nothing; the deploy check says when the old key can go."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from polku.audit.models import AuditEvent
from polku.clients import crypto, key_rotation, selectors, services
from polku.clients.models import Client
from polku.referrals import services as referral_services
from polku.referrals.models import Referral
from tests.factories import make_client, synthetic_hetu
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db

OLD = "polku-test-data-key"  # config/settings/test.py
NEW = "a-new-data-key-for-the-rotation-test-Zq8#xW2"


@pytest.fixture
def rows(coordinator):
    """Five clients and one referral, all written under the old key; their codes by row."""
    from polku.accounts.models import OrganisationKind, Profession
    from polku.referrals.models import ReceivingTeam
    from tests.factories import OrganisationFactory, ProfessionalFactory

    codes = {}
    for number in range(5):
        code = synthetic_hetu()
        client = make_client(coordinator=coordinator, hetu=code, last_name=f"Koe{number}")
        codes[("client", client.pk)] = code
    shelter = OrganisationFactory(kind=OrganisationKind.NGO, is_public_authority=False)
    partner = ProfessionalFactory(organisation=shelter, profession=Profession.PARTNER_WORKER)
    team = ReceivingTeam.objects.create(
        organisation=coordinator.organisation,
        name="Team",
        phone="020 692 200",
        email="team@example.fi",
        service_manager=ProfessionalFactory(
            organisation=coordinator.organisation, profession=Profession.SERVICE_MANAGER
        ),
    )
    data = referral_data()
    referral = referral_services.create_referral(by=partner, team=team, data=data)
    codes[("referral", referral.pk)] = data["hetu"]
    return codes


def _rotate_to_new(settings) -> None:
    settings.POLKU_DATA_KEY = NEW
    settings.POLKU_DATA_OLD_KEYS = [OLD]


def _stored() -> dict:
    return {
        **{
            ("client", pk): (t, h)
            for pk, t, h in Client.objects.values_list("pk", "hetu_encrypted", "hetu_hash")
        },
        **{
            ("referral", pk): (t, h)
            for pk, t, h in Referral.objects.values_list("pk", "hetu_encrypted", "hetu_hash")
        },
    }


def _assert_readable_and_findable(codes: dict, coordinator) -> None:
    for (kind, pk), code in codes.items():
        model = Client if kind == "client" else Referral
        row = model.objects.get(pk=pk)
        assert crypto.decrypt(row.hetu_encrypted) == code
        if kind == "client":
            found = selectors.search(Client.objects.all(), code, services.find_by_hetu_hash(code))
            assert list(found.values_list("pk", flat=True)) == [pk]
            # The same code cannot be recorded twice, whichever key its row is under.
            with pytest.raises(ValidationError) as caught:
                services.record_client(
                    by=coordinator, hetu=code, data={"first_names": "X", "last_name": "Y"}
                )
            assert "hetu" in caught.value.message_dict


def _rotation_events():
    return AuditEvent.objects.filter(target="rotate_keys").order_by("pk")


def test_rotation_end_to_end(settings, rows, coordinator):
    before = _stored()
    _rotate_to_new(settings)

    # Before: the old rows are read and found through the old key.
    _assert_readable_and_findable(rows, coordinator)
    assert key_rotation.rows_needing_old_keys() == 6
    assert [w.id for w in key_rotation.check_old_data_keys()] == ["polku.W020"]

    # A dry run counts and changes nothing (and is not audited: nothing was done).
    out = io.StringIO()
    call_command("rotate_keys", "--dry-run", stdout=out)
    assert "clients.Client: 5 rows, would re-encrypt 5" in out.getvalue()
    assert "referrals.Referral: 1 rows, would re-encrypt 1" in out.getvalue()
    assert _stored() == before
    assert not _rotation_events().exists()

    # Stopped after the first batch of two clients: those are under the new key, the rest not.
    def stop(line):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        key_rotation.rotate_all(batch_size=2, dry_run=False, progress=stop)
    during = _stored()
    changed = {key for key in before if during[key] != before[key]}
    assert len(changed) == 2 and all(kind == "client" for kind, _ in changed)
    assert all(crypto.is_current(during[key][0]) for key in changed)
    assert key_rotation.rows_needing_old_keys() == 4
    _assert_readable_and_findable(rows, coordinator)
    # A client recorded meanwhile is written under the new key.
    late_code = synthetic_hetu()
    late = make_client(coordinator=coordinator, hetu=late_code)
    rows = {**rows, ("client", late.pk): late_code}
    assert crypto.is_current(late.hetu_encrypted)

    # Run again to the end: the rest is rotated, the done rows are skipped.
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    assert "clients.Client: 6 rows, re-encrypted 3, 3 already under the current key" in (
        out.getvalue()
    )
    assert "referrals.Referral: 1 rows, re-encrypted 1, 0 already" in out.getvalue()
    after = _stored()
    assert {key: after[key] for key in changed} == {key: during[key] for key in changed}
    for (kind, pk), code in rows.items():
        token, stored_hash = after[(kind, pk)]
        assert crypto.is_current(token)
        assert stored_hash == crypto.search_hash(code)
    _assert_readable_and_findable(rows, coordinator)
    assert key_rotation.rows_needing_old_keys() == 0
    assert [w.id for w in key_rotation.check_old_data_keys()] == ["polku.W021"]
    (event,) = _rotation_events()
    assert event.details["clients.Client"] == {
        "examined": 6,
        "rotated": 3,
        "current": 3,
        "unreadable": 0,
    }
    assert event.details["referrals.Referral"]["rotated"] == 1

    # A rerun is a no-op (one more audit event, with nothing rotated).
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert _stored() == after
    assert "Every row is under the current key" in out.getvalue()
    assert [e.details["clients.Client"]["rotated"] for e in _rotation_events()] == [3, 0]

    # The old key removed: everything is still read and found.
    settings.POLKU_DATA_OLD_KEYS = []
    assert key_rotation.check_old_data_keys() == []
    _assert_readable_and_findable(rows, coordinator)


def test_rows_under_a_key_not_configured_are_reported_not_lost(settings, rows):
    settings.POLKU_DATA_KEY = NEW  # the old key forgotten from POLKU_DATA_OLD_KEYS
    before = _stored()
    with pytest.raises(CommandError, match="open with none of the configured keys"):
        call_command("rotate_keys", stdout=io.StringIO())
    assert _stored() == before
    (event,) = _rotation_events()
    assert event.details["clients.Client"]["unreadable"] == 5


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("rotate_keys", "--batch-size", "0")


def test_old_keys_setting_ignores_blanks_and_the_current_key(settings):
    settings.POLKU_DATA_KEY = NEW
    settings.POLKU_DATA_OLD_KEYS = ["", NEW, OLD, OLD]
    assert crypto.old_keys() == (OLD,)
    assert crypto.all_keys() == (NEW, OLD)
    code = synthetic_hetu()
    assert crypto.search_hashes(code)[0] == crypto.search_hash(code)
    assert len(set(crypto.search_hashes(code))) == 2
