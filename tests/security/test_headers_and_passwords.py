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
