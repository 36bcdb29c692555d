"""The SEN2 person-level return, generated from the portal's own records, in the DfE's module
layout (statutory.md C.2): Header; Person; Requests; EHC needs assessment; Named plan and plan
detail (section I placement); Active plans; SEN need.

Before export every child's record is validated, and each problem is listed with the child and
the field so that it can be fixed in the portal first. The outcome codes for requests and
assessments are the portal's own single letters (A assess, N not, W withdrawn; Y/N issue): the
DfE's code lists for these items were not verified (statutory.md C.3) and must be checked
against the current "SEN2 person level survey guide" before a live submission.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from ehcp.models import Case, Child, Plan, Stage
from send_portal.models import Organisation

from .periods import ReportingYear

UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
SOFTWARE_CODE = "send_portal"


@dataclass
class Problem:
    child_id: int
    child_name: str
    module: str
    field: str
    message: str


@dataclass
class Sen2Return:
    council: Organisation
    year: ReportingYear
    children: list[Child]
    problems: list[Problem] = field(default_factory=list)

    @property
    def problems_by_child(self) -> list[tuple[str, list[Problem]]]:
        grouped: dict[int, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.child_id, []).append(problem)
        return [(items[0].child_name, items) for items in grouped.values()]

    def xml(self) -> bytes:
        root = ET.Element("Message")
        header = ET.SubElement(root, "Header")
        details = ET.SubElement(header, "CollectionDetails")
        _text(details, "Collection", "SEN2")
        _text(details, "Year", str(self.year.year))
        _text(details, "ReferenceDate", self.year.census.isoformat())
        source = ET.SubElement(header, "Source")
        _text(source, "SourceLevel", "L")
        _text(source, "LEA", self.council.la_code)
        _text(source, "SoftwareCode", SOFTWARE_CODE)
        _text(source, "Release", "1")
        _text(source, "SerialNo", "1")
        _text(source, "DateTime", timezone.now().replace(microsecond=0).isoformat())
        persons = ET.SubElement(root, "Persons")
        for child in self.children:
            persons.append(_person(child, self.year))
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent, tag: str, value) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = "" if value is None else str(value)
    return element


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _request_outcome(case: Case) -> tuple[str, date | None]:
    if case.stage == Stage.WITHDRAWN:
        return "W", case.closed_on
    if case.stage == Stage.NOT_ASSESSED:
        return "N", case.assessment_decided_on
    if case.assessment_decided_on:
        return "A", case.assessment_decided_on
    return "", None


def _assessment_outcome(case: Case) -> tuple[str, date | None]:
    if case.stage == Stage.NOT_ISSUED:
        return "N", case.plan_decided_on
    if case.final_issued_on:
        return "Y", case.final_issued_on
    return "", None


def _issued_plan(case: Case, census: date) -> Plan | None:
    issued = [
        p
        for p in case.plans.all()
        if p.status in Plan.ISSUED and p.issued_on and p.issued_on <= census
    ]
    return max(issued, key=lambda p: p.version) if issued else None


def _person(child: Child, year: ReportingYear) -> ET.Element:
    person = ET.Element("Person")
    _text(person, "Surname", child.last_name)
    _text(person, "Forename", child.first_name)
    _text(person, "PersonBirthDate", _iso(child.date_of_birth))
    _text(person, "Sex", child.sex)
    _text(person, "Ethnicity", child.ethnicity)
    _text(person, "PostCode", child.postcode)
    _text(person, "UPN", child.upn)
    _text(person, "UniqueLearnerNumber", child.uln)
    for case in child.cases.all():
        requests = ET.SubElement(person, "Requests")
        _text(requests, "ReceivedDate", _iso(case.received_on))
        _text(requests, "RequestSource", case.request_source)
        _text(requests, "RYA", "0")
        outcome, outcome_on = _request_outcome(case)
        _text(requests, "RequestOutcomeDate", _iso(outcome_on))
        _text(requests, "RequestOutcome", outcome)
        _text(
            requests,
            "RequestMediation",
            int(any(m.decision_id for m in case.mediation_cases.all())),
        )
        _text(requests, "RequestTribunal", int(bool(case.tribunal_appeals.all())))
        if case.assessment_decided_on and case.stage != Stage.NOT_ASSESSED:
            assessment = ET.SubElement(requests, "Assessment")
            outcome, outcome_on = _assessment_outcome(case)
            _text(assessment, "AssessmentOutcome", outcome)
            _text(assessment, "AssessmentOutcomeDate", _iso(outcome_on))
            _text(assessment, "Week20", int(case.twenty_week_exception_applies))
            plan = _issued_plan(case, year.census)
            if plan is not None:
                named = ET.SubElement(assessment, "NamedPlan")
                _text(named, "StartDate", _iso(case.final_issued_on))
                _text(named, "CeaseDate", "")
                _text(named, "CeaseReason", "")
                detail = ET.SubElement(named, "PlanDetail")
                setting = plan.section_i_setting
                _text(detail, "URN", setting.urn if setting else "")
                _text(detail, "UKPRN", setting.ukprn if setting else "")
                _text(detail, "SENSetting", "" if setting else "OTH")
                _text(detail, "SENSettingOther", "" if setting else plan.section_i_type)
                _text(detail, "PlacementRank", "1")
                active = ET.SubElement(named, "ActivePlans")
                _text(active, "TransferLA", "")
                need = ET.SubElement(active, "SENneed")
                _text(need, "SENtype", child.primary_need)
                _text(need, "SENtypeRank", "1")
                if child.secondary_need:
                    need2 = ET.SubElement(active, "SENneed")
                    _text(need2, "SENtype", child.secondary_need)
                    _text(need2, "SENtypeRank", "2")
    return person


def _validate(child: Child, year: ReportingYear) -> list[Problem]:
    problems: list[Problem] = []

    def problem(module: str, field_name: str, message: str) -> None:
        problems.append(Problem(child.pk, child.full_name, module, field_name, message))

    if not child.last_name.strip():
        problem("Person", "Surname", "Enter the child's surname")
    if not child.first_name.strip():
        problem("Person", "Forename", "Enter the child's first name")
    if child.date_of_birth > year.census:
        problem("Person", "PersonBirthDate", "Date of birth is after the census day")
    if child.sex not in ("M", "F"):
        problem("Person", "Sex", "Record the child's sex (M or F)")
    if not child.postcode.strip():
        problem("Person", "PostCode", "Enter the child's home postcode")
    if child.upn and not UPN_PATTERN.match(child.upn.upper()):
        problem(
            "Person",
            "UPN",
            f"UPN {child.upn!r} is not 13 characters: a letter, 11 digits and a digit or letter",
        )
    school_age = 5 <= child.age_on(year.census) < 16
    if school_age and not child.upn and not child.uln:
        problem("Person", "UPN", "A child of school age needs a UPN (or a reason it is not known)")
    for case in child.cases.all():
        if not case.request_source:
            problem(
                "Requests", "RequestSource", f"Case {case.reference}: record who made the request"
            )
        plan = _issued_plan(case, year.census)
        if plan is None:
            continue
        if not child.primary_need:
            problem(
                "SEN need",
                "SENtype",
                f"Case {case.reference}: the plan has no primary need recorded",
            )
        if plan.section_i_setting_id is None and not plan.section_i_type.strip():
            problem(
                "Plan detail",
                "URN",
                f"Case {case.reference}: section I names no school, college or type of setting",
            )
        elif plan.section_i_setting_id and not (
            plan.section_i_setting.urn or plan.section_i_setting.ukprn
        ):
            problem(
                "Plan detail",
                "URN",
                f"Case {case.reference}: the setting named has no URN or UKPRN",
            )
    return problems


def build_return(council: Organisation, year: ReportingYear) -> Sen2Return:
    """Every child in scope for the council's return: plans maintained at the census day, and
    requests received, decided or still open in the calendar year."""
    start, end, census = year.activity_start, year.activity_end, year.census
    in_scope = (
        Q(final_issued_on__lte=census)
        | Q(received_on__range=(start, end))
        | Q(closed_on__range=(start, end))
        | Q(closed_on__isnull=True, received_on__lte=end)
    )
    cases = (
        Case.objects.filter(local_authority=council)
        .filter(in_scope)
        .order_by("received_on", "pk")
        .prefetch_related(
            Prefetch("plans", queryset=Plan.objects.select_related("section_i_setting")),
            "mediation_cases",
            "tribunal_appeals",
        )
    )
    children = list(
        Child.objects.filter(pk__in=cases.values("child_id"))
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(Prefetch("cases", queryset=cases))
    )
    result = Sen2Return(council=council, year=year, children=children)
    for child in children:
        result.problems.extend(_validate(child, year))
    return result
