"""Everyday queries a client or a professional types into the map's search, each with the
entries they should find (the map's current view: ended benefits are expected nowhere).

Written from the seeds' people and the catalogue's own texts: base forms and inflected
forms, compounds and their parts, everyday words ("sairausloma", "työkkäri", "sossu") and a
few Swedish queries. Recall = expected entries found / expected entries, over all queries.
Used by tests/catalogue/test_search_recall.py (with a threshold) and by the search benchmark
(polku/benchmarks/catalogue_search.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# (query, language, expected slugs)
QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    # Unemployed: base form, inflected forms, the life situation's own word
    (
        "työtön",
        "fi",
        (
            "yleistuki",
            "tyonhakijaksi-ilmoittautuminen",
            "tyottomien-terveystarkastus",
            "palkkatuki",
            "typ-monialainen-yhteispalvelu",
        ),
    ),
    (
        "työttömänä",
        "fi",
        ("yleistuki", "tyonhakijaksi-ilmoittautuminen", "kuntouttava-tyotoiminta"),
    ),
    ("olen työtön", "fi", ("yleistuki", "tyonhakijaksi-ilmoittautuminen")),
    ("jäin työttömäksi", "fi", ("yleistuki", "tyonhakijaksi-ilmoittautuminen")),
    (
        "pitkään työttömänä",
        "fi",
        ("kuntouttava-tyotoiminta", "aktivointisuunnitelma", "tyollistamistuki-55"),
    ),
    ("työttömyysturva", "fi", ("yleistuki",)),
    ("työttömyysetuus", "fi", ("yleistuki", "tyonhakijaksi-ilmoittautuminen")),
    ("työkkäri", "fi", ("tyonhakijaksi-ilmoittautuminen", "tyollistymissuunnitelma", "tyokokeilu")),
    ("te-toimisto", "fi", ("tyonhakijaksi-ilmoittautuminen", "tyollistymissuunnitelma")),
    (
        "työllisyyspalvelut",
        "fi",
        ("tyonhakijaksi-ilmoittautuminen", "tyovoimakoulutus", "omaehtoinen-opiskelu"),
    ),
    ("työnhakijaksi", "fi", ("tyonhakijaksi-ilmoittautuminen",)),
    ("ilmoittautuminen työnhakijaksi", "fi", ("tyonhakijaksi-ilmoittautuminen",)),
    ("työnhaku", "fi", ("tyollistymissuunnitelma", "tyohonvalmennus")),
    # Sick
    ("sairausloma", "fi", ("kelan-sairauspaivaraha", "osasairauspaivaraha")),
    ("sairauslomalla", "fi", ("kelan-sairauspaivaraha", "osasairauspaivaraha")),
    ("pitkä sairaus", "fi", ("tyokyvyttomyyselake", "kelan-sairauspaivaraha")),
    ("sairas", "fi", ("kelan-sairauspaivaraha", "tyokyvyttomyyselake")),
    ("sairauspäivärahaa", "fi", ("kelan-sairauspaivaraha", "osasairauspaivaraha")),
    ("sairauspäivärahan jälkeen", "fi", ("tyokyvyttomyyselake",)),
    ("osasairauspäiväraha", "fi", ("osasairauspaivaraha",)),
    ("palaan töihin", "fi", ("osasairauspaivaraha", "tyokokeilu")),
    ("työkyvyttömyyseläke", "fi", ("tyokyvyttomyyselake",)),
    ("työkyvyttömyyseläkkeelle", "fi", ("tyokyvyttomyyselake",)),
    ("eläke", "fi", ("tyokyvyttomyyselake", "tyoelakekuntoutus")),
    (
        "työkyky",
        "fi",
        (
            "tyokykykoordinaattori",
            "kelan-ammatillinen-kuntoutus",
            "tyoelakekuntoutus",
            "b-lausunto",
        ),
    ),
    ("heikentynyt työkyky", "fi", ("tyokykykoordinaattori",)),
    ("osatyökykyinen", "fi", ("tyokykykoordinaattori", "palkkatuki")),
    ("lääkärinlausunto", "fi", ("b-lausunto",)),
    ("lausunto", "fi", ("b-lausunto", "psykiatrinen-arvio")),
    ("lääkäri", "fi", ("b-lausunto", "tyottomien-terveystarkastus")),
    ("terveystarkastukseen", "fi", ("tyottomien-terveystarkastus",)),
    # Mental health and substance use
    ("mielenterveys", "fi", ("mielenterveyspalvelut", "kelan-kuntoutuspsykoterapia")),
    ("masennus", "fi", ("mielenterveyspalvelut", "kelan-kuntoutuspsykoterapia")),
    ("ahdistus", "fi", ("mielenterveyspalvelut",)),
    ("uupumus", "fi", ("mielenterveyspalvelut",)),
    ("psykoterapiaan", "fi", ("kelan-kuntoutuspsykoterapia", "psykiatrinen-arvio")),
    ("terapia", "fi", ("kelan-kuntoutuspsykoterapia",)),
    ("päihteet", "fi", ("paihdepalvelut", "aikuissosiaalityo")),
    ("alkoholi", "fi", ("paihdepalvelut",)),
    ("alkoholiongelma", "fi", ("paihdepalvelut",)),
    ("jaksaminen", "fi", ("aikuissosiaalityo", "elintapaohjaus")),
    # Rehabilitation
    (
        "kuntoutukseen",
        "fi",
        (
            "kuntoutusraha",
            "kelan-ammatillinen-kuntoutus",
            "sosiaalinen-kuntoutus",
            "tyoelakekuntoutus",
        ),
    ),
    (
        "ammatillinen kuntoutus",
        "fi",
        (
            "kelan-ammatillinen-kuntoutus",
            "kelan-ammatillisen-kuntoutuksen-selvitys",
            "kuntoutusraha",
        ),
    ),
    ("ammatilliseen kuntoutukseen", "fi", ("kelan-ammatillinen-kuntoutus", "kuntoutusraha")),
    (
        "kelan kuntoutus",
        "fi",
        ("kelan-ammatillinen-kuntoutus", "kuntoutusraha", "kelan-kuntoutuspsykoterapia"),
    ),
    ("kuntoutusrahaa", "fi", ("kuntoutusraha", "nuoren-kuntoutusraha", "yllapitokorvaus")),
    ("kuntoutusselvitys", "fi", ("kelan-ammatillisen-kuntoutuksen-selvitys",)),
    ("työeläkekuntoutus", "fi", ("tyoelakekuntoutus",)),
    ("työkokeiluun", "fi", ("tyokokeilu", "kulukorvaus")),
    ("työkokeilussa", "fi", ("tyokokeilu", "kulukorvaus")),
    (
        "kuntouttavaan työtoimintaan",
        "fi",
        ("kuntouttava-tyotoiminta", "aktivointisuunnitelma", "kulukorvaus"),
    ),
    ("työhönvalmentaja", "fi", ("tyohonvalmennus",)),
    ("palkkatuella", "fi", ("palkkatuki",)),
    ("palkkatukityö", "fi", ("palkkatuki",)),
    ("TYP", "fi", ("typ-monialainen-yhteispalvelu",)),
    ("monialainen", "fi", ("typ-monialainen-yhteispalvelu",)),
    # Money and housing
    ("asumistukea", "fi", ("yleinen-asumistuki",)),
    ("vuokra", "fi", ("yleinen-asumistuki",)),
    ("toimeentulotukea", "fi", ("perustoimeentulotuki", "taydentava-toimeentulotuki")),
    ("sossu", "fi", ("aikuissosiaalityo", "perustoimeentulotuki")),
    ("sosiaalityöntekijä", "fi", ("aikuissosiaalityo", "sosiaalinen-kuntoutus")),
    ("rahat ei riitä", "fi", ("perustoimeentulotuki",)),
    ("velat", "fi", ("talous-ja-velkaneuvonta",)),
    ("velkaneuvontaa", "fi", ("talous-ja-velkaneuvonta",)),
    ("ulosotto", "fi", ("talous-ja-velkaneuvonta",)),
    # Studying, work, own business
    (
        "koulutus",
        "fi",
        ("ammatillinen-koulutus", "tyovoimakoulutus", "tutkintokoulutukseen-valmentava-koulutus"),
    ),
    ("opiskelemaan", "fi", ("omaehtoinen-opiskelu", "opiskelu-kuntoutuksena")),
    ("uusi ammatti", "fi", ("opiskelu-kuntoutuksena",)),
    ("nuorelle", "fi", ("nuoren-kuntoutusraha", "tutkintokoulutukseen-valmentava-koulutus")),
    ("yrittäjäksi", "fi", ("starttiraha",)),
    # Crisis and support
    ("väkivalta", "fi", ("turvakoti",)),
    ("turvakotiin", "fi", ("turvakoti",)),
    ("vauvaperhe", "fi", ("ensikoti",)),
    ("vertaistukea", "fi", ("vertaistukiryhmat",)),
    ("kokemusasiantuntija", "fi", ("kokemusasiantuntijat",)),
    # Swedish
    (
        "arbetslös",
        "sv",
        ("yleistuki", "tyonhakijaksi-ilmoittautuminen", "tyottomien-terveystarkastus"),
    ),
    ("sjukdagpenning", "sv", ("kelan-sairauspaivaraha", "osasairauspaivaraha")),
    (
        "rehabilitering",
        "sv",
        ("kelan-ammatillinen-kuntoutus", "kuntoutusraha", "sosiaalinen-kuntoutus"),
    ),
    ("bostadsbidrag", "sv", ("yleinen-asumistuki",)),
    ("utkomststöd", "sv", ("perustoimeentulotuki", "taydentava-toimeentulotuki")),
    ("arbetsprövning", "sv", ("tyokokeilu",)),
    ("skuldrådgivning", "sv", ("talous-ja-velkaneuvonta",)),
]


def recall(search: Callable[[str, str], Iterable[str]]) -> tuple[float, list[str]]:
    """(found / expected over every query, what was missed); `search(query, language)`
    returns the slugs it finds."""
    expected = found = 0
    missed: list[str] = []
    for query, language, slugs in QUERIES:
        got = set(search(query, language))
        for slug in slugs:
            expected += 1
            if slug in got:
                found += 1
            else:
                missed.append(f"{query!r} → {slug}")
    return found / expected, missed
