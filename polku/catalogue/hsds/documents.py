"""The catalogue as Open Referral HSDS 3.0 documents (export) — and the vocabulary Polku uses
inside them.

HSDS fields carry the Finnish texts (Polku's primary language): name, description,
eligibility_description ("who it is for"), application_process ("how to apply"),
fees_description ("what it means for your income"), assured_date (last checked), alert
(what is unverified). Everything HSDS lacks travels as `attributes` whose taxonomy term is
one of Polku's own terms (taxonomy "polku"): the Swedish and English texts, prerequisites,
exclusions, next steps, the rules engine references, the kind and life situations. An HSDS
consumer that does not know them still reads a valid document.

Entries from Suomi.fi's service catalogue (PTV) carry its national classifications as
attributes whose terms belong to four national taxonomies (`NATIONAL_TAXONOMIES`: service
classes, target groups, life events, ontology terms; `term_uri` the Finto address), and their
service channels as HSDS objects: a service location becomes a `service_at_location` with its
`location`, address, phones and weekly `schedules`; a phone service a `phone`; e-mail
addresses `contacts`.

Identifiers of attributes, languages and areas are UUIDv5 derived from the service's id and
the content, so the same catalogue always exports the same document."""

from __future__ import annotations

import uuid

from ..models import (
    LANGUAGE_CODES,
    LifeSituation,
    Provider,
    Service,
    ServiceChannel,
    ServiceKind,
)
from ..validation import is_web_url

NAMESPACE = uuid.UUID("6f1d7c3e-5b1a-4d64-9a51-2f9d3c7a8e10")
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:polku"))
TAXONOMY = {
    "id": TAXONOMY_ID,
    "name": "Polku",
    "description": "Polku's own classifications and fields of the service map that HSDS "
    "does not define (kinds, life situations, translations, route structure).",
    "uri": "https://polku.example.fi/hsds/taxonomy",
    "version": "1",
}
# The national classifications of PTV entries (polku.catalogue.ptv), one HSDS taxonomy each.
NATIONAL_TAXONOMIES = {
    scheme: {
        "id": str(uuid.uuid5(NAMESPACE, f"taxonomy:ptv:{scheme}")),
        "name": name,
        "description": description,
        "uri": uri,
        "version": "1",
    }
    for scheme, name, description, uri in (
        (
            "service_class",
            "Palveluluokitus",
            "The national service classes of Suomi.fi's service catalogue (PTV).",
            "http://urn.fi/URN:NBN:fi:au:ptvl",
        ),
        (
            "target_group",
            "Kohderyhmät",
            "The national target groups of Suomi.fi's service catalogue (PTV).",
            "http://urn.fi/URN:NBN:fi:au:ptvl",
        ),
        (
            "life_event",
            "Elämäntapahtumat",
            "The national life events of Suomi.fi's service catalogue (PTV).",
            "http://urn.fi/URN:NBN:fi:au:ptvl",
        ),
        (
            "ontology_term",
            "YSO",
            "General Finnish ontology terms (Finto) that PTV attaches to services.",
            "http://www.yso.fi/onto/yso/",
        ),
    )
}
WEEKDAYS = {
    "Monday": "MO",
    "Tuesday": "TU",
    "Wednesday": "WE",
    "Thursday": "TH",
    "Friday": "FR",
    "Saturday": "SA",
    "Sunday": "SU",
}
# Texts beside the HSDS field that holds the Finnish one.
TEXT_FIELDS = {
    "name": "name",
    "audience": "eligibility_description",
    "description": "description",
    "income_effect": "fees_description",
    "how_to_apply": "application_process",
    "verification_note": "alert",
}
# Polku fields travelling as attributes (term code → model field).
SCALAR_FIELDS = {
    "slug": "slug",
    "application_form": "application_form",
    "application_url": "application_url",
    "processing_time_days": "processing_time_days",
    "processing_time_source": "processing_time_source",
    "processing_time_source_sv": "processing_time_source_sv",
    "processing_time_source_en": "processing_time_source_en",
    "legal_basis": "legal_basis_fi",
    "legal_basis_sv": "legal_basis_sv",
    "legal_basis_en": "legal_basis_en",
    "source_url": "source_url",
    "valid_from": "valid_from",
    "valid_until": "valid_until",
    "validity_source": "validity_source_fi",
    "validity_source_sv": "validity_source_sv",
    "validity_source_en": "validity_source_en",
    "verified": "verified",
    "eligibility_rule": "eligibility_rule",
    "income_component": "income_component",
}
MUNICIPALITIES = "field:municipalities"
LINK_FIELDS = {
    "prerequisite": "prerequisites",
    "exclusion": "exclusions",
    "next_step": "next_steps",
}


