"""Children and young people, and the people with rights in their case."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .codes import Disability, Ethnicity, NeedType, Sex, UPNUnknown


def end_of_compulsory_school_age(date_of_birth: date) -> date:
    """The last day of compulsory school age: the last Friday in June of the school year in
    which the child turns 16 (Education Act 1996 s8; Education (Start of Compulsory School Age)
    and school leaving date orders). After it, rights under Part 3 of the Children and Families
    Act 2014 pass to the young person (s80 and SEND Regulations 2014 reg 64)."""
    # A school year runs 1 September to 31 August; the child turns 16 in the school year that
    # ends in the summer of leaving_year.
    leaving_year = date_of_birth.year + (16 if date_of_birth.month < 9 else 17)
    last_june = date(leaving_year, 6, 30)
    return date.fromordinal(last_june.toordinal() - ((last_june.weekday() - 4) % 7))


class Child(models.Model):
    """A child or young person (0-25) known to the council's SEND service."""

    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": "la"},
        help_text="The council responsible for the child or young person.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    upn = models.CharField("UPN", max_length=13, blank=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    upn_unknown = models.CharField(
        "Reason the UPN is not known",
        max_length=4,
        choices=UPNUnknown.choices,
        blank=True,
        help_text="SEN2 UPNunknown: needed when the child has neither a UPN nor a ULN.",
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    disability = models.CharField(
        max_length=3,
        choices=Disability.choices,
        blank=True,
        help_text="Whether the child or young person has a disability (Equality Act 2010 s6), "
        "as Ofsted's Annex A asks. Empty while not recorded.",
    )
    current_setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
        limit_choices_to={"kind": "setting"},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def age_on(self, on: date) -> int:
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

    def is_young_person_on(self, on: date) -> bool:
        """Over compulsory school age: rights are the young person's own."""
        return on > end_of_compulsory_school_age(self.date_of_birth)


class ChildRelationship(models.Model):
    """Someone with rights in the child's case: a parent with parental responsibility, the young
    person themself, or a representative acting for a young person (Mental Capacity Act 2005)."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent or carer with parental responsibility"
        YOUNG_PERSON = "young_person", "The young person"
        REPRESENTATIVE = "representative", "Representative of the young person"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="child_relationships"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    #: For a parent of a young person: whether the young person lets them see the case.
    shared_by_young_person = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "user"], name="unique_child_relationship"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()}) of {self.child}"
