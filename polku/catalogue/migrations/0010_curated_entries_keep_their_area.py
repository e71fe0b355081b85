"""A link to a PTV service copied the PTV service's municipalities onto the curated entry
(polku.catalogue.matching.link, and every sync after it), so a nationwide entry such as
"Aikuissosiaalityö" became listed only for the county's municipalities. A curated entry's
area is its `area` alone (nothing else writes `municipalities` on it): the copied lists are
cleared."""

from django.db import migrations


def clear_copied_municipalities(apps, schema_editor):
    Service = apps.get_model("catalogue", "Service")
    for service in Service.objects.filter(source="curated").only("pk", "municipalities"):
        if service.municipalities:
            Service.objects.filter(pk=service.pk).update(municipalities=[])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_ptv_sync")]

    operations = [migrations.RunPython(clear_copied_municipalities, migrations.RunPython.noop)]