def _term_codes() -> dict[str, str]:
    codes = {f"kind:{k}": f"Kind: {label}" for k, label in ServiceKind.choices}
    codes.update(
        {f"situation:{k}": f"Life situation: {label}" for k, label in LifeSituation.choices}
    )
    for field in TEXT_FIELDS:
        for language in LANGUAGE_CODES:
            if language != "fi":
                codes[f"text:{field}:{language}"] = f"{field} in {language}"
    codes.update({f"field:{code}": code.replace("_", " ") for code in SCALAR_FIELDS})
    codes.update({f"link:{code}": code.replace("_", " ") for code in LINK_FIELDS})
    # Where a PTV entry is offered: its municipality codes, comma-separated ("408,743"). HSDS's
    # service_areas carries only the area's name, and an entry without codes is listed for
    # every municipality.
    codes[MUNICIPALITIES] = "municipality codes"
    codes["field:provider_kind"] = "provider kind"
    for language in LANGUAGE_CODES:
        if language != "fi":
            codes[f"text:provider_description:{language}"] = f"provider description in {language}"
    return codes


TERM_CODES = _term_codes()


def term_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term:{code}"))


def term(code: str) -> dict:
    return {
        "id": term_id(code),
        "code": code,
        "name": TERM_CODES[code],
        "description": TERM_CODES[code],
        "taxonomy": "Polku",
        "taxonomy_id": TAXONOMY_ID,
    }


def national_term(item: dict) -> dict:
    """An HSDS taxonomy term for one of PTV's national classifications."""
    taxonomy = NATIONAL_TAXONOMIES[item["scheme"]]
    document = {
        "id": str(uuid.uuid5(NAMESPACE, f"term:ptv:{item['scheme']}:{item['code']}")),
        "code": item["code"],
        "name": item.get("fi") or item["code"],
        "description": item.get("fi") or item["code"],
        "taxonomy": taxonomy["name"],
        "taxonomy_id": taxonomy["id"],
        "language": "fi",
    }
    if item.get("uri"):
        document["term_uri"] = item["uri"]
    return document


def national_terms() -> list[dict]:
    """Every national term the map's entries carry, once each (sorted by id)."""
    found: dict[str, dict] = {}
    for items in Service.objects.exclude(classifications=[]).values_list(
        "classifications", flat=True
    ):
        for item in items or []:
            if item.get("scheme") in NATIONAL_TAXONOMIES:
                term_document = national_term(item)
                found.setdefault(term_document["id"], term_document)
    return [found[key] for key in sorted(found)]


def taxonomies() -> list[dict]:
    """Polku's own taxonomy and the national ones."""
    return [TAXONOMY, *NATIONAL_TAXONOMIES.values()]


def taxonomy_terms() -> list[dict]:
    return [term(code) for code in sorted(TERM_CODES)] + national_terms()


def _attribute(link_id: str, entity: str, code: str, value: object) -> dict:
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"attribute:{link_id}:{code}:{text}")),
        "link_id": link_id,
        "link_type": "polku",
        "link_entity": entity,
        "taxonomy_term_id": term_id(code),
        "value": text,
        "taxonomy_term": term(code),
    }


def _national_attribute(sid: str, item: dict) -> dict:
    term_document = national_term(item)
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"attribute:{sid}:{term_document['id']}")),
        "link_id": sid,
        "link_type": "ptv",
        "link_entity": "service",
        "taxonomy_term_id": term_document["id"],
        "value": item["code"],
        "taxonomy_term": term_document,
    }


