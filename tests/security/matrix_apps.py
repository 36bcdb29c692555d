"""Objects for the permission matrix rows of the apps that came after the core: the pages after
a plan (annual reviews, phase transfers, re-assessment, ceasing, moves: ``ehcp.reviews``), the
tailored lists of settings and the inclusion dashboards.

Each builder adds to the matrix's ``Things`` what its pages need, in the same world: the
matrix's Essex council, its caseworker, school (and SENCo), partnership and family, so every
person keeps the relationship the matrix names them for ("own", "someone else's child",
"another council's", "another region's").
"""

from __future__ import annotations

from datetime import date

from ehcp.models import ChildRelationship, Placement, Stage
from ehcp.reviews import services as review_services
from ehcp.reviews.models import Cessation, PhaseTransfer, PlanTransfer, Review
from ehcp.selectors import today
from partnerships import services as partnership_services
from send_portal.models import Role
from tailored_lists import services as list_services
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.view_helpers import link_family
from tests.factories import la, person_with_role
from tests.reviews.helpers import World as ReviewWorld
from tests.reviews.helpers import review_at
from tests.tailored_lists.helpers import import_real


def _school(things):
    return things.people[Role.SENCO.value].role_assignments.get().organisation


def add_after_plan(things) -> None:
    """A second Essex child of the matrix's parent, at the same school, whose final plan was
    issued by the matrix's caseworker; a review held at the school, a re-assessment request,
    a cessation being considered, a move in from Hertfordshire and a phase transfer."""
    worker = things.people[Role.CASEWORKER.value]
    school = _school(things)
    child = ChildFactory(local_authority=la("881"), current_setting=school)
    link_family(child, things.people[Role.PARENT.value], ChildRelationship.Kind.PARENT)
    case = case_at(Stage.FINAL_ISSUED, child=child, actor=worker, setting=school)
    w = ReviewWorld(
        case=case,
        worker=worker,
        parent=things.people[Role.PARENT.value],
        setting=school,
        senco=things.people[Role.SENCO.value],
    )
    review = review_at(w, Review.Stage.HELD)
    reassessment = review_services.request_reassessment(
        actor=worker,
        case_id=case.pk,
        requested_by="family",
        requested_on=date(2026, 11, 20),
        reasons="New diagnosis.",
    )
    cessation = Cessation.objects.create(
        case=case, ground="not_necessary", explanation="x", consulted_on=date(2026, 11, 1)
    )
    move = PlanTransfer.objects.create(
        case=case,
        from_authority=la("883"),
        to_authority=la("881"),
        moved_on=date(2026, 11, 1),
        old_council_aware_on=date(2026, 11, 1),
        transfer_due_on=date(2026, 11, 22),
        transferred_on=date(2026, 11, 2),
        reassess_decision_due_on=date(2026, 12, 14),
        review_due_on=date(2027, 2, 2),
    )
    transfer = PhaseTransfer.objects.create(
        case=case,
        transfer=PhaseTransfer.Transfer.values[0],
        from_phase="Primary",
        to_phase="Secondary",
        transfer_year=2027,
        transfer_date=date(2027, 9, 1),
        deadline_on=date(2027, 2, 15),
    )
    Placement.objects.create(case=case, sen_setting="OTH", entry_on=case.final_issued_on)
    things.objects.update(
        after_case=case,
        review=review,
        reassessment=reassessment,
        cessation=cessation,
        move=move,
        phase_transfer=transfer,
    )


def add_tailored_list(things) -> None:
    """Essex made a tailored-list pilot area (its partnership already has a published,
    signed-off plan in the matrix), the settings directory imported, and a list built and sent
    for the matrix's case."""
    import_real()
    analyst = person_with_role(Role.DFE_ANALYST)
    partnership_services.set_tailored_list_pilot(
        actor=analyst, partnership_id=things.partnership.pk, is_pilot=True
    )
    case = things.world.case
    worker = things.people[Role.CASEWORKER.value]
    first = list_services.build_list(actor=worker, case_id=case.pk, on=today())
    list_services.send_list(actor=worker, list_id=first.pk, sent_on=today())
    # The young person (17) ranks a setting from the list and sends it; the council has then
    # started a second version, not yet sent.
    young_person = things.people[Role.YOUNG_PERSON.value]
    entry = first.entries.order_by("position").first()
    list_services.add_preference(actor=young_person, list_id=first.pk, setting=entry.setting)
    list_services.send_preferences(actor=young_person, list_id=first.pk, on=today())
    second = list_services.build_list(actor=worker, case_id=case.pk, on=today())
    things.objects.update(tailored_list=first, unsent_list=second)


def add_dashboards(things) -> None:
    """Nothing to build: dashboards read aggregates of the council, its partnership, its region
    (East of England) and England; an empty council still has its pages."""
    things.objects["region_code"] = la("881").region.code
    things.objects["other_region_code"] = la("886").region.code


def add_evidence(things) -> None:
    """The young person's evidence on the matrix's case (a family upload)."""
    from ehcp.models import EvidenceUpload
    from ehcp.uploads.services import upload_evidence
    from tests.send_portal.upload_samples import pdf_bytes, upload

    things.objects["evidence"] = upload_evidence(
        actor=things.people[Role.YOUNG_PERSON.value],
        case=things.world.case,
        file=upload("Speech and language report.pdf", pdf_bytes()),
        kind=EvidenceUpload.Kind.REPORT,
        description="Report from the speech and language therapist",
    )
