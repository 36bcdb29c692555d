"""Per-council, per-year summaries of the dashboard figures, kept fresh incrementally.

A dashboard needs every council's numerators and denominators for three reporting years (the
area, its region, similar areas and England, and the trend). Computing them from the
operational tables takes seconds at England scale, so each council's figures for a year are
stored in a ``CouncilYearSummary`` row, and pages sum those rows.

The rows are never a stale copy shown as current:

- **Invalidation in the writer's transaction.** Every save that changes a field a metric reads,
  and every delete (``dashboards.signals``), inserts a ``SummaryInvalidation`` for that council
  with one ``INSERT`` in the same transaction, so the change and the mark commit together; a
  save that changes no such field marks nothing. The council is found through an index (a
  primary key, or the plans naming a setting by ``section_i_setting_id``), never a join the
  planner could get wrong. Writers only insert: writes to the same council never wait for one
  another, and a transaction touching two councils cannot deadlock on the summaries.
- **Bulk loads** (the demo, the settings directory import, synthetic data, a caseload import)
  run inside ``deferred_marks``: their marks are collected and each council is marked once at
  the end; rows written past the model signals are named with ``mark(...)``.
- **Recalculation without lost updates.** ``refresh_councils`` first reads the council's marks,
  then computes its figures from the operational tables (every mark it read belongs to a
  committed write, so the computation sees that write), stores them, and deletes exactly the
  marks it read. A write that commits while it runs leaves its own mark: the council stays
  stale. A row is only ever replaced by a calculation that began later than the one stored.
  A mark stands for every year, so a stale council is recalculated for every summarised year.
- **Read path.** ``figures_for_years`` reads all councils' rows for the years asked (one query)
  and the councils with marks (one query), and recomputes, synchronously, only the councils
  that are stale or have no row yet, so a page is right straight after a write even if no worker
  ever runs.
- **Background.** After the commit a Celery task (``dashboards.tasks.refresh_council``,
  coalesced per council over ``DASHBOARDS_REFRESH_DELAY`` seconds) recalculates the council, so
  pages normally find fresh rows; after a bulk load (``deferred_marks``: the demo, synthetic
  data, imports) ``catch_up`` runs at once and also calculates every council without a row for
  the years the pages show, so a first page view calculates nothing (issue 22); every night
  ``refresh_all_summaries`` recalculates every row,
  which also catches writes that bypass model signals (``QuerySet.update``, ``bulk_create``,
  raw SQL, ``COPY``) without calling ``mark``. ``manage.py refresh_dashboard_summaries`` does
  either by hand.

Every page shows when its figures were calculated: the oldest ``calculated_at`` of the rows.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import Counter, OrderedDict
from contextlib import contextmanager

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import DateTimeField, F, JSONField, OuterRef, Q, Subquery, Value, When
from django.db.models.query import QuerySet
from django.utils import timezone

from ehcp.models import Case, Plan
from ehcp.redress.models import Complaint
from send_portal.models import Organisation

from . import aggregates, published
from .models import CouncilYearSummary, SummaryInvalidation
from .periods import FIRST_YEAR, ReportingYear, latest_complete_year

logger = logging.getLogger("dashboards.summaries")

LA = Organisation.Kind.LOCAL_AUTHORITY


def council_ids() -> list[int]:
    return list(Organisation.objects.filter(kind=LA).values_list("pk", flat=True))


# ---- invalidation ------------------------------------------------------------------------------
#
# What a write marks is named by the rows it touched, one kind at a time: councils directly, or
# the cases, children, complaints or settings whose councils are to be marked. Each kind is
# turned into council ids by a lookup on an indexed column of one table (a primary key, a
# foreign key), never by a join whose plan depends on the planner's statistics: rows bulk-loaded
# earlier in the same transaction are invisible to ANALYZE, and a plan that nests a scan of all
# plans inside a scan of all cases took 57 s for one setting of the demo (issue 16).

KINDS = ("councils", "cases", "children", "complaints", "settings")
_CHUNK = 500  # ids per lookup (SQLite's limit on parameters is far above it)


def _councils_of(kind: str, ids):
    """A ``values_list`` of the councils of ``ids`` (ids of ``kind``), each an indexed lookup."""
    ids = list(ids)
    # No ordering anywhere: the models' default orderings would join in the tables they sort by.
    if kind == "cases":
        rows = Case.objects.filter(pk__in=ids).values_list("local_authority_id", flat=True)
    elif kind == "children":
        rows = Case.objects.filter(child_id__in=ids).values_list("local_authority_id", flat=True)
    elif kind == "complaints":
        rows = Complaint.objects.filter(pk__in=ids).values_list("local_authority_id", flat=True)
    elif kind == "settings":
        # The plans naming the settings (index on section_i_setting_id), and for each its case's
        # council by primary key: a scalar subquery, which PostgreSQL cannot turn into a join,
        # so no estimate can make it scan one table once per row of another.
        council = (
            Case.objects.filter(pk=OuterRef("case_id")).order_by().values("local_authority_id")
        )
        rows = (
            Plan.objects.filter(section_i_setting_id__in=ids)
            .annotate(council=Subquery(council))
            .values_list("council", flat=True)
        )
    else:
        raise ValueError(f"Unknown kind of mark: {kind}")
    return rows.order_by()


def _insert_select(la_ids: QuerySet) -> tuple[str, list]:
    table = SummaryInvalidation._meta.db_table
    sql, params = la_ids.order_by().query.sql_with_params()
    return (
        f"INSERT INTO {table} (local_authority_id, created_at) "  # noqa: S608
        f"SELECT DISTINCT sub.*, %s FROM ({sql}) sub",
        [timezone.now(), *params],
    )


def invalidation_statement(kind: str, ids) -> tuple[str, list]:
    """The ``INSERT ... SELECT`` that marks the councils of ``ids`` (of ``kind``) stale, with its
    parameters: what ``mark`` runs outside ``deferred_marks`` (the tests EXPLAIN it)."""
    return _insert_select(_councils_of(kind, ids))


def invalidate(la_ids) -> None:
    """Mark these councils' summaries stale with one ``INSERT``. ``la_ids`` may be a list of
    council ids or a ``values_list`` queryset of them (inserted with ``INSERT ... SELECT``, so
    the writer never reads it)."""
    if isinstance(la_ids, QuerySet):
        with connection.cursor() as cursor:
            cursor.execute(*_insert_select(la_ids))
        return
    now = timezone.now()
    SummaryInvalidation.objects.bulk_create(
        [SummaryInvalidation(local_authority_id=la_id, created_at=now) for la_id in set(la_ids)]
    )


def invalidate_and_schedule(la_ids) -> None:
    """``invalidate``, and after the commit ask a worker to recalculate the councils (coalesced
    per council over ``DASHBOARDS_REFRESH_DELAY`` seconds), so the next page finds their rows
    fresh instead of recalculating them itself."""
    if isinstance(la_ids, list | tuple | set) and not la_ids:
        return
    invalidate(la_ids)
    transaction.on_commit(lambda: schedule_refresh(la_ids))


class _Deferred(threading.local):
    def __init__(self):
        self.depth = 0
        self.pending: dict[str, set[int]] = {kind: set() for kind in KINDS}


_deferred = _Deferred()


def mark(*, councils=(), cases=(), children=(), complaints=(), settings=()) -> None:
    """Mark stale the councils whose figures these rows feed: ``councils`` directly, and the
    councils of the ``cases``, of the cases of the ``children``, of the ``complaints`` and of
    the plans naming the ``settings`` (ids). Outside ``deferred_marks``: one ``INSERT`` per kind
    given, in the writer's transaction, and a recalculation queued after the commit. Inside it:
    remembered, and each council marked once when the block ends.

    Writes that go past the model signals (``bulk_create``, ``QuerySet.update``, ``COPY``) call
    this themselves, e.g. ``summaries.mark(cases=[c.pk for c in created])``."""
    given = {
        "councils": councils,
        "cases": cases,
        "children": children,
        "complaints": complaints,
        "settings": settings,
    }
    if _deferred.depth:
        for kind, ids in given.items():
            _deferred.pending[kind].update(i for i in ids if i is not None)
        return
    for kind, ids in given.items():
        ids = sorted({i for i in ids if i is not None})
        if not ids:
            continue
        invalidate_and_schedule(ids if kind == "councils" else _councils_of(kind, ids))


def _resolve(pending: dict[str, set[int]]) -> set[int]:
    """The council ids of the pending marks: one indexed lookup per kind (per 500 ids)."""
    councils = set(pending["councils"])
    for kind in KINDS[1:]:
        ids = sorted(pending[kind])
        for start in range(0, len(ids), _CHUNK):
            councils.update(_councils_of(kind, ids[start : start + _CHUNK]).distinct())
    councils.discard(None)
    return councils


@contextmanager
def deferred_marks():
    """A bulk load (the demo, a settings directory import, synthetic data, a caseload import):
    the block runs in one transaction, the marks its writes make (through the model signals or
    ``mark``) are collected, and when it ends each council concerned is marked stale once, with
    one ``INSERT``, before the commit, and its recalculation queued once after it. Blocks nest:
    the outermost one marks. If the block raises, its transaction is rolled back and nothing is
    marked (nothing was written)::

        with summaries.deferred_marks():
            cases = Case.objects.bulk_create(rows)
            summaries.mark(cases=[case.pk for case in cases])
    """
    with transaction.atomic():
        outermost = _deferred.depth == 0
        _deferred.depth += 1
        try:
            yield
        except BaseException:
            if outermost:
                _deferred.pending = {kind: set() for kind in KINDS}
            raise
        finally:
            _deferred.depth -= 1
        if outermost:
            pending, _deferred.pending = _deferred.pending, {kind: set() for kind in KINDS}
            councils = sorted(_resolve(pending))
            if not councils:
                return
            invalidate(councils)
            # After a bulk load (the demo, synthetic data, an import), the councils it touched
            # and any council still without a row for the years the pages show are calculated
            # straight after the commit (a task without delay: in the embedded default, and in
            # the demo and benchmark builds, Celery runs it eagerly, before the build returns),
            # so no first page view calculates them (issue 22).
            transaction.on_commit(lambda: schedule_catch_up(councils))


def _pending_key(la_id: int) -> str:
    return f"dashboards:refresh-pending:{la_id}"


def schedule_refresh(la_ids) -> None:
    """Queue ``refresh_council`` for each council marked, at most one waiting task per
    council: writes within ``DASHBOARDS_REFRESH_DELAY`` seconds share one recalculation. A
    council with no summaries yet is queued too (issue 22: its first page view used to
    calculate it). A failure to queue (broker down) is logged only: the next page view
    recalculates the stale rows itself."""
    delay = getattr(settings, "DASHBOARDS_REFRESH_DELAY", 30)
    if isinstance(la_ids, QuerySet):
        la_ids = set(la_ids)
    for la_id in sorted(set(la_ids) - {None}):
        key = _pending_key(la_id)
        if not cache.add(key, 1, timeout=delay + 600):
            continue
        try:
            refresh_council.apply_async(args=[la_id], countdown=delay)
        except Exception:
            cache.delete(key)
            logger.exception("Could not queue the dashboard refresh of council %s", la_id)


def schedule_catch_up(la_ids) -> None:
    """Queue ``catch_up`` now (no coalescing delay: a bulk load marks each council once). A
    failure to queue is logged only: the next page view recalculates what it needs."""
    try:
        catch_up_summaries.apply_async(args=[sorted(la_ids)])
    except Exception:
        logger.exception("Could not queue the dashboard summaries' catch-up")


def stale_council_ids() -> set[int]:
    return set(SummaryInvalidation.objects.values_list("local_authority_id", flat=True).distinct())


# ---- recalculation -----------------------------------------------------------------------------


def _plain(parts: dict[str, Counter]) -> dict[str, dict]:
    return {group: dict(counter) for group, counter in parts.items()}


def _calculate(year: int, la_ids, every: bool) -> dict[int, tuple]:
    reporting_year = ReportingYear(year)
    figures = aggregates.compute(reporting_year, None if every else la_ids)
    parts = aggregates.compute_breakdowns_by_la(reporting_year, None if every else la_ids)
    return {
        la_id: (figures.by_la.get(la_id) or aggregates.Counts(), _plain(parts.get(la_id, {})))
        for la_id in la_ids
    }


def _store(year: int, calculated: dict[int, tuple], began) -> None:
    """Store the rows in one ``INSERT`` (new councils) and one ``UPDATE``; an existing row is
    replaced only by a calculation that began after the one it holds."""
    CouncilYearSummary.objects.bulk_create(
        [CouncilYearSummary(local_authority_id=la_id, reporting_year=year) for la_id in calculated],
        ignore_conflicts=True,
    )

    def per_row(value_of, output_field):
        return DbCase(
            *[
                When(
                    local_authority_id=la_id, then=Value(value_of(la_id), output_field=output_field)
                )
                for la_id in calculated
            ],
            output_field=output_field,
        )

    CouncilYearSummary.objects.filter(
        Q(calculated_at__isnull=True) | Q(calculated_at__lt=began),
        reporting_year=year,
        local_authority_id__in=list(calculated),
    ).update(
        counts=per_row(lambda la_id: dict(calculated[la_id][0].values), JSONField()),
        breakdowns=per_row(lambda la_id: calculated[la_id][1], JSONField()),
        calculated_at=Value(began, output_field=DateTimeField()),
    )


def refresh(year: int, la_ids=None) -> dict[int, tuple[aggregates.Counts, dict, object]]:
    """Calculate and store the summaries of one ``year`` for ``la_ids`` (every council, in one
    pass, when None), without touching the marks: for councils that had no row for the year.
    Returns ``{council id: (counts, breakdowns, calculated_at)}``."""
    every = la_ids is None
    la_ids = council_ids() if every else list(la_ids)
    if not la_ids:
        return {}
    began = timezone.now()
    calculated = _calculate(year, la_ids, every)
    _store(year, calculated, began)
    return {la_id: (*values, began) for la_id, values in calculated.items()}


def refresh_councils(la_ids=None, years=()) -> dict[int, dict[int, tuple]]:
    """Recalculate ``la_ids`` (every council when None) for every summarised year and ``years``,
    and remove the marks read before starting. Returns ``{year: refresh(...) result}``."""
    marks = SummaryInvalidation.objects.all()
    if la_ids is not None:
        la_ids = list(la_ids)
        marks = marks.filter(local_authority_id__in=la_ids)
    seen = list(marks.values_list("pk", flat=True))
    result = {}
    for year in sorted(set(summarised_years()) | set(years)):
        result[year] = refresh(year, la_ids)
    SummaryInvalidation.objects.filter(pk__in=seen).delete()
    return result


def refresh_stale(la_ids=None, years=None) -> int:
    """Recalculate the stale councils (of ``la_ids``, or all) for every summarised year (and
    ``years``). Returns how many councils were recalculated."""
    stale = stale_council_ids()
    if la_ids is not None:
        stale &= set(la_ids)
    if stale:
        refresh_councils(sorted(stale), years or ())
    return len(stale)


def catch_up(la_ids=(), years=None) -> int:
    """Bring the summaries up to date for the years the pages show (``years``: every summarised
    year and ``default_page_years``): recalculate the stale councils among ``la_ids`` (every
    stale council when None), and calculate every council that has no row for one of those
    years, one pass a year (all councils at once when most need it); then remove the marks,
    read before starting, of every council recalculated for all those years. What bulk loads
    run after their commit, so the first page view finds every row it reads (issue 22).
    Returns how many council-years were calculated."""
    everyone = set(council_ids())
    seen = list(SummaryInvalidation.objects.values_list("pk", "local_authority_id"))
    stale = {la_id for _, la_id in seen}
    if la_ids is not None:
        stale &= set(la_ids)
    if years is None:
        years = set(summarised_years()) | set(default_page_years())
    have: dict[int, set[int]] = {}
    for year, la_id in CouncilYearSummary.objects.filter(
        reporting_year__in=list(years), calculated_at__isnull=False
    ).values_list("reporting_year", "local_authority_id"):
        have.setdefault(year, set()).add(la_id)
    done = 0
    recalculated = set(everyone)
    for year in sorted(years):
        wanted = (everyone - have.get(year, set())) | stale
        if len(wanted) * 2 > len(everyone):
            wanted = everyone
        if wanted:
            refresh(year, None if wanted == everyone else sorted(wanted))
            done += len(wanted)
        recalculated &= wanted
    SummaryInvalidation.objects.filter(
        pk__in=[pk for pk, la_id in seen if la_id in recalculated]
    ).delete()
    return done


def refresh_years(years, *, progress=None) -> None:
    """Recalculate every council for each of ``years`` (one pass a year). When they include
    every summarised year, the marks seen before starting are cleared too; otherwise stale
    councils stay marked (their other years still need recalculating)."""
    years = set(years)
    started = timezone.now()
    if years >= set(summarised_years()):
        refresh_councils(None, years)
    else:
        for year in sorted(years):
            refresh(year)
    if progress:
        seconds = (timezone.now() - started).total_seconds()
        shown = ", ".join(str(y) for y in sorted(years))
        progress(f"Dashboard summaries for {shown}: every council recalculated ({seconds:.1f}s)")


def summarised_years() -> list[int]:
    return sorted(
        set(CouncilYearSummary.objects.values_list("reporting_year", flat=True).distinct())
    )


def default_page_years() -> list[int]:
    """The reporting years a dashboard shows by default (its year and the two before)."""
    latest = latest_complete_year()
    years = [y for y in published.available_years() if y <= latest]
    year = years[-1] if years else latest
    return [y for y in (year - 2, year - 1, year) if y >= FIRST_YEAR]


# ---- the read path -----------------------------------------------------------------------------


def _counter(values: dict) -> Counter:
    return Counter(values)


def figures_for_years(years) -> dict[int, aggregates.YearFigures]:
    """Every council's figures for each year: the stored summaries (one query for all the
    years), after recalculating any council that is stale (for every summarised year) or has no
    row for a year. The age, sex and ethnicity breakdowns are read for the latest of the years
    only (the one a page shows)."""
    years = sorted(set(years))
    councils = council_ids()
    stale = stale_council_ids()
    if stale and not CouncilYearSummary.objects.exists():
        # The first view: every council, one pass a year (and every mark so far is covered).
        refresh_councils(None, years)
    elif stale:
        # Most councils stale (after a bulk change): one pass a year for all of them.
        everyone = len(stale) * 2 > len(councils)
        refresh_councils(None if everyone else sorted(stale), years)
    # The figures decoded for a page are kept, per process, under the version of every row they
    # came from: a row's figures change only with a recalculation, which always stores a later
    # ``calculated_at`` (``_store``), so the same (council, year, calculated_at) for every row
    # means the same figures. A page then reads these stamps, not every council's JSON, and
    # keeps the disclosure decisions made on the same figures (issue 22: decoding and
    # fingerprinting 459 summaries was about 20 ms of a council dashboard's 43 ms at England
    # scale).
    stamps = frozenset(
        CouncilYearSummary.objects.filter(
            reporting_year__in=years, calculated_at__isnull=False
        ).values_list("reporting_year", "local_authority_id", "calculated_at")
    )
    key = (tuple(years), tuple(councils), stamps)
    with _DECODED_LOCK:
        kept = _DECODED.get(key)
        if kept is not None:
            _DECODED.move_to_end(key)
    if kept is None:
        kept = _decode(years, councils)
        covered = {(year, la_id) for year, la_id, _ in stamps}
        if all((year, la_id) in covered for year in years for la_id in councils):
            for year, figures in kept.items():
                # What the figures are, for the disclosure decisions' memo (disclosure.py).
                figures.version = (
                    year,
                    year == years[-1],  # with the breakdowns
                    frozenset((la, at) for y, la, at in stamps if y == year),
                )
            with _DECODED_LOCK:
                _DECODED[key] = kept
                while len(_DECODED) > _DECODED_SIZE:
                    _DECODED.popitem(last=False)
    # A copy for each page: what a page attaches (its published sums, its disclosure
    # decisions) stays with that page; the figures themselves are shared and never changed.
    return {year: copy.copy(figures) for year, figures in kept.items()}


#: Decoded figures by the version of their rows (``figures_for_years``): a few sets of years.
_DECODED: OrderedDict = OrderedDict()
_DECODED_SIZE = 4
_DECODED_LOCK = threading.Lock()


def _decode(years: list[int], councils: list[int]) -> dict[int, aggregates.YearFigures]:
    """Every council's stored figures for ``years``, decoded (and any council without a row for
    a year calculated first)."""
    stored: dict[int, dict[int, tuple]] = {year: {} for year in years}
    rows = CouncilYearSummary.objects.filter(
        reporting_year__in=years, calculated_at__isnull=False
    ).values_list(
        "reporting_year",
        "local_authority_id",
        "counts",
        DbCase(
            When(reporting_year=years[-1], then=F("breakdowns")),
            default=Value({}, output_field=JSONField()),
            output_field=JSONField(),
        ),
        "calculated_at",
    )
    for year, la_id, counts, parts, calculated_at in rows:
        stored[year][la_id] = (aggregates.Counts(Counter(counts)), parts, calculated_at)
    result = {}
    for year in years:
        fresh = stored[year]
        missing = [la_id for la_id in councils if la_id not in fresh]
        if missing:
            # A year nobody has looked at: one pass for all councils when most are missing.
            everyone = len(missing) * 2 > len(councils)
            fresh.update(refresh(year, None if everyone else missing))
        by_la = {la_id: fresh[la_id][0] for la_id in councils if la_id in fresh}
        breakdowns = (
            {
                la_id: {group: Counter(values) for group, values in fresh[la_id][1].items()}
                for la_id in by_la
            }
            if year == years[-1]
            else {}
        )
        calculated = [fresh[la_id][2] for la_id in by_la]
        result[year] = aggregates.YearFigures(
            year=ReportingYear(year),
            by_la=by_la,
            calculated_at=min(calculated) if calculated else timezone.now(),
            breakdowns_by_la=breakdowns,
        )
    return result


def figures_for(year: int) -> aggregates.YearFigures:
    """Every council's figures for ``year`` from the summaries, recomputing first any council
    whose data changed since its summary was calculated."""
    return figures_for_years([year])[year]


def breakdowns(year: ReportingYear, la_ids) -> dict[str, Counter]:
    """An area's plans at the census day by age band, sex and ethnicity, from the summaries."""
    return figures_for(year.year).breakdown(la_ids)


