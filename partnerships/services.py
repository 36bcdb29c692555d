"""Writes for partnerships and local inclusion plans.

Each service checks permission through the rule registry, locks the row it changes, checks the
stage it expects (raising a domain error with a message a person can act on), changes it, records
the audit event and the plan's timeline in the same transaction, and leaves side effects
(notifications, PDFs) to run after commit.

The approval chain of a version: draft, then the board (approvers and quorum set per
partnership), then submitted to the DfE Regions Group for the partnership's region, which agrees
the plan and separately quality assures and signs it off against a published National Standards
version, or returns it with required changes; then the chair publishes it. A returned or
published version is never changed again: a new version is started from it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, Role, RoleAssignment, User
from send_portal.models.users import IN_FORCE
from send_portal.notifications import notify
from send_portal.text import in_sentence
from standards.models import CatalogueVersion, StandardVersion

from . import documents, selectors
from .errors import DomainError, InvalidTransition, NotEditable
from .models import (
    ApprovalPolicy,
    BoardDecision,
    Commitment,
    CoproductionEvent,
    InclusionPlan,
    PartnershipProfile,
    PartnershipRole,
    PlanComment,
    PlanEvent,
    PlanSection,
    PlanVersion,
    RegionsGroupDecision,
    SignOffCheck,
)

Status = PlanVersion.Status
LEGAL_BASIS_AGREE = "SEND and AP Improvement Plan (2023), chapter 2 paragraph 33"
LEGAL_BASIS_SIGN_OFF = "SEND and AP Improvement Plan (2023), chapter 2 paragraph 69"


# --- Helpers --------------------------------------------------------------------------------------


def _partnership(partnership_id: int, *, lock: bool = False) -> Organisation:
    queryset = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.get(pk=partnership_id)


def _lock_version(version_id: int) -> PlanVersion:
    return (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__partnership")
        .get(pk=version_id)
    )


def _require_status(version: PlanVersion, *allowed: str, doing: str) -> None:
    if version.status not in allowed:
        raise InvalidTransition(
            f"Version {version.number} is “{in_sentence(version.get_status_display())}”, so you "
            f"cannot {doing} now."
        )


def _require_draft(version: PlanVersion) -> None:
    if not version.is_editable:
        raise NotEditable(
            f"Version {version.number} is “{in_sentence(version.get_status_display())}”: "
            "only a draft can be changed. Start a new version to make changes."
        )


def _version_link(version: PlanVersion) -> str:
    return reverse("partnerships:version", kwargs={"pk": version.pk})


def _notify_each(people, *, key: str, **message) -> None:
    for person in people:
        notify(recipient=person, dedupe_key=f"{key}:{person.pk}", **message)


def _audit(actor, action, summary, obj, **detail) -> None:
    audit.record(actor=actor, action=action, summary=summary, obj=obj, detail=detail or None)


# --- The partnership ------------------------------------------------------------------------------


def set_approval_policy(
    *, actor: User, partnership_id: int, approver_ids: list[int], quorum: int
) -> ApprovalPolicy:
    """Name the board approvers of the plan and how many of them must approve it."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.manage_partnership", partnership)
        eligible = set(selectors.board_people(partnership).values_list("pk", flat=True))
        chosen = set(approver_ids)
        if not chosen:
            raise DomainError("Select at least one board approver")
        if not chosen <= eligible:
            raise DomainError("Approvers must be members of this partnership's board")
        if not 1 <= quorum <= len(chosen):
            raise DomainError(
                f"The quorum must be between 1 and the number of approvers ({len(chosen)})"
            )
        policy, _ = ApprovalPolicy.objects.get_or_create(partnership=partnership)
        policy.quorum = quorum
        policy.updated_by = actor
        policy.save()
        policy.approvers.set(chosen)
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Set the plan approvers of {partnership.name} (quorum {quorum})",
            policy,
            approvers=sorted(chosen),
            quorum=quorum,
        )
    return policy


