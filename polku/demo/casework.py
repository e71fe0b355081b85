"""Synthetic casework for the demo region: holistic assessments, plans towards work, network
meetings with their agreements and next contacts, and warm handovers — in realistic states,
so that the worklists and the alert scan show something real.

Built after the base region (polku.demo.generator) with bulk_create only: no services, no
audit events. Deterministic for a given seed and `now`. Idempotent: only active clients that
have no meeting, no plan and no assessment yet get casework.

The states it aims at (of the active clients):

* ~10% have no future next contact (new clients waiting for their first joint meeting, and
  clients whose last next contact is past: done or forgotten);
* ~15% have an overdue open agreement;
* ~10% of the open plan steps are past their date; the others are ahead (see LATE_DAYS);
* every closed meeting has 1–4 agreements and a next contact;
* a few handovers are proposed (some pending more than 14 days) or were declined. None is
  accepted here: an accepted handover needs a matching coordinator history, and the
  database keeps exactly one active coordinator per active client — polku.demo.builders.handover
  makes the accepted ones afterwards through the product's own transfer of the seat.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from polku.accounts.models import Profession, User
from polku.assessment.models import Assessment, Domain, DomainAssessment
from polku.clients.models import Client, ClientStatus, NetworkMember, NetworkRole
from polku.core.channels import ContactChannel
from polku.demo.dates import working_day
from polku.handover.models import Handover, HandoverStatus
from polku.meetings.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    NextContact,
)
from polku.plans.models import OPEN_STEP_STATUSES, Goal, GoalStatus, Plan, Step, StepStatus
from polku.referrals.working_days import is_working_day

P = Profession

# --- Shares (of active clients) --------------------------------------------------------------

NEW_CLIENT_DAYS = 21  # created this recently: the first joint meeting is still ahead
UNCOVERED_SHARE = 0.03  # older active clients whose first joint meeting was cancelled
DROPPED_SHARE = 0.06  # last next contact in the past (done or forgotten)
OVERDUE_SHARE = 0.15  # an open agreement past its date
# Coordinators keep plans current: an open step whose date has passed was given a new one,
# and only a few open steps are late, by days or a few weeks. Nothing open in the demo is
# late by more than LATE_DAYS (agreements, forgotten next contacts and plan steps alike).
LATE_STEP_EVERY = 10  # one open step in ten (counted, so small regions get their share too)
LATE_DAYS = 35
PLAN_SHARE = 0.88
ASSESSMENT_SHARE = 0.9
PLANNED_MEETING_SHARE = 0.3
# Seed 001: in the municipalities' projects a work-ability coordinator, a nurse or a social
# worker makes the first contact (phone or in person, just the worker and the client); the
# network call with the Kela expert follows. This share of their clients starts so.
FIRST_CONTACT_SHARE = 0.6
FIRST_CONTACT_PROFESSIONS = frozenset({P.WORK_ABILITY_COORDINATOR, P.NURSE, P.SOCIAL_WORKER})
# Self-rated work ability over the year, of the clients assessed: most stable; a drop of two
# points or more (an early warning) for about one in ten, as is a persistently low rating.
# With the health domain, long sickness absence and low ratings, about a third of a
# coordinator's clients then raise an early warning (polku.assessment.early_warnings), not
# over half as before (a demo walk: 45 of 74 clients on one worklist).
TREND_WEIGHTS = (62, 10, 12, 16)  # stable, declining, low, improving
HANDOVER_SHARE = 0.025
DECLINED_HANDOVER_SHARE = 0.01

# --- Texts (Finnish: the demo language) ------------------------------------------------------

# Domain → (client's view, professional's view) for statuses 1–4.
VIEWS: dict[str, tuple[tuple[str, str], ...]] = {
    Domain.HEALTH_FUNCTIONING: (
        ("Selkä on niin kipeä, etten jaksa juuri mitään.", "Kipu rajoittaa arkea; hoito puuttuu."),
        ("Uni on huonoa ja väsyttää koko ajan.", "Uupumusta; terveystarkastus tarpeen."),
        ("Terveys on ihan ok, välillä flunssaa.", "Ei akuutteja terveyshuolia."),
        ("Liikun paljon ja voin hyvin.", "Hyvä fyysinen ja psyykkinen kunto."),
    ),
    Domain.WORK_ABILITY: (
        ("En usko pystyväni töihin nyt.", "Työkyky selvitettävä ennen työllistymispalveluja."),
        ("Osa-aikatyö voisi onnistua.", "Osatyökykyinen; työkokeilu harkittavissa."),
        ("Pystyn kevyeen työhön.", "Työkyky riittää useimpiin tehtäviin."),
        ("Olen valmis töihin vaikka heti.", "Täysi työkyky."),
    ),
    Domain.SKILLS_EDUCATION: (
        ("Peruskoulu jäi kesken.", "Ei toisen asteen tutkintoa; lukivaikeus."),
        ("Kurssit ovat vanhentuneet.", "Osaaminen päivitettävä; täydennyskoulutus."),
        ("Minulla on merkonomin tutkinto.", "Ammatillinen tutkinto; hyödynnettävissä."),
        ("Opin nopeasti uusia asioita.", "Vahva osaaminen ja oppimiskyky."),
    ),
    Domain.WORK_HISTORY: (
        ("En ole koskaan ollut kunnolla töissä.", "Ei työhistoriaa; pitkä työttömyys."),
        ("Pätkätöitä siellä täällä.", "Katkonainen työhistoria, pitkiä taukoja."),
        ("Olin kymmenen vuotta kaupassa.", "Vakaa työhistoria yhdellä alalla."),
        ("Minulla on monipuolinen työkokemus.", "Pitkä ja monipuolinen työura."),
    ),
    Domain.INCOME_BENEFITS: (
        ("Rahat eivät riitä ruokaan.", "Etuushakemuksia vireillä; toimeentulo katkolla."),
        ("Kelan päätös on vielä kesken.", "Päätös odottaa lisäselvitystä."),
        ("Pärjään yleistuella.", "Toimeentulo turvattu."),
        ("Talous on kunnossa.", "Ei taloudellisia huolia."),
    ),
    Domain.HOUSING: (
        ("Asun kaverin sohvalla.", "Asunnoton; asumisneuvonta kiireellisesti."),
        ("Vuokra on liian kallis.", "Vuokrarästejä; häätöuhka selvitettävä."),
        ("Asunto on ihan hyvä.", "Asuminen vakaata."),
        ("Viihdyn kodissani tosi hyvin.", "Asuminen on voimavara."),
    ),
    Domain.FAMILY_SOCIAL: (
        ("Olen aika yksin.", "Sosiaalinen verkosto puuttuu; yksinäisyyttä."),
        ("Perheessä on riitoja.", "Perhetilanne kuormittaa; perhetyö harkittavissa."),
        ("Sisko auttaa tarvittaessa.", "Läheisten tuki saatavilla."),
        ("Minulla on hyvät ystävät.", "Vahva tukiverkosto."),
    ),
    Domain.LIFE_MANAGEMENT: (
        ("Laskut jäävät maksamatta.", "Arjenhallinta vaikeaa; velkaneuvonta tarpeen."),
        ("Päivärytmi on sekaisin.", "Unirytmi ja asiointi vaativat tukea."),
        ("Arki sujuu pääosin.", "Arki hallinnassa."),
        ("Olen tarkka aikatauluista.", "Hyvä arjenhallinta."),
    ),
    Domain.MOTIVATION: (
        ("En jaksa enää uskoa mihinkään.", "Toivottomuutta; motivoiva työote."),
        ("Haluaisin muutosta, mutta pelottaa.", "Muutosvalmius vaihtelee."),
        ("Haluan päästä eteenpäin.", "Motivoitunut."),
        ("Olen valmis tekemään mitä vain.", "Vahva sitoutuminen tavoitteisiin."),
    ),
    Domain.STRENGTHS: (
        ("En keksi mitään vahvuuksia.", "Vahvuudet vielä tunnistamatta."),
        ("Olen kai ihan luotettava.", "Luotettava ja täsmällinen."),
        ("Olen hyvä asiakaspalvelussa.", "Hyvät vuorovaikutustaidot."),
        ("Olen sinnikäs ja käytännöllinen.", "Sinnikkyys ja käytännön taidot voimavarana."),
    ),
    Domain.GOALS_DREAMS: (
        ("En osaa sanoa, mitä haluan.", "Tavoitteet vielä hahmottumatta."),
        ("Jonkinlainen työ olisi hyvä.", "Tavoite väljä; tarkennetaan suunnitelmassa."),
        ("Haluan takaisin kaupan alalle.", "Realistinen työtavoite."),
        ("Haluan opiskella lähihoitajaksi.", "Selkeä ja saavutettava tavoite."),
    ),
}

# Digital access is a fact recorded on the client (has_online_credentials,
# can_read_kela_messages), decided once by the generator: every text about it is chosen from
# those facts — the assessment's views here, the steps, agreements and blockers below — and
# nothing written later changes the facts under the texts.
DIGITAL_VIEWS: dict[str, tuple[str, str]] = {
    "none": ("En pääse OmaKelaan.", "Ei pankkitunnuksia; postit paperina."),
    "support": ("Tarvitsen apua sähköisissä asioissa.", "Tunnukset on, käyttö vaatii tukea."),
    "uses": ("Osaan hoitaa asiat netissä.", "Asioi sähköisesti."),
    "strength": ("Autan muitakin tietokoneasioissa.", "Vahvat digitaidot."),
}


def digital_access(has_credentials: bool, reads_kela_messages: bool, level: int) -> tuple[str, int]:
    """The client's digital access in the assessment (a DIGITAL_VIEWS key and the domain's
    status 1–4) from the recorded facts; `level`, the self-rated work ability's, only tells
    a strength from managing and how hard going without credentials is."""
    if not has_credentials:
        return "none", 1 if level == 1 else 2
    if not reads_kela_messages:
        return "support", 2
    return ("strength", 4) if level == 4 else ("uses", 3)


GOALS: tuple[str, ...] = (
    "Haluan päästä töihin kaupan alalle",
    "Kuntoutuspsykoterapia alkaa ja jaksaminen paranee",
    "Haluan opiskella lähihoitajaksi",
    "Oma koti ja vakituinen työ",
    "Haluan jaksaa lasteni kanssa",
    "Haluan selvittää, mihin työhön terveyteni riittää",
    "Raha-asiat kuntoon ja velat maksusuunnitelmaan",
    "Haluan takaisin rakennusalalle, jos selkä kestää",
    "Päivärytmi kuntoon ja joka päivä jotain tekemistä",
    "Haluan osa-aikatyön, jossa saa olla ihmisten kanssa",
    "Ajokortti ja töihin logistiikka-alalle",
    "Haluan oppia suomea niin, että pärjään töissä",
)

CLIENT = ""  # the client's own agreements in GOAL_AGREEMENTS
# A goal's agreements: (profession, or CLIENT for the client, what is agreed). Only a client
# whose plan has the goal gets them (tests/demo/test_demo_consistency.py).
GOAL_AGREEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Haluan päästä töihin kaupan alalle": (
        (P.EMPLOYMENT_COUNSELLOR, "Etsii työkokeilupaikan kaupan alalta"),
        (P.EMPLOYMENT_COUNSELLOR, "Kysyy lähikaupoilta palkkatuettua paikkaa"),
        (P.WORK_ABILITY_COORDINATOR, "Kartoittaa kaupan alan tehtävät, joihin työkyky riittää"),
        (P.KELA_BENEFIT_EXPERT, "Selvittää työkokeilun ajan kulukorvauksen"),
        (P.EDUCATION_COUNSELLOR, "Selvittää kaupan alan tutkinnon osat oppisopimuksella"),
        (CLIENT, "Päivittää CV:n kaupan alan paikkoja varten"),
    ),
    "Kuntoutuspsykoterapia alkaa ja jaksaminen paranee": (
        (P.DOCTOR, "Kirjoittaa B-lausunnon kuntoutuspsykoterapiaa varten"),
        (P.THERAPIST, "Tekee kuntoutuspsykoterapian suunnitelman"),
        (P.KELA_BENEFIT_EXPERT, "Käsittelee kuntoutuspsykoterapian hakemuksen"),
        (P.NURSE, "Varaa ajan psykiatriselle sairaanhoitajalle"),
        (P.WORK_ABILITY_COORDINATOR, "Sopii jaksamista tukevan viikkorytmin asiakkaan kanssa"),
        (P.SOCIAL_WORKER, "Selvittää terapian omavastuun toimeentulotuesta"),
        (CLIENT, "Täyttää kuntoutuspsykoterapian hakemuksen"),
        (CLIENT, "Etsii kaksi terapeuttia Kelan palveluntuottajista"),
    ),
    "Haluan opiskella lähihoitajaksi": (
        (P.EDUCATION_COUNSELLOR, "Kertoo lähihoitajakoulutuksen hakuajat"),
        (P.EDUCATION_COUNSELLOR, "Varaa tutustumiskäynnin sosiaali- ja terveysalan oppilaitokseen"),
        (P.KELA_BENEFIT_EXPERT, "Selvittää ammatillisen kuntoutuksen tuen opiskelun ajaksi"),
        (P.EMPLOYMENT_COUNSELLOR, "Selvittää, voiko opiskella yleistuella"),
        (P.NURSE, "Tarkistaa rokotukset hoitoalan opintoja varten"),
        (P.WORK_ABILITY_COORDINATOR, "Kartoittaa, kestääkö selkä hoitotyön nostot"),
        (CLIENT, "Hakee lähihoitajakoulutukseen jatkuvassa haussa"),
    ),
    "Oma koti ja vakituinen työ": (
        (P.SOCIAL_WORKER, "Selvittää tuetun asumisen vaihtoehdot"),
        (P.SOCIAL_WORKER, "Tekee päätöksen vuokravakuudesta"),
        (P.KELA_BENEFIT_EXPERT, "Käsittelee asumistukihakemuksen"),
        (P.PARTNER_WORKER, "Auttaa vuokra-asuntohakemuksen kanssa"),
        (P.EMPLOYMENT_COUNSELLOR, "Etsii vakituisia paikkoja, joihin saa palkkatuen"),
        (P.WORK_ABILITY_COORDINATOR, "Soittaa asuntotoimistoon hakemuksen tilanteesta"),
        (CLIENT, "Hakee vuokra-asuntoa kaupungin vuokrataloista"),
    ),
    "Haluan jaksaa lasteni kanssa": (
        (P.SOCIAL_WORKER, "Selvittää lapsiperheiden kotipalvelun aloituksen"),
        (P.SOCIAL_WORKER, "Hakee lapsille kerhopaikat"),
        (P.NURSE, "Varaa ajan neuvolan perhetyöntekijälle"),
        (P.LIFESTYLE_COACH, "Sopii arjen valmennuksen aloituksen"),
        (P.KELA_BENEFIT_EXPERT, "Tarkistaa lapsilisän ja elatustuen"),
        (P.WORK_ABILITY_COORDINATOR, "Selvittää osa-aikaiset vaihtoehdot lasten hoitoaikoihin"),
        (CLIENT, "Kirjaa viikon ajan, mikä vie voimia ja mikä antaa"),
    ),
    "Haluan selvittää, mihin työhön terveyteni riittää": (
        (P.WORK_ABILITY_COORDINATOR, "Kokoaa työkykyarvioon tarvittavat lausunnot"),
        (P.DOCTOR, "Arvioi työkyvyn ja kirjoittaa B-lausunnon"),
        (P.NURSE, "Varaa työttömän terveystarkastuksen ja laboratoriokokeet"),
        (P.KELA_BENEFIT_EXPERT, "Lähettää ammatillisen kuntoutusselvityksen hakemuksen"),
        (P.THERAPIST, "Tekee toimintakyvyn arvion"),
        (CLIENT, "Täyttää kuntoutushakemuksen"),
    ),
    "Raha-asiat kuntoon ja velat maksusuunnitelmaan": (
        (P.SOCIAL_WORKER, "Ohjaa talous- ja velkaneuvontaan"),
        (P.SOCIAL_WORKER, "Tekee päätöksen täydentävästä toimeentulotuesta"),
        (P.KELA_BENEFIT_EXPERT, "Tarkistaa perustoimeentulotuen liitteet"),
        (P.PARTNER_WORKER, "Lähtee mukaan velkaneuvonnan ensitapaamiseen"),
        (P.WORK_ABILITY_COORDINATOR, "Varaa ajan talous- ja velkaneuvojalle"),
        (P.NURSE, "Selvittää lääkekulujen maksusitoumuksen"),
        (CLIENT, "Kokoaa laskut ja perintäkirjeet yhteen kansioon"),
    ),
    "Haluan takaisin rakennusalalle, jos selkä kestää": (
        (P.DOCTOR, "Arvioi selän kuormituskestävyyden rakennustöissä"),
        (P.THERAPIST, "Aloittaa selän fysioterapiajakson"),
        (P.WORK_ABILITY_COORDINATOR, "Kartoittaa rakennusalan kevyemmät tehtävät"),
        (P.EMPLOYMENT_COUNSELLOR, "Selvittää työkokeilun rakennusliikkeessä"),
        (P.NURSE, "Varaa fysioterapeutin suoravastaanoton"),
        (CLIENT, "Tekee fysioterapeutin ohjeen mukaiset selkäliikkeet"),
    ),
    "Päivärytmi kuntoon ja joka päivä jotain tekemistä": (
        (P.SOCIAL_WORKER, "Selvittää kuntouttavan työtoiminnan paikan"),
        (P.EXPERIENCE_EXPERT, "Kutsuu vertaistukiryhmään"),
        (P.LIFESTYLE_COACH, "Sopii unirytmin valmennuksen aloituksen"),
        (P.NURSE, "Varaa ajan uniongelmien arvioon"),
        (P.WORK_ABILITY_COORDINATOR, "Etsii päivätoimintaa kolmena aamuna viikossa"),
        (CLIENT, "Herää joka arkiaamu kello kahdeksan"),
    ),
    "Haluan osa-aikatyön, jossa saa olla ihmisten kanssa": (
        (P.EMPLOYMENT_COUNSELLOR, "Etsii osa-aikaisia asiakaspalvelupaikkoja"),
        (P.WORK_ABILITY_COORDINATOR, "Kartoittaa osa-aikatyöt, joihin työkyky riittää"),
        (P.KELA_BENEFIT_EXPERT, "Laskee, miten osa-aikatyön palkka vaikuttaa yleistukeen"),
        (P.SOCIAL_WORKER, "Selvittää, miten palkka vaikuttaa toimeentulotukeen"),
        (CLIENT, "Käy tutustumassa kahvilan työkokeilupaikkaan"),
    ),
    "Ajokortti ja töihin logistiikka-alalle": (
        (P.EMPLOYMENT_COUNSELLOR, "Selvittää ajokorttikoulutuksen rahoituksen"),
        (P.EMPLOYMENT_COUNSELLOR, "Etsii varastotyön työkokeilupaikan"),
        (P.EDUCATION_COUNSELLOR, "Kertoo logistiikka-alan tutkinnon hakuajat"),
        (P.WORK_ABILITY_COORDINATOR, "Selvittää, riittääkö terveys ammattiajokorttiin"),
        (P.NURSE, "Varaa ajokorttia varten lääkärintarkastuksen"),
        (CLIENT, "Ilmoittautuu autokoulun teoriakurssille"),
    ),
    "Haluan oppia suomea niin, että pärjään töissä": (
        (P.EDUCATION_COUNSELLOR, "Etsii työelämän suomen kurssin"),
        (P.EDUCATION_COUNSELLOR, "Varaa kielitaidon lähtötasotestin"),
        (P.EMPLOYMENT_COUNSELLOR, "Selvittää kotoutumiskoulutuksen jatkon"),
        (P.EXPERIENCE_EXPERT, "Kutsuu suomen kielen keskusteluryhmään"),
        (P.WORK_ABILITY_COORDINATOR, "Etsii työkokeilun, jossa puhutaan suomea"),
        (P.KELA_BENEFIT_EXPERT, "Neuvoo Kelan lomakkeiden täyttämisessä selkosuomeksi"),
        (CLIENT, "Käy kielikahvilassa kerran viikossa"),
    ),
}

# Catalogue-like services for plan steps: (service, what, professions that own it).
STEP_CATALOGUE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Ammatillinen kuntoutusselvitys", "Hakemus Kelan ammatilliseen kuntoutusselvitykseen",
     (P.KELA_BENEFIT_EXPERT,)),
    ("Työkokeilu", "Työkokeilu kaupan alalla kolme kuukautta", (P.EMPLOYMENT_COUNSELLOR,)),
    ("Palkkatuettu työ", "Palkkatuetun työpaikan etsiminen", (P.EMPLOYMENT_COUNSELLOR,)),
    ("Työttömän terveystarkastus", "Työttömän terveystarkastus terveysasemalla", (P.NURSE,)),
    ("Kuntouttava työtoiminta", "Kuntouttava työtoiminta kolmena päivänä viikossa",
     (P.SOCIAL_WORKER,)),
    ("Kelan kuntoutuspsykoterapia", "Kuntoutuspsykoterapian hakeminen ja aloitus",
     (P.THERAPIST, P.KELA_BENEFIT_EXPERT, P.DOCTOR)),
    ("Työkykyarvio", "Työkyvyn arvio ja B-lausunto", (P.DOCTOR, P.WORK_ABILITY_COORDINATOR)),
    ("Työkykykoordinaattorin tuki", "Työkykypolun suunnittelu yhdessä",
     (P.WORK_ABILITY_COORDINATOR,)),
    ("Ammatillinen koulutus", "Haku lähihoitajakoulutukseen", (P.EDUCATION_COUNSELLOR,)),
    ("Työhönvalmennus", "Työhönvalmentajan tuki työnhakuun", (P.LIFESTYLE_COACH, P.PARTNER_WORKER)),
    ("Velkaneuvonta", "Velkaneuvontaan hakeutuminen", (P.SOCIAL_WORKER,)),
    ("Vertaistukiryhmä", "Vertaistukiryhmä kerran viikossa", (P.EXPERIENCE_EXPERT,)),
)  # fmt: skip
# The client's own step that only fits the client's online credentials: done for a client who
# has them, open (under a goal still pursued) for one who lacks them.
CREDENTIALS_STEP = "Haen itse pankkitunnukset ja opettelen OmaKelan"
CLIENT_STEPS: tuple[str, ...] = (
    CREDENTIALS_STEP,
    "Tutustun työkokeilupaikkoihin",
    "Päivitän CV:n",
    "Käyn kävelyllä kolme kertaa viikossa",
)

# What a professional agrees to do in any client's case (by profession), and — below — what
# they agree to do for a goal of the client's own: an agreement reads as the client's story,
# and one professional's late agreements do not repeat one text down the worklist.
# What a professional can only agree to with a client who can sign in to OmaKela.
OMAKELA_AGREEMENT = "Neuvoo OmaKelan viestien lukemisessa"
AGREEMENTS: dict[str, tuple[str, ...]] = {
    P.KELA_BENEFIT_EXPERT: (
        "Käsittelee kuntoutusrahahakemuksen",
        "Selvittää yleistuen maksatuksen katkon",
        "Lähettää ammatillisen kuntoutusselvityksen hakemuksen",
        "Tarkistaa perustoimeentulotuen liitteet",
        OMAKELA_AGREEMENT,
    ),
    P.WORK_ABILITY_COORDINATOR: (
        "Käynnistää työkykyarvion",
        "Kartoittaa osatyökykyisen työpaikkavaihtoehdot",
        "Kokoaa verkoston seuraavaan tapaamiseen",
        "Soittaa asiakkaalle ja kysyy, miten viikko on mennyt",
        "Päivittää suunnitelman sovitut askeleet",
    ),
    P.EMPLOYMENT_COUNSELLOR: (
        "Selvittää palkkatuen mahdollisuuden",
        "Päivittää työllistymissuunnitelman",
        "Lähettää työnhakuun sopivat avoimet paikat",
    ),
    P.NURSE: (
        "Varaa työttömän terveystarkastuksen",
        "Soittaa laboratoriotulokset",
        "Varaa lääkärin vastaanottoajan",
        "Tarkistaa lääkityksen ja reseptit",
    ),
    P.DOCTOR: ("Kirjoittaa B-lausunnon kuntoutusta varten", "Arvioi lääkityksen"),
    P.SOCIAL_WORKER: (
        "Tekee päätöksen täydentävästä toimeentulotuesta",
        "Selvittää kuntouttavan työtoiminnan paikan",
        "Ohjaa velkaneuvontaan",
    ),
    P.THERAPIST: ("Tekee terapiasuunnitelman", "Aloittaa fysioterapiajakson"),
    P.EDUCATION_COUNSELLOR: ("Kertoo koulutusten hakuajat", "Varaa tutustumiskäynnin"),
    P.EXPERIENCE_EXPERT: ("Kutsuu vertaistukiryhmään",),
    P.LIFESTYLE_COACH: ("Sopii arjen valmennuksen aloituksen",),
    P.PARTNER_WORKER: ("Lähtee mukaan Kelan asiointiin", "Auttaa asuntohakemuksen kanssa"),
}
# The client's agreement that only fits a client who has online credentials now: it is done.
CREDENTIALS_AGREEMENT = "Hakee pankkitunnukset"
CLIENT_AGREEMENTS: tuple[str, ...] = (
    "Toimittaa palkkatodistukset Kelaan",
    CREDENTIALS_AGREEMENT,
    "Varaa ajan hammaslääkärille",
)
AGENDAS: dict[str, str] = {
    MeetingKind.FIRST_CONTACT: "Ensikontakti: asiakkaan tilanne omin sanoin, suostumus, "
    "verkostopuhelusta sopiminen",
    MeetingKind.FIRST_JOINT: "Tutustuminen, kokonaistilanne, asiakkaan tavoitteet, kuka tekee mitä",
    MeetingKind.FOLLOW_UP: "Mitä on tapahtunut, sopimusten tilanne, seuraavat askeleet",
    MeetingKind.NETWORK_CALL: "Lyhyt tilannekatsaus verkoston kanssa",
    MeetingKind.HANDOVER: "Saattaen siirto: yhteenveto ja uuden vastuuhenkilön esittely",
}
NOTES = (  # the client took part: what they said can be written down
    "Asiakas kertoi tilanteestaan omin sanoin. Sovittiin työnjaosta.",
    "Käytiin läpi vireillä olevat hakemukset. Asiakas toivoi yhtä yhteyshenkilöä.",
    "Asiakas on motivoitunut; jaksaminen vaihtelee. Edetään pienin askelin.",
    "Sovittiin, että asiakas saa yhteenvedon selkokielellä.",
)
NOTES_WITHOUT_CLIENT = (  # the client was not there: nothing of what they said
    "Asiakas ei ollut mukana. Käytiin läpi vireillä olevat hakemukset ja sovittiin työnjaosta.",
    "Asiakas ei ollut mukana. Omaohjaaja soittaa asiakkaalle ja kertoo, mitä sovittiin.",
    "Asiakas ei ollut mukana. Sovittiin, että asiakas saa yhteenvedon selkokielellä.",
)
# Why the coordinator's role passes on, by the kind of organisation that takes it over (the
# seeds: whoever's service is now primary coordinates; a Kela expert for Kela rehabilitation).
HANDOVER_REASONS = {
    "employment": "Työllistymisen tuki on nyt pääasia: vastuu työllisyyspalveluihin.",
    "health": "Terveys ja kuntoutus ovat etusijalla: vastuu terveyspalveluihin.",
    "social": "Asiakkaan tilanne vaatii sosiaalityön koordinointia.",
    "kela": "Kelan kuntoutus on nyt ensisijainen: omaohjaajaksi Kelan asiantuntija.",
    "education": "Opinnot alkavat: vastuu oppilaitoksen opinto-ohjaajalle.",
}
HANDOVER_REASON_OTHER = "Asiakkaan pääasiallinen palvelu on nyt vastaanottajan organisaatiossa."


def handover_reason(organisation_kind: str | None) -> str:
    """The handover's reason that fits the organisation the client passes to."""
    return HANDOVER_REASONS.get(organisation_kind or "", HANDOVER_REASON_OTHER)


