"""The OpenAPI document and its readers: served from this server (no CDN, no inline script), and
someone not signed in is shown only the public resources."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from send_portal.models import Role
from tests.api.conftest import as_user

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = {
    "/api/v1/timescales/",
    "/api/v1/standards/versions/",
    "/api/v1/standards/versions/{number}/",
    "/api/v1/standards/versions/{number}/standards/",
    "/api/v1/inclusion-plans/",
    "/api/v1/inclusion-plans/{id}/",
}


def schema(client) -> dict:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_anonymous_readers_see_only_the_public_resources(api, db):
    assert set(schema(api)["paths"]) == PUBLIC_PATHS


def test_signed_in_readers_see_every_resource_with_error_bodies(api, world):
    document = schema(as_user(api, world.people[Role.CASEWORKER]))
    assert "/api/v1/cases/{reference}/plans/{version}/needs/{id}/" in document["paths"]
    put = document["paths"]["/api/v1/cases/{reference}/plans/{version}/needs/{id}/"]["put"]
    assert {"200", "400", "401", "403", "404", "409", "429"} <= set(put["responses"])
    assert "councilToken" in document["components"]["securitySchemes"]


def test_the_documentation_page_uses_local_files_and_no_inline_code(api, db):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://" not in html and "http://" not in html, "a CDN or external font is used"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and "style=" not in html, "inline style"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for path in re.findall(r'(?:src|href)="/static/([^"?]+)"', html):
        assert finders.find(path), f"{path} is not a local static file"


def test_the_swagger_start_script_is_served_as_javascript(api, db):
    response = api.get("/api/v1/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in response.content.decode()


def test_public_resources_need_no_sign_in(api, db):
    assert api.get("/api/v1/standards/versions/").status_code == 200
    assert api.get("/api/v1/inclusion-plans/").status_code == 200
    assert api.get("/api/v1/timescales/", {"received": "2025-09-01"}).status_code == 200
    assert api.get("/api/v1/mediations/").status_code == 401
    assert api.get("/api/v1/appeals/").status_code == 401
