"""The demo's statutory returns (issue 18, "Done when"): every demo council's SEN2 return passes
the validation rules and can be downloaded, and Ofsted's Annex A List 1 lists each child or
young person with a plan in force on the census day exactly once. The demo is built once for the
module (inside a transaction rolled back at the end), not once per test."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from dashboards.periods import ReportingYear, latest_complete_year
from ehcp.models import Case
from ehcp.returns import annex_a, demo, sen2
from send_portal import demo as portal_demo
from send_portal.models import Organisation

pytestmark = pytest.mark.django_db

YEARS = sorted({latest_complete_year(), 2025})


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    from send_portal.celery import app

    eager = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield portal_demo.build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            app.conf.task_always_eager, app.conf.task_eager_propagates = eager


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("la_code", portal_demo.DEMO_LA_CODES)
def test_every_demo_councils_sen2_return_has_no_validation_problems(built, la_code, year):
    council = built.las[la_code]
    result = sen2.build_return(council, ReportingYear(year))
    assert len(result.persons) > 100  # the synthetic caseload is in the return
    summary = Counter((p.rule, p.message) for p in result.problems).most_common(5)
    assert result.problems == [], summary


def test_annex_a_list_1_lists_each_child_with_a_plan_in_force_once(built):
    essex = built.las["881"]
    on = timezone.localdate()
    in_force = {
        case.child_id
        for case in Case.objects.filter(local_authority=essex, final_issued_on__lte=on)
        .prefetch_related("cessations")
        .iterator(chunk_size=500)
        if sen2.plan_in_force(case, on)
    }
    result = annex_a.build(essex, on)
    ids = [int(row["Unique ID"]) for row in result.list_1]
    assert len(ids) == len(set(ids)), "a child is listed twice"
    assert set(ids) == in_force
    assert len(ids) > 1000
    assert result.errors == [], Counter(f.check.code for f in result.errors)


def test_completing_the_returns_again_writes_nothing(built):
    with CaptureQueriesContext(connection) as queries:
        demo.build(built)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_demo_councils_have_their_designated_officers_recorded(built):
    for council in Organisation.objects.filter(la_code__in=portal_demo.DEMO_LA_CODES, kind="la"):
        assert sen2.la_level(council)["DMO"] == "1"
