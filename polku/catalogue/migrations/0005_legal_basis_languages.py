# The legal basis by the law's name in Finnish, Swedish and English (written by hand).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_validity_and_search_terms"),
    ]

    operations = [
        migrations.RenameField("service", "legal_basis", "legal_basis_fi"),
        migrations.RenameField("historicalservice", "legal_basis", "legal_basis_fi"),
        migrations.AlterField(
            model_name="service",
            name="legal_basis_fi",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (Finnish)"
            ),
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="legal_basis_fi",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (Finnish)"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="legal_basis_sv",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (Swedish)"
            ),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="legal_basis_sv",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (Swedish)"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="legal_basis_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (English)"
            ),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="legal_basis_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="legal basis (English)"
            ),
        ),
    ]
