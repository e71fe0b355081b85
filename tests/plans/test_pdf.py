"""The printable plan for the client: a PDF in the client's own language, in plain words,
with the goals, what happens next and whom to contact; its download is audited."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from polku.audit.models import AuditEvent
from polku.plans import selectors
from tests.factories import make_client
from tests.plans.helpers import goal, in_days, step

pytestmark = pytest.mark.django_db


def _layout_text(html: str) -> str:
    """The text WeasyPrint lays out on the PDF's pages (no pdftotext on this machine)."""
    from weasyprint import HTML

    found: list[str] = []

    def walk(box):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            found.append(text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return " ".join(found)


def _print_html(client) -> str:
    context = {**selectors.printable_plan(client), "today": timezone.localdate()}
    with translation.override(client.preferred_language):
        return render_to_string("plans/plan_print.html", context)


@pytest.fixture
def planned(client_record, coordinator):
    coordinator.phone = "040 123 4567"
    coordinator.save(update_fields=["phone"])
    made = goal(client_record, coordinator, text="Haluan töihin keittiöön")
    step(made, coordinator, client_record, what="Työkokeilu lounasravintolassa")
    step(
        made,
        coordinator,
        client_record,
        what="Käyn terveystarkastuksessa",
        responsible=None,
        responsible_is_client=True,
        target_date=in_days(7),
    )
    return client_record


def test_the_plan_pdf_is_a_pdf_and_its_export_is_audited(signed_in, planned, coordinator):
    response = signed_in.get(f"/clients/{planned.pk}/plan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(client=planned, action="export").get()
    assert event.target == "plan_pdf" and event.actor_id == coordinator.pk


def test_the_pdf_shows_goals_next_steps_and_the_coordinator(planned, coordinator):
    html = _print_html(planned)
    text = _layout_text(html)
    assert "Haluan töihin keittiöön" in text
    assert "Käyn terveystarkastuksessa" in text
    assert "Työkokeilu lounasravintolassa" in text
    assert coordinator.get_full_name() in text
    assert "040 123 4567" in text
    # What happens next: soonest first, the client's own step marked as theirs.
    assert text.index("Käyn terveystarkastuksessa") < text.rindex("Työkokeilu lounasravintolassa")
    assert in_days(7).strftime("%-d.%-m.%Y") in text


def test_the_pdf_is_in_the_clients_language(coordinator):
    swedish = make_client(coordinator=coordinator, first_names="Anna", preferred_language="sv")
    goal(swedish, coordinator, text="Jag vill arbeta i ett kök")
    html = _print_html(swedish)
    assert '<html lang="sv">' in html
    assert "Telefon" in html  # a word the Swedish catalogue already has
    assert "Jag vill arbeta i ett kök" in _layout_text(html)
    english = make_client(coordinator=coordinator, first_names="Amir", preferred_language="en")
    html = _print_html(english)
    assert '<html lang="en">' in html
    assert "Your goals" in html and "What happens next" in html and "Who to contact" in html


def test_the_pdf_view_renders_in_the_clients_language(signed_in, coordinator, monkeypatch):
    """The page is Finnish for the professional; the print is in the client's language."""
    swedish = make_client(coordinator=coordinator, first_names="Anna", preferred_language="sv")
    seen = {}

    def fake_render(template, context, *, language=None):
        seen.update(template=template, language=language)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("polku.plans.views.render_pdf", fake_render)
    response = signed_in.get(f"/clients/{swedish.pk}/plan.pdf")
    assert response.content.startswith(b"%PDF")
    assert seen["language"] == "sv" and seen["template"] == "plans/plan_print.html"


def test_dropped_goals_and_cancelled_steps_are_not_printed(planned, coordinator):
    from polku.plans import services
    from tests.plans.helpers import version_of

    dropped = goal(planned, coordinator, text="Vanha haave")
    services.update_goal(
        goal=dropped, by=coordinator, expected_version=version_of(planned), status="dropped"
    )
    html = _print_html(planned)
    assert "Vanha haave" not in html
