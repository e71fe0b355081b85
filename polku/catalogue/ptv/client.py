"""Reading PTV's open API v11 — over HTTP (`HttpTransport`) or from a folder of saved responses
(`FolderTransport`, `manage.py ptv_sync --from DIR`).

The client asks for (paths relative to the base URL, `…/api/v11`; docs/ptv.md, "Sources"):
* `Service/list/area/Municipality/code/{code}?includeWholeCountry=false&page=N` — the
  published services of a municipality, whole items (V11VmOpenApiServicesWithPaging), page by
  page: a full run. This list takes no date filter;
* `Service/area/Municipality/code/{code}?includeWholeCountry=false&date=…&page=N` — the ids
  of the services of a municipality created or modified since `date` (a guid page,
  V3VmOpenApiGuidPage: {id, name} items): an incremental run, whose items are then read whole
  with
* the same two requests with `includeWholeCountry=true`, once per run for the area's first
  municipality (in code order): the services for the whole country (`areaType` Nationwide or
  NationwideExceptAlandIslands: Kela, national helplines, nationwide NGO services), kept from
  that list (its LimitedType items come from the municipal lists anyway); off with
  `POLKU_PTV_NATIONWIDE=False`;
* `Service/list?guids=…`, `ServiceChannel/list?guids=…`, `Organization/list?guids=…` — whole
  items by id, at most 100 ids a request;
* `Service?status=Archived|Withdrawn&date=…&page=N` — guid pages of the services that left
  the catalogue since `date` (retired on the map; incremental runs).

Pages are numbered from one; `pageCount` says how many there are. `date` is UTC,
"yyyy-MM-ddTHH:mm:ss". The single-item requests (`Service/{id}` …) are not needed: the
`list?guids=` requests read the same items a hundred at a time.

Transient failures (5xx, 429, a timeout, a broken connection) are retried with exponential
back-off (`retries`, `backoff`; `sleep` is injectable so tests do not wait); what still fails
raises `PtvUnavailable` with a message naming the request. A saved-response folder mirrors
the API's paths:
`DIR/Service/list/area/Municipality/code/743/includeWholeCountry=false&page=1.json`,
`DIR/Service/area/Municipality/code/743/includeWholeCountry=false&page=1.json` (and the same
two with `includeWholeCountry=true`), `DIR/Service/<id>.json`, `DIR/ServiceChannel/<id>.json`,
`DIR/Organization/<id>.json` (a `list?guids=` request reads one file per id),
`DIR/Service/page=1&status=Archived.json` (each may also be gzip-compressed, `….json.gz`);
`date` is not part of a file name (a saved page is the whole list; the client keeps the items
modified since `date` itself)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from . import wire

BATCH = 100
RETIRED_STATUSES = ("Archived", "Withdrawn")


class PtvError(Exception):
    """The sync cannot go on (the API unavailable, a saved response missing)."""


class PtvUnavailable(PtvError):
    pass


class Transient(Exception):
    """A failure worth retrying (5xx, timeout, connection)."""


class NotFound(Exception):
    pass


class Transport(Protocol):
    def get(self, path: str, params: dict[str, str]) -> object: ...


class HttpTransport:
    """GET {base_url}/{path}?{params} with `requests`; JSON back."""

    def __init__(self, base_url: str, timeout: float = 30.0, session=None):
        import requests

        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers.setdefault("Accept", "application/json")

    def get(self, path: str, params: dict[str, str]) -> object:
        import requests

        url = f"{self.base_url}/{path}"
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except (requests.Timeout, requests.ConnectionError) as error:
            raise Transient(f"{url}: {type(error).__name__}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise Transient(f"{url}: HTTP {response.status_code}")
        if response.status_code == 404:
            raise NotFound(url)
        if response.status_code != 200:
            raise PtvError(f"{url}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise wire.WireError(f"{url}: the response is not JSON") from error


def saved_path(root: Path, path: str, params: dict[str, str]) -> Path:
    """Where a folder of saved responses keeps the answer to `path?params` (without date)."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "date")
    return root / (f"{path}/{query}.json" if query else f"{path}.json")


class FolderTransport:
    def __init__(self, root: Path):
        self.root = Path(root)
        if not self.root.is_dir():
            raise PtvError(f"{self.root}: no such folder of saved PTV responses")

    def _read(self, file: Path) -> object:
        packed = file.with_name(file.name + ".gz")
        if not file.is_file() and not packed.is_file():
            raise NotFound(str(file.relative_to(self.root)))
        try:
            if file.is_file():
                return json.loads(file.read_text(encoding="utf-8"))
            return json.loads(gzip.decompress(packed.read_bytes()).decode("utf-8"))
        except (OSError, ValueError, EOFError) as error:
            raise wire.WireError(
                f"{file.relative_to(self.root)}: not valid JSON ({error})"
            ) from error

    def get(self, path: str, params: dict[str, str]) -> object:
        if path.endswith("/list") and "guids" in params:
            found = []
            for guid in params["guids"].split(","):
                try:
                    found.append(self._read(saved_path(self.root, f"{path[:-5]}/{guid}", {})))
                except NotFound:
                    continue  # like the API: unknown ids are left out
            return found
        return self._read(saved_path(self.root, path, params))