def add_partnership_role(
    *,
    actor: User,
    partnership_id: int,
    kind: str,
    holder_name: str,
    organisation_id: int | None = None,
    holder_id: int | None = None,
    email: str = "",
    started_on: date | None = None,
) -> PartnershipRole:
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.manage_partnership", partnership)
        if kind not in PartnershipRole.Kind.values:
            raise DomainError("Select the role")
        if not holder_name.strip():
            raise DomainError("Enter the name of the person who holds the role")
        if (
            organisation_id is not None
            and not partnership.memberships.filter(member_id=organisation_id).exists()
        ):
            raise DomainError("Select one of the partnership's member organisations")
        role = PartnershipRole.objects.create(
            partnership=partnership,
            kind=kind,
            holder_name=holder_name.strip(),
            holder_id=holder_id,
            organisation_id=organisation_id,
            email=email,
            started_on=started_on,
        )
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"{role.get_kind_display()} of {partnership.name}: {role.holder_name}",
            role,
        )
    return role


def end_partnership_role(*, actor: User, role_id: int, ended_on: date) -> PartnershipRole:
    with transaction.atomic():
        role = PartnershipRole.objects.select_for_update().get(pk=role_id)
        permissions.require(actor, "partnerships.manage_partnership", role.partnership)
        if role.ended_on is not None:
            raise InvalidTransition(f"{role.holder_name} already left this role")
        if role.started_on and ended_on < role.started_on:
            raise DomainError("The end date must be on or after the date they started")
        role.ended_on = ended_on
        role.save(update_fields=["ended_on"])
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{role.holder_name} left the role {role.get_kind_display()}",
            role,
        )
        if role.holder_id is not None:
            _end_rights_of_seat(actor, role)
    return role


def _end_rights_of_seat(actor: User, seat: PartnershipRole) -> None:
    """Ending a seat ends, at once and everywhere, every right it gave its holder in the
    partnership: their board role (the chair role for the chair's seat; every board role when
    they hold no other seat there), so pages, the API and the rules no longer let them read
    drafts, add to the co-production log or decide; and their place among the plan approvers,
    including for versions waiting for the board now. Decisions they recorded before they left
    stay in the plan's history. The quorum is never lowered behind the board's back: if fewer
    approvers than the quorum remain, the chairs are told to name another."""
    partnership = seat.partnership
    holder = seat.holder
    open_seats = PartnershipRole.objects.filter(
        partnership=partnership, holder=holder, ended_on=None
    )
    if open_seats.exists():
        ending = (
            [Role.BOARD_CHAIR]
            if seat.kind == PartnershipRole.Kind.CHAIR
            and not open_seats.filter(kind=PartnershipRole.Kind.CHAIR).exists()
            else []
        )
    else:
        ending = [Role.BOARD_MEMBER, Role.BOARD_CHAIR]
    if not ending:
        return
    assignments = RoleAssignment.objects.select_for_update().filter(
        user=holder, organisation=partnership, role__in=ending, is_active=True
    )
    ended = sorted(assignments.values_list("role", flat=True))
    assignments.update(is_active=False)
    still_on_board = RoleAssignment.objects.filter(
        user=holder, organisation=partnership, role__in=[Role.BOARD_MEMBER, Role.BOARD_CHAIR]
    ).filter(IN_FORCE)
    policy = ApprovalPolicy.objects.select_for_update().filter(partnership=partnership).first()
    removed_as_approver = False
    if policy is not None and not still_on_board.exists():
        removed_as_approver = policy.approvers.filter(pk=holder.pk).exists()
        policy.approvers.remove(holder)
    if ended or removed_as_approver:
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{holder.display_name}'s rights in {partnership.name} ended with their seat",
            seat,
            roles_ended=ended,
            removed_as_approver=removed_as_approver,
        )
    if removed_as_approver and policy.approvers.count() < policy.quorum:
        remaining = policy.approvers.count()
        _notify_each(
            selectors.chairs_of(partnership),
            key=f"approvers-below-quorum:{policy.pk}:{seat.pk}",
            subject=f"{partnership.name}: name another plan approver",
            what_happened=f"{holder.display_name} left the board, so {remaining} plan "
            f"approver{'' if remaining == 1 else 's'} remain for a quorum of {policy.quorum}.",
            what_to_do="Name another approver, or change the quorum, before the board can "
            "approve a plan.",
            link=reverse("partnerships:approval-policy", kwargs={"pk": partnership.pk}),
        )


