"""Exactly one active coordinator per active client, held by the database at every moment.

At most one: the partial unique index `one_active_coordinator_per_client` (models.py).
At least one: these triggers refuse (a) making a client active without an active coordinator,
(b) inserting a client directly as active, (c) ending, re-roling, moving or deleting the active
coordinator of an active client. A coordinator change therefore moves the coordinator "seat"
to the new person in one UPDATE (polku.clients.network.transfer_coordinator).
"""

from polku.core.triggers import refusal, register

MESSAGE = "an active client must have exactly one active coordinator"
_ACTIVE_COORDINATOR_OF_ACTIVE_CLIENT = (
    "OLD.role = 'coordinator' AND OLD.ended_at IS NULL AND "
    "(SELECT status FROM clients_client WHERE id = OLD.client_id) = 'active'"
)

TRIGGERS = register(
    refusal(
        "client_active_needs_coordinator",
        "clients_client",
        ["UPDATE OF status"],
        MESSAGE,
        "NEW.status = 'active' AND NOT EXISTS (SELECT 1 FROM clients_networkmember m "
        "WHERE m.client_id = NEW.id AND m.role = 'coordinator' AND m.ended_at IS NULL)",
    ),
    refusal(
        "client_not_inserted_active",
        "clients_client",
        ["INSERT"],
        MESSAGE,
        "NEW.status = 'active'",
    ),
    refusal(
        "coordinator_seat_kept",
        "clients_networkmember",
        ["UPDATE OF role, ended_at, client_id"],
        MESSAGE,
        _ACTIVE_COORDINATOR_OF_ACTIVE_CLIENT + " AND (NEW.role <> 'coordinator' "
        "OR NEW.ended_at IS NOT NULL OR NEW.client_id <> OLD.client_id)",
    ),
    refusal(
        "coordinator_not_deleted",
        "clients_networkmember",
        ["DELETE"],
        MESSAGE,
        _ACTIVE_COORDINATOR_OF_ACTIVE_CLIENT,
    ),
)
