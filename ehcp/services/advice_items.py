"""Structured advice: the needs, outcomes and provision recommendations (with quantities) an
adviser gives, item by item, before sending the advice (SEND Regulations 2014 regs 6-8).

Items are added to an open advice request and go to the council with it; the caseworker can
then take each item into the draft plan (``ehcp.services.plans.pull_advice_item``).
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.db.models import Max

from send_portal import audit, permissions
from send_portal.models import AuditEvent, User
from send_portal.text import in_sentence

from ..errors import DomainError, InvalidTransition
from ..models import AdviceItem, AdviceRequest, AreaOfNeed

FIELDS = {
    AdviceItem.Kind.NEED: ("section", "area", "description", "evidence"),
    AdviceItem.Kind.OUTCOME: ("description", "by_when"),
    AdviceItem.Kind.PROVISION: (
        "description",
        "delivered_by",
        "expertise",
        "group_size",
        "frequency",
        "duration",
    ),
}
LIMITS = {
    "by_when": 200,
    "delivered_by": 200,
    "expertise": 200,
    "group_size": 100,
    "frequency": 100,
    "duration": 100,
}
REQUIRED = {
    AdviceItem.Kind.NEED: "Describe the need",
    AdviceItem.Kind.OUTCOME: "Describe the outcome",
    AdviceItem.Kind.PROVISION: "Describe the provision you recommend",
}


def _clean(kind: str, data: dict) -> dict:
    if kind not in AdviceItem.Kind.values:
        raise DomainError("Select whether this is a need, an outcome or provision", field="kind")
    values = {}
    for name in FIELDS[kind]:
        value = str(data.get(name) or "").strip()
        if name in LIMITS and len(value) > LIMITS[name]:
            raise DomainError(f"Use {LIMITS[name]} characters or fewer", field=name)
        values[name] = value
    if not values["description"]:
        raise DomainError(REQUIRED[kind], field="description")
    if kind == AdviceItem.Kind.NEED:
        values["section"] = values["section"] or AdviceItem.NeedSection.SPECIAL_EDUCATIONAL
        if values["section"] not in AdviceItem.NeedSection.values:
            raise DomainError(
                "Select whether it is a special educational, health or social care need",
                field="section",
            )
        if values["section"] != AdviceItem.NeedSection.SPECIAL_EDUCATIONAL:
            values["area"] = ""  # the four broad areas are for special educational needs only
        elif values["area"] not in AreaOfNeed.values:
            raise DomainError("Select the area of need", field="area")
    return values


def create_item(advice: AdviceRequest, data: dict) -> AdviceItem:
    """Add one item to ``advice`` (inside the caller's transaction)."""
    kind = data.get("kind", "")
    values = _clean(kind, data)
    top = advice.items.filter(kind=kind).aggregate(top=Max("position"))["top"] or 0
    return AdviceItem.objects.create(advice=advice, kind=kind, position=top + 1, **values)


def _open_advice(actor: User, advice_id: int) -> AdviceRequest:
    advice = (
        AdviceRequest.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=advice_id)
        .first()
    )
    if advice is None:
        raise DomainError("That advice request could not be found")
    permissions.require(actor, "ehcp.submit_advice", advice)
    if advice.status != AdviceRequest.Status.REQUESTED:
        raise InvalidTransition("This advice has already been sent, so it cannot change.")
    return advice


def save_advice_item(
    *, actor: User, advice_id: int, data: dict, item_id: int | None = None
) -> AdviceItem:
    """Add an item to advice not yet sent, or change one."""
    with transaction.atomic():
        advice = _open_advice(actor, advice_id)
        if item_id is None:
            item = create_item(advice, data)
        else:
            item = advice.items.filter(pk=item_id).first()
            if item is None:
                raise DomainError("That item is not part of this advice")
            for name, value in _clean(item.kind, {**data, "kind": item.kind}).items():
                setattr(item, name, value)
            item.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=advice,
            child_id=advice.case.child_id,
            summary=f"{advice.case.reference}: {in_sentence(item.get_kind_display())} "
            f"{'added to' if item_id is None else 'changed in'} the advice",
        )
    return item


def remove_advice_item(*, actor: User, advice_id: int, item_id: int) -> None:
    with transaction.atomic():
        advice = _open_advice(actor, advice_id)
        item = advice.items.filter(pk=item_id).first()
        if item is None:
            raise DomainError("That item is not part of this advice")
        item.delete()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=advice,
            child_id=advice.case.child_id,
            summary=f"{advice.case.reference}: item removed from the advice",
        )


def fingerprint(advice: AdviceRequest) -> str:
    """SHA-256 of what the adviser sent: the request, the advice in their words and every item
    with its fields, in a fixed order. The receipt shows it; the same advice gives the same
    fingerprint, and any change to what is held gives another."""
    content = {
        "request": advice.pk,
        "case": advice.case.reference,
        "advice_type": advice.advice_type,
        "received_on": advice.received_on.isoformat() if advice.received_on else "",
        "summary": advice.summary,
        "items": [
            {"kind": item.kind, **{name: getattr(item, name) for name in FIELDS[item.kind]}}
            for item in advice.items.order_by("kind", "position", "pk")
        ],
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
