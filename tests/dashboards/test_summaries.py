"""The per-council summaries behind the dashboards (dashboards/summaries.py): a write marks its
council stale in the same transaction (an insert: writers never wait for each other), a stale
council is recalculated (alone) before it is shown, a recalculation never hides a write that
came while it ran, and the task, the nightly refresh and the command keep the rows fresh."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from dashboards import aggregates, summaries, tasks
from dashboards.models import CouncilYearSummary, SummaryInvalidation
from dashboards.periods import ReportingYear
from ehcp.models import Decision
from ehcp.redress.models import ComplaintStage
from send_portal.models import Organisation, Role
from tests.dashboards import handbuilt
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def data():
    return handbuilt.build()


def plans(la):
    return summaries.figures_for(YEAR).area([la.pk])["plans"]


def row(la, year=YEAR):
    return CouncilYearSummary.objects.get(local_authority=la, reporting_year=year)


def add_plan(council, kid_born=date(2012, 5, 1)):
    kid = handbuilt.child(council, "ASD", "F", kid_born)
    case = handbuilt.case(council, kid, date(2024, 2, 1), final=date(2024, 6, 3))
    return handbuilt.plan(case, date(2024, 6, 3))


@pytest.fixture
def compute_calls(monkeypatch):
    """Every ``aggregates.compute`` call's (year, councils) - None meaning all councils."""
    calls = []
    original = aggregates.compute

    def spy(year, la_ids=None):
        calls.append((year.year, None if la_ids is None else sorted(la_ids)))
        return original(year, la_ids)

    monkeypatch.setattr(aggregates, "compute", spy)
    return calls


def test_summaries_equal_a_full_calculation(data):
    essex, thurrock = data["essex"], data["thurrock"]
    direct = aggregates.compute(ReportingYear(YEAR))
    stored = summaries.figures_for(YEAR)
    for council in (essex, thurrock):
        assert stored.area([council.pk]).values == direct.area([council.pk]).values
    assert row(essex).is_fresh and row(essex).calculated_at is not None
    assert stored.breakdown([essex.pk]) == aggregates.compute_breakdowns(
        ReportingYear(YEAR), [essex.pk]
    )
    # Every council has a row, including those with no data.
    assert CouncilYearSummary.objects.filter(reporting_year=YEAR).count() == (
        Organisation.objects.filter(kind="la").count()
    )


def test_a_write_after_a_read_marks_the_council_stale_and_shows_on_the_next_read(data):
    essex, thurrock = data["essex"], data["thurrock"]
    assert plans(essex) == 5
    add_plan(essex)
    after = row(essex)
    assert not after.is_fresh
    assert after.counts["plans"] == 5  # the stored row is untouched by the writer
    assert row(thurrock).is_fresh  # another council's figures are untouched
    assert plans(essex) == 6
    assert row(essex).is_fresh


def test_records_about_a_case_and_complaints_mark_their_council(data):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    Decision.objects.create(
        case=data["cases"]["a"],
        kind=Decision.Kind.NOT_ASSESS,
        decided_on=date(2024, 11, 1),
    )
    assert not row(essex).is_fresh
    summaries.figures_for(YEAR)
    stage = ComplaintStage.objects.filter(complaint__local_authority=essex).first()
    stage.save()
    assert row(essex).is_fresh  # saved as it was: nothing the figures read changed
    stage.started_on -= timedelta(days=1)
    stage.save()
    assert not row(essex).is_fresh


def test_a_draft_plan_changes_nothing_but_a_setting_type_does(data):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    draft = add_plan(essex)
    summaries.refresh_stale()
    draft.pk = None
    draft.version, draft.status = 2, "draft"
    draft.save()
    assert row(essex).is_fresh
    school = Organisation.objects.get(kind="setting", name="Brook Primary")
    school.name = "Brook Primary Academy"
    school.save()
    assert row(essex).is_fresh
    mainstream = summaries.figures_for(YEAR).area([essex.pk])["placement:mainstream"]
    school.setting_type = "Community special school"
    school.save()
    assert not row(essex).is_fresh
    counts = summaries.figures_for(YEAR).area([essex.pk])
    assert counts["placement:mainstream"] == mainstream - 1


def test_saving_a_setting_or_a_case_unchanged_marks_no_council_stale(data):
    """Issue 16: a save that changes nothing the figures read writes no mark (the demo re-saved
    every setting, and each mark searched the plans naming it)."""
    summaries.figures_for(YEAR)
    SummaryInvalidation.objects.all().delete()
    school = Organisation.objects.get(kind="setting", name="Brook Primary")
    school.save()
    Organisation.objects.update_or_create(
        kind="setting", urn=school.urn, defaults={"setting_type": school.setting_type}
    )
    Organisation.objects.get(pk=school.pk).save(update_fields=["setting_type"])
    case = type(data["cases"]["a"]).objects.get(pk=data["cases"]["a"].pk)
    case.save()
    case.child.save()
    assert not SummaryInvalidation.objects.exists()
    school.setting_type = "Community special school"
    school.save(update_fields=["setting_type"])
    assert SummaryInvalidation.objects.filter(local_authority=data["essex"]).exists()