HANDOVER_SUMMARY = (
    "Asiakkaan kokonaistilanne on arvioitu ja suunnitelma kohti työelämää tehty. Vireillä "
    "olevat asiat ja sovitut askeleet on kirjattu. Seuraava askel: yhteinen tapaaminen "
    "asiakkaan kanssa ja vastuun siirto."
)
DECLINE_NOTES = ("Asiakkaan tilanne ei vielä sovi palveluumme.", "Ei resursseja juuri nyt.")
MODES = (MeetingMode.IN_PERSON, MeetingMode.VIDEO, MeetingMode.PHONE)
MODE_WEIGHTS = (60, 25, 15)
CHANNELS = (
    ContactChannel.PHONE,
    ContactChannel.VISIT,
    ContactChannel.VIDEO,
    ContactChannel.MESSAGE,
)
CHANNEL_WEIGHTS = (55, 20, 10, 15)


# --- Loading the region ----------------------------------------------------------------------


@dataclass
class _Person:
    id: int
    org_id: int | None
    org_name: str
    municipality: str
    profession: str
    is_demo: bool
    org_kind: str = ""


@dataclass
class _ClientCase:
    id: int
    created_at: dt.datetime
    coordinator: int
    members: list[int]  # active members besides the coordinator
    goals: tuple[str, ...] = ()  # the goals of the client's plan (none: no plan)
    has_online_credentials: bool = True
    can_read_kela_messages: bool = True


