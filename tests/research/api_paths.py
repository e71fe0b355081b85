"""The research endpoints (read by tests/api/test_openapi.py)."""

PATHS = {"/api/v1/research/indicators/": {"get"}}
