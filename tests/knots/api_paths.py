"""The knot endpoints (read by tests/api/test_openapi.py)."""

PATHS = {
    "/api/v1/clients/{client_id}/knot/": {"get"},
    "/api/v1/clients/{client_id}/applications/": {"post"},
    "/api/v1/clients/{client_id}/applications/{application_id}/": {"get", "patch"},
    "/api/v1/clients/{client_id}/applications/{application_id}/blockers/": {"post"},
    "/api/v1/clients/{client_id}/blockers/{blocker_id}/resolve/": {"post"},
}
