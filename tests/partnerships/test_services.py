import pytest
from django.core.exceptions import PermissionDenied

from partnerships import services
from partnerships.errors import DomainError, InvalidTransition, NotEditable
from partnerships.models import (
    BoardDecision,
    PlanEvent,
    PlanSection,
    PlanVersion,
    RegionsGroupDecision,
)
from send_portal.models import AuditEvent, GeneratedDocument, Notification, Role
from standards.models import CatalogueVersion
from tests.factories import person_with_role
from tests.partnerships.factories import (
    advance,
    all_in_accordance,
    draft_plan,
    make_area,
    make_partnership,
    officer_for_region,
    plan_at,
    published_standards,
)
from tests.standards.factories import catalogue_version

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


@pytest.fixture
def area():
    published_standards()
    return make_area("881")


# --- Authoring ------------------------------------------------------------------------------------


def test_starting_a_plan_creates_a_draft_version_1_with_every_section_empty(area):
    version = draft_plan(area, complete=False)
    assert version.number == 1
    assert version.status == Status.DRAFT
    assert sorted(version.sections.values_list("kind", flat=True)) == sorted(
        PlanSection.Kind.values
    )
    assert not any(version.sections.values_list("body", flat=True))
    assert version.events.get().kind == PlanEvent.Kind.STARTED


def test_a_partnership_cannot_have_two_plans_for_the_same_years(area):
    draft_plan(area, complete=False)
    with pytest.raises(DomainError, match="already has a plan for some of those years"):
        services.start_plan(
            actor=area.chair,
            partnership_id=area.partnership.pk,
            title="Another",
            period_start=2027,
            period_end=2030,
        )


def test_board_members_write_sections_and_each_change_is_audited(area):
    version = draft_plan(area, complete=False)
    section = services.update_section(
        actor=area.member, version_id=version.pk, kind="workforce", body="Train every TA."
    )
    assert section.body == "Train every TA."
    assert section.updated_by == area.member
    assert AuditEvent.objects.filter(summary__contains="Workforce").exists()


def test_a_member_of_another_partnership_cannot_touch_the_plan(area):
    version = draft_plan(area, complete=False)
    other = make_partnership("883")
    outsider = person_with_role(Role.BOARD_CHAIR, other)
    with pytest.raises(PermissionDenied, match="this partnership's board"):
        services.update_section(actor=outsider, version_id=version.pk, kind="workforce", body="x")
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=outsider, version_id=version.pk, body="x")
    with pytest.raises(PermissionDenied):
        services.send_for_board_approval(actor=outsider, version_id=version.pk)
    assert version.sections.get(kind="workforce").body == ""


def test_commitments_can_only_cite_standards_in_a_published_version(area):
    version = draft_plan(area, complete=False)
    draft_standards = catalogue_version(
        status=CatalogueVersion.Status.IN_DEVELOPMENT, standards={"CI-1": {}}
    )
    with pytest.raises(DomainError, match="published version of the National Standards"):
        services.add_commitment(
            actor=area.member,
            version_id=version.pk,
            standard_version_id=draft_standards.entries.get().pk,
            description="Screening",
            commissioner="The council",
        )
    assert not version.commitments.exists()


@pytest.mark.parametrize(
    "status",
    [
        Status.AWAITING_BOARD,
        Status.BOARD_APPROVED,
        Status.SUBMITTED,
        Status.AGREED,
        Status.SIGNED_OFF,
        Status.RETURNED,
        Status.PUBLISHED,
    ],
)
def test_nobody_can_edit_a_version_once_it_has_left_draft(area, status):
    version = plan_at(area, status)
    before = dict(version.sections.values_list("kind", "body"))
    commitment = version.commitments.get()
    with pytest.raises(NotEditable, match="only a draft can be changed"):
        services.update_section(
            actor=area.chair, version_id=version.pk, kind="workforce", body="Rewritten"
        )
    with pytest.raises(NotEditable):
        services.add_commitment(
            actor=area.chair,
            version_id=version.pk,
            standard_version_id=commitment.standard_version_id,
            description="More",
            commissioner="Someone",
        )
    with pytest.raises(NotEditable):
        services.remove_commitment(actor=area.chair, commitment_id=commitment.pk)
    assert dict(version.sections.values_list("kind", "body")) == before
    assert version.commitments.count() == 1


