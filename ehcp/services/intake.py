"""Recording a request for an EHC needs assessment from the intake question flow (a caseworker's
``/cases/new/`` or a family's online request accepted from the triage queue).

``answers`` is what the question flow collected (every value already checked by its form)::

    {
      "child": {"first_name", "last_name", "preferred_name", "date_of_birth": "YYYY-MM-DD",
                "upn", "sex", "ethnicity", "primary_need",
                "address_line_1", "address_line_2", "town", "postcode"},
      "duplicate": {"choice": "new" | "<child id>"},        # only when a match was shown
      "request": {"source", "requested_by_name", "reasons", "received_on", "allocate_to_me"},
      "contacts": [{... FamilyContact fields, "same_address": bool}],
      "young_person": {... contact fields} | absent,           # over compulsory school age
      "setting": {"choice": "<organisation id>" | "none" | "unknown"},
    }

The request source follows SEN2 ``RequestSource`` (1 young person or parent, 2 school or other
setting, 3 health, 4 social care, 5 other), plus the council becoming responsible for the child
(CFA 2014 s24), which starts the same clock.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from ..errors import DomainError, InvalidTransition
from ..models import OPEN_STAGES, Case, Child, FamilyContact, RequestSource
from ..selectors import possible_duplicates
from . import workflow
from .contacts import create_contact

#: Who made the request: (SEN2 RequestSource, the council became responsible, label).
SOURCES: dict[str, tuple[str, bool, str]] = {
    "parent": (RequestSource.FAMILY, False, "A parent or carer"),
    "young_person": (RequestSource.FAMILY, False, "The young person"),
    "setting": (RequestSource.SETTING, False, "A school, college or early years setting"),
    "health": (RequestSource.HEALTH, False, "A health professional"),
    "social_care": (RequestSource.SOCIAL_CARE, False, "A social care professional"),
    "other": (RequestSource.OTHER, False, "Someone else"),
    "s24": (
        RequestSource.OTHER,
        True,
        "Nobody: the council became responsible for the child (Children and Families Act 2014 s24)",
    ),
}

CHILD_FIELDS = ("preferred_name", "upn", "sex", "ethnicity", "primary_need")


def child_address(child: dict) -> tuple[str, str]:
    """The child's address as the ``Child`` model keeps it: lines, and the postcode apart."""
    lines = [child.get(k, "") for k in ("address_line_1", "address_line_2", "town")]
    return "\n".join(line for line in lines if line), child.get("postcode", "")


def contact_values(contact: dict, child: dict) -> dict:
    """A contact's fields, with the child's address where they live with the child."""
    values = dict(contact)
    if values.pop("same_address", False):
        for key in ("address_line_1", "address_line_2", "town", "postcode"):
            values[key] = child.get(key, "")
    return values


def young_person_values(young_person: dict, child: dict) -> dict:
    values = {
        **young_person,
        "first_name": child.get("preferred_name") or child["first_name"],
        "last_name": child["last_name"],
        "relationship": FamilyContact.Relationship.YOUNG_PERSON,
        "same_address": True,
    }
    return contact_values(values, child)


def record_request(
    *,
    actor: User,
    local_authority: Organisation,
    answers: dict,
    received_on: date | None = None,
    caseworker: User | None = None,
) -> Case:
    """The child (new, or the record the council already has), each parent or carer and the
    young person with how they want to hear, the current setting, and the case. All or nothing."""
    permissions.require(actor, "ehcp.receive_request", local_authority)
    request = answers["request"]
    if request.get("source") not in SOURCES:
        raise DomainError("Select who made the request", field="source")
    source, became_responsible, label = SOURCES[request["source"]]
    received_on = received_on or date.fromisoformat(request["received_on"])
    date_of_birth = date.fromisoformat(answers["child"]["date_of_birth"])
    with transaction.atomic():
        child = _child_of_request(actor, local_authority, answers, date_of_birth=date_of_birth)
        _set_current_setting(actor, child, answers.get("setting") or {})
        _record_contacts(actor, child, answers, received_on=received_on)
        requested_by = _requested_by(request, answers, child)
        case = workflow.receive_request(
            actor=actor,
            child=child,
            received_on=received_on,
            source=source,
            became_responsible=became_responsible,
            requested_by_name=requested_by[:200] or ("" if became_responsible else label),
            request_reasons=(request.get("reasons") or "").strip(),
            caseworker=caseworker,
        )
    return case


