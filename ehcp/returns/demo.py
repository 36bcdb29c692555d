"""Demo data for the statutory returns: what the SEN2 return and Ofsted's Annex A need of every
demo council's records, filled in where the other demo builders left it out, so that each
council's return for the latest reporting year passes the validation rules
(``ehcp.returns.validation``) and can be downloaded.

Runs after the dashboards' synthetic caseloads (``dashboards.synthetic`` writes these items
itself). Idempotent: a value is written only where none is recorded, so building the demo again
writes nothing. Every value is worked out from the record itself (its id, its dates, its plan),
never at random.
"""

from __future__ import annotations

from datetime import date

from dashboards.periods import ReportingYear, latest_complete_year
from dashboards.synthetic import postcode_district, return_items
from ehcp.models import Case, Child, CouncilReturnDetails, Placement, Plan

from . import sen2


def build(ctx) -> None:
    year = ReportingYear(latest_complete_year())
    for council in sorted(ctx.las.values(), key=lambda c: c.la_code):
        complete_council(council, year)


def complete_council(council, year: ReportingYear) -> None:
    CouncilReturnDetails.objects.get_or_create(
        local_authority=council,
        defaults={"designated_medical_officer": True, "designated_clinical_officer": True},
    )
    _children(council, year.census)
    _primary_needs(council)
    scope = sen2.cases_in_scope(council, year).filter(final_issued_on__isnull=False)
    _section_i(scope)
    _placements(scope, year.census)
    _over_25(scope, year.census)


def _children(council, census: date) -> None:
    district = postcode_district(council)
    needs_items = Child.objects.filter(local_authority=council).exclude(
        postcode__gt="", disability__gt="", sex__in=["M", "F"]
    )
    for child in needs_items.only(
        "pk", "postcode", "disability", "sex", "upn", "uln", "upn_unknown", "date_of_birth"
    ):
        items = return_items(council, district, child.pk, child.date_of_birth, census)
        changes = {}
        if not child.postcode:
            changes["postcode"] = items["postcode"]
        if not child.disability:
            changes["disability"] = items["disability"]
        if child.sex not in ("M", "F"):
            changes["sex"] = "F" if child.pk % 2 else "M"
        if not (child.upn or child.uln or child.upn_unknown):
            changes["upn"] = items.get("upn", "")
            changes["upn_unknown"] = items.get("upn_unknown", "")
        if changes:
            Child.objects.filter(pk=child.pk).update(**changes)
    for child in Child.objects.filter(local_authority=council, upn="", uln="", upn_unknown="").only(
        "pk", "date_of_birth"
    ):
        items = return_items(council, district, child.pk, child.date_of_birth, census)
        Child.objects.filter(pk=child.pk).update(
            upn=items.get("upn", ""), upn_unknown=items.get("upn_unknown", "")
        )


#: Primary needs given, in turn, to demo children with a plan but no need recorded.
NEEDS = ("ASD", "SEMH", "SLCN", "MLD", "SPLD", "SLD", "PD", "HI", "VI", "PMLD", "MSI", "DS", "OTH")


def _primary_needs(council) -> None:
    """A child with an issued plan has a primary need (SEN2 SENtype rank 1, Annex A)."""
    for pk in (
        Child.objects.filter(
            local_authority=council, primary_need="", cases__final_issued_on__isnull=False
        )
        .values_list("pk", flat=True)
        .distinct()
    ):
        Child.objects.filter(pk=pk).update(primary_need=NEEDS[pk % len(NEEDS)])


def _section_i(scope) -> None:
    """A plan whose section I names no school or college with a URN is coded OTH (a type of
    setting named, or none)."""
    uncoded = list(
        Plan.objects.filter(
            case__in=scope,
            status__in=Plan.ISSUED,
            section_i_setting__isnull=True,
            section_i_urn="",
            section_i_ukprn="",
            section_i_sen_setting="",
        ).values_list("pk", flat=True)
    )
    if uncoded:
        Plan.objects.filter(pk__in=uncoded).update(section_i_sen_setting="OTH")


def _placements(scope, census: date) -> None:
    """Every plan in force on the census day has the placement the child attends: the school or
    college section I names, from the day the plan was issued."""
    missing = scope.filter(final_issued_on__lte=census).exclude(placements__isnull=False)
    rows = []
    for case in missing.select_related("child__current_setting").prefetch_related("plans"):
        if not sen2.plan_in_force(case, census):
            continue
        issued = [p for p in case.plans.all() if p.status in Plan.ISSUED and p.issued_on]
        plan = max(issued, key=lambda p: p.version) if issued else None
        setting = (plan.section_i_setting if plan else None) or case.child.current_setting
        rows.append(
            Placement(
                case=case,
                setting=setting,
                sen_setting="" if setting else "OTH",
                sen_setting_other="" if setting else (plan.section_i_type if plan else ""),
                rank=1,
                entry_on=case.final_issued_on,
            )
        )
    if rows:
        Placement.objects.bulk_create(rows)


def _over_25(scope, census: date) -> None:
    """A plan still open for someone over 25 on the census day ended at the end of the academic
    year in which they turned 25 (SEN2 CeaseReason 1, maximum age)."""
    for case in scope.filter(
        plan_ceased_on__isnull=True,
        child__date_of_birth__lt=date(census.year - 25, census.month, census.day),
    ).select_related("child"):
        if not sen2.plan_in_force(case, census):
            continue
        born = case.child.date_of_birth
        turned_25 = date(born.year + 25, born.month, min(born.day, 28))
        ended = date(turned_25.year + (turned_25.month >= 8), 7, 31)
        ended = max(min(ended, census), case.final_issued_on)
        Case.objects.filter(pk=case.pk).update(plan_ceased_on=ended, cease_reason="1")
