"""PTV's open API v11 wire format, parsed into plain dataclasses.

Field names are PTV's as serialised in JSON (camelCase): a service (V11VmOpenApiService) has
`id`, `type`, `serviceNames` / `serviceDescriptions` ([{language, value, type}]),
`languages`, `areaType` and `areas` ([{type, code, name, municipalities}]),
`serviceClasses`, `targetGroups`, `lifeEvents`, `ontologyTerms` (Finto items: {code, uri,
name: [{language, value}]}), `serviceChannels` ([{serviceChannel: {id, name}, …}]),
`organizations` ([{roleType, organization: {id, name}}]), `publishingStatus`, `modified`. A
list is a page: {pageNumber, pageSize, pageCount, itemList}; page numbering starts from one.

The enumerations are those version 11 serialises (versions 8 and later; version 7 and older
used other words, e.g. `WholeCountry` / `AreaType`, `Province`, `ProfessionalQualifications`):
`areaType` Nationwide, NationwideExceptAlandIslands or LimitedType; an area's `type`
Municipality, Region, BusinessSubRegion, HospitalDistrict (WellbeingServiceCounties for the
wellbeing services counties); `serviceHourType` DaysOfTheWeek, Exceptional or OverMidnight.
Sources: docs/ptv.md, "Sources".

Every parser raises `WireError` with a message that names the item and the field; the sync
refuses that item with the message and goes on. Nothing here touches the database."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

LANGUAGES = ("fi", "sv", "en")
PUBLISHED = "Published"
PUBLISHING_STATUSES = ("Published", "Draft", "Modified", "Deleted", "Archived", "Withdrawn")
SERVICE_TYPES = ("Service", "PermitOrObligation", "ProfessionalQualification")
LIMITED = "LimitedType"
MAINLAND = "NationwideExceptAlandIslands"
AREA_TYPES = ("Nationwide", "NationwideExceptAlandIslands", LIMITED)
AREA_KINDS = (
    "Municipality",
    "Region",
    "BusinessSubRegion",
    "HospitalDistrict",
    "WellbeingServiceCounties",
)
CHANNEL_TYPES = ("ServiceLocation", "Phone", "WebPage", "EChannel", "PrintableForm")
ROLE_TYPES = ("Responsible", "Producer", "OtherResponsible")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The national codes each classification's items carry (Finto: ptvl, ptvkohderyhmat, …).
CODE_PATTERNS = {
    "service_class": re.compile(r"^P\d{1,2}(\.\d{1,2}){0,2}$"),
    "target_group": re.compile(r"^KR\d{1,2}(\.\d{1,2}){0,2}$"),
    "life_event": re.compile(r"^KE\d{1,2}(\.\d{1,2}){0,2}$"),
    "ontology_term": re.compile(r"^(http://www\.yso\.fi/onto/\w+/)?p\d{1,6}$"),
}
WIRE_KEYS = {
    "service_class": "serviceClasses",
    "target_group": "targetGroups",
    "life_event": "lifeEvents",
    "ontology_term": "ontologyTerms",
}
MUNICIPALITY_CODE = re.compile(r"^\d{3}$")
TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


class WireError(ValueError):
    """A response or an item that is not what PTV's v11 API serves."""


@dataclass(frozen=True)
class Texts:
    """One text in PTV's languages: {"fi": …, "sv": …, "en": …} (missing ones absent)."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, language: str) -> str:
        return self.values.get(language, "")

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Classification:
    scheme: str
    code: str
    uri: str
    name: Texts


@dataclass(frozen=True)
class Area:
    kind: str
    code: str
    name: Texts
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class ChannelLink:
    id: uuid.UUID


@dataclass(frozen=True)
class OrganizationLink:
    id: uuid.UUID
    role: str
    name: str


@dataclass(frozen=True)
class PtvService:
    id: uuid.UUID
    type: str
    names: Texts
    alternative_names: Texts
    summaries: Texts
    descriptions: Texts
    instructions: Texts
    languages: tuple[str, ...]
    area_type: str
    areas: tuple[Area, ...]
    classifications: tuple[Classification, ...]
    channels: tuple[ChannelLink, ...]
    organizations: tuple[OrganizationLink, ...]
    publishing_status: str
    modified: dt.datetime

    @property
    def municipalities(self) -> tuple[str, ...]:
        """Every municipality code the service's areas cover (sorted); () = whole country."""
        if self.area_type != LIMITED:
            return ()
        codes: set[str] = set()
        for area in self.areas:
            codes.update(area.municipalities)
            if area.kind == "Municipality":
                codes.add(area.code)
        return tuple(sorted(codes))

    @property
    def responsible(self) -> OrganizationLink | None:
        return next((o for o in self.organizations if o.role == "Responsible"), None)