@dataclass(slots=True)
class _Agreement:
    client_id: int
    owner_id: int | None
    what: str
    due_on: dt.date
    created_at: dt.datetime
    status: str = AgreementStatus.OPEN
    done_at: dt.datetime | None = None
    done_by_id: int | None = None


@dataclass(slots=True)
class _NextContact:
    client_id: int
    due_on: dt.date
    channel: str
    done_at: dt.datetime | None
    contact_by_id: int | None = None
    client_contacts: bool = False
    contact_to_id: int | None = None


@dataclass(slots=True)
class _Step:
    what: str
    service_name: str
    responsible_id: int | None
    organisation_id: int | None
    target_date: dt.date
    created_at: dt.datetime
    status: str = StepStatus.PLANNED
    done_on: dt.date | None = None


@dataclass
class CaseworkStats:
    clients: int = 0
    assessments: int = 0
    domains: int = 0
    plans: int = 0
    goals: int = 0
    steps: int = 0
    meetings: int = 0
    participants: int = 0
    agreements: int = 0
    next_contacts: int = 0
    handovers: int = 0


@dataclass
class _Batch:
    # assessment, its domain rows (domain, statuses, support needed, views)
    assessments: list[tuple[Assessment, list[tuple]]] = field(default_factory=list)
    plans: list[tuple[Plan, list[tuple[Goal, list[_Step]]]]] = field(default_factory=list)
    # meeting, participant ids, agreements, next contact
    meetings: list[tuple[Meeting, list[int], list[_Agreement], _NextContact | None]] = field(
        default_factory=list
    )
    handovers: list[tuple[Handover, Meeting | None]] = field(default_factory=list)