def set_tailored_list_pilot(
    *, actor: User, partnership_id: int, is_pilot: bool
) -> PartnershipProfile:
    """Mark (or unmark) the partnership's area as a Change Programme tailored lists pilot."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.set_tailored_list_pilot", partnership)
        profile, _ = PartnershipProfile.objects.get_or_create(partnership=partnership)
        profile.is_tailored_list_pilot = is_pilot
        profile.updated_by = actor
        profile.save()
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"{partnership.name} {'is now' if is_pilot else 'is no longer'} a tailored lists pilot",
            profile,
        )
    return profile


def record_coproduction_event(
    *,
    actor: User,
    partnership_id: int,
    title: str,
    kind: str,
    held_on: date,
    who_took_part: str,
    you_said: str,
    we_did: str = "",
    participants: int | None = None,
    children_and_young_people: bool = False,
    parents_and_carers: bool = False,
    plan_id: int | None = None,
) -> CoproductionEvent:
    with transaction.atomic():
        partnership = _partnership(partnership_id)
        permissions.require(actor, "partnerships.record_coproduction", partnership)
        if held_on > timezone.localdate():
            raise DomainError("The date of the event must be today or in the past")
        if plan_id is not None and not partnership.inclusion_plans.filter(pk=plan_id).exists():
            raise DomainError("Select one of this partnership's plans")
        event = CoproductionEvent.objects.create(
            partnership=partnership,
            plan_id=plan_id,
            title=title.strip(),
            kind=kind,
            held_on=held_on,
            who_took_part=who_took_part.strip(),
            participants=participants,
            children_and_young_people=children_and_young_people,
            parents_and_carers=parents_and_carers,
            you_said=you_said.strip(),
            we_did=we_did.strip(),
            created_by=actor,
        )
        _audit(actor, AuditEvent.Action.CREATE, f"Co-production: {event.title}", event)
    return event


# --- Authoring ------------------------------------------------------------------------------------


def _new_version(plan: InclusionPlan, *, actor: User, based_on: PlanVersion | None) -> PlanVersion:
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, based_on=based_on, created_by=actor
    )
    old_sections = {s.kind: s for s in based_on.sections.all()} if based_on else {}
    PlanSection.objects.bulk_create(
        [
            PlanSection(
                version=version,
                kind=kind,
                body=old_sections[kind].body if kind in old_sections else "",
                links=old_sections[kind].links if kind in old_sections else [],
                updated_by=actor,
            )
            for kind in PlanSection.Kind.values
        ]
    )
    if based_on is not None:
        Commitment.objects.bulk_create(
            [
                Commitment(
                    version=version,
                    standard_version_id=c.standard_version_id,
                    description=c.description,
                    commissioner=c.commissioner,
                    created_by=actor,
                )
                for c in based_on.commitments.all()
            ]
        )
    note = f"Started from version {based_on.number}" if based_on else ""
    PlanEvent.record(version, kind=PlanEvent.Kind.STARTED, actor=actor, note=note)
    return version


def start_plan(
    *, actor: User, partnership_id: int, title: str, period_start: int, period_end: int
) -> PlanVersion:
    """Start a local inclusion plan: version 1, a draft with every section empty."""
    with transaction.atomic():
        partnership = _partnership(partnership_id, lock=True)
        permissions.require(actor, "partnerships.author_plan", partnership)
        if period_end < period_start:
            raise DomainError("The plan must end in or after the year it starts")
        if partnership.inclusion_plans.filter(
            period_start__lte=period_end, period_end__gte=period_start
        ).exists():
            raise DomainError(
                "This partnership already has a plan for some of those years. Start a new "
                "version of that plan instead."
            )
        plan = InclusionPlan.objects.create(
            partnership=partnership,
            title=title.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
        version = _new_version(plan, actor=actor, based_on=None)
        _audit(actor, AuditEvent.Action.CREATE, f"Started the plan {plan.title}", plan)
    return version


def start_new_version(*, actor: User, plan_id: int) -> PlanVersion:
    """Start the next version from the latest, once it was returned or published."""
    with transaction.atomic():
        plan = (
            InclusionPlan.objects.select_for_update().select_related("partnership").get(pk=plan_id)
        )
        permissions.require(actor, "partnerships.author_plan", plan)
        latest = plan.versions.order_by("-number").first()
        if latest is not None and latest.status not in (Status.RETURNED, Status.PUBLISHED):
            raise InvalidTransition(
                f"Version {latest.number} is “{in_sentence(latest.get_status_display())}”. A new "
                "version can be started once the latest one is returned or published."
            )
        version = _new_version(plan, actor=actor, based_on=latest)
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"Started version {version.number} of {plan.title}",
            version,
        )
    return version


def update_section(
    *, actor: User, version_id: int, kind: str, body: str, links: list[dict] | None = None
) -> PlanSection:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        section = version.sections.get(kind=kind)
        section.body = body.strip()
        if links is not None:
            section.links = links
        section.updated_by = actor
        section.save()
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Changed “{section.get_kind_display()}” in {version}",
            section,
        )
    return section


def add_commitment(
    *, actor: User, version_id: int, standard_version_id: int, description: str, commissioner: str
) -> Commitment:
    """Commit to commission provision or a service, mapped to a published National Standard."""
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        standard = (
            StandardVersion.objects.select_related("catalogue_version", "standard")
            .filter(pk=standard_version_id)
            .first()
        )
        if standard is None or not standard.catalogue_version.is_frozen:
            raise DomainError(
                "Select a standard from a published version of the National Standards"
            )
        if not description.strip() or not commissioner.strip():
            raise DomainError("Enter what will be commissioned and who commissions it")
        commitment = Commitment.objects.create(
            version=version,
            standard_version=standard,
            description=description.strip(),
            commissioner=commissioner.strip(),
            created_by=actor,
        )
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            f"Added a commitment against {standard.standard.code} to {version}",
            commitment,
        )
    return commitment


def remove_commitment(*, actor: User, commitment_id: int) -> None:
    with transaction.atomic():
        version_id = Commitment.objects.values_list("version_id", flat=True).get(pk=commitment_id)
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.author_plan", version)
        _require_draft(version)
        Commitment.objects.filter(pk=commitment_id).delete()
        _audit(
            actor,
            AuditEvent.Action.DELETE,
            f"Removed a commitment from {version}",
            version,
            commitment_id=commitment_id,
        )


def add_comment(*, actor: User, version_id: int, body: str, section: str = "") -> PlanComment:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.comment_on_plan", version)
        _require_status(
            version, Status.DRAFT, Status.AWAITING_BOARD, doing="comment on this version"
        )
        if not body.strip():
            raise DomainError("Enter your comment")
        if section and section not in PlanSection.Kind.values:
            raise DomainError("Select a section of the plan")
        comment = PlanComment.objects.create(
            version=version, section=section, author=actor, body=body.strip()
        )
        _audit(actor, AuditEvent.Action.CREATE, f"Commented on {version}", comment)
    return comment


# --- The board ------------------------------------------------------------------------------------


def send_for_board_approval(*, actor: User, version_id: int) -> PlanVersion:
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.DRAFT, doing="send it to the board")
        empty = [s.get_kind_display() for s in version.sections.all() if not s.body.strip()]
        if empty:
            raise InvalidTransition(
                "Complete every section before sending the plan to the board. Empty: "
                + ", ".join(sorted(empty, key=list(PlanSection.Kind.labels).index))
            )
        policy = ApprovalPolicy.objects.filter(partnership=partnership).first()
        if policy is None or not policy.approvers.exists():
            raise InvalidTransition(
                "Name the board approvers and the quorum before sending the plan to the board"
            )
        version.status = Status.AWAITING_BOARD
        version.board_round += 1
        version.save(update_fields=["status", "board_round"])
        PlanEvent.record(
            version,
            kind=PlanEvent.Kind.SENT_TO_BOARD,
            actor=actor,
            note=f"{policy.quorum} of {policy.approvers.count()} approvers must approve",
        )
        _audit(
            actor,
            AuditEvent.Action.TRANSITION,
            f"Sent {version} to the board",
            version,
            round=version.board_round,
        )
        _notify_each(
            policy.approvers.all(),
            key=f"lip:{version.pk}:board:{version.board_round}",
            subject=f"Approve {version.plan.title}, version {version.number}",
            what_happened=f"{actor.display_name} sent version {version.number} of "
            f"{version.plan.title} to the {partnership.name} board for approval. You are one of "
            "the board's approvers.",
            what_to_do="Read the plan and record whether you approve it, with any comment.",
            link=_version_link(version),
        )
    return version


def record_board_decision(
    *, actor: User, version_id: int, approve: bool, comment: str = ""
) -> BoardDecision:
    """Record one approver's decision. Quorum approves the plan; one refusal returns it to draft."""
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.approve_for_board", version)
        _require_status(version, Status.AWAITING_BOARD, doing="record a board decision")
        if version.board_decisions.filter(round=version.board_round, approver=actor).exists():
            raise InvalidTransition("You have already recorded your decision on this version")
        if not approve and not comment.strip():
            raise DomainError("Enter what needs to change before you can approve the plan")
        decision = BoardDecision.objects.create(
            version=version,
            round=version.board_round,
            approver=actor,
            decision=BoardDecision.Decision.APPROVE if approve else BoardDecision.Decision.REJECT,
            comment=comment.strip(),
        )
        PlanEvent.record(
            version,
            kind=PlanEvent.Kind.BOARD_APPROVED if approve else PlanEvent.Kind.BOARD_REJECTED,
            actor=actor,
            note=decision.comment,
        )
        _audit(
            actor,
            AuditEvent.Action.UPDATE,
            f"Board decision on {version}: {decision.get_decision_display()}",
            decision,
        )
        policy = partnership.approval_policy
        approvals = version.board_decisions.filter(
            round=version.board_round, decision=BoardDecision.Decision.APPROVE
        ).count()
        outcome = None
        if not approve:
            version.status = Status.DRAFT
            outcome = "not approved"
        elif approvals >= policy.quorum:
            version.status = Status.BOARD_APPROVED
            outcome = "approved"
            PlanEvent.record(
                version,
                kind=PlanEvent.Kind.QUORUM_REACHED,
                note=f"{approvals} of {policy.approvers.count()} approvers approved "
                f"(quorum {policy.quorum})",
            )
        if outcome:
            version.save(update_fields=["status"])
            _audit(
                actor,
                AuditEvent.Action.TRANSITION,
                f"The board {outcome} {version}",
                version,
            )
            next_step = (
                "Submit it to the DfE Regions Group for agreement and sign-off."
                if outcome == "approved"
                else "Read the approver's comment, change the draft and send it to the board again."
            )
            _notify_each(
                selectors.chairs_of(partnership),
                key=f"lip:{version.pk}:board:{version.board_round}:{outcome}",
                subject=f"The board {outcome} {version.plan.title}, version {version.number}",
                what_happened=f"The {partnership.name} board {outcome} version {version.number} "
                f"of {version.plan.title}."
                + (f" {actor.display_name} said: {decision.comment}" if not approve else ""),
                what_to_do=next_step,
                link=_version_link(version),
            )
    return decision


