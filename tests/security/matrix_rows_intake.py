"""Rows of the permission matrix for the pages anyone may open without an account (issue 20):
a family asking for an EHC needs assessment online, accepting an invitation to create an
account, and the settings directory's suggestions. Reviewed against shared/domain/ROLES.md
("Public (no sign-in)"): none of them shows a child's record; the invitation page shows only
the invited person's own e-mail address, and to anyone signed in as someone else it says the
invitation is for someone else.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

OK = "200"


def invitation_path(things) -> str:
    """An open invitation to the matrix child's mother (recorded with an e-mail address)."""
    from ehcp.models import FamilyContact, FamilyInvitation
    from ehcp.services.contacts import token_for

    contact, _ = FamilyContact.objects.get_or_create(
        child=things.world.case.child,
        first_name="Mina",
        last_name="Matrix",
        defaults={
            "relationship": "mother",
            "parental_responsibility": "yes",
            "email": "mina.matrix@example.org",
            "preferred_contact": "email",
        },
    )
    invitation = FamilyInvitation.objects.create(
        contact=contact,
        case=things.world.case,
        email=contact.email,
        nonce=f"matrix-{FamilyInvitation.objects.count()}",
        expires_at=timezone.now() + timedelta(days=7),
    )
    return f"/invitations/{token_for(invitation)}/"


def add_intake_rows(row, expect, only, to):
    everyone = expect(OK, anonymous=OK)
    row("request-assessment", "get", lambda t: "/request-an-assessment/", everyone)
    row(
        "request-assessment-step",
        "get",
        lambda t: "/request-an-assessment/council/",
        everyone,
    )
    row(
        "request-assessment-step-index",
        "get",
        lambda t: "/request-an-assessment/parent-name/0/",
        everyone,
    )
    # Nothing answered yet: sent back to the first question, or to the start.
    row(
        "request-assessment-check",
        "get",
        lambda t: "/request-an-assessment/check/",
        expect(to("request-assessment-step"), anonymous=to("request-assessment-step")),
    )
    row(
        "request-assessment-sent",
        "get",
        lambda t: "/request-an-assessment/sent/",
        expect(to("request-assessment"), anonymous=to("request-assessment")),
    )
    row("invitation-accept", "get", invitation_path, everyone)
    row(
        "settings-directory-search",
        "get",
        lambda t: "/settings-directory/search/?q=school",
        everyone,
    )
