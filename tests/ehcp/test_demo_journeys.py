"""The demo gives each role something to do (issue 20): the family's reviewed plan with two issued
versions and a review open for their views, a panel still to come, a decision waiting for a
manager, and realistic names for the synthetic cohort. Building it again writes nothing."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from ehcp.models import (
    Case,
    Child,
    DecisionApproval,
    PanelAgendaItem,
    PanelMeeting,
    Plan,
    ReservedDecision,
)
from ehcp.reviews.models import Review
from send_portal import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    from django.utils import timezone

    from ehcp import selectors as case_selectors

    monkeypatch.setattr(case_selectors, "today", lambda: timezone.localdate())
    monkeypatch.setattr(
        demo,
        "APP_BUILDERS",
        ["ehcp.demo", "ehcp.reviews.demo", "ehcp.demo_journeys", "send_portal.security.demo"],
    )
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return demo.build()


def _counts() -> list[int]:
    return [
        m.objects.count()
        for m in (Case, Child, Plan, Review, PanelMeeting, PanelAgendaItem, DecisionApproval)
    ]


def test_the_family_has_a_reviewed_plan_in_two_issued_versions_and_a_review_for_views(
    built, client
):
    ruby = Case.objects.get(child__first_name="Ruby", child__last_name="Taylor")
    issued = ruby.plans.filter(status__in=list(Plan.ISSUED)).order_by("version")
    assert [p.status for p in issued] == [Plan.Status.FINAL, Plan.Status.AMENDED]
    stages = list(ruby.reviews.order_by("pk").values_list("stage", flat=True))
    assert stages == [Review.Stage.COMPLETED, Review.Stage.DUE]
    finished = ruby.reviews.get(stage=Review.Stage.COMPLETED)
    assert finished.completed_on <= finished.due_on  # on time
    client.force_login(built.people["parent"])
    listing = client.get(reverse("family-reviews")).content.decode()
    assert "Ruby Taylor" in listing
    page = client.get(reverse("family-review", args=[finished.pk])).content.decode()
    older, newer = issued[0].version, issued[1].version
    assert f"older={older}&amp;newer={newer}" in page


def test_a_panel_to_come_has_a_request_to_decide_whether_to_assess(built):
    from ehcp.selectors import today

    coming = PanelMeeting.objects.get(meets_on__gt=today())
    item = coming.items.get()
    assert item.decision_point == PanelAgendaItem.DecisionPoint.REQUEST
    assert built.people["panel"] in coming.members.all()
    assert PanelAgendaItem.objects.filter(
        recommendation="", meeting__meets_on__lte=today()
    ).exists(), "a meeting already held waits for its recommendation"


def test_a_decision_reserved_to_managers_waits_for_approval(built):
    assert ReservedDecision.objects.filter(kind="cease").exists()
    waiting = DecisionApproval.objects.get(status=DecisionApproval.Status.PENDING)
    assert waiting.kind == "cease" and waiting.proposed_by == built.people["caseworker"]


def test_the_synthetic_cohort_has_realistic_names(built):
    cohort = Child.objects.filter(cases__reference__contains="-PT")
    assert cohort.count() >= 40
    for first, last in cohort.values_list("first_name", "last_name"):
        assert first.isalpha() and last.isalpha(), (first, last)


def test_building_the_demo_again_writes_nothing(built):
    before = _counts()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo.build()
    assert _counts() == before
