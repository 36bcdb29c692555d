"""The settings profiles, checked in fresh interpreters so the environment is exactly as given."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV_KEYS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_HOST",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
)


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV_KEYS}
    env.update(extra)
    return env


def _python(code: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_embedded_default_is_sqlite_eager_celery_console_mail_and_local_cache(tmp_path):
    result = _python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='send_portal.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.CACHES['default']['BACKEND'])",
        SEND_PORTAL_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_broker_urls_switch_to_the_full_stack(tmp_path):
    result = _python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='send_portal.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL,"
        " s.CACHES['default']['BACKEND'])",
        SEND_PORTAL_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://u@127.0.0.1:5999/db",
        REDIS_URL="redis://127.0.0.1:6999/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://127.0.0.1:6999/0",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_production_profile_refuses_to_start_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=_env(
            DJANGO_SETTINGS_MODULE="send_portal.settings.production",
            SEND_PORTAL_VAR_DIR=str(tmp_path),
        ),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_profile_passes_check_deploy_with_zero_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=_env(
            DJANGO_SETTINGS_MODULE="send_portal.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="send.example.gov.uk",
            SEND_PORTAL_VAR_DIR=str(tmp_path),
        ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
