"""The assessment endpoint (read by tests/api/test_openapi.py)."""

PATHS = {"/api/v1/clients/{client_id}/assessments/": {"get"}}
