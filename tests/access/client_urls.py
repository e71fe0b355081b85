"""Every URL of client data in the project, found from the URL configuration itself, so a
new page or endpoint is covered by the matrix and audit tests without being listed by hand."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

CLIENT_KWARG = "client_id"


@dataclass(frozen=True)
class ClientUrl:
    name: str  # namespaced URL name
    kwargs: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("v1:")

    def build(self, ids: dict[str, int]) -> str:
        return reverse(self.name, kwargs={k: ids[k] for k in self.kwargs})


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def client_data_urls() -> list[ClientUrl]:
    found = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        kwargs = tuple(pattern.pattern.regex.groupindex)
        if CLIENT_KWARG in kwargs:
            found[name] = ClientUrl(name=name, kwargs=kwargs)
    return sorted(found.values(), key=lambda u: u.name)


# Every other URL that takes an argument is one of these kinds, decided by its name or its
# arguments; a URL that is none of them fails test_every_url_with_an_id_is_in_the_matrix until
# it is given a kind here and its rows in the authorization matrix.
REFERRAL_KWARG = "referral_id"
EXPORT_KWARG = "export_id"
PORTAL_NAMESPACE = "portal:"
# Arguments that name no object of a client, each with why.
NOT_CLIENT_OBJECTS = {
    "accounts:enrol": "a one-time enrolment token, checked by its hash, for an account",
    "catalogue:service": "the public service catalogue (slug)",
    "v1:hsds-organization": "the public HSDS catalogue API",
    "v1:hsds-service": "the public HSDS catalogue API",
    "research:table_csv": "an indicator's aggregate table (k-anonymous), no client's object",
}
# The Django admin: staff only, its own permissions (docs/security.md, finding 14).
ADMIN_NAMESPACE = "admin:"


@dataclass(frozen=True)
class ObjectUrl:
    """A URL that takes an object's id, and whose rule decides who reaches it: "client" (the
    access rule, polku.access.policy), "referral" (the team's and the partner's rules,
    polku.access.resolver), "portal" (the signed-in client's own objects) or "export" (the
    researcher's own exports)."""

    name: str
    kwargs: tuple[str, ...]
    kind: str

    @property
    def is_api(self) -> bool:
        return self.name.startswith("v1:")

    def build(self, ids: dict[str, object]) -> str:
        return reverse(self.name, kwargs={k: ids[k] for k in self.kwargs})


def kind_of(name: str, kwargs: tuple[str, ...]) -> str | None:
    """The rule that decides who reaches the URL, or None when no rule is known for it."""
    if CLIENT_KWARG in kwargs:
        return "client"
    if REFERRAL_KWARG in kwargs:
        return "referral"
    if EXPORT_KWARG in kwargs:
        return "export"
    if name.startswith(PORTAL_NAMESPACE):
        return "portal"
    if name in NOT_CLIENT_OBJECTS or name.startswith(ADMIN_NAMESPACE):
        return "not_a_client_object"
    return None


def urls_with_arguments() -> list[tuple[str, tuple[str, ...]]]:
    """Every named URL of the project that takes an argument, as (name, argument names)."""
    found = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        kwargs = tuple(pattern.pattern.regex.groupindex)
        if kwargs:
            found[name] = kwargs
    return sorted(found.items())


def object_urls(kind: str | None = None) -> list[ObjectUrl]:
    """Every URL that takes an object's id (of `kind`, or of any kind): the authorization
    matrix's columns."""
    urls = []
    for name, kwargs in urls_with_arguments():
        found = kind_of(name, kwargs)
        if found not in (None, "not_a_client_object") and (kind is None or found == kind):
            urls.append(ObjectUrl(name=name, kwargs=kwargs, kind=found))
    return urls


def extra_ids(client, coordinator) -> dict[str, int]:
    """Ids for URL kwargs other apps add (assessment_id, meeting_id …): every module
    tests/<app>/matrix_ids.py defines make_ids(client, coordinator) -> {kwarg: id}, creating
    its objects for `client` as `coordinator` (who sees the client)."""
    import importlib
    from pathlib import Path

    ids: dict[str, int] = {}
    for module_file in sorted(Path(__file__).resolve().parents[1].glob("*/matrix_ids.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.matrix_ids")
        ids.update(module.make_ids(client, coordinator))
    return ids
