"""Administration services: people, their roles, and organisations (system administrators only).

A system administrator manages configuration and accounts but sees no case contents unless they
also hold a case role (shared/domain/ROLES.md). Every change is audited.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user

from send_portal.text import in_sentence

from . import audit, permissions
from .identity import normalise_email
from .models import AuditEvent, Organisation, Role, RoleAssignment, RoleGrantRequest, User
from .models.users import CASE_READING_ROLES, ROLE_ORGANISATION_KINDS
from .notifications import notify


class AdministrationError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def create_person(
    *, actor: User, first_name: str, last_name: str, email: str, request=None
) -> User:
    """Create an account and e-mail the person a link to choose their password."""
    permissions.require(actor, "send_portal.manage_users")
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise AdministrationError(
            "An account with this email address already exists", field="email"
        )
    with transaction.atomic():
        person = User(
            username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
        )
        person.set_unusable_password()
        person.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=person,
            summary=f"Account created for {person.display_name}",
            request=request,
        )
        if request is not None:
            transaction.on_commit(lambda: _send_set_password_link(person, request))
    return person


def _send_set_password_link(person: User, request) -> None:
    """E-mail a new account holder a one-use link to choose their password (the same token and
    page as a password reset)."""
    site = get_current_site(request)
    context = {
        "email": person.email,
        "domain": site.domain,
        "site_name": site.name,
        "uid": urlsafe_base64_encode(force_bytes(person.pk)),
        "user": person,
        "token": default_token_generator.make_token(person),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        "registration/account_created_subject.txt",
        "registration/account_created_email.txt",
        context,
        None,
        person.email,
    )


def needs_second_administrator(person: User, role: str) -> bool:
    """A role that opens children's records for a system administrator, or the system
    administrator role for someone who reads children's records: either way one person would
    hold both, so a second system administrator must agree (security review finding 4)."""
    held = person.role_set()
    if role in CASE_READING_ROLES:
        return Role.SYSTEM_ADMIN in held
    if role == Role.SYSTEM_ADMIN:
        return bool(held & CASE_READING_ROLES)
    return False


def _check_role(role: str, organisation: Organisation | None) -> None:
    if role not in Role.values:
        raise AdministrationError("Select a role", field="role")
    kinds = ROLE_ORGANISATION_KINDS[role]
    if kinds and organisation is None:
        raise AdministrationError(
            f"Select the organisation where they are a {in_sentence(Role(role).label)}",
            field="organisation",
        )
    if not kinds and organisation is not None and role != Role.SYSTEM_ADMIN:
        raise AdministrationError(
            f"A {in_sentence(Role(role).label)} holds the role in their own "
            "name: leave the organisation empty",
            field="organisation",
        )
    if kinds and organisation.kind not in kinds:
        allowed = " or ".join(sorted(in_sentence(Organisation.Kind(k).label) for k in kinds))
        raise AdministrationError(
            f"A {in_sentence(Role(role).label)} must belong to a {allowed}", field="organisation"
        )


def _grant(person: User, role: str, organisation: Organisation | None) -> RoleAssignment:
    """Give the role (inside the caller's transaction, with ``person`` locked)."""
    existing = RoleAssignment.objects.filter(
        user=person, role=role, organisation=organisation
    ).first()
    if existing is not None and existing.is_active:
        raise AdministrationError(f"{person.display_name} already has this role", field="role")
    try:
        with transaction.atomic():
            if existing is not None:
                existing.is_active = True
                existing.save(update_fields=["is_active"])
                return existing
            return RoleAssignment.objects.create(user=person, role=role, organisation=organisation)
    except IntegrityError as exc:
        raise AdministrationError(
            f"{person.display_name} already has this role", field="role"
        ) from exc


def add_role(
    *, actor: User, person_id: int, role: str, organisation: Organisation | None
) -> RoleAssignment | RoleGrantRequest:
    """Give a person a role. Nobody gives a role to themselves. A role that would let a system
    administrator read children's records waits for a second system administrator
    (:func:`decide_role_grant`): the request is returned instead of the assignment."""
    permissions.require(actor, "send_portal.manage_users")
    if person_id == actor.pk:
        raise AdministrationError(
            "You cannot give yourself a role: ask another system administrator", field="role"
        )
    _check_role(role, organisation)
    where = f" at {organisation.name}" if organisation else ""
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person_id)
        if needs_second_administrator(person, role):
            if RoleAssignment.objects.filter(
                user=person, role=role, organisation=organisation, is_active=True
            ).exists():
                raise AdministrationError(
                    f"{person.display_name} already has this role", field="role"
                )
            if RoleGrantRequest.objects.filter(
                user=person,
                role=role,
                organisation=organisation,
                status=RoleGrantRequest.Status.WAITING,
            ).exists():
                raise AdministrationError(
                    "This role is already waiting for a second system administrator",
                    field="role",
                )
            grant = RoleGrantRequest.objects.create(
                user=person, role=role, organisation=organisation, requested_by=actor
            )
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=grant,
                summary=f"Asked to give {person.display_name} the role {Role(role).label}"
                f"{where}: waiting for a second system administrator",
                detail={"person": person.pk, "role": role},
            )
            return grant
        assignment = _grant(person, role, organisation)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=person,
            summary=f"{person.display_name} given the role {Role(role).label}{where}",
        )
    return assignment


