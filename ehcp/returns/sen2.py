"""The SEN2 person-level return, made from the portal's own records (spec and code lists:
``ehcp.returns.codes``).

``build_return(council, year)`` gathers every person in scope (plans maintained on the census
day, plans ceased in the calendar year, and every request received, decided or still open in
it) as plain records, one dict of items per module, in the specification's order. The same
records are written as XML (``write_xml``), checked by ``ehcp.returns.validation`` and read back
by ``ehcp.returns.importer``, so export and import cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO
from xml.sax.saxutils import XMLGenerator

from django.db.models import Prefetch, Q
from django.utils import timezone

from dashboards.periods import ReportingYear
from ehcp.models import Case, Child, CouncilReturnDetails, Decision, Placement, Plan, Stage
from send_portal.models import Organisation

from . import codes
from .codes import AssessmentOutcome, RequestOutcome, ReviewOutcome

#: Mediations that took place or were asked for (a family that chose not to mediate did not).
_MEDIATED = "wishes_to_mediate"


@dataclass
class Person:
    """One person of the return: the Person items and their requests, each request with its
    assessment (named plan and plan details) and its active plan (placements and needs)."""

    child_id: int | None
    name: str
    items: dict[str, str]
    requests: list[dict] = field(default_factory=list)


@dataclass
class Sen2Return:
    council: Organisation
    year: ReportingYear
    persons: list[Person]
    la_level: dict[str, str] = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def children(self) -> list[Person]:
        return self.persons

    @property
    def problems_by_child(self):
        grouped: dict = {}
        for problem in self.problems:
            grouped.setdefault((problem.child_id, problem.child_name), []).append(problem)
        return [(name, items) for (_, name), items in grouped.items()]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def header(self, now: datetime | None = None) -> dict[str, str]:
        now = (now or timezone.now()).astimezone(timezone.get_current_timezone())
        return {
            "Collection": codes.COLLECTION,
            "Year": str(self.year.year),
            "ReferenceDate": self.year.census.isoformat(),
            "SourceLevel": codes.SOURCE_LEVEL,
            "LEA": self.council.la_code,
            "SoftwareCode": codes.SOFTWARE_CODE,
            "Release": codes.RELEASE,
            "SerialNo": "1",
            "DateTime": now.replace(microsecond=0, tzinfo=None).isoformat(),
        }

    def write(self, stream: IO[bytes], now: datetime | None = None) -> None:
        write_xml(stream, self.header(now), self.la_level, self.persons)

    def xml(self, now: datetime | None = None) -> bytes:
        from io import BytesIO

        buffer = BytesIO()
        self.write(buffer, now)
        return buffer.getvalue()


# ---- XML ---------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, stream: IO[bytes]):
        self.out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def _indent(self) -> None:
        self.out.ignorableWhitespace("\n" + "  " * self.depth)

    def open(self, tag: str) -> None:
        self._indent()
        self.out.startElement(tag, {})
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self._indent()
        self.out.endElement(tag)

    def items(self, order: Iterable[str], values: dict[str, str]) -> None:
        for tag in order:
            value = values.get(tag, "")
            if value == "" or value is None:
                continue
            self._indent()
            self.out.startElement(tag, {})
            self.out.characters(str(value))
            self.out.endElement(tag)


def write_xml(stream: IO[bytes], header: dict, la_level: dict, persons: Iterable[Person]) -> None:
    """Write the return, one person at a time (memory does not grow with the caseload). Items
    with no value are left out; every other item is written in the specification's order."""
    w = _Writer(stream)
    w.out.startDocument()
    w.out.startElement("Message", {})
    w.depth = 1
    w.open("Header")
    w.open("CollectionDetails")
    w.items(codes.HEADER_COLLECTION, header)
    w.close("CollectionDetails")
    w.open("Source")
    w.items(codes.HEADER_SOURCE, header)
    w.close("Source")
    if la_level:
        w.open("LAlevel")
        w.items(codes.LA_LEVEL, la_level)
        w.close("LAlevel")
    w.close("Header")
    w.open("Persons")
    for person in persons:
        w.open("Person")
        w.items(codes.PERSON, person.items)
        for request in person.requests:
            w.open("Requests")
            w.items(codes.REQUESTS, request["items"])
            assessment = request.get("assessment")
            if assessment:
                w.open("Assessment")
                w.items(codes.ASSESSMENT, assessment["items"])
                named = assessment.get("named_plan")
                if named:
                    w.open("NamedPlan")
                    w.items(codes.NAMED_PLAN, named["items"])
                    for detail in named["plan_details"]:
                        w.open("PlanDetail")
                        w.items(codes.PLAN_DETAIL, detail)
                        w.close("PlanDetail")
                    w.close("NamedPlan")
                w.close("Assessment")
            active = request.get("active_plans")
            if active:
                w.open("ActivePlans")
                w.items(codes.ACTIVE_PLANS, active["items"])
                for placement in active["placements"]:
                    w.open("PlacementDetail")
                    w.items(codes.PLACEMENT_DETAIL, placement)
                    w.close("PlacementDetail")
                for need in active["needs"]:
                    w.open("SENneed")
                    w.items(codes.SEN_NEED, need)
                    w.close("SENneed")
                w.close("ActivePlans")
            w.close("Requests")
        w.close("Person")
    w.close("Persons")
    w.depth = 0
    w.out.ignorableWhitespace("\n")
    w.out.endElement("Message")
    w.out.ignorableWhitespace("\n")
    w.out.endDocument()


