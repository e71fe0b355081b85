"""The portal endpoints (read by tests/api/test_openapi.py)."""

PATHS = {
    "/api/v1/portal/plan/": {"get"},
    "/api/v1/portal/agreements/": {"get"},
    "/api/v1/portal/consents/": {"get"},
    "/api/v1/portal/applications/": {"get"},
}
