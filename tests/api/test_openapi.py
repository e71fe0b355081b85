"""The OpenAPI document: for signed-in professionals only, valid OpenAPI 3, complete,
documenting the rule and audit."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"

CORE_PATHS = {
    "/api/v1/clients/": {"get", "post"},
    "/api/v1/clients/{client_id}/": {"get", "patch"},
    "/api/v1/clients/{client_id}/hetu/": {"post"},
    "/api/v1/clients/{client_id}/consents/": {"get", "post"},
    "/api/v1/clients/{client_id}/consents/{consent_id}/withdraw/": {"post"},
    "/api/v1/clients/{client_id}/network/": {"get", "post"},
    "/api/v1/clients/{client_id}/network/{member_id}/end/": {"post"},
    "/api/v1/organisations/": {"get"},
}


def _app_paths() -> dict[str, set[str]]:
    """Each app's endpoints: tests/<app>/api_paths.py defines PATHS like CORE_PATHS."""
    import importlib
    from pathlib import Path

    found: dict[str, set[str]] = {}
    for module_file in sorted(Path(__file__).resolve().parents[1].glob("*/api_paths.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.api_paths")
        found.update(module.PATHS)
    return found


PATHS = {**CORE_PATHS, **_app_paths()}


@pytest.fixture
def document(signed_in):
    response = signed_in.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")
    assert "json" in response["Content-Type"]
    return json.loads(response.content)


def test_the_document_is_openapi_3(document):
    from drf_spectacular.validation import validate_schema

    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Polku API"
    validate_schema(document)  # the JSON Schema of OpenAPI 3.0 that drf-spectacular ships


def test_the_document_has_every_endpoint(document):
    found = {path: set(ops) - {"parameters"} for path, ops in document["paths"].items()}
    assert found == PATHS


def test_every_client_operation_documents_the_rule_the_audit_and_404(document):
    for path, operations in document["paths"].items():
        if "{client_id}" not in path:
            continue
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert "404" in operation["responses"], where
            assert "403" in operation["responses"], where
            assert "**404**" in operation["description"], where
            assert "Audit" in operation["description"], where
            if method != "get":
                assert "400" in operation["responses"], where


def test_every_operation_has_schemas(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = next(code for code in operation["responses"] if code.startswith("2"))
            content = operation["responses"][success].get("content", {})
            assert "application/json" in content, f"{method.upper()} {path}"
            if method in ("post", "patch") and not path.endswith(("/end/", "/resolve/", "/close/")):
                assert "requestBody" in operation, f"{method.upper()} {path}"


def test_the_full_code_is_never_in_the_client_schemas(document):
    schemas = document["components"]["schemas"]
    for name in ("ClientDetail", "ClientListItem"):
        assert "hetu" not in schemas[name]["properties"]
        assert "hetu_masked" in schemas[name]["properties"]


def test_the_document_is_valid_without_warnings(tmp_path):
    """drf-spectacular's own validation (JSON Schema of OpenAPI 3.0) and no generator
    warnings (every endpoint with request and response schemas)."""
    target = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(target),
    )
    assert json.loads(target.read_text())["openapi"].startswith("3.")


def test_the_served_document_passes_openapi_spec_validator(document):
    from openapi_spec_validator import validate

    validate(document)
