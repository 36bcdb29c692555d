"""Tokens for system integrations: one council, read or write; revoked or unknown tokens are
refused; rate limits answer 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from send_portal.api.tokens import TokenError, issue_token, revoke_token
from send_portal.models import ApiToken, Role
from tests.api.conftest import token_for
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_read_token_sees_its_councils_cases_and_cannot_write(api, world, admin):
    key = token_for(admin, scope="read")
    body = api.get("/api/v1/cases/", **bearer(key)).json()
    assert [row["reference"] for row in body["results"]] == [world.ref]
    response = api.post(
        f"/api/v1/cases/{world.ref}/plans/2/needs/",
        {"version_lock": 0, "description": "x"},
        format="json",
        **bearer(key),
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("This token is read only")


def test_a_write_token_can_change_a_draft(api, world, admin):
    key = token_for(admin, scope="write")
    world.draft.refresh_from_db()
    response = api.post(
        f"/api/v1/cases/{world.ref}/plans/2/outcomes/",
        {"version_lock": world.draft.version_lock, "description": "Travel on the bus alone."},
        format="json",
        **bearer(key),
    )
    assert response.status_code == 201, response.content


def test_a_token_is_limited_to_its_council_even_if_its_account_works_for_two(api, world, admin):
    account = person_with_role(Role.CASEWORKER, la("881"), email="two-councils@example.org")
    # The same account also works for Thurrock:
    account.role_assignments.create(role=Role.CASEWORKER, organisation=la("883"))
    key = token_for(admin, council="883", user=account)
    assert api.get("/api/v1/cases/", **bearer(key)).json()["count"] == 0
    assert api.get(f"/api/v1/cases/{world.ref}/", **bearer(key)).status_code == 404
    api.force_login(account)  # the same person in the browser sees both councils
    assert api.get("/api/v1/cases/").json()["count"] == 1


def test_unknown_revoked_and_expired_tokens_are_refused(api, world, admin):
    assert api.get("/api/v1/cases/", **bearer("sp_not-a-token")).status_code == 401
    key = token_for(admin)
    token = ApiToken.objects.get()
    revoke_token(actor=admin, token_id=token.pk)
    response = api.get("/api/v1/cases/", **bearer(key))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    key2 = token_for(admin, scope="write")
    ApiToken.objects.filter(scope="write").update(expires_at=timezone.now())
    assert api.get("/api/v1/cases/", **bearer(key2)).status_code == 401


def test_only_a_system_admin_issues_tokens_for_staff_of_that_council(world, admin):
    worker = world.people[Role.CASEWORKER]
    with pytest.raises(Exception, match="Only a system administrator"):
        issue_token(actor=worker, user=worker, local_authority=la("881"), scope="read", name="x")
    with pytest.raises(TokenError, match="is not a caseworker or SEND manager of"):
        issue_token(actor=admin, user=worker, local_authority=la("883"), scope="read", name="x")
    token, key = issue_token(
        actor=admin, user=worker, local_authority=la("881"), scope="write", name="CMS"
    )
    assert key.startswith("sp_") and token.key_digest != key and key not in str(token)


def test_the_command_prints_the_key_once(world, admin, capsys):
    call_command(
        "issue_api_token",
        "--admin",
        admin.email,
        "--user",
        world.people[Role.CASEWORKER].email,
        "--council",
        "881",
        "--name",
        "Nightly",
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.get().key_prefix == key[:10]


def test_rate_limits_answer_429_with_retry_after(api, world, admin, settings):
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "2/minute", "token": "2/minute"}
    for _ in range(2):
        assert api.get("/api/v1/standards/versions/").status_code == 200
    refused = api.get("/api/v1/standards/versions/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["title"] == "Too Many Requests"
    key = token_for(admin)
    for _ in range(2):
        assert api.get("/api/v1/cases/", **bearer(key)).status_code == 200
    assert api.get("/api/v1/cases/", **bearer(key)).status_code == 429


def test_a_token_of_a_deactivated_council_is_refused(api, world, admin):
    """Security review finding 7: a deactivated organisation grants nothing, its integrations'
    tokens included."""
    key = token_for(admin, scope="read")
    assert api.get("/api/v1/cases/", **bearer(key)).status_code == 200
    la("881").__class__.objects.filter(pk=la("881").pk).update(is_active=False)
    assert api.get("/api/v1/cases/", **bearer(key)).status_code == 401