def _cases(client_ids: list[int] | None) -> list[_ClientCase]:
    """Active clients without any casework yet, with their active networks."""
    clients = Client.objects.filter(status=ClientStatus.ACTIVE).filter(
        ~Exists(Meeting.objects.filter(client=OuterRef("pk"))),
        ~Exists(Plan.objects.filter(client=OuterRef("pk"))),
        ~Exists(Assessment.objects.filter(client=OuterRef("pk"))),
    )
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    created = dict(clients.values_list("pk", "created_at"))
    credentials = dict(clients.values_list("pk", "has_online_credentials"))
    reads = dict(clients.values_list("pk", "can_read_kela_messages"))
    coordinator: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    rows = (
        NetworkMember.objects.active()
        .filter(client__in=clients)
        .order_by("client_id", "started_at", "pk")
        .values_list("client_id", "professional_id", "role")
    )
    for client_id, professional_id, role in rows:
        if role == NetworkRole.COORDINATOR:
            coordinator[client_id] = professional_id
        else:
            members.setdefault(client_id, []).append(professional_id)
    return [
        _ClientCase(
            pk,
            created[pk],
            coordinator[pk],
            members.get(pk, []),
            has_online_credentials=credentials[pk],
            can_read_kela_messages=reads[pk],
        )
        for pk in sorted(created)
        if pk in coordinator
    ]


