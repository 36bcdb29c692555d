"""Ofsted and CQC area SEND inspection, Annex A: the lists of children and young people a
council sends when an inspection is announced.

``List_1``: every child or young person with an EHC plan in force, once; ``List_2``: those at
SEN support. The columns are Ofsted's, word for word (with their en dashes), as in the Annex A
template and the ``data-to-insight`` Annex A SEN validator (MIT) that councils use to check it.
The portal holds no child at SEN support (children come to it with a request for an
assessment), so ``List_2`` has its headers only. Items the portal does not hold (suspensions,
exclusions, absence, pupil premium, children's social care) are left empty for the council to
add from its other systems.

The checks are that validator's rules (codes 101a to 109): missing personal details or
disability status, ages 25 and over, dates in the future, an initial plan after a later date,
no UPN or ULN from age 6, no school or college from 5 to 16, a repeated UPN. "Query" rules are
shown; "Error" rules stop the download until the record is put right.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.db.models import Prefetch
from django.urls import reverse
from openpyxl import Workbook

from ehcp.models import Case, Placement, Plan, Sex
from send_portal.models import Organisation

LIST_1 = [
    "Unique ID",
    "UPN",
    "ULN",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "SEN primary need",
    "Main education establishment – URN",
    "Main education establishment – phase",
    "Subsidiary education establishment – phase (dual registration)",
    "Elective home education",
    "Suspensions",
    "Permanent exclusions",
    "Absence",
    "Pupil Premium",
    "Known to children's social care?",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
]
LIST_2 = [
    "Unique ID",
    "UPN",
    "ULN",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "SEN primary need",
    "Main education establishment – URN",
    "Main education establishment – phase",
    "Subsidiary education establishment – phase (dual registration)",
    "Suspensions",
    "Permanent exclusions",
    "Absence",
    "Pupil Premium",
    "Known to children's social care?",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
]
DATE_COLUMNS = frozenset(
    {
        "Date of birth",
        "Date initial EHC plan issued",
        "Date updated EHC plan issued",
        "Date EHC plan last reviewed",
    }
)
GENDER = {Sex.MALE: "Male", Sex.FEMALE: "Female"}

ERROR, QUERY = "Error", "Query"


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    message: str


CHECKS = {
    c.code: c
    for c in [
        Check("101a", ERROR, "Missing personal information - DOB"),
        Check("101b", ERROR, "Missing personal information - Gender"),
        Check("101c", ERROR, "Missing personal information - Ethnicity"),
        Check("101d", ERROR, "Missing personal information - SEN primary need"),
        Check("102a", QUERY, "Age is 25 - Query"),
        Check("102b", ERROR, "Age is 26 or over - Error"),
        Check("103", ERROR, "No disability status given"),
        Check("105a", QUERY, "Date of birth is in the future - Query"),
        Check("105b", QUERY, "Date initial EHC plan issued is in the future - Query"),
        Check("105c", QUERY, "Date updated EHC plan issued is in the future - Query"),
        Check("105d", QUERY, "Date EHC plan last reviewed is in the future - Query"),
        Check("106a", ERROR, "Initial EHCP date is after Updated Date"),
        Check("106b", ERROR, "Initial EHCP date is after Date EHC plan last reviewed"),
        Check("107", ERROR, "Child aged 6+ without either a) UPN, b) ULN"),
        Check(
            "108a",
            ERROR,
            "School aged child/young person (5-16) without main OR subsidiary education "
            "establishment",
        ),
        Check(
            "108b",
            ERROR,
            "School aged child/young person (5-16) has subsidiary education establishment but "
            "not main",
        ),
        Check("109", ERROR, "Duplicated UPN"),
    ]
}


@dataclass
class Finding:
    check: Check
    row: dict
    child_name: str
    fix_url: str


@dataclass
class AnnexA:
    council: Organisation
    on: date
    list_1: list[dict]
    names: list[str]
    fix_urls: list[str]
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.check.severity == ERROR]

    @property
    def queries(self) -> list[Finding]:
        return [f for f in self.findings if f.check.severity == QUERY]

    def xlsx(self) -> bytes:
        workbook = Workbook(write_only=True)
        for title, columns, rows in (
            ("List_1", LIST_1, self.list_1),
            ("List_2", LIST_2, []),
        ):
            sheet = workbook.create_sheet(title)
            sheet.append(columns)
            for row in rows:
                sheet.append([row.get(column) for column in columns])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _cases_in_force(council: Organisation, on: date):
    from ehcp.reviews.models import PlanDecision

    return (
        Case.objects.filter(local_authority=council, final_issued_on__lte=on)
        .exclude(plan_ceased_on__lte=on)
        .exclude(cessations__ceased_on__lte=on)
        .select_related("child", "child__current_setting")
        .prefetch_related(
            Prefetch("plans", queryset=Plan.objects.filter(status__in=Plan.ISSUED)),
            Prefetch("placements", queryset=Placement.objects.select_related("setting")),
            Prefetch(
                "plan_decisions",
                queryset=PlanDecision.objects.filter(
                    kind__in=[PlanDecision.Kind.MAINTAIN, PlanDecision.Kind.AMEND]
                ),
            ),
        )
        .order_by("child__last_name", "child__first_name", "child_id", "-final_issued_on")
    )


def _row(case: Case, on: date) -> dict:
    child = case.child
    issued = sorted((p for p in case.plans.all() if p.issued_on), key=lambda p: p.version)
    updated = [p.issued_on for p in issued if p.status == Plan.Status.AMENDED]
    reviewed = [d.decided_on for d in case.plan_decisions.all() if d.decided_on <= on]
    current = [
        p
        for p in case.placements.all()
        if p.entry_on <= on and (not p.leaving_on or p.leaving_on >= on)
    ]
    main = next((p for p in current if p.rank == 1), None)
    second = next((p for p in current if p.rank == 2), None)
    main_setting = main.setting if main and main.setting_id else None
    if main is None and child.current_setting_id:
        main_setting = child.current_setting
    ehe = bool(main and main.sen_setting == "EHE")
    urn = (main.code_urn if main else "") or (main_setting.urn if main_setting else "")
    return {
        "Unique ID": str(child.pk),
        "UPN": child.upn or None,
        "ULN": child.uln or None,
        "Date of birth": child.date_of_birth,
        "Gender": GENDER.get(child.sex),
        # The CBDS code as recorded ("NOBT": not yet obtained, "REFU": refused are answers).
        "Ethnicity": child.ethnicity or None,
        "Date initial EHC plan issued": case.final_issued_on,
        "Date updated EHC plan issued": max(updated) if updated else None,
        "Date EHC plan last reviewed": max(reviewed) if reviewed else None,
        "SEN primary need": child.primary_need or None,
        "Main education establishment – URN": urn or None,
        "Main education establishment – phase": (
            main_setting.get_phase_display() if main_setting and main_setting.phase else None
        ),
        "Subsidiary education establishment – phase (dual registration)": (
            second.setting.get_phase_display()
            if second and second.setting_id and second.setting.phase
            else None
        ),
        "Elective home education": "Yes" if ehe else "No",
        "Suspensions": None,
        "Permanent exclusions": None,
        "Absence": None,
        "Pupil Premium": None,
        "Known to children's social care?": None,
        "Which children's social care team?": None,
        "Does the child or young person have a disability?": (
            {"yes": "Yes", "no": "No"}.get(child.disability)
        ),
    }


def check_rows(rows: list[dict], on: date):
    """Yield ``(index, check)`` for every rule a row breaks."""
    upns = Counter(r["UPN"] for r in rows if r["UPN"])
    for i, row in enumerate(rows):
        born = row["Date of birth"]
        for column, code in (
            ("Date of birth", "101a"),
            ("Gender", "101b"),
            ("Ethnicity", "101c"),
            ("SEN primary need", "101d"),
            ("Does the child or young person have a disability?", "103"),
        ):
            if not row.get(column):
                yield i, CHECKS[code]
        if born:
            age = _age(born, on)
            if age == 25:
                yield i, CHECKS["102a"]
            if age >= 26:
                yield i, CHECKS["102b"]
            if age >= 6 and not row["UPN"] and not row["ULN"]:
                yield i, CHECKS["107"]
            main = row["Main education establishment – URN"]
            second = row["Subsidiary education establishment – phase (dual registration)"]
            if 5 <= age < 16 and row["Elective home education"] != "Yes":
                if not main and not second:
                    yield i, CHECKS["108a"]
                elif second and not main:
                    yield i, CHECKS["108b"]
        for column, code in (
            ("Date of birth", "105a"),
            ("Date initial EHC plan issued", "105b"),
            ("Date updated EHC plan issued", "105c"),
            ("Date EHC plan last reviewed", "105d"),
        ):
            if row.get(column) and row[column] > on:
                yield i, CHECKS[code]
        initial = row["Date initial EHC plan issued"]
        updated = row["Date updated EHC plan issued"]
        reviewed = row["Date EHC plan last reviewed"]
        if initial and updated and initial > updated:
            yield i, CHECKS["106a"]
        if initial and reviewed and initial > reviewed:
            yield i, CHECKS["106b"]
        if row["UPN"] and upns[row["UPN"]] > 1:
            yield i, CHECKS["109"]


def build(council: Organisation, on: date) -> AnnexA:
    rows, names, urls, seen = [], [], [], set()
    for case in _cases_in_force(council, on):
        if case.child_id in seen:  # one row per child: the most recent plan
            continue
        seen.add(case.child_id)
        rows.append(_row(case, on))
        names.append(case.child.full_name)
        urls.append(reverse("case-return-details", args=[case.reference]))
    findings = [
        Finding(check=check, row=rows[i], child_name=names[i], fix_url=urls[i])
        for i, check in check_rows(rows, on)
    ]
    return AnnexA(council, on, rows, names, urls, findings)