# ---- the tasks -----------------------------------------------------------------------------------
# Celery tasks registered under the names of ``dashboards.tasks`` (which re-exports them),
# defined here so that queueing them after a write needs no import of the tasks module.


@shared_task(
    name="dashboards.tasks.refresh_council", acks_late=True, soft_time_limit=600, time_limit=660
)
def refresh_council(la_id: int) -> int:
    """Recalculate the stale summaries of one council (after a write to its data)."""
    # Writes from now on queue a new task: this one may have read their marks too early.
    cache.delete(_pending_key(la_id))
    if not summarised_years():
        # Nothing summarised yet: the years the pages show, for every council (issue 22).
        return catch_up(la_ids=[la_id])
    return refresh_stale(la_ids=[la_id])


@shared_task(
    name="dashboards.tasks.catch_up_summaries",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def catch_up_summaries(la_ids: list[int]) -> int:
    """After a bulk load: recalculate the councils it touched, and calculate any council that
    has no row for the years the pages show (:func:`catch_up`)."""
    return catch_up(la_ids=la_ids)


@shared_task(
    name="dashboards.tasks.refresh_all_summaries",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def refresh_all_summaries() -> int:
    """Nightly: recalculate every council's summary of every year that has summaries (and of
    the years the dashboards show by default), so nothing changed behind the model signals
    stays unnoticed, and each page's "calculated at" is at most a day old."""
    years = sorted(set(summarised_years()) | set(default_page_years()))
    refresh_years(years)
    return len(years)
