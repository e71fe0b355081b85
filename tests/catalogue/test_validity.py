"""Ended benefits leave the map's current view on the day after their last day and are kept
for history: the labour-market subsidy and the basic unemployment allowance, paid until
30.4.2026 and replaced by yleistuki (issue 15)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from polku.catalogue import loader, selectors
from polku.catalogue.hsds import files
from polku.catalogue.models import Service
from polku.knots import services as knots
from polku.knots.forms import ApplicationForm
from polku.plans.selectors import map_entries
from polku.route_plans.selectors import catalogue_entries

pytestmark = pytest.mark.django_db

ENDED = {"tyomarkkinatuki", "peruspaivaraha"}


def test_the_catalogue_records_validity_with_its_source(catalogue):
    for slug in ENDED:
        service = Service.objects.get(slug=slug)
        assert service.valid_until == dt.date(2026, 4, 30)
        for language in ("fi", "sv", "en"):
            assert "1.5.2026" in getattr(service, f"validity_source_{language}")
        assert service.replaced_by.slug == "yleistuki"
        assert "until" not in service.legal_basis  # the date is a field, not English text
    yleistuki = Service.objects.get(slug="yleistuki")
    assert yleistuki.valid_from == dt.date(2026, 5, 1) and yleistuki.validity_source


def test_the_loader_refuses_validity_without_source_or_in_the_legal_basis():
    providers, services = loader.read()
    entry = next(s for s in services if s["slug"] == "tyomarkkinatuki")
    entry.pop("validity_source")
    other = next(s for s in services if s["slug"] == "peruspaivaraha")
    other["validity_source"] = "only in Finnish"
    entry["legal_basis"] = [
        {"law": "Unemployment Security Act", "number": "1290/2002", "until": "30.4.2026"}
    ]
    other["legal_basis"] = [{"law": "Työttömyysturvalaki (until 30.4.2026)"}]
    entry["replaced_by"] = "no-such-entry"
    problems = loader.validate(providers, services)
    assert "tyomarkkinatuki: validity dates need their validity_source" in problems
    assert "peruspaivaraha: validity_source needs fi, sv and en" in problems
    assert any("validity belongs in valid_from/valid_until" in p for p in problems)
    assert any("unknown law 'Työttömyysturvalaki (until 30.4.2026)'" in p for p in problems)
    assert any("replaced_by names unknown" in p for p in problems)


def test_the_model_refuses_an_end_before_the_start(catalogue):
    service = Service.objects.get(slug="yleistuki")
    service.valid_until = dt.date(2026, 1, 1)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "valid_until" in error.value.message_dict


def test_map_search_and_history_pages(signed_in, catalogue):
    page = signed_in.get("/map/").content.decode()
    assert "Yleistuki" in page and "Työmarkkinatuki" not in page
    assert "Päättyneet palvelut ja etuudet" in page
    page = signed_in.get("/map/services/", {"q": "työtön"}).content.decode()
    assert "Yleistuki" in page and "Työmarkkinatuki" not in page
    page = signed_in.get("/map/services/").content.decode()
    assert "Peruspäiväraha" not in page
    history = signed_in.get("/map/ended/").content.decode()
    assert "Työmarkkinatuki" in history and "Peruspäiväraha" in history
    assert "Päättyi 30.4.2026" in history and "Tilalle tuli" in history
    own = signed_in.get("/map/services/tyomarkkinatuki/").content.decode()
    assert "Päättyi 30.4.2026" in own
    assert "/map/services/yleistuki/" in own
    assert "Päivämäärien lähde" in own
    # a current entry does not send the reader to an ended one
    yleistuki = signed_in.get("/map/services/yleistuki/").content.decode()
    assert "/map/services/tyomarkkinatuki/" not in yleistuki


def test_the_life_situation_unemployed_offers_what_is_in_force(catalogue):
    unemployed = next(g for g in selectors.by_life_situation() if g["code"] == "unemployed")
    slugs = {row["service"].slug for row in unemployed["services"]}
    assert "yleistuki" in slugs and not slugs & ENDED
    for row in unemployed["services"]:
        assert not {s.slug for s in row["next"]} & ENDED


def test_new_applications_cannot_choose_an_ended_benefit(catalogue, client_record, coordinator):
    choices = set(
        ApplicationForm(prefix="app").fields["service"].queryset.values_list("slug", flat=True)
    )
    assert "yleistuki" in choices and not choices & ENDED
    tmt = Service.objects.get(slug="tyomarkkinatuki")
    with pytest.raises(ValidationError) as error:
        knots.add_application(
            client=client_record,
            service=tmt,
            by=coordinator,
            status="submitted",
            submitted=dt.date(2026, 5, 4),
        )
    assert "päättyi 30.4.2026" in " ".join(error.value.message_dict["service"])
    assert "Yleistuki" in " ".join(error.value.message_dict["service"])
    # one submitted while it was in force can still be recorded (history)
    application = knots.add_application(
        client=client_record,
        service=tmt,
        by=coordinator,
        status="submitted",
        submitted=dt.date(2026, 4, 20),
    )
    assert application.pk


def test_routes_and_plan_steps_use_the_current_view(catalogue):
    assert not set(catalogue_entries()) & ENDED
    assert not set(map_entries().values_list("slug", flat=True)) & ENDED
    assert "tyomarkkinatuki" in {s.slug for s in Service.objects.current(dt.date(2026, 4, 30))}


def test_validity_travels_through_hsds(catalogue, tmp_path):
    files.export_to(tmp_path)
    Service.objects.filter(slug="tyomarkkinatuki").update(valid_until=None, validity_source_sv="")
    files.import_path(tmp_path / "services.json")
    tmt = Service.objects.get(slug="tyomarkkinatuki")
    assert tmt.valid_until == dt.date(2026, 4, 30)
    assert "1.5.2026" in tmt.validity_source_sv
    assert not tmt.is_current()


def test_the_pages_say_the_source_in_the_readers_language(signed_in, catalogue):
    signed_in.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    page = signed_in.get("/map/services/tyomarkkinatuki/").content.decode()
    assert "Upphörde 30.4.2026" in page
    assert "SHM:s meddelande" in page and "STM:n tiedote" not in page
