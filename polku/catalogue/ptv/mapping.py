"""A parsed PTV service → the fields of a catalogue entry (and its provider, channels).

What the sync owns on a PTV entry: the name, who it is for (the target groups, else the
summary), what happens (the description), how to apply (the user instruction), languages,
areas, national classifications, channels, provider, source link, the date PTV modified it.
What it never writes — the curated layer — is listed in `CURATED_LAYER`. On a curated entry
linked to a PTV service it writes only `LINKED_FIELDS` (and the channels, where
`channels_apply`): the PTV reference and the national classifications, never the entry's area
(`area`, `municipalities`). A curated
entry describes the service where the curator says it is (most for the whole country); the PTV
service it is linked to is often one municipality's or one county's, and its municipalities
would make the entry listed only there (docs/ptv.md, "What a link changes")."""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify

from polku.accounts.models import OrganisationKind

from ..models import ServiceKind, Source
from ..validation import LONG_TEXT
from . import regions, wire

CURATED_LAYER = (
    "plain_summary_fi",
    "plain_summary_sv",
    "plain_summary_en",
    "income_effect_fi",
    "income_effect_sv",
    "income_effect_en",
    "eligibility_rule",
    "income_component",
    "processing_time_days",
    "processing_time_source",
    "processing_time_source_sv",
    "processing_time_source_en",
    "life_situations",
    "verification_note_fi",
    "verification_note_sv",
    "verification_note_en",
    # and the route structure: prerequisites, exclusions, next steps (links, never touched)
)
LINKED_FIELDS = ("ptv_modified", "classifications")
# Never written on a curated entry, by a link or a sync: where the service is offered.
AREA_FIELDS = ("area", "municipalities")


def channels_apply(ptv_area: str, ptv_municipalities: list[str], entry_area: str) -> bool:
    """Whether a PTV service's channels (service points, phone services, web pages) hold for
    the whole of a linked curated entry's area, so the entry may show them to everyone who
    reads it: the PTV service is for the whole country, or it names the same region as the
    entry. A county's or a municipality's service points on a nationwide entry would tell a
    reader anywhere else to go there; such an entry keeps its own guidance (how to apply,
    where to apply) and its link to Suomi.fi instead (docs/ptv.md, "What a link changes")."""
    if not ptv_area.strip() and not ptv_municipalities:
        return True
    return bool(entry_area.strip()) and entry_area.strip().casefold() == ptv_area.strip().casefold()


# The kind of a PTV service from the words of its service classes' Finnish names.
KIND_WORDS = (
    ("kuntout", ServiceKind.REHABILITATION),
    ("työ", ServiceKind.EMPLOYMENT),
    ("terve", ServiceKind.HEALTH),
    ("mielenterve", ServiceKind.HEALTH),
    ("koulutus", ServiceKind.EDUCATION),
    ("opiskel", ServiceKind.EDUCATION),
    ("järjestö", ServiceKind.PEER_SUPPORT),
    ("vertais", ServiceKind.PEER_SUPPORT),
    ("etuu", ServiceKind.BENEFIT),
    ("tuki", ServiceKind.BENEFIT),
)
ORGANIZATION_KINDS = {
    "Municipality": OrganisationKind.SOCIAL,
    "RegionalOrganization": OrganisationKind.SOCIAL,
    "SotePublic": OrganisationKind.SOCIAL,
    "State": OrganisationKind.OTHER,
    "Organization": OrganisationKind.NGO,
    "Company": OrganisationKind.OTHER,
    "SotePrivate": OrganisationKind.OTHER,
}


def _text(texts: wire.Texts, language: str, fallback: wire.Texts | None = None) -> str:
    """The text in `language`, else in Finnish (PTV services often lack English): the
    model needs all three; the page shows the Finnish one either way."""
    value = texts.get(language) or texts.get("fi")
    if not value and fallback is not None:
        value = fallback.get(language) or fallback.get("fi")
    return (value or "")[:LONG_TEXT]


def kind_of(service: wire.PtvService) -> str:
    names = " ".join(
        c.name.get("fi").lower() for c in service.classifications if c.scheme == "service_class"
    )
    for word, kind in KIND_WORDS:
        if word in names:
            return kind
    return ServiceKind.SOCIAL


def slug_for(service: wire.PtvService) -> str:
    return f"ptv-{slugify(service.names.get('fi'))[:60].strip('-')}-{str(service.id)[:8]}"


def classifications(service: wire.PtvService) -> list[dict]:
    return [
        {
            "scheme": c.scheme,
            "code": c.code,
            "uri": c.uri,
            **{language: c.name.get(language) or c.name.get("fi") for language in wire.LANGUAGES},
        }
        for c in service.classifications
    ]


def audience(service: wire.PtvService, language: str) -> str:
    groups = [
        c.name.get(language) or c.name.get("fi")
        for c in service.classifications
        if c.scheme == "target_group"
    ]
    return ", ".join(groups) or _text(service.summaries, language, service.descriptions)


def area_name(service: wire.PtvService) -> str:
    """The region text of the entry: the province's name, the county's, the municipalities'
    names, or empty for the whole country."""
    if service.area_type != wire.LIMITED:
        return ""
    for area in service.areas:
        if area.kind != "Municipality" and area.name.get("fi"):
            return area.name.get("fi")[:100]
    return regions.area_text(service.municipalities)[:100]


def service_fields(service: wire.PtvService, provider_id: int) -> dict:
    """Every field the sync owns on a PTV entry."""
    values: dict[str, object] = {
        "source": Source.PTV,
        "kind": kind_of(service),
        "provider_id": provider_id,
        "source_url": f"https://www.suomi.fi/palvelut/{service.id}",
        "last_checked": service.modified.date(),
        "verified": True,  # the responsible organisation's own description
        "area": area_name(service),
        "languages": [lang for lang in service.languages if lang in wire.LANGUAGES],
        "ptv_modified": service.modified,
        "municipalities": list(service.municipalities),
        "classifications": classifications(service),
        "is_active": True,
    }
    for language in wire.LANGUAGES:
        values[f"name_{language}"] = _text(service.names, language)[:200]
        values[f"description_{language}"] = _text(service.descriptions, language, service.summaries)
        values[f"audience_{language}"] = audience(service, language)[:LONG_TEXT]
        values[f"how_to_apply_{language}"] = _text(service.instructions, language)
    return values


def provider_fields(organization: wire.PtvOrganization) -> dict:
    return {
        "name": organization.names.get("fi")[:200],
        "kind": ORGANIZATION_KINDS.get(organization.organization_type, OrganisationKind.OTHER),
        "website": next(
            (u for u in organization.web_pages if u.startswith(("http://", "https://"))), ""
        ),
        "email": organization.emails[0] if organization.emails else "",
        "phone": organization.phones[0][:40] if organization.phones else "",
        "business_id": organization.business_code[:9],
        **{
            f"description_{language}": organization.descriptions.get(language)[:LONG_TEXT]
            for language in wire.LANGUAGES
        },
    }


def channel_fields(channel: wire.PtvChannel) -> dict:
    return {
        "kind": channel.type,
        "names": dict(channel.names.values),
        "descriptions": dict(channel.descriptions.values),
        "phones": list(channel.phones),
        "emails": list(channel.emails),
        "web_pages": [w for w in channel.web_pages if w["url"].startswith(("http://", "https://"))],
        "addresses": list(channel.addresses),
        "hours": list(channel.hours),
        "ptv_modified": channel.modified,
        "is_active": True,
    }


def same(a: object, b: object) -> bool:
    """Equality as stored (datetimes compared as instants)."""
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b
    return a == b