# ---- from the portal's records -----------------------------------------------------------------


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _flag(value) -> str:
    return "1" if value else "0"


def week20_exception_applies(case: Case) -> bool:
    """SEN2 ``Week20``: an exception to the 20-week time limit applies to this assessment. The
    one place the return decides it (the definition of which exceptions count lives with the
    case: ``Case.twenty_week_exception_applies``)."""
    imported = case.sen2_imported.get("Week20")
    return bool(case.twenty_week_exception_applies) or imported == "1"


def _issued_plans(case: Case) -> list[Plan]:
    return sorted(
        (p for p in case.plans.all() if p.status in Plan.ISSUED and p.issued_on),
        key=lambda p: p.version,
    )


def _decision_kinds(objects) -> set[str]:
    return {o.decision.kind for o in objects if o.decision_id}


def _redress(case: Case) -> dict[str, str]:
    """Mediation and appeals by the decision they were about: the refusal to assess (request),
    the refusal to issue (assessment), the plan's content (other)."""
    mediated = _decision_kinds(m for m in case.mediation_cases.all() if getattr(m, _MEDIATED))
    appealed = _decision_kinds(case.tribunal_appeals.all())
    imported = case.sen2_imported
    flags = {
        "RequestMediation": Decision.Kind.NOT_ASSESS in mediated,
        "RequestTribunal": Decision.Kind.NOT_ASSESS in appealed,
        "AssessmentMediation": Decision.Kind.NOT_ISSUE in mediated,
        "AssessmentTribunal": Decision.Kind.NOT_ISSUE in appealed,
        "OtherMediation": Decision.Kind.FINAL_PLAN in mediated,
        "OtherTribunal": Decision.Kind.FINAL_PLAN in appealed,
    }
    return {k: _flag(v or imported.get(k) == "1") for k, v in flags.items()}


def _historical(outcome: str, on: date | None, year: ReportingYear | None, code: str):
    """A decision made before the calendar year of the return is reported as historical (H),
    with no date (guide items 2.3 to 2.4 and 3.1 to 3.2)."""
    if year is not None and on is not None and on < year.activity_start:
        return code, None
    return outcome, on


def _transferred_in(case: Case) -> bool:
    """A plan the portal holds without the decisions that led to it: the council became
    responsible for a child who already had a plan (CFA 2014 s24), for which the guide has the
    importing council record the request and assessment as historical (H) even when the plan
    started in the year, or a plan brought in from the council's earlier records."""
    if case.became_responsible:
        return True
    imported = "RequestOutcome" in case.sen2_imported  # the file's own outcomes stand
    return bool(case.final_issued_on and not case.assessment_decided_on and not imported)