def decide_role_grant(*, actor: User, grant_id: int, approve: bool) -> RoleGrantRequest:
    """A second system administrator approves or refuses a waiting role: never the one who
    asked for it, nor the person it is for."""
    permissions.require(actor, "send_portal.manage_users")
    with transaction.atomic():
        grant = (
            RoleGrantRequest.objects.select_for_update(of=("self",))
            .select_related("user", "organisation", "requested_by")
            .get(pk=grant_id)
        )
        if grant.status != RoleGrantRequest.Status.WAITING:
            raise AdministrationError(
                f"This request has already been {in_sentence(grant.get_status_display())}"
            )
        if actor.pk in (grant.requested_by_id, grant.user_id):
            raise AdministrationError(
                "Another system administrator must decide: not the one who asked, and not the "
                "person the role is for"
            )
        person = User.objects.select_for_update().get(pk=grant.user_id)
        where = f" at {grant.organisation.name}" if grant.organisation_id else ""
        if approve:
            grant.assignment = _grant(person, grant.role, grant.organisation)
        grant.status = (
            RoleGrantRequest.Status.APPROVED if approve else RoleGrantRequest.Status.REFUSED
        )
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at", "assignment"])
        asked = grant.requested_by.display_name if grant.requested_by else "someone"
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=person,
            summary=f"{person.display_name} given the role {grant.get_role_display()}{where}, "
            f"asked by {asked}, approved by {actor.display_name}"
            if approve
            else f"Refused: the role {grant.get_role_display()}{where} for "
            f"{person.display_name}, asked by {asked}",
            detail={"grant": grant.pk, "requested_by": grant.requested_by_id},
        )
    return grant


def end_role(*, actor: User, assignment_id: int) -> RoleAssignment:
    permissions.require(actor, "send_portal.manage_users")
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .get(pk=assignment_id)
        )
        if not assignment.is_active:
            raise AdministrationError("This role has already ended")
        if (
            assignment.user_id == actor.pk
            and assignment.role == Role.SYSTEM_ADMIN
            and not RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True)
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise AdministrationError(
                "You are the only system administrator: give someone "
                "else the role before ending yours"
            )
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=assignment.user,
            summary=f"Role {assignment.get_role_display()} ended for "
            f"{assignment.user.display_name}",
        )
    return assignment


def set_active(*, actor: User, person_id: int, active: bool) -> User:
    permissions.require(actor, "send_portal.manage_users")
    if person_id == actor.pk and not active:
        raise AdministrationError("You cannot switch off your own account")
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person_id)
        if person.is_active == active:
            raise AdministrationError(
                "The account is already " + ("switched on" if active else "switched off")
            )
        person.is_active = active
        person.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=person,
            summary=f"Account {'switched on' if active else 'switched off'} for "
            f"{person.display_name}",
        )
    return person


def reset_two_factor(*, actor: User, person_id: int) -> int:
    """Remove a person's authenticator app (and any other second-factor device), for someone
    who has lost or replaced their phone: the next time they sign in they set up the app again.
    Their current sessions stop being verified at once (the device they verified with is gone).
    The person is told, so a reset they did not ask for is noticed. Returns the devices removed.
    """
    permissions.require(actor, "send_portal.manage_users")
    if person_id == actor.pk:
        raise AdministrationError(
            "You cannot reset your own two-factor authentication: ask another system administrator"
        )
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person_id)
        devices = list(devices_for_user(person, confirmed=None))
        if not devices:
            raise AdministrationError(
                f"{person.display_name} has not set up an authenticator app, so there is "
                "nothing to reset"
            )
        for device in devices:
            device.delete()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=person,
            summary=f"Two-factor authentication reset for {person.display_name}",
            detail={"devices_removed": len(devices)},
        )
        notify(
            recipient=person,
            subject="Your two-factor authentication was reset",
            what_happened=(
                f"{actor.display_name}, a system administrator, removed the authenticator app "
                "from your account."
            ),
            what_to_do=(
                "The next time you sign in, scan the new code with your authenticator app. If "
                "you did not ask for this, tell your manager and the system administrator at "
                "once."
            ),
        )
    return len(devices)


ORGANISATION_FIELDS = (
    "kind",
    "name",
    "la_code",
    "ons_code",
    "urn",
    "ukprn",
    "setting_type",
    "phase",
    "ods_code",
    "email",
    "telephone",
    "website",
    "postcode",
)


def save_organisation(
    *, actor: User, data: dict, organisation_id: int | None = None
) -> Organisation:
    permissions.require(actor, "send_portal.manage_organisations")
    with transaction.atomic():
        if organisation_id is None:
            organisation = Organisation()
        else:
            organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        for name in ORGANISATION_FIELDS:
            if name in data:
                setattr(organisation, name, data[name] or "")
        for name in ("region", "local_authority"):
            if name in data:
                setattr(organisation, name, data[name])
        duplicate = Organisation.objects.exclude(pk=organisation.pk)
        if (
            organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
            and organisation.la_code
            and (duplicate.filter(kind=organisation.kind, la_code=organisation.la_code).exists())
        ):
            raise AdministrationError(
                f"A council with LA number {organisation.la_code} already exists", field="la_code"
            )
        if (
            organisation.kind == Organisation.Kind.SETTING
            and organisation.urn
            and (duplicate.filter(kind=organisation.kind, urn=organisation.urn).exists())
        ):
            raise AdministrationError(
                f"A setting with URN {organisation.urn} already exists", field="urn"
            )
        try:
            organisation.full_clean(validate_constraints=False)
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise AdministrationError(
                messages[0], field=None if field == "__all__" else field
            ) from exc
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError as exc:
            raise AdministrationError(
                "An organisation with this code already exists",
                field="la_code" if organisation.la_code else "urn",
            ) from exc
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE
            if organisation_id is None
            else AuditEvent.Action.UPDATE,
            obj=organisation,
            summary=f"Organisation {'created' if organisation_id is None else 'changed'}"
            f": {organisation.name}",
        )
    return organisation