def submit_to_regions_group(*, actor: User, version_id: int) -> PlanVersion:
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.BOARD_APPROVED, doing="submit it to the Regions Group")
        regions_group = Organisation.objects.filter(
            kind=Organisation.Kind.REGIONS_GROUP, region_id=partnership.region_id
        ).first()
        if partnership.region_id is None or regions_group is None:
            raise InvalidTransition(
                "This partnership has no region, so the plan cannot go to a Regions Group. Ask "
                "an administrator to set its region."
            )
        version.status = Status.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["status", "submitted_at"])
        PlanEvent.record(
            version, kind=PlanEvent.Kind.SUBMITTED, actor=actor, note=regions_group.name
        )
        _audit(
            actor,
            AuditEvent.Action.TRANSITION,
            f"Submitted {version} to {regions_group.name}",
            version,
        )
        documents.request_plan_pdf(version, actor=actor)
        _notify_each(
            selectors.officers_for(partnership),
            key=f"lip:{version.pk}:submitted",
            subject=f"{partnership.name} submitted its local inclusion plan",
            what_happened=f"{actor.display_name} submitted version {version.number} of "
            f"{version.plan.title} to {regions_group.name}, after the board approved it.",
            what_to_do="Agree the plan, then quality assure and sign it off against the "
            "National Standards, or return it with the changes required.",
            link=_version_link(version),
        )
    return version