def _child_of_request(
    actor: User, local_authority: Organisation, answers: dict, *, date_of_birth: date
) -> Child:
    """The child the council already knows (chosen among the possible duplicates, with no open
    request), or a new record once the person said the possible duplicates are not them."""
    child_answers = answers["child"]
    duplicate = (answers.get("duplicate") or {}).get("choice", "")
    if duplicate and duplicate != "new":
        child = (
            Child.objects.select_for_update()
            .filter(pk=int(duplicate), local_authority=local_authority)
            .first()
        )
        if child is None:
            raise DomainError("Choose a child the council knows, or a new record")
        if child.cases.filter(stage__in=[s.value for s in OPEN_STAGES]).exists():
            open_case = child.cases.filter(stage__in=[s.value for s in OPEN_STAGES]).first()
            raise InvalidTransition(
                f"{child.full_name} already has an open request ({open_case.reference}): "
                "continue that case instead."
            )
        return child
    matches = possible_duplicates(
        local_authority.pk,
        first_name=child_answers["first_name"],
        last_name=child_answers["last_name"],
        date_of_birth=date_of_birth,
        upn=child_answers.get("upn", ""),
    )
    if matches.exists() and duplicate != "new":
        raise DomainError(
            "The council may already know this child: say whether it is the same child "
            "before recording the request"
        )
    address, postcode = child_address(child_answers)
    return workflow.register_child(
        actor=actor,
        local_authority=local_authority,
        first_name=child_answers["first_name"],
        last_name=child_answers["last_name"],
        date_of_birth=date_of_birth,
        address=address,
        postcode=postcode,
        **{k: child_answers.get(k) or "" for k in CHILD_FIELDS if child_answers.get(k)},
    )


def _record_contacts(actor: User, child: Child, answers: dict, *, received_on: date) -> None:
    """Each parent or carer, and the young person (over compulsory school age on the day, or
    the one who asked), unless the child's record already has them."""
    child_answers, request = answers["child"], answers["request"]
    known = {
        (c.first_name.lower(), c.last_name.lower(), c.relationship)
        for c in child.contacts.filter(is_active=True)
    }
    contacts = [contact_values(c, child_answers) for c in answers.get("contacts", [])]
    if answers.get("young_person") and (
        child.is_young_person_on(received_on) or request["source"] == "young_person"
    ):
        contacts.append(young_person_values(answers["young_person"], child_answers))
    for values in contacts:
        key = (
            (values.get("first_name") or "").strip().lower(),
            (values.get("last_name") or "").strip().lower(),
            values.get("relationship"),
        )
        if key in known:
            continue
        create_contact(actor=actor, child=child, values=values)
        known.add(key)


def _requested_by(request: dict, answers: dict, child: Child) -> str:
    """Who made the request, by name: as given, else the first parent or the young person."""
    requested_by = (request.get("requested_by_name") or "").strip()
    if not requested_by and request["source"] == "parent" and answers.get("contacts"):
        first = answers["contacts"][0]
        requested_by = f"{first['first_name']} {first['last_name']}"
    if not requested_by and request["source"] == "young_person":
        requested_by = child.full_name
    return requested_by


def _set_current_setting(actor: User, child: Child, setting: dict) -> None:
    choice = setting.get("choice", "")
    if not choice or choice in ("none", "unknown"):
        return
    found = Organisation.objects.filter(pk=int(choice), kind=Organisation.Kind.SETTING).first()
    if found is None:
        raise DomainError("Choose the current school or setting from the settings directory")
    if child.current_setting_id == found.pk:
        return
    child.current_setting = found
    child.save(update_fields=["current_setting"])
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=child,
        child_id=child.pk,
        summary=f"{child.full_name}'s current setting recorded as {found.name}",
    )
