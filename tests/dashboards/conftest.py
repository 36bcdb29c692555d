import pytest


@pytest.fixture(autouse=True)
def _fresh_dashboard_figures():
    """The dashboards' figures live in the database (dashboards.summaries, rolled back with each
    test); the cache holds only the keys that coalesce refresh tasks: start each test empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def published_statistics(db):
    """The real DfE release imported once per test (about 25,000 figures)."""
    from dashboards import published
    from send_portal import reference_data

    reference_data.ensure()
    return published.import_release()
