"""People and the roles they hold. A person can hold several roles in several organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from ..identity import normalise_email
from .organisations import Organisation


class Role(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    CASEWORKER = "caseworker", "Local authority caseworker"
    SEND_MANAGER = "send_manager", "Local authority SEND manager"
    EDUCATIONAL_PSYCHOLOGIST = "ep", "Educational psychologist"
    HEALTH_ADVISER = "health_adviser", "Health professional"
    SOCIAL_CARE_ADVISER = "social_care_adviser", "Social care professional"
    SENCO = "senco", "School or college SENCo"
    PANEL_MEMBER = "panel_member", "Multi-agency panel member"
    BOARD_MEMBER = "board_member", "Partnership board member"
    BOARD_CHAIR = "board_chair", "Partnership board chair"
    REGIONS_GROUP_OFFICER = "regions_group_officer", "DfE Regions Group officer"
    MEDIATOR = "mediator", "Mediator"
    DFE_ANALYST = "dfe_analyst", "DfE national analyst or editor"
    SYSTEM_ADMIN = "system_admin", "System administrator"


#: Roles of professionals who give advice on a child's case.
ADVISER_ROLES = frozenset(
    {Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_ADVISER, Role.SOCIAL_CARE_ADVISER, Role.SENCO}
)
#: Roles of council staff who work on cases.
LA_STAFF_ROLES = frozenset({Role.CASEWORKER, Role.SEND_MANAGER})
#: Roles held in one's own name, not for an organisation.
PERSONAL_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})
#: Staff roles (everyone but families): these need two-factor authentication in production.
STAFF_ROLES = frozenset(set(Role) - PERSONAL_ROLES)

#: Roles that open children's records (with the relationship they need): a system administrator
#: is given one only with a second system administrator's approval (security review finding 4).
CASE_READING_ROLES = frozenset(
    LA_STAFF_ROLES | ADVISER_ROLES | PERSONAL_ROLES | {Role.PANEL_MEMBER, Role.MEDIATOR}
)

#: The kind of organisation each organisational role is held in.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.CASEWORKER: {Organisation.Kind.LOCAL_AUTHORITY},
    Role.SEND_MANAGER: {Organisation.Kind.LOCAL_AUTHORITY},
    Role.EDUCATIONAL_PSYCHOLOGIST: {Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.OTHER},
    Role.HEALTH_ADVISER: {Organisation.Kind.ICB, Organisation.Kind.OTHER},
    Role.SOCIAL_CARE_ADVISER: {Organisation.Kind.LOCAL_AUTHORITY},
    Role.SENCO: {Organisation.Kind.SETTING},
    Role.PANEL_MEMBER: {Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.ICB},
    Role.BOARD_MEMBER: {Organisation.Kind.PARTNERSHIP},
    Role.BOARD_CHAIR: {Organisation.Kind.PARTNERSHIP},
    Role.REGIONS_GROUP_OFFICER: {Organisation.Kind.REGIONS_GROUP},
    Role.MEDIATOR: {Organisation.Kind.MEDIATION_SERVICE},
    Role.DFE_ANALYST: {Organisation.Kind.DFE},
    Role.SYSTEM_ADMIN: set(),
    Role.PARENT: set(),
    Role.YOUNG_PERSON: set(),
}


#: A role assignment in force: switched on, and personal or held in an active organisation.
IN_FORCE = models.Q(is_active=True) & (
    models.Q(organisation__isnull=True) | models.Q(organisation__is_active=True)
)


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Sign-in by e-mail address, case-insensitively and ignoring surrounding spaces (the
        # one normal form the lock-out counts: send_portal/identity.py).
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": normalise_email(username)})


class User(AbstractUser):
    """A person who signs in. The username is their e-mail address."""

    email = models.EmailField("email address", unique=True)
    telephone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=120, blank=True)

    objects = PortalUserManager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    def assignments_in_force(self):
        """The person's role assignments that grant something now: active, and held in an
        organisation that is itself active (a deactivated organisation grants nothing)."""
        return self.role_assignments.filter(IN_FORCE)

    def _assignments(self) -> list[tuple[str, int | None]]:
        """(role, organisation id) of each assignment in force, read once per instance: a user
        object lives for one request or task, and a page asks "which councils?" many times
        (issue 22: six identical queries on the case page). Whoever changes this person's
        roles and reads them again on the same object calls :meth:`forget_roles`."""
        cached = self.__dict__.get("_assignments_cache")
        if cached is None:
            cached = list(self.assignments_in_force().values_list("role", "organisation_id"))
            self._assignments_cache = cached
        return cached

    def forget_roles(self) -> None:
        """Read the roles again next time (they have just changed)."""
        self.__dict__.pop("_assignments_cache", None)

    def role_set(self) -> frozenset[str]:
        """The roles this person holds anywhere (cached per instance)."""
        return frozenset(role for role, _ in self._assignments())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))

    def organisations_for(self, *roles: str) -> list[int]:
        """Ids of the organisations in which the person holds any of ``roles``."""
        return [org for role, org in self._assignments() if role in roles and org is not None]


class RoleAssignment(models.Model):
    """A person holding a role, in an organisation where the role is organisational."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="unique_role_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation=None),
                name="unique_personal_role",
            ),
        ]
        indexes = [models.Index(fields=["role", "organisation"])]

    def __str__(self) -> str:
        where = f" at {self.organisation}" if self.organisation_id else ""
        return f"{self.user}: {self.get_role_display()}{where}"
