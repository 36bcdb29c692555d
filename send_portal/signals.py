"""Audit sign-in, sign-out and failed sign-ins (auth signals are the hook Django offers)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditEvent


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record(
        actor=user, action=AuditEvent.Action.SIGN_IN, summary="Signed in", obj=user, request=request
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(
            actor=user,
            action=AuditEvent.Action.SIGN_OUT,
            summary="Signed out",
            obj=user,
            request=request,
        )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        actor=None,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        summary=f"Failed sign-in for {username}",
        request=request,
        detail={"username": username},
    )
