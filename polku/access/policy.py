"""The one access rule: which clients a professional may see. Nothing else decides it.

A professional sees a client only
  * as an active member of that client's network, and
  * under a consent valid today that covers the professional's organisation —
    except during intake: the professional who recorded a client that has no consent yet
    sees that client, so they can record the consent.

Every view, API endpoint and export of client data gets its clients from here
(`visible_clients`, `client_for`), and every client handed out is audited. A client outside
the rule is "not found" (404), never "forbidden": the answer must not reveal that it exists.

Within the rule, two acts need more than seeing the client, and are decided here too:
  * `may_see_full_hetu`: the full henkilötunnus only to authorities whose tasks need it;
  * `may_make_portal_code`: a portal sign-in code only by the client's coordinator.
A professional who sees the client but may not do these gets "forbidden" (403): the client's
existence is no secret to them.

Questions of role rather than of a client (reports, exports, referral teams, screenings, …)
are answered in `polku.access.resolver`, which also says who is a professional at all.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import OrganisationKind, User
from polku.audit import services as audit
from polku.audit.models import Action
from polku.clients.models import Client, ClientStatus, Consent, NetworkMember
from polku.clients.selectors import coordinator_id
from polku.core.http import AnyRequest, AnyUser

from .resolver import is_professional


def _consent_covers(
    day: dt.date, *, client: Client | OuterRef, organisation: int | OuterRef | None
) -> QuerySet[Consent]:
    """Consents valid on `day` of the client `client` covering `organisation` (each a value
    or an OuterRef): the consent half of the rule."""
    return Consent.objects.valid_on(day).filter(client=client, organisations=organisation)


def _own_intake(client_path: str, professional: AnyUser | F) -> Q:
    """The intake exception, on a query whose `client_path` leads to the client ("" when the
    query is over clients): recorded by `professional`, still in intake, with no consent."""
    prefix = f"{client_path}__" if client_path else ""
    return Q(**{f"{prefix}status": ClientStatus.INTAKE, f"{prefix}created_by": professional}) & Q(
        ~Exists(Consent.objects.filter(client=OuterRef(client_path or "pk")))
    )


def visible_clients(user: AnyUser | None, *, on: dt.date | None = None) -> QuerySet[Client]:
    """All clients `user` may see today (or on the day `on`): the rule as a query."""
    if not is_professional(user):
        return Client.objects.none()
    day = on or timezone.localdate()
    # Driven from the professional's own memberships (an index lookup), not by testing every
    # client: at 100 000 clients this is ~10 ms instead of ~100 ms on SQLite (make bench).
    in_network = NetworkMember.objects.active().filter(professional=user).values("client_id")
    consent_covers = _consent_covers(day, client=OuterRef("pk"), organisation=user.organisation_id)
    return Client.objects.filter(pk__in=in_network).filter(
        Exists(consent_covers) | _own_intake("", user)
    )


def compiled(clients: QuerySet[Client]) -> QuerySet[Client]:
    """The same clients, with the rule's query compiled to SQL once: a page that asks the
    rule in several queries of its own (the worklist's eight lists) embeds that SQL in each
    as it is, instead of compiling the rule's subqueries again for each (a few milliseconds
    of Python apiece). The SQL is the same subquery: the database's work does not change."""
    query = clients.order_by().values("pk").query
    sql, params = query.get_compiler(using=clients.db).as_sql()
    return Client.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611  # the ORM's own SQL


def sees(professional: str, client: str = "client", *, on: dt.date | None = None) -> Q:
    """The same rule as a condition on rows that name a professional and a client, for
    set-based checks over many rows at once (the daily alert scan): e.g. on agreements,
    `sees("owner")` holds where the agreement's owner may see its client today (or on `on`).
    `professional` and `client` are field paths from the queried model."""
    day = on or timezone.localdate()
    # resolver.is_professional, as a condition on the row's professional.
    a_professional = Q(
        **{f"{professional}__is_active": True, f"{professional}__organisation__isnull": False}
    ) & ~Q(**{f"{professional}__profession": ""})
    in_network = Exists(
        NetworkMember.objects.of(OuterRef(client)).filter(professional=OuterRef(professional))
    )
    consent_covers = Exists(
        _consent_covers(
            day,
            client=OuterRef(client),
            organisation=OuterRef(f"{professional}__organisation_id"),
        )
    )
    return a_professional & in_network & (consent_covers | _own_intake(client, F(professional)))


def can_see(user: AnyUser, client_id: int) -> bool:
    return visible_clients(user).filter(pk=client_id).exists()


def client_for(
    request: AnyRequest,
    client_id: int | str,
    *,
    action: Action = Action.VIEW,
    target: str = "client",
    purpose: str = "",
    queryset: QuerySet[Client] | None = None,
) -> Client:
    """The client `client_id` if the request's user may see it, audited; else Http404.

    `queryset` may add select_related/only; it is intersected with the rule."""
    user = request.user
    if not is_professional(user):  # sees no client (visible_clients is empty)
        raise Http404(_("No such client."))
    base = visible_clients(user)
    if queryset is not None:
        base = queryset & base
    try:
        client = base.get(pk=int(client_id))
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such client.")) from None
    audit.record(
        actor=user,
        action=action,
        client=client,
        target=target,
        purpose=purpose or purposes_granting(user, [client.pk]).get(client.pk, ""),
        request=request,
    )
    return client


