# The processing time's source in Swedish and English too (written by hand: only these fields).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0006_validity_source_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name=f"processing_time_source_{language}",
            field=models.CharField(
                blank=True,
                max_length=300,
                verbose_name=f"source of the processing time ({name})",
            ),
        )
        for model in ("service", "historicalservice")
        for language, name in (("sv", "Swedish"), ("en", "English"))
    ]
