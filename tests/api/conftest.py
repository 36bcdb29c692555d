"""API fixtures: one case with a person in every role (tests.ehcp.view_helpers.World), an API
client, and tokens."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from send_portal.api.tokens import issue_token
from send_portal.models import Role
from tests.ehcp.view_helpers import build_world
from tests.factories import la, person_with_role


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api():
    return APIClient()


def as_user(client: APIClient, user) -> APIClient:
    client.force_login(user)
    return client


@pytest.fixture
def admin(db):
    return person_with_role(Role.SYSTEM_ADMIN, None, is_staff=True)


def token_for(admin, *, council: str = "881", scope: str = "read", user=None) -> str:
    council_org = la(council)
    account = user or person_with_role(
        Role.CASEWORKER, council_org, email=f"cms-{council}-{scope}@example.org"
    )
    _, key = issue_token(
        actor=admin, user=account, local_authority=council_org, scope=scope, name="CMS"
    )
    return key
