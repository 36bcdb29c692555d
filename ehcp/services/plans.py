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
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User
from send_portal.pdf import request_document

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    AdviceItem,
    AreaOfNeed,
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    PreparationForAdulthood,
    Section,
    Stage,
    ViewsContribution,
)
from ..plan_document import References, document_title, plan_context, with_content
from ..plan_quality import blocking, check
from .family import tell_family

KINDS = {
    "need": PlanNeed,
    "outcome": PlanOutcome,
    "provision": PlanProvision,
    "budget": PlanPersonalBudget,
}
ITEM_NAMES = {
    "need": "need",
    "outcome": "outcome",
    "provision": "provision",
    "budget": "personal budget",
}


class StaleEdit(DomainError):
    """The page the person edited from is out of date: someone else changed the plan."""


# ---- helpers ------------------------------------------------------------------------------------


def _lock_case(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("child", "local_authority")
        .get(pk=case_id)
    )


def _lock_plan(plan_id: int) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("case", "case__child", "case__local_authority")
        .get(pk=plan_id)
    )


def _next_version(case: Case) -> int:
    return (case.plans.aggregate(top=Max("version"))["top"] or 0) + 1


def _latest(case: Case) -> Plan | None:
    return case.plans.order_by("-version").first()


def _editable(plan: Plan, expected_lock: int | None) -> None:
    if not plan.is_editable:
        if plan.is_issued:
            raise InvalidTransition(
                f"Version {plan.version} is an issued plan and cannot change: propose amendments "
                "instead."
            )
        if plan.status == Plan.Status.PROPOSED:
            raise InvalidTransition(
                f"The proposed amendments (version {plan.version}) were sent to the family on "
                f"{plan.served_on:%-d %B %Y} and cannot change: issue the amended plan, then "
                "propose further amendments if needed."
            )
        raise InvalidTransition(
            f"Version {plan.version} was sent to the family on {plan.served_on:%-d %B %Y} and "
            "cannot change. Start a revised draft to make changes."
        )
    if expected_lock is not None and expected_lock != plan.version_lock:
        raise StaleEdit(
            "Someone else changed this plan after you opened the page, so your changes were not "
            "saved. Check the plan as it is now and make your change again."
        )


def _touched(plan: Plan, actor: User, summary: str, *, clear_health_agreement: bool = False):
    plan.version_lock += 1
    fields = ["version_lock", "updated_at"]
    if clear_health_agreement and plan.section_g_agreed:
        plan.section_g_agreed_by = ""
        plan.section_g_agreed_icb = None
        plan.section_g_agreed_on = None
        fields += ["section_g_agreed_by", "section_g_agreed_icb", "section_g_agreed_on"]
    plan.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=plan,
        child_id=plan.case.child_id,
        summary=f"{plan.case.reference}: {summary} (plan version {plan.version})",
    )


def _event(case: Case, kind: str, *, on: date, actor, title: str, detail="", basis="", family=True):
    from .workflow import _event as record

    return record(
        case, kind, on=on, actor=actor, title=title, detail=detail, basis=basis, family=family
    )