def test_comments_are_taken_on_drafts_and_versions_awaiting_the_board(area):
    version = draft_plan(area)
    services.add_comment(actor=area.member, version_id=version.pk, body="Name the areas")
    advance(area, version, Status.AWAITING_BOARD)
    services.add_comment(
        actor=area.chair, version_id=version.pk, body="Agreed", section="workforce"
    )
    advance(area, version, Status.BOARD_APPROVED)
    with pytest.raises(InvalidTransition, match="cannot comment"):
        services.add_comment(actor=area.chair, version_id=version.pk, body="Too late")
    assert version.comments.count() == 2


# --- The board ------------------------------------------------------------------------------------


def test_a_plan_with_empty_sections_cannot_go_to_the_board(area):
    version = draft_plan(area, complete=False)
    with pytest.raises(InvalidTransition, match="Complete every section.*Joint needs assessment"):
        services.send_for_board_approval(actor=area.chair, version_id=version.pk)


def test_a_plan_cannot_go_to_the_board_until_approvers_are_named():
    published_standards()
    partnership = make_partnership("881")
    chair = person_with_role(Role.BOARD_CHAIR, partnership)
    member = person_with_role(Role.BOARD_MEMBER, partnership)
    area = type("A", (), {"partnership": partnership, "chair": chair, "member": member})()
    version = draft_plan(area)
    with pytest.raises(InvalidTransition, match="Name the board approvers"):
        services.send_for_board_approval(actor=chair, version_id=version.pk)


def test_only_the_chair_sends_the_plan_to_the_board(area):
    version = draft_plan(area)
    with pytest.raises(PermissionDenied, match="Only the chair"):
        services.send_for_board_approval(actor=area.member, version_id=version.pk)


def test_sending_to_the_board_tells_each_approver_specifically(area):
    version = advance(area, draft_plan(area), Status.AWAITING_BOARD)
    assert version.board_round == 1
    notes = Notification.objects.filter(recipient__in=[area.chair, area.member])
    assert notes.count() == 2
    assert all("for approval" in n.what_happened for n in notes)


def test_the_board_approves_only_when_the_quorum_is_reached(area):
    version = advance(area, draft_plan(area), Status.AWAITING_BOARD)
    services.record_board_decision(
        actor=area.member, version_id=version.pk, approve=True, comment="Good"
    )
    version.refresh_from_db()
    assert version.status == Status.AWAITING_BOARD, "1 of a quorum of 2 is not enough"
    services.record_board_decision(actor=area.chair, version_id=version.pk, approve=True)
    version.refresh_from_db()
    assert version.status == Status.BOARD_APPROVED
    decision = version.board_decisions.get(approver=area.member)
    assert (decision.decision, decision.comment) == (BoardDecision.Decision.APPROVE, "Good")
    assert version.events.filter(kind=PlanEvent.Kind.QUORUM_REACHED).exists()


def test_an_approver_decides_once_per_round(area):
    version = advance(area, draft_plan(area), Status.AWAITING_BOARD)
    services.record_board_decision(actor=area.member, version_id=version.pk, approve=True)
    with pytest.raises(InvalidTransition, match="already recorded"):
        services.record_board_decision(actor=area.member, version_id=version.pk, approve=True)


def test_a_refusal_needs_a_reason_and_returns_the_plan_to_draft(area):
    version = advance(area, draft_plan(area), Status.AWAITING_BOARD)
    with pytest.raises(DomainError, match="what needs to change"):
        services.record_board_decision(actor=area.member, version_id=version.pk, approve=False)
    services.record_board_decision(
        actor=area.member, version_id=version.pk, approve=False, comment="Add AP places"
    )
    version.refresh_from_db()
    assert version.status == Status.DRAFT
    assert Notification.objects.filter(
        recipient=area.chair, subject__contains="not approved"
    ).exists()
    services.update_section(
        actor=area.member, version_id=version.pk, kind="sufficiency", body="Add 40 AP places"
    )
    advance(area, version, Status.AWAITING_BOARD)
    version.refresh_from_db()
    assert version.board_round == 2


def test_a_board_member_who_is_not_a_named_approver_cannot_approve(area):
    version = advance(area, draft_plan(area), Status.AWAITING_BOARD)
    bystander = person_with_role(Role.BOARD_MEMBER, area.partnership)
    with pytest.raises(PermissionDenied, match="board approvers named"):
        services.record_board_decision(actor=bystander, version_id=version.pk, approve=True)


