"""The route plan page, the facts form, choosing a route, the overview section and the REST
endpoints, with the real rules engine."""

import datetime as dt
import re

import pytest
from django.utils import translation

from polku.audit.models import AuditEvent
from polku.plans.models import Step
from polku.route_plans import presentation, selectors, services, views
from polku.route_plans.models import ClientFacts, RouteChoice
from tests.factories import make_client
from tests.visible_language import findings, html_text

pytestmark = pytest.mark.django_db

FACTS = {
    "adults_in_household": 1,
    "children_in_household": 0,
    "housing_cost": "650",
    "annual_earned_income": "18000",
    "unemployment_benefit": True,
    "jobseeker_registered": True,
    "on_sick_leave": False,
    "in_studies": False,
}


@pytest.fixture
def of_working_age(coordinator):
    """A client of working age born on a known date (1985)."""
    return make_client(coordinator=coordinator, birth_date=dt.date(1985, 2, 1))


@pytest.fixture
def with_facts(of_working_age, coordinator):
    services.update_facts(client=of_working_age, by=coordinator, expected_version=0, values=FACTS)
    return of_working_age


def test_the_route_plan_shows_chart_table_and_every_euro_explained(signed_in, with_facts):
    response = signed_in.get(f"/clients/{with_facts.pk}/routes/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('<svg class="routes-chart"') >= 6  # one chart per route
    assert text.count('<table class="data-table routes-income">') >= 6
    assert text.count("<caption>") >= 6
    # every euro opens to its explanation: 12 months x (today + route) per route
    assert text.count('<details class="routes-explain">') >= 6 * 24
    assert "valid from" in text or "voimassa" in text
    # Explained in Finnish: the formula in words, parameters by name, dates d.m.yyyy.
    assert '<span class="routes-label">Kaava:</span>' in text
    assert "Osuus hyväksyttävistä asumismenoista: 70\u00a0% (voimassa 1.4.2024 alkaen" in text
    assert "Vero (arvio)" in text  # no tax card percentage: the tax is an estimate
    # The tax's formula and parameters once per distinct law, linked from every cell.
    sections = re.findall(r'id="(tax-explained-\d+)"', text)
    assert 1 <= len(sections) <= 3
    assert sum(text.count(f'href="#{key}"') for key in sections) >= 6 * 24
    explained = html_text(text)
    assert not [f for f in findings(explained, "fi") if "English" not in f]  # dates, code names
    assert "style=" not in text and "<script>" not in text  # CSP
    assert AuditEvent.objects.filter(client_id=with_facts.pk, target="route_plan").exists()


def test_todays_income_is_rendered_once_a_month_and_shown_in_every_route(signed_in, with_facts):
    """Today's income of a month is the same in every route's table: each distinct cell is
    rendered once, and every route's table shows today's same figures (each linking to the
    explanations under its own route's table)."""
    response = signed_in.get(f"/clients/{with_facts.pk}/routes/")
    text = response.content.decode()
    tables = re.findall(r'<table class="data-table routes-income">.*?</table>', text, re.S)
    assert len(tables) >= 6 and text.count('<details class="routes-explain">') == len(tables) * 24
    cells = re.findall(r'<details class="routes-explain">.*?</details>', text, re.S)
    rendered = [t for t in response.templates if t.name == "route_plans/_income.html"]
    assert len(rendered) == len(set(cells)) < len(cells)  # each distinct cell once
    todays = [
        [
            re.sub(
                r'href="#route-[a-z_]+-',
                'href="#',
                re.findall(r"<details.*?</details>", row, re.S)[0],
            )
            for row in re.findall(r"<tr[ >].*?</tr>", table, re.S)[1:]
        ]
        for table in tables
    ]
    assert all(len(cells) == 12 for cells in todays)
    assert all(cells == todays[0] for cells in todays)


def _articles(text: str) -> dict[str, str]:
    return dict(re.findall(r'<article [^>]*id="route-([a-z_]+)".*?>(.*?)</article>', text, re.S))


def test_each_explanation_is_written_once_per_route_and_linked_from_its_cells(
    signed_in, with_facts
):
    """The cells keep their figures and link to the explanation they were computed with; each
    distinct explanation (formula, parameters with values, validity and sources) is written
    once under the route's table ("How the figures are calculated"), not in every month."""
    text = signed_in.get(
        f"/clients/{with_facts.pk}/routes/", headers={"accept-language": "fi"}
    ).content.decode()
    articles = _articles(text)
    assert len(articles) >= 6
    assert not findings(html_text(text), "fi")  # the table's steps too ("Health check for …")
    for route_id, article in articles.items():
        table, _, below = article.partition("</table>")
        cells = re.findall(r'<details class="routes-explain">.*?</details>', table, re.S)
        assert len(cells) == 24
        assert not any("Kaava:" in cell or "voimassa" in cell for cell in cells)
        assert f'<h4 id="route-{route_id}-explained">Miten luvut on laskettu</h4>' in below
        entries = dict(
            re.findall(r'<div class="routes-component" id="([^"]+)">(.*?)</div>', below, re.S)
        )
        assert entries and all(k.startswith(f"route-{route_id}-explained-") for k in entries)
        assert text.count("Kaava:") >= len(entries)
        # each distinct explanation once: no two entries alike, every one with its formula
        bodies = [re.sub(r"<h5>.*?</h5>", "", body, flags=re.S) for body in entries.values()]
        headings = [re.search(r"<h5>(.*?)</h5>", body, re.S)[1] for body in entries.values()]
        assert len(set(headings)) == len(headings) and len(set(bodies)) == len(bodies)
        assert all("Kaava:" in body for body in bodies)
        # every cell's component links to an entry of its own route; every entry is used
        linked = {key for cell in cells for key in re.findall(r'href="#(route-[^"]+)"', cell)}
        assert linked == set(entries)
        assert all(cell.count("miten se lasketaan</a>") >= 1 for cell in cells if "€ (" in cell)
    # the same formula no longer in every month: at most once per route's entry
    assert text.count("Kaava:") == sum(
        len(re.findall(r'class="routes-component" id="route-', a)) for a in articles.values()
    ) + len(re.findall(r'id="tax-explained-\d+"', text))


FAMILY = {
    "partner_in_household": True,
    "partner_gross_wage": "2400",
    "partner_unemployment_benefit": False,
    "children_birth_years": [2014, 2019],
    "tenure": "rent",
    "housing_cost": "950",
    "unemployment_benefit": True,
    "jobseeker_registered": True,
    "on_sick_leave": False,
    "in_studies": False,
}


def test_an_explanation_that_changes_between_months_is_written_once_per_version(
    of_working_age, coordinator
):
    """From March 2026: the general support (yleistuki) applies from 1.5.2026, so the
    unemployment benefit is explained twice (3/2026–4/2026 and 5/2026–), and when the elder
    child (b. 2009) turns 17 the younger one becomes the first child: each version is written
    once, headed by whose it is and its months, and each month's cell links to its own."""
    facts = {**FAMILY, "children_birth_years": [2009, 2014]}
    services.update_facts(client=of_working_age, by=coordinator, expected_version=0, values=facts)
    with translation.override("fi"):
        view = selectors.route_plan(of_working_age, on=dt.date(2026, 3, 2))
        html = views._routes_html(view)
    article = _articles(html)["vocational_rehabilitation"]
    table, _, below = article.partition("</table>")
    entries = dict(
        re.findall(r'<div class="routes-component" id="([^"]+)">\s*<h5>(.*?)</h5>', below)
    )
    unemployment = [key for key, h in entries.items() if h.startswith("Työttömyysetuus")]
    assert [entries[k].split(" <")[0] for k in unemployment] == [
        "Työttömyysetuus – asiakas: 3/2026–4/2026",
        "Työttömyysetuus – asiakas: 5/2026–2/2027",
    ]
    children = [h.split(" <")[0] for h in entries.values() if h.startswith("Lapsilisä")]
    assert children == [  # the first child's amount: the elder's, then the younger's
        "Lapsilisä – lapsi (s. 2009): 3/2026–6/2026; lapsi (s. 2014): 7/2026–2/2027",
        "Lapsilisä – lapsi (s. 2014): 3/2026–6/2026",
    ]
    rows = dict(re.findall(r'<th scope="row">(\d+/\d+).*?</th>(.*?)</tr>', table, re.S))
    assert f'href="#{unemployment[0]}"' in rows["3/2026"] and unemployment[1] not in rows["3/2026"]
    assert f'href="#{unemployment[1]}"' in rows["5/2026"] and unemployment[0] not in rows["5/2026"]
    blocks = re.findall(r'<div class="routes-component" id="[^"]+">(.*?)</div>', below, re.S)
    assert sum("Yleistuki voimassa: kyllä (voimassa 1.5.2026 alkaen" in b for b in blocks) == 1


def test_month_ranges_and_entries_of_one_component():
    assert presentation.month_ranges(["2026-12", "2027-01", "2027-02", "2027-05"]) == (
        "12/2026–2/2027, 5/2027"
    )
    assert presentation.month_ranges(["2026-03"]) == "3/2026"
    explanations = presentation.Explanations("r")
    wage = {"id": "wage", "explanation": {"formula_id": "wage", "parameters": []}}
    shown = {"label": "Palkka", "member_label": ""}
    for month in ("2026-01", "2026-02"):
        explanations.add(wage, shown, month)
    [entry] = explanations.entries
    assert entry["heading"] == "Palkka: 1/2026–2/2026" and entry["key"] == "route-r-explained-1"


def test_the_route_plan_is_the_households_with_each_member_named(
    signed_in, of_working_age, coordinator
):
    """A couple with two children (the real engine): the child benefit is each child's,
    named by birth year only; the housing allowance and social assistance the household's;
    the partner's wage the partner's; the tax an estimate until a tax card percentage."""
    of_working_age.municipality = "Seinäjoki"
    of_working_age.save(update_fields=["municipality"])
    services.update_facts(client=of_working_age, by=coordinator, expected_version=0, values=FAMILY)
    text = signed_in.get(
        f"/clients/{of_working_age.pk}/routes/", headers={"accept-language": "fi"}
    ).content.decode()
    assert "Lapsilisä – lapsi (s. 2014)" in text and "Lapsilisä – lapsi (s. 2019)" in text
    assert "Palkka – puoliso" in text
    assert re.search(r"(Yleinen asumistuki|Perustoimeentulotuki) – koko kotitalous", text)
    assert "puoliso: brutto 2\u00a0400,00\u00a0€ − vero (arvio)" in text
    assert "Tulot ovat koko kotitalouden" in text
    assert "Lasten iät lasketaan syntymävuodesta" in text
    assert "Oletettu: taloudessa ei asu puolisoa" not in text
    services.update_facts(
        client=of_working_age,
        by=coordinator,
        expected_version=1,
        values={
            "withholding_percent": "18,5",
            "partner_in_household": False,
            "partner_gross_wage": None,
            "partner_unemployment_benefit": None,
        },
    )
    text = signed_in.get(
        f"/clients/{of_working_age.pk}/routes/", headers={"accept-language": "fi"}
    ).content.decode()
    assert "vero verokortin mukaan" in text  # the client's own tax card, no partner
    assert "Palkka – puoliso" not in text


def test_missing_facts_are_shown_as_needing_information(signed_in, client_record):
    response = signed_in.get(
        f"/clients/{client_record.pk}/routes/", headers={"accept-language": "en"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "routes-needs-information" in text


def test_choosing_a_route_on_the_page_makes_plan_steps(signed_in, with_facts, coordinator):
    response = signed_in.post(
        f"/clients/{with_facts.pk}/routes/choose/",
        {"route": "work_activity_to_work", "goal": "Haluan töihin", "starts_on": "1.3.2026"},
    )
    assert response.status_code == 302
    assert re.search(rf"/clients/{with_facts.pk}/plan/#goal-\d+$", response["Location"])
    choice = RouteChoice.objects.get()
    assert Step.objects.filter(goal_id=choice.goal_id).count() == 3
    assert AuditEvent.objects.filter(target="route_choice", actor=coordinator).exists()
    page = signed_in.get(f"/clients/{with_facts.pk}/routes/").content.decode()
    assert 'id="route-work_activity_to_work"' in page


def test_a_bad_choice_is_refused(signed_in, with_facts):
    response = signed_in.post(f"/clients/{with_facts.pk}/routes/choose/", {"route": "x"})
    assert response.status_code == 400
    assert not RouteChoice.objects.exists()


def test_the_facts_form_saves_and_refuses_bad_values(signed_in, client_record):
    url = f"/clients/{client_record.pk}/routes/facts/"
    assert signed_in.get(url).status_code == 200
    bad = signed_in.post(url, {"version": 0, "housing_cost": "paljon"})
    assert bad.status_code == 400 and not ClientFacts.objects.exists()
    good = signed_in.post(url, {"version": 0, "housing_cost": "512,40", "on_sick_leave": "false"})
    assert good.status_code == 302
    row = ClientFacts.objects.get()
    assert str(row.housing_cost) == "512.40" and row.on_sick_leave is False
    stale = signed_in.post(url, {"version": 0, "housing_cost": "1"})
    assert stale.status_code == 400


def test_the_household_is_recorded_on_the_form_all_or_nothing(signed_in, of_working_age):
    url = f"/clients/{of_working_age.pk}/routes/facts/"
    page = signed_in.get(url, headers={"accept-language": "fi"}).content.decode()
    assert "<legend>Kotitalous</legend>" in page
    assert "Kotona asuvien lasten syntymävuodet" in page
    bad = signed_in.post(
        url,
        {
            "version": 0,
            "partner_in_household": "true",
            "partner_gross_wage": "1000000000",
            "children_at_home": "true",
            "children_birth_years": "2014, 2099",
            "housing_cost": "700",
        },
        headers={"accept-language": "fi"},
    )
    assert bad.status_code == 400 and not ClientFacts.objects.exists()
    text = bad.content.decode()
    assert "Syntymävuosi 2099 on tulevaisuudessa." in text or "Anna summa väliltä" in text
    bad = signed_in.post(
        url,
        {"version": 0, "children_at_home": "true", "children_birth_years": ""},
        headers={"accept-language": "fi"},
    )
    assert bad.status_code == 400 and not ClientFacts.objects.exists()
    assert "Kirjoita jokaisen kotona asuvan lapsen syntymävuosi." in bad.content.decode()
    bad = signed_in.post(
        url,
        {"version": 0, "partner_gross_wage": "1e9"},
        headers={"accept-language": "fi"},
    )
    assert "Anna summa väliltä 0–100\u00a0000 euroa kuukaudessa." in bad.content.decode()
    good = signed_in.post(
        url,
        {
            "version": 0,
            "partner_in_household": "false",
            "children_at_home": "true",
            "children_birth_years": "2016 2012",
            "tenure": "right_of_occupancy",
            "withholding_percent": "21,5",
        },
    )
    assert good.status_code == 302
    row = ClientFacts.objects.get()
    assert row.children_birth_years == [2012, 2016] and row.tenure == "right_of_occupancy"
    assert (row.adults_in_household, row.children_in_household) == (1, 2)
    page = signed_in.get(url, headers={"accept-language": "fi"}).content.decode()
    assert 'value="2012, 2016"' in page and 'value="21,50"' in page
    none = signed_in.post(url, {"version": 1, "children_at_home": "false"})
    assert none.status_code == 302
    assert ClientFacts.objects.get().children_birth_years == []


def test_the_overview_links_to_the_route_plan(signed_in, client_record):
    text = signed_in.get(f"/clients/{client_record.pk}/").content.decode()
    assert f'href="/clients/{client_record.pk}/routes/"' in text


def test_the_navigation_has_the_screening_list(signed_in):
    text = signed_in.get("/routes/screening/").content.decode()
    assert 'href="/routes/screening/"' in text


def test_api_route_plan(signed_in, with_facts):
    response = signed_in.get(f"/api/v1/clients/{with_facts.pk}/routes/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert len(data["months"]) == 12
    route = data["routes"][0]
    assert route["status"] in {"open", "closed", "needs_information"}
    month = route["months"][0]
    assert {"today", "route", "difference", "income_trap"} <= set(month)
    for component in month["route"]["components"]:
        assert {"formula", "parameters", "amount"} <= set(component)
        for parameter in component["parameters"]:
            assert {"name", "value", "valid_from", "source", "unverified"} <= set(parameter)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parameter["valid_from"])  # machine
            assert parameter["label"] and "_" not in parameter["label"]  # for people
    assert all(step["rule_label"] and "_" not in step["rule_label"] for step in route["steps"])


def test_api_facts_read_and_change(signed_in, client_record, coordinator):
    url = f"/api/v1/clients/{client_record.pk}/route-facts/"
    data = signed_in.get(url).json()
    assert data["version"] == 0 and data["housing_cost"] is None
    changed = signed_in.patch(
        url, {"version": 0, "housing_cost": 480.5}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["housing_cost"] == 480.5
    assert changed.json()["version"] == 1
    stale = signed_in.patch(
        url, {"version": 0, "in_studies": True}, content_type="application/json"
    )
    assert stale.status_code == 400
    bad = signed_in.patch(url, {"version": 1, "housing_cost": -1}, content_type="application/json")
    assert bad.status_code == 400 and "housing_cost" in bad.json()
    missing = signed_in.patch(url, {"in_studies": True}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert AuditEvent.objects.filter(target="route_facts", action="update").count() == 1


def test_outsiders_get_404(client, client_record):
    from tests.conftest import login
    from tests.factories import ProfessionalFactory

    outsider = login(client, ProfessionalFactory())
    for url in (
        f"/clients/{client_record.pk}/routes/",
        f"/clients/{client_record.pk}/routes/facts/",
        f"/api/v1/clients/{client_record.pk}/routes/",
        f"/api/v1/clients/{client_record.pk}/route-facts/",
    ):
        assert outsider.get(url).status_code == 404, url


def test_a_closed_route_has_no_choose_link_and_says_what_would_open_it(signed_in, with_facts):
    page = signed_in.get(
        f"/clients/{with_facts.pk}/routes/", headers={"accept-language": "en"}
    ).content.decode()
    closed = re.search(
        r'<article class="routes-route routes-route--closed" id="route-(\w+)".*?</article>',
        page,
        re.S,
    )
    assert closed, "the facts close at least one route (not on sick leave)"
    body = closed.group(0)
    assert "What would open it" in body and "cannot be chosen" in body
    assert "routes-choose-link" not in body
    route_id = closed.group(1)
    options = re.search(r'<select name="route"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert f'value="{route_id}"' not in options
    opened = re.search(
        r'<article class="routes-route routes-route--open" id="route-(\w+)".*?</article>',
        page,
        re.S,
    )
    assert f'href="?route={opened.group(1)}#choose-heading"' in opened.group(0)


def test_choosing_a_closed_route_is_refused_with_what_would_open_it(signed_in, with_facts):
    response = signed_in.post(
        f"/clients/{with_facts.pk}/routes/choose/",
        {"route": "sickness_to_studies", "goal": "Haluan opiskella"},
        headers={"accept-language": "fi"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "on asiakkaalle suljettu, joten sitä ei voi valita" in text
    assert "Mikä sen avaisi" in text
    assert not RouteChoice.objects.exists() and not Step.objects.exists()


def test_the_goal_is_asked_in_the_clients_words(signed_in, with_facts):
    page = signed_in.get(
        f"/clients/{with_facts.pk}/routes/?route=joint_service",
        headers={"accept-language": "fi"},
    ).content.decode()
    assert "Tavoite asiakkaan omin sanoin" in page
    assert '<option value="joint_service" selected>' in page
    response = signed_in.post(
        f"/clients/{with_facts.pk}/routes/choose/",
        {"route": "joint_service", "goal": ""},
        headers={"accept-language": "fi"},
    )
    assert response.status_code == 400
    assert "Kirjoita tavoite asiakkaan omin sanoin" in response.content.decode()
    assert not RouteChoice.objects.exists()


@pytest.mark.parametrize(
    ("language", "label"),
    [("fi", "Asumismenot"), ("sv", "Boendeutgifter"), ("en", "Housing cost")],
)
def test_the_facts_form_labels_start_with_a_capital(signed_in, client_record, language, label):
    page = signed_in.get(
        f"/clients/{client_record.pk}/routes/facts/", headers={"accept-language": language}
    ).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", page)
    assert labels and all(text.strip()[0].isupper() for text in labels), labels
    assert any(text.strip().startswith(label) for text in labels), labels


def test_a_route_needing_information_is_chosen_with_a_warning(signed_in, client_record):
    response = signed_in.post(
        f"/clients/{client_record.pk}/routes/choose/",
        {"route": "joint_service", "goal": "Haluan töihin"},
        headers={"accept-language": "fi"},
        follow=True,
    )
    assert response.status_code == 200 and RouteChoice.objects.exists()
    text = response.content.decode()
    assert "Reitti valittiin, vaikka kaikkia tietoja ei tiedetä" in text
    assert "Tarkista ne ennen ensimmäistä tarkistuspistettä." in text


def test_facts_the_rules_refuse_give_a_page_not_an_error(signed_in, coordinator):
    """A client too young for the rules' applicant (under 15): the page says the facts are
    outside what the rules accept, in Finnish, instead of failing."""
    child = make_client(coordinator=coordinator, birth_date=dt.date(2013, 5, 5))
    response = signed_in.get(f"/clients/{child.pk}/routes/", headers={"accept-language": "fi"})
    assert response.status_code == 422
    assert "Tarkista tiedot." in response.content.decode()
    api = signed_in.get(f"/api/v1/clients/{child.pk}/routes/")
    assert api.status_code == 400 and "facts" in api.json()


def test_api_household_facts(signed_in, of_working_age):
    # Born in 1985: the children's birth years below are after the client's (the default
    # test client's random birth date may not be).
    url = f"/api/v1/clients/{of_working_age.pk}/route-facts/"
    data = signed_in.get(url).json()
    assert data["children_birth_years"] is None and data["tenure"] is None
    changed = signed_in.patch(
        url,
        {
            "version": 0,
            "partner_in_household": True,
            "partner_gross_wage": 2100,
            "children_birth_years": [2017, 2012],
            "tenure": "owner",
            "withholding_percent": 19.5,
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["children_birth_years"] == [2012, 2017] and body["tenure"] == "owner"
    assert body["adults_in_household"] == 2 and body["children_in_household"] == 2
    bad = signed_in.patch(
        url,
        {"version": 1, "children_birth_years": [2099]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "children_birth_years" in bad.json()
    wage = signed_in.patch(
        url, {"version": 1, "partner_gross_wage": 1e9}, content_type="application/json"
    )
    assert wage.status_code == 400 and "partner_gross_wage" in wage.json()
