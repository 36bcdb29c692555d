"""Writing the plan: drafts, their content section by section, versions, amendments and PDFs.

The rules (shared/domain/statutory.md section B):

- The caseworker writes a draft while the case is at "Writing the draft plan" and sends it with
  ``workflow.serve_draft_plan``. Once a version is sent it never changes: changes after that
  (for example after the family's comments) go into a revised draft, a new version copied from
  the sent one (``start_revised_draft``). The final plan is a new version copied from the latest
  draft, with section I filled in (``workflow.issue_final_plan``).
- An issued plan is changed by amendment: proposed amendments are a new version, sent to the
  family, who have at least 15 days to comment (SEND Regulations 2014 reg 22(2)); the amended
  plan is then issued as a new version (reg 22(3)).
- Every edit checks ``Plan.version_lock``: a second person editing from an out-of-date page is
  told, and nothing of theirs is saved.
- Every version sent or issued gets its PDF, made by a worker after commit.

The content services (sections A to J, the health agreement, advice taken into the draft) live
in ``plan_content`` and the checks every edit makes in ``_plan``; both are re-exported here, so
``plans.save_item`` and the rest keep working.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.deadlines.wording import rule_period_words
from send_portal import permissions
from send_portal.models import User
from send_portal.pdf import request_document

from .. import deadlines, selectors
from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    Stage,
)
from ..plan_document import document_title, plan_context, with_content
from ..plan_quality import blocking, check
from ._case import expect, lock_case, record_event
from ._plan import StaleEdit, latest_version, lock_plan_and_case, next_version
from .family import tell_family
from .plan_content import (
    ITEM_NAMES,
    KINDS,
    pull_advice_item,
    record_health_agreement,
    reference_of,
    remove_item,
    save_item,
    save_views,
    use_family_views,
)

#: The content services live in ``plan_content``; they are re-exported here, with
#: :class:`StaleEdit`, so that ``plans.save_item`` and the rest keep working.
__all__ = [
    "ITEM_NAMES",
    "KINDS",
    "StaleEdit",
    "current_draft",
    "issue_amended_plan",
    "new_version_from",
    "propose_amendments",
    "pull_advice_item",
    "record_health_agreement",
    "reference_of",
    "remove_item",
    "request_plan_pdf",
    "save_item",
    "save_views",
    "send_amendment_proposal",
    "start_draft",
    "start_revised_draft",
    "use_family_views",
]


def request_plan_pdf(plan: Plan, *, actor) -> Plan:
    """Queue the PDF of a version (rendered once by a worker after commit). Call inside the
    transaction that sends or issues the version."""
    full = with_content(Plan.objects.filter(pk=plan.pk)).get()
    plan.document = request_document(
        title=document_title(full)[:200],
        template_name="pdf/plan.html",
        context=plan_context(full),
        owner=plan.case,
        actor=actor,
    )
    plan.save(update_fields=["document"])
    return plan


# ---- versions -----------------------------------------------------------------------------------


#: What each kind of row copies to a new version, besides its key, position and source.
_COPIED = {
    PlanNeed: ("section", "area", "description", "evidence"),
    PlanOutcome: ("description", "by_when", "preparation_for_adulthood"),
    PlanProvision: (
        "section",
        "description",
        "delivered_by",
        "expertise",
        "group_size",
        "frequency",
        "duration",
        "starts_on",
        "review_on",
        "personal_budget",
    ),
    PlanPersonalBudget: ("description", "annual_amount", "direct_payment", "arrangements"),
}

#: The links kept between the copied rows: (model, its many-to-many field, the linked model).
_LINKS = (
    (PlanOutcome, "needs", PlanNeed),
    (PlanProvision, "needs", PlanNeed),
    (PlanProvision, "outcomes", PlanOutcome),
    (PlanPersonalBudget, "needs", PlanNeed),
    (PlanPersonalBudget, "outcomes", PlanOutcome),
)


def new_version_from(plan: Plan, *, status: str, actor: User | None, **fields) -> Plan:
    """A new version of the case's plan with every row of ``plan`` copied (same keys, new
    primary keys, links between needs, outcomes and provision kept). Call inside a transaction
    with the case locked."""
    case = plan.case
    section_i = {
        "section_i_setting": plan.section_i_setting,
        "section_i_type": plan.section_i_type,
    }
    if status == Plan.Status.DRAFT:
        section_i = {"section_i_setting": None, "section_i_type": ""}
    values = {
        "case": case,
        "version": next_version(case),
        "status": status,
        "previous": plan,
        "section_g_agreed_by": plan.section_g_agreed_by,
        "section_g_agreed_icb": plan.section_g_agreed_icb,
        "section_g_agreed_on": plan.section_g_agreed_on,
        "created_by": actor,
        **section_i,
        **fields,
    }
    new = Plan.objects.create(**values)
    _copy_views(plan, new)
    new_pks = {model: _copy_rows(model, plan, new) for model in _COPIED}
    for model, field, target in _LINKS:
        _copy_links(model, field, plan, new_pks[model], new_pks[target])
    return new


def _copy_views(plan: Plan, new: Plan) -> None:
    """Section A of ``plan``, if it has one, copied to ``new``."""
    try:
        views = plan.views
    except PlanViews.DoesNotExist:
        return
    PlanViews.objects.create(
        plan=new,
        source_contribution=views.source_contribution,
        **{name: getattr(views, name) for name in PlanViews.FIELDS},
    )


def _copy_rows(model, plan: Plan, new: Plan) -> dict[int, int]:
    """Every row of ``model`` in ``plan`` copied to ``new``: {old primary key: new one}."""
    old_rows = list(model.objects.filter(plan=plan).order_by("pk"))
    new_rows = [
        model(
            plan=new,
            key=row.key,
            position=row.position,
            source_advice_id=row.source_advice_id,
            source_item_id=row.source_item_id,
            **{name: getattr(row, name) for name in _COPIED[model]},
        )
        for row in old_rows
    ]
    model.objects.bulk_create(new_rows)
    if new_rows and new_rows[0].pk is None:  # databases that do not return keys
        by_key = {r.key: r for r in model.objects.filter(plan=new)}
        new_rows = [by_key[r.key] for r in old_rows]
    return {old.pk: fresh.pk for old, fresh in zip(old_rows, new_rows, strict=True)}


def _copy_links(model, field: str, plan: Plan, owner_map: dict, target_map: dict) -> None:
    """The ``field`` links of ``model``'s rows in ``plan``, between the copies of both ends."""
    through = getattr(model, field).through
    owner_name = getattr(model, field).field.m2m_field_name()
    target_name = getattr(model, field).field.m2m_reverse_field_name()
    rows = through.objects.filter(**{f"{owner_name}__plan": plan})
    through.objects.bulk_create(
        [
            through(
                **{
                    f"{owner_name}_id": owner_map[getattr(row, f"{owner_name}_id")],
                    f"{target_name}_id": target_map[getattr(row, f"{target_name}_id")],
                }
            )
            for row in rows
        ]
    )


