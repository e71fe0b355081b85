"""Synthetic assessments for the demo data (polku.demo): realistic series of 1–3 versions —
some stable, some with declining work ability (so the early-warning signposts show), some
improving. `demo_assessments` returns unsaved objects; `save_demo_assessments` bulk-saves
the series of many clients at once (for the demo generator, polku.demo)."""

import datetime as dt
import random

from .models import Assessment, Domain, DomainAssessment

# (client's view, professional's view) phrases by status 1–4, in Finnish (the demo language).
VIEWS: dict[str, dict[int, tuple[str, str]]] = {
    "health_functioning": {
        1: (
            "Selkä on niin kipeä, etten jaksa juuri mitään.",
            "Kipu rajoittaa arkea; ei hoitokontaktia.",
        ),
        2: ("Uni on huonoa ja väsyttää.", "Uupumusta; terveystarkastus olisi paikallaan."),
        3: ("Terveys on ihan ok.", "Ei akuutteja terveyshuolia."),
        4: ("Liikun paljon ja voin hyvin.", "Hyvä fyysinen kunto."),
    },
    "work_ability": {
        1: ("En usko pystyväni töihin nyt.", "Työkyky selvitettävä ennen työllistymispalveluja."),
        2: ("Osa-aikatyö voisi onnistua.", "Osatyökykyinen; työkokeilu harkittavissa."),
        3: ("Pystyn kevyeen työhön.", "Työkyky riittää useimpiin tehtäviin."),
        4: ("Olen valmis töihin heti.", "Täysi työkyky."),
    },
    "income_benefits": {
        1: ("Rahat eivät riitä ruokaan.", "Etuushakemuksia vireillä; toimeentulo katkolla."),
        2: ("Kelan päätös on kesken.", "Päätös odottaa lisäselvitystä."),
        3: ("Pärjään työmarkkinatuella.", "Toimeentulo turvattu."),
        4: ("Talous on kunnossa.", "Ei taloudellisia huolia."),
    },
    "digital_access": {
        1: ("En pääse OmaKelaan.", "Ei pankkitunnuksia; postit paperina."),
        2: ("Tarvitsen apua sähköisissä asioissa.", "Tunnukset on, käyttö vaatii tukea."),
        3: ("Osaan hoitaa asiat netissä.", "Asioi sähköisesti."),
        4: ("Autan muitakin tietokoneasioissa.", "Vahvat digitaidot."),
    },
}
DEFAULT_VIEWS = {
    1: ("Tämä on nyt tosi vaikeaa.", "Vakava haaste, tarvitsee tukea."),
    2: ("Välillä hankalaa.", "Jonkin verran haasteita."),
    3: ("Ihan hyvin menee.", "Hallinnassa."),
    4: ("Tämä on minun vahvuuteni.", "Selkeä voimavara."),
}
GOALS = (
    "Haluan kokiksi.",
    "Haluan takaisin kaupan alalle.",
    "Haluaisin opiskella lähihoitajaksi.",
    "Oma koti ja vakituinen työ.",
    "Haluan jaksaa lasteni kanssa.",
)


def _domains(rng: random.Random, level: int) -> list[DomainAssessment]:
    rows = []
    for domain in Domain:
        if domain == Domain.GOALS_DREAMS:
            rows.append(DomainAssessment(domain=domain, client_view=rng.choice(GOALS)))
            continue
        if rng.random() < 0.2:
            continue  # not discussed this time
        client_status = max(1, min(4, level + rng.choice((-1, 0, 0, 1))))
        professional_status = max(1, min(4, client_status + rng.choice((-1, 0, 0, 0, 1))))
        client_view, _ = VIEWS.get(domain.value, DEFAULT_VIEWS)[client_status]
        _, professional_view = VIEWS.get(domain.value, DEFAULT_VIEWS)[professional_status]
        rows.append(
            DomainAssessment(
                domain=domain,
                client_status=client_status,
                professional_status=professional_status,
                support_needed=min(client_status, professional_status) <= 2,
                client_view=client_view,
                professional_view=professional_view,
            )
        )
    return rows


def demo_assessments(
    rng: random.Random, *, client_id: int, assessor_id: int, today: dt.date
) -> list[tuple[Assessment, list[DomainAssessment]]]:
    """1–3 versions, oldest first: 'stable', 'declining' or 'improving'."""
    trend = rng.choices(("stable", "declining", "improving"), weights=(5, 3, 2))[0]
    count = rng.randint(1, 3)
    score = {"stable": rng.randint(6, 9), "declining": rng.randint(6, 8), "improving": 4}[trend]
    day = today - dt.timedelta(days=90 * count + rng.randint(0, 30))
    series = []
    for version in range(1, count + 1):
        absence = rng.choice((0, 0, 3, 10)) if trend != "declining" else rng.randint(5, 60)
        level = 1 if score <= 3 else 2 if score <= 5 else 3 if score <= 8 else 4
        assessment = Assessment(
            client_id=client_id,
            version=version,
            assessed_on=day,
            assessed_by_id=assessor_id,
            work_ability_score=score,
            sickness_absence_days=absence,
        )
        series.append((assessment, _domains(rng, level)))
        day = min(today, day + dt.timedelta(days=rng.randint(60, 100)))
        step = {"stable": rng.choice((-1, 0, 1)), "declining": -rng.randint(1, 3)}.get(
            trend, rng.randint(1, 2)
        )
        score = max(0, min(10, score + step))
    return series


def save_demo_assessments(pairs: list[tuple[Assessment, list[DomainAssessment]]]) -> int:
    """Bulk-save the output of demo_assessments (for many clients at once)."""
    Assessment.objects.bulk_create([a for a, _ in pairs])
    rows = []
    for assessment, domains in pairs:
        for row in domains:
            row.assessment = assessment
            rows.append(row)
    DomainAssessment.objects.bulk_create(rows)
    return len(pairs)