class PtvClient:
    def __init__(
        self,
        transport: Transport,
        *,
        retries: int = 4,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[str], None] | None = None,
    ):
        self.transport = transport
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.progress = progress or (lambda message: None)
        self.requests = 0

    def get(self, path: str, params: dict[str, str] | None = None) -> object:
        params = params or {}
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                return self.transport.get(path, params)
            except Transient as error:
                if attempt == self.retries:
                    raise PtvUnavailable(
                        f"PTV did not answer {path} after {attempt + 1} tries: {error}"
                    ) from error
                self.progress(f"{error}; retrying in {delay:g} s")
                self.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _pages(
        self, path: str, params: dict[str, str], *, missing_is_empty: bool
    ) -> Iterator[wire.Page]:
        number = 1
        while True:
            try:
                data = self.get(path, {**params, "page": str(number)})
            except NotFound:
                if missing_is_empty and number == 1:
                    return
                raise PtvError(f"no response for {path} page {number}") from None
            page = wire.parse_page(data, f"{path} page {number}")
            yield page
            if number >= page.count:
                return
            number += 1

    def services_in_municipality(
        self, code: str, since: dt.datetime | None = None
    ) -> Iterator[object]:
        """The raw items (dicts) of the services available in a municipality; only those
        modified since `since` when given (then read by id from the date-filtered guid list,
        since the list of whole items takes no date)."""
        return self._services(code, since, whole_country=False)

    def nationwide_services(self, code: str, since: dt.datetime | None = None) -> Iterator[object]:
        """The raw items of the services for the whole country (`areaType` Nationwide or
        NationwideExceptAlandIslands), read once per run from a municipality's list with
        `includeWholeCountry=true`; that list also names the municipality's own services
        (LimitedType), left out here: the municipal lists bring them."""
        for item in self._services(code, since, whole_country=True):
            if not isinstance(item, dict) or item.get("areaType") != wire.LIMITED:
                yield item

    def _services(
        self, code: str, since: dt.datetime | None, *, whole_country: bool
    ) -> Iterator[object]:
        params = {"includeWholeCountry": "true" if whole_country else "false"}
        if since is None:
            path = f"Service/list/area/Municipality/code/{quote(code)}"
            for page in self._pages(path, params, missing_is_empty=False):
                self.progress(f"{path}: page {page.number}/{page.count}")
                yield from page.items
            return
        path = f"Service/area/Municipality/code/{quote(code)}"
        params["date"] = _date_param(since)
        guids: list[str] = []
        for page in self._pages(path, params, missing_is_empty=False):
            self.progress(f"{path}: page {page.number}/{page.count}")
            where = f"{path} page {page.number}"
            guids.extend(str(wire.guid_of(item, where)) for item in page.items)
        for item in self.by_ids("Service", list(dict.fromkeys(guids))):
            if _modified_since(item, since):
                yield item

    def retired_services(self, since: dt.datetime) -> Iterator[object]:
        """The ids (guid page items) of services archived or withdrawn since `since`."""
        for status in RETIRED_STATUSES:
            params = {"status": status, "date": _date_param(since)}
            yield from (
                item
                for page in self._pages("Service", params, missing_is_empty=True)
                for item in page.items
            )

    def by_ids(self, kind: str, guids: list[str]) -> list[object]:
        """`kind` is "Service", "ServiceChannel" or "Organization"; whole items, in batches
        of 100 (the API's limit); ids PTV does not serve (any more) are left out."""
        found: list[object] = []
        for start in range(0, len(guids), BATCH):
            batch = guids[start : start + BATCH]
            try:
                data = self.get(f"{kind}/list", {"guids": ",".join(batch)})
            except NotFound:
                continue  # none of the batch is served any more
            if not isinstance(data, list):
                raise wire.WireError(f"{kind}/list: expected a list of items")
            found.extend(data)
        return found


def _date_param(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _modified_since(item: object, since: dt.datetime) -> bool:
    """Whether a raw item was modified at or after `since` (an unreadable date: yes, the
    parser refuses it with its own message)."""
    if not isinstance(item, dict) or not isinstance(item.get("modified"), str):
        return True
    try:
        moment = dt.datetime.fromisoformat(item["modified"].replace("Z", "+00:00"))
    except ValueError:
        return True
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment >= since


def transport_for(source: str | Path | None, base_url: str) -> Transport:
    return FolderTransport(Path(source)) if source else HttpTransport(base_url)
