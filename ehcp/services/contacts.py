"""The family's contact details and their portal accounts: recording each parent, carer or the
young person, and inviting them to create an account linked to the child's case.

An invitation is a link e-mailed to the person. Its token is made with ``django.core.signing``
(salted, time-stamped, signed with the project's secret key): it names the invitation and its
random nonce. It works once, for :data:`INVITATION_DAYS` days, and stops working when a newer
invitation to the same person replaces it. The person sets their own password (Django's password
validators); nobody at the council ever knows it. Every step is in the audit log.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import STAFF_ROLES, AuditEvent, Role, User

from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    Child,
    ChildRelationship,
    ContactMethod,
    FamilyContact,
    FamilyInvitation,
)
from ..selectors import today
from ._case import record_event

#: How long an invitation link works.
INVITATION_DAYS = 7
SALT = "ehcp.family-invitation"
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")

#: The fields of a contact a form or the intake answers may set.
FIELDS = (
    "first_name",
    "last_name",
    "relationship",
    "parental_responsibility",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "preferred_contact",
    "language",
    "needs_interpreter",
    "accessibility_needs",
)


def normalise_postcode(text: str) -> str:
    """``co33aa`` -> ``CO3 3AA`` (unchanged when it is not a postcode)."""
    compact = "".join((text or "").upper().split())
    if len(compact) >= 5 and POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return " ".join((text or "").upper().split())


def clean_contact(values: dict) -> dict:
    """The contact's fields, tidied and checked. Raises DomainError naming the field to fix."""
    data = {name: values.get(name) or "" for name in FIELDS}
    for name in FIELDS:
        if isinstance(data[name], str):
            data[name] = (
                " ".join(data[name].split())
                if name != "accessibility_needs"
                else (data[name].strip())
            )
    data["needs_interpreter"] = bool(values.get("needs_interpreter"))
    data["email"] = data["email"].lower()
    data["postcode"] = normalise_postcode(data["postcode"])
    if not data["first_name"]:
        raise DomainError("Enter their first name", field="first_name")
    if not data["last_name"]:
        raise DomainError("Enter their last name", field="last_name")
    if data["relationship"] not in FamilyContact.Relationship.values:
        raise DomainError("Select how they are related to the child", field="relationship")
    young_person = data["relationship"] == FamilyContact.Relationship.YOUNG_PERSON
    if young_person:
        data["parental_responsibility"] = ""
    elif data["parental_responsibility"] not in FamilyContact.ParentalResponsibility.values:
        raise DomainError(
            "Select whether they have parental responsibility", field="parental_responsibility"
        )
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError as exc:
            raise DomainError(
                "Enter an email address in the correct format, like name@example.com",
                field="email",
            ) from exc
    if data["postcode"] and not POSTCODE.match(data["postcode"]):
        raise DomainError("Enter a real postcode, like CO3 3AA", field="postcode")
    method = data["preferred_contact"]
    if method not in ContactMethod.values:
        raise DomainError(
            "Select how they want to hear from the council", field="preferred_contact"
        )
    if method == ContactMethod.EMAIL and not data["email"]:
        raise DomainError(
            "Enter an email address, or choose post or phone if they do not use e-mail",
            field="email",
        )
    if method == ContactMethod.PHONE and not data["phone"]:
        raise DomainError("Enter a phone number, or choose post or e-mail", field="phone")
    if method == ContactMethod.POST and not (data["address_line_1"] and data["postcode"]):
        raise DomainError(
            "Enter the first line of their address and the postcode: letters go by post",
            field="address_line_1",
        )
    return data


def _event(case: Case | None, *, actor, title: str, detail: str = "", family: bool = False):
    """A note on the case's timeline (when the contact is recorded on a case), with its audit
    entry, through the one event writer."""
    if case is None:
        return
    record_event(
        case,
        CaseEvent.Kind.NOTE,
        on=today(),
        actor=actor,
        title=title[:200],
        detail=detail,
        family=family,
    )


