"""Writing one SEN2 person into the portal, for ``ehcp.returns.importer``: the child matched by
UPN (else name and date of birth), each request as a case with its decisions, named plan, active
plan's placements, last review, phase transfer and next review date.

Rows are inserted with ``bulk_create`` and changed with ``QuerySet.update``, which bypass the
dashboards' per-row signals (the importer marks the council's summaries stale once, at the end).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from dashboards.periods import ReportingYear
from ehcp import deadlines
from ehcp.models import Case, CaseEvent, Child, Decision, Placement, Plan, Stage
from ehcp.reviews.models import Outcome, PhaseTransfer, PlanDecision, Review
from ehcp.services import workflow
from send_portal.models import Organisation, User

from . import sen2
from .codes import AssessmentOutcome, RequestOutcome, ReviewOutcome
from .import_report import ImportReport


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _insert(obj):
    """Insert one row without the dashboards' per-row signal (see the module docstring)."""
    return type(obj).objects.bulk_create([obj])[0]


class CaseloadWriter:
    """Writes the persons of one council's return, counting what it does in the report."""

    def __init__(
        self,
        council: Organisation,
        year: ReportingYear,
        report: ImportReport,
        actor: User | None = None,
    ):
        self.actor = actor
        self.council = council
        self.year = year
        self.report = report
        self.settings_by_urn: dict[str, int] = {}
        self.settings_by_ukprn: dict[str, int] = {}
        for pk, urn, ukprn in Organisation.objects.filter(kind="setting").values_list(
            "pk", "urn", "ukprn"
        ):
            if urn:
                self.settings_by_urn[urn] = pk
            if ukprn:
                self.settings_by_ukprn[ukprn] = pk
        self.references: dict[int, int] = {}

    # -- matching --

    def match_child(self, items: dict) -> Child | None:
        children = Child.objects.filter(local_authority=self.council)
        upn = items.get("UPN", "").upper()
        if upn:
            found = children.filter(upn=upn).first()
            if found is not None:
                return found
        born = _date(items.get("PersonBirthDate", ""))
        return children.filter(
            first_name__iexact=items.get("Forename", ""),
            last_name__iexact=items.get("Surname", ""),
            date_of_birth=born,
        ).first()

    def _reference(self, received: date) -> str:
        year = received.year
        if year not in self.references:
            prefix = f"EHC-{self.council.la_code}-{year}-"
            last = (
                Case.objects.filter(reference__startswith=prefix)
                .order_by("-reference")
                .values_list("reference", flat=True)
                .first()
            )
            self.references[year] = int(last.removeprefix(prefix)) if last else 0
        self.references[year] += 1
        return f"EHC-{self.council.la_code}-{year}-{self.references[year]:05d}"

    def _setting(self, detail: dict) -> int | None:
        return self.settings_by_urn.get(detail.get("URN", "")) or self.settings_by_ukprn.get(
            detail.get("UKPRN", "")
        )

    # -- a person --

    def person(self, person: sen2.Person) -> None:
        items = person.items
        needs: dict[str, str] = {}
        for request in person.requests:
            for need in (request.get("active_plans") or {}).get("needs", []):
                needs[need.get("SENtype", "")] = need.get("SENtypeRank", "")
        by_rank = {rank: need for need, rank in needs.items()}
        values = {
            "first_name": items.get("Forename", ""),
            "last_name": items.get("Surname", ""),
            "date_of_birth": _date(items.get("PersonBirthDate", "")),
            "sex": items.get("Sex", "U"),
            "ethnicity": items.get("Ethnicity", "NOBT"),
            "postcode": items.get("PostCode", ""),
            "upn": items.get("UPN", "").upper(),
            "uln": items.get("UniqueLearnerNumber", ""),
            "upn_unknown": items.get("UPNunknown", ""),
        }
        if by_rank:
            values["primary_need"] = by_rank.get("1", "")
            values["secondary_need"] = by_rank.get("2", "")
        child = self.match_child(items)
        changed = False
        if child is None:
            child = _insert(Child(local_authority=self.council, **values))
            self.report.count("created", "children")
            changed = True
        else:
            differs = {k: v for k, v in values.items() if getattr(child, k) != v}
            if differs:
                Child.objects.filter(pk=child.pk).update(**differs)
                for k, v in differs.items():
                    setattr(child, k, v)
                self.report.count("updated", "children")
                changed = True
        for request in person.requests:
            changed = self.request(child, request) or changed
        if not changed:
            self.report.unchanged += 1

    def request(self, child: Child, request: dict) -> bool:
        items = request["items"]
        received = _date(items["ReceivedDate"])
        case = Case.objects.filter(
            child=child, local_authority=self.council, received_on=received
        ).first()
        if case is not None:
            current = sen2.person_from_child(child, [self._fresh(case)], self.year).requests[0]
            if _same(current, request):
                return False
        fields = self._case_fields(items, request.get("assessment"))
        created = case is None
        if case is None:
            case = _insert(
                Case(
                    reference=self._reference(received),
                    child=child,
                    local_authority=self.council,
                    received_on=received,
                    **fields,
                )
            )
            self.report.count("created", "requests")
        else:
            Case.objects.filter(pk=case.pk).update(**fields)
            self.report.count("updated", "requests")
        case = Case.objects.get(pk=case.pk)
        self._decisions(case)
        assessment = request.get("assessment") or {}
        named = assessment.get("named_plan")
        if named:
            self._plan(case, named)
        active = request.get("active_plans")
        replaced: list[str] = []
        if active:
            replaced = self._active(case, active, named)
        self._timeline(case, created, replaced)
        due = workflow.next_due(case)
        Case.objects.filter(pk=case.pk).update(
            next_due_key=due.key if due else "", next_due_on=due.due if due else None
        )
        return True

    def _timeline(self, case: Case, created: bool, replaced: list[str]) -> None:
        """Who brought the record in or replaced part of it, on the case's timeline (not shown
        to the family); the import as a whole is in the audit log."""
        who = self.actor.display_name if self.actor else "the import command"
        if created:
            title = f"Brought in from the council's SEN2 return {self.year.year}"
            detail = f"Imported by {who}."
        else:
            title = f"Updated from the council's SEN2 return {self.year.year}"
            detail = f"Imported by {who}." + (
                " Replaced: " + "; ".join(replaced) + "." if replaced else ""
            )
        _insert(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                occurred_on=timezone.localdate(),
                actor=self.actor if self.actor is not None else None,
                title=title,
                detail=detail,
                visible_to_family=False,
            )
        )

    def _fresh(self, case: Case) -> Case:
        return sen2.with_related(Case.objects.filter(pk=case.pk)).get()

    def _case_fields(self, items: dict, assessment: dict | None) -> dict:
        outcome = items.get("RequestOutcome", "")
        outcome_on = _date(items.get("RequestOutcomeDate", ""))
        imported: dict[str, str] = {}
        for flag in ("RequestMediation", "RequestTribunal"):
            if items.get(flag) == "1":
                imported[flag] = "1"
        if items.get("Exported"):
            imported["Exported"] = items["Exported"]
        fields = {
            "request_source": items.get("RequestSource", ""),
            "in_youth_accommodation": items.get("RYA") == "1",
            "stage": Stage.REQUEST_RECEIVED,
            "assessment_decided_on": None,
            "plan_decided_on": None,
            "final_issued_on": None,
            "closed_on": None,
            "plan_residential": "",
            "plan_work_based": False,
            "personal_budget": False,
            "personal_budget_organised": False,
            "personal_budget_direct": False,
            "plan_ceased_on": None,
            "cease_reason": "",
            "transferred_in_from": "",
        }
        if outcome == RequestOutcome.NOT_ASSESS:
            fields.update(stage=Stage.NOT_ASSESSED, assessment_decided_on=outcome_on)
            fields["closed_on"] = outcome_on
        elif outcome == RequestOutcome.WITHDRAWN:
            fields.update(stage=Stage.WITHDRAWN, closed_on=outcome_on)
        elif outcome in (RequestOutcome.ASSESS, RequestOutcome.HISTORICAL):
            if outcome == RequestOutcome.HISTORICAL:
                imported["RequestOutcome"] = outcome
                if outcome_on:
                    imported["RequestOutcomeDate"] = outcome_on.isoformat()
            fields.update(stage=Stage.ASSESSING, assessment_decided_on=outcome_on)
        if assessment:
            a = assessment["items"]
            a_outcome = a.get("AssessmentOutcome", "")
            a_on = _date(a.get("AssessmentOutcomeDate", ""))
            for flag in ("AssessmentMediation", "AssessmentTribunal", "OtherMediation"):
                if a.get(flag) == "1":
                    imported[flag] = "1"
            if a.get("OtherTribunal") == "1":
                imported["OtherTribunal"] = "1"
            if a.get("Week20") == "1":
                imported["Week20"] = "1"
            if a_outcome in (AssessmentOutcome.HISTORICAL, AssessmentOutcome.OTHER_LA):
                imported["AssessmentOutcome"] = a_outcome
                if a_on:
                    imported["AssessmentOutcomeDate"] = a_on.isoformat()
            if a_outcome == AssessmentOutcome.NOT_ISSUE:
                fields.update(stage=Stage.NOT_ISSUED, plan_decided_on=a_on, closed_on=a_on)
            elif a_outcome == AssessmentOutcome.WITHDRAWN:
                fields.update(stage=Stage.WITHDRAWN, closed_on=a_on)
            elif a_outcome in AssessmentOutcome.PLAN_ISSUED:
                fields.update(stage=Stage.DRAFTING, plan_decided_on=a_on)
                named = assessment.get("named_plan")
                if not named:
                    # Decided to issue, plan not yet issued: the guide leaves the date blank.
                    imported["AssessmentOutcome"] = a_outcome
                if named:
                    n = named["items"]
                    fields.update(
                        stage=Stage.FINAL_ISSUED,
                        final_issued_on=_date(n.get("StartDate", "")),
                        plan_residential=n.get("PlanRes", ""),
                        plan_work_based=n.get("PlanWBP") == "1",
                        personal_budget=n.get("PB") == "1",
                        personal_budget_organised=n.get("OA") == "1",
                        personal_budget_direct=n.get("DP") == "1",
                        plan_ceased_on=_date(n.get("CeaseDate", "")),
                        cease_reason=n.get("CeaseReason", ""),
                    )
        fields["sen2_imported"] = imported
        return fields

    def _decisions(self, case: Case) -> None:
        wanted = []
        if case.assessment_decided_on:
            kind = (
                Decision.Kind.NOT_ASSESS
                if case.stage == Stage.NOT_ASSESSED
                else Decision.Kind.ASSESS
            )
            wanted.append((kind, case.assessment_decided_on))
        if case.plan_decided_on:
            kind = (
                Decision.Kind.NOT_ISSUE if case.stage == Stage.NOT_ISSUED else Decision.Kind.ISSUE
            )
            wanted.append((kind, case.plan_decided_on))
        if case.final_issued_on:
            wanted.append((Decision.Kind.FINAL_PLAN, case.final_issued_on))
        have = set(case.decisions.values_list("kind", flat=True))
        new = [
            Decision(case=case, kind=kind, decided_on=on, reasons="Imported from a SEN2 return")
            for kind, on in wanted
            if kind not in have
        ]
        if new:
            Decision.objects.bulk_create(new)

    def _plan(self, case: Case, named: dict) -> None:
        details = sorted(named["plan_details"], key=lambda d: d.get("PlacementRank", "9"))
        detail = details[0] if details else {}
        setting_id = self._setting(detail)
        values = {
            "section_i_setting_id": setting_id,
            "section_i_urn": "" if setting_id else detail.get("URN", ""),
            "section_i_ukprn": "" if setting_id else detail.get("UKPRN", ""),
            "section_i_sen_setting": detail.get("SENSetting", ""),
            "section_i_type": detail.get("SENSettingOther", ""),
            "section_i_sen_unit": detail.get("SENUnitIndicator") == "1",
            "section_i_resourced_provision": detail.get("ResourcedProvisionIndicator") == "1",
        }
        plan = case.plans.filter(status__in=Plan.ISSUED).order_by("-version").first()
        if plan is None:
            _insert(
                Plan(
                    case=case,
                    version=1,
                    status=Plan.Status.FINAL,
                    issued_on=case.final_issued_on,
                    served_on=case.final_issued_on,
                    **values,
                )
            )
            self.report.count("created", "plans")
        else:
            Plan.objects.filter(pk=plan.pk).update(**values)
            self.report.count("updated", "plans")

    def _active(self, case: Case, active: dict, named: dict | None) -> list[str]:
        """The active plan's placements, review and phase transfer as the file has them; says
        what it replaced of the case's own records."""
        items = active["items"]
        if items.get("TransferLA"):
            Case.objects.filter(pk=case.pk).update(transferred_in_from=items["TransferLA"])
        replaced = self._placements(case, active["placements"])
        plan = case.plans.filter(status__in=Plan.ISSUED).order_by("-version").first()
        if plan is None:
            return replaced
        replaced += self._last_review(case, plan, items)
        self._phase_transfer(case, items)
        self._next_review(case, plan, items)
        return replaced

    def _placements(self, case: Case, placements: list[dict]) -> list[str]:
        """The case's placements replaced by the file's (PlacementDetail)."""
        replaced = []
        removed, _ = case.placements.all().delete()
        if removed:
            replaced.append(f"{removed} placement record{'s' if removed != 1 else ''}")
        rows = []
        for p in placements:
            setting_id = self._setting(p)
            rows.append(
                Placement(
                    case=case,
                    setting_id=setting_id,
                    urn="" if setting_id else p.get("URN", ""),
                    ukprn="" if setting_id else p.get("UKPRN", ""),
                    sen_setting=p.get("SENSetting", ""),
                    sen_setting_other=p.get("SENSettingOther", ""),
                    rank=int(p.get("PlacementRank") or 1),
                    entry_on=_date(p.get("EntryDate", "")),
                    leaving_on=_date(p.get("LeavingDate", "")),
                    sen_unit=p.get("SENUnitIndicator") == "1",
                    resourced_provision=p.get("ResourcedProvisionIndicator") == "1",
                    residential=p.get("RES", ""),
                    work_based=p.get("WBP") == "1",
                    created_by=self.actor,
                )
            )
        Placement.objects.bulk_create(rows)
        if rows:
            self.report.count("created", "placements", len(rows))
        return replaced

    def _last_review(self, case: Case, plan: Plan, items: dict) -> list[str]:
        """The last review the file records, as a completed review (with its decision and the
        amendments proposed), in place of the completed reviews an earlier import brought in."""
        replaced = []
        meeting = _date(items.get("ReviewMeeting", ""))
        outcome = ReviewOutcome.TO_PORTAL.get(items.get("ReviewOutcome", ""), "")
        last = _date(items.get("LastReview", ""))
        draft = _date(items.get("ReviewDraft", ""))
        # Completed reviews an earlier import brought in (no one in the portal made them).
        removed = (
            case.reviews.filter(stage=Review.Stage.COMPLETED, created_by__isnull=True)
            .delete()[1]
            .get(Review._meta.label, 0)
        )
        if removed:
            replaced.append(f"{removed} completed review{'s' if removed != 1 else ''}")
        if not (meeting or outcome or last):
            return replaced
        decision = None
        if last and outcome:
            decision = _insert(
                PlanDecision(
                    case=case,
                    kind={
                        Outcome.MAINTAIN: PlanDecision.Kind.MAINTAIN,
                        Outcome.AMEND: PlanDecision.Kind.AMEND,
                        Outcome.CEASE: PlanDecision.Kind.CEASE,
                    }[outcome],
                    decided_on=last,
                    local_authority=self.council,
                    reasons="Imported from a SEN2 return",
                )
            )
        proposed = None
        if draft:
            proposed = _insert(
                Plan(
                    case=case,
                    version=plan.version + 1,
                    status=Plan.Status.PROPOSED,
                    previous=plan,
                    served_on=draft,
                    section_i_setting_id=plan.section_i_setting_id,
                    section_i_type=plan.section_i_type,
                )
            )
        due = deadlines.review_due(last_issue_or_review=case.final_issued_on)
        _insert(
            Review(
                case=case,
                plan=plan,
                stage=Review.Stage.COMPLETED,
                due_on=due.due,
                due_key=due.key,
                due_basis=due.basis,
                meeting_on=meeting,
                meeting_held_on=meeting,
                outcome=outcome,
                decision=decision,
                proposed_plan=proposed,
                completed_on=last,
            )
        )
        self.report.count("created", "reviews")
        return replaced

    def _phase_transfer(self, case: Case, items: dict) -> None:
        """The phase transfer the file has a date for, its kind read from that date (15 February:
        school; 31 March: post-16), unless the case already has one due that day."""
        phase_due = _date(items.get("PhaseTransferDueDate", ""))
        if not phase_due or case.phase_transfers.filter(deadline_on=phase_due).exists():
            return
        kind = (
            PhaseTransfer.Transfer.SCHOOL
            if (phase_due.month, phase_due.day) == (2, 15)
            else PhaseTransfer.Transfer.POST16
            if (phase_due.month, phase_due.day) == (3, 31)
            else PhaseTransfer.Transfer.POST16_OTHER
        )
        _insert(
            PhaseTransfer(
                case=case,
                transfer=kind,
                from_phase="As imported",
                to_phase="As imported",
                transfer_year=phase_due.year,
                deadline_on=phase_due,
                named_on=_date(items.get("PhaseTransferFinalDate", "")),
            )
        )

    def _next_review(self, case: Case, plan: Plan, items: dict) -> None:
        """The next annual review: 12 months from the plan or its last review (CFA 2014 s44(1)),
        unless one is open already."""
        if case.reviews.filter(stage__in=Review.OPEN_STAGES).exists():
            return
        outcome = ReviewOutcome.TO_PORTAL.get(items.get("ReviewOutcome", ""), "")
        last = _date(items.get("LastReview", ""))
        base = last if (last and outcome in (Outcome.MAINTAIN, Outcome.AMEND)) else None
        due = deadlines.review_due(last_issue_or_review=base or case.final_issued_on)
        _insert(
            Review(
                case=case,
                plan=plan,
                stage=Review.Stage.DUE,
                due_on=due.due,
                due_key=due.key,
                due_basis=due.basis,
                next_due_key=due.key,
                next_due_on=due.due,
            )
        )
        self.report.count("created", "review dates")


def _same(current: dict, incoming: dict) -> bool:
    def plain(request):
        def clean(d):
            return {k: v for k, v in d.items() if v not in ("", None, "0")}

        a = request.get("assessment")
        ap = request.get("active_plans")
        return (
            clean(request["items"]),
            None
            if not a
            else (
                clean(a["items"]),
                None
                if not a.get("named_plan")
                else (
                    clean(a["named_plan"]["items"]),
                    [clean(d) for d in a["named_plan"]["plan_details"]],
                ),
            ),
            None
            if not ap
            else (
                clean(ap["items"]),
                [clean(p) for p in ap["placements"]],
                [clean(n) for n in ap["needs"]],
            ),
        )

    return plain(current) == plain(incoming)
