"""Requests for an EHC needs assessment that families make online, without an account (as
Doncaster's EHC Hub allows), and the council's triage of them.

A parent or young person may ask the council for an assessment (Children and Families Act 2014
s36(1)); the council must tell them within 6 weeks of receiving the request whether it will
assess (SEND Regulations 2014 reg 5(1)). The request is received the day it is submitted, so the
acknowledgement states that date and the decision date from ``ehcp.deadlines`` at once, and the
case the council records from it keeps the same day 0.

Nothing the family typed becomes a child record until a caseworker has looked at it (a
duplicate, the wrong council, or not a request at all are dealt with in the queue). The form is
public, so the view limits how often it can be sent and checks a honeypot; the answers are kept
only in the server-side session until they are sent, and only council staff can read them after.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, Role, User
from send_portal.notifications import notify
from send_portal.text import in_sentence

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import Case, OnlineRequest
from . import intake
from .contacts import invite

#: Reference letters: no 0/O or 1/I, so a reference read out on the phone is not misheard.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_reference() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"REQ-{body[:4]}-{body[4:]}"


def councils_taking_requests():
    """Councils whose SEND team uses the portal (an active caseworker or SEND manager)."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.LOCAL_AUTHORITY,
            is_active=True,
            role_assignments__role__in=[Role.CASEWORKER, Role.SEND_MANAGER],
            role_assignments__is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def decision_due(online_request: OnlineRequest) -> deadlines.Deadline:
    return deadlines.decision_to_assess(received=online_request.received_on)


def submit(
    *, local_authority_id: int, answers: dict, submitted_at: datetime | None = None
) -> OnlineRequest:
    """Put a family's request in the council's triage queue and acknowledge it. ``answers``
    come from the public question flow (checked by its forms)."""
    local_authority = councils_taking_requests().filter(pk=local_authority_id).first()
    if local_authority is None:
        raise DomainError("Select the council responsible for the child", field="council")
    child = answers["child"]
    made_by = answers["request"]["source"]
    if made_by not in ("parent", "young_person"):
        raise DomainError("Only a parent, carer or the young person can use this form")
    submitted_at = submitted_at or timezone.now()
    received_on = timezone.localdate(submitted_at)
    with transaction.atomic():
        for _ in range(5):
            try:
                with transaction.atomic():
                    online = OnlineRequest.objects.create(
                        reference=_new_reference(),
                        local_authority=local_authority,
                        submitted_at=submitted_at,
                        received_on=received_on,
                        child_first_name=child["first_name"],
                        child_last_name=child["last_name"],
                        child_date_of_birth=child["date_of_birth"],
                        child_upn=child.get("upn", ""),
                        made_by=made_by,
                        answers=answers,
                    )
                break
            except IntegrityError:  # the same random reference twice: try another
                continue
        else:  # pragma: no cover - 32^8 references
            raise DomainError("The request could not be saved. Try again.")
        due = decision_due(online)
        audit.record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            obj=online,
            summary=f"Online request {online.reference} received for {local_authority.name}",
            detail={"received_on": received_on.isoformat()},
        )
        for person in _triage_team(local_authority):
            notify(
                recipient=person,
                subject=f"New request for an EHC needs assessment made online ({online.reference})",
                what_happened=f"A {'young person' if made_by == 'young_person' else 'parent'} "
                f"asked {local_authority.name} for an EHC needs assessment online on "
                f"{received_on:%-d %B %Y}. It is in the council's queue of online requests.",
                what_to_do="Check it for a duplicate and record it as a request. The decision "
                "whether to assess is due by the date below.",
                due_date=due.due,
                legal_basis=due.basis,
                link=reverse("online-request", args=[online.reference]),
                dedupe_key=f"ehcp:online-request:{online.pk}:user:{person.pk}",
                local_authority_id=local_authority.pk,
            )
        email = _acknowledgement_address(answers)
        if email:
            transaction.on_commit(lambda: _acknowledge(online, email, due))
    return online


def _triage_team(local_authority: Organisation):
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__organisation=local_authority,
            role_assignments__role__in=[Role.SEND_MANAGER, Role.CASEWORKER],
            role_assignments__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _acknowledgement_address(answers: dict) -> str:
    if answers["request"]["source"] == "young_person":
        return (answers.get("young_person") or {}).get("email", "")
    contacts = answers.get("contacts") or []
    return contacts[0].get("email", "") if contacts else ""


def _acknowledge(online: OnlineRequest, email: str, due: deadlines.Deadline) -> None:
    """E-mail the acknowledgement: the reference, the date received and the decision date with
    its law. It names no one, in case the address was mistyped."""
    context = {"online": online, "due": due, "council": online.local_authority.name}
    send_mail(
        render_to_string("ehcp/self_referral/acknowledgement_subject.txt", context).strip(),
        render_to_string("ehcp/self_referral/acknowledgement_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


def _lock(actor: User, request_id: int) -> OnlineRequest:
    online = OnlineRequest.objects.select_for_update().select_related("local_authority")
    online = online.get(pk=request_id)
    permissions.require(actor, "ehcp.receive_request", online.local_authority)
    if online.status != OnlineRequest.Status.WAITING:
        raise InvalidTransition(
            f"{online.reference} has already been dealt with: "
            f"{in_sentence(online.get_status_display())}."
        )
    return online


def accept(
    *,
    actor: User,
    request_id: int,
    duplicate: str,
    allocate_to_me: bool = False,
    site_url: str = "",
) -> Case:
    """Record the online request as a request for an assessment, for a new child or the child
    the council already knows (``duplicate``: ``"new"`` or a child's id), received on the day it
    was submitted. The person who made it is invited to create an account when they gave an
    e-mail address."""
    with transaction.atomic():
        online = _lock(actor, request_id)
        answers = {**online.answers, "duplicate": {"choice": duplicate}}
        answers["request"] = {**answers["request"], "received_on": online.received_on.isoformat()}
        case = intake.record_request(
            actor=actor,
            local_authority=online.local_authority,
            answers=answers,
            received_on=online.received_on,
            caseworker=actor if allocate_to_me else None,
        )
        online.status = OnlineRequest.Status.ACCEPTED
        online.case = case
        online.decided_by = actor
        online.decided_at = timezone.now()
        online.save(update_fields=["status", "case", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=online,
            child_id=case.child_id,
            summary=f"Online request {online.reference} recorded as case {case.reference}",
        )
        if site_url:
            made_by_young_person = answers["request"]["source"] == "young_person"
            for contact in case.child.contacts.filter(is_active=True, user=None).exclude(email=""):
                if contact.is_young_person == made_by_young_person:
                    invite(actor=actor, case_id=case.pk, contact_id=contact.pk, site_url=site_url)
                    break
    return case


def decline(*, actor: User, request_id: int, reason: str) -> OnlineRequest:
    """Do not record it (a duplicate already dealt with, the wrong council, not a request):
    the reason is kept and audited."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why it is not being recorded as a request", field="reason")
    with transaction.atomic():
        online = _lock(actor, request_id)
        online.status = OnlineRequest.Status.DECLINED
        online.decline_reason = reason
        online.decided_by = actor
        online.decided_at = timezone.now()
        online.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=online,
            summary=f"Online request {online.reference} not recorded as a request",
            detail={"reason": reason[:500]},
        )
    return online