# --- The DfE Regions Group ------------------------------------------------------------------------


def _officer_team(actor: User, partnership: Organisation) -> Organisation:
    return Organisation.objects.get(
        kind=Organisation.Kind.REGIONS_GROUP,
        region_id=partnership.region_id,
        pk__in=actor.organisations_for(Role.REGIONS_GROUP_OFFICER),
    )


def _tell_partnership(version: PlanVersion, *, key: str, **message) -> None:
    _notify_each(selectors.chairs_of(version.plan.partnership), key=key, **message)


def agree_plan(*, actor: User, version_id: int, reasons: str) -> RegionsGroupDecision:
    with transaction.atomic():
        version = _lock_version(version_id)
        partnership = version.plan.partnership
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.SUBMITTED, doing="agree it")
        if not reasons.strip():
            raise DomainError("Enter the reasons for agreeing the plan")
        team = _officer_team(actor, partnership)
        decision = RegionsGroupDecision.objects.create(
            version=version,
            kind=RegionsGroupDecision.Kind.AGREE,
            officer=actor,
            regions_group=team,
            reasons=reasons.strip(),
        )
        version.status = Status.AGREED
        version.save(update_fields=["status"])
        PlanEvent.record(version, kind=PlanEvent.Kind.AGREED, actor=actor, note=decision.reasons)
        _audit(actor, AuditEvent.Action.TRANSITION, f"{team.name} agreed {version}", decision)
        _tell_partnership(
            version,
            key=f"lip:{version.pk}:agreed",
            subject=f"{team.name} agreed {version.plan.title}",
            what_happened=f"{actor.display_name} of {team.name} agreed version {version.number} "
            f"of {version.plan.title}.",
            what_to_do="The Regions Group will now quality assure the plan against the National "
            "Standards before signing it off. You do not need to do anything yet.",
            legal_basis=LEGAL_BASIS_AGREE,
            link=_version_link(version),
        )
    return decision


