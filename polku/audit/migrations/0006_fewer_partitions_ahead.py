"""Keep only the months ahead that the runtime keeps ready (issue 20).

Migration audit.0005 created the audit table's monthly partitions for this month and the next
12; the `sequence_audit` task keeps only this month and the next two ready
(polku.audit.sequencer.MONTHS_AHEAD). Every query on the audit table plans over every
partition, so a young database paid for ten empty future partitions that a year-old one does
not have: at 10 M events each per-client query planned over 26 partitions, and the portal's
"who has looked" was measured 46–62 ms p50 with them and 26–39 ms with ten of them detached
(README, "The audit trail at volume").

PostgreSQL: drop the partitions that begin three or more months after this UTC month — only
those that hold no rows (checked under an ACCESS EXCLUSIVE lock on the audit table, so no event
can arrive meanwhile; a partition with rows is always kept). Fresh databases run audit.0005
and then this, and so end with the same partitions as existing ones. SQLite has no partitions:
nothing to do.

MONTHS_AHEAD is hard-coded (3, as polku.audit.sequencer.MONTHS_AHEAD today): a migration does
not import code that can change later."""

import datetime as dt
import re

from django.db import migrations

MONTHS_AHEAD = 3
_PARTITION = re.compile(r"^audit_auditevent_(\d{4})_(\d{2})$")


def _months_after(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _far_partitions(cursor, months_ahead: int) -> list[str]:
    """The monthly partitions that begin `months_ahead` or more months after this UTC
    month, oldest first."""
    cursor.execute("SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date")
    first_dropped = _months_after(cursor.fetchone()[0], months_ahead)
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'audit_auditevent'::regclass ORDER BY c.relname"
    )
    far = []
    for (name,) in cursor.fetchall():
        match = _PARTITION.match(name)
        if match and dt.date(int(match[1]), int(match[2]), 1) >= first_dropped:
            far.append(name)
    return far


def drop_empty_far_partitions(connection, months_ahead: int = MONTHS_AHEAD) -> list[str]:
    """Drop the empty partitions more than `months_ahead - 1` months ahead; returns their
    names. A partition with rows is kept."""
    if connection.vendor != "postgresql":
        return []
    dropped = []
    with connection.cursor() as cursor:
        if not _far_partitions(cursor, months_ahead):
            return []
        # Taken first on the parent (as inserts and queries do), so that checking and dropping
        # cannot deadlock with them; held to the end of this migration's transaction, which
        # only drops empty tables.
        cursor.execute("LOCK TABLE audit_auditevent IN ACCESS EXCLUSIVE MODE")
        for name in _far_partitions(cursor, months_ahead):
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM ONLY {quoted})")
            if cursor.fetchone()[0]:
                continue
            cursor.execute(f"DROP TABLE {quoted}")
            dropped.append(name)
    return dropped


def forwards(apps, schema_editor):
    drop_empty_far_partitions(schema_editor.connection)


def backwards(apps, schema_editor):
    """Back to what audit.0005 made: this month and the next 12."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT polku_audit_partitions(CURRENT_DATE, 13)")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_sequenced_partitioned")]

    operations = [migrations.RunPython(forwards, backwards)]
