"""One plan version as plain data, section by section: what the plan page shows, what the PDF
prints (the document's frozen context) and what the comparison of two versions compares.

Every section A to K is present and separately identified (SEND Regulations 2014 reg 12(1)).
Each item has a ``key`` shared by the same item in every version, a reference such as ``B2`` or
``F1`` used for the links between needs, outcomes and provision, a ``text`` and labelled
``rows``. Everything is a string, so the result can be stored as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from send_portal.text import in_sentence

from .models import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    SECTION_BASIS,
    AdviceItem,
    AdviceRequest,
    AreaOfNeed,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    PlanViews,
    Section,
)

SECTION_I_BLANK = (
    "Left blank: a draft plan must not name a school, college or other institution, or a type "
    "of institution (Children and Families Act 2014 s38(5))."
)
EMPTY = {
    Section.A: "No views have been recorded yet.",
    Section.B: "No special educational needs have been recorded.",
    Section.C: "No health needs related to special educational needs have been identified.",
    Section.D: "No social care needs have been identified.",
    Section.E: "No outcomes have been recorded.",
    Section.F: "No special educational provision has been recorded.",
    Section.G: "No health provision is required.",
    Section.H1: "No social care provision is required under section 2 of the Chronically Sick "
    "and Disabled Persons Act 1970.",
    Section.H2: "No other social care provision is required.",
    Section.J: "No personal budget has been agreed.",
    Section.K: "No advice has been received yet.",
}


def _d(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def with_content(queryset):
    """Prefetch everything a plan version shows (a fixed number of queries per version)."""
    advice = AdviceRequest.objects.filter(
        status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.REUSED]
    ).prefetch_related(Prefetch("items", queryset=AdviceItem.objects.order_by("kind", "position")))
    return queryset.select_related(
        "case",
        "case__child",
        "case__local_authority",
        "case__caseworker",
        "section_i_setting",
        "section_g_agreed_icb",
        "document",
    ).prefetch_related(
        Prefetch("needs", queryset=PlanNeed.objects.select_related("source_advice")),
        Prefetch(
            "outcomes",
            queryset=PlanOutcome.objects.prefetch_related("needs"),
        ),
        Prefetch(
            "provisions",
            queryset=PlanProvision.objects.prefetch_related("needs", "outcomes"),
        ),
        Prefetch(
            "personal_budgets",
            queryset=PlanPersonalBudget.objects.prefetch_related("needs", "outcomes"),
        ),
        Prefetch("case__advice_requests", queryset=advice, to_attr="advice_in"),
    )


def views_of(plan: Plan) -> PlanViews | None:
    try:
        return plan.views
    except PlanViews.DoesNotExist:
        return None


@dataclass
class References:
    """``B1``, ``E2``, ``H1.1``: how items are referred to across sections."""

    by_pk: dict

    @classmethod
    def of(cls, plan: Plan) -> References:
        refs: dict = {}
        counters: dict[str, int] = {}

        def label(kind: str, section: str, pk: int) -> None:
            counters[section] = counters.get(section, 0) + 1
            sep = "." if len(section) > 1 else ""
            refs[(kind, pk)] = (f"{section}{sep}{counters[section]}", len(refs))

        for need in sorted(plan.needs.all(), key=_need_order):
            label("need", need.section, need.pk)
        for outcome in plan.outcomes.all():
            label("outcome", Section.E, outcome.pk)
        for provision in sorted(plan.provisions.all(), key=_provision_order):
            label("provision", provision.section, provision.pk)
        for budget in plan.personal_budgets.all():
            label("budget", Section.J, budget.pk)
        return cls(refs)

    def __call__(self, kind: str, obj) -> str:
        return self.by_pk.get((kind, obj.pk), ("", 0))[0]

    def list(self, kind: str, objs) -> str:
        found = sorted(self.by_pk[(kind, o.pk)] for o in objs if (kind, o.pk) in self.by_pk)
        return ", ".join(label for label, _ in sorted(found, key=lambda pair: pair[1]))


_AREA_ORDER = {value: i for i, value in enumerate(AreaOfNeed.values)}
_SECTION_ORDER = {value: i for i, value in enumerate(Section.values)}


def _need_order(need: PlanNeed):
    return (_SECTION_ORDER[need.section], _AREA_ORDER.get(need.area, 99), need.position, need.pk)


def _provision_order(provision: PlanProvision):
    return (_SECTION_ORDER[provision.section], provision.position, provision.pk)


def _rows(*pairs) -> list[list[str]]:
    return [[label, str(value)] for label, value in pairs if value not in (None, "")]


def _source(obj) -> str:
    advice = obj.source_advice
    if advice is None:
        return ""
    return f"From {advice.get_advice_type_display()}, {advice.adviser_display}"


def _section(code: Section, groups: list[dict], note: str = "") -> dict:
    return {
        "code": code.value,
        "title": code.label,
        "basis": SECTION_BASIS[code],
        "groups": [g for g in groups if g["items"]],
        "empty": EMPTY.get(code, ""),
        "note": note,
    }


def _section_a(plan: Plan) -> dict:
    views = views_of(plan)
    child = plan.case.child
    if views is None:
        return _section(Section.A, [])
    child_items = [
        {
            "key": f"A:{name}",
            "kind": "views",
            "ref": "",
            "heading": str(PlanViews._meta.get_field(name).verbose_name),
            "text": getattr(views, name),
            "rows": [],
            "source": "",
        }
        for name in PlanViews.CHILD_FIELDS
        if getattr(views, name).strip()
    ]
    how = []
    if views.child_how_captured:
        how.append(f"How these views were gathered: {views.child_how_captured}")
    if views.easy_read:
        how.append("Given using the easy read questions.")
    parent_items = [
        {
            "key": f"A:{name}",
            "kind": "views",
            "ref": "",
            "heading": str(PlanViews._meta.get_field(name).verbose_name),
            "text": getattr(views, name),
            "rows": [],
            "source": "",
        }
        for name in PlanViews.PARENT_FIELDS
        if getattr(views, name).strip()
    ]
    return _section(
        Section.A,
        [
            {
                "heading": f"In {child.known_as}'s own words",
                "intro": " ".join(how),
                "items": child_items,
            },
            {"heading": "Parents' and carers' views", "intro": "", "items": parent_items},
        ],
    )


def _needs(plan: Plan, refs: References, code: Section) -> dict:
    needs = sorted((n for n in plan.needs.all() if n.section == code), key=_need_order)
    items_by_area: dict[str, list] = {}
    for need in needs:
        items_by_area.setdefault(need.area, []).append(
            {
                "key": str(need.key),
                "kind": "need",
                "pk": need.pk,
                "ref": refs("need", need),
                "heading": refs("need", need),
                "text": need.description,
                "rows": _rows(
                    ("Area of need", need.get_area_display() if code != Section.B else ""),
                    ("Evidence", need.evidence),
                ),
                "source": _source(need),
            }
        )
    if code == Section.B:
        groups = [
            {"heading": label, "intro": "", "items": items_by_area.get(value, [])}
            for value, label in AreaOfNeed.choices
        ]
        if items_by_area.get(""):
            groups.append(
                {"heading": "Area of need not given", "intro": "", "items": items_by_area[""]}
            )
    else:
        groups = [
            {"heading": "", "intro": "", "items": [i for v in items_by_area.values() for i in v]}
        ]
    return _section(code, groups)


def _outcomes(plan: Plan, refs: References) -> dict:
    items = []
    for outcome in plan.outcomes.all():
        items.append(
            {
                "key": str(outcome.key),
                "kind": "outcome",
                "pk": outcome.pk,
                "ref": refs("outcome", outcome),
                "heading": refs("outcome", outcome),
                "text": outcome.description,
                "rows": _rows(
                    ("By when", outcome.by_when),
                    ("Preparing for adulthood", outcome.get_preparation_for_adulthood_display()),
                    ("Answers the needs", refs.list("need", outcome.needs.all())),
                ),
                "source": _source(outcome),
            }
        )
    return _section(Section.E, [{"heading": "", "intro": "", "items": items}])


def _provisions(plan: Plan, refs: References, code: Section) -> dict:
    items = []
    for provision in sorted(
        (p for p in plan.provisions.all() if p.section == code), key=_provision_order
    ):
        items.append(
            {
                "key": str(provision.key),
                "kind": "provision",
                "pk": provision.pk,
                "ref": refs("provision", provision),
                "heading": refs("provision", provision),
                "text": provision.description,
                "rows": _rows(
                    ("Who delivers it", provision.delivered_by),
                    ("Their qualifications or expertise", provision.expertise),
                    ("Group size or staff ratio", provision.group_size),
                    ("How often", provision.frequency),
                    ("How long each time", provision.duration),
                    ("Starts", _d(provision.starts_on)),
                    ("Review date", _d(provision.review_on)),
                    ("Meets the needs", refs.list("need", provision.needs.all())),
                    ("Towards the outcomes", refs.list("outcome", provision.outcomes.all())),
                    (
                        "Personal budget",
                        "Secured through a personal budget (see section J)"
                        if provision.personal_budget
                        else "",
                    ),
                ),
                "source": _source(provision),
            }
        )
    note = ""
    if code == Section.G:
        if plan.section_g_agreed:
            who = ", ".join(
                part
                for part in [
                    plan.section_g_agreed_by,
                    plan.section_g_agreed_icb.name if plan.section_g_agreed_icb_id else "",
                ]
                if part
            )
            note = f"Agreed by {who} on {_d(plan.section_g_agreed_on)} (reg 12(2))."
        elif items:
            note = (
                "Not yet agreed by the integrated care board. Health provision must be agreed by "
                "the responsible commissioning body (SEND Regulations 2014 reg 12(2))."
            )
    return _section(code, [{"heading": "", "intro": "", "items": items}], note)


def _section_i(plan: Plan) -> dict:
    text = SECTION_I_BLANK if plan.status == Plan.Status.DRAFT else plan.placement or "Not named."
    item = {
        "key": "I",
        "kind": "placement",
        "ref": "",
        "heading": "",
        "text": text,
        "rows": _rows(("URN", plan.section_i_setting.urn if plan.section_i_setting_id else "")),
        "source": "",
    }
    return _section(Section.I, [{"heading": "", "intro": "", "items": [item]}])


def _section_j(plan: Plan, refs: References) -> dict:
    items = []
    for budget in plan.personal_budgets.all():
        items.append(
            {
                "key": str(budget.key),
                "kind": "budget",
                "pk": budget.pk,
                "ref": refs("budget", budget),
                "heading": refs("budget", budget),
                "text": budget.description,
                "rows": _rows(
                    (
                        "Amount a year",
                        f"£{budget.annual_amount:,.2f}" if budget.annual_amount is not None else "",
                    ),
                    ("Direct payment", "Yes" if budget.direct_payment else "No"),
                    ("Needs to be met", refs.list("need", budget.needs.all())),
                    ("Outcomes to be met", refs.list("outcome", budget.outcomes.all())),
                    ("How it is managed", budget.arrangements),
                ),
                "source": "",
            }
        )
    flagged = [
        refs("provision", p)
        for p in sorted(plan.provisions.all(), key=_provision_order)
        if p.personal_budget
    ]
    note = f"Provision secured through a personal budget: {', '.join(flagged)}." if flagged else ""
    return _section(Section.J, [{"heading": "", "intro": "", "items": items}], note)


def _section_k(plan: Plan) -> dict:
    advice_list = getattr(plan.case, "advice_in", None)
    if advice_list is None:
        advice_list = list(
            plan.case.advice_requests.filter(
                status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.REUSED]
            ).prefetch_related("items")
        )
    items = []
    for n, advice in enumerate(advice_list, start=1):
        rows = _rows(
            ("From", advice.adviser_display),
            ("Received", _d(advice.received_on)),
            ("Existing advice used", advice.reused_from),
        )
        for item in advice.items.all():
            detail = item.description
            extra = ", ".join(
                part
                for part in [
                    item.get_area_display() if item.area else "",
                    f"by {item.by_when}" if item.by_when else "",
                    item.delivered_by,
                    item.expertise,
                    item.group_size,
                    item.frequency,
                    item.duration,
                ]
                if part
            )
            rows.append([f"{item.get_kind_display()}", f"{detail} ({extra})" if extra else detail])
        items.append(
            {
                "key": f"K:{advice.pk}",
                "kind": "advice",
                "pk": advice.pk,
                "ref": f"K{n}",
                "heading": f"Appendix K{n}: {advice.get_advice_type_display()}",
                "text": advice.summary,
                "rows": rows,
                "source": "",
            }
        )
    return _section(Section.K, [{"heading": "", "intro": "", "items": items}])


def plan_sections(plan: Plan) -> list[dict]:
    """Sections A to K of one version, in the order of the regulations."""
    refs = References.of(plan)
    sections = [_section_a(plan)]
    sections += [_needs(plan, refs, code) for code in NEED_SECTIONS]
    sections.append(_outcomes(plan, refs))
    sections += [_provisions(plan, refs, code) for code in PROVISION_SECTIONS]
    sections.append(_section_i(plan))
    sections.append(_section_j(plan, refs))
    sections.append(_section_k(plan))
    return sections


WATERMARK = {
    Plan.Status.DRAFT: "DRAFT",
    Plan.Status.PROPOSED: "PROPOSED",
    Plan.Status.NOT_MADE: "NOT MADE",
}


def document_title(plan: Plan) -> str:
    what = {
        Plan.Status.DRAFT: "Draft EHC plan",
        Plan.Status.FINAL: "Final EHC plan",
        Plan.Status.PROPOSED: "Proposed amendments to the EHC plan",
        Plan.Status.AMENDED: "Amended EHC plan",
        Plan.Status.NOT_MADE: "Proposed amendments not made to the EHC plan",
    }[plan.status]
    return f"{what} for {plan.case.child.full_name}, version {plan.version}"


def plan_context(plan: Plan) -> dict:
    """The frozen context of the plan's PDF (JSON: strings, lists and dicts only)."""
    case = plan.case
    child = case.child
    header = _rows(
        ("Name", child.full_name),
        ("Date of birth", _d(child.date_of_birth)),
        ("Case reference", case.reference),
        ("Council", case.local_authority.name),
        ("Caseworker", case.caseworker.display_name if case.caseworker_id else ""),
        ("Version", f"{plan.version} ({in_sentence(plan.get_status_display())})"),
        ("Date sent", _d(plan.served_on) if not plan.is_issued else ""),
        ("Date issued", _d(plan.issued_on)),
    )
    return {
        "council_name": case.local_authority.name,
        "watermark": WATERMARK.get(plan.status, ""),
        "status": plan.status,
        "is_draft": plan.status == Plan.Status.DRAFT,
        "header": header,
        "sections": plan_sections(plan),
    }
