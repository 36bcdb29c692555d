"""The demo builders of standards/ and partnerships/: believable, in several states, idempotent."""

import pytest

from partnerships import demo as partnerships_demo
from partnerships import selectors
from partnerships.models import (
    CoproductionEvent,
    PartnershipRole,
    PlanEvent,
    PlanVersion,
    RegionsGroupDecision,
)
from send_portal import demo
from standards.models import CatalogueVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def build(monkeypatch):
    monkeypatch.setattr(demo, "APP_BUILDERS", ["standards.demo", "partnerships.demo"])
    return demo.build


def test_the_demo_has_a_published_signed_off_plan_and_one_waiting_for_the_officer(build):
    ctx = build()
    versions = {
        v.number: v
        for v in PlanVersion.objects.filter(
            plan__partnership=ctx.orgs["partnership"], plan__title=partnerships_demo.PLAN_TITLE
        )
    }
    assert versions[1].status == PlanVersion.Status.PUBLISHED
    assert versions[1].regions_decisions.filter(kind=RegionsGroupDecision.Kind.SIGN_OFF).exists()
    assert versions[2].status == PlanVersion.Status.SUBMITTED
    thurrock = PlanVersion.objects.get(plan__partnership=ctx.orgs["thurrock_partnership"])
    assert thurrock.status == PlanVersion.Status.AGREED
    # Waiting for the officer: Essex's to agree, Thurrock's to sign off (issue 20).
    assert list(selectors.awaiting_regions_group(ctx.people["regions.officer"])) == [
        versions[2],
        thurrock,
    ]
    allowed, _ = selectors.tailored_lists_allowed(ctx.las["881"])
    assert allowed
    assert not selectors.tailored_lists_allowed(ctx.las["883"])[0]
    kinds = set(PartnershipRole.objects.values_list("kind", flat=True))
    assert kinds == set(PartnershipRole.Kind)
    assert CoproductionEvent.objects.count() == 3
    assert set(CatalogueVersion.objects.values_list("number", "status")) == {
        (1, "published"),
        (2, "in_development"),
    }


def test_building_the_demo_twice_changes_nothing(build):
    build()
    counts = [
        m.objects.count()
        for m in (PlanVersion, PlanEvent, RegionsGroupDecision, CoproductionEvent, PartnershipRole)
    ]
    build()
    assert counts == [
        m.objects.count()
        for m in (PlanVersion, PlanEvent, RegionsGroupDecision, CoproductionEvent, PartnershipRole)
    ]


def test_the_demo_holds_a_plan_at_every_step_of_its_approval_so_each_role_can_act(build):
    """Issue 20: the board, each chair and the Regions Group officer each have a plan waiting for
    them to act."""
    build()
    Status = PlanVersion.Status
    waiting = {v.status: v for v in PlanVersion.objects.select_related("plan__partnership").all()}
    assert {
        Status.AWAITING_BOARD,
        Status.SUBMITTED,
        Status.AGREED,
        Status.SIGNED_OFF,
        Status.PUBLISHED,
    } <= set(waiting)
    assert waiting[Status.AWAITING_BOARD].plan.partnership.name.startswith("Essex")
    assert not waiting[Status.AWAITING_BOARD].board_decisions.exists()
    assert waiting[Status.SIGNED_OFF].plan.partnership.name.startswith("Southend-on-Sea")
