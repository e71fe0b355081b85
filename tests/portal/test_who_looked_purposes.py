"""Every purpose the code can record on a client's events has words on "who has looked at my
information", in Finnish, Swedish and English: a purpose without words was shown as
"another purpose" (the intake before any consent was). The purposes are found in the code
(every purpose= given to the audit trail, and what policy.purposes_granting answers), not
copied here."""

import ast
import importlib
from pathlib import Path

import pytest
from django.utils import translation

from polku.access import policy
from polku.clients import services as clients
from polku.clients.models import Consent
from polku.portal import disclosure
from polku.portal import services as portal_services
from tests.factories import make_client, synthetic_hetu
from tests.portal.conftest import portal_login

pytestmark = pytest.mark.django_db

POLKU = Path(__file__).resolve().parents[2] / "polku"
# The audit calls that record on clients: the trail's record/record_many and the access
# rule's client_for/audit_listed (which record through them).
ON_CLIENTS = {"record", "record_many", "client_for", "audit_listed", "audit_listed_ids"}
CLIENT_ARGUMENTS = {"client", "client_ids", "clients", "ids", "client_id"}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(POLKU.parent).with_suffix("").parts)


def purposes_in_the_code() -> set[str]:
    """Every fixed purpose given to the audit trail for a client's events: string constants
    and named constants (evaluated in their module), plus what purposes_granting answers
    (the consent purposes the Consent model allows, and the intake without a consent).
    Purposes computed at run time are either purposes_granting's or a reason typed in words
    (shown as such)."""
    found: set[str] = set()
    for path in sorted(POLKU.rglob("*.py")):
        if {"migrations", "benchmarks", "demo"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ON_CLIENTS:
                continue
            given = {k.arg: k.value for k in node.keywords}
            if name.startswith("record") and not CLIENT_ARGUMENTS & set(given):
                continue  # an event on no client (rotations, retention): not on the page
            for key in ("purpose", "default_purpose"):
                value = given.get(key)
                # a conditional purpose: either branch may be recorded
                either = isinstance(value, ast.IfExp)
                for branch in [value.body, value.orelse] if either else [value]:
                    found |= _fixed_purposes(branch, path)
    found |= {str(value) for value, _label in Consent._meta.get_field("purpose").choices or ()}
    found |= {policy.INTAKE, policy.OUTSIDE_CONSENT}  # purposes_granting's other answers
    return {p for p in found if p and " " not in p}  # words are shown as they are


def _fixed_purposes(value: ast.AST | None, path: Path) -> set[str]:
    """A string constant, or a named constant evaluated in its module; nothing for what is
    computed at run time."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return {value.value}
    if isinstance(value, ast.Name | ast.Attribute):
        try:
            named = eval(  # noqa: S307  # a name from our own code
                ast.unparse(value), vars(importlib.import_module(_module(path)))
            )
        except NameError:
            return set()  # a local variable: computed at run time
        if isinstance(named, str):
            return {named}
    return set()


def test_the_scan_finds_the_purposes():
    found = purposes_in_the_code()
    assert {
        policy.INTAKE,
        policy.ACCESS_REQUEST,
        disclosure.CLIENT_COUNCIL,
        "referral",
        "coordination",
    } <= found


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_purpose_has_words(language):
    with translation.override("en"):
        english = disclosure.purpose_words()
    with translation.override(language):
        words = disclosure.purpose_words()
        other = str(translation.gettext("another purpose"))
        for purpose in sorted(purposes_in_the_code()):
            said = disclosure._why(purpose)
            assert said and other not in said, f"{purpose!r} has no words in {language}"
            if language != "en":
                assert words[purpose] != english[purpose], f"{purpose!r} untranslated ({language})"


def test_a_visit_during_intake_says_why(coordinator):
    """A client recorded without a consent yet: the visit (the recording, the sign-in code)
    says it was to start as a client, not "no purpose recorded" or "another purpose"."""
    client = clients.record_client(
        by=coordinator, hetu=synthetic_hetu(), data={"first_names": "Ilona", "last_name": "Oja"}
    )
    assert policy.purpose_for(coordinator, client) == policy.INTAKE
    http = portal_login(client, coordinator)
    with translation.override(client.preferred_language or "fi"):
        expected = str(disclosure.purpose_words()[policy.INTAKE])
        nothing = translation.gettext("No consent purpose was recorded.")
        other = translation.gettext("another purpose")
    page = http.get("/portal/who-looked/").content.decode()
    log = page.split('class="disclosure-day"')[1]
    assert expected in log
    assert nothing not in log and other not in log


def test_a_visit_of_writes_only_says_why(coordinator):
    """A visit made only of writes (a sign-in code) shows the consent's purpose."""
    client = make_client(coordinator=coordinator)
    portal_services.create_code(client=client, by=coordinator)
    http = portal_login(client, coordinator)
    page = http.get("/portal/who-looked/").content.decode()
    with translation.override(client.preferred_language or "fi"):
        nothing = translation.gettext("No consent purpose was recorded.")
    assert nothing not in page.split('class="disclosure-day"')[1]


def test_intake_is_said_only_where_the_intake_exception_applies(coordinator):
    """Someone no consent covers, who did not record the client, acted "outside consent" —
    not "starting as a client" (it was said for any act without a covering consent)."""
    from polku.clients.models import NetworkMember
    from tests.factories import ProfessionalFactory

    in_intake = clients.record_client(
        by=coordinator, hetu=synthetic_hetu(), data={"first_names": "Ilona", "last_name": "Oja"}
    )
    covered = make_client(coordinator=coordinator)
    outsider = ProfessionalFactory()  # another organisation, which no consent covers
    NetworkMember.objects.create(
        client=covered, professional=outsider, role="member", responsibility="x"
    )
    found = policy.purposes_granting(outsider, [in_intake.pk, covered.pk])
    assert found == {in_intake.pk: policy.OUTSIDE_CONSENT, covered.pk: policy.OUTSIDE_CONSENT}
    assert policy.purpose_for(coordinator, in_intake) == policy.INTAKE
    assert policy.purpose_for(coordinator, covered) != policy.INTAKE
    # once the client has a consent (that does not cover the recorder), intake is over
    Consent.objects.create(
        client=in_intake,
        purpose="coordination",
        valid_from=in_intake.created_at.date(),
        given_how="written",
    )
    assert policy.purpose_for(coordinator, in_intake) == policy.OUTSIDE_CONSENT


def test_a_henkilotunnus_match_is_recorded_as_an_access_request(coordinator):
    from polku.audit.models import AuditEvent
    from tests.factories import ProfessionalFactory

    client = make_client(coordinator=coordinator)
    asker = ProfessionalFactory()
    clients._request_access(client, asker, None)
    event = AuditEvent.objects.filter(client=client, target="hetu_match").get()
    assert event.purpose == policy.ACCESS_REQUEST
    with translation.override("fi"):
        assert disclosure._why(event.purpose) == ["Pyysi päästä mukaan asiasi hoitamiseen"]


def test_a_henkilotunnus_match_is_said_as_what_happened(coordinator):
    """The match of a typed henkilötunnus is not "your name was in a list or search result
    they looked at": nobody looked at a list; they typed the client's code to record a new
    client (clients.services.record_or_request)."""
    from tests.factories import ProfessionalFactory

    client = make_client(coordinator=coordinator)
    clients._request_access(client, ProfessionalFactory(), None)
    http = portal_login(client, coordinator)
    with translation.override(client.preferred_language or "fi"):
        typed = translation.gettext(
            "They typed your personal identity code when they were recording a new client"
        )
        listed = translation.gettext("Your name was in a list or search result they looked at.")
    log = http.get("/portal/who-looked/").content.decode().split('class="disclosure-day"')[1]
    assert typed in log
    assert listed not in log


def test_a_henkilotunnus_match_by_a_network_member_asks_for_nothing(coordinator):
    """The coordinator typing her own client's henkilötunnus asked to join nothing: the event
    carries her purpose for the client, as every other act of hers on the client does."""
    from polku.audit.models import AuditEvent

    client = make_client(coordinator=coordinator)
    clients._request_access(client, coordinator, None)
    event = AuditEvent.objects.filter(client=client, target="hetu_match").get()
    assert event.purpose == policy.purpose_for(coordinator, client) != policy.ACCESS_REQUEST
