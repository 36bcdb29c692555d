import pytest


@pytest.fixture(autouse=True)
def _fresh_dashboard_figures(settings):
    """Dashboards cache each year's figures; every test starts from its own data."""
    from django.core.cache import cache

    settings.DASHBOARDS_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def published_statistics(db):
    """The real DfE release imported once per test (about 25,000 figures)."""
    from dashboards import published
    from send_portal import reference_data

    reference_data.ensure()
    return published.import_release()
