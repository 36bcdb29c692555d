"""Tokens for system integrations (a council's case-management system, DfE's SEN2 collection).

A token acts as one service account, for one council, and either only reads or also writes. The
key is shown once when the token is issued; only its SHA-256 digest is stored (the key is 256
random bits, so a slow hash adds nothing). See send_portal/api/authentication.py.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from send_portal.text import in_sentence

from .organisations import Organisation


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    name = models.CharField(max_length=120, help_text="What uses it, e.g. 'Capita One nightly'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        limit_choices_to={"kind": "la"},
    )
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    key_prefix = models.CharField(max_length=12, help_text="The start of the key, to recognise it.")
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["local_authority", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…, {in_sentence(self.get_scope_display())})"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
