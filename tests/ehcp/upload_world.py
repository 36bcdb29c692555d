"""One Essex case being assessed, with a person for each relationship the upload pages care
about: the parent, the caseworker and a SEND manager of the council, an educational
psychologist whose advice request is open and one whose advice is already in, and people outside
it (a parent of another child, a caseworker of another council)."""

from __future__ import annotations

from dataclasses import dataclass

from ehcp.models import AdviceRequest, Case, ChildRelationship, EvidenceUpload, Stage
from ehcp.services import workflow
from ehcp.uploads.services import upload_evidence
from send_portal.models import Role, User
from tests.ehcp.factories import ChildFactory, case_at, day
from tests.ehcp.view_helpers import link_family
from tests.factories import UserFactory, la, person_with_role
from tests.send_portal.upload_samples import pdf_bytes, upload


@dataclass
class UploadWorld:
    case: Case
    parent: User
    caseworker: User
    manager: User
    adviser: User
    advice: AdviceRequest
    closed_adviser: User
    other_parent: User
    other_council: User

    @property
    def ref(self) -> str:
        return self.case.reference


def build() -> UploadWorld:
    essex = la("881")
    child = ChildFactory()
    worker = person_with_role(Role.CASEWORKER, essex)
    case = case_at(Stage.ASSESSING, child=child, actor=worker)
    parent = link_family(child, UserFactory(), ChildRelationship.Kind.PARENT)
    adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, essex)
    advice = workflow.request_advice(
        actor=worker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=day(case, "advice_requested"),
        adviser=adviser,
    )
    closed_adviser = person_with_role(Role.HEALTH_ADVISER, essex)
    closed = workflow.request_advice(
        actor=worker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.HEALTH,
        requested_on=day(case, "advice_requested"),
        adviser=closed_adviser,
    )
    workflow.record_advice_received(
        actor=closed_adviser,
        advice_id=closed.pk,
        received_on=day(case, "advice_received"),
        summary="No health needs beyond those the school knows.",
    )
    other_child = ChildFactory()
    other_parent = link_family(other_child, UserFactory(), ChildRelationship.Kind.PARENT)
    case.refresh_from_db()
    return UploadWorld(
        case=case,
        parent=parent,
        caseworker=worker,
        manager=person_with_role(Role.SEND_MANAGER, essex),
        adviser=adviser,
        advice=advice,
        closed_adviser=closed_adviser,
        other_parent=other_parent,
        other_council=person_with_role(Role.CASEWORKER, la("883")),
    )


def add(world: UploadWorld, who: str, name: str = "report.pdf", **kwargs) -> EvidenceUpload:
    """An upload by the parent, the caseworker or the adviser (to their open request)."""
    actor = {"parent": world.parent, "caseworker": world.caseworker, "adviser": world.adviser}[who]
    return upload_evidence(
        actor=actor,
        case=world.case,
        file=upload(name, kwargs.pop("content", None) or pdf_bytes()),
        kind=kwargs.pop("kind", EvidenceUpload.Kind.REPORT),
        description=kwargs.pop("description", f"A report sent by the {who}"),
        advice_request=world.advice if who == "adviser" else None,
    )
