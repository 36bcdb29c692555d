"""The demo: reviews in several states and a phase transfer cohort for the demo council,
idempotent."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from ehcp.reviews import selectors
from ehcp.reviews.models import PhaseTransfer, Review
from send_portal import demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_today(monkeypatch):
    from django.utils import timezone

    from ehcp import selectors as case_selectors

    monkeypatch.setattr(case_selectors, "today", lambda: timezone.localdate())


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_demo_builds_reviews_in_several_states_and_a_cohort_once():
    from django.utils import timezone

    ctx = demo.build()
    stages = set(Review.objects.values_list("stage", flat=True))
    assert {"due", "arranged", "held", "reported"} <= stages
    senco_reviews = selectors.reviews_for_setting(ctx.people["senco"])
    assert senco_reviews.count() >= 4
    count = PhaseTransfer.objects.count()
    assert count >= 40
    year = PhaseTransfer.objects.values_list("transfer_year", flat=True).first()
    cohort = selectors.phase_transfer_cohort(
        ctx.people["caseworker"], year=year, today=timezone.localdate()
    )
    assert cohort.total >= 40 and sum(1 for n in cohort.counts.values() if n) >= 2
    reviews = Review.objects.count()
    demo.build()
    assert PhaseTransfer.objects.count() == count
    assert Review.objects.count() == reviews