def current_draft(case: Case) -> Plan | None:
    """The latest draft of the case (sent or being written), the basis of the final plan."""
    return case.plans.filter(status=Plan.Status.DRAFT).order_by("-version").first()


def start_draft(*, actor: User, case_id: int) -> Plan:
    """Start writing the draft plan, with section A taken from the family's latest views."""
    with transaction.atomic():
        case = lock_case(case_id, of_case_only=True)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFTING, action="start a draft")
        existing = case.plans.filter(status=Plan.Status.DRAFT, served_on=None).first()
        if existing is not None:
            raise InvalidTransition(
                f"A draft is already being written (version {existing.version})."
            )
        plan = Plan.objects.create(
            case=case, version=next_version(case), status=Plan.Status.DRAFT, created_by=actor
        )
        contribution = case.views_contributions.first()
        PlanViews.objects.create(
            plan=plan,
            source_contribution=contribution,
            **(
                {name: getattr(contribution, name) for name in PlanViews.FIELDS}
                if contribution
                else {}
            ),
        )
        record_event(
            case,
            CaseEvent.Kind.DRAFT_STARTED,
            on=selectors.today(),
            actor=actor,
            title=f"Draft plan started (version {plan.version})",
            family=False,
        )
    return plan


def start_revised_draft(*, actor: User, plan_id: int) -> Plan:
    """A new draft version copied from the draft that was sent, to change it before the final
    plan (for example after the family's comments). The sent draft stays as it was."""
    with transaction.atomic():
        plan, case = lock_plan_and_case(plan_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="revise the draft")
        latest = latest_version(case)
        if plan.status != Plan.Status.DRAFT or plan.served_on is None or latest.pk != plan.pk:
            raise InvalidTransition(
                f"Only the latest draft that was sent can be revised: version {latest.version} "
                f"is the latest."
            )
        new = new_version_from(plan, status=Plan.Status.DRAFT, actor=actor)
        record_event(
            case,
            CaseEvent.Kind.DRAFT_REVISED,
            on=selectors.today(),
            actor=actor,
            title=f"Revised draft started (version {new.version}, from version {plan.version})",
            family=False,
        )
    return new


