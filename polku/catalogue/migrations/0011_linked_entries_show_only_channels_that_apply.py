"""A link to a PTV service copied the PTV service's channels onto the curated entry
(polku.catalogue.matching.link, and every sync after it), so the nationwide "Aikuissosiaalityö"
linked to Etelä-Pohjanmaa's service showed the county's service points to every reader. A
linked entry keeps PTV's channels only where they hold for its whole area
(`polku.catalogue.ptv.mapping.channels_apply`, repeated here as it stands today): the PTV
service is for the whole country, or names the same region as the entry. The PTV service's
area is read from the PTV entry the link retired (`replaced_by` the curated entry); an entry
whose PTV area is not known here (linked by its PTV id alone) loses its copied channels too,
and the next full sync (weekly) brings them back where they apply."""

from django.db import migrations


def _apply(ptv_area: str, ptv_municipalities: list, entry_area: str) -> bool:
    if not (ptv_area or "").strip() and not ptv_municipalities:
        return True
    entry_area = (entry_area or "").strip()
    return bool(entry_area) and entry_area.casefold() == (ptv_area or "").strip().casefold()


def clear_channels_that_do_not_apply(apps, schema_editor):
    Service = apps.get_model("catalogue", "Service")
    linked = Service.objects.filter(source="curated", ptv_id__isnull=False)
    for entry in linked.only("pk", "area"):
        if not entry.channels.exists():
            continue
        retired = (
            Service.objects.filter(source="ptv", replaced_by=entry)
            .only("area", "municipalities")
            .first()
        )
        if retired is None or not _apply(retired.area, retired.municipalities, entry.area):
            entry.channels.clear()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0010_curated_entries_keep_their_area")]

    operations = [
        migrations.RunPython(clear_channels_that_do_not_apply, migrations.RunPython.noop)
    ]
