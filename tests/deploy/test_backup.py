"""Backups (docs/deploy.md, "Backups"): the database dumped with `pg_dump --format=custom`,
restored with `pg_restore` into a new database, is identical — every table's row count and a
checksum of its rows, every sequence's position — and its audit chain verifies."""

import os
import shutil
import subprocess
import uuid

import pytest
from django.conf import settings
from django.db import connection

from polku.audit import services as audit
from polku.audit.models import Action, AuditEvent
from tests.child_process import manage
from tests.factories import make_client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires {name} (Debian's postgresql-client)")
        pytest.skip(f"needs {name} (Debian's postgresql-client)")
    return found


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    return f"postgres://{s.get('USER') or 'postgres'}{password}@{host}:{port}/{name}"


def _fingerprint(url: str) -> dict[str, tuple]:
    """Per table: (rows, md5 over its rows' md5s in order); per sequence: its last value."""
    import psycopg

    found: dict[str, tuple] = {}
    with psycopg.connect(url) as db:
        tables = db.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            found[table] = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "  # noqa: S608
                f"ORDER BY md5(t::text)), '')) FROM {table} t"
            ).fetchone()
        sequences = db.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences ORDER BY 1"
        ).fetchall()
        for name, last in sequences:
            found[f"sequence {name}"] = (last,)
    return found


def _verify(url: str) -> str:
    result = manage(
        "verify_audit_chain",
        DJANGO_ENV="development",
        DATABASE_URL=url,
        POLKU_AUDIT_KEY=settings.POLKU_AUDIT_KEY,
        POLKU_DATA_KEY=settings.POLKU_DATA_KEY,
        POLKU_AUDIT_ANCHOR_DIR=str(settings.POLKU_AUDIT_ANCHOR_DIR),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit chain intact" in result.stdout
    return result.stdout.strip()


def test_a_dump_restores_identical_with_its_audit_chain_intact(tmp_path, coordinator, as_owner):
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    for _ in range(3):
        client = make_client(coordinator=coordinator)
        audit.record(actor=coordinator, action=Action.VIEW, client=client)
    assert AuditEvent.objects.count() >= 3
    source = _url(connection.settings_dict["NAME"])
    copy_name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "polku.dump"
    subprocess.run(  # noqa: S603 (fixed tool, our own arguments)
        [pg_dump, "--format=custom", "--no-owner", f"--file={dump}", source],
        check=True,
        capture_output=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{copy_name}"')
    try:
        subprocess.run(  # noqa: S603
            [pg_restore, "--no-owner", "--exit-on-error", f"--dbname={_url(copy_name)}", dump],
            check=True,
            capture_output=True,
        )
        original, restored = _fingerprint(source), _fingerprint(_url(copy_name))
        assert original == restored
        assert original["public.audit_auditevent"][0] >= 3
        assert _verify(_url(copy_name)) == _verify(source)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')