def test_a_case_moving_council_marks_both_councils(data):
    essex, thurrock = data["essex"], data["thurrock"]
    summaries.figures_for(YEAR)
    case = type(data["cases"]["a"]).objects.get(pk=data["cases"]["a"].pk)
    case.local_authority = thurrock
    case.save(update_fields=["local_authority"])
    assert not row(essex).is_fresh and not row(thurrock).is_fresh


def test_a_bulk_load_marks_each_council_once(data, django_capture_on_commit_callbacks):
    """``deferred_marks``: the writes of the block (through the signals and ``mark``) mark each
    council once, with one INSERT, when the block ends; nothing if nothing changed."""
    essex, thurrock = data["essex"], data["thurrock"]
    summaries.figures_for(YEAR)
    SummaryInvalidation.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks, summaries.deferred_marks():
        for _ in range(3):
            add_plan(essex)
        add_plan(thurrock)
        summaries.mark(councils=[essex.pk])
        assert not SummaryInvalidation.objects.exists()  # nothing yet: at the end of the block
    marked = list(SummaryInvalidation.objects.values_list("local_authority_id", flat=True))
    assert sorted(marked) == sorted([essex.pk, thurrock.pk])
    assert len(callbacks) == 1  # one recalculation queued, for both
    SummaryInvalidation.objects.all().delete()
    with summaries.deferred_marks():
        Organisation.objects.get(kind="setting", name="Brook Primary").save()
    assert not SummaryInvalidation.objects.exists()


def test_a_write_during_a_recalculation_is_not_lost(data, monkeypatch):
    """The recalculation reads the council's marks, a write adds another while the figures are
    being computed, and the result (computed before the write) must not mark the council fresh:
    only the marks read before computing are removed."""
    essex = data["essex"]
    summaries.figures_for(YEAR)
    add_plan(essex)
    before = set(SummaryInvalidation.objects.values_list("pk", flat=True))
    original = aggregates.compute

    def compute_then_write(year, la_ids=None):
        result = original(year, la_ids)
        add_plan(essex)  # commits "meanwhile": after the marks were read
        return result

    monkeypatch.setattr(aggregates, "compute", compute_then_write)
    summaries.refresh_councils([essex.pk])
    monkeypatch.setattr(aggregates, "compute", original)
    left = set(SummaryInvalidation.objects.values_list("pk", flat=True))
    assert left and not left & before  # the marks read were removed, the new one stays
    assert not row(essex).is_fresh
    assert row(essex).counts["plans"] == 6
    # The next read recalculates and sees both new plans.
    assert plans(essex) == 7
    assert row(essex).is_fresh


def test_an_older_calculation_never_replaces_a_newer_one(data):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    newer = row(essex).calculated_at
    older = newer - timedelta(minutes=5)
    calculated = summaries._calculate(YEAR, [essex.pk], every=False)
    calculated[essex.pk][0].values["plans"] = 999
    summaries._store(YEAR, calculated, older)
    assert row(essex).counts["plans"] == 5 and row(essex).calculated_at == newer


def test_writers_only_insert_and_mark_through_a_subquery_without_reading(
    data, django_assert_num_queries
):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    case = data["cases"]["a"]
    with django_assert_num_queries(1) as captured:
        summaries.invalidate(
            type(case).objects.filter(pk=case.pk).values_list("local_authority_id", flat=True)
        )
    assert captured.captured_queries[0]["sql"].startswith("INSERT")
    assert SummaryInvalidation.objects.filter(local_authority=essex).count() == 1


def test_only_the_changed_council_is_recalculated(data, compute_calls):
    essex, thurrock = data["essex"], data["thurrock"]
    figures = summaries.figures_for_years([YEAR - 2, YEAR - 1, YEAR])
    # First read: every council of every year, one pass a year.
    assert compute_calls == [(YEAR - 2, None), (YEAR - 1, None), (YEAR, None)]
    assert figures[YEAR].area([thurrock.pk])["plans"] == 1
    compute_calls.clear()
    summaries.figures_for_years([YEAR - 2, YEAR - 1, YEAR])
    assert compute_calls == []
    add_plan(thurrock)
    figures = summaries.figures_for_years([YEAR - 2, YEAR - 1, YEAR])
    assert compute_calls == [(y, [thurrock.pk]) for y in (YEAR - 2, YEAR - 1, YEAR)]
    assert figures[YEAR].area([thurrock.pk])["plans"] == 2
    assert figures[YEAR].area([essex.pk])["plans"] == 5


