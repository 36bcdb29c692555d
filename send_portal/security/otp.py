"""Staff devices: who needs a second factor, their authenticator device, and the demo secret."""

from __future__ import annotations

import base64
import time
from io import BytesIO

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from send_portal.models import STAFF_ROLES

DEVICE_NAME = "Authenticator app"


def needs_second_factor(user) -> bool:
    """Staff need their authenticator app code after the password. So does an account that was
    ever staff, for as long as it has an app: ending someone's roles does not lower the bar to
    their password alone; a system administrator removes the app (``reset_two_factor``)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_needs_second_factor", None)
    if cached is None:
        cached = bool(user.role_set() & STAFF_ROLES) or confirmed_device(user) is not None
        user._needs_second_factor = cached
    return cached


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, to put inline in the page (no script, no
    external service)."""
    # Loaded only for the set-up page, the one place a QR code is drawn.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def current_code(device: TOTPDevice) -> str:
    """The code the device shows now (for the demo's sign-in help and for tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def demo_mode() -> bool:
    return bool(getattr(settings, "DEMO_MODE", False))