def test_approvers_must_sit_on_the_board_and_the_quorum_must_fit(area):
    outsider = person_with_role(Role.BOARD_MEMBER, make_partnership("883"))
    with pytest.raises(DomainError, match="members of this partnership's board"):
        services.set_approval_policy(
            actor=area.chair,
            partnership_id=area.partnership.pk,
            approver_ids=[outsider.pk],
            quorum=1,
        )
    with pytest.raises(DomainError, match="between 1 and the number of approvers"):
        services.set_approval_policy(
            actor=area.chair,
            partnership_id=area.partnership.pk,
            approver_ids=[area.chair.pk],
            quorum=2,
        )
    with pytest.raises(PermissionDenied, match="Only the chair"):
        services.set_approval_policy(
            actor=area.member,
            partnership_id=area.partnership.pk,
            approver_ids=[area.member.pk],
            quorum=1,
        )


# --- Submission and the DfE Regions Group ---------------------------------------------------------


def test_submission_tells_the_regions_group_officer_and_makes_a_pdf(area):
    version = plan_at(area, Status.SUBMITTED)
    assert version.submitted_at is not None
    assert version.document.status == GeneratedDocument.Status.QUEUED
    note = Notification.objects.get(recipient=area.officer)
    assert "submitted version 1" in note.what_happened
    assert note.link.endswith(f"/plans/versions/{version.pk}/")


def test_officers_of_another_region_cannot_decide_on_the_plan(area):
    version = plan_at(area, Status.SUBMITTED)
    kent_officer = officer_for_region(make_partnership("886").region)
    with pytest.raises(PermissionDenied, match="this partnership's region"):
        services.agree_plan(actor=kent_officer, version_id=version.pk, reasons="Fine")
    with pytest.raises(PermissionDenied):
        services.return_plan(actor=kent_officer, version_id=version.pk, required_changes="x")
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


