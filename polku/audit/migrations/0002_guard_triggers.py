"""Install the database triggers declared in polku/audit/triggers.py (PostgreSQL and SQLite)."""

from django.db import migrations


def install(apps, schema_editor):
    from polku.audit.triggers import V1 as TRIGGERS  # as it was then
    from polku.core.triggers import install_all

    install_all(schema_editor.connection, TRIGGERS)


def uninstall(apps, schema_editor):
    from polku.audit.triggers import V1 as TRIGGERS  # as it was then
    from polku.core.triggers import uninstall_all

    uninstall_all(schema_editor.connection, TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
