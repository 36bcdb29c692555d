"""A role that needs a second system administrator before it is given (security review
finding 4): a role that reads children's records, for someone who is a system administrator (or
the system administrator role, for someone who reads children's records)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .organisations import Organisation
from .users import Role, RoleAssignment


class RoleGrantRequest(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a second system administrator"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grant_requests"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    assignment = models.ForeignKey(
        RoleAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=models.Q(status="waiting"),
                name="one_waiting_grant_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display()})"
