"""The verification walk on PostgreSQL reads each event's canonical content as PostgreSQL writes
it (polku.audit.verification.CANONICAL_SQL) instead of encoding it in Python: the text must be
byte for byte what polku.audit.chain._payload makes of the values Django reads back, or
existing chains would stop verifying (and a difference could hide nothing: the MAC is still
recomputed with the key in Python over whatever text the walk gets)."""

import datetime as dt
import json

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polku.audit import chain
from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent
from polku.audit.sequencer import sequence
from polku.audit.verification import CANONICAL_SQL, _rows, verify_stored_chain

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

AWKWARD = [
    'quote " backslash \\ slash /',
    "controls \b\f\n\r\t \x01 \x1f \x7f",
    "Åland äö – “curly” — ½ € 𝔘 😀 \u2028 \u2029 \ufeff",
    "",
]

# Text PostgreSQL can store (no NUL); Hypothesis' default alphabet has no lone surrogates.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=40)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
IPS = st.none() | st.ip_addresses().map(str)
IDS = st.none() | st.integers(min_value=1, max_value=2**62)
TIMES = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
)

_COLUMNS = (
    "%s::bigint AS id, ''::text AS prev_hash, ''::text AS key_id, ''::text AS hash, "
    "%s::timestamptz AS occurred_at, %s::bigint AS actor_id, "
    "%s::bigint AS actor_organisation_id, %s::text AS actor_profession, "
    "%s::bigint AS client_id, %s::text AS action, %s::text AS target, %s::text AS purpose, "
    "%s::text AS method, %s::text AS path, %s::inet AS ip_address, %s::jsonb AS details"
)


def _both(values: dict) -> tuple[str, str]:
    """(PostgreSQL's canonical text, _payload of the values read back as Django reads them)
    for one row given as `values`, through a CTE that stands in for the audit table."""
    params = [
        1,
        values["occurred_at"],
        values["actor_id"],
        values["actor_organisation_id"],
        values["actor_profession"],
        values["client_id"],
        values["action"],
        values["target"],
        values["purpose"],
        values["method"],
        values["path"],
        values["ip_address"],
        json.dumps(values["details"]),
    ]
    cte = f"WITH audit_auditevent AS (SELECT {_COLUMNS}) "
    with connection.cursor() as cursor:
        cursor.execute(cte + CANONICAL_SQL, params)
        row = cursor.fetchone()
        names = ", ".join(chain.HASHED_FIELDS)
        cursor.execute(f"{cte}SELECT {names} FROM audit_auditevent", params)  # noqa: S608
        stored = dict(zip(chain.HASHED_FIELDS, cursor.fetchone(), strict=True))
    # As the ORM reads them: jsonb and inet come as text (Django's loaders), JSON decoded.
    stored["details"] = json.loads(stored["details"])
    from_sql = row[4] if row[4] is not None else chain._joined(row[5])
    return from_sql, chain._payload(stored)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    strings=st.lists(TEXT, min_size=6, max_size=6),
    ids=st.lists(IDS, min_size=3, max_size=3),
    ip=IPS,
    occurred_at=TIMES,
    details=st.just({}) | JSON_VALUES,
)
def test_postgresql_writes_the_canonical_text_byte_for_byte(strings, ids, ip, occurred_at, details):
    values = dict(
        zip(
            ("action", "actor_profession", "target", "purpose", "method", "path"),
            strings,
            strict=True,
        )
    )
    values.update(
        actor_id=ids[0],
        actor_organisation_id=ids[1],
        client_id=ids[2],
        ip_address=ip,
        occurred_at=occurred_at,
        details=details,
    )
    from_sql, from_python = _both(values)
    assert from_sql == from_python


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_strings_and_addresses_agree(text):
    values = {
        "action": text,
        "actor_profession": text,
        "target": text,
        "purpose": text,
        "method": text[:8],
        "path": text,
        "actor_id": None,
        "actor_organisation_id": 7,
        "client_id": None,
        "ip_address": "2001:db8::1",
        "occurred_at": dt.datetime(2026, 12, 3, 9, 5, 7, 12, tzinfo=dt.UTC),
        "details": {"b": [1.5, None, text], "a": {"ä": True}},
    }
    from_sql, from_python = _both(values)
    assert from_sql == from_python


def test_stored_events_agree_and_verify(coordinator, client_record, rf):
    request = rf.get("/clients/1/?q=%22", REMOTE_ADDR="10.0.0.9")
    for n, text in enumerate(AWKWARD):
        audit.record(
            actor=coordinator,
            action=Action.VIEW,
            client=client_record,
            target=text[:120],
            purpose=text,
            request=request,
            details={"n": n, "text": text, "x": 0.1} if n % 2 else None,
        )
    audit.record(actor=None, action=Action.LOGIN_FAILED, target="anonymous")
    sequence()
    with connection.cursor() as cursor:
        cursor.execute(CANONICAL_SQL + " ORDER BY id")
        from_sql = [row[4] if row[4] is not None else chain._joined(row[5]) for row in cursor]
    from_python = [chain._payload(event) for event in _rows()]
    stored = AuditEvent.objects.count()  # the fixtures' own events among them
    assert len(from_sql) == stored >= len(AWKWARD) + 1
    assert from_sql == from_python
    verdict = verify_stored_chain()
    assert verdict.intact and verdict.checked == stored
