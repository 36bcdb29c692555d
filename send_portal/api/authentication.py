"""Token authentication for system integrations: ``Authorization: Bearer <key>``.

A token acts as its service account (``ApiToken.user``) and additionally limits every case-based
resource to its council (:func:`council_scope`) and, for a read-only token, to safe methods
(:class:`TokenScope`). Session authentication serves the browser (Swagger UI) as usual.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from send_portal.models import ApiToken
from send_portal.models.api_tokens import digest

KEY_PREFIX = "sp_"


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <key>', with no spaces in the key."
            )
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("The token contains invalid characters.") from exc
        token = (
            ApiToken.objects.select_related("user", "local_authority")
            .filter(key_digest=digest(key))
            .first()
        )
        if (
            token is None
            or not token.is_usable
            or not token.user.is_active
            # A deactivated council grants nothing, its integrations' tokens included.
            or (token.local_authority_id and not token.local_authority.is_active)
        ):
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it may have been revoked or have expired. Ask your "
                "council's system administrator for a new one."
            )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScope(permissions.BasePermission):
    """A read-only token may only read."""

    message = "This token is read only: ask for a read and write token to make changes."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return token.can_write
        return True


def council_scope(request) -> int | None:
    """The council a token is limited to (None for a browser session)."""
    token = getattr(request, "auth", None)
    return token.local_authority_id if isinstance(token, ApiToken) else None


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "send_portal.api.authentication.TokenAuthentication"
    name = "councilToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token issued to a system integration by a system administrator "
            "(`manage.py issue_api_token`). It is limited to one council, and to reading or to "
            "reading and writing.",
        }
