"""Celery tasks of the dashboards: recalculating the per-council summaries
(``dashboards.summaries``). Both are idempotent and safe to run concurrently with themselves and
with writes: a write that commits while one runs leaves its mark, so the council stays stale."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def refresh_council(la_id: int) -> int:
    """Recalculate the stale summaries of one council (after a write to its data)."""
    from . import summaries

    # Writes from now on queue a new task: this one may have read their marks too early.
    cache.delete(summaries._pending_key(la_id))
    if not summaries.summarised_years():
        # Nothing summarised yet: the years the pages show, for every council (issue 22).
        return summaries.catch_up(la_ids=[la_id])
    return summaries.refresh_stale(la_ids=[la_id])


@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3300)
def catch_up_summaries(la_ids: list[int]) -> int:
    """After a bulk load: recalculate the councils it touched, and calculate any council that
    has no row for the years the pages show (``summaries.catch_up``)."""
    from . import summaries

    return summaries.catch_up(la_ids=la_ids)


@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3300)
def refresh_all_summaries() -> int:
    """Nightly: recalculate every council's summary of every year that has summaries (and of
    the years the dashboards show by default), so nothing changed behind the model signals
    stays unnoticed, and each page's "calculated at" is at most a day old."""
    from . import summaries

    years = sorted(set(summaries.summarised_years()) | set(summaries.default_page_years()))
    summaries.refresh_years(years)
    return len(years)
