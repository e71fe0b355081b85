"""The route plan endpoints (read by tests/api/test_openapi.py)."""

PATHS = {
    "/api/v1/clients/{client_id}/routes/": {"get"},
    "/api/v1/clients/{client_id}/route-facts/": {"get", "patch"},
}
