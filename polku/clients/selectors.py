"""Reads for client pages. Callers pass a client already taken through the access rule."""

from django.db.models import (
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)

from .models import Client, Consent, NetworkMember, NetworkMemberQuerySet, NetworkRole


def _coordinator_first() -> Case:
    return Case(
        When(role=NetworkRole.COORDINATOR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _shown_network(members: NetworkMemberQuerySet) -> NetworkMemberQuerySet:
    """Active members as the pages and the API show them: the coordinator first, then by
    start, each with the professional's organisation."""
    return (
        members.active()
        .select_related("professional__organisation")
        .order_by(_coordinator_first(), "started_at")
    )


def network(client: Client) -> QuerySet[NetworkMember]:
    """Active members, the coordinator first, then by start."""
    return _shown_network(client.network.all())


def network_history(client: Client) -> QuerySet[NetworkMember]:
    return client.network.ended().select_related("professional__organisation").order_by("-ended_at")


def memberships(client: Client) -> list[NetworkMember]:
    """Every membership of the client, active and ended, each with the professional and their
    organisation, read once and kept on the client (Django's prefetch cache): the overview's
    network, its history, the coordinator periods and who coordinates now are all views of
    these rows, so the page and the sections that get the same client ask no more."""
    prefetch_related_objects(
        [client],
        Prefetch(
            "network", queryset=NetworkMember.objects.select_related("professional__organisation")
        ),
    )
    return list(client.network.all())


def active_members(client: Client) -> list[NetworkMember]:
    """`network` from the client's `memberships`: the coordinator first, then by start."""
    return sorted(
        (m for m in memberships(client) if m.ended_at is None),
        key=lambda m: (m.role != NetworkRole.COORDINATOR, m.started_at, m.pk),
    )


def ended_members(client: Client) -> list[NetworkMember]:
    """`network_history` from the client's `memberships`: the latest ended first."""
    ended = [m for m in memberships(client) if m.ended_at is not None]
    return sorted(ended, key=lambda m: (m.ended_at, m.pk), reverse=True)


def coordinator_id(client: Client) -> int | None:
    """The professional who coordinates the client now, from the client's `memberships`."""
    return next(
        (
            m.professional_id
            for m in memberships(client)
            if m.ended_at is None and m.role == NetworkRole.COORDINATOR
        ),
        None,
    )


def consents(client: Client) -> QuerySet[Consent]:
    return client.consents.prefetch_related("organisations").select_related(
        "recorded_by", "withdrawn_by"
    )


def with_coordinator(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Attach `current_coordinator` (a one-item list) for lists of clients."""
    return clients.prefetch_related(
        Prefetch(
            "network",
            queryset=NetworkMember.objects.coordinators().select_related("professional"),
            to_attr="current_coordinator",
        )
    )


def with_overview(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Attach what the client overview shows, loaded in three queries in all:
    `active_network` (as `network`) and `all_consents`."""
    return clients.prefetch_related(
        Prefetch(
            "network",
            queryset=_shown_network(NetworkMember.objects.all()),
            to_attr="active_network",
        ),
        Prefetch(
            "consents",
            queryset=Consent.objects.prefetch_related("organisations"),
            to_attr="all_consents",
        ),
    )


def search(clients: QuerySet[Client], text: str, hetu_hashes: list[str] | None) -> QuerySet[Client]:
    text = text.strip()
    if not text:
        return clients
    if hetu_hashes:
        return clients.filter(hetu_hash__in=hetu_hashes)
    condition = Q()
    for word in text.split():
        condition &= Q(first_names__icontains=word) | Q(last_name__icontains=word)
    return clients.filter(condition)


def network_professionals(client: Client | int) -> QuerySet:
    """Active professionals who are members of the client's network now (possible
    participants, agreement owners, step owners and contacts)."""
    from polku.accounts.models import User

    ids = NetworkMember.objects.of(client).values("professional_id")
    return (
        User.objects.filter(pk__in=ids, is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
