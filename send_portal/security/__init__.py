"""Two-factor authentication for staff (django-otp TOTP) and session limits.

Everyone who holds a staff role (every role but parent and young person, ``STAFF_ROLES``) must,
after their password, prove they hold their authenticator app: the first time by setting it up
(``/two-factor/set-up/``), afterwards with a six-digit code (``/two-factor/``). Until they do,
:class:`~send_portal.security.middleware.StaffTwoFactorMiddleware` sends every request of
theirs there (the API answers 403). Families are not asked for a second factor.
"""
