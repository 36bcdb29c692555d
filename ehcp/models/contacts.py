"""The family at intake: each parent or carer and the young person with how they want to hear
from the council, invitations to create a portal account, and requests families make online.

A ``FamilyContact`` is a person the council writes to, whether or not they have an account. The
parent of a child in SEN law is anyone with parental responsibility *or care* of the child
(Education Act 1996 s576, applied by Children and Families Act 2014 s83(2)), so every parent or
carer recorded is told about the case while the child is of compulsory school age; afterwards the
young person is (CFA 2014 s80 and SEND Regulations 2014 reg 64). A contact gets portal access only
by accepting a ``FamilyInvitation`` sent to their e-mail address (single use, expiring, audited),
which links their account to the child (``ChildRelationship``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation
from send_portal.text import in_sentence

from .case import Case
from .child import Child


class ContactMethod(models.TextChoices):
    EMAIL = "email", "E-mail (and the portal, once they have an account)"
    POST = "post", "Post, to their home address"
    PHONE = "phone", "Phone"


class FamilyContact(models.Model):
    """A parent, carer or the young person, with their contact details and needs."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        GRANDPARENT = "grandparent", "Grandparent"
        GUARDIAN = "guardian", "Special guardian or guardian"
        OTHER_RELATIVE = "other_relative", "Other relative"
        OTHER_CARER = "other_carer", "Other carer"
        YOUNG_PERSON = "young_person", "The young person themself"

    class ParentalResponsibility(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.CharField(
        max_length=10,
        choices=ParentalResponsibility.choices,
        blank=True,
        help_text="Blank for the young person themself.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.POST
    )
    language = models.CharField("preferred language", max_length=60, blank=True, default="English")
    needs_interpreter = models.BooleanField(default=False)
    accessibility_needs = models.TextField(
        blank=True,
        help_text="For example large print, easy read, British Sign Language, a phone call "
        "before letters are sent.",
    )
    #: The portal account, once the person accepted an invitation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_contacts",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child", "id"]
        indexes = [models.Index(fields=["child", "is_active"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({in_sentence(self.get_relationship_display())})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_young_person(self) -> bool:
        return self.relationship == self.Relationship.YOUNG_PERSON

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line.strip()
        ]

    @property
    def has_address(self) -> bool:
        return bool(self.address_line_1.strip() and self.postcode.strip())

    @property
    def hears_by_post(self) -> bool:
        """Letters go by post: they asked for post, or there is no e-mail to use."""
        return self.preferred_contact == ContactMethod.POST or (
            self.preferred_contact == ContactMethod.EMAIL and not self.email
        )


class FamilyInvitation(models.Model):
    """An e-mailed link with which a parent, carer or young person creates their account (or
    links the account they have) and is linked to the child's case.

    The link carries a token made with ``django.core.signing`` (``ehcp.services.invitations``):
    it names this row and its ``nonce``; it works once (``accepted_at``), until ``expires_at``,
    and not after a newer invitation to the same person replaced it (``revoked_at``).
    """

    contact = models.ForeignKey(FamilyContact, on_delete=models.CASCADE, related_name="invitations")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    nonce = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"

    def is_open_at(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class OnlineRequest(models.Model):
    """A request for an EHC needs assessment that a parent or young person made online, without
    an account, waiting in the council's triage queue. The council received it on the day it was
    submitted (day 0: Children and Families Act 2014 s36(1); SEND Regulations 2014 reg 5(1)),
    so the case the council records from it keeps that date."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the council"
        ACCEPTED = "accepted", "Recorded as a request"
        DECLINED = "declined", "Not recorded"

    reference = models.CharField(max_length=16, unique=True)
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="online_requests",
        limit_choices_to={"kind": "la"},
    )
    submitted_at = models.DateTimeField()
    received_on = models.DateField(help_text="Day 0 of the statutory clock.")
    #: Denormalised from ``answers`` for the queue and duplicate checks.
    child_first_name = models.CharField(max_length=100)
    child_last_name = models.CharField(max_length=100)
    child_date_of_birth = models.DateField()
    child_upn = models.CharField(max_length=13, blank=True)
    made_by = models.CharField(max_length=20, help_text="parent or young_person")
    #: Everything the family answered (the question flow's answers, validated by its forms).
    answers = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="online_requests"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["local_authority", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"Online request {self.reference}"

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}"