def test_partnership_members_cannot_take_regions_group_decisions(area):
    version = plan_at(area, Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.agree_plan(actor=area.chair, version_id=version.pk, reasons="We agree")


def test_the_regions_group_returns_a_plan_with_required_changes(area):
    version = plan_at(area, Status.SUBMITTED)
    with pytest.raises(DomainError, match="Enter the changes"):
        services.return_plan(actor=area.officer, version_id=version.pk, required_changes=" ")
    decision = services.return_plan(
        actor=area.officer, version_id=version.pk, required_changes="Add a workforce plan"
    )
    version.refresh_from_db()
    assert version.status == Status.RETURNED
    assert decision.regions_group.region == area.partnership.region
    assert Notification.objects.filter(
        recipient=area.chair, what_happened__contains="Add a workforce plan"
    ).exists()


def test_a_returned_plan_is_revised_in_a_new_version_copied_from_it(area):
    returned = plan_at(area, Status.RETURNED)
    new = services.start_new_version(actor=area.member, plan_id=returned.plan_id)
    assert (new.number, new.status, new.based_on) == (2, Status.DRAFT, returned)
    assert dict(new.sections.values_list("kind", "body")) == dict(
        returned.sections.values_list("kind", "body")
    )
    assert new.commitments.count() == returned.commitments.count()
    returned.refresh_from_db()
    assert returned.status == Status.RETURNED


def test_a_new_version_cannot_be_started_while_one_is_in_progress(area):
    version = plan_at(area, Status.SUBMITTED)
    with pytest.raises(InvalidTransition, match="returned or published"):
        services.start_new_version(actor=area.member, plan_id=version.plan_id)


def test_agreeing_and_signing_off_are_separate_decisions(area):
    version = plan_at(area, Status.SUBMITTED)
    standards = published_standards()
    with pytest.raises(InvalidTransition, match="cannot sign it off now"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=all_in_accordance(standards),
            reasons="Good",
        )
    services.agree_plan(actor=area.officer, version_id=version.pk, reasons="Well evidenced")
    version.refresh_from_db()
    assert version.status == Status.AGREED
    assert not version.regions_decisions.filter(kind="sign_off").exists()


def test_sign_off_records_the_standards_version_and_a_check_per_standard(area):
    version = plan_at(area, Status.SIGNED_OFF)
    sign_off = version.regions_decisions.get(kind=RegionsGroupDecision.Kind.SIGN_OFF)
    assert sign_off.standards_version == published_standards()
    assert sign_off.officer == area.officer
    assert sign_off.checks.count() == published_standards().entries.count()
    assert sign_off.document.status == GeneratedDocument.Status.QUEUED
    assert Notification.objects.filter(
        recipient=area.chair, subject__contains="signed off"
    ).exists()


@pytest.mark.parametrize(
    "status", [CatalogueVersion.Status.IN_DEVELOPMENT, CatalogueVersion.Status.TESTING]
)
def test_a_plan_cannot_be_signed_off_against_an_unpublished_standards_version(area, status):
    version = plan_at(area, Status.AGREED)
    unpublished = catalogue_version(status=status, standards={"CI-1": {}})
    with pytest.raises(InvalidTransition, match="only be signed off against a published version"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=unpublished.pk,
            checks=all_in_accordance(unpublished),
            reasons="Good",
        )
    version.refresh_from_db()
    assert version.status == Status.AGREED
    assert not RegionsGroupDecision.objects.filter(kind="sign_off").exists()


def test_a_plan_not_in_accordance_with_a_standard_cannot_be_signed_off(area):
    version = plan_at(area, Status.AGREED)
    standards = published_standards()
    checks = all_in_accordance(standards)
    first = min(checks)
    checks[first] = ("not_in_accordance", "No early identification offer")
    with pytest.raises(InvalidTransition, match="not in accordance with CI-1.*Return it"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=checks,
            reasons="Good",
        )


def test_sign_off_needs_an_outcome_for_every_standard_and_reasons(area):
    version = plan_at(area, Status.AGREED)
    standards = published_standards()
    checks = all_in_accordance(standards)
    checks.pop(min(checks))
    with pytest.raises(DomainError, match="every standard in version"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=checks,
            reasons="Good",
        )
    checks = all_in_accordance(standards)
    checks[min(checks)] = ("not_applicable", "")
    with pytest.raises(DomainError, match="Give a reason"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=checks,
            reasons="Good",
        )
    with pytest.raises(DomainError, match="Enter the reasons"):
        services.sign_off_plan(
            actor=area.officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks=all_in_accordance(standards),
            reasons="",
        )


# --- Publication ----------------------------------------------------------------------------------


def test_only_a_signed_off_version_can_be_published(area):
    version = plan_at(area, Status.AGREED)
    with pytest.raises(InvalidTransition, match="cannot publish it now"):
        services.publish_plan(actor=area.chair, version_id=version.pk)


def test_publishing_a_new_version_supersedes_the_old_one(area):
    first = plan_at(area, Status.PUBLISHED)
    assert first.published_at is not None
    second = services.start_new_version(actor=area.chair, plan_id=first.plan_id)
    advance(area, second, Status.PUBLISHED)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.events.filter(kind=PlanEvent.Kind.SUPERSEDED).exists()


def test_the_timeline_records_every_step_with_who_did_it(area):
    version = plan_at(area, Status.PUBLISHED)
    kinds = list(version.events.order_by("at", "pk").values_list("kind", "actor"))
    assert [k for k, _ in kinds] == [
        "started",
        "sent_to_board",
        "board_approved",
        "board_approved",
        "quorum_reached",
        "submitted",
        "agreed",
        "signed_off",
        "published",
    ]
    assert (PlanEvent.Kind.SIGNED_OFF, area.officer.pk) in kinds


# --- The partnership ------------------------------------------------------------------------------


def test_the_chair_records_named_roles_and_when_people_leave(area):
    from datetime import date

    role = services.add_partnership_role(
        actor=area.chair,
        partnership_id=area.partnership.pk,
        kind="dco_dmo",
        holder_name="Dr Owen Price",
        organisation_id=area.council.pk,
    )
    assert role.get_kind_display() == "Designated Clinical or Medical Officer (DCO/DMO)"
    services.end_partnership_role(actor=area.chair, role_id=role.pk, ended_on=date(2025, 3, 31))
    role.refresh_from_db()
    assert role.ended_on == date(2025, 3, 31)
    with pytest.raises(InvalidTransition, match="already left"):
        services.end_partnership_role(actor=area.chair, role_id=role.pk, ended_on=date(2025, 4, 1))


def test_a_named_role_must_represent_a_member_organisation(area):
    stranger = make_partnership("886")
    with pytest.raises(DomainError, match="member organisations"):
        services.add_partnership_role(
            actor=area.chair,
            partnership_id=area.partnership.pk,
            kind="dcs",
            holder_name="Someone",
            organisation_id=stranger.pk,
        )


def test_board_members_log_coproduction_events_but_not_in_the_future(area):
    from datetime import date, timedelta

    event = services.record_coproduction_event(
        actor=area.member,
        partnership_id=area.partnership.pk,
        title="Forum workshop",
        kind="forum",
        held_on=date(2025, 3, 12),
        who_took_part="30 parents",
        you_said="We cannot find the SEN Support offer",
        we_did="Every school publishes it",
        parents_and_carers=True,
    )
    assert event.created_by == area.member
    with pytest.raises(DomainError, match="today or in the past"):
        services.record_coproduction_event(
            actor=area.member,
            partnership_id=area.partnership.pk,
            title="Future",
            kind="survey",
            held_on=date.today() + timedelta(days=2),
            who_took_part="x",
            you_said="x",
        )


def test_only_dfe_marks_an_area_as_a_tailored_lists_pilot(area):
    with pytest.raises(PermissionDenied, match="Only DfE"):
        services.set_tailored_list_pilot(
            actor=area.chair, partnership_id=area.partnership.pk, is_pilot=True
        )
    analyst = person_with_role(Role.DFE_ANALYST)
    profile = services.set_tailored_list_pilot(
        actor=analyst, partnership_id=area.partnership.pk, is_pilot=True
    )
    assert profile.is_tailored_list_pilot


def test_ending_a_partnership_seat_ends_every_right_it_gave_at_once_everywhere(area, client):
    """Security review finding 3: ending a seat set ``ended_on`` only, and the parent carer forum
    representative kept reading drafts, adding to the co-production log and approving. Now the
    seat's rights end at once: pages, the API, the rules and the approvers of an open version."""
    from datetime import date

    from partnerships import selectors
    from partnerships.models import ApprovalPolicy, PartnershipRole
    from send_portal import permissions

    version = draft_plan(area)
    services.send_for_board_approval(actor=area.chair, version_id=version.pk)
    seat = services.add_partnership_role(
        actor=area.chair,
        partnership_id=area.partnership.pk,
        kind=PartnershipRole.Kind.PARENT_CARER_FORUM,
        holder_name=area.member.display_name,
        holder_id=area.member.pk,
    )
    client.force_login(area.member)
    page = f"/plans/versions/{version.pk}/"
    assert client.get(page).status_code == 200

    services.end_partnership_role(actor=area.chair, role_id=seat.pk, ended_on=date(2025, 3, 31))

    member = type(area.member).objects.get(pk=area.member.pk)
    assert not selectors.plan_versions_visible_to(member).exists()
    assert not permissions.can(member, "partnerships.record_coproduction", area.partnership)
    assert not permissions.can(member, "partnerships.approve_for_board", version)
    assert not ApprovalPolicy.objects.get(partnership=area.partnership).approvers.filter(
        pk=member.pk
    )
    with pytest.raises(PermissionDenied):
        services.record_board_decision(actor=member, version_id=version.pk, approve=True)
    assert client.get(page).status_code == 404
    assert client.get(f"/partnerships/{area.partnership.pk}/co-production/").status_code == 404
    assert client.get(f"/api/v1/inclusion-plans/{version.pk}/").status_code == 404
    # Two approvers were needed and one is left: the chair is told to name another.
    assert Notification.objects.filter(
        recipient=area.chair, subject__contains="name another plan approver"
    ).exists()


def test_ending_the_chairs_seat_leaves_their_other_seat_on_the_board(area):
    """Security review finding 3: a person who holds two seats keeps what the other one gives."""
    from datetime import date

    from partnerships.models import PartnershipRole
    from send_portal import permissions

    chair_seat, other = (
        services.add_partnership_role(
            actor=area.chair,
            partnership_id=area.partnership.pk,
            kind=kind,
            holder_name=area.chair.display_name,
            holder_id=area.chair.pk,
        )
        for kind in (PartnershipRole.Kind.CHAIR, PartnershipRole.Kind.DCS)
    )
    area.chair.role_assignments.create(role=Role.BOARD_MEMBER, organisation=area.partnership)
    services.end_partnership_role(
        actor=area.chair, role_id=chair_seat.pk, ended_on=date(2025, 3, 31)
    )
    chair = type(area.chair).objects.get(pk=area.chair.pk)
    assert not permissions.can(chair, "partnerships.manage_partnership", area.partnership)
    assert permissions.can(chair, "partnerships.author_plan", area.partnership)
    assert other.pk
