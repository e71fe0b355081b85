"""The audit chain keyed (issue 18): each event records the id of the key its HMAC is under,
and the events written before are verified and re-keyed once (polku.audit.rekey)."""

from django.conf import settings
from django.db import migrations, models


def rekey(apps, schema_editor):
    from polku.audit.rekey import rekey as rekey_chain
    from polku.audit.triggers import V1 as TRIGGERS  # as it was then
    from polku.core.triggers import install_all

    # SQLite rebuilds the table to add the column, which drops its triggers: restore them.
    install_all(schema_editor.connection, TRIGGERS)
    rekey_chain(
        schema_editor.connection,
        settings.POLKU_AUDIT_KEY,
        apps.get_model("audit", "AuditEvent"),
        guards=TRIGGERS,
    )


def reinstall_triggers(apps, schema_editor):
    """Backwards, after the column is removed (SQLite rebuilds the table again)."""
    from polku.audit.triggers import V1 as TRIGGERS  # as it was then
    from polku.core.triggers import install_all

    install_all(schema_editor.connection, TRIGGERS)


def refuse_to_unkey(apps, schema_editor):
    """Backwards: the keyed hashes cannot become the unkeyed chain again (that needs no key,
    which is the point), so going back is refused while there are events."""
    if apps.get_model("audit", "AuditEvent").objects.exists():
        raise RuntimeError(
            "The audit chain is keyed; migrating back would leave events the previous "
            "release reports as broken. Restore a backup taken before audit.0003 instead."
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_guard_triggers")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(rekey, refuse_to_unkey),
    ]
