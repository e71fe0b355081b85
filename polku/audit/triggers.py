from polku.core.triggers import refusal, register

TRIGGERS = register(
    refusal(
        "audit_event_append_only",
        "audit_auditevent",
        ["UPDATE", "DELETE"],
        "audit events are append-only",
        refuse_truncate=True,
    )
)
