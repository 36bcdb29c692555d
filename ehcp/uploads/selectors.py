"""Which uploaded files of a case a person may see. Use it for lists *and* downloads, so a file
outside a person's relationships is a 404 by construction.

- The council's SEND staff: every file on the case.
- The family: what the family and the council uploaded (advisers' reports reach them through the
  council, with the advice).
- An adviser with an open advice request on the case: the family's evidence, which the council
  must give them when it asks for advice (SEND Regulations 2014 reg 7), and the reports they
  attached to their own open request. Nothing once the request is closed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ehcp import selectors
from ehcp.models import AdviceRequest, Case, EvidenceUpload

REG_7 = "SEND Regulations 2014 reg 7"


def uploads_visible_to(user, case: Case) -> QuerySet[EvidenceUpload]:
    uploads = EvidenceUpload.objects.filter(case=case).select_related("uploaded_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return uploads.none()
    if selectors.is_staff_of_case(user, case):
        return uploads
    if selectors.is_family_of_case(user, case):
        return uploads.filter(
            source__in=[EvidenceUpload.Source.FAMILY, EvidenceUpload.Source.COUNCIL]
        )
    open_requests = AdviceRequest.objects.filter(
        case=case, adviser=user, status=AdviceRequest.Status.REQUESTED
    )
    if open_requests.exists():
        return uploads.filter(
            Q(source=EvidenceUpload.Source.FAMILY) | Q(advice_request__in=open_requests)
        )
    return uploads.none()
