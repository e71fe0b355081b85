# What is unverified, in Finnish, Swedish and English (written by hand: only these fields).

from django.db import migrations, models


def english_notes(apps, schema_editor):
    """The single note written so far was English: keep it as the English note. The Finnish
    and Swedish notes stay empty (the page then says the facts are not all checked) until
    `load_catalogue` or a curator fills them."""
    Service = apps.get_model("catalogue", "Service")
    for service in Service.objects.exclude(verification_note_fi=""):
        service.verification_note_en = service.verification_note_fi
        service.verification_note_fi = ""
        service.save(update_fields=["verification_note_en", "verification_note_fi"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_processing_time_source"),
    ]

    operations = [
        migrations.RenameField("service", "verification_note", "verification_note_fi"),
        migrations.RenameField("historicalservice", "verification_note", "verification_note_fi"),
        migrations.AlterField(
            model_name="service",
            name="verification_note_fi",
            field=models.TextField(blank=True, verbose_name="what is unverified (Finnish)"),
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="verification_note_fi",
            field=models.TextField(blank=True, verbose_name="what is unverified (Finnish)"),
        ),
        migrations.AddField(
            model_name="service",
            name="verification_note_sv",
            field=models.TextField(blank=True, verbose_name="what is unverified (Swedish)"),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="verification_note_sv",
            field=models.TextField(blank=True, verbose_name="what is unverified (Swedish)"),
        ),
        migrations.AddField(
            model_name="service",
            name="verification_note_en",
            field=models.TextField(blank=True, verbose_name="what is unverified (English)"),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="verification_note_en",
            field=models.TextField(blank=True, verbose_name="what is unverified (English)"),
        ),
        migrations.RunPython(english_notes, migrations.RunPython.noop),
    ]
