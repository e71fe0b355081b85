"""Link the free-text services of existing plan steps to the map: a text that is the name of
a catalogue entry (Finnish, Swedish or English, or its short name; case and surrounding
spaces ignored) points to that entry and the text is cleared. Any other text stays as it is
(a service not on the map)."""

from django.db import migrations


def _key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def link(apps, schema_editor):
    Service = apps.get_model("catalogue", "Service")
    Step = apps.get_model("plans", "Step")
    by_name: dict[str, int] = {}
    # Entries still in the catalogue win over retired ones with the same name.
    for row in Service.objects.order_by("is_active", "pk").values(
        "pk", "slug", "name_fi", "name_sv", "name_en"
    ):
        for name in (row["name_fi"], row["name_sv"], row["name_en"], row["slug"]):
            if name:
                by_name[_key(name)] = row["pk"]
    if not by_name:
        return
    texts = Step.objects.filter(service__isnull=True).exclude(service_name="")
    for text in texts.values_list("service_name", flat=True).distinct():
        service_id = by_name.get(_key(text))
        if service_id is not None:
            Step.objects.filter(service__isnull=True, service_name=text).update(
                service_id=service_id, service_name=""
            )


def unlink(apps, schema_editor):
    Step = apps.get_model("plans", "Step")
    for step in Step.objects.filter(service__isnull=False).select_related("service"):
        Step.objects.filter(pk=step.pk).update(service=None, service_name=step.service.name_fi)


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_step_service_and_open_steps")]

    operations = [migrations.RunPython(link, unlink)]
