"""The plan endpoint (read by tests/api/test_openapi.py)."""

PATHS = {"/api/v1/clients/{client_id}/plan/": {"get"}}