def create_contact(*, actor: User, child: Child, values: dict, case: Case | None = None):
    """Record a parent, carer or the young person. Call inside a transaction."""
    data = clean_contact(values)
    contact = FamilyContact.objects.create(child=child, created_by=actor, **data)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        child_id=child.pk,
        summary=f"{contact} recorded for {child.full_name}",
    )
    _event(case, actor=actor, title=f"{contact} added to the family's contact details")
    return contact


def add_contact(*, actor: User, case_id: int, values: dict) -> FamilyContact:
    """A caseworker adds a parent, carer or the young person to a case's child."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        return create_contact(actor=actor, child=case.child, values=values, case=case)


def update_contact(*, actor: User, case_id: int, contact_id: int, values: dict) -> FamilyContact:
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        contact = FamilyContact.objects.select_for_update().get(pk=contact_id, child=case.child)
        data = clean_contact(values)
        changed = [name for name, value in data.items() if getattr(contact, name) != value]
        if contact.user_id and "email" in changed:
            raise DomainError(
                f"{contact.full_name} has an account: they change their e-mail address themselves.",
                field="email",
            )
        for name in changed:
            setattr(contact, name, data[name])
        contact.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=contact,
            child_id=case.child_id,
            summary=f"Contact details of {contact} changed",
            detail={"fields": changed},
        )
    return contact


def link_account(
    *, actor: User, child: Child, user: User, kind: str, shared_by_young_person: bool = False
) -> ChildRelationship:
    """Link a family account to the child (their cases become visible to it) and give it the
    parent or young person role. The caller has checked the right to do so (a caseworker, or
    the person accepting an invitation sent to them): call inside its transaction."""
    rel, _ = ChildRelationship.objects.update_or_create(
        child=child,
        user=user,
        defaults={
            "kind": kind,
            "is_active": True,
            "shared_by_young_person": shared_by_young_person,
        },
    )
    role = Role.YOUNG_PERSON if kind == ChildRelationship.Kind.YOUNG_PERSON else Role.PARENT
    user.role_assignments.get_or_create(role=role, organisation=None)
    user.forget_roles()  # the roles just changed
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=child,
        child_id=child.pk,
        summary=f"{user} linked to {child.full_name} as {rel.get_kind_display()}",
    )
    return rel


# ---- invitations ---------------------------------------------------------------------------------


def token_for(invitation: FamilyInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def invitation_link(invitation: FamilyInvitation, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("invitation-accept", args=[token_for(invitation)])


class InvitationProblem(DomainError):
    """The link cannot be used: why, and what to do."""


def invitation_from_token(token: str) -> FamilyInvitation:
    """The open invitation a link names. Raises :class:`InvitationProblem` for a link that was
    changed, has expired, was used, or was replaced by a newer one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired as exc:
        raise InvitationProblem("expired") from exc
    except signing.BadSignature as exc:
        raise InvitationProblem("invalid") from exc
    invitation = (
        FamilyInvitation.objects.select_related("contact", "contact__child", "case")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
    if invitation is None:
        raise InvitationProblem("invalid")
    if invitation.accepted_at is not None:
        raise InvitationProblem("used")
    if invitation.revoked_at is not None:
        raise InvitationProblem("replaced")
    if timezone.now() >= invitation.expires_at:
        raise InvitationProblem("expired")
    return invitation


def invite(*, actor: User, case_id: int, contact_id: int, site_url: str) -> FamilyInvitation:
    """E-mail the contact a link to create their account (or link the one they have) and see
    the case. A new invitation replaces any earlier one that was not used."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        contact = FamilyContact.objects.select_for_update().get(pk=contact_id, child=case.child)
        if not contact.is_active:
            raise InvalidTransition(f"{contact.full_name} is no longer a contact for this child.")
        if contact.user_id:
            raise InvalidTransition(f"{contact.full_name} already has an account linked.")
        if not contact.email:
            raise DomainError(
                f"Add {contact.full_name}'s e-mail address before inviting them. Without "
                "e-mail they hear from the council by post or phone.",
                field="email",
            )
        existing = User.objects.filter(email__iexact=contact.email).first()
        if existing is not None and existing.has_role(*STAFF_ROLES):
            raise DomainError(
                f"{contact.email} belongs to a staff account: family members need their own "
                "account. Ask for another e-mail address.",
                field="email",
            )
        now = timezone.now()
        replaced = contact.invitations.filter(accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        invitation = FamilyInvitation.objects.create(
            contact=contact,
            case=case,
            email=contact.email,
            nonce=secrets.token_urlsafe(32),
            created_by=actor,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=invitation,
            child_id=case.child_id,
            summary=f"{case.reference}: invitation to create an account sent to "
            f"{contact.full_name}" + (" (replacing the earlier one)" if replaced else ""),
            detail={"contact": contact.pk, "expires": invitation.expires_at.isoformat()},
        )
        _event(
            case,
            actor=actor,
            title=f"Invitation to create an account {'sent again' if replaced else 'sent'} to "
            f"{contact.full_name}",
            detail=f"Sent to {contact.email}; the link works once, until "
            f"{timezone.localtime(invitation.expires_at):%-d %B %Y}.",
        )
        link = invitation_link(invitation, site_url)
        transaction.on_commit(lambda: _send_invitation(invitation, link, existing is not None))
    return invitation


def _send_invitation(invitation: FamilyInvitation, link: str, has_account: bool) -> None:
    contact = invitation.contact
    context = {
        "name": contact.full_name,
        "child": contact.child.known_as,
        "council": contact.child.local_authority.name,
        "link": link,
        "has_account": has_account,
        "expires": timezone.localtime(invitation.expires_at),
        "young_person": contact.is_young_person,
    }
    send_mail(
        render_to_string("ehcp/family/invitation_subject.txt", context).strip(),
        render_to_string("ehcp/family/invitation_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def accept_invitation(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> User:
    """Accept an invitation: create the account with the password the person chose (or, when
    ``user`` is the signed-in holder of the invited address, use their account), link it to the
    child and record who accepted. The link cannot be used again."""
    with transaction.atomic():
        invitation = _lock_unused_invitation(token)
        contact = FamilyContact.objects.select_for_update().get(pk=invitation.contact_id)
        child = contact.child
        if user is None:
            user = _new_family_account(invitation, first_name, last_name, password)
        else:
            _require_invited_holder(user, invitation)
        kind = (
            ChildRelationship.Kind.YOUNG_PERSON
            if contact.is_young_person
            else ChildRelationship.Kind.PARENT
        )
        link_account(actor=user, child=child, user=user, kind=kind)
        contact.user = user
        contact.save(update_fields=["user", "updated_at"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            obj=invitation,
            child_id=child.pk,
            summary=f"{user.display_name} accepted the invitation and was linked to "
            f"{child.full_name}",
        )
        _event(
            invitation.case,
            actor=user,
            title=f"{contact.full_name} created their account and can follow the case online",
            family=True,
        )
        user.forget_roles()
    return user


def _lock_unused_invitation(token: str) -> FamilyInvitation:
    """The invitation of ``token``, locked, refused if it was used or revoked."""
    invitation = invitation_from_token(token)
    # Lock the invitation row only: its case is an outer join (it may be empty), and
    # PostgreSQL cannot lock the nullable side of one.
    invitation = (
        FamilyInvitation.objects.select_for_update(of=("self",))
        .select_related("contact", "contact__child", "case")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationProblem("used")
    return invitation


def _new_family_account(
    invitation: FamilyInvitation, first_name: str, last_name: str, password: str
) -> User:
    """The account of the invited address, with the name and password the person chose."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(
            "You already have an account with this e-mail address: sign in to accept "
            "the invitation.",
            field="email",
        )
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name:
        raise DomainError("Enter your first name", field="first_name")
    if not last_name:
        raise DomainError("Enter your last name", field="last_name")
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password1") from exc
    user.set_password(password)
    user.save()
    audit.record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=user,
        summary=f"Account created by {user.display_name} from an invitation",
    )
    return user


def _require_invited_holder(user: User, invitation: FamilyInvitation) -> None:
    """A signed-in person accepts only an invitation to their own address, and not as staff."""
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            "This invitation was sent to another e-mail address. Sign out, then open "
            "the link again and sign in with that address."
        )
    if user.has_role(*STAFF_ROLES):
        raise PermissionDenied("A staff account cannot accept a family invitation.")