def _schedules(owner: dict, hours: list[dict], key: str) -> list[dict]:
    """Weekly opening hours → HSDS schedules (iCal-like: WEEKLY, byday, opens_at)."""
    found = []
    for block in hours or []:
        if block.get("closed") or block.get("type") != "DaysOfTheWeek":
            continue
        for slot in block.get("opening") or []:
            days = list(WEEKDAYS)
            start, end = days.index(slot["day_from"]), days.index(slot["day_to"])
            byday = ",".join(WEEKDAYS[d] for d in days[start : end + 1]) if end >= start else ""
            text = f"{key}:{byday}:{slot['from']}:{slot['to']}"
            schedule = {
                "id": str(uuid.uuid5(NAMESPACE, f"schedule:{text}")),
                **owner,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": byday,
                "opens_at": slot["from"],
                "closes_at": slot["to"],
                "description": f"{slot['from']}–{slot['to']} (Finnish time)",
            }
            found.append(schedule)
    return found


def _phones(owner: dict, channel: ServiceChannel) -> list[dict]:
    return [
        {
            "id": str(uuid.uuid5(NAMESPACE, f"phone:{channel.ptv_id}:{phone['number']}")),
            **owner,
            "number": phone["number"],
            "type": "voice",
            **({"description": phone["info"]} if phone.get("info") else {}),
        }
        for phone in channel.phones
        if phone.get("number")
    ]


def _channel_parts(sid: str, channels: list[ServiceChannel]) -> dict:
    """A service's channels as HSDS service_at_locations, phones, contacts, schedules."""
    parts: dict[str, list] = {"service_at_locations": [], "phones": [], "contacts": []}
    for channel in channels:
        if channel.kind == "ServiceLocation":
            lid = str(channel.hsds_id)
            location = {
                "id": lid,
                "location_type": "physical",
                "name": channel.name,
                "addresses": [
                    {
                        "id": str(uuid.uuid5(NAMESPACE, f"address:{lid}:{n}")),
                        "location_id": lid,
                        "address_1": " ".join(
                            x for x in (address["street"].get("fi", ""), address["number"]) if x
                        ),
                        "city": address["post_office"].get("fi", "").title(),
                        "state_province": "",
                        "postal_code": address["postal_code"],
                        "country": "FI",
                        "address_type": "physical",
                    }
                    for n, address in enumerate(channel.addresses)
                ],
                "phones": _phones({"location_id": lid}, channel),
                "schedules": _schedules({"location_id": lid}, channel.hours, lid),
            }
            if channel.description:
                location["description"] = channel.description
            parts["service_at_locations"].append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"service_at_location:{sid}:{lid}")),
                    "service_id": sid,
                    "location_id": lid,
                    "location": location,
                }
            )
        elif channel.kind == "Phone":
            parts["phones"] += _phones({"service_id": sid}, channel)
        for email in channel.emails:
            parts["contacts"].append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"contact:{sid}:{email['address']}")),
                    "service_id": sid,
                    "name": channel.name,
                    "email": email["address"],
                }
            )
    return {key: value for key, value in parts.items() if value}


def organization_document(provider: Provider) -> dict:
    pid = str(provider.hsds_id)
    attributes = [_attribute(pid, "organization", "field:provider_kind", provider.kind)]
    for language in LANGUAGE_CODES:
        text = getattr(provider, f"description_{language}")
        if language != "fi" and text:
            attributes.append(
                _attribute(pid, "organization", f"text:provider_description:{language}", text)
            )
    document = {
        "id": pid,
        "name": provider.name,
        "description": provider.description_fi or provider.name,
        "attributes": attributes,
    }
    if is_web_url(provider.website):  # the models refuse others; never republish one
        document["website"] = provider.website
    if provider.email:
        document["email"] = provider.email
    if provider.business_id:
        document["tax_id"] = provider.business_id
    return document


