"""The PTV sync: services of the configured area from PTV's open API v11 (or saved
responses) onto the map, in one transaction.

* The services for the whole country (Kela's, national helplines …) are read once per run
  beside the municipalities' own (`POLKU_PTV_NATIONWIDE`).
* Incremental: after a successful run for the same area, only items modified since its start
  are read (`date=`, and `modified` checked again here); `full=True` reads everything and
  retires the PTV entries no longer served.
* Deleted, archived, withdrawn and unpublished services are retired (`is_active` False: their
  page stays for history and plan steps that point to them keep working).
* Idempotent: an unchanged item writes nothing (no save, no history row).
* All or nothing: the API failing (after retries) or anything unexpected rolls the whole run
  back; an item that is malformed or names an unknown code is refused with its reason and the
  rest goes on. Every run is recorded (`PtvSyncRun`), failed ones too."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import search, validation
from ..models import Provider, PtvSyncRun, Service, ServiceChannel, Source
from . import mapping, regions, wire
from .client import PtvClient


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    refused: list[str] = field(default_factory=list)
    since: dt.datetime | None = None
    requests: int = 0

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"retired {self.retired}, refused {len(self.refused)}"
        )


def last_success(areas: list[str]) -> PtvSyncRun | None:
    return PtvSyncRun.objects.filter(succeeded=True, areas=areas).order_by("-started_at").first()


def last_synced() -> dt.datetime | None:
    """When the map was last brought up to date from PTV (any area)."""
    run = PtvSyncRun.objects.filter(succeeded=True).order_by("-finished_at").first()
    return run.finished_at if run else None


def run(
    client: PtvClient,
    areas: list[str],
    *,
    full: bool = False,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
    nationwide: bool | None = None,
) -> SyncReport:
    """`nationwide`: also read the services for the whole country (default
    `settings.POLKU_PTV_NATIONWIDE`)."""
    say = progress or (lambda message: None)
    if nationwide is None:
        nationwide = settings.POLKU_PTV_NATIONWIDE
    client.progress = say
    areas = regions.expand(areas)
    now = now or timezone.now()
    previous = None if full else last_success(areas)
    since = previous.started_at if previous else None
    record = PtvSyncRun(started_at=now, areas=areas, full=since is None)
    try:
        with transaction.atomic(), search.deferred_index():
            report = _sync(client, areas, since, now, say, nationwide=nationwide)
    except Exception as error:
        record.finished_at = timezone.now()
        record.error = f"{type(error).__name__}: {error}"
        record.save()
        raise
    record.finished_at = timezone.now()
    record.succeeded = True
    for name in ("created", "updated", "unchanged", "retired"):
        setattr(record, name, getattr(report, name))
    record.refused = report.refused
    record.save()
    report.requests = client.requests
    return report


def _sync(
    client: PtvClient,
    areas: list[str],
    since: dt.datetime | None,
    now: dt.datetime,
    say: Callable[[str], None],
    *,
    nationwide: bool,
) -> SyncReport:
    report = SyncReport(since=since)
    say(
        f"Reading PTV services of {len(areas)} municipalities"
        + (f" modified since {since:%d.%m.%Y %H:%M}" if since else "")
    )
    raw: dict[str, object] = {}
    for code in areas:
        for item in client.services_in_municipality(code, since):
            key = str(item.get("id")) if isinstance(item, dict) else repr(item)
            raw.setdefault(key, item)
    if nationwide and areas:
        # The services for the whole country, once per run (not once per municipality);
        # those for the mainland only are left out when the whole area is on Åland.
        on_aland = set(areas) <= regions.ALAND
        for item in client.nationwide_services(areas[0], since):
            if on_aland and isinstance(item, dict) and item.get("areaType") == wire.MAINLAND:
                continue
            key = str(item.get("id")) if isinstance(item, dict) else repr(item)
            raw.setdefault(key, item)
    published: dict[uuid.UUID, wire.PtvService] = {}
    leaving: set[uuid.UUID] = set()
    for item in raw.values():
        try:
            service = wire.parse_service(item)
        except wire.WireError as error:
            report.refused.append(str(error))
            continue
        if service.publishing_status == wire.PUBLISHED:
            published[service.id] = service
        else:
            leaving.add(service.id)
    # Services archived or withdrawn since the last run (a full run retires whatever is no
    # longer served instead, below).
    for item in client.retired_services(since) if since is not None else ():
        try:
            leaving.add(wire.guid_of(item, "retired services"))
        except wire.WireError as error:
            report.refused.append(str(error))
    say(f"{len(published)} services to bring in, {len(leaving)} left PTV")

    providers = _providers(client, published, report)
    channels = _channels(client, published, report)
    taken = set(Service.objects.filter(slug__startswith="ptv-").values_list("slug", flat=True))
    existing = {
        s.ptv_id: s
        for s in Service.objects.filter(ptv_id__in=list(published)).select_related("provider")
    }
    for number, service in enumerate(sorted(published.values(), key=lambda s: str(s.id)), 1):
        if number % 500 == 0:
            say(f"{number}/{len(published)} services")
        provider = providers.get(service.responsible.id) if service.responsible else None
        if provider is None:
            report.refused.append(
                f"service {service.id}: its responsible organization is not in PTV's answer"
            )
            continue
        _write(service, provider, channels, existing.get(service.id), now, report, taken)

    # Leaving PTV; on a full run also whatever PTV no longer serves for the area.
    retire = Service.objects.filter(source=Source.PTV, is_active=True)
    if since is None:
        # A refused item is not retired for being refused: it stays as it was.
        seen = set(published)
        for key in raw:
            try:
                seen.add(uuid.UUID(key))
            except ValueError:
                continue
        retire = retire.exclude(ptv_id__in=list(seen))
    else:
        retire = retire.filter(ptv_id__in=list(leaving - set(published)))
    for entry in retire:
        entry.is_active = False
        entry.ptv_synced_at = now
        entry.save()
        report.retired += 1
    say(f"Done: {report.summary()}")
    return report


def _providers(client: PtvClient, services: dict, report: SyncReport) -> dict[uuid.UUID, Provider]:
    wanted = sorted({str(s.responsible.id) for s in services.values() if s.responsible})
    found: dict[uuid.UUID, Provider] = {
        p.ptv_id: p for p in Provider.objects.filter(ptv_id__in=wanted) if p.ptv_id
    }
    for item in client.by_ids("Organization", wanted):
        try:
            organization = wire.parse_organization(item)
        except wire.WireError as error:
            report.refused.append(str(error))
            continue
        values = mapping.provider_fields(organization)
        provider = found.get(organization.id)
        if provider is None:
            # A provider Polku already has under the same name (e.g. a curated one) is the
            # same organisation: linked, not duplicated.
            provider = Provider.objects.filter(name=values["name"], ptv_id__isnull=True).first()
            if provider is not None:
                provider.ptv_id = organization.id
                provider.save()
                found[organization.id] = provider
                continue
            if Provider.objects.filter(name=values["name"]).exists():
                # Another organisation of the same name: told apart by its business ID.
                values["name"] = (
                    f"{values['name']} ({organization.business_code or organization.id})"[:200]
                )
            provider = Provider(ptv_id=organization.id, **values)
            problems = validation.problems_of(provider, f"organization {organization.id}")
            if problems:
                report.refused.extend(problems)
                continue
            provider.save()
        else:
            changed = {k: v for k, v in values.items() if getattr(provider, k) != v}
            if "name" in changed and Provider.objects.filter(name=changed["name"]).exists():
                del changed["name"]  # keep the name it has rather than take another's
            if changed and provider.ptv_id == organization.id:
                for name, value in changed.items():
                    setattr(provider, name, value)
                problems = validation.problems_of(provider, f"organization {organization.id}")
                if problems:
                    report.refused.extend(problems)
                    provider.refresh_from_db()
                else:
                    provider.save()
        found[organization.id] = provider
    return found


def _channels(
    client: PtvClient, services: dict, report: SyncReport
) -> dict[uuid.UUID, ServiceChannel]:
    wanted = sorted({str(c.id) for s in services.values() for c in s.channels})
    found = {c.ptv_id: c for c in ServiceChannel.objects.filter(ptv_id__in=wanted)}
    for item in client.by_ids("ServiceChannel", wanted):
        try:
            parsed = wire.parse_channel(item)
        except wire.WireError as error:
            report.refused.append(str(error))
            continue
        values = mapping.channel_fields(parsed)
        values["is_active"] = parsed.publishing_status == wire.PUBLISHED
        channel = found.get(parsed.id)
        if channel is None:
            channel = ServiceChannel.objects.create(ptv_id=parsed.id, **values)
        else:
            changed = {k: v for k, v in values.items() if getattr(channel, k) != v}
            if changed:
                for name, value in changed.items():
                    setattr(channel, name, value)
                channel.save()
        found[parsed.id] = channel
    return {pk: c for pk, c in found.items() if c.is_active}


def _write(
    service: wire.PtvService,
    provider: Provider,
    channels: dict[uuid.UUID, ServiceChannel],
    entry: Service | None,
    now: dt.datetime,
    report: SyncReport,
    taken: set[str],
) -> None:
    values = mapping.service_fields(service, provider.pk)
    channels_apply = True
    if entry is not None and entry.source == Source.CURATED:
        # A curated entry linked to this PTV service: it keeps its own texts and area, and
        # takes PTV's channels only where they hold for all of that area.
        channels_apply = mapping.channels_apply(
            str(values["area"]), list(service.municipalities), entry.area
        )
        values = {name: values[name] for name in mapping.LINKED_FIELDS}
    created = entry is None
    if created:
        entry = Service(ptv_id=service.id, slug=mapping.slug_for(service))
    assert entry is not None
    changed = [name for name, value in values.items() if getattr(entry, name) != value]
    wanted_channels = (
        sorted(channels[c.id].pk for c in service.channels if c.id in channels)
        if channels_apply
        else []
    )
    channels_changed = (
        created or sorted(entry.channels.values_list("pk", flat=True)) != wanted_channels
    )
    if not changed and not channels_changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(entry, name, values[name])
    entry.ptv_synced_at = now
    problems = validation.problems_of(entry, f"service {service.id}", exclude=["provider"])
    if problems:
        report.refused.extend(problems)
        return
    if created and entry.slug in taken:
        entry.slug = f"ptv-{service.id}"
    taken.add(entry.slug)
    if created:
        # PTV keeps the versions of its own texts; Polku's history records what changes here
        # after the entry arrived (updates, retirement, curators' edits).
        entry.skip_history_when_saving = True  # type: ignore[attr-defined]
        entry.save()
        del entry.skip_history_when_saving  # type: ignore[attr-defined]
    elif changed:
        entry.save()
    if channels_changed:
        entry.channels.set(wanted_channels)
    if created:
        report.created += 1
    else:
        report.updated += 1
