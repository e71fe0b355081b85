"""Everyday words people type for what the map calls by its official name.

A query word whose base form (Finnish) or lower-cased form (Swedish, English) is a key here
also finds the entries that use the words it maps to. Kept small and curated: each entry says
why the everyday word means the official one. Synonyms are applied to queries only, so
changing this list needs no re-indexing. Keys are single words; a target of several words
finds the entries that have all of them."""

from __future__ import annotations

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        # Sick leave is the time Kela's sickness allowance is paid for (the partial one when
        # returning part-time); a doctor's certificate of sick leave is the allowance's basis.
        "sairausloma": ("sairauspäiväraha",),
        "saikku": ("sairauspäiväraha", "sairausloma"),
        # "Työkkäri" / TE office: the public employment services, run by the municipalities'
        # employment services (työllisyyspalvelut) since 1.1.2025 (TE services reform).
        # In Suomi.fi's service catalogue (PTV) the same services are "työnhakijan palvelut"
        # of an employment area (työllisyysalue).
        "työkkäri": ("työllisyyspalvelu", "työnhakija", "työllisyysalue"),
        "te-toimisto": ("työllisyyspalvelu", "työnhakija", "työllisyysalue"),
        "te-palvelut": ("työllisyyspalvelu", "työnhakija", "työllisyysalue"),
        "te-palvelu": ("työllisyyspalvelu", "työnhakija", "työllisyysalue"),
        # Unemployment security / benefit: since 1.5.2026 Kela's basic unemployment benefit is
        # yleistuki, which replaced the labour-market subsidy and the basic unemployment
        # allowance (../shared/domain/benefits-facts.md, "Two changes in 2026").
        "työttömyysturva": ("yleistuki", "työttömyysetuus"),
        "työttömyysetuus": ("yleistuki",),
        "työttömyyskorvaus": ("yleistuki", "työttömyysetuus"),
        "työmarkkinatuki": ("yleistuki",),
        "peruspäiväraha": ("yleistuki",),
        # "Sossu": the social office / social worker in everyday speech, where social
        # assistance (toimeentulotuki) is also asked about.
        "sossu": ("sosiaalityöntekijä", "sosiaalityö", "sosiaalipalvelu", "toimeentulotuki"),
        "sosiaalitoimisto": ("sosiaalityöntekijä", "sosiaalityö", "sosiaalipalvelu"),
        # Depression and exhaustion are mental-health conditions; the catalogue's words are
        # "mielenterveys", "mieliala" and "jaksaminen".
        "masennus": ("mielenterveys", "mieliala"),
        "uupumus": ("mielenterveys", "jaksaa"),
        "burnout": ("mielenterveys", "jaksaa"),
        # Partial work ability is reduced work ability ("alentunut/heikentynyt työkyky").
        "osatyökykyinen": ("työkyky",),
        "osatyökyky": ("työkyky",),
        # Help with rent is the general housing allowance's purpose.
        "vuokra": ("asumistuki",),
        # Enforcement (ulosotto) collects debts: debt advice helps with it.
        "ulosotto": ("velka", "velkaneuvonta"),
        # A doctor's certificate (lääkärintodistus) is the everyday name of a medical
        # statement; Kela asks for statement B.
        "lääkärintodistus": ("lääkärinlausunto", "lausunto"),
    },
    "sv": {
        # Sick leave (sjukskrivning) is the time the sickness allowance is paid for.
        "sjukskrivning": ("sjukdagpenning",),
        "sjukskriven": ("sjukdagpenning",),
        "sjukledighet": ("sjukdagpenning",),
        # The employment office (arbetskraftsbyrå, TE-byrå) is now the municipality's
        # employment services (sysselsättningstjänster) since 1.1.2025.
        "arbetskraftsbyrå": ("sysselsättningstjänster",),
        "te-byrå": ("sysselsättningstjänster",),
        "arbetslöshetsersättning": ("allmänt stöd", "arbetslöshetsförmån"),
    },
    "en": {
        # Sick leave is the time the sickness allowance is paid for.
        "sickleave": ("sickness allowance",),
        # A jobcentre / TE office: the municipality's employment services since 1.1.2025.
        "jobcentre": ("employment services",),
    },
}


def synonyms_of(key: str, language: str) -> tuple[str, ...]:
    return SYNONYMS.get(language, {}).get(key.lower(), ())
