"""A local SEND and AP partnership (also called a Local Inclusion Partnership) is the core
``Organisation(kind=PARTNERSHIP)``; its member organisations by sector are the core
``OrganisationMembership`` rows. This module adds what only partnerships have: named roles,
the board's approval policy, and the Change Programme pilot flag for tailored lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation


class PartnershipProfile(models.Model):
    """Partnership-wide settings held by DfE, one per partnership.

    ``is_tailored_list_pilot`` marks a Change Programme pilot area for tailored lists of settings
    (SEND and AP Improvement Plan, chapter 2 paragraph 66). It is necessary but not enough:
    tailored lists also need the partnership's local inclusion plan to be published and signed
    off by the DfE Regions Group (chapter 2 paragraph 69); see
    :func:`partnerships.selectors.tailored_lists_allowed`.
    """

    partnership = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnership_profile",
        limit_choices_to={"kind": Organisation.Kind.PARTNERSHIP},
    )
    is_tailored_list_pilot = models.BooleanField(
        "Tailored lists pilot area",
        default=False,
        help_text="Set by DfE for Change Programme pilot areas.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Profile of {self.partnership}"


class PartnershipRole(models.Model):
    """A named statutory or designated role in a partnership, and who holds it."""

    class Kind(models.TextChoices):
        CHAIR = "chair", "Chair of the partnership"
        DCS = "dcs", "Director of Children's Services"
        ICB_EXECUTIVE_LEAD = "icb_lead", "ICB executive lead for SEND"
        DCO_DMO = "dco_dmo", "Designated Clinical or Medical Officer (DCO/DMO)"
        DSCO = "dsco", "Designated Social Care Officer (DSCO)"
        PARENT_CARER_FORUM = "pcf", "Parent carer forum representative"
        SENDIASS = "sendiass", "SENDIASS representative"
        YOUTH_JUSTICE = "youth_justice", "Youth justice representative"

    partnership = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    holder_name = models.CharField(max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership_roles",
        help_text="The person's portal account, if they have one.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The body they represent.",
    )
    email = models.EmailField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "holder_name"]
        indexes = [models.Index(fields=["partnership", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.holder_name}"


class ApprovalPolicy(models.Model):
    """Who approves the partnership's local inclusion plan for the board, and how many must."""

    partnership = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="approval_policy"
    )
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    quorum = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quorum__gte=1), name="quorum_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"Approval policy of {self.partnership} (quorum {self.quorum})"
