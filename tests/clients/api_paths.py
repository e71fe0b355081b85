"""The clients app's own API paths beyond tests/api/test_openapi.py's CORE_PATHS."""

PATHS = {
    "/api/v1/clients/{client_id}/access-requests/": {"get"},
    "/api/v1/clients/{client_id}/access-requests/{request_id}/decide/": {"post"},
}
