"""Bring a council's caseload in from the SEN2 return its current system produces.

The file is read as a stream (``defusedxml`` ``iterparse``; each ``Person`` is dropped once
read), so memory does not grow with the file. Each person is checked by the same rules as the
portal's own return (``ehcp.returns.validation``) plus what the portal cannot hold; a child is
matched by UPN, else by name and date of birth; a request by its date received. All or nothing:
everything is written in one transaction, which is rolled back if any person is refused (or on a
dry run), and the report lists what was (or would be) created, updated and refused, each refusal
with its person, module, item and reason. Importing the same file again changes nothing.

Rows are inserted with ``bulk_create`` and changed with ``QuerySet.update``, which bypass the
dashboards' per-row signals; the council's dashboard summaries are marked stale once, at the end.
Imported cases keep their real dates, so their statutory clock runs from the date received and
their next review is due 12 months after the plan or its last review (``ehcp.deadlines``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import IO

from defusedxml.ElementTree import iterparse
from django.db import transaction

from dashboards import summaries
from dashboards.periods import ReportingYear
from ehcp.errors import DomainError
from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from . import codes, sen2, validation
from .import_report import ImportReport, Refusal
from .import_writer import CaseloadWriter

__all__ = [
    "ImportRefused",
    "ImportReport",
    "Refusal",
    "import_sen2",
    "person_from_element",
    "read_file",
]


class ImportRefused(DomainError):
    """The whole file cannot be read (not SEN2 XML, another council's return): a domain error
    about the uploaded file as a whole."""


# ---- reading -----------------------------------------------------------------------------------


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def _items(element, order) -> dict[str, str]:
    return {tag: _text(element, tag) for tag in order if _text(element, tag)}


def person_from_element(element) -> sen2.Person:
    items = _items(element, codes.PERSON)
    person = sen2.Person(
        child_id=None,
        name=f"{items.get('Forename', '')} {items.get('Surname', '')}".strip() or "(no name)",
        items=items,
    )
    for req in element.findall("Requests"):
        request = {"items": _items(req, codes.REQUESTS), "assessment": None, "active_plans": None}
        assessment = req.find("Assessment")
        if assessment is not None:
            a = {"items": _items(assessment, codes.ASSESSMENT), "named_plan": None}
            named = assessment.find("NamedPlan")
            if named is not None:
                a["named_plan"] = {
                    "items": _items(named, codes.NAMED_PLAN),
                    "plan_details": [
                        _items(d, codes.PLAN_DETAIL) for d in named.findall("PlanDetail")
                    ],
                }
            request["assessment"] = a
        active = req.find("ActivePlans")
        if active is not None:
            request["active_plans"] = {
                "items": _items(active, codes.ACTIVE_PLANS),
                "placements": [
                    _items(p, codes.PLACEMENT_DETAIL) for p in active.findall("PlacementDetail")
                ],
                "needs": [_items(n, codes.SEN_NEED) for n in active.findall("SENneed")],
            }
        person.requests.append(request)
    return person


def read_file(stream: IO[bytes]):
    """Yield ``("header", dict)`` then ``("person", Person)`` for each person, holding one
    person in memory at a time."""
    header: dict[str, str] = {}
    persons_parent = None
    depth = 0
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "Message":
                    raise ImportRefused("This is not a SEN2 return: it has no Message element.")
                if element.tag == "Persons":
                    persons_parent = element
                continue
            depth -= 1
            if element.tag == "Header":
                for section in ("CollectionDetails", "Source", "LAlevel"):
                    node = element.find(section)
                    if node is not None:
                        header.update({c.tag: (c.text or "").strip() for c in node})
                yield "header", header
            elif element.tag == "Person":
                yield "person", person_from_element(element)
                element.clear()
                if persons_parent is not None:
                    persons_parent.clear()
    except ImportRefused:
        raise
    except Exception as exc:  # defusedxml and expat errors: a bad file, told plainly
        raise ImportRefused(f"The file could not be read as XML: {exc}") from exc


def _extra_refusals(person: sen2.Person, refuse: Callable) -> None:
    """What the portal cannot hold: more than one school or college named in section I. (The
    placements the child attends, PlacementDetail, may be several: each is a ``Placement``.)"""
    for request in person.requests:
        named = (request.get("assessment") or {}).get("named_plan")
        if named and len(named["plan_details"]) > 1:
            refuse(
                "PlanDetail",
                "PlacementRank",
                f"Section I of this plan names {len(named['plan_details'])} schools or colleges "
                "(PlanDetail ranks "
                + ", ".join(d.get("PlacementRank", "?") for d in named["plan_details"])
                + "). The portal records one per plan, the one section I names (SEND "
                "Regulations 2014 reg 12(1)(i)); record a dual placement as the placements the "
                "child attends (PlacementDetail) and keep only rank 1 in the plan detail.",
            )


def import_sen2(
    *,
    actor: User | None,
    council: Organisation,
    stream: IO[bytes],
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    if actor is not None:
        permissions.require(actor, "returns.manage", council)
    report = ImportReport(council=council, dry_run=dry_run)
    with transaction.atomic():
        importer = None
        census = None
        for kind, value in read_file(stream):
            if kind == "header":
                if value.get("Collection") != codes.COLLECTION:
                    raise ImportRefused("This is not a SEN2 return (Collection is not SEN2).")
                if value.get("LEA") != council.la_code:
                    raise ImportRefused(
                        f"This return is for council {value.get('LEA')!r}, not "
                        f"{council.la_code} ({council.name})."
                    )
                try:
                    report.year = int(value.get("Year", ""))
                    census = date.fromisoformat(value.get("ReferenceDate", ""))
                except ValueError as exc:
                    raise ImportRefused("The header has no valid Year and ReferenceDate.") from exc
                importer = CaseloadWriter(council, ReportingYear(report.year), report, actor)
                continue
            if importer is None:
                raise ImportRefused("The file has persons before its header.")
            person = value
            report.persons += 1
            refused_before = len(report.refusals)

            def refuse(module, item, reason, _person=person):
                report.refusals.append(Refusal(_person.name, module, item, reason))

            validation.check_person(
                person,
                census,
                lambda rule, message, item=None, request=None, **_: refuse(
                    rule.module, item or rule.item, message
                ),
            )
            _extra_refusals(person, refuse)
            if len(report.refusals) == refused_before and not report.refusals:
                importer.person(person)
            if progress and report.persons % 1000 == 0:
                progress(report.persons)
        if importer is None:
            raise ImportRefused("The file has no SEN2 header.")
        if dry_run or report.refusals:
            transaction.set_rollback(True)
        else:
            summaries.invalidate_and_schedule([council.pk])
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                summary=f"SEN2 return {report.year} imported for {council.name}: "
                f"{report.summary()}"[:300],
                obj=council,
                detail={"created": report.created, "updated": report.updated},
            )
    return report
