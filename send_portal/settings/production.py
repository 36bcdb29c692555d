"""Production profile: everything in base, hardened. ``manage.py check --deploy`` is clean.

``SECRET_KEY`` must come from the environment; HTTPS is assumed (terminated in front of gunicorn
or by it), so cookies are secure and HSTS is on. Static files are compressed and fingerprinted by
whitenoise.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or "dev-only" in SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))")'
    )

DEBUG = False
DEMO_MODE = False  # never show the demo's authenticator secret
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's CompressedManifestStaticFilesStorage, with the imports of our ES modules
    # hashed too (send_portal/settings/storage.py).
    "staticfiles": {"BACKEND": "send_portal.settings.storage.StaticStorage"},
}
# Names without a hash (none are linked from pages) are cached for a day; hashed names for ten
# years, immutable (whitenoise's default for them).
WHITENOISE_MAX_AGE = 24 * 60 * 60
WHITENOISE_USE_FINDERS = False
