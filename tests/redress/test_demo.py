"""The demo: mediation, appeals and complaints on the ehcp demo cases, built through the
services, and idempotent."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from ehcp.redress import demo as redress_demo
from ehcp.redress.models import (
    Complaint,
    ComplianceStep,
    MediationCase,
    Stage,
    TribunalAppeal,
)
from send_portal import demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_today(monkeypatch):
    """The demo is dated from the real today, like the ehcp demo it builds on."""
    from django.utils import timezone

    from ehcp import selectors

    monkeypatch.setattr(selectors, "today", lambda: timezone.localdate())


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_demo_builds_each_route_once():
    ctx = demo.build()
    freya = MediationCase.objects.get(case__child__first_name="Freya")
    assert freya.mediator == ctx.people["mediator"]
    assert freya.outcome == MediationCase.Outcome.AGREED
    assert freya.status == MediationCase.Status.CERTIFICATE_ISSUED
    assert freya.actions.count() == 2
    assert freya.participants.filter(kind="council", has_authority=True).exists()
    harry = MediationCase.objects.get(case__child__first_name="Harry")
    assert (harry.wishes_to_mediate, harry.certificate_kind) == (False, "not_mediating")
    oliver = TribunalAppeal.objects.get(case__child__first_name="Oliver")
    assert oliver.matters == ["section_i"] and oliver.mediation is None
    assert oliver.orders.get().order_type == "name_setting"
    steps = ComplianceStep.objects.all()
    assert steps.exclude(completed_on=None).count() == 1
    assert steps.filter(completed_on=None, not_required=False).count() >= 2
    assert set(Complaint.objects.values_list("stage", flat=True)) == {Stage.LA_STAGE_1, Stage.LGSCO}
    counts = (
        MediationCase.objects.count(),
        TribunalAppeal.objects.count(),
        ComplianceStep.objects.count(),
        Complaint.objects.count(),
    )
    redress_demo.build(ctx)
    assert counts == (
        MediationCase.objects.count(),
        TribunalAppeal.objects.count(),
        ComplianceStep.objects.count(),
        Complaint.objects.count(),
    )