def _people() -> dict[int, _Person]:
    rows = (
        User.objects.exclude(profession="")
        .filter(organisation__isnull=False)
        .values_list(
            "pk", "organisation_id", "organisation__name", "organisation__municipality",
            "profession", "is_demo", "organisation__kind",
        )
    )  # fmt: skip
    return {row[0]: _Person(*row) for row in rows}


# --- Planning one client ---------------------------------------------------------------------


class _Planner:
    def __init__(self, rng: random.Random, now: dt.datetime, people: dict[int, _Person]):
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self.people = people
        self.batch = _Batch()
        self.open_steps = 0
        # The texts of each owner's late agreements so far: one owner's worklist does not
        # repeat a text while the owner has other fitting ones.
        self.late_texts: dict[int, Counter[str]] = {}

    # Helpers --------------------------------------------------------------------------

    def _at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        """A working-day time on `day` in the local time zone: a weekend day or a Finnish
        public holiday (no meetings on Christmas Day) moves to the working day before if it
        is in the past, to the working day after if it is today or later."""
        step = dt.timedelta(days=-1 if day < self.today else 1)
        while not is_working_day(day):
            day += step
        hour = hour if hour is not None else self.rng.randint(8, 14)
        minute = self.rng.choice((0, 0, 15, 30, 30, 45))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def _days(self, a: int, b: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(a, b))

    def _agreement_options(
        self, case: _ClientCase, owner: int | None
    ) -> tuple[list[str], list[str]]:
        """What `owner` (None: the client) can agree to do in `case`: the texts of the
        client's goals for the owner's profession, and the owner's general ones."""
        profession = CLIENT if owner is None else self.people[owner].profession
        story = [
            what
            for goal in case.goals
            for who, what in GOAL_AGREEMENTS.get(goal, ())
            if who == profession
        ]
        general = CLIENT_AGREEMENTS if owner is None else AGREEMENTS.get(profession, ())
        if not case.has_online_credentials:  # not got them, cannot sign in to OmaKela
            needs = {CREDENTIALS_AGREEMENT, OMAKELA_AGREEMENT}
            general = tuple(what for what in general if what not in needs)
            story = [what for what in story if what not in needs]
        return story, [what for what in general if what not in story] or ["Ottaa yhteyttä"]

    def _agreement_text(self, case: _ClientCase, owner: int | None) -> str:
        """Mostly a text of the client's own goals, when the owner has one for them."""
        story, general = self._agreement_options(case, owner)
        if story and self.rng.random() < 0.7:
            return self.rng.choice(story)
        return self.rng.choice(general)

    def _late_text(self, case: _ClientCase, agreement: _Agreement, taken: set[str]) -> None:
        """The late agreement's text: of those that fit the client's story and the owner's
        profession (not `taken` by another agreement of the meeting), one the owner's other
        late agreements have least often — the client's story first."""
        if agreement.owner_id is None:
            return
        used = self.late_texts.setdefault(agreement.owner_id, Counter())
        if used[agreement.what]:
            story, general = self._agreement_options(case, agreement.owner_id)
            options = [what for what in story + general if what not in taken]
            if options:
                fewest = min(used[what] for what in options)
                fresh = [what for what in options if used[what] == fewest]
                agreement.what = fresh[0] if fresh[0] in story else self.rng.choice(fresh)
        used[agreement.what] += 1

    def _participants(self, case: _ClientCase, demo_first: bool = False) -> list[int]:
        """The coordinator and members from 2–4 organisations in all."""
        rng = self.rng
        ids = [case.coordinator]
        orgs = {self.people[case.coordinator].org_id}
        members = list(case.members)
        rng.shuffle(members)
        if demo_first:
            members.sort(key=lambda pid: not self.people[pid].is_demo)
        wanted = rng.randint(2, 4)
        for pid in members:
            if len(orgs) >= wanted:
                break
            if self.people[pid].org_id not in orgs:
                ids.append(pid)
                orgs.add(self.people[pid].org_id)
        for pid in members:  # a second person of an organisation already at the table
            if pid not in ids and self.people[pid].org_id in orgs and rng.random() < 0.3:
                ids.append(pid)
        return ids

    def _meeting(
        self,
        case: _ClientCase,
        kind: str,
        starts_at: dt.datetime,
        status: str,
        participants: list[int],
        client_present: bool | None = None,
        by_phone: bool = False,
    ) -> Meeting:
        rng = self.rng
        mode = rng.choices(MODES, weights=MODE_WEIGHTS)[0]
        if by_phone:
            mode = MeetingMode.PHONE
        if kind == MeetingKind.NETWORK_CALL and mode == MeetingMode.IN_PERSON:
            mode = MeetingMode.PHONE
        if kind == MeetingKind.FIRST_CONTACT and mode == MeetingMode.VIDEO:
            mode = MeetingMode.PHONE  # by phone or face to face (seed 001)
        organiser = self.people[case.coordinator]
        place = video_link = ""
        if mode == MeetingMode.IN_PERSON:
            place = f"{organiser.org_name}, neuvotteluhuone {rng.randint(1, 6)}"
        elif mode == MeetingMode.VIDEO:
            video_link = f"https://meet.example.fi/polku-{case.id}-{rng.randint(1000, 9999)}"
        else:
            place = "Puhelinneuvottelu"
        minutes = 90 if kind == MeetingKind.FIRST_JOINT else rng.choice((30, 45, 60))
        created = min(starts_at - self._days(3, 21), self.now)
        meeting = Meeting(
            client_id=case.id,
            kind=kind,
            mode=mode,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            place=place,
            video_link=video_link,
            agenda=AGENDAS[kind],
            client_present=client_present
            if client_present is not None
            else kind != MeetingKind.NETWORK_CALL or rng.random() < 0.5,
            status=status,
            organiser_id=case.coordinator,
            created_at=max(created, case.created_at),
        )
        if status == MeetingStatus.CLOSED:
            # what the client said is written only of a meeting the client took part in
            meeting.notes = rng.choice(NOTES if meeting.client_present else NOTES_WITHOUT_CLIENT)
            meeting.closed_at = meeting.ends_at + dt.timedelta(minutes=rng.randint(5, 240))
            meeting.closed_by_id = case.coordinator
        return meeting

    def _closed_meeting(
        self,
        case: _ClientCase,
        kind: str,
        day: dt.date,
        *,
        next_due: dt.date,
        next_done: dt.datetime | None,
        overdue: bool = False,
        client_present: bool | None = None,
        by_phone: bool = False,
    ) -> None:
        """A closed meeting on `day` with 2–4 agreements and its next contact. A first
        contact is the coordinator and the client alone."""
        rng = self.rng
        if kind == MeetingKind.FIRST_CONTACT:
            participants = [case.coordinator]
        else:
            participants = self._participants(case, demo_first=True)
        meeting = self._meeting(
            case, kind, self._at(day), MeetingStatus.CLOSED, participants, client_present, by_phone
        )
        closed = meeting.closed_at
        assert closed is not None
        meeting_day = timezone.localdate(meeting.starts_at)
        agreements: list[_Agreement] = []
        used: set[str] = set()
        for n in range(rng.choice((2, 2, 3, 3, 4))):
            if rng.random() < 0.25:
                owner, what = None, self._agreement_text(case, None)
            else:
                # The demo users own a good share, so their worklists are full.
                demo = [pid for pid in participants if self.people[pid].is_demo]
                owner = demo[0] if demo and (n == 0 or rng.random() < 0.3) else None
                owner = owner or rng.choice(participants)
                what = self._agreement_text(case, owner)
            if what in used:
                continue
            used.add(what)
            due = meeting_day + self._days(7, 60)
            agreement = _Agreement(case.id, owner, what, due, closed)
            if due < self.today:
                roll = rng.random()
                if roll < 0.07:
                    agreement.status = AgreementStatus.CANCELLED
                else:  # done around the date (overdue ones are made below, on purpose)
                    done = closed + dt.timedelta(days=(due - meeting_day).days + rng.randint(-5, 3))
                    agreement.status = AgreementStatus.DONE
                    agreement.done_at = min(max(done, closed), self.now)
                    agreement.done_by_id = owner or case.coordinator
            elif rng.random() < 0.2:  # done early
                agreement.status = AgreementStatus.DONE
                agreement.done_at = _between(rng, closed, self.now)
                agreement.done_by_id = owner or case.coordinator
            if what == CREDENTIALS_AGREEMENT and agreement.status != AgreementStatus.DONE:
                # the client has the credentials now: the agreement was kept
                agreement.status = AgreementStatus.DONE
                agreement.done_at = _between(rng, closed, self.now)
                agreement.done_by_id = case.coordinator
            agreements.append(agreement)
        may_be_late = [a for a in agreements if a.what != CREDENTIALS_AGREEMENT]
        if overdue and may_be_late and meeting_day < self.today - dt.timedelta(days=4):
            late = may_be_late[0]  # due 3+ days after the meeting, late by days or weeks
            late.due_on = self.today - dt.timedelta(
                days=rng.randint(1, min(LATE_DAYS, (self.today - meeting_day).days - 3))
            )
            late.status = AgreementStatus.OPEN
            late.done_at = None
            late.done_by_id = None
            self._late_text(case, late, {a.what for a in agreements if a is not late})
        # Who contacts whom next: mostly the coordinator calls the client.
        roll = rng.random()
        channel = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
        contact = _NextContact(case.id, next_due, channel, next_done)
        if roll < 0.1:
            contact.client_contacts = True
            contact.contact_to_id = case.coordinator
        elif roll < 0.3 and len(participants) > 1:
            contact.contact_by_id = rng.choice(participants[1:])
        else:
            contact.contact_by_id = case.coordinator
        self.batch.meetings.append((meeting, participants, agreements, contact))

    # The client's casework ------------------------------------------------------------

    def plan_client(self, case: _ClientCase) -> None:
        rng = self.rng
        today = self.today
        demo_client = any(self.people[p].is_demo for p in (case.coordinator, *case.members))
        start = timezone.localdate(case.created_at)
        age_days = (today - start).days

        if age_days < NEW_CLIENT_DAYS:
            # New: the first joint meeting is planned, nothing agreed yet.
            day = today + self._days(2, 14)
            self.batch.meetings.append(
                (
                    self._meeting(
                        case, MeetingKind.FIRST_JOINT, self._at(day), MeetingStatus.PLANNED, []
                    ),
                    self._participants(case),
                    [],
                    None,
                )
            )
            return
        if not demo_client and rng.random() < UNCOVERED_SHARE:
            # Fell through: the first joint meeting was cancelled and never rescheduled.
            day = start + self._days(5, min(20, age_days - 1))
            meeting = self._meeting(
                case, MeetingKind.FIRST_JOINT, self._at(day), MeetingStatus.CANCELLED, []
            )
            self.batch.meetings.append((meeting, self._participants(case), [], None))
            return

        # The client's story: the goals of their plan, drawn first, so that what the network
        # agrees in the meetings fits them.
        if demo_client or rng.random() < PLAN_SHARE:
            case.goals = tuple(rng.sample(GOALS, rng.randint(1, 3)))
        dropped = rng.random() < DROPPED_SHARE
        overdue = rng.random() < (OVERDUE_SHARE * 1.3 if demo_client else OVERDUE_SHARE)
        first = start + self._days(5, 20)
        last = today - (self._days(40, 150) if dropped else self._days(1, 50))
        last = max(last, first)
        follow_ups = min(3 if demo_client else 2, (last - first).days // 90)
        days = [first]
        for i in range(1, follow_ups + 1):
            days.append(first + (last - first) * i / follow_ups)
        days = sorted(set(days))
        # Seed 001: the municipality's worker makes the first contact a few days before the
        # network meets; the network call follows: the network's first joint meeting, held by
        # phone with the client (the worker, the Kela expert and the others at the table).
        first_contact = (
            self.people[case.coordinator].profession in FIRST_CONTACT_PROFESSIONS
            and (first - start).days >= 3
            and rng.random() < FIRST_CONTACT_SHARE
        )
        if first_contact:
            # On a working day before the one the network meets on (a weekend's or a holiday's
            # meeting moves back to the working day before: see _at), never on the same one.
            held = first
            while not is_working_day(held):
                held -= dt.timedelta(days=1)
            before = [start + dt.timedelta(days=n) for n in range(1, (held - start).days)]
            before = [day for day in before if is_working_day(day)]
            first_contact = bool(before)
            if before:
                days.insert(0, rng.choice(before))
        # The overdue agreement sits in the latest meeting at least five days back.
        settled = [i for i, day in enumerate(days) if day < today - dt.timedelta(days=4)]
        late_index = settled[-1] if overdue and settled else -1
        for index, day in enumerate(days):
            is_last = index == len(days) - 1
            if is_last:
                if dropped:
                    due = day + dt.timedelta(days=rng.randint(7, max(7, (today - day).days - 1)))
                    due = min(due, today - dt.timedelta(days=1))
                    done = self._at(due, rng.randint(9, 15)) if rng.random() < 0.5 else None
                    if done is None:  # forgotten lately: late by days or weeks, not months
                        due = max(due, today - self._days(1, LATE_DAYS))
                else:
                    due = today + self._days(1, 45)
                    done = None
            else:
                due = day + (days[index + 1] - day) * rng.uniform(0.3, 0.9)
                due = max(due, day + dt.timedelta(days=1))
                done = self._at(due, rng.randint(9, 15))
                done = min(done, self.now)
            kind = MeetingKind.FIRST_JOINT if index == 0 else (
                MeetingKind.NETWORK_CALL if rng.random() < 0.2 else MeetingKind.FOLLOW_UP
            )  # fmt: skip
            if first_contact and index < 2:
                kind = MeetingKind.FIRST_CONTACT if index == 0 else MeetingKind.FIRST_JOINT
            self._closed_meeting(
                case,
                kind,
                day,
                next_due=due,
                next_done=done,
                overdue=index == late_index,
                client_present=True if first_contact and index == 1 else None,
                by_phone=first_contact and index == 1,
            )
        if rng.random() < 0.04:  # a cancelled meeting in between
            day = first + (today - first) * rng.random()
            self.batch.meetings.append(
                (
                    self._meeting(
                        case, MeetingKind.FOLLOW_UP, self._at(day), MeetingStatus.CANCELLED, []
                    ),
                    self._participants(case),
                    [],
                    None,
                )
            )
        if not dropped and (demo_client or rng.random() < PLANNED_MEETING_SHARE):
            day = today + self._days(3, 40)
            self.batch.meetings.append(
                (
                    self._meeting(
                        case, MeetingKind.FOLLOW_UP, self._at(day), MeetingStatus.PLANNED, []
                    ),
                    self._participants(case),
                    [],
                    None,
                )
            )
        if demo_client or rng.random() < ASSESSMENT_SHARE:
            self._assessments(case, first)
        if case.goals:
            self._plan(case, first)

    def _assessments(self, case: _ClientCase, first: dt.date) -> None:
        rng = self.rng
        trends = ("stable", "declining", "low", "improving")
        trend = rng.choices(trends, weights=TREND_WEIGHTS)[0]
        count = rng.choice((1, 1, 2, 2, 3)) if trend != "declining" else rng.choice((2, 2, 3))
        earliest = max(first, self.today - dt.timedelta(days=360))
        span = (self.today - earliest).days
        if span < 30:
            count = 1
        day = earliest
        score = {
            "stable": rng.randint(6, 9),
            "declining": rng.randint(7, 9),
            "low": rng.randint(2, 5),
            "improving": rng.randint(3, 5),
        }[trend]
        assessor = case.coordinator
        for version in range(1, count + 1):
            if version > 1:
                room = (self.today - day).days
                day = day + dt.timedelta(days=max(1, min(room, rng.randint(60, 150))))
                day = min(day, self.today)
                if trend == "declining" and version == count:  # the drop of 2+ points
                    score = max(0, score - rng.randint(2, 3))
                elif trend == "declining":
                    score = max(0, score - rng.choice((0, 1)))
                elif trend == "improving":
                    score = min(10, score + rng.randint(1, 2))
                else:
                    score = max(0, min(10, score + rng.choice((-1, 0, 0, 1))))
            if trend == "declining":
                absence = rng.choice((5, 12, 20, 35, 45, 60))
            elif trend == "low":
                absence = rng.choice((0, 10, 30, 40, 90))
            else:
                absence = rng.choice((0, 0, 0, 0, 3, 7, 14, 21))  # under the warning's 30
            level = 1 if score <= 3 else 2 if score <= 5 else 3 if score <= 8 else 4
            assessment = Assessment(
                client_id=case.id,
                version=version,
                assessed_on=day,
                assessed_by_id=assessor,
                work_ability_score=score,
                sickness_absence_days=absence,
                created_at=min(self._at(day), self.now),
            )
            rows = []
            for domain in Domain:
                client_status = max(1, min(4, level + rng.choice((-1, 0, 0, 1))))
                professional_status = max(1, min(4, client_status + rng.choice((-1, 0, 0, 0, 1))))
                # both views within one step of the self-rated work ability's level: a client
                # who rates it 8/10 is not seen in serious difficulty (an early warning)
                professional_status = max(level - 1, min(level + 1, professional_status))
                if domain == Domain.DIGITAL_ACCESS:  # from the recorded facts, not the level
                    key, client_status = digital_access(
                        case.has_online_credentials, case.can_read_kela_messages, level
                    )
                    professional_status = client_status
                    client_view, professional_view = DIGITAL_VIEWS[key]
                else:
                    views = VIEWS[domain]
                    client_view = views[client_status - 1][0]
                    professional_view = views[professional_status - 1][1]
                rows.append(
                    (
                        domain.value,
                        client_status,
                        professional_status,
                        min(client_status, professional_status) <= 2,
                        client_view,
                        professional_view,
                    )
                )
            self.batch.assessments.append((assessment, rows))
            if version == 1 and case.members and rng.random() < 0.3:
                assessor = rng.choice(case.members)

    def _plan(self, case: _ClientCase, first: dt.date) -> None:
        rng = self.rng
        created = min(self._at(first + self._days(0, 10)), self.now)
        plan = Plan(client_id=case.id, created_by_id=case.coordinator, created_at=created)
        network = [case.coordinator, *case.members]
        by_profession: dict[str, list[int]] = {}
        for pid in network:
            by_profession.setdefault(self.people[pid].profession, []).append(pid)
        goals = []
        created_day = timezone.localdate(created)
        for order, text in enumerate(case.goals):
            goal = Goal(
                text=text,
                order=order,
                status=GoalStatus.ACTIVE
                if rng.random() < 0.85
                else rng.choice((GoalStatus.ACHIEVED, GoalStatus.DROPPED)),
                created_by_id=case.coordinator,
                created_at=created,
            )
            steps = []
            for service, what, professions in rng.sample(STEP_CATALOGUE, rng.randint(1, 3)):
                owners = [pid for prof in professions for pid in by_profession.get(prof, [])]
                responsible = rng.choice(owners) if owners else case.coordinator
                steps.append(self._step(service, what, responsible, created_day, created))
            if rng.random() < 0.25:
                steps.append(self._client_step(case, goal.status, created_day, created))
            for step in steps:
                if step.status not in (StepStatus.PLANNED, StepStatus.IN_PROGRESS):
                    continue
                if goal.status != GoalStatus.ACTIVE:  # a goal reached or let go: none open
                    self._close(step, goal.status == GoalStatus.ACHIEVED, created_day)
                    continue
                self.open_steps += 1
                if self.open_steps % LATE_STEP_EVERY == LATE_STEP_EVERY // 2:
                    # a few are late, by days or a few weeks
                    late = self.today - self._days(1, LATE_DAYS)
                    step.target_date = max(late, created_day + dt.timedelta(days=1))
            goals.append((goal, steps))
        self.batch.plans.append((plan, goals))

    def _step(
        self,
        service: str,
        what: str,
        responsible: int | None,
        created_day: dt.date,
        created: dt.datetime,
    ) -> _Step:
        rng = self.rng
        target = created_day + self._days(14, 240)
        organisation = self.people[responsible].org_id if responsible else None
        step = _Step(what, service, responsible, organisation, target, created)
        if target < self.today:
            roll = rng.random()
            if roll < 0.7:
                step.status = StepStatus.DONE
                step.done_on = min(target + self._days(-10, 5), self.today)
                step.done_on = max(step.done_on, created_day)
                return step
            if roll < 0.8:
                step.status = StepStatus.CANCELLED
                return step
            # Still open: the network gave it a new date when the old one passed.
            step.status = StepStatus.IN_PROGRESS
            step.target_date = self.today + self._days(7, 120)
        else:
            step.status = StepStatus.IN_PROGRESS if rng.random() < 0.4 else StepStatus.PLANNED
        return step

    def _client_step(
        self, case: _ClientCase, goal_status: str, created_day: dt.date, created: dt.datetime
    ) -> _Step:
        """A step of the client's own that agrees with the client's facts: getting online
        credentials is done for a client who has them and still open for one who lacks them
        (so only under a goal still pursued; another step under one reached or let go)."""
        rng = self.rng
        lacks = not case.has_online_credentials
        options = [
            what
            for what in CLIENT_STEPS
            if what != CREDENTIALS_STEP or not lacks or goal_status == GoalStatus.ACTIVE
        ]
        step = self._step("", rng.choice(options), None, created_day, created)
        if step.what != CREDENTIALS_STEP:
            return step
        if lacks and step.status not in OPEN_STEP_STATUSES:
            step.status, step.done_on = StepStatus.IN_PROGRESS, None
            if step.target_date < self.today:
                step.target_date = self.today + self._days(7, 120)
        elif not lacks and step.status != StepStatus.DONE:
            step.status = StepStatus.DONE
            latest = min(step.target_date, self.today)
            step.done_on = max(latest - self._days(0, 20), created_day)
        return step

    def _close(self, step: _Step, done: bool, created_day: dt.date) -> None:
        """An open step of a goal no longer pursued: done (by today, on its date at the latest)
        when the goal was reached, else cancelled."""
        if not done:
            step.status = StepStatus.CANCELLED
            return
        step.status = StepStatus.DONE
        latest = min(step.target_date, self.today)
        step.done_on = max(latest - self._days(0, 20), created_day)

    def on_working_days(self) -> None:
        """The dates people set — steps' target dates, agreements' and next contacts' due
        dates — on working days (polku.demo.dates), as meetings are (`_at`)."""
        for _plan, goals in self.batch.plans:
            for _goal, steps in goals:
                for step in steps:
                    step.target_date = working_day(step.target_date, self.today)
        for _meeting, _ids, agreements, contact in self.batch.meetings:
            for agreement in agreements:
                agreement.due_on = working_day(agreement.due_on, self.today)
            if contact is not None:
                contact.due_on = working_day(contact.due_on, self.today)

    def handovers(self, cases: list[_ClientCase]) -> None:
        """Proposed (some pending > 14 days) and declined handovers to another organisation's
        member of the network; the demo users get a couple waiting for them."""
        rng = self.rng
        open_for: set[int] = set()
        demo_received: dict[int, int] = {}
        for case in cases:
            if (self.today - timezone.localdate(case.created_at)).days < 60:
                continue
            coordinator_org = self.people[case.coordinator].org_id
            others = [pid for pid in case.members if self.people[pid].org_id != coordinator_org]
            if not others:
                continue
            demo = [
                pid for pid in others if self.people[pid].is_demo and demo_received.get(pid, 0) < 3
            ]
            roll = rng.random()
            if demo and roll < 0.25:
                to = demo[0]
                demo_received[to] = demo_received.get(to, 0) + 1
                status = HandoverStatus.PROPOSED
            elif roll < HANDOVER_SHARE:
                to, status = rng.choice(others), HandoverStatus.PROPOSED
            elif roll < HANDOVER_SHARE + DECLINED_HANDOVER_SHARE:
                to, status = rng.choice(others), HandoverStatus.DECLINED
            else:
                continue
            if status == HandoverStatus.PROPOSED:
                if case.id in open_for:
                    continue
                open_for.add(case.id)
                proposed = self.now - self._days(1, 30) - dt.timedelta(minutes=rng.randint(0, 600))
            else:
                proposed = self.now - self._days(40, 200)
            proposed = max(proposed, case.created_at)
            handover = Handover(
                client_id=case.id,
                from_coordinator_id=case.coordinator,
                to_professional_id=to,
                reason=handover_reason(self.people[to].org_kind),
                summary=HANDOVER_SUMMARY,
                status=status,
                proposed_at=proposed,
            )
            meeting = None
            if status == HandoverStatus.DECLINED:
                handover.decided_at = proposed + self._days(1, 10)
                handover.decision_note = rng.choice(DECLINE_NOTES)
            elif rng.random() < 0.6:  # the joint meeting with the client is planned
                day = self.today + self._days(2, 21)
                meeting = self._meeting(
                    case, MeetingKind.HANDOVER, self._at(day), MeetingStatus.PLANNED, []
                )
                self.batch.meetings.append((meeting, [case.coordinator, to], [], None))
            self.batch.handovers.append((handover, meeting))


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + (end - start) * rng.random()


# --- Writing ---------------------------------------------------------------------------------


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Rows of a leaf table (nothing refers to them here) as model instances, written with the
    ORM's bulk_create; `fields` name the model's fields (a foreign key takes the id)."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    model.objects.bulk_create(
        (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=2000
    )


def _write(batch: _Batch, stats: CaseworkStats) -> None:
    Assessment.objects.bulk_create([a for a, _rows in batch.assessments])
    domain_fields = [
        "assessment", "domain", "client_status", "professional_status", "support_needed",
        "client_view", "professional_view",
    ]  # fmt: skip
    domains = [(assessment.pk, *row) for assessment, rows in batch.assessments for row in rows]
    _insert(DomainAssessment, domain_fields, domains)

    Plan.objects.bulk_create([plan for plan, _goals in batch.plans])
    goals = []
    for plan, plan_goals in batch.plans:
        for goal, _steps in plan_goals:
            goal.plan_id = plan.pk
            goals.append(goal)
    Goal.objects.bulk_create(goals)
    step_fields = [
        "goal", "what", "responsible", "responsible_is_client", "organisation", "service_name",
        "target_date", "status", "done_on", "created_by", "created_at",
    ]  # fmt: skip
    steps = [
        (goal.pk, s.what, s.responsible_id, s.responsible_id is None, s.organisation_id,
         s.service_name, s.target_date, s.status, s.done_on, plan.created_by_id, s.created_at)
        for plan, plan_goals in batch.plans
        for goal, goal_steps in plan_goals
        for s in goal_steps
    ]  # fmt: skip
    _insert(Step, step_fields, steps)

    Meeting.objects.bulk_create([m for m, _p, _a, _n in batch.meetings], batch_size=1000)
    participants, agreements, contacts = [], [], []
    for meeting, ids, meeting_agreements, contact in batch.meetings:
        participants += [(meeting.pk, i) for i in ids]
        agreements += [
            (meeting.pk, a.client_id, a.owner_id, a.owner_id is None, a.what, a.due_on, a.status,
             a.done_at, a.done_by_id, a.created_at)
            for a in meeting_agreements
        ]  # fmt: skip
        if contact is not None:
            c = contact
            contacts.append(
                (meeting.pk, c.client_id, c.contact_by_id, c.client_contacts, c.contact_to_id,
                 c.due_on, c.channel, c.done_at)
            )  # fmt: skip
    _insert(MeetingParticipant, ["meeting", "professional"], participants)
    _insert(
        Agreement,
        ["meeting", "client", "owner", "owner_is_client", "what", "due_on", "status", "done_at",
         "done_by", "created_at"],
        agreements,
    )  # fmt: skip
    _insert(
        NextContact,
        ["meeting", "client", "contact_by", "client_contacts", "contact_to", "due_on", "channel",
         "done_at"],
        contacts,
    )  # fmt: skip

    handovers = []
    for handover, handover_meeting in batch.handovers:
        if handover_meeting is not None:
            handover.meeting_id = handover_meeting.pk
        handovers.append(handover)
    Handover.objects.bulk_create(handovers)

    stats.assessments += len(batch.assessments)
    stats.domains += len(domains)
    stats.plans += len(batch.plans)
    stats.goals += len(goals)
    stats.steps += len(steps)
    stats.meetings += len(batch.meetings)
    stats.participants += len(participants)
    stats.agreements += len(agreements)
    stats.next_contacts += len(contacts)
    stats.handovers += len(handovers)


def build_casework(
    *,
    seed: int = 2026,
    now: dt.datetime | None = None,
    client_ids: list[int] | None = None,
) -> CaseworkStats:
    """Assessments, plans, meetings, agreements, next contacts and handovers for the active
    clients that have none yet (all of them, or those in `client_ids`)."""
    now = now or timezone.now()
    stats = CaseworkStats()
    with transaction.atomic():
        cases = _cases(client_ids)
        if not cases:
            return stats
        planner = _Planner(random.Random(f"{seed}-casework"), now, _people())
        for case in cases:
            planner.plan_client(case)
        planner.handovers(cases)
        planner.on_working_days()
        _write(planner.batch, stats)
    stats.clients = len(cases)
    return stats


def summary() -> str:
    """One line of totals for the load_demo command."""
    today = timezone.localdate()
    open_steps = Step.objects.filter(status__in=(StepStatus.PLANNED, StepStatus.IN_PROGRESS))
    late = open_steps.filter(target_date__lt=today).count()
    return (
        f"Casework: {Assessment.objects.count()} assessments, {Plan.objects.count()} plans "
        f"({open_steps.count()} open steps, {late} past their date), "
        f"{Meeting.objects.count()} meetings, {Agreement.objects.count()} agreements, "
        f"{NextContact.objects.count()} next contacts, {Handover.objects.count()} handovers."
    )
