# ruff: noqa: E501  (sample texts: one line each)
"""Synthetic saved responses of PTV's open API v11 for the demo, the tests and the benchmark:
services, organizations and service channels of Etelä-Pohjanmaa in PTV's own wire format
(V11VmOpenApiService, V11VmOpenApiServiceLocationChannel…, guid pages), written as files the
`FolderTransport` reads (`manage.py ptv_sync --from DIR`).

Deterministic: the same arguments write the same bytes (ids are UUIDv5 of the content, times
fixed). The texts are Polku's own samples, not copied from PTV; the classification codes
follow the national patterns (palveluluokat P…, kohderyhmät KR…, elämäntilanteet KE…, YSO
p…) but the sample set is small and its names are ours.

    python -m polku.catalogue.ptv.samples polku/catalogue/ptv/saved/demo    # the demo's set
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import sys
import uuid
from pathlib import Path

from .regions import DEMO_AREA, MUNICIPALITIES

NAMESPACE = uuid.UUID("0b6f3f3e-58c5-4b5e-9f7e-3d1c2a9b7e41")
MODIFIED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
PAGE_SIZE = 100
DEMO_DIR = Path(__file__).parent / "saved" / "demo"

# Classifications: scheme → code → (fi, sv, en).
SERVICE_CLASSES = {
    "P10": ("Työ ja työttömyys", "Arbete och arbetslöshet", "Work and unemployment"),
    "P10.1": ("Työnhaku ja työllistyminen", "Jobbsökning och sysselsättning", "Job seeking"),
    "P10.3": (
        "Työkyky ja kuntoutus",
        "Arbetsförmåga och rehabilitering",
        "Work ability and rehabilitation",
    ),
    "P4": ("Terveydenhuolto", "Hälsovård", "Health care"),
    "P4.7": ("Mielenterveyspalvelut", "Mentalvårdstjänster", "Mental health services"),
    "P4.8": ("Päihdepalvelut", "Missbrukarvård", "Substance abuse services"),
    "P5": ("Sosiaalipalvelut", "Socialtjänster", "Social services"),
    "P5.2": ("Toimeentulo ja talous", "Utkomst och ekonomi", "Livelihood and finances"),
    "P5.5": ("Vammaispalvelut", "Handikappservice", "Disability services"),
    "P6": ("Koulutus", "Utbildning", "Education"),
    "P1": ("Asuminen", "Boende", "Housing"),
    "P11": (
        "Järjestötoiminta ja vertaistuki",
        "Föreningsverksamhet och kamratstöd",
        "NGO and peer support",
    ),
}
TARGET_GROUPS = {
    "KR1": ("Kansalaiset", "Medborgare", "Citizens"),
    "KR1.2": ("Nuoret", "Unga", "Young people"),
    "KR1.4": (
        "Työttömät ja työnhakijat",
        "Arbetslösa och arbetssökande",
        "Unemployed and jobseekers",
    ),
    "KR1.6": ("Maahanmuuttajat", "Invandrare", "Immigrants"),
    "KR1.7": (
        "Vammaiset ja pitkäaikaissairaat",
        "Personer med funktionsnedsättning och långtidssjuka",
        "People with disabilities or long-term illness",
    ),
    "KR2": ("Yritykset ja yhteisöt", "Företag och samfund", "Businesses and organisations"),
}
LIFE_EVENTS = {
    "KE7": ("Työttömäksi jääminen", "Att bli arbetslös", "Becoming unemployed"),
    "KE8": ("Sairastuminen", "Att insjukna", "Falling ill"),
    "KE9": ("Koulutukseen hakeutuminen", "Att söka utbildning", "Applying for education"),
    "KE10": ("Talousvaikeudet", "Ekonomiska svårigheter", "Financial difficulties"),
    "KE4": ("Muutto", "Flytt", "Moving house"),
}
ONTOLOGY = {
    "p10": ("työllistyminen", "sysselsättning", "employment"),
    "p20": ("kuntoutus", "rehabilitering", "rehabilitation"),
    "p30": ("mielenterveys", "mental hälsa", "mental health"),
    "p40": ("toimeentulo", "utkomst", "livelihood"),
    "p50": ("nuoret", "unga", "young people"),
}

# Organizations: key → (fi name, type, business code, municipality or "").
ORGANIZATIONS = {
    "hva": ("Etelä-Pohjanmaan hyvinvointialue", "RegionalOrganization", "3221308-6", ""),
    "tyollisyys": ("Seinäjoen seudun työllisyysalue", "Municipality", "0204819-8", "743"),
    "ry": ("Lakeuden mielenterveysyhdistys ry", "Organization", "1234567-8", "743"),
    "setlementti": ("Lakeuden työpajayhdistys ry", "Organization", "2345678-9", "743"),
    # Nationwide (real organisations; "Kela" as the curated catalogue names it, so the sync
    # links the provider rather than adding a second one).
    "kela": ("Kela", "State", "0246246-0", ""),
    "mieli": ("MIELI Suomen Mielenterveys ry", "Organization", "", ""),
    "takuusaatio": ("Takuusäätiö", "Organization", "", ""),
}
# The postal code of each municipality's centre (Posti's postal code areas; the same codes as
# the demo's client addresses, polku/demo/names.py).
POSTAL_CODES = {
    "005": "62900",
    "010": "63300",
    "052": "62500",
    "145": "60800",
    "151": "64900",
    "218": "64350",
    "232": "61800",
    "233": "62200",
    "300": "63100",
    "301": "61300",
    "403": "62600",
    "408": "62100",
    "743": "60100",
    "759": "63800",
    "846": "64700",
    "934": "62800",
    "989": "63700",
}
# The municipalities' genitive forms, for the organisations' names ("Seinäjoen kaupunki").
GENITIVES = {
    "Alajärvi": "Alajärven",
    "Alavus": "Alavuden",
    "Evijärvi": "Evijärven",
    "Ilmajoki": "Ilmajoen",
    "Isojoki": "Isojoen",
    "Karijoki": "Karijoen",
    "Kauhajoki": "Kauhajoen",
    "Kauhava": "Kauhavan",
    "Kuortane": "Kuortaneen",
    "Kurikka": "Kurikan",
    "Lappajärvi": "Lappajärven",
    "Lapua": "Lapuan",
    "Seinäjoki": "Seinäjoen",
    "Soini": "Soinin",
    "Teuva": "Teuvan",
    "Vimpeli": "Vimpelin",
    "Ähtäri": "Ähtärin",
}
CITIES = ("743", "408", "010", "301", "005", "232", "233", "846", "989")
MUNICIPALITY_ORGS = {
    code: f"{GENITIVES.get(name, name)} {'kaupunki' if code in CITIES else 'kunta'}"
    for code, name in MUNICIPALITIES.items()
}


def _names(fi: str, sv: str = "", en: str = "") -> list[dict]:
    return [
        {"type": "Name", "language": language, "value": value}
        for language, value in (("fi", fi), ("sv", sv), ("en", en))
        if value
    ]


# Service templates: (key, organization, service classes, target groups, life events,
#   ontology, names (fi, sv, en), summary fi, description fi, instruction fi, description sv)
# "{kunta}" is the municipality's name in the text.
MUNICIPAL = [
    (
        "tyonhakijan-palvelut",
        "tyollisyys",
        ["P10.1"],
        ["KR1.4"],
        ["KE7"],
        ["p10"],
        (
            "Työnhakijan palvelut, {kunta}",
            "Tjänster för arbetssökande, {kunta}",
            "Services for jobseekers, {kunta}",
        ),
        "Apua työnhakuun ja työttömyysetuuden edellytyksiin.",
        "Ilmoittaudu työnhakijaksi ja sovi työllisyyssuunnitelmasta. Asiantuntija auttaa työnhaussa, koulutuksen valinnassa ja työttömyysturvan asioissa.",
        "Ilmoittaudu työnhakijaksi verkossa tai tule palvelupisteeseen.",
        "Anmäl dig som arbetssökande och gör upp en sysselsättningsplan.",
    ),
    (
        "kuntouttava-tyotoiminta",
        "tyollisyys",
        ["P10.3"],
        ["KR1.4", "KR1.7"],
        ["KE7"],
        ["p20", "p10"],
        (
            "Kuntouttava työtoiminta, {kunta}",
            "Arbetsverksamhet i rehabiliteringssyfte, {kunta}",
            "Rehabilitative work activity, {kunta}",
        ),
        "Työtoimintaa pitkään työttömänä olleelle arjen ja työkyvyn vahvistamiseksi.",
        "Kuntouttava työtoiminta on ohjattua toimintaa työpajalla tai yhdistyksessä 1–4 päivänä viikossa. Saat työttömyysetuuden lisäksi kulukorvauksen.",
        "Kysy omalta työllisyysasiantuntijalta tai sosiaalityöntekijältä; toiminnasta sovitaan aktivointisuunnitelmassa.",
        "",
    ),
    (
        "palkkatuki",
        "tyollisyys",
        ["P10.1"],
        ["KR2", "KR1.4"],
        ["KE7"],
        ["p10"],
        (
            "Palkkatuki työnantajalle, {kunta}",
            "Lönesubvention till arbetsgivare, {kunta}",
            "Pay subsidy for employers, {kunta}",
        ),
        "Tukea työnantajalle työttömän työnhakijan palkkauskuluihin.",
        "Palkkatuella työnantaja voi palkata työttömän työnhakijan, jonka osaaminen tai työkyky vaatii tukea. Tuki haetaan ennen työsuhteen alkua.",
        "Työnantaja hakee palkkatukea verkossa ennen työsuhteen alkamista.",
        "Arbetsgivaren ansöker om lönesubvention innan anställningen börjar.",
    ),
    (
        "tyokokeilu",
        "tyollisyys",
        ["P10.3", "P10.1"],
        ["KR1.4"],
        ["KE7"],
        ["p10"],
        ("Työkokeilu, {kunta}", "Arbetsprövning, {kunta}", "Work trial, {kunta}"),
        "Kokeile sopivaa alaa tai paluuta työelämään työpaikalla.",
        "Työkokeilussa selvitetään ammatti- ja uravaihtoehtoja tai tuetaan paluuta työmarkkinoille. Työkokeilu ei ole työsuhde.",
        "Sovi työkokeilusta työllisyysasiantuntijan kanssa.",
        "",
    ),
    (
        "tyovalmennus",
        "tyollisyys",
        ["P10.1", "P10.3"],
        ["KR1.4", "KR1.7"],
        ["KE7"],
        ["p10", "p20"],
        ("Työvalmennus, {kunta}", "Jobbcoachning, {kunta}", "Job coaching, {kunta}"),
        "Henkilökohtaista valmennusta työpaikan löytämiseen ja siinä pysymiseen.",
        "Työvalmentaja kulkee rinnalla työnhaussa ja työn alussa ja sopii työnantajan kanssa työtehtävien mukauttamisesta osatyökykyiselle.",
        "Pyydä työvalmennusta työllisyysasiantuntijalta.",
        "",
    ),
    (
        "nuorten-tyopaja",
        "tyollisyys",
        ["P10.1", "P6"],
        ["KR1.2"],
        ["KE9", "KE7"],
        ["p50", "p10"],
        ("Nuorten työpaja, {kunta}", "Verkstad för unga, {kunta}", "Youth workshop, {kunta}"),
        "Työpajatoimintaa alle 29-vuotiaille opiskelupaikan tai työn löytämiseksi.",
        "Työpajalla harjoitellaan työtä ohjaajan kanssa puu-, metalli-, kahvila- tai mediapajalla ja suunnitellaan jatkoa opintoihin.",
        "Ota yhteyttä pajaan suoraan tai etsivään nuorisotyöhön.",
        "Verkstaden är för unga under 29 år.",
    ),
    (
        "ohjaamo",
        "tyollisyys",
        ["P10.1", "P6"],
        ["KR1.2"],
        ["KE9", "KE7"],
        ["p50"],
        ("Ohjaamo, {kunta}", "Navigatorn, {kunta}", "Ohjaamo youth guidance centre, {kunta}"),
        "Maksutonta neuvontaa alle 30-vuotiaille työstä, opiskelusta ja arjesta.",
        "Ohjaamosta saat ilman ajanvarausta apua työnhakuun, opiskelupaikan hakuun, asumiseen ja raha-asioihin.",
        "Tule käymään ilman ajanvarausta tai soita.",
        "Navigatorn ger råd till unga under 30 år.",
    ),
    (
        "etsiva-nuorisotyo",
        "kunta",
        ["P5", "P6"],
        ["KR1.2"],
        ["KE9"],
        ["p50"],
        (
            "Etsivä nuorisotyö, {kunta}",
            "Uppsökande ungdomsarbete, {kunta}",
            "Outreach youth work, {kunta}",
        ),
        "Tukea nuorelle, joka on koulutuksen tai työn ulkopuolella.",
        "Etsivä nuorisotyöntekijä tapaa nuoren ja auttaa löytämään palvelut, joita hän tarvitsee, esimerkiksi opiskelupaikan, työpajan tai terveyspalvelut.",
        "Nuori itse, vanhempi tai ammattilainen voi ottaa yhteyttä.",
        "",
    ),
    (
        "kotoutuminen",
        "tyollisyys",
        ["P10.1", "P6"],
        ["KR1.6"],
        ["KE7", "KE4"],
        ["p10"],
        (
            "Kotoutumisen palvelut, {kunta}",
            "Integrationstjänster, {kunta}",
            "Integration services, {kunta}",
        ),
        "Kotoutumissuunnitelma, suomen kielen opinnot ja ohjaus maahan muuttaneelle.",
        "Kotoutumisen palveluissa tehdään alkukartoitus ja kotoutumissuunnitelma ja ohjataan kielikoulutukseen ja työhön.",
        "Varaa aika kotoutumisen palveluihin.",
        "Integrationsplan och språkstudier för invandrare.",
    ),
    (
        "vuokra-asunnot",
        "kunta",
        ["P1"],
        ["KR1"],
        ["KE4"],
        ["p40"],
        ("Kaupungin vuokra-asunnot, {kunta}", "Hyresbostäder, {kunta}", "Rental flats, {kunta}"),
        "Kohtuuhintaisia vuokra-asuntoja kunnan asuntoyhtiöltä.",
        "Vuokra-asuntoa haetaan hakemuksella, joka on voimassa kolme kuukautta. Asukasvalinnassa huomioidaan asunnon tarve, varallisuus ja tulot.",
        "Täytä asuntohakemus verkossa.",
        "",
    ),
    (
        "soveltava-liikunta",
        "kunta",
        ["P4"],
        ["KR1.7"],
        ["KE8"],
        ["p20"],
        (
            "Soveltava liikunta, {kunta}",
            "Anpassad motion, {kunta}",
            "Adapted physical activity, {kunta}",
        ),
        "Ohjattuja liikuntaryhmiä pitkäaikaissairaille ja toimintarajoitteisille.",
        "Soveltavan liikunnan ryhmissä liikutaan omaan tahtiin ohjaajan kanssa: vesijumppa, kuntosali ja tuolijumppa.",
        "Ilmoittaudu liikuntapalveluihin.",
        "",
    ),
    (
        "kansalaisopisto",
        "kunta",
        ["P6"],
        ["KR1"],
        ["KE9"],
        ["p10"],
        (
            "Kansalaisopiston kurssit, {kunta}",
            "Medborgarinstitutets kurser, {kunta}",
            "Adult education courses, {kunta}",
        ),
        "Kursseja kielistä, digitaidoista ja käsitöistä aikuisille.",
        "Kansalaisopiston kursseilla voi vahvistaa osaamista ja arjen taitoja. Työttömille työnhakijoille on alennuksia kurssimaksuista.",
        "Ilmoittaudu kursseille verkossa.",
        "",
    ),
    (
        "digituki",
        "kunta",
        ["P6", "P5"],
        ["KR1"],
        [],
        ["p40"],
        ("Digituki, {kunta}", "Digistöd, {kunta}", "Digital support, {kunta}"),
        "Apua verkkoasiointiin, pankkitunnuksiin ja älypuhelimen käyttöön.",
        "Digituessa opastetaan kädestä pitäen sähköisessä asioinnissa, esimerkiksi Kelan ja työllisyyspalvelujen verkkoasioinnissa.",
        "Tule kirjaston digitukeen ilman ajanvarausta.",
        "",
    ),
]
REGIONAL = [
    (
        "aikuissosiaalityo",
        ["P5"],
        ["KR1"],
        ["KE10", "KE7"],
        ["p40"],
        ("Aikuissosiaalityö", "Socialt arbete för vuxna", "Social work for adults"),
        "Sosiaalityöntekijän tukea elämän vaikeissa tilanteissa.",
        "Aikuissosiaalityössä sosiaalityöntekijä tai -ohjaaja auttaa, kun arki, raha-asiat, asuminen tai työttömyys kuormittavat. Yhdessä tehdään suunnitelma ja ohjataan palveluihin.",
        "Ota yhteyttä sosiaalipalvelujen neuvontaan.",
        "Socialarbetaren hjälper när vardagen eller ekonomin är svår.",
    ),
    (
        "taydentava-toimeentulotuki",
        ["P5.2"],
        ["KR1"],
        ["KE10"],
        ["p40"],
        (
            "Täydentävä ja ehkäisevä toimeentulotuki",
            "Kompletterande och förebyggande utkomststöd",
            "Supplementary and preventive social assistance",
        ),
        "Rahallista tukea erityisiin menoihin, joita perustoimeentulotuki ei kata.",
        "Täydentävää toimeentulotukea voi saada esimerkiksi suuriin lääkekuluihin tai muuttokuluihin. Ehkäisevällä toimeentulotuella tuetaan selviytymistä esimerkiksi äkillisen talousvaikeuden jälkeen.",
        "Hae ensin perustoimeentulotukea Kelasta; täydentävää tukea haetaan hyvinvointialueelta.",
        "Kompletterande utkomststöd söks hos välfärdsområdet.",
    ),
    (
        "mielenterveys-matala",
        ["P4.7"],
        ["KR1"],
        ["KE8"],
        ["p30"],
        (
            "Mielenterveyden matalan kynnyksen vastaanotto",
            "Lågtröskelmottagning för mental hälsa",
            "Low-threshold mental health clinic",
        ),
        "Keskusteluapua ahdistukseen, masennukseen ja uupumukseen ilman lähetettä.",
        "Matalan kynnyksen vastaanotolle voi tulla ilman lähetettä, kun mieliala on matala, jaksaminen on koetuksella tai elämäntilanne kuormittaa. Vastaanotolla arvioidaan tuen tarve.",
        "Soita ajanvaraukseen tai tule päivystysaikana.",
        "Ingen remiss behövs.",
    ),
    (
        "paihdepalvelut",
        ["P4.8"],
        ["KR1"],
        ["KE8"],
        ["p30"],
        (
            "Päihde- ja riippuvuuspalvelut",
            "Missbruks- och beroendetjänster",
            "Substance abuse and addiction services",
        ),
        "Apua alkoholin, huumeiden, lääkkeiden tai pelaamisen aiheuttamiin ongelmiin.",
        "Päihdepalveluissa saat avohoitoa, vieroitushoitoa ja tukea läheisille. Palvelu on luottamuksellista.",
        "Soita päihdepalvelujen ajanvaraukseen.",
        "",
    ),
    (
        "terveysasema",
        ["P4"],
        ["KR1"],
        ["KE8"],
        [],
        ("Terveysaseman vastaanotto", "Hälsostationens mottagning", "Health centre appointments"),
        "Lääkärin ja hoitajan vastaanotto, myös sairauslomat ja lääkärinlausunnot.",
        "Terveysasemalla hoidetaan sairaudet ja tehdään tarvittavat lausunnot, esimerkiksi B-lausunto Kelalle sairauspäivärahaa tai kuntoutusta varten.",
        "Soita terveysasemalle tai tee yhteydenottopyyntö verkossa.",
        "Mottagning hos läkare och skötare.",
    ),
    (
        "kuntoutusohjaus",
        ["P10.3", "P4"],
        ["KR1.7"],
        ["KE8"],
        ["p20"],
        ("Kuntoutusohjaus", "Rehabiliteringshandledning", "Rehabilitation counselling"),
        "Ohjausta kuntoutuksen suunnitteluun, hakemiseen ja työhön paluuseen.",
        "Kuntoutusohjaaja auttaa selvittämään, millainen kuntoutus sopii ja miten sitä haetaan Kelasta, työeläkelaitokselta tai hyvinvointialueelta.",
        "Pyydä lähete terveysasemalta tai ota suoraan yhteyttä.",
        "",
    ),
    (
        "tyokykykoordinaattori",
        ["P10.3"],
        ["KR1.4", "KR1.7"],
        ["KE7", "KE8"],
        ["p20", "p10"],
        ("Työkykykoordinaattori", "Arbetsförmågekoordinator", "Work ability coordinator"),
        "Tukea osatyökykyiselle työkyvyn selvittämiseen ja palveluiden yhteensovittamiseen.",
        "Työkykykoordinaattori kokoaa työkyvyn arvion, kuntoutuksen ja työllisyyspalvelut yhdeksi poluksi ja pitää yhteyttä eri toimijoihin.",
        "Ohjaus työkykykoordinaattorille tulee terveysasemalta, sosiaalityöstä tai työllisyyspalveluista.",
        "",
    ),
    (
        "fysioterapia",
        ["P4"],
        ["KR1"],
        ["KE8"],
        ["p20"],
        ("Fysioterapia", "Fysioterapi", "Physiotherapy"),
        "Fysioterapeutin arvio ja ohjaus tuki- ja liikuntaelinvaivoihin.",
        "Fysioterapeutille pääsee ilman lääkärin lähetettä selkä-, niska- ja nivelvaivoissa.",
        "Soita fysioterapian ajanvaraukseen.",
        "",
    ),
    (
        "vammaispalvelut",
        ["P5.5"],
        ["KR1.7"],
        ["KE8"],
        [],
        ("Vammaispalvelut", "Handikappservice", "Disability services"),
        "Palveluita ja tukitoimia vammaiselle henkilölle.",
        "Vammaispalveluista haetaan esimerkiksi kuljetuspalvelua, henkilökohtaista apua ja asunnon muutostöitä.",
        "Hae palvelua kirjallisesti tai ota yhteyttä vammaispalvelujen sosiaalityöhön.",
        "",
    ),
    (
        "talous-ja-velkaneuvonta-ohjaus",
        ["P5.2"],
        ["KR1"],
        ["KE10"],
        ["p40"],
        ("Sosiaalinen luototus", "Social kreditgivning", "Social credit"),
        "Pienlaina velkojen järjestelyyn, kun pankkilainaa ei saa.",
        "Sosiaalinen luototus on pienituloiselle tarkoitettu kohtuukorkoinen laina esimerkiksi velkojen yhdistämiseen. Lainan kanssa tehdään talouden suunnitelma.",
        "Varaa aika sosiaalisen luototuksen neuvontaan.",
        "",
    ),
    (
        "sosiaalipaivystys",
        ["P5"],
        ["KR1"],
        ["KE10"],
        [],
        ("Sosiaalipäivystys", "Socialjour", "Social emergency services"),
        "Kiireellistä sosiaalityön apua vuorokauden ympäri.",
        "Sosiaalipäivystys auttaa äkillisissä kriiseissä, kuten väkivalta- tai asunnottomuustilanteissa, myös iltaisin ja viikonloppuisin.",
        "Soita hätänumeroon 112 tai sosiaalipäivystykseen.",
        "Socialjouren hjälper dygnet runt.",
    ),
    (
        "ohjaus-ja-neuvonta",
        ["P5"],
        ["KR1"],
        ["KE10", "KE8"],
        [],
        (
            "Sosiaali- ja terveyspalvelujen neuvonta",
            "Rådgivning inom social- och hälsovården",
            "Health and social services advice line",
        ),
        "Neuvontaa siitä, mistä palvelusta saat apua.",
        "Neuvonnassa kerrotaan hyvinvointialueen palveluista ja ohjataan oikeaan paikkaan.",
        "Soita neuvontaan arkisin.",
        "",
    ),
]
NGO = [
    (
        "vertaisryhmat",
        "ry",
        ["P11", "P4.7"],
        ["KR1"],
        ["KE8"],
        ["p30"],
        (
            "Vertaistukiryhmät mielenterveyskuntoutujille",
            "Kamratstödsgrupper",
            "Peer support groups",
        ),
        "Vertaistukea ja yhteistä tekemistä mielenterveyden kanssa eläville.",
        "Yhdistyksen vertaisryhmissä jaetaan kokemuksia ja tehdään yhdessä: keskusteluryhmät, liikunta ja retket. Ryhmät ovat maksuttomia.",
        "Tule mukaan ilman ilmoittautumista.",
        "",
    ),
    (
        "kriisikeskus",
        "ry",
        ["P11", "P4.7"],
        ["KR1"],
        ["KE8", "KE10"],
        ["p30"],
        ("Kriisikeskuksen keskusteluapu", "Kriscentrets samtalshjälp", "Crisis centre support"),
        "Lyhytkestoista keskusteluapua elämän kriiseihin.",
        "Kriisityöntekijän kanssa voi käydä 1–5 maksutonta keskustelua esimerkiksi eron, menetyksen tai työpaikan menettämisen jälkeen.",
        "Varaa aika puhelimitse.",
        "",
    ),
    (
        "tyopaja-yhdistys",
        "setlementti",
        ["P10.1", "P11"],
        ["KR1.4"],
        ["KE7"],
        ["p10"],
        ("Yhdistyksen työpaja", "Föreningens verkstad", "Association workshop"),
        "Työtoimintaa ja palkkatukityötä kierrätyskeskuksessa.",
        "Kierrätyskeskuksessa voi tehdä kuntouttavaa työtoimintaa, työkokeilua tai palkkatuettua työtä. Tehtäviä on myymälässä, korjaamossa ja kuljetuksissa.",
        "Ota yhteyttä pajaohjaajaan tai omaan työllisyysasiantuntijaan.",
        "",
    ),
    (
        "ruoka-apu",
        "setlementti",
        ["P11", "P5.2"],
        ["KR1"],
        ["KE10"],
        ["p40"],
        (
            "Ruoka-apu ja yhteisöateriat",
            "Mathjälp och gemensamma måltider",
            "Food aid and community meals",
        ),
        "Maksutonta ruoka-apua ja edullisia aterioita.",
        "Ruoka-apua jaetaan viikoittain ilman tulorajoja. Yhteisöateria on tarjolla arkisin edulliseen hintaan.",
        "Tule jakopaikalle jakoaikana.",
        "",
    ),
]

# Services for the whole country: (key, organization, areaType, then as above). Sample texts
# of real national services (no phone numbers, no amounts); written to the list with
# includeWholeCountry=true of the area's first municipality.
NATIONWIDE = [
    (
        "kela-sairauspaivaraha",
        "kela",
        "Nationwide",
        ["P5.2", "P4"],
        ["KR1", "KR1.7"],
        ["KE8"],
        ["p40"],
        ("Sairauspäiväraha", "Sjukdagpenning", "Sickness allowance"),
        "Kelan sairauspäiväraha korvaa sairauden aiheuttamaa ansionmenetystä.",
        "Sairauspäivärahaa maksetaan, kun sairaus estää tekemästä omaa työtä. Kela maksaa sitä omavastuuajan jälkeen.",
        "Hae sairauspäivärahaa Kelan asiointipalvelussa tai lomakkeella. Liitä hakemukseen lääkärintodistus.",
        "Sjukdagpenning ersätter inkomstbortfall under sjukdom.",
    ),
    (
        "kela-kuntoutusraha",
        "kela",
        "Nationwide",
        ["P10.3", "P5.2"],
        ["KR1", "KR1.7"],
        ["KE8"],
        ["p20", "p40"],
        ("Kuntoutusraha", "Rehabiliteringspenning", "Rehabilitation allowance"),
        "Kelan kuntoutusraha turvaa toimeentuloa kuntoutuksen aikana.",
        "Kuntoutusrahaa voi saada, kun osallistuu kuntoutukseen, joka parantaa mahdollisuuksia pysyä työelämässä tai palata sinne. 16–19-vuotiaille on oma nuoren kuntoutusraha.",
        "Hae kuntoutusrahaa Kelan asiointipalvelussa tai lomakkeella.",
        "",
    ),
    (
        "kela-ammatillinen-kuntoutus",
        "kela",
        "Nationwide",
        ["P10.3"],
        ["KR1.7", "KR1.4"],
        ["KE8", "KE7"],
        ["p20", "p10"],
        (
            "Kelan ammatillinen kuntoutus",
            "FPA:s yrkesinriktade rehabilitering",
            "Kela's vocational rehabilitation",
        ),
        "Ammatillinen kuntoutus tukee työssä jatkamista, työhön paluuta ja työelämään pääsyä, kun sairaus heikentää työkykyä.",
        "Kela järjestää esimerkiksi työkokeiluja, työhönvalmennusta ja koulutusta. Kuntoutuksen ajalta voi saada kuntoutusrahaa.",
        "Hae Kelan asiointipalvelussa tai lomakkeella ja liitä hakemukseen lääkärinlausunto.",
        "",
    ),
    (
        "kela-perustoimeentulotuki",
        "kela",
        "NationwideExceptAlandIslands",
        ["P5.2"],
        ["KR1"],
        ["KE10"],
        ["p40"],
        ("Perustoimeentulotuki", "Grundläggande utkomststöd", "Basic social assistance"),
        "Viimesijainen taloudellinen tuki, kun tulot ja varat eivät riitä välttämättömiin menoihin.",
        "Kela myöntää perustoimeentulotuen välttämättömiin menoihin, kuten ruokaan, asumiseen ja lääkkeisiin.",
        "Hae ensin muita etuuksia, joihin voit olla oikeutettu, ja perustoimeentulotukea sitten Kelan asiointipalvelussa.",
        "",
    ),
    (
        "mieli-kriisipuhelin",
        "mieli",
        "Nationwide",
        ["P4.7", "P11"],
        ["KR1"],
        ["KE8"],
        ["p30"],
        ("Kriisipuhelin", "Kristelefon", "Crisis helpline"),
        "Keskusteluapua kriisissä oleville ja heidän läheisilleen puhelimessa.",
        "MIELI ry:n Kriisipuhelimeen voi soittaa nimettömänä, kun oma tai läheisen elämäntilanne tuntuu vaikealta. Päivystäjät ovat koulutettuja ammattilaisia ja vapaaehtoisia.",
        "Soita Kriisipuhelimeen; numero ja päivystysajat ovat MIELI ry:n verkkosivuilla.",
        "Samtalshjälp i kris per telefon, också på svenska.",
    ),
    (
        "takuusaatio-velkalinja",
        "takuusaatio",
        "Nationwide",
        ["P5.2"],
        ["KR1"],
        ["KE10"],
        ["p40"],
        ("Velkalinja", "", ""),
        "Maksutonta neuvontaa velka- ja raha-asioissa puhelimessa ja chatissa.",
        "Takuusäätiön Velkalinja neuvoo nimettömästi, kun laskut, velat tai maksuhäiriö huolestuttavat, ja kertoo, mistä saa apua omalla paikkakunnalla.",
        "Soita Velkalinjaan tai avaa chat Takuusäätiön verkkosivuilla.",
        "",
    ),
]


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _texts(kind: str, fi: str, sv: str = "", en: str = "") -> list[dict]:
    return [
        {"type": kind, "language": language, "value": value}
        for language, value in (("fi", fi), ("sv", sv), ("en", en))
        if value
    ]


def _finto(scheme_uri: str, codes: list[str], table: dict, *, with_code: bool = True) -> list[dict]:
    items = []
    for code in codes:
        fi, sv, en = table[code]
        item = {
            "name": [
                {"language": "fi", "value": fi},
                {"language": "sv", "value": sv},
                {"language": "en", "value": en},
            ],
            "code": code if with_code else None,
            "ontologyType": scheme_uri.split(":")[-1] if with_code else "YSO",
            "uri": (
                f"http://urn.fi/URN:NBN:fi:au:{scheme_uri}:{code}"
                if with_code
                else f"http://www.yso.fi/onto/yso/{code}"
            ),
            "parentId": None,
            "parentUri": None,
        }
        items.append(item)
    return items


def _area(codes: list[str]) -> list[dict]:
    return [
        {
            "type": "Municipality",
            "code": code,
            "name": [{"language": "fi", "value": MUNICIPALITIES.get(code, code)}],
            "municipalities": [
                {
                    "code": code,
                    "name": [{"language": "fi", "value": MUNICIPALITIES.get(code, code)}],
                }
            ],
        }
        for code in codes
    ]


def _org_link(org_id: str, name: str) -> list[dict]:
    return [
        {
            "roleType": "Responsible",
            "provisionType": None,
            "organization": {"id": org_id, "name": name},
        }
    ]


def _service(
    sid: str,
    org_id: str,
    org_name: str,
    template: tuple,
    kunta: str,
    codes: list[str],
    channel_ids: list[str],
    modified: dt.datetime,
) -> dict:
    classes, groups, events, onto, names, summary, description, instruction, sv_text = template
    fill = {"kunta": kunta}
    names_fi, names_sv, names_en = (n.format(**fill) if n else "" for n in names)
    return {
        "id": sid,
        "sourceId": None,
        "type": "Service",
        "subType": None,
        "generalDescriptionId": None,
        "fundingType": "PubliclyFunded",
        "serviceNames": _names(names_fi, names_sv, names_en),
        "serviceChargeType": "FreeOfCharge",
        "areaType": "LimitedType",
        "areas": _area(codes),
        "languages": ["fi", "sv"] if sv_text else ["fi"],
        "serviceDescriptions": _texts("Summary", summary)
        + _texts("Description", description, sv_text)
        + _texts("UserInstruction", instruction),
        "serviceClasses": _finto("ptvl", classes, SERVICE_CLASSES),
        "ontologyTerms": _finto("yso", onto, ONTOLOGY, with_code=False),
        "targetGroups": _finto("ptvl", groups, TARGET_GROUPS),
        "lifeEvents": _finto("ptvl", events, LIFE_EVENTS),
        "industrialClasses": [],
        "legislation": [],
        "keywords": [],
        "requirements": [],
        "serviceChannels": [
            {
                "serviceChannel": {"id": cid, "name": ""},
                "description": [],
                "serviceHours": [],
                "contactDetails": None,
            }
            for cid in channel_ids
        ],
        "organizations": _org_link(org_id, org_name),
        "serviceCollections": [],
        "publishingStatus": "Published",
        "modified": modified.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }


def _organization(oid: str, name: str, kind: str, code: str, municipality: str) -> dict:
    return {
        "id": oid,
        "parentOrganizationId": None,
        "organizationType": kind,
        "businessCode": code,
        "businessName": name,
        "organizationNames": [{"type": "Name", "language": "fi", "value": name}],
        "displayNameType": [{"type": "Name", "language": "fi"}],
        "areaType": "LimitedType" if municipality else "Nationwide",
        "areas": _area([municipality]) if municipality else [],
        "organizationDescriptions": [],
        "emails": [{"value": f"neuvonta@{_domain(name)}", "language": "fi"}],
        "phoneNumbers": [],
        "webPages": [
            {
                "url": f"https://www.{_domain(name)}",
                "value": name,
                "language": "fi",
                "orderNumber": "1",
            }
        ],
        "addresses": [],
        "publishingStatus": "Published",
        "modified": MODIFIED.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }


def _domain(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans("äöå", "aoa"))
    return ascii_name.split()[0] + ".example.fi"


def _channel_name(org_name: str, what: str, kunta: str) -> str:
    """ "Seinäjoen kaupunki, palvelupiste"; an organisation serving several municipalities
    names the place: "Etelä-Pohjanmaan hyvinvointialue, palvelupiste Alavus"."""
    if org_name.startswith(GENITIVES.get(kunta, kunta)):
        return f"{org_name}, {what}"
    return f"{org_name}, {what} {kunta}"


def _channels(org_key: str, org_id: str, org_name: str, code: str) -> list[dict]:
    """A service location with opening hours and a phone service in the municipality."""
    kunta = MUNICIPALITIES.get(code, code)
    number = int(uuid.UUID(_id("phone", org_key, code)).int % 900000) + 100000
    location = {
        "id": _id("channel", "location", org_key, code),
        "serviceChannelType": "ServiceLocation",
        "organizationId": org_id,
        "serviceChannelNames": [
            {
                "type": "Name",
                "language": "fi",
                "value": _channel_name(org_name, "palvelupiste", kunta),
            }
        ],
        "serviceChannelDescriptions": [
            {"type": "Description", "language": "fi", "value": f"Asiointi paikan päällä, {kunta}."}
        ],
        "areaType": "LimitedType",
        "areas": _area([code]),
        "phoneNumbers": [
            {
                "prefixNumber": "+358",
                "number": f"6{number}",
                "isFinnishServiceNumber": False,
                "serviceChargeType": "Chargeable",
                "chargeDescription": None,
                "additionalInformation": "Neuvonta",
                "language": "fi",
            }
        ],
        "emails": [{"value": f"{org_key}.{code}@example.fi", "language": "fi"}],
        "webPages": [],
        "addresses": [
            {
                "type": "Location",
                "subType": "Single",
                "country": "FI",
                "streetAddress": {
                    "street": [{"language": "fi", "value": "Keskuskatu"}],
                    "streetNumber": str(number % 60 + 1),
                    "postalCode": POSTAL_CODES.get(code, "60100"),
                    "postOffice": [{"language": "fi", "value": kunta.upper()}],
                    "municipality": {"code": code, "name": [{"language": "fi", "value": kunta}]},
                    "latitude": None,
                    "longitude": None,
                },
            }
        ],
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "validFrom": None,
                "validTo": None,
                "isClosed": False,
                "validForNow": True,
                "isAlwaysOpen": False,
                "isReservation": False,
                "additionalInformation": [],
                "openingHour": [
                    {
                        "dayFrom": "Monday",
                        "dayTo": "Thursday",
                        "from": "08:00:00",
                        "to": "16:00:00",
                        "isExtra": False,
                    },
                    {
                        "dayFrom": "Friday",
                        "dayTo": None,
                        "from": "08:00:00",
                        "to": "14:00:00",
                        "isExtra": False,
                    },
                ],
            }
        ],
        "languages": ["fi"],
        "services": [],
        "publishingStatus": "Published",
        "modified": MODIFIED.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    phone = {
        "id": _id("channel", "phone", org_key, code),
        "serviceChannelType": "Phone",
        "organizationId": org_id,
        "serviceChannelNames": [
            {
                "type": "Name",
                "language": "fi",
                "value": _channel_name(org_name, "puhelinneuvonta", kunta),
            }
        ],
        "serviceChannelDescriptions": [],
        "areaType": "LimitedType",
        "areas": _area([code]),
        "phoneNumbers": [
            {
                "prefixNumber": "+358",
                "number": f"6{number + 1}",
                "isFinnishServiceNumber": False,
                "serviceChargeType": "Chargeable",
                "chargeDescription": None,
                "additionalInformation": None,
                "language": "fi",
            }
        ],
        "emails": [],
        "webPages": [],
        "addresses": [],
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "validFrom": None,
                "validTo": None,
                "isClosed": False,
                "validForNow": True,
                "isAlwaysOpen": False,
                "isReservation": False,
                "additionalInformation": [],
                "openingHour": [
                    {
                        "dayFrom": "Monday",
                        "dayTo": "Friday",
                        "from": "09:00:00",
                        "to": "15:00:00",
                        "isExtra": False,
                    }
                ],
            }
        ],
        "languages": ["fi"],
        "services": [],
        "publishingStatus": "Published",
        "modified": MODIFIED.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    return [location, phone]


def build(municipalities: tuple[str, ...] = DEMO_AREA, copies: int = 1) -> dict:
    """Everything the saved folder holds: {"services": {code: [items]}, "nationwide": [items],
    "channels": [...], "organizations": [...]}. `copies` > 1 repeats the municipal services (numbered) for the
    benchmark's large sets."""
    organizations: dict[str, dict] = {}
    channels: dict[str, dict] = {}
    by_municipality: dict[str, list[dict]] = {code: [] for code in municipalities}

    def org(key: str, code: str) -> tuple[str, str]:
        if key == "kunta":
            name, kind, business, home = MUNICIPALITY_ORGS[code], "Municipality", "", code
            key = f"kunta-{code}"
        else:
            name, kind, business, home = ORGANIZATIONS[key]
        oid = _id("organization", key)
        organizations.setdefault(oid, _organization(oid, name, kind, business, home))
        return oid, name

    def channels_for(key: str, oid: str, name: str, code: str) -> list[str]:
        found = _channels(key, oid, name, code)
        for channel in found:
            channels.setdefault(channel["id"], channel)
        return [c["id"] for c in found]

    for code in municipalities:
        kunta = MUNICIPALITIES.get(code, code)
        for copy in range(copies):
            for key, owner, *template in MUNICIPAL:
                oid, name = org(owner, code)
                sid = _id("service", key, code, copy)
                item = _service(
                    sid,
                    oid,
                    name,
                    tuple(template),
                    kunta if copy == 0 else f"{kunta} {copy + 1}",
                    [code],
                    channels_for(owner, oid, name, code),
                    MODIFIED,
                )
                by_municipality[code].append(item)
    oid, name = org("hva", "")
    for copy in range(max(1, copies // 4)):
        for key, *template in REGIONAL:
            sid = _id("service", "regional", key, copy)
            channel_ids = [
                cid for code in municipalities[:5] for cid in channels_for("hva", oid, name, code)
            ]
            item = _service(
                sid, oid, name, tuple(template), "", list(municipalities), channel_ids, MODIFIED
            )
            if copy:
                for entry in item["serviceNames"]:
                    entry["value"] += f" ({copy + 1})"
            for code in municipalities:
                by_municipality[code].append(item)
        for key, owner, *template in NGO:
            noid, nname = org(owner, "")
            sid = _id("service", "ngo", key, copy)
            codes = list(municipalities[:3])
            channel_ids = channels_for(owner, noid, nname, municipalities[0])
            item = _service(sid, noid, nname, tuple(template), "", codes, channel_ids, MODIFIED)
            if copy:
                for entry in item["serviceNames"]:
                    entry["value"] += f" ({copy + 1})"
            for code in codes:
                by_municipality[code].append(item)
    nationwide = []
    for key, owner, area_type, *template in NATIONWIDE:
        noid, nname = org(owner, "")
        item = _service(
            _id("service", "nationwide", key), noid, nname, tuple(template), "", [], [], MODIFIED
        )
        item["areaType"] = area_type
        nationwide.append(item)
    return {
        "services": by_municipality,
        "nationwide": nationwide,
        "channels": list(channels.values()),
        "organizations": list(organizations.values()),
    }


def _dump(path: Path, data: object, compress: bool) -> None:
    """One saved response; gzip-compressed (`.json.gz`, no timestamp: the same bytes every
    time) when `compress`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    if compress:
        with (
            path.with_name(path.name + ".gz").open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle,
        ):
            handle.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")


def write(
    directory: Path,
    municipalities: tuple[str, ...] = DEMO_AREA,
    copies: int = 1,
    *,
    compress: bool = True,
) -> int:
    """Write the saved responses into `directory` (emptied first); the number of distinct
    services."""
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    data = build(municipalities, copies)
    distinct: dict[str, dict] = {}
    for code, items in data["services"].items():
        _pages(directory, code, "false", items, compress)
        # The list with the whole country's services (the sync asks it once a run, for the
        # area's first municipality; written for each, as the API answers for each).
        _pages(directory, code, "true", data["nationwide"] + items, compress)
        distinct.update((i["id"], i) for i in items)
    distinct.update((i["id"], i) for i in data["nationwide"])
    for item in distinct.values():
        _dump(directory / f"Service/{item['id']}.json", item, compress)
    for item in data["channels"]:
        _dump(directory / f"ServiceChannel/{item['id']}.json", item, compress)
    for item in data["organizations"]:
        _dump(directory / f"Organization/{item['id']}.json", item, compress)
    return len(distinct)


def _pages(directory: Path, code: str, whole: str, items: list[dict], compress: bool) -> None:
    """A municipality's list, page by page: the whole items (V11VmOpenApiServicesWithPaging)
    and the guid pages of the date-filtered list (V3VmOpenApiGuidPage)."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    for number in range(1, pages + 1):
        chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        query = f"{code}/includeWholeCountry={whole}&page={number}.json"
        paging = {"pageNumber": number, "pageSize": PAGE_SIZE, "pageCount": pages}
        _dump(
            directory / f"Service/list/area/Municipality/code/{query}",
            {**paging, "itemList": chunk},
            compress,
        )
        _dump(
            directory / f"Service/area/Municipality/code/{query}",
            {**paging, "itemList": [_guid_item(i) for i in chunk]},
            compress,
        )


def _guid_item(service: dict) -> dict:
    """A guid page's item (VmOpenApiItem): the id and the Finnish name."""
    name = next((n["value"] for n in service["serviceNames"] if n["language"] == "fi"), "")
    return {"id": service["id"], "name": name}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO_DIR
    print(f"{write(target)} services written to {target}")