def service_document(service: Service, links: dict[str, list[str]] | None = None) -> dict:
    """A fully nested HSDS service. `links` maps link codes to the HSDS ids of the linked
    services (prerequisite, exclusion, next_step); read from the database when omitted."""
    sid = str(service.hsds_id)
    if links is None:
        links = {
            code: sorted(str(u) for u in getattr(service, field).values_list("hsds_id", flat=True))
            for code, field in LINK_FIELDS.items()
        }
    attributes = [_attribute(sid, "service", f"kind:{service.kind}", "")]
    attributes += [
        _attribute(sid, "service", f"situation:{code}", "")
        for code in sorted(service.life_situations or [])
    ]
    for field in TEXT_FIELDS:
        for language in LANGUAGE_CODES:
            text = getattr(service, f"{field}_{language}")
            if language != "fi" and text:
                attributes.append(_attribute(sid, "service", f"text:{field}:{language}", text))
    for code, field in SCALAR_FIELDS.items():
        value = getattr(service, field)
        if field in ("application_url", "source_url") and not is_web_url(value):
            continue
        if value not in ("", None):
            attributes.append(_attribute(sid, "service", f"field:{code}", value))
    if service.municipalities:
        attributes.append(
            _attribute(sid, "service", MUNICIPALITIES, ",".join(sorted(service.municipalities)))
        )
    for code in LINK_FIELDS:
        attributes += [_attribute(sid, "service", f"link:{code}", other) for other in links[code]]
    attributes += [
        _national_attribute(sid, item)
        for item in service.classifications or []
        if item.get("scheme") in NATIONAL_TAXONOMIES
    ]
    document = {
        "id": sid,
        "organization_id": str(service.provider.hsds_id),
        "name": service.name_fi,
        "description": service.description_fi,
        "status": "active" if service.is_active else "inactive",
        "eligibility_description": service.audience_fi,
        "assured_date": service.last_checked.isoformat(),
        "languages": [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"language:{sid}:{code}")),
                "service_id": sid,
                "code": code,
            }
            for code in service.languages or []
        ],
        "service_areas": [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"area:{sid}:{service.area or 'Suomi'}")),
                "service_id": sid,
                "name": service.area or "Suomi",
                "extent_type": "other",
            }
        ],
        "organization": organization_document(service.provider),
        "attributes": attributes,
    }
    url = next((u for u in (service.application_url, service.source_url) if is_web_url(u)), "")
    if url:  # the models refuse other schemes; one stored before them is never republished
        document["url"] = url
    for field, hsds in (
        ("how_to_apply", "application_process"),
        ("income_effect", "fees_description"),
    ):
        if getattr(service, f"{field}_fi"):
            document[hsds] = getattr(service, f"{field}_fi")
    if not service.verified and service.verification_note_fi:
        document["alert"] = service.verification_note_fi
    if service.ptv_modified:
        document["last_modified"] = service.ptv_modified.isoformat()
    if service.ptv_id:
        document.update(_channel_parts(sid, [c for c in service.channels.all() if c.is_active]))
    return document


def all_links() -> dict[int, dict[str, list[str]]]:
    """Every service's links as HSDS ids, in three queries."""
    ids = dict(Service.objects.values_list("pk", "hsds_id"))
    links: dict[int, dict[str, list[str]]] = {pk: {c: [] for c in LINK_FIELDS} for pk in ids}
    through = {
        "prerequisite": (Service.prerequisites.through, "service_id", "required_id"),
        "exclusion": (Service.exclusions.through, "from_service_id", "to_service_id"),
        "next_step": (Service.next_steps.through, "from_service_id", "to_service_id"),
    }
    for code, (model, source, target) in through.items():
        for a, b in model._default_manager.values_list(source, target):
            links[a][code].append(str(ids[b]))
    for value in links.values():
        for code in value:
            value[code].sort()
    return links


def services_queryset():
    return (
        Service.objects.select_related("provider").prefetch_related("channels").order_by("hsds_id")
    )


def all_services() -> list[dict]:
    links = all_links()
    return [service_document(s, links[s.pk]) for s in services_queryset()]


def page(items: list[dict], page_number: int, per_page: int) -> dict:
    """HSDS pagination of a list."""
    total = len(items)
    pages = max(1, -(-total // per_page))
    start = (page_number - 1) * per_page
    contents = items[start : start + per_page]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= pages,
        "empty": total == 0,
        "contents": contents,
    }
