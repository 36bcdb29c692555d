"""Shared fixtures: fast hashing, factories, and a user per role."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _views_imported_before_any_test_pins_today():
    """Import every view module (through the URLconf) before any test runs. Some modules bind
    ``ehcp.selectors.today`` when they are imported (``from ehcp.selectors import today``); a
    module first imported inside a test that pins "today" would keep that pinned date for the
    rest of the run, and tests after it would see the wrong day depending on their order."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point


@pytest.fixture(autouse=True)
def _same_factory_data_every_run(request):
    """factory_boy and Faker draw from one generator, seeded here with the test's id: a test builds
    the same names and values on every run, in any order and on any xdist worker. A failure that
    depends on the data (a random surname "Cook" inside the footer's "Cookies", an "O'Connor"
    escaped in the HTML) then happens every time and is fixed, instead of once in fifty CI runs."""
    import factory.random

    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_rate_limit_counters(settings):
    """Each test counts password reset requests afresh (send_portal/security/limits.py keeps
    them in the shared cache, which outlives a test's database)."""
    import uuid

    settings.SEND_PORTAL_RATE_LIMIT_NAMESPACE = uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Run tasks eagerly unless a test asks for a real worker (marker ``celery_worker``).

    In the full-stack run the settings point Celery at Redis; a task sent there would be picked
    up by a worker using another database, so tests that want a real worker start their own,
    on a queue of their own, against the test database (see tests/send_portal/
    test_celery_fullstack.py).
    """
    from send_portal.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The regions, councils and DfE teams loaded by migration send_portal 0002 are always there
    in production. A transactional test (every browser test, through the live server) empties
    the test database when it ends, taking them with it, so put them back for any database test
    that runs after one on the same worker."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None:
        if not names & _DB_FIXTURES:
            return
        request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    from send_portal import reference_data

    reference_data.ensure()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _staff_sessions_pass_two_factor(request, monkeypatch):
    """Test clients signing in a staff member (``client.force_login`` / ``client.login``) get a
    session that has passed two-factor authentication with a real confirmed TOTP device, as if
    they had entered their authenticator code (send_portal/security). Tests of the second factor
    itself mark themselves ``otp_unverified`` to get the session as it is after the password
    alone. Browser tests enter a real code (tests/browser/conftest.py ``sign_in``)."""
    if request.node.get_closest_marker("otp_unverified"):
        yield
        return
    from django.test.client import ClientMixin

    from tests.two_factor import mark_verified

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)
    yield


@pytest.fixture
def essex(db):
    from send_portal.models import Organisation

    return Organisation.objects.get(kind="la", la_code="881")


@pytest.fixture
def thurrock(db):
    from send_portal.models import Organisation

    return Organisation.objects.get(kind="la", la_code="883")
