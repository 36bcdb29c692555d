"""The content of a draft, section by section: needs (B, C, D), outcomes (E), provision (F, G,
H1, H2), personal budgets (J), the views in section A, the health provision agreed by the
integrated care board (SEND Regulations 2014 reg 12(2)), and received advice taken into the
draft. Every edit checks ``Plan.version_lock`` (``_plan.editable``). ``plans`` re-exports
every service here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max

from send_portal.models import Organisation, User

from .. import selectors
from ..errors import DomainError, InvalidTransition
from ..models import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    AdviceItem,
    AreaOfNeed,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    PreparationForAdulthood,
    Section,
    ViewsContribution,
)
from ..plan_document import References
from ._case import record_event
from ._plan import lock_editable_plan, touched

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
    check = _CHECKS.get(kind)
    if check is None:
        raise DomainError("Unknown kind of item")
    return check(plan, data)


def _need(plan: Plan, data: dict) -> tuple[dict, dict]:
    """A need in section B (with its area of need), C (health) or D (social care)."""
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


def _outcome(plan: Plan, data: dict) -> tuple[dict, dict]:
    """An outcome in section E, linked to the needs it meets."""
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


def _provision(plan: Plan, data: dict) -> tuple[dict, dict]:
    """Provision in section F, G, H1 or H2, linked to needs and outcomes."""
    section = data.get("section") or Section.F
    if section not in PROVISION_SECTIONS:
        raise DomainError("Select section F, G, H1 or H2", field="section")
    starts_on, review_on = data.get("starts_on"), data.get("review_on")
    if starts_on and review_on and review_on < starts_on:
        raise DomainError("The review date must be on or after the start date", field="review_on")
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


def _budget(plan: Plan, data: dict) -> tuple[dict, dict]:
    """A personal budget in section J, linked to needs and outcomes."""
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
        "description": _text(data, "description", required="Say what the personal budget pays for"),
        "annual_amount": amount,
        "direct_payment": bool(data.get("direct_payment")),
        "arrangements": _text(data, "arrangements"),
    }, {
        "needs": _ids(plan, PlanNeed, data, "needs", "needs"),
        "outcomes": _ids(plan, PlanOutcome, data, "outcomes", "outcomes"),
    }


_CHECKS = {"need": _need, "outcome": _outcome, "provision": _provision, "budget": _budget}


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
        plan = lock_editable_plan(actor, plan_id, expected_lock)
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
        touched(
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
        plan = lock_editable_plan(actor, plan_id, expected_lock)
        item = KINDS[kind].objects.filter(plan=plan, pk=item_id).first()
        if item is None:
            raise DomainError(f"That {ITEM_NAMES[kind]} is not in this version of the plan")
        section = _item_section(kind, item)
        item.delete()
        touched(
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
        plan = lock_editable_plan(actor, plan_id, expected_lock)
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
        touched(plan, actor, "section A changed")
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
    if agreed_on > selectors.today():
        raise DomainError("The date it was agreed must be today or in the past", field="agreed_on")
    with transaction.atomic():
        plan = lock_editable_plan(actor, plan_id, expected_lock)
        if not plan.provisions.filter(section=Section.G).exists():
            raise InvalidTransition("Section G has no health provision to agree.")
        plan.section_g_agreed_by = agreed_by.strip()[:200]
        plan.section_g_agreed_icb = icb
        plan.section_g_agreed_on = agreed_on
        plan.save(
            update_fields=["section_g_agreed_by", "section_g_agreed_icb", "section_g_agreed_on"]
        )
        touched(plan, actor, "health provision agreed by the integrated care board")
        record_event(
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
        plan = lock_editable_plan(actor, plan_id, expected_lock)
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
        touched(plan, actor, f"advice taken into section {section}")
    return item


def reference_of(plan: Plan, kind: str, item) -> str:
    """``B2``: how the item is referred to in this version."""
    return References.of(plan)(kind, item)
