"""Issuing and revoking API tokens (services: permission, lock, audit, in one transaction)."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import LA_STAFF_ROLES, ApiToken, AuditEvent, Organisation, User
from send_portal.models.api_tokens import digest

from .authentication import KEY_PREFIX


class TokenError(ValueError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def issue_token(
    *,
    actor: User,
    user: User,
    local_authority: Organisation,
    scope: str,
    name: str,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its key (shown once; only its digest is kept)."""
    permissions.require(actor, "send_portal.manage_users")
    if local_authority.kind != Organisation.Kind.LOCAL_AUTHORITY:
        raise TokenError("Choose a local authority: a token works for one council", field="council")
    if scope not in ApiToken.Scope.values:
        raise TokenError("Choose read only, or read and write", field="scope")
    if local_authority.pk not in user.organisations_for(*LA_STAFF_ROLES):
        raise TokenError(
            f"{user.email} is not a caseworker or SEND manager of {local_authority.name}: give "
            "the service account a role there first",
            field="user",
        )
    if not name.strip():
        raise TokenError("Say what will use the token", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip()[:120],
            user=user,
            local_authority=local_authority,
            scope=scope,
            key_prefix=key[:10],
            key_digest=digest(key),
            created_by=actor,
            expires_at=expires_at,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=token,
            summary=f"API token {token} issued for {user.email} at {local_authority.name}",
        )
    return token, key


def revoke_token(*, actor: User, token_id: int) -> ApiToken:
    permissions.require(actor, "send_portal.manage_users")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=token,
                summary=f"API token {token} revoked",
            )
    return token
