"""The demo's intake data (issue 20): families' contact details, a grandmother who hears by
post, and a request made online waiting in Essex's queue; building it again writes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ehcp import intake_demo
from ehcp.models import CaseTask, FamilyContact, FamilyInvitation, OnlineRequest
from send_portal import demo
from send_portal.models import AuditEvent, Organisation, User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        FamilyContact.objects.count(),
        OnlineRequest.objects.count(),
        FamilyInvitation.objects.count(),
        CaseTask.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_demo_has_family_contacts_a_postal_grandmother_and_an_online_request():
    call_command("seed_demo", stdout=io.StringIO())
    parent = User.objects.get(email=f"parent@{demo.DEMO_DOMAIN}")
    linked = FamilyContact.objects.filter(user=parent)
    assert linked.exists() and all(c.has_address for c in linked)
    grandmother = FamilyContact.objects.get(first_name="Margaret", last_name="Taylor")
    assert grandmother.hears_by_post and grandmother.email == ""
    online = OnlineRequest.objects.get(child_first_name="Maya", child_last_name="Okafor")
    assert online.status == OnlineRequest.Status.WAITING
    assert online.local_authority.la_code == "881"

    before = _counts()
    ctx = demo.DemoContext(
        las={o.la_code: o for o in Organisation.objects.filter(la_code__in=demo.DEMO_LA_CODES)},
        people={"caseworker": User.objects.get(email=f"caseworker@{demo.DEMO_DOMAIN}")},
    )
    intake_demo.build(ctx)
    assert _counts() == before, "building the demo twice writes nothing the second time"