def test_the_page_shows_when_the_oldest_figures_were_calculated(data, client):
    url = reverse("dashboards:public-council", args=["881"])
    first = client.get(url).context["calculated_at"]
    CouncilYearSummary.objects.filter(local_authority=data["thurrock"]).update(
        calculated_at=F("calculated_at") - (first - first.replace(year=2020))
    )
    shown = client.get(url).context["calculated_at"]
    assert shown.year == 2020


def test_after_the_commit_a_task_recalculates_the_council(
    data, django_capture_on_commit_callbacks, compute_calls
):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    compute_calls.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_plan(essex)
    assert callbacks  # scheduled after the commit; Celery runs eagerly in the tests
    assert row(essex).is_fresh and row(essex).counts["plans"] == 6
    assert compute_calls == [(YEAR, [essex.pk])]


def test_the_task_recalculates_only_stale_rows(data, compute_calls):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    compute_calls.clear()
    assert tasks.refresh_council(essex.pk) == 0
    summaries.invalidate([essex.pk])
    assert tasks.refresh_council(essex.pk) == 1
    assert row(essex).is_fresh
    assert compute_calls == [(YEAR, [essex.pk])]


def test_nightly_refresh_recalculates_everything_and_dates_it_now(data, compute_calls):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    CouncilYearSummary.objects.update(calculated_at=F("calculated_at") - timedelta(days=1))
    # Data changed behind the signals (e.g. a bulk update) is picked up too.
    handbuilt.plan(
        handbuilt.case(
            essex,
            handbuilt.child(essex, "MLD", "M", date(2013, 1, 1)),
            date(2024, 3, 1),
            final=date(2024, 7, 1),
        ),
        date(2024, 7, 1),
    )
    # As if it had been written past the model signals (a bulk update, raw SQL):
    SummaryInvalidation.objects.all().delete()
    before = row(essex).calculated_at
    compute_calls.clear()
    tasks.refresh_all_summaries()
    assert (YEAR, None) in compute_calls
    assert row(essex).calculated_at > before
    assert row(essex).counts["plans"] == 6


def test_the_command_refreshes_stale_rows_or_whole_years(data, compute_calls):
    essex = data["essex"]
    summaries.figures_for(YEAR)
    summaries.invalidate([essex.pk])
    compute_calls.clear()
    call_command("refresh_dashboard_summaries")
    assert compute_calls == [(YEAR, [essex.pk])]
    compute_calls.clear()
    call_command("refresh_dashboard_summaries", "--year", "2024")
    assert compute_calls == [(2024, None)]
    assert CouncilYearSummary.objects.filter(reporting_year=2024).count() > 100
    assert not SummaryInvalidation.objects.exists()


def test_a_warm_national_page_takes_a_small_fixed_number_of_queries(
    data, client, django_assert_max_num_queries
):
    analyst = person_with_role(Role.DFE_ANALYST, Organisation.objects.get(kind="dfe"))
    client.force_login(analyst)
    url = reverse("dashboards:england")
    assert client.get(url).status_code == 200  # calculates the summaries
    with django_assert_max_num_queries(20) as warm:
        client.get(url)
    for _ in range(5):
        handbuilt.build()
    summaries.refresh_stale()
    # The first page after a recalculation reads the recalculated figures once (one query
    # more); every page after it reads only the summaries' versions (issue 22).
    with django_assert_max_num_queries(len(warm.captured_queries) + 1):
        client.get(url)
    with django_assert_max_num_queries(len(warm.captured_queries)):
        client.get(url)
    summary_reads = [
        q for q in warm.captured_queries if "dashboards_councilyearsummary" in q["sql"]
    ]
    # One query for all councils and the three years: their versions (the figures themselves
    # are read again only when a version changes).
    assert len(summary_reads) == 1
    assert '"counts"' not in summary_reads[0]["sql"]


def test_a_page_reads_every_councils_figures_again_only_when_one_is_recalculated(data):
    """Issue 22: the decoded figures are kept under their rows' versions; a recalculation (a
    later ``calculated_at``) is read at once, and a page's own attachments stay its own."""
    essex = data["essex"]
    first = summaries.figures_for(YEAR)
    first._published_sums = {"sums": {}}  # what one page attaches to its copy
    again = summaries.figures_for(YEAR)
    assert again is not first and again.by_la is first.by_la  # the same figures, not re-read
    assert not hasattr(again, "_published_sums")
    assert again.area([essex.pk])["plans"] == 5
    add_plan(essex)
    summaries.refresh_stale()
    assert summaries.figures_for(YEAR).area([essex.pk])["plans"] == 6
