# Where the validity dates come from, in Finnish, Swedish and English (written by hand: the
# Finnish source keeps what was there).

from django.db import migrations, models


def _field(label, **extra):
    return models.CharField(blank=True, max_length=300, verbose_name=label, **extra)


FI = "source of the validity dates (Finnish)"
HELP = "The law or announcement the dates come from."


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_legal_basis_languages"),
    ]

    operations = [
        migrations.RenameField("service", "validity_source", "validity_source_fi"),
        migrations.RenameField("historicalservice", "validity_source", "validity_source_fi"),
        migrations.AlterField(
            model_name="service", name="validity_source_fi", field=_field(FI, help_text=HELP)
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="validity_source_fi",
            field=_field(FI, help_text=HELP),
        ),
        *(
            migrations.AddField(
                model_name=model,
                name=f"validity_source_{code}",
                field=_field(f"source of the validity dates ({language})"),
            )
            for model in ("service", "historicalservice")
            for code, language in (("sv", "Swedish"), ("en", "English"))
        ),
    ]
