"""The meeting endpoints (read by tests/api/test_openapi.py)."""

PATHS = {
    "/api/v1/clients/{client_id}/meetings/": {"get"},
    "/api/v1/clients/{client_id}/meetings/{meeting_id}/": {"get"},
    "/api/v1/clients/{client_id}/meetings/{meeting_id}/agreements/": {"post"},
    "/api/v1/clients/{client_id}/meetings/{meeting_id}/close/": {"post"},
}
