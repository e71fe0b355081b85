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
