"""Test helpers for two-factor authentication (send_portal/security)."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from send_portal.security.otp import DEVICE_NAME, current_code, needs_second_factor


def device_for(user) -> TOTPDevice:
    """The person's confirmed authenticator device (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, usable again (a code is accepted once per 30 seconds)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return current_code(device)


def mark_verified(client, user) -> None:
    """Give a signed-in test client's staff session a verified device, as entering the code
    does (django_otp.login)."""
    if not needs_second_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()