def request_outcome(case: Case, year: ReportingYear | None = None) -> tuple[str, date | None]:
    """``RequestOutcome`` and its date: Y or N on the day the family was told, W when withdrawn
    before the decision, A while undecided, H when decided before the year."""
    imported = case.sen2_imported.get("RequestOutcome")
    if imported:
        return imported, _parse(case.sen2_imported.get("RequestOutcomeDate"))
    if _transferred_in(case):
        return RequestOutcome.HISTORICAL, None
    if case.stage == Stage.NOT_ASSESSED:
        outcome, on = RequestOutcome.NOT_ASSESS, case.assessment_decided_on
    elif case.assessment_decided_on:
        outcome, on = RequestOutcome.ASSESS, case.assessment_decided_on
    elif case.stage == Stage.WITHDRAWN:
        return RequestOutcome.WITHDRAWN, case.closed_on
    else:
        return RequestOutcome.PENDING, None
    return _historical(outcome, on, year, RequestOutcome.HISTORICAL)


def assessment_outcome(case: Case, year: ReportingYear | None = None) -> tuple[str, date | None]:
    """The decision whether to issue a plan, as it stood on the census day: Y dated the day the
    final plan was issued (blank while decided but not yet issued), N dated the day the family
    was told, W, A, or H when the outcome date is before the year."""
    census = year.census if year is not None else None
    imported = case.sen2_imported.get("AssessmentOutcome")
    # An imported Y (decided to issue, no plan yet) holds until the portal issues the plan.
    if imported and not (imported == AssessmentOutcome.ISSUE and case.final_issued_on):
        return imported, _parse(case.sen2_imported.get("AssessmentOutcomeDate"))
    if _transferred_in(case):
        return AssessmentOutcome.HISTORICAL, None
    if case.stage == Stage.NOT_ISSUED:
        outcome, on = AssessmentOutcome.NOT_ISSUE, case.plan_decided_on
    elif case.final_issued_on and (census is None or case.final_issued_on <= census):
        outcome, on = AssessmentOutcome.ISSUE, case.final_issued_on
    elif case.stage == Stage.WITHDRAWN:
        return AssessmentOutcome.WITHDRAWN, case.closed_on
    elif case.plan_decided_on and (census is None or case.plan_decided_on <= census):
        return AssessmentOutcome.ISSUE, None
    else:
        return AssessmentOutcome.PENDING, None
    return _historical(outcome, on, year, AssessmentOutcome.HISTORICAL)