@dataclass(frozen=True)
class PtvOrganization:
    id: uuid.UUID
    names: Texts
    descriptions: Texts
    organization_type: str
    business_code: str
    web_pages: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    publishing_status: str
    modified: dt.datetime


@dataclass(frozen=True)
class PtvChannel:
    id: uuid.UUID
    type: str
    names: Texts
    descriptions: Texts
    phones: tuple[dict, ...]
    emails: tuple[dict, ...]
    web_pages: tuple[dict, ...]
    addresses: tuple[dict, ...]
    hours: tuple[dict, ...]
    publishing_status: str
    modified: dt.datetime


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    count: int
    items: tuple[object, ...]


# --- helpers ----------------------------------------------------------------------------


def _object(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise WireError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(item: dict, key: str, where: str, *, required: bool = False) -> list:
    value = item.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise WireError(f"{where}: {key} must be a list")
    return value


def _string(item: dict, key: str, where: str, *, required: bool = True) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise WireError(f"{where}: {key} is missing or not text")
    return value.strip()


def _uuid(value: object, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise WireError(f"{where}: {value!r} is not a PTV id (a GUID)") from None


def _choice(item: dict, key: str, choices: tuple[str, ...], where: str) -> str:
    value = _string(item, key, where)
    if value not in choices:
        raise WireError(f"{where}: unknown {key} {value!r} (expected one of {', '.join(choices)})")
    return value


def _modified(item: dict, where: str) -> dt.datetime:
    value = _string(item, "modified", where)
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise WireError(f"{where}: modified {value!r} is not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # PTV's times are UTC
    return moment


def localized(items: list, where: str, *, kind: str | None = None) -> Texts:
    """[{language, value, type?}] → Texts; only the entries of `kind` when given. Languages
    other than fi/sv/en (PTV also has e.g. se, smn) are left out."""
    values: dict[str, str] = {}
    for entry in items:
        entry = _object(entry, where)
        if kind is not None and entry.get("type") != kind:
            continue
        language = _string(entry, "language", where)
        text = entry.get("value")
        if not isinstance(text, str):
            raise WireError(f"{where}: the {language} text is not text")
        if language in LANGUAGES and text.strip() and language not in values:
            values[language] = text.strip()
    return Texts(values)


def _classification(scheme: str, value: object, where: str) -> Classification:
    item = _object(value, where)
    code = _string(item, "code", where, required=False)
    uri = _string(item, "uri", where, required=False)
    key = code or uri
    if not CODE_PATTERNS[scheme].match(key or ""):
        raise WireError(f"{where}: unknown {WIRE_KEYS[scheme]} code {key!r}")
    names = localized(_list(item, "name", where), where)
    if not names.get("fi"):
        raise WireError(f"{where}: {WIRE_KEYS[scheme]} {key} has no Finnish name")
    return Classification(scheme, key, uri, names)


def _area(value: object, where: str) -> Area:
    item = _object(value, where)
    kind = _choice(item, "type", AREA_KINDS, where)
    code = _string(item, "code", where)
    municipalities = []
    for entry in _list(item, "municipalities", where):
        entry_code = _string(_object(entry, where), "code", where)
        if not MUNICIPALITY_CODE.match(entry_code):
            raise WireError(f"{where}: unknown municipality code {entry_code!r}")
        municipalities.append(entry_code)
    if kind == "Municipality" and not MUNICIPALITY_CODE.match(code):
        raise WireError(f"{where}: unknown municipality code {code!r}")
    return Area(kind, code, localized(_list(item, "name", where), where), tuple(municipalities))


# --- items ------------------------------------------------------------------------------


def parse_service(value: object) -> PtvService:
    item = _object(value, "service")
    sid = _uuid(item.get("id"), "service")
    where = f"service {sid}"
    names = _list(item, "serviceNames", where, required=True)
    texts = _list(item, "serviceDescriptions", where)
    service = PtvService(
        id=sid,
        type=_choice(item, "type", SERVICE_TYPES, where),
        names=localized(names, where, kind="Name"),
        alternative_names=localized(names, where, kind="AlternativeName"),
        summaries=localized(texts, where, kind="Summary"),
        descriptions=localized(texts, where, kind="Description"),
        instructions=localized(texts, where, kind="UserInstruction"),
        languages=tuple(str(x) for x in _list(item, "languages", where)),
        area_type=_choice(item, "areaType", AREA_TYPES, where),
        areas=tuple(_area(a, where) for a in _list(item, "areas", where)),
        classifications=tuple(
            _classification(scheme, entry, where)
            for scheme, key in WIRE_KEYS.items()
            for entry in _list(item, key, where)
        ),
        channels=tuple(
            ChannelLink(
                _uuid(_object(_object(c, where).get("serviceChannel"), where).get("id"), where)
            )
            for c in _list(item, "serviceChannels", where)
        ),
        organizations=tuple(
            _organization_link(o, where) for o in _list(item, "organizations", where)
        ),
        publishing_status=_choice(item, "publishingStatus", PUBLISHING_STATUSES, where),
        modified=_modified(item, where),
    )
    if service.publishing_status == PUBLISHED:
        if not service.names.get("fi"):
            raise WireError(f"{where}: no Finnish name (serviceNames, type Name, language fi)")
        if not (service.descriptions.get("fi") or service.summaries.get("fi")):
            raise WireError(f"{where}: no Finnish description (serviceDescriptions)")
        if service.responsible is None:
            raise WireError(f"{where}: no responsible organization (organizations)")
        if service.area_type == LIMITED and not service.municipalities:
            raise WireError(f"{where}: areaType LimitedType but no municipality in its areas")
    return service


def _organization_link(value: object, where: str) -> OrganizationLink:
    item = _object(value, where)
    organization = _object(item.get("organization"), where)
    return OrganizationLink(
        id=_uuid(organization.get("id"), where),
        role=_choice(item, "roleType", ROLE_TYPES, where),
        name=_string(organization, "name", where, required=False),
    )


def _values(items: list, key: str, where: str) -> tuple[str, ...]:
    return tuple(
        str(_object(entry, where).get(key) or "").strip()
        for entry in items
        if str(_object(entry, where).get(key) or "").strip()
    )


def parse_organization(value: object) -> PtvOrganization:
    item = _object(value, "organization")
    oid = _uuid(item.get("id"), "organization")
    where = f"organization {oid}"
    organization = PtvOrganization(
        id=oid,
        names=localized(_list(item, "organizationNames", where, required=True), where, kind="Name"),
        descriptions=localized(
            _list(item, "organizationDescriptions", where), where, kind="Description"
        ),
        organization_type=_string(item, "organizationType", where),
        business_code=_string(item, "businessCode", where, required=False),
        web_pages=_values(_list(item, "webPages", where), "url", where),
        emails=_values(_list(item, "emails", where), "value", where),
        phones=tuple(
            f"{_object(p, where).get('prefixNumber') or ''} {p.get('number') or ''}".strip()
            for p in _list(item, "phoneNumbers", where)
        ),
        publishing_status=_choice(item, "publishingStatus", PUBLISHING_STATUSES, where),
        modified=_modified(item, where),
    )
    if not organization.names.get("fi"):
        raise WireError(f"{where}: no Finnish name (organizationNames)")
    return organization


def _hours(items: list, where: str) -> tuple[dict, ...]:
    """serviceHours → [{type, valid_from, valid_to, closed, always_open, info: {lang: text},
    opening: [{day_from, day_to, from, to}]}]."""
    found = []
    for entry in items:
        entry = _object(entry, where)
        opening = []
        for slot in _list(entry, "openingHour", where):
            slot = _object(slot, where)
            day_from = _choice(slot, "dayFrom", WEEKDAYS, where)
            day_to = slot.get("dayTo") or day_from
            if day_to not in WEEKDAYS:
                raise WireError(f"{where}: unknown dayTo {day_to!r}")
            start, end = _string(slot, "from", where), _string(slot, "to", where)
            if not (TIME.match(start) and TIME.match(end)):
                raise WireError(f"{where}: opening hours {start!r}–{end!r} are not times")
            opening.append(
                {"day_from": day_from, "day_to": day_to, "from": start[:5], "to": end[:5]}
            )
        found.append(
            {
                "type": _string(entry, "serviceHourType", where),
                "valid_from": entry.get("validFrom") or "",
                "valid_to": entry.get("validTo") or "",
                "closed": bool(entry.get("isClosed")),
                "always_open": bool(entry.get("isAlwaysOpen")),
                "info": localized(_list(entry, "additionalInformation", where), where).values,
                "opening": opening,
            }
        )
    return tuple(found)


def _addresses(items: list, where: str) -> tuple[dict, ...]:
    found = []
    for entry in items:
        entry = _object(entry, where)
        street = _object(entry.get("streetAddress") or {}, where)
        municipality = _object(street.get("municipality") or {}, where)
        found.append(
            {
                "type": str(entry.get("type") or "Location"),
                "street": localized(_list(street, "street", where), where).values,
                "number": str(street.get("streetNumber") or ""),
                "postal_code": str(street.get("postalCode") or ""),
                "post_office": localized(_list(street, "postOffice", where), where).values,
                "municipality": str(municipality.get("code") or ""),
                "latitude": str(street.get("latitude") or ""),
                "longitude": str(street.get("longitude") or ""),
            }
        )
    return tuple(found)


def _phone(item: dict) -> str:
    return f"{item.get('prefixNumber') or ''} {item.get('number') or ''}".strip()


def parse_channel(value: object) -> PtvChannel:
    item = _object(value, "service channel")
    cid = _uuid(item.get("id"), "service channel")
    where = f"service channel {cid}"
    channel = PtvChannel(
        id=cid,
        type=_choice(item, "serviceChannelType", CHANNEL_TYPES, where),
        names=localized(_list(item, "serviceChannelNames", where, required=True), where),
        descriptions=localized(
            _list(item, "serviceChannelDescriptions", where), where, kind="Description"
        ),
        phones=tuple(
            {
                "number": _phone(_object(p, where)),
                "language": str(p.get("language") or "fi"),
                "info": str(p.get("additionalInformation") or ""),
                "charge": str(p.get("serviceChargeType") or ""),
            }
            for p in _list(item, "phoneNumbers", where)
        ),
        emails=tuple(
            {
                "address": str(_object(e, where).get("value") or ""),
                "language": str(e.get("language") or "fi"),
            }
            for e in _list(item, "emails", where) + _list(item, "supportEmails", where)
        ),
        web_pages=tuple(
            {
                "url": str(_object(w, where).get("url") or ""),
                "language": str(w.get("language") or "fi"),
            }
            for w in _list(item, "webPages", where)
        ),
        addresses=_addresses(_list(item, "addresses", where), where),
        hours=_hours(_list(item, "serviceHours", where), where),
        publishing_status=_choice(item, "publishingStatus", PUBLISHING_STATUSES, where),
        modified=_modified(item, where),
    )
    if not channel.names.get("fi"):
        raise WireError(f"{where}: no Finnish name (serviceChannelNames)")
    return channel


def parse_page(value: object, where: str) -> Page:
    """A paged list: {pageNumber, pageSize, pageCount, itemList} (itemList may be null when
    the page is empty). The items are left as they are; their parser reads them."""
    page = _object(value, where)
    numbers = []
    for key in ("pageNumber", "pageSize", "pageCount"):
        number = page.get(key)
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise WireError(f"{where}: {key} is missing or not a whole number")
        numbers.append(number)
    items = page.get("itemList")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise WireError(f"{where}: itemList must be a list")
    return Page(numbers[0], numbers[1], numbers[2], tuple(items))


def guid_of(value: object, where: str) -> uuid.UUID:
    """The id of an item of a guid page ({id, name})."""
    return _uuid(_object(value, where).get("id"), where)
