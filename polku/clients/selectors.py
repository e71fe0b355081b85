"""Reads for client pages. Callers pass a client already taken through the access rule."""

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from .models import Client, Consent, NetworkMember, NetworkRole


def network(client: Client) -> QuerySet[NetworkMember]:
    """Active members, the coordinator first, then by start."""
    coordinator_first = Case(
        When(role=NetworkRole.COORDINATOR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        client.network.active()
        .select_related("professional__organisation")
        .order_by(coordinator_first, "started_at")
    )


def network_history(client: Client) -> QuerySet[NetworkMember]:
    return (
        client.network.filter(ended_at__isnull=False)
        .select_related("professional__organisation")
        .order_by("-ended_at")
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
            queryset=NetworkMember.objects.active()
            .filter(role=NetworkRole.COORDINATOR)
            .select_related("professional"),
            to_attr="current_coordinator",
        )
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

    client_id = getattr(client, "pk", client)
    ids = NetworkMember.objects.active().filter(client_id=client_id).values("professional_id")
    return (
        User.objects.filter(pk__in=ids, is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