def _today() -> date:
    from ..selectors import today

    return today()


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
        "version": _next_version(case),
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
    try:
        views = plan.views
    except PlanViews.DoesNotExist:
        views = None
    if views is not None:
        PlanViews.objects.create(
            plan=new,
            source_contribution=views.source_contribution,
            **{name: getattr(views, name) for name in PlanViews.FIELDS},
        )

    def copy(model, extra: tuple[str, ...]):
        mapping = {}
        old_rows = list(model.objects.filter(plan=plan).order_by("pk"))
        new_rows = [
            model(
                plan=new,
                key=row.key,
                position=row.position,
                source_advice_id=row.source_advice_id,
                source_item_id=row.source_item_id,
                **{name: getattr(row, name) for name in extra},
            )
            for row in old_rows
        ]
        model.objects.bulk_create(new_rows)
        if new_rows and new_rows[0].pk is None:  # databases that do not return keys
            by_key = {r.key: r for r in model.objects.filter(plan=new)}
            new_rows = [by_key[r.key] for r in old_rows]
        for old, fresh in zip(old_rows, new_rows, strict=True):
            mapping[old.pk] = fresh.pk
        return mapping

    needs = copy(PlanNeed, ("section", "area", "description", "evidence"))
    outcomes = copy(PlanOutcome, ("description", "by_when", "preparation_for_adulthood"))
    provisions = copy(
        PlanProvision,
        (
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
    )
    budgets = copy(
        PlanPersonalBudget, ("description", "annual_amount", "direct_payment", "arrangements")
    )

    def copy_links(model, field: str, owner_map: dict, target_map: dict, owner_name: str):
        through = getattr(model, field).through
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

    copy_links(PlanOutcome, "needs", outcomes, needs, "planoutcome")
    copy_links(PlanProvision, "needs", provisions, needs, "planprovision")
    copy_links(PlanProvision, "outcomes", provisions, outcomes, "planprovision")
    copy_links(PlanPersonalBudget, "needs", budgets, needs, "planpersonalbudget")
    copy_links(PlanPersonalBudget, "outcomes", budgets, outcomes, "planpersonalbudget")
    return new


def current_draft(case: Case) -> Plan | None:
    """The latest draft of the case (sent or being written), the basis of the final plan."""
    return case.plans.filter(status=Plan.Status.DRAFT).order_by("-version").first()


def start_draft(*, actor: User, case_id: int) -> Plan:
    """Start writing the draft plan, with section A taken from the family's latest views."""
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if case.stage != Stage.DRAFTING:
            raise InvalidTransition(
                f"You cannot start a draft now: the case is at '{Stage(case.stage).label}'."
            )
        existing = case.plans.filter(status=Plan.Status.DRAFT, served_on=None).first()
        if existing is not None:
            raise InvalidTransition(
                f"A draft is already being written (version {existing.version})."
            )
        plan = Plan.objects.create(
            case=case, version=_next_version(case), status=Plan.Status.DRAFT, created_by=actor
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
        _event(
            case,
            CaseEvent.Kind.DRAFT_STARTED,
            on=_today(),
            actor=actor,
            title=f"Draft plan started (version {plan.version})",
            family=False,
        )
    return plan


def start_revised_draft(*, actor: User, plan_id: int) -> Plan:
    """A new draft version copied from the draft that was sent, to change it before the final
    plan (for example after the family's comments). The sent draft stays as it was."""
    with transaction.atomic():
        plan = Plan.objects.select_related("case").get(pk=plan_id)
        case = _lock_case(plan.case_id)
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if case.stage not in (Stage.DRAFT_SERVED, Stage.CONSULTING):
            raise InvalidTransition(
                f"You cannot revise the draft now: the case is at '{Stage(case.stage).label}'."
            )
        latest = _latest(case)
        if plan.status != Plan.Status.DRAFT or plan.served_on is None or latest.pk != plan.pk:
            raise InvalidTransition(
                f"Only the latest draft that was sent can be revised: version {latest.version} "
                f"is the latest."
            )
        new = new_version_from(plan, status=Plan.Status.DRAFT, actor=actor)
        _event(
            case,
            CaseEvent.Kind.DRAFT_REVISED,
            on=_today(),
            actor=actor,
            title=f"Revised draft started (version {new.version}, from version {plan.version})",
            family=False,
        )
    return new


# ---- content ------------------------------------------------------------------------------------


def _text(data: dict, name: str, *, required: str = "", limit: int | None = None) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise DomainError(required, field=name)
    if limit and len(value) > limit:
        raise DomainError(f"Use {limit} characters or fewer", field=name)
    return value


def _ids(plan: Plan, model, data: dict, name: str, what: str) -> list:
    wanted = [int(pk) for pk in data.get(name) or []]
    found = list(model.objects.filter(plan=plan, pk__in=wanted))
    if len(found) != len(set(wanted)):
        raise DomainError(f"Choose {what} from this version of the plan", field=name)
    return found


def _validated(plan: Plan, kind: str, data: dict) -> tuple[dict, dict]:
    """(fields, links) for an item of ``kind``, or a DomainError naming the field."""
    if kind == "need":
        section = data.get("section") or Section.B
        if section not in NEED_SECTIONS:
            raise DomainError("Select section B, C or D", field="section")
        area = data.get("area") or ""
        if area and area not in AreaOfNeed.values:
            raise DomainError("Select an area of need", field="area")
        if section == Section.B and not area:
            raise DomainError("Select the area of need", field="area")
        if section != Section.B:
            area = ""  # health (C) and social care (D) needs have no area of special need
        return {
            "section": section,
            "area": area,
            "description": _text(data, "description", required="Describe the need"),
            "evidence": _text(data, "evidence"),
        }, {}
    if kind == "outcome":
        pfa = data.get("preparation_for_adulthood") or ""
        if pfa and pfa not in PreparationForAdulthood.values:
            raise DomainError(
                "Select a preparing for adulthood area", field="preparation_for_adulthood"
            )
        return {
            "description": _text(data, "description", required="Describe the outcome"),
            "by_when": _text(data, "by_when", limit=200),
            "preparation_for_adulthood": pfa,
        }, {"needs": _ids(plan, PlanNeed, data, "needs", "needs")}
    if kind == "provision":
        section = data.get("section") or Section.F
        if section not in PROVISION_SECTIONS:
            raise DomainError("Select section F, G, H1 or H2", field="section")
        starts_on, review_on = data.get("starts_on"), data.get("review_on")
        if starts_on and review_on and review_on < starts_on:
            raise DomainError(
                "The review date must be on or after the start date", field="review_on"
            )
        return {
            "section": section,
            "description": _text(data, "description", required="Describe the provision"),
            "delivered_by": _text(data, "delivered_by", limit=200),
            "expertise": _text(data, "expertise", limit=200),
            "group_size": _text(data, "group_size", limit=100),
            "frequency": _text(data, "frequency", limit=100),
            "duration": _text(data, "duration", limit=100),
            "starts_on": starts_on,
            "review_on": review_on,
            "personal_budget": bool(data.get("personal_budget")),
        }, {
            "needs": _ids(plan, PlanNeed, data, "needs", "needs"),
            "outcomes": _ids(plan, PlanOutcome, data, "outcomes", "outcomes"),
        }
    if kind == "budget":
        amount = data.get("annual_amount")
        if amount not in (None, ""):
            try:
                amount = Decimal(str(amount))
            except InvalidOperation as exc:
                raise DomainError(
                    "Enter the amount in pounds, like 1200 or 1200.50", field="annual_amount"
                ) from exc
            if amount < 0:
                raise DomainError("The amount cannot be negative", field="annual_amount")
        else:
            amount = None
        return {
            "description": _text(
                data, "description", required="Say what the personal budget pays for"
            ),
            "annual_amount": amount,
            "direct_payment": bool(data.get("direct_payment")),
            "arrangements": _text(data, "arrangements"),
        }, {
            "needs": _ids(plan, PlanNeed, data, "needs", "needs"),
            "outcomes": _ids(plan, PlanOutcome, data, "outcomes", "outcomes"),
        }
    raise DomainError("Unknown kind of item")


def _item_section(kind: str, item) -> str:
    return getattr(item, "section", None) or {"outcome": "E", "budget": "J"}[kind]


def save_item(
    *,
    actor: User,
    plan_id: int,
    expected_lock: int | None,
    kind: str,
    data: dict,
    item_id: int | None = None,
):
    """Add an item to a section of a draft (``item_id`` None) or change one."""
    if kind not in KINDS:
        raise DomainError("Unknown kind of item")
    with transaction.atomic():
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", plan.case)
        _editable(plan, expected_lock)
        model = KINDS[kind]
        fields, links = _validated(plan, kind, data)
        if item_id is None:
            top = model.objects.filter(plan=plan).aggregate(top=Max("position"))["top"] or 0
            item = model.objects.create(plan=plan, position=top + 1, **fields)
            was_health = False
            verb = "added"
        else:
            item = model.objects.filter(plan=plan, pk=item_id).first()
            if item is None:
                raise DomainError(f"That {ITEM_NAMES[kind]} is not in this version of the plan")
            was_health = getattr(item, "section", "") == Section.G
            for name, value in fields.items():
                setattr(item, name, value)
            item.save()
            verb = "changed"
        for name, values in links.items():
            getattr(item, name).set(values)
        section = _item_section(kind, item)
        _touched(
            plan,
            actor,
            f"{ITEM_NAMES[kind]} {verb} in section {section}",
            clear_health_agreement=section == Section.G or was_health,
        )
    return item


def remove_item(*, actor: User, plan_id: int, expected_lock: int | None, kind: str, item_id: int):
    if kind not in KINDS:
        raise DomainError("Unknown kind of item")
    with transaction.atomic():
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", plan.case)
        _editable(plan, expected_lock)
        item = KINDS[kind].objects.filter(plan=plan, pk=item_id).first()
        if item is None:
            raise DomainError(f"That {ITEM_NAMES[kind]} is not in this version of the plan")
        section = _item_section(kind, item)
        item.delete()
        _touched(
            plan,
            actor,
            f"{ITEM_NAMES[kind]} removed from section {section}",
            clear_health_agreement=section == Section.G,
        )


def save_views(
    *,
    actor: User,
    plan_id: int,
    expected_lock: int | None,
    data: dict,
    source_contribution: ViewsContribution | None = None,
) -> PlanViews:
    """Section A of a draft: the child's own words and the parents' views, kept apart."""
    with transaction.atomic():
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", plan.case)
        _editable(plan, expected_lock)
        if source_contribution is not None and source_contribution.case_id != plan.case_id:
            raise DomainError("Those views are from another case")
        values = {
            name: bool(data.get(name)) if name == "easy_read" else _text(data, name)
            for name in PlanViews.FIELDS
        }
        if len(values["child_how_captured"]) > 300:
            raise DomainError("Use 300 characters or fewer", field="child_how_captured")
        views, _ = PlanViews.objects.update_or_create(
            plan=plan, defaults={**values, "source_contribution": source_contribution}
        )
        _touched(plan, actor, "section A changed")
    return views


def use_family_views(
    *, actor: User, plan_id: int, expected_lock: int | None, contribution_id: int
) -> PlanViews:
    contribution = ViewsContribution.objects.filter(pk=contribution_id).first()
    if contribution is None:
        raise DomainError("Those views could not be found")
    data = {name: getattr(contribution, name) for name in PlanViews.FIELDS}
    return save_views(
        actor=actor,
        plan_id=plan_id,
        expected_lock=expected_lock,
        data=data,
        source_contribution=contribution,
    )


def record_health_agreement(
    *,
    actor: User,
    plan_id: int,
    expected_lock: int | None,
    agreed_by: str,
    icb: Organisation | None,
    agreed_on: date,
) -> Plan:
    """Record that the integrated care board agreed the health provision in section G (SEND
    Regulations 2014 reg 12(2))."""
    if not agreed_by.strip():
        raise DomainError("Enter the name of the person who agreed it", field="agreed_by")
    if icb is not None and icb.kind != Organisation.Kind.ICB:
        raise DomainError("Choose an integrated care board", field="icb")
    if agreed_on > _today():
        raise DomainError("The date it was agreed must be today or in the past", field="agreed_on")
    with transaction.atomic():
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", plan.case)
        _editable(plan, expected_lock)
        if not plan.provisions.filter(section=Section.G).exists():
            raise InvalidTransition("Section G has no health provision to agree.")
        plan.section_g_agreed_by = agreed_by.strip()[:200]
        plan.section_g_agreed_icb = icb
        plan.section_g_agreed_on = agreed_on
        plan.save(
            update_fields=["section_g_agreed_by", "section_g_agreed_icb", "section_g_agreed_on"]
        )
        _touched(plan, actor, "health provision agreed by the integrated care board")
        _event(
            plan.case,
            CaseEvent.Kind.HEALTH_AGREED,
            on=agreed_on,
            actor=actor,
            title="Health provision (section G) agreed by the integrated care board",
            detail=f"Agreed by {agreed_by.strip()}" + (f", {icb.name}" if icb else "") + ".",
            basis="SEND Regulations 2014 reg 12(2)",
            family=False,
        )
    return plan


def pull_advice_item(*, actor: User, plan_id: int, expected_lock: int | None, advice_item_id: int):
    """Put an item of received advice into the draft: a need into section B, an outcome into
    section E, a recommended provision into section F, linked back to the advice (and, for
    outcomes and provision, to the needs already taken from the same advice)."""
    with transaction.atomic():
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", plan.case)
        _editable(plan, expected_lock)
        source = (
            AdviceItem.objects.select_related("advice")
            .filter(pk=advice_item_id, advice__case=plan.case)
            .first()
        )
        if source is None or not source.advice.is_in:
            raise DomainError("That advice is not part of this case's received advice")
        model = {"need": PlanNeed, "outcome": PlanOutcome, "provision": PlanProvision}[source.kind]
        already = model.objects.filter(plan=plan, source_item=source).first()
        if already is not None:
            raise InvalidTransition("That advice is already in this version of the plan.")
        top = model.objects.filter(plan=plan).aggregate(top=Max("position"))["top"] or 0
        common = {
            "plan": plan,
            "position": top + 1,
            "source_advice": source.advice,
            "source_item": source,
            "description": source.description,
        }
        same_advice_needs = list(PlanNeed.objects.filter(plan=plan, source_advice=source.advice))
        if source.kind == AdviceItem.Kind.NEED:
            # A health need goes to section C, a social care need to D, without an area of need.
            section = source.need_section
            item = PlanNeed.objects.create(
                section=section,
                area=source.area if section == Section.B else "",
                evidence=source.evidence
                or f"{source.advice.get_advice_type_display()}, {source.advice.adviser_display}",
                **common,
            )
        elif source.kind == AdviceItem.Kind.OUTCOME:
            item = PlanOutcome.objects.create(by_when=source.by_when, **common)
            item.needs.set(same_advice_needs)
            section = Section.E
        else:
            item = PlanProvision.objects.create(
                section=Section.F,
                delivered_by=source.delivered_by,
                expertise=source.expertise,
                group_size=source.group_size,
                frequency=source.frequency,
                duration=source.duration,
                **common,
            )
            item.needs.set(same_advice_needs)
            item.outcomes.set(PlanOutcome.objects.filter(plan=plan, source_advice=source.advice))
            section = Section.F
        _touched(plan, actor, f"advice taken into section {section}")
    return item


def reference_of(plan: Plan, kind: str, item) -> str:
    """``B2``: how the item is referred to in this version."""
    return References.of(plan)(kind, item)


# ---- amendments ---------------------------------------------------------------------------------


def propose_amendments(*, actor: User, case_id: int) -> Plan:
    """Start proposed amendments to the issued plan: a new version copied from it."""
    with transaction.atomic():
        case = _lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        latest = _latest(case)
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
        _event(
            case,
            CaseEvent.Kind.AMENDMENTS_STARTED,
            on=_today(),
            actor=actor,
            title=f"Amendments to the plan being prepared (version {plan.version})",
            family=False,
        )
    return plan


def send_amendment_proposal(*, actor: User, plan_id: int, sent_on: date) -> Plan:
    """Send the proposed amendments to the family: they have at least 15 days to comment (SEND
    Regulations 2014 reg 22(2)(c)); the amended plan follows within 8 weeks (reg 22(3))."""
    if sent_on > _today():
        raise DomainError("The date it was sent must be today or in the past", field="on")
    with transaction.atomic():
        plan = Plan.objects.select_related("case").get(pk=plan_id)
        case = _lock_case(plan.case_id)
        plan = _lock_plan(plan_id)
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
        _event(
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
    today = _today()
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
        plan = Plan.objects.select_related("case").get(pk=plan_id)
        case = _lock_case(plan.case_id)
        plan = _lock_plan(plan_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        latest = _latest(case)
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
        _event(
            case,
            CaseEvent.Kind.AMENDED_ISSUED,
            on=issued_on,
            actor=actor,
            title=f"Amended EHC plan issued (version {amended.version})",
            detail=(
                "Issued after the 8-week time limit. "
                if issued_on > due.due
                else "Issued within 8 weeks of the proposal. "
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
