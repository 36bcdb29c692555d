"""Security headers on every kind of response, and password hashing."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "/sign-in/", "/api/v1/docs/", "/timescales/"])
def test_pages_send_a_csp_without_unsafe_inline_and_deny_framing(client, address):
    response = client.get(address)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_passwords_are_hashed_with_argon2_first():
    # (The tests themselves use a fast hasher: tests/conftest.py.)
    from send_portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_every_response_carrying_personal_data_says_no_store(tmp_path):
    """Security review finding 8: case pages, the API's JSON and a case's generated PDF were
    cacheable by the browser (RFC 9111 section 5.2.2.5: no-store)."""
    from django.core.files.base import ContentFile
    from django.test import Client

    from send_portal.models import GeneratedDocument, Role
    from tests.api.conftest import token_for
    from tests.ehcp.view_helpers import build_world
    from tests.factories import person_with_role

    world = build_world()
    worker = world.people[Role.CASEWORKER]
    document = GeneratedDocument(
        title="Decision letter",
        template_name="pdf/letter.html",
        status=GeneratedDocument.Status.READY,
        owner_type="ehcp.case",
        owner_id=str(world.case.pk),
    )
    document.file.save("letter.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    document.save()
    client = Client()
    client.force_login(worker)
    for address in (
        f"/cases/{world.ref}/",
        f"/api/v1/cases/{world.ref}/",
        f"/cases/{world.ref}/documents/{document.pk}/",
        "/notifications/",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response["Cache-Control"], address
    key = token_for(person_with_role(Role.SYSTEM_ADMIN), scope="read")
    response = Client().get(f"/api/v1/cases/{world.ref}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Public pages keep their own caching.
    assert "no-store" not in Client().get("/timescales/").get("Cache-Control", "")