def return_plan(*, actor: User, version_id: int, required_changes: str) -> RegionsGroupDecision:
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.SUBMITTED, Status.AGREED, doing="return it")
        if not required_changes.strip():
            raise DomainError("Enter the changes the partnership must make")
        team = _officer_team(actor, version.plan.partnership)
        decision = RegionsGroupDecision.objects.create(
            version=version,
            kind=RegionsGroupDecision.Kind.RETURN,
            officer=actor,
            regions_group=team,
            reasons=required_changes.strip(),
        )
        version.status = Status.RETURNED
        version.save(update_fields=["status"])
        PlanEvent.record(version, kind=PlanEvent.Kind.RETURNED, actor=actor, note=decision.reasons)
        _audit(actor, AuditEvent.Action.TRANSITION, f"{team.name} returned {version}", decision)
        _tell_partnership(
            version,
            key=f"lip:{version.pk}:returned",
            subject=f"{team.name} returned {version.plan.title} with required changes",
            what_happened=f"{actor.display_name} of {team.name} returned version "
            f"{version.number} of {version.plan.title}. Required changes: {decision.reasons}",
            what_to_do="Start a new version of the plan, make the changes, and take it back "
            "to the board.",
            link=_version_link(version),
        )
    return decision


def sign_off_plan(
    *,
    actor: User,
    version_id: int,
    standards_version_id: int,
    checks: dict[int, tuple[str, str]],
    reasons: str,
) -> RegionsGroupDecision:
    """Quality assure and sign off an agreed plan as being in accordance with the National
    Standards, against a named *published* version, with an outcome and note per standard.

    ``checks`` maps each StandardVersion id of that version to ``(outcome, note)``.
    """
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.decide_for_regions_group", version)
        _require_status(version, Status.AGREED, doing="sign it off")
        standards_version = CatalogueVersion.objects.filter(pk=standards_version_id).first()
        if standards_version is None or not standards_version.is_frozen:
            status = (
                in_sentence(standards_version.get_status_display()) if standards_version else ""
            )
            raise InvalidTransition(
                "A plan can only be signed off against a published version of the National "
                "Standards"
                + (f": version {standards_version.number} is {status}" if standards_version else "")
            )
        standard_ids = set(standards_version.entries.values_list("pk", flat=True))
        if set(checks) != standard_ids:
            raise DomainError(
                f"Record an outcome for every standard in version {standards_version.number}"
            )
        outcomes = SignOffCheck.Outcome
        for outcome, note in checks.values():
            if outcome not in outcomes.values:
                raise DomainError("Select an outcome for every standard")
            if outcome != outcomes.IN_ACCORDANCE and not note.strip():
                raise DomainError(
                    "Give a reason for every standard that is not relevant or not in accordance"
                )
        not_met = [
            pk for pk, (outcome, _) in checks.items() if outcome == outcomes.NOT_IN_ACCORDANCE
        ]
        if not_met:
            codes = ", ".join(
                StandardVersion.objects.filter(pk__in=not_met)
                .order_by("standard__code")
                .values_list("standard__code", flat=True)
            )
            raise InvalidTransition(
                f"The plan is not in accordance with {codes}, so it cannot be signed off. "
                "Return it with the changes required instead."
            )
        if not reasons.strip():
            raise DomainError("Enter the reasons for signing off the plan")
        team = _officer_team(actor, version.plan.partnership)
        decision = RegionsGroupDecision.objects.create(
            version=version,
            kind=RegionsGroupDecision.Kind.SIGN_OFF,
            officer=actor,
            regions_group=team,
            reasons=reasons.strip(),
            standards_version=standards_version,
        )
        SignOffCheck.objects.bulk_create(
            [
                SignOffCheck(
                    decision=decision, standard_version_id=pk, outcome=outcome, note=note.strip()
                )
                for pk, (outcome, note) in sorted(checks.items())
            ]
        )
        version.status = Status.SIGNED_OFF
        version.save(update_fields=["status"])
        PlanEvent.record(
            version,
            kind=PlanEvent.Kind.SIGNED_OFF,
            actor=actor,
            note=f"In accordance with National Standards version {standards_version.number}. "
            f"{decision.reasons}",
        )
        _audit(
            actor,
            AuditEvent.Action.TRANSITION,
            f"{team.name} signed off {version} against National Standards version "
            f"{standards_version.number}",
            decision,
        )
        documents.request_sign_off_pdf(decision, actor=actor)
        _tell_partnership(
            version,
            key=f"lip:{version.pk}:signed_off",
            subject=f"{team.name} signed off {version.plan.title}",
            what_happened=f"{actor.display_name} of {team.name} quality assured version "
            f"{version.number} of {version.plan.title} and signed it off as being in accordance "
            f"with National Standards version {standards_version.number}.",
            what_to_do="Publish the plan so that families can read it.",
            legal_basis=LEGAL_BASIS_SIGN_OFF,
            link=_version_link(version),
        )
    return decision


# --- Publication ----------------------------------------------------------------------------------


def publish_plan(*, actor: User, version_id: int) -> PlanVersion:
    """Publish a signed-off version; the version it replaces is marked as superseded."""
    with transaction.atomic():
        version = _lock_version(version_id)
        permissions.require(actor, "partnerships.lead_plan", version)
        _require_status(version, Status.SIGNED_OFF, doing="publish it")
        previous = (
            PlanVersion.objects.select_for_update()
            .filter(plan_id=version.plan_id, status=Status.PUBLISHED)
            .first()
        )
        if previous is not None:
            previous.status = Status.SUPERSEDED
            previous.save(update_fields=["status"])
            PlanEvent.record(
                previous,
                kind=PlanEvent.Kind.SUPERSEDED,
                actor=actor,
                note=f"Replaced by version {version.number}",
            )
        version.status = Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        PlanEvent.record(version, kind=PlanEvent.Kind.PUBLISHED, actor=actor)
        _audit(actor, AuditEvent.Action.TRANSITION, f"Published {version}", version)
        documents.request_plan_pdf(version, actor=actor)
    return version