def _parse(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def ceased(case: Case) -> tuple[date | None, str]:
    """When and why the council stopped maintaining the plan: recorded on the case, or the
    end of the cessation route (CFA 2014 s45), or the move to another council (reason 5)."""
    if case.plan_ceased_on:
        return case.plan_ceased_on, case.cease_reason
    for cessation in case.cessations.all():
        if cessation.ceased_on:
            return cessation.ceased_on, CESSATION_REASON.get(cessation.ground, "9")
    return None, ""


#: The portal's grounds for ceasing (CFA 2014 s45) as SEN2 CeaseReason codes.
CESSATION_REASON = {
    "not_necessary": "2",
    "moved": "5",
    "employment": "4",
    "higher_ed": "3",
    "not_engaging": "6",
    "age_25": "1",
}


def _named_plan(case: Case, plan: Plan, ceased_on: date | None, reason: str) -> dict:
    items = {
        "StartDate": _d(case.final_issued_on or _issued_plans(case)[0].issued_on),
        "PlanRes": case.plan_residential,
        "PlanWBP": _flag(case.plan_work_based),
        "PB": _flag(case.personal_budget),
        "OA": _flag(case.personal_budget_organised),
        "DP": _flag(case.personal_budget_direct),
        "CeaseDate": _d(ceased_on),
        "CeaseReason": reason if ceased_on else "",
    }
    setting = plan.section_i_setting
    urn = (setting.urn if setting else "") or plan.section_i_urn
    ukprn = (setting.ukprn if setting else "") or plan.section_i_ukprn
    detail = {
        "URN": urn,
        "UKPRN": ukprn if not urn else "",
        "SENSetting": "" if (urn or ukprn) else plan.section_i_sen_setting,
        "SENSettingOther": "" if (urn or ukprn) else plan.section_i_type,
        "PlacementRank": "1",
        "SENUnitIndicator": _flag(plan.section_i_sen_unit),
        "ResourcedProvisionIndicator": _flag(plan.section_i_resourced_provision),
    }
    return {"items": items, "plan_details": [detail]}


def _placement(p: Placement) -> dict:
    urn, ukprn = p.code_urn, p.code_ukprn
    return {
        "URN": urn,
        "UKPRN": ukprn if not urn else "",
        "SENSetting": "" if (urn or ukprn) else p.sen_setting,
        "SENSettingOther": "" if (urn or ukprn) else p.sen_setting_other,
        "PlacementRank": str(p.rank),
        "EntryDate": _d(p.entry_on),
        "LeavingDate": _d(p.leaving_on),
        "SENUnitIndicator": _flag(p.sen_unit),
        "ResourcedProvisionIndicator": _flag(p.resourced_provision),
        "RES": p.residential,
        "WBP": _flag(p.work_based),
    }


def _active_plans(case: Case, child: Child, year: ReportingYear) -> dict:
    census = year.census
    # The latest review meeting held by the census day (item 5.4); its decision and the date it
    # was sent only when made by then (items 5.5 and 5.6, blank otherwise).
    reviews = [r for r in case.reviews.all() if r.meeting_held_on and r.meeting_held_on <= census]
    last = max(reviews, key=lambda r: (r.meeting_held_on, r.pk)) if reviews else None
    transfers = [
        t for t in case.plan_transfers.all() if t.to_authority_id == case.local_authority_id
    ]
    transfer = max(transfers, key=lambda t: t.transferred_on) if transfers else None
    phases = list(case.phase_transfers.all())
    phase = max(phases, key=lambda p: p.deadline_on) if phases else None
    draft = last.proposed_plan.served_on if last and last.proposed_plan_id else None
    if draft and draft > census:
        draft = None
    decided = None
    if last is not None:
        decided = last.decision.decided_on if last.decision_id else last.completed_on
        if decided and decided > census:
            decided = None
    outcome = ReviewOutcome.FROM_PORTAL.get(last.outcome, "") if last and decided else ""
    items = {
        "TransferLA": transfer.from_authority.la_code if transfer else case.transferred_in_from,
        "ReviewMeeting": _d(last.meeting_held_on) if last else "",
        "ReviewOutcome": outcome,
        "ReviewDraft": _d(draft),
        "PhaseTransferDueDate": _d(phase.deadline_on) if phase else "",
        "PhaseTransferFinalDate": _d(phase.named_on) if phase else "",
        "LastReview": _d(decided),
    }
    placements = [
        _placement(p)
        for p in case.placements.all()
        # Placements held at any time from the start of the calendar year to the census day.
        if p.entry_on <= census and (p.leaving_on is None or p.leaving_on >= year.activity_start)
    ]
    needs = []
    if child.primary_need:
        needs.append({"SENtype": child.primary_need, "SENtypeRank": "1"})
    if child.secondary_need:
        needs.append({"SENtype": child.secondary_need, "SENtypeRank": "2"})
    return {"items": items, "placements": placements, "needs": needs}


def plan_in_force(case: Case, census: date) -> bool:
    """The plan was issued by the census day and not ceased before it."""
    if not case.final_issued_on or case.final_issued_on > census:
        return False
    ceased_on, _ = ceased(case)
    return ceased_on is None or ceased_on > census


def _request(case: Case, child: Child, year: ReportingYear) -> dict:
    outcome, outcome_on = request_outcome(case, year)
    redress = _redress(case)
    imported = case.sen2_imported
    request = {
        "case_reference": case.reference,
        "case_id": case.pk,
        "items": {
            "ReceivedDate": _d(case.received_on),
            "RequestSource": case.request_source,
            "RYA": _flag(case.in_youth_accommodation),
            "RequestOutcomeDate": _d(outcome_on),
            "RequestOutcome": outcome,
            "RequestMediation": redress["RequestMediation"],
            "RequestTribunal": redress["RequestTribunal"],
            "Exported": imported.get("Exported", ""),
        },
        "assessment": None,
        "active_plans": None,
    }
    if outcome in RequestOutcome.WITH_ASSESSMENT:
        a_outcome, a_on = assessment_outcome(case, year)
        assessment = {
            "items": {
                "AssessmentOutcome": a_outcome,
                "AssessmentOutcomeDate": _d(a_on),
                "AssessmentMediation": redress["AssessmentMediation"],
                "AssessmentTribunal": redress["AssessmentTribunal"],
                "OtherMediation": redress["OtherMediation"],
                "OtherTribunal": redress["OtherTribunal"],
                "Week20": _flag(week20_exception_applies(case)),
            },
            "named_plan": None,
        }
        issued = [p for p in _issued_plans(case) if p.issued_on <= year.census]
        if issued and a_outcome in AssessmentOutcome.PLAN_ISSUED:
            ceased_on, reason = ceased(case)
            if ceased_on and ceased_on > year.activity_end:
                ceased_on, reason = None, ""
            assessment["named_plan"] = _named_plan(case, issued[-1], ceased_on, reason)
        request["assessment"] = assessment
        if issued and plan_in_force(case, year.census):
            request["active_plans"] = _active_plans(case, child, year)
    return request


def person_from_child(child: Child, cases: list[Case], year: ReportingYear) -> Person:
    items = {
        "Surname": child.last_name,
        "Forename": child.first_name,
        "PersonBirthDate": _d(child.date_of_birth),
        "Sex": child.sex,
        "Ethnicity": child.ethnicity,
        "PostCode": child.postcode,
        "UPN": child.upn.upper(),
        "UniqueLearnerNumber": child.uln,
        "UPNunknown": child.upn_unknown if not (child.upn or child.uln) else "",
    }
    return Person(
        child_id=child.pk,
        name=child.full_name,
        items=items,
        requests=[_request(case, child, year) for case in cases],
    )


def cases_in_scope(council: Organisation, year: ReportingYear):
    start, end, census = year.activity_start, year.activity_end, year.census
    in_scope = (
        Q(final_issued_on__lte=census)
        | Q(received_on__range=(start, end))
        | Q(closed_on__range=(start, end))
        | Q(closed_on__isnull=True, received_on__lte=end)
    )
    return (
        Case.objects.filter(local_authority=council)
        .filter(in_scope)
        .exclude(plan_ceased_on__lt=start)
        .order_by("received_on", "pk")
    )


def with_related(cases):
    """The cases with everything the return reads, in a fixed number of queries."""
    from ehcp.reviews.models import Review

    return cases.prefetch_related(
        Prefetch("plans", queryset=Plan.objects.select_related("section_i_setting")),
        Prefetch("placements", queryset=Placement.objects.select_related("setting")),
        Prefetch("mediation_cases__decision"),
        Prefetch("tribunal_appeals__decision"),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("decision", "proposed_plan"),
        ),
        "phase_transfers",
        "plan_transfers__from_authority",
        "cessations",
    )