# ---- amendments ---------------------------------------------------------------------------------


def propose_amendments(*, actor: User, case_id: int) -> Plan:
    """Start proposed amendments to the issued plan: a new version copied from it."""
    with transaction.atomic():
        case = lock_case(case_id, of_case_only=True)
        permissions.require(actor, "ehcp.run_workflow", case)
        latest = latest_version(case)
        if latest is not None and latest.status == Plan.Status.NOT_MADE:
            # The council decided not to make the last proposed amendments (SEND Regulations
            # 2014 reg 22(4)): start again from the plan in force.
            latest = case.plans.filter(status__in=list(Plan.ISSUED)).order_by("-version").first()
        if case.stage != Stage.FINAL_ISSUED or latest is None:
            raise InvalidTransition("Only an issued plan can be amended.")
        if not latest.is_issued:
            raise InvalidTransition(
                f"Amendments are already being proposed (version {latest.version})."
            )
        plan = new_version_from(latest, status=Plan.Status.PROPOSED, actor=actor)
        record_event(
            case,
            CaseEvent.Kind.AMENDMENTS_STARTED,
            on=selectors.today(),
            actor=actor,
            title=f"Amendments to the plan being prepared (version {plan.version})",
            family=False,
        )
    return plan


def send_amendment_proposal(*, actor: User, plan_id: int, sent_on: date) -> Plan:
    """Send the proposed amendments to the family: they have at least 15 days to comment (SEND
    Regulations 2014 reg 22(2)(c)); the amended plan follows within 8 weeks (reg 22(3))."""
    if sent_on > selectors.today():
        raise DomainError("The date it was sent must be today or in the past", field="on")
    with transaction.atomic():
        plan, case = lock_plan_and_case(plan_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if plan.status != Plan.Status.PROPOSED or plan.served_on is not None:
            raise InvalidTransition("These amendments have already been sent.")
        if plan.previous and plan.previous.issued_on and sent_on < plan.previous.issued_on:
            raise DomainError(
                f"The date it was sent must be on or after the plan was issued "
                f"({plan.previous.issued_on:%-d %B %Y})",
                field="on",
            )
        plan.served_on = sent_on
        plan.save(update_fields=["served_on", "updated_at"])
        request_plan_pdf(plan, actor=actor)
        window = deadlines.amendment_representations_close(notice_served=sent_on)
        due = deadlines.amended_plan_due(amendment_notice_sent=sent_on)
        record_event(
            case,
            CaseEvent.Kind.AMENDMENTS_PROPOSED,
            on=sent_on,
            actor=actor,
            title="Proposed amendments to the plan sent",
            detail=f"Comments by {window.due:%-d %B %Y}. The amended plan must be issued by "
            f"{due.due:%-d %B %Y}.",
            basis=window.basis,
        )
        tell_family(
            case,
            on=sent_on,
            key=f"amendments:{plan.pk}",
            subject=f"Proposed changes to {case.child.known_as}'s EHC plan",
            what_happened=f"{case.local_authority.name} sent you proposed amendments to the EHC "
            f"plan on {sent_on:%-d %B %Y}. You can see exactly what would change, section by "
            "section.",
            what_to_do="Comment on any section, ask for a meeting, or ask for a different school "
            "or college, by the date below.",
            due=window,
        )
    return plan


def issue_amended_plan(*, actor: User, plan_id: int, issued_on: date, notice_sent_on: date) -> Plan:
    """Issue the amended plan after the family's 15 days (reg 22(2)(c)), within 8 weeks of the
    proposal (reg 22(3)), with appeal rights (Children and Families Act 2014 s51(2)(c))."""
    today = selectors.today()
    if issued_on > today:
        raise DomainError("The issue date must be today or in the past", field="issued_on")
    if notice_sent_on > today:
        raise DomainError(
            "The date the plan was sent must be today or in the past", field="notice_sent_on"
        )
    if notice_sent_on < issued_on:
        raise DomainError(
            "The date the plan was sent must be on or after the issue date",
            field="notice_sent_on",
        )
    with transaction.atomic():
        plan, case = lock_plan_and_case(plan_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        latest = latest_version(case)
        if plan.status != Plan.Status.PROPOSED or latest.pk != plan.pk:
            raise InvalidTransition("These amendments have already been dealt with.")
        if plan.served_on is None:
            raise InvalidTransition("Send the proposed amendments to the family first.")
        window = deadlines.amendment_representations_close(notice_served=plan.served_on)
        if issued_on <= window.due:
            raise InvalidTransition(
                f"The family can comment on the proposed amendments until "
                f"{window.due:%-d %B %Y} ({window.basis}). Issue the amended plan after that."
            )
        full = with_content(Plan.objects.filter(pk=plan.pk)).get()
        stopping = blocking(check(full, on=issued_on))
        if stopping:
            raise InvalidTransition(" ".join(f.message for f in stopping))
        amended = new_version_from(
            plan,
            status=Plan.Status.AMENDED,
            actor=actor,
            served_on=notice_sent_on,
            issued_on=issued_on,
        )
        request_plan_pdf(amended, actor=actor)
        due = deadlines.amended_plan_due(amendment_notice_sent=plan.served_on)
        appeal = deadlines.appeal_deadline(decision_sent=notice_sent_on)
        record_event(
            case,
            CaseEvent.Kind.AMENDED_ISSUED,
            on=issued_on,
            actor=actor,
            title=f"Amended EHC plan issued (version {amended.version})",
            detail=(
                "Issued after the "
                f"{rule_period_words('amended_plan_due', adjective=True)} time limit. "
                if issued_on > due.due
                else f"Issued within {rule_period_words('amended_plan_due')} of the proposal. "
            )
            + f"Appeal by {appeal.due:%-d %B %Y}.",
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key=f"amended:{amended.pk}",
            subject=f"Amended EHC plan for {case.child.known_as} issued",
            what_happened=f"{case.local_authority.name} issued the amended EHC plan on "
            f"{issued_on:%-d %B %Y}. You can compare it with the previous plan section by "
            "section.",
            what_to_do="If you disagree with sections B, F or I, you can appeal to the SEND "
            "Tribunal. Before appealing (except about section I alone), contact a mediation "
            "adviser; mediation itself is optional.",
            due=appeal,
        )
    return amended
