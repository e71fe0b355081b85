"""Retention cuts (issue 18, finding 19): the table of signed cuts, the guards that let a cut
remove the oldest events and nothing else, and the PostgreSQL function that does it."""

from django.db import migrations, models


def install(apps, schema_editor):
    """The guards with the retention exception (polku.audit.triggers), and on PostgreSQL the
    one function through which the application removes expired events."""
    from polku.audit.triggers import TRIGGERS, cut_function_statements
    from polku.core.triggers import install_all

    connection = schema_editor.connection
    install_all(connection, TRIGGERS)
    if connection.vendor == "postgresql":
        from polku.audit.roles import checked_name

        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = checked_name(cursor.fetchone()[0])
            for statement in cut_function_statements(schema):
                cursor.execute(statement)


def uninstall(apps, schema_editor):
    from polku.audit.triggers import TRIGGERS, V1, drop_cut_function_statements
    from polku.core.triggers import install_all, uninstall_all

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in drop_cut_function_statements():
                cursor.execute(statement)
    uninstall_all(connection, TRIGGERS)
    install_all(connection, V1)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_keyed_chain'),
    ]

    operations = [
        migrations.CreateModel(
            name='RetentionCut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_event_id', models.BigIntegerField(unique=True)),
                ('last_hash', models.CharField(max_length=64)),
                ('position', models.BigIntegerField(unique=True)),
                ('removed', models.BigIntegerField()),
                ('before', models.DateTimeField()),
                ('made_at', models.DateTimeField()),
                ('key_id', models.CharField(max_length=16)),
                ('signature', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'audit retention cut',
                'verbose_name_plural': 'audit retention cuts',
                'ordering': ['position'],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
