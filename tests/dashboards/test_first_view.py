"""Issue 22: a council's public and restricted dashboards are fast on their first view, cold
included, because the per-council summaries exist before anyone asks: the demo build, bulk loads
and the task queued after each write calculate them; the first page view only reads them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboards import aggregates, summaries, tasks
from dashboards.models import CouncilYearSummary, SummaryInvalidation
from send_portal.models import Organisation, Role
from tests.dashboards import handbuilt
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

#: What a dashboard page reads when its summaries exist: the council and its area, the years,
#: the summaries (one query), the marks, the published figures, the disclosure sums... (13 for
#: the public page of the demo's lead council when this was pinned).
FIRST_VIEW_QUERIES = 20


def every_council_has_every_page_year():
    councils = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).count()
    for year in summaries.default_page_years():
        rows = CouncilYearSummary.objects.filter(reporting_year=year, calculated_at__isnull=False)
        assert rows.count() == councils, f"councils without a summary for {year}"
    assert not SummaryInvalidation.objects.exists(), "councils left stale"


def test_after_the_demo_build_no_summary_is_missing_and_first_views_calculate_nothing(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    every_council_has_every_page_year()

    calls = []
    monkeypatch.setattr(aggregates, "compute", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(aggregates, "compute_breakdowns_by_la", lambda *a, **k: calls.append(a))
    with django_assert_max_num_queries(FIRST_VIEW_QUERIES):
        assert client.get(reverse("dashboards:public-council", args=["881"])).status_code == 200
    manager = person_with_role(
        Role.SEND_MANAGER, Organisation.objects.get(kind="la", la_code="881")
    )
    client.force_login(manager)
    # The restricted page: sessions and the person's roles on top of the same reads.
    with django_assert_max_num_queries(FIRST_VIEW_QUERIES + 10):
        assert client.get(reverse("dashboards:council", args=["881"])).status_code == 200
    assert calls == []


def test_a_bulk_load_calculates_every_council_the_pages_read_after_its_commit(
    django_capture_on_commit_callbacks,
):
    """No page view has happened yet: the bulk load's commit calculates the councils it loaded
    and every other council (a page compares the council with its region and England)."""
    with django_capture_on_commit_callbacks(execute=True), summaries.deferred_marks():
        handbuilt.build()
    every_council_has_every_page_year()


def test_a_first_view_after_a_bulk_load_calculates_nothing(
    django_capture_on_commit_callbacks, client, monkeypatch, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True), summaries.deferred_marks():
        handbuilt.build()
    calls = []
    monkeypatch.setattr(aggregates, "compute", lambda *a, **k: calls.append(a))
    with django_assert_max_num_queries(FIRST_VIEW_QUERIES):
        client.get(reverse("dashboards:public-council", args=["881"]))
    assert calls == []


def test_the_task_after_a_write_calculates_a_council_nobody_has_looked_at(
    django_capture_on_commit_callbacks,
):
    """Before issue 22 the task was queued only for councils that already had summaries, so
    the first page view of a new portal calculated every council itself."""
    data = handbuilt.build()
    assert not CouncilYearSummary.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        summaries.mark(councils=[data["essex"].pk])
    assert callbacks
    every_council_has_every_page_year()


def test_the_task_leaves_no_mark_behind_without_its_calculation():
    """A mark is removed only with the calculation it asked for."""
    data = handbuilt.build()
    essex = data["essex"]
    summaries.invalidate([essex.pk])
    tasks.refresh_council(essex.pk)
    assert CouncilYearSummary.objects.filter(local_authority=essex).exists()
    every_council_has_every_page_year()