def audit_listed(
    request: AnyRequest,
    clients: Iterable[Client],
    *,
    action: Action = Action.LIST,
    purpose: str = "",
) -> None:
    """Record that these clients (already taken from visible_clients) were shown in a list."""
    audit_listed_ids(request, [c.pk for c in clients], action=action, purpose=purpose)


def audit_listed_ids(
    request: AnyRequest, ids: list[int], *, action: Action = Action.LIST, purpose: str = ""
) -> None:
    """The same as audit_listed, for client ids (lists built from other tables' rows)."""
    user = request.user
    assert isinstance(user, User), "client lists are shown behind sign-in"
    granting = purposes_granting(user, ids)
    audit.record_many(
        actor=user,
        action=action,
        client_ids=ids,
        target="client_list",
        purposes=granting,
        default_purpose=purpose,
        request=request,
    )


# The audit trail's "why" when the professional sees the client through the intake exception
# (the client has no consent covering their organisation yet). The client portal's "who has
# looked at my information" has words for it (polku.portal.disclosure).
INTAKE = "intake"
# A professional acting on a client whom no consent in force covers for their organisation and
# who is not in the intake exception (purposes_granting): said as it is, not as intake.
OUTSIDE_CONSENT = "outside_consent"
# A professional whose henkilötunnus search matched a client they do not see: the match is
# recorded on the client with this purpose (clients.services.request_access).
ACCESS_REQUEST = "access_request"


def purposes_granting(
    user: User, client_ids: list[int], *, on: dt.date | None = None
) -> dict[int, str]:
    """For the audit trail's "why": the purposes of the consents through which `user`'s
    organisation sees each client today; INTAKE when `user` sees the client through the
    intake exception (recorded it, no consent yet); OUTSIDE_CONSENT when neither holds (a
    write by someone no consent covers, e.g. after the consent ended) — never a purpose that
    did not apply."""
    day = on or timezone.localdate()
    found: dict[int, set[str]] = {cid: set() for cid in client_ids}
    rows = Consent.objects.valid_on(day).filter(
        client_id__in=client_ids, organisations=user.organisation_id
    )
    for client_id, purpose in rows.values_list("client_id", "purpose"):
        found[client_id].add(purpose)
    without = [cid for cid, purposes in found.items() if not purposes]
    in_intake = (
        set(
            Client.objects.filter(pk__in=without)
            .filter(_own_intake("", user))
            .values_list("pk", flat=True)
        )
        if without
        else set()
    )
    return {
        cid: ",".join(sorted(p)) if p else INTAKE if cid in in_intake else OUTSIDE_CONSENT
        for cid, p in found.items()
    }


def purpose_for(user: AnyUser | None, client: Client | int) -> str:
    """The audit trail's "why" for `user` acting on `client` today: the same answer the read
    path (client_for, audit_listed) records, for the services that write the client's data
    (plans, meetings, handovers, …), so every event on a client says why. "" for someone
    who is not a professional (the client in the portal, the system)."""
    if not is_professional(user):
        return ""
    client_id = client if isinstance(client, int) else client.pk
    return purposes_granting(user, [client_id])[client_id]


# Organisation kinds whose workers need the full henkilötunnus by law to do their task with the
# client: Kela (benefit decisions and applications identify the person by it), municipal social
# services and municipal employment services (statutory client records and decisions). Health
# care, education providers, NGOs and shelters (not authorities: DESIGN.md, "they refer with the
# client present") and "other" see the masked form — birth date part — which tells clients
# apart on screen. The organisation must also be marked a public authority.
FULL_HETU_KINDS: frozenset[str] = frozenset(
    {OrganisationKind.KELA, OrganisationKind.SOCIAL, OrganisationKind.EMPLOYMENT}
)


def may_see_full_hetu(user: AnyUser, client: Client, *, seen: bool = False) -> bool:
    """Whether `user` may be shown `client`'s full henkilötunnus (each showing still audited,
    with a purpose): a professional who sees the client under the rule, working for a public
    authority of a kind in FULL_HETU_KINDS. Everyone else sees only `client.hetu_masked`.
    `seen`: the client came through the rule (client_for) in this request already."""
    if not is_professional(user):
        return False
    organisation = user.organisation
    if organisation is None or not (
        organisation.is_public_authority and organisation.kind in FULL_HETU_KINDS
    ):
        return False
    return seen or can_see(user, client.pk)


def may_make_portal_code(user: AnyUser, client: Client, *, seen: bool = False) -> bool:
    """Whether `user` may make a portal sign-in code for `client`: only the client's active
    personal coordinator (omaohjaaja), who meets the client and hands the code over. Another
    network member could otherwise sign in as the client. `seen` as in may_see_full_hetu."""
    if not is_professional(user) or not (seen or can_see(user, client.pk)):
        return False
    # from the client's memberships, read once (the overview shows them too)
    return coordinator_id(client) == user.pk


def overview_section(request: AnyRequest, client: Client) -> dict[str, bool]:
    """For the client overview (polku.core.hooks.client_sections, via access/hooks.py): which
    of the acts above the viewer may do, so the page offers only those (the services check
    again). The overview's client came through client_for in this request (the hook's
    contract), so the rule is not asked again."""
    return {
        "may_see_full_hetu": may_see_full_hetu(request.user, client, seen=True),
        "may_make_portal_code": may_make_portal_code(request.user, client, seen=True),
    }
