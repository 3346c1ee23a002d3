"""The OpenAPI document is well formed and describes exactly the routes the API has."""
import re

import jsonschema
import pytest

from feedback_app.api.openapi import document

OPERATION = {
    "type": "object", "required": ["operationId", "responses"],
    "properties": {
        "operationId": {"type": "string"},
        "parameters": {"type": "array", "items": {
            "type": "object", "required": ["name", "in", "schema"],
            "properties": {"in": {"enum": ["path", "query", "header", "cookie"]}},
        }},
        "requestBody": {"type": "object", "required": ["content"]},
        "responses": {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": "^[1-5][0-9][0-9]$"},
            "additionalProperties": {"type": "object", "required": ["description"]},
        },
        "security": {"type": "array"},
    },
}
MINIMAL_OPENAPI = {
    "type": "object",
    "required": ["openapi", "info", "paths", "components"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"},
        "info": {"type": "object", "required": ["title", "version"]},
        "paths": {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": "^/"},
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": ["get", "post", "put", "patch", "delete"]},
                "additionalProperties": OPERATION,
            },
        },
        "components": {
            "type": "object", "required": ["securitySchemes", "schemas"],
            "properties": {
                "securitySchemes": {
                    "type": "object", "minProperties": 1,
                    "additionalProperties": {
                        "type": "object", "required": ["type", "scheme"],
                        "properties": {"type": {"const": "http"}, "scheme": {"const": "bearer"}},
                    },
                },
                "schemas": {"type": "object", "required": ["Error"]},
            },
        },
        "security": {"type": "array", "minItems": 1},
    },
}
PREFIX = "/api/v1"


@pytest.fixture
def served(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(doc, ref):
    assert ref.startswith("#/"), f"{ref} is not a local reference"
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_the_document_is_served_without_a_key_and_has_the_expected_shape(served):
    jsonschema.validate(served, MINIMAL_OPENAPI)
    assert served == document()


def test_every_reference_resolves(served):
    refs = set(_refs(served))
    assert refs
    for ref in refs:
        _resolve(served, ref)


def test_every_operation_names_a_known_security_scheme(served):
    schemes = set(served["components"]["securitySchemes"])
    for requirement in served["security"]:
        assert set(requirement) <= schemes
    for item in served["paths"].values():
        for operation in item.values():
            for requirement in operation.get("security", []):
                assert set(requirement) <= schemes


def test_the_routes_and_the_document_match_both_ways(app, served):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(PREFIX):])
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in served["paths"].items() for method in item}
    assert routes == documented


def test_path_parameters_are_declared(served):
    for path, item in served["paths"].items():
        wanted = set(re.findall(r"{([^}]+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == wanted, (path, declared)


def test_error_responses_match_the_error_schema(api):
    error_schema = document()["components"]["schemas"]["Error"]
    for response in (api.get("/api/v1/enquiries/999999"), api.post("/api/v1/enquiries", json=[]),
                     api.post("/api/v1/enquiries", json={"kind": 1}), api.client.get("/api/v1/enquiries")):
        jsonschema.validate(response.get_json(), error_schema)


def test_a_created_enquiry_matches_its_schema(api):
    from datetime import date
    doc = document()
    body = api.post("/api/v1/enquiries", json={"case_reference": "X1", "kind": "other",
                                               "opened_on": date.today().isoformat()}).get_json()
    # Resolve references against the document itself.
    schema = {**doc["components"]["schemas"]["Enquiry"], "components": doc["components"]}
    jsonschema.validate(body, schema)
