"""The audit chain keyed (issue 18): each event records the id of the key its HMAC is under,
and the events written before are verified and re-keyed once (polku.audit.rekey)."""

from django.conf import settings
from django.db import migrations, models


def rekey(apps, schema_editor):
    from polku.audit.rekey import rekey as rekey_chain
    from polku.audit.triggers import TRIGGERS
    from polku.core.triggers import install_all

    # SQLite rebuilds the table to add the column, which drops its triggers: restore them.
    install_all(schema_editor.connection, TRIGGERS)
    rekey_chain(
        schema_editor.connection,
        settings.POLKU_AUDIT_KEY,
        apps.get_model("audit", "AuditEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_guard_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
