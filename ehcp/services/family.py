"""Who in the family is told about each step, and how they are told."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from send_portal.notifications import notify

from ..models import Case, ChildRelationship
from ..selectors import young_person_born_before


def family_members(case: Case, on: date) -> list:
    """The people who hold rights in the case on ``on``: parents while the child is of
    compulsory school age (after that only where the young person shares), the young person,
    and any representative."""
    is_young_person = case.child.date_of_birth < young_person_born_before(on)
    people = []
    for rel in case.child.relationships.filter(is_active=True).select_related("user"):
        if (
            rel.kind == ChildRelationship.Kind.PARENT
            and is_young_person
            and not (rel.shared_by_young_person)
        ):
            continue
        people.append(rel.user)
    return people


def tell_family(
    case: Case,
    *,
    on: date,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due=None,
    key: str,
    link: str = "",
) -> None:
    """Notify each family member once about one step (``key`` makes it idempotent)."""
    link = link or reverse("family-case", args=[case.reference])
    for person in family_members(case, on):
        notify(
            recipient=person,
            subject=subject,
            what_happened=what_happened,
            what_to_do=what_to_do,
            due_date=due.due if due else None,
            legal_basis=due.basis if due else "",
            link=link,
            dedupe_key=f"ehcp:{case.pk}:{key}:user:{person.pk}",
        )
