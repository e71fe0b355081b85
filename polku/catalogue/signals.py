"""Keep the search index (SearchTerm) in step with the entries: every save of an entry, or
of a provider (its name is indexed), re-indexes what it touches."""

from __future__ import annotations

from .models import Provider, Service


def service_saved(sender, instance: Service, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures: the provider may not be loaded yet; `reindex_catalogue` afterwards
        return
    from .search import defer, reindex

    if not defer(instance):
        reindex(instance)


def provider_saved(sender, instance: Provider, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from .search import reindex

    for service in instance.services.select_related("provider"):
        reindex(service)
