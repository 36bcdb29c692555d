"""What a council's statutory returns need about the council itself."""

from __future__ import annotations

from django.db import models

from send_portal.models import Organisation


class CouncilReturnDetails(models.Model):
    """The council-level items of the SEN2 return: whether a designated medical officer (DMO),
    designated clinical officer (DCO) and designated social care officer (DSCO) are in post
    (SEND Code of Practice 3.39 to 3.50)."""

    local_authority = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="return_details",
        limit_choices_to={"kind": "la"},
    )
    designated_medical_officer = models.BooleanField(default=False)
    designated_clinical_officer = models.BooleanField(default=False)
    designated_social_care_officer = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Return details of {self.local_authority}"
