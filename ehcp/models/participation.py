"""What the family contributes to the case: their and the child's views for section A, and
messages with the caseworker."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .case import Case
from .plan_content import SectionAFields


class ViewsContribution(SectionAFields):
    """Views for section A sent by the parent or young person (every contribution is kept; the
    caseworker uses the latest in the draft)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="views_contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Views for section A ({self.case.reference}, {self.made_on})"


class Message(models.Model):
    """A message between the family and the council about a case. Both sides see the thread."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_council = models.BooleanField(
        help_text="Sent by the council's SEND team (otherwise by the family)."
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"Message on {self.case.reference} at {self.created_at:%Y-%m-%d %H:%M}"
