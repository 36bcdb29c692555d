"""Celery tasks of the dashboards: recalculating the per-council summaries
(``dashboards.summaries``). Both are idempotent and safe to run concurrently with themselves and
with writes: a write that commits while one runs leaves its mark, so the council stays stale.

They are defined in ``dashboards.summaries`` under these names (``dashboards.tasks.*``), so that
the summaries can queue them without importing this module, which imports the summaries.
"""

from __future__ import annotations

from .summaries import catch_up_summaries, refresh_all_summaries, refresh_council

__all__ = ["catch_up_summaries", "refresh_all_summaries", "refresh_council"]
