"""Shared fixtures: fast hashing, factories, and a user per role."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def essex(db):
    from send_portal.models import Organisation

    return Organisation.objects.get(kind="la", la_code="881")


@pytest.fixture
def thurrock(db):
    from send_portal.models import Organisation

    return Organisation.objects.get(kind="la", la_code="883")
