"""Demo data for two-factor sign-in: every demo staff account gets the same authenticator
secret, so `make demo` stays usable. With SEND_PORTAL_DEMO=1 (set by scripts/demo.sh, never in
production) the code page shows the secret and the current code."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from .otp import DEVICE_NAME, needs_second_factor

#: The demo accounts' shared TOTP secret: b"demo-totp-secret-2026" (base32, to type into an
#: authenticator app: MRSW23ZNORXXI4BNONSWG4TFOQWTEMBSGY).
DEMO_TOTP_KEY = b"demo-totp-secret-2026".hex()
DEMO_TOTP_BASE32 = "MRSW23ZNORXXI4BNONSWG4TFOQWTEMBSGY"


def build(ctx) -> None:
    for user in ctx.people.values():
        user.forget_roles()
        if (
            needs_second_factor(user)
            and not TOTPDevice.objects.filter(
                user=user, name=DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
            ).exists()
        ):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEVICE_NAME,
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
