"""docker-compose.yml describes a deployment that the settings can actually run.

No Docker engine is needed: the file is parsed and checked against what the code reads.
"""

from pathlib import Path

import pytest
import yaml

from send_portal.settings.base import ENVIRONMENT_VARIABLES

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
SERVICES = ("postgres", "redis", "web", "worker", "beat")
APP_SERVICES = ("web", "worker", "beat")
ESSENTIAL = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "ALLOWED_HOSTS",
)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def environment(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):  # ["KEY=value", ...] form
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def test_the_five_services_are_defined(compose):
    assert set(SERVICES) <= set(compose["services"])


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_healthcheck(compose, name):
    healthcheck = compose["services"][name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert healthcheck.get("test"), f"{name}'s healthcheck runs nothing"
    assert not healthcheck.get("disable", False)


def test_web_runs_migrations_then_gunicorn_on_the_wsgi_app(compose):
    command = command_text(compose["services"]["web"])
    assert "manage.py migrate" in command
    assert "gunicorn send_portal.wsgi:application" in command
    assert command.index("manage.py migrate") < command.index("gunicorn")


def test_web_healthcheck_asks_for_healthz(compose):
    assert "/healthz/" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_worker_runs_the_celery_worker(compose):
    assert "celery -A send_portal worker" in command_text(compose["services"]["worker"])


def test_beat_runs_celery_beat(compose):
    assert "celery -A send_portal beat" in command_text(compose["services"]["beat"])


def test_shared_environment_sets_only_variables_the_settings_read(compose):
    shared = compose["x-environment"]
    unknown = set(shared) - set(ENVIRONMENT_VARIABLES)
    assert not unknown, f"docker-compose.yml sets variables the settings never read: {unknown}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_the_essential_settings(compose, name):
    env = environment(compose["services"][name])
    missing = [key for key in ESSENTIAL if not env.get(key)]
    assert not missing, f"{name} lacks {missing}"
    unknown = set(env) - set(ENVIRONMENT_VARIABLES)
    assert not unknown, f"{name} sets variables the settings never read: {unknown}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_use_the_production_profile(compose, name):
    env = environment(compose["services"][name])
    assert env["DJANGO_SETTINGS_MODULE"] == "send_portal.settings.production"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_use_the_compose_postgres_and_redis(compose, name):
    env = environment(compose["services"][name])
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_secrets_must_be_supplied_not_defaulted(compose):
    # ${VAR:?message} makes `docker compose up` refuse to start without the value.
    shared = compose["x-environment"]
    assert shared["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in shared["DATABASE_URL"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(compose, name):
    depends_on = compose["services"][name]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_postgres_keeps_its_data_in_a_named_volume(compose):
    named = set(compose.get("volumes") or {})
    mounts = compose["services"]["postgres"]["volumes"]
    sources = {
        (mount["source"] if isinstance(mount, dict) else mount.split(":", 1)[0]) for mount in mounts
    }
    assert sources & named, f"postgres volumes {mounts} use no named volume of {named}"
