"""Demo data for intake (issue 20), added after the other builders and idempotent: building the
demo twice writes nothing the second time.

- Each demo child whose family has an account gets that family's contact details (so the case
  page shows "Account linked" and letters are addressed to them by name at their address).
- Alex Taylor's grandmother, who cares for him after school, has no e-mail: she hears by post,
  in large print (the caseworker gets a "Post to ..." task for each step from now on).
- A request a parent made online is waiting in Essex's queue of online requests.
"""

from __future__ import annotations

from django.db import transaction

from send_portal.demo import DEMO_DOMAIN

from .models import Child, ChildRelationship, FamilyContact, OnlineRequest
from .services import online_requests
from .services.contacts import create_contact

DEMO_ADDRESS = {"address_line_1": "27 Moulsham Street", "town": "Chelmsford"}

ONLINE_REQUEST = {
    "child": {
        "first_name": "Maya",
        "last_name": "Okafor",
        "preferred_name": "",
        "date_of_birth": "2019-02-11",
        "upn": "",
        "address_line_1": "8 Lexden Road",
        "address_line_2": "",
        "town": "Colchester",
        "postcode": "CO3 3DE",
    },
    "request": {
        "source": "parent",
        "reasons": "Maya has very little speech and is often distressed at school. The school "
        "has tried small-group work for a year without progress.",
    },
    "contacts": [
        {
            "first_name": "Grace",
            "last_name": "Okafor",
            "relationship": "mother",
            "parental_responsibility": "yes",
            "same_address": True,
            "email": "",
            "phone": "07700 900456",
            "preferred_contact": "phone",
            "language": "English",
            "accessibility_needs": "",
        }
    ],
    "setting": {"choice": "unknown"},
}


@transaction.atomic
def build(ctx) -> None:
    essex = ctx.las["881"]
    worker = ctx.people["caseworker"]
    linked = ChildRelationship.objects.filter(
        child__local_authority=essex, user__email__endswith=f"@{DEMO_DOMAIN}", is_active=True
    ).select_related("child", "user")
    for rel in linked:
        if FamilyContact.objects.filter(child=rel.child, user=rel.user).exists():
            continue
        young_person = rel.kind == ChildRelationship.Kind.YOUNG_PERSON
        contact = create_contact(
            actor=worker,
            child=rel.child,
            values={
                "first_name": rel.user.first_name,
                "last_name": rel.user.last_name,
                "relationship": "young_person" if young_person else "mother",
                "parental_responsibility": "" if young_person else "yes",
                "email": rel.user.email,
                "postcode": rel.child.postcode or "CM1 1AA",
                "preferred_contact": "email",
                "language": "English",
                **DEMO_ADDRESS,
            },
        )
        contact.user = rel.user
        contact.save(update_fields=["user"])
    alex = Child.objects.filter(
        local_authority=essex, first_name="Alex", last_name="Taylor"
    ).first()
    if alex is not None and not alex.contacts.filter(first_name="Margaret").exists():
        create_contact(
            actor=worker,
            child=alex,
            values={
                "first_name": "Margaret",
                "last_name": "Taylor",
                "relationship": "grandparent",
                "parental_responsibility": "no",
                "address_line_1": "3 Rainsford Road",
                "town": "Chelmsford",
                "postcode": "CM1 2PZ",
                "preferred_contact": "post",
                "language": "English",
                "accessibility_needs": "Large print letters, please.",
            },
        )
    if not OnlineRequest.objects.filter(
        local_authority=essex, child_first_name="Maya", child_last_name="Okafor"
    ).exists():
        online_requests.submit(local_authority_id=essex.pk, answers=ONLINE_REQUEST)