def _in_year(case: Case, year: ReportingYear) -> bool:
    """A plan that ended before the calendar year is not in the return."""
    ceased_on, _ = ceased(case)
    if ceased_on and ceased_on < year.activity_start:
        return bool(
            year.activity_start <= case.received_on <= year.activity_end
            or case.closed_on
            and year.activity_start <= case.closed_on <= year.activity_end
        )
    return True


def la_level(council: Organisation) -> dict[str, str]:
    details = CouncilReturnDetails.objects.filter(local_authority=council).first()
    if details is None:
        return {"DMO": "0", "DCO": "0", "DSCO": "0"}
    return {
        "DMO": _flag(details.designated_medical_officer),
        "DCO": _flag(details.designated_clinical_officer),
        "DSCO": _flag(details.designated_social_care_officer),
    }


CHUNK = 300


def iter_persons(council: Organisation, year: ReportingYear):
    """The persons of the return, a few hundred children at a time (the queries stay small and
    memory does not grow with the caseload)."""
    scope = cases_in_scope(council, year)
    child_ids = list(
        Child.objects.filter(pk__in=scope.values("child_id"))
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(child_ids), CHUNK):
        chunk = child_ids[start : start + CHUNK]
        cases = [c for c in with_related(scope.filter(child_id__in=chunk)) if _in_year(c, year)]
        by_child: dict[int, list[Case]] = {}
        for case in cases:
            by_child.setdefault(case.child_id, []).append(case)
        children = {c.pk: c for c in Child.objects.filter(pk__in=list(by_child))}
        for pk in chunk:
            if pk in by_child:
                yield person_from_child(children[pk], by_child[pk], year)


def build_return(council: Organisation, year: ReportingYear, *, validate: bool = True):
    """Every person in scope for the council's return, with the problems the published rules
    find (``ehcp.returns.validation``)."""
    persons = list(iter_persons(council, year))
    result = Sen2Return(council=council, year=year, persons=persons, la_level=la_level(council))
    if validate:
        from .validation import validate_return

        result.problems = validate_return(result)
    return result
