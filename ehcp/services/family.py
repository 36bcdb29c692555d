"""Who in the family is told about each step, and how they are told.

Everyone with rights in the case hears about each step: through the portal (and e-mail) when they
have an account, and by post or phone when that is how they asked to hear (``FamilyContact``
recorded at intake). A step told to someone who hears by post or phone becomes a task on the case
for the caseworker ("Post to ...", "Phone ..."), so a family without e-mail is never left out.
Letters are addressed to the named people at their address (:func:`letter_addressees`).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ..case_updates import tell
from ..models import Case, CaseTask, ChildRelationship, ContactMethod, FamilyContact
from ..selectors import young_person_born_before


def _is_young_person(case: Case, on: date) -> bool:
    return case.child.date_of_birth < young_person_born_before(on)


def family_members(case: Case, on: date) -> list:
    """The people who hold rights in the case on ``on``: parents while the child is of
    compulsory school age (after that only where the young person shares), the young person,
    and any representative."""
    is_young_person = _is_young_person(case, on)
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


def rights_holders(case: Case, on: date) -> list[FamilyContact]:
    """The family contacts who hold rights in the case on ``on``: every parent or carer (a
    "parent" in SEN law is anyone with parental responsibility or care of the child: Education
    Act 1996 s576) while the child is of compulsory school age, then the young person (CFA 2014
    s80; SEND Regulations 2014 reg 64) and any parent whose account the young person shares."""
    contacts = list(case.child.contacts.filter(is_active=True).select_related("user"))
    if not _is_young_person(case, on):
        return [c for c in contacts if not c.is_young_person]
    shared = set(
        case.child.relationships.filter(
            is_active=True, kind=ChildRelationship.Kind.PARENT, shared_by_young_person=True
        ).values_list("user_id", flat=True)
    )
    return [c for c in contacts if c.is_young_person or (c.user_id and c.user_id in shared)]


def letter_addressees(case: Case, on: date) -> list[dict]:
    """Who a letter about the case is addressed to: each person with rights, by name, at their
    postal address (``{"name": ..., "lines": [...]}``). Without contact details recorded, the
    family's account holders by name; for a young person, the young person at their address."""
    people = [
        {"name": c.full_name, "lines": c.address_lines if c.has_address else []}
        for c in rights_holders(case, on)
    ]
    if people:
        return people
    people = [
        {"name": u.display_name, "lines": []} for u in family_members(case, on) if u is not None
    ]
    if people:
        return people
    child = case.child
    lines = [line for line in [*child.address.splitlines(), child.postcode] if line.strip()]
    if _is_young_person(case, on):
        return [{"name": child.full_name, "lines": lines}]
    return [{"name": f"The parent or carer of {child.full_name}", "lines": lines}]


def addressed_to(case: Case, on: date) -> str:
    """The addressees' names in one line: ``Jane Smith and John Smith``."""
    names = [person["name"] for person in letter_addressees(case, on)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def letter_heading(case: Case, on: date) -> dict:
    """The parts of a letter's context that say who it is to: the addressees with their
    addresses, the greeting and the case it is about (``templates/pdf/letter.html``)."""
    return {
        "addressees": letter_addressees(case, on),
        "salutation": f"Dear {addressed_to(case, on)},",
        "recipient": f"Case {case.reference}: {case.child.full_name}",
    }


def contact_tasks(case: Case, *, on: date, subject: str) -> list[CaseTask]:
    """A task for the caseworker for each person with rights who hears by post or phone: the
    portal cannot tell them itself. One task per person and message."""
    made = []
    for contact in rights_holders(case, on):
        if contact.hears_by_post:
            where = ", ".join(contact.address_lines) or "no address recorded: add it"
            title = f"Post to {contact.full_name} ({where}): {subject}"
        elif contact.preferred_contact == ContactMethod.PHONE:
            title = (
                f"Phone {contact.full_name} on {contact.phone or 'no number recorded'}: {subject}"
            )
        else:
            continue
        title = title[:200]
        if case.tasks.filter(title=title).exists():
            continue
        made.append(
            CaseTask.objects.create(case=case, title=title, due_on=on, assignee=case.caseworker)
        )
    return made


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
    scope: str = "ehcp",
    local_authority_id: int | None = None,
) -> None:
    """Notify each family member once about one step (``key`` makes it idempotent: the one
    ``ehcp.case_updates.tell``; ``scope`` is the app's, "ehcp", "reviews" or "redress"), and give
    the caseworker a task to post or phone it to those who hear that way. Every step a family is
    told about, from the request to an appeal, comes through here, so a family without e-mail is
    told of each one."""
    tell(
        family_members(case, on),
        case=case,
        scope=scope,
        key=key,
        subject=subject,
        what_happened=what_happened,
        what_to_do=what_to_do,
        due=due,
        link=link or reverse("family-case", args=[case.reference]),
        local_authority_id=local_authority_id,
    )
    contact_tasks(case, on=on, subject=subject)
