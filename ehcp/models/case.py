"""An EHC needs assessment case: from the request to the final plan and its appeal window."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import GeneratedDocument, Organisation

from .. import deadlines
from .child import Child
from .codes import CeaseReason, RequestSource, Residential


class Stage(models.TextChoices):
    """The stages of the statutory process (Children and Families Act 2014 ss36-39; SEND
    Regulations 2014 regs 3-14). Transitions live in ``ehcp.services.workflow``."""

    REQUEST_RECEIVED = "request_received", "Request received"
    CONSIDERING = "considering", "Considering whether to assess"
    ASSESSING = "assessing", "Assessing: gathering advice"
    PANEL = "panel", "Multi-agency panel"
    DRAFTING = "drafting", "Writing the draft plan"
    DRAFT_SERVED = "draft_served", "Draft plan sent: representations"
    CONSULTING = "consulting", "Consulting schools or colleges"
    FINAL_ISSUED = "final_issued", "Final plan issued"
    NOT_ASSESSED = "not_assessed", "Decided not to assess"
    NOT_ISSUED = "not_issued", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Request withdrawn"


#: Stages in which the statutory clock is still running.
OPEN_STAGES = frozenset(
    {
        Stage.REQUEST_RECEIVED,
        Stage.CONSIDERING,
        Stage.ASSESSING,
        Stage.PANEL,
        Stage.DRAFTING,
        Stage.DRAFT_SERVED,
        Stage.CONSULTING,
    }
)


class Case(models.Model):
    """One request for an EHC needs assessment and everything that follows from it."""

    reference = models.CharField(max_length=24, unique=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="ehcp_cases",
        limit_choices_to={"kind": "la"},
    )
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.REQUEST_RECEIVED, db_index=True
    )
    request_source = models.CharField(max_length=1, choices=RequestSource.choices)
    became_responsible = models.BooleanField(
        default=False,
        help_text="The council became responsible for the child (CFA 2014 s24) rather than "
        "receiving a request.",
    )
    requested_by_name = models.CharField(max_length=200, blank=True)
    request_reasons = models.TextField(
        blank=True, help_text="Why the request was made, in the words of whoever made it."
    )
    received_on = models.DateField(help_text="Day 0 of the statutory clock.")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ehcp_caseload",
    )
    # Dates of the milestones, filled in by the workflow services.
    considering_notified_on = models.DateField(null=True, blank=True)
    assessment_decided_on = models.DateField(null=True, blank=True)
    plan_decided_on = models.DateField(null=True, blank=True)
    draft_served_on = models.DateField(null=True, blank=True)
    revised_draft_served_on = models.DateField(
        null=True,
        blank=True,
        help_text="The latest revised draft served on the family: the 15 days to comment start "
        "again on this day (SEND Regulations 2014 reg 13(1)(a)).",
    )
    no_further_representations_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # What is due next (denormalised by the services so the caseload sorts and filters in SQL).
    next_due_key = models.CharField(max_length=40, blank=True)
    next_due_on = models.DateField(null=True, blank=True, db_index=True)
    has_exception = models.BooleanField(default=False, db_index=True)
    # What the SEN2 return needs that the workflow does not record (ehcp.returns).
    in_youth_accommodation = models.BooleanField(
        default=False,
        help_text="SEN2 RYA: the request was made while the child was in relevant youth "
        "accommodation (CFA 2014 s70).",
    )
    plan_residential = models.CharField(
        max_length=1, choices=Residential.choices, blank=True, help_text="SEN2 PlanRes"
    )
    plan_work_based = models.BooleanField(
        default=False, help_text="SEN2 PlanWBP: the plan includes work-based learning."
    )
    personal_budget = models.BooleanField(
        default=False, help_text="SEN2 PB: a personal budget was taken up (CFA 2014 s49)."
    )
    personal_budget_organised = models.BooleanField(
        default=False, help_text="SEN2 OA: part of the personal budget is organised arrangements."
    )
    personal_budget_direct = models.BooleanField(
        default=False, help_text="SEN2 DP: part of the personal budget is direct payments."
    )
    transferred_in_from = models.CharField(
        max_length=3,
        blank=True,
        help_text="SEN2 TransferLA: the three-digit code of the council the plan came from, "
        "when it was not moved through the portal (imported cases).",
    )
    plan_ceased_on = models.DateField(
        null=True, blank=True, help_text="SEN2 CeaseDate: the council stopped maintaining the plan."
    )
    cease_reason = models.CharField(
        max_length=1, choices=CeaseReason.choices, blank=True, help_text="SEN2 CeaseReason"
    )
    sen2_imported = models.JSONField(
        default=dict,
        blank=True,
        help_text="SEN2 items brought in from another system's return that the portal's own "
        "records cannot produce (an outcome code H or S, mediation and tribunal flags, "
        "Exported), re-exported as imported.",
    )
    twenty_week_exception = models.BooleanField(
        default=False,
        db_index=True,
        help_text="An exception to the 20-week limit for the final plan was recorded (SEND "
        "Regulations 2014 reg 13(3)): SEN2 Week20, and the plan is left out of 'within 20 weeks "
        "excluding exceptions'. An exception to another time limit does not set it.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due_on", "received_on"]
        indexes = [
            models.Index(fields=["local_authority", "stage", "next_due_on"]),
            models.Index(fields=["caseworker", "next_due_on"]),
            # A council's cases by next deadline (the caseload's "all cases" and the API's case
            # list, 50 a page): read in order and stopped at the page, not sorted whole
            # (issue 22: 43 ms a page on the demo's 22,000 Essex cases, before). Without the id
            # (the last tie-break is an incremental sort): an index ending in the id was taken
            # for "the case with this id" when the statistics were stale
            # (tests/dashboards/test_invalidation_postgresql.py).
            models.Index(
                fields=["local_authority", "next_due_on", "received_on"],
                name="case_council_next_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.child})"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def statutory_timetable(self) -> list[deadlines.Deadline]:
        return deadlines.assessment_timetable(received=self.received_on)

    @property
    def twenty_week_exception_applies(self) -> bool:
        """SEN2 ``Week20`` ("20-week time limit exceptions apply"): true only when an exception
        to the 20-week limit for the final plan (SEND Regulations 2014 reg 13(3)) was recorded.
        An exception to another time limit (the 6-week decision, advice, a Tribunal order) does
        not make it true (``deadlines.excuses_twenty_week_limit``); ``has_exception`` says
        whether any exception was recorded."""
        return self.twenty_week_exception

    @property
    def representations_window(self) -> deadlines.Deadline | None:
        """The family's window to comment on the draft plan: 15 days beginning with the day the
        draft, or the latest revised draft, was served (reg 13(1)(a))."""
        if self.revised_draft_served_on is not None:
            return deadlines.revised_representations_close(
                revised_draft_served=self.revised_draft_served_on
            )
        if self.draft_served_on is not None:
            return deadlines.representations_close(draft_served=self.draft_served_on)
        return None


class CaseEvent(models.Model):
    """One entry on the case timeline (and the audit trail of the workflow)."""

    class Kind(models.TextChoices):
        REQUEST_RECEIVED = "request_received", "Request received"
        CASEWORKER_ALLOCATED = "caseworker_allocated", "Caseworker allocated"
        CONSIDERING = "considering", "Family and professionals told"
        DECIDED_TO_ASSESS = "decided_to_assess", "Decided to assess"
        DECIDED_NOT_TO_ASSESS = "decided_not_to_assess", "Decided not to assess"
        ADVICE_REQUESTED = "advice_requested", "Advice requested"
        ADVICE_RECEIVED = "advice_received", "Advice received"
        ADVICE_REUSED = "advice_reused", "Existing advice used"
        REFERRED_TO_PANEL = "referred_to_panel", "Referred to panel"
        PANEL_RECOMMENDATION = "panel_recommendation", "Panel recommendation"
        DECIDED_TO_ISSUE = "decided_to_issue", "Decided to issue a plan"
        DECIDED_NOT_TO_ISSUE = "decided_not_to_issue", "Decided not to issue a plan"
        DRAFT_SERVED = "draft_served", "Draft plan sent"
        REVISED_DRAFT_SERVED = "revised_draft_served", "Revised draft plan sent"
        REPRESENTATIONS = "representations", "Views on the draft received"
        SETTING_REQUESTED = "setting_requested", "School or college requested"
        SETTING_CONSULTED = "setting_consulted", "School or college consulted"
        SETTING_RESPONDED = "setting_responded", "School or college replied"
        PLACEMENT_DECIDED = "placement_decided", "Decision on naming a setting"
        FINAL_ISSUED = "final_issued", "Final plan issued"
        DRAFT_STARTED = "draft_started", "Draft plan started"
        DRAFT_REVISED = "draft_revised", "Revised draft started"
        HEALTH_AGREED = "health_agreed", "Health provision agreed by the ICB"
        VIEWS_GIVEN = "views_given", "Views for section A sent"
        PLAN_COMMENT = "plan_comment", "Comment on the plan"
        MEETING_REQUESTED = "meeting_requested", "Meeting requested"
        PERSONAL_BUDGET_REQUESTED = "personal_budget_requested", "Personal budget requested"
        AMENDMENTS_STARTED = "amendments_started", "Amendments being prepared"
        AMENDMENTS_PROPOSED = "amendments_proposed", "Proposed amendments sent"
        AMENDED_ISSUED = "amended_issued", "Amended plan issued"
        NOTICE_SENT = "notice_sent", "Decision letter sent"
        EXCEPTION_RECORDED = "exception_recorded", "Exception recorded"
        REQUEST_DATE_CORRECTED = "request_date_corrected", "Request date corrected"
        NOTE = "note", "Note"
        WITHDRAWN = "withdrawn", "Request withdrawn"
        # Mediation and appeals (ehcp.redress)
        MEDIATION_ADVISER_CONTACTED = "mediation_adviser_contacted", "Mediation adviser contacted"
        MEDIATION_NOT_WANTED = "mediation_not_wanted", "Family decided not to mediate"
        MEDIATION_WANTED = "mediation_wanted", "Family asked for mediation"
        MEDIATOR_ASSIGNED = "mediator_assigned", "Mediator assigned"
        MEDIATION_ARRANGED = "mediation_arranged", "Mediation arranged"
        MEDIATION_ICB_NOTIFIED = "mediation_icb_notified", "Health service told about mediation"
        MEDIATION_NOT_ARRANGED = "mediation_not_arranged", "Mediation could not be arranged"
        MEDIATION_SESSION = "mediation_session", "Mediation meeting"
        MEDIATION_CONCLUDED = "mediation_concluded", "Mediation ended"
        MEDIATION_AGREEMENT_ACTION = "mediation_agreement_action", "Action agreed in mediation"
        MEDIATION_CERTIFICATE = "mediation_certificate", "Mediation certificate issued"
        APPEAL_REGISTERED = "appeal_registered", "Appeal registered"
        APPEAL_HEARING_LISTED = "appeal_hearing_listed", "Appeal hearing listed"
        APPEAL_UNOPPOSED = "appeal_unopposed", "Council will not oppose the appeal"
        APPEAL_DECIDED = "appeal_decided", "Appeal decided"
        TRIBUNAL_ORDER = "tribunal_order", "Tribunal order"
        COMPLIANCE_STEP_DONE = "compliance_step_done", "Step the council must take completed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(help_text="The date the step happened in law.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    legal_basis = models.TextField(blank=True)
    visible_to_family = models.BooleanField(default=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.title}"


class StatutoryException(models.Model):
    """An exception to a time limit (SEND Regulations 2014 reg 5(4), 8(2), 10(4), 13(3), 27(3),
    44(3)).

    Recorded with its reason, dates and evidence. It never moves a statutory date: pages show the
    legal date and that an exception applies. Only an exception to the 20-week limit (reg 13(3))
    sets SEN2's ``Week20`` (``Case.has_exception``).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exceptions")
    reason = models.CharField(max_length=8, choices=deadlines.ExceptionReason.choices())
    applies_to = models.CharField(
        max_length=30, choices=list(deadlines.EXCEPTION_TIME_LIMITS.items())
    )
    advice_request = models.ForeignKey(
        "AdviceRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exceptions",
        help_text="The request for advice whose 6 weeks the exception relates to (reg 8(2)).",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    evidence = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.case.reference})"

    @property
    def basis(self) -> str:
        """The regulation of the time limit it excuses: reg 5(4) for the decision whether to
        assess, reg 13(3) for the final plan, reg 27(3) after a re-assessment..."""
        return deadlines.ExceptionReason(self.reason).basis_for(self.applies_to)

    @property
    def is_twenty_week_exception(self) -> bool:
        return deadlines.excuses_twenty_week_limit(self.applies_to)


class Decision(models.Model):
    """A decision of the council, with its notice. Appealable decisions carry appeal and
    mediation information and the family's appeal deadline (Tribunal rules r20(1)(c))."""

    class Kind(models.TextChoices):
        ASSESS = "assess", "To carry out an EHC needs assessment"
        NOT_ASSESS = "not_assess", "Not to carry out an EHC needs assessment"
        ISSUE = "issue", "To issue an EHC plan"
        NOT_ISSUE = "not_issue", "Not to issue an EHC plan"
        FINAL_PLAN = "final_plan", "Final EHC plan issued"

    APPEALABLE = frozenset({Kind.NOT_ASSESS, Kind.NOT_ISSUE, Kind.FINAL_PLAN})
    #: The CFA 2014 s51(2) ground for each appealable decision.
    APPEAL_GROUNDS = {
        Kind.NOT_ASSESS: "Children and Families Act 2014 s51(2)(a)",
        Kind.NOT_ISSUE: "Children and Families Act 2014 s51(2)(b)",
        Kind.FINAL_PLAN: "Children and Families Act 2014 s51(2)(c)",
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reasons = models.TextField(blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    appeal_deadline = models.DateField(null=True, blank=True)
    appeal_deadline_basis = models.TextField(blank=True)
    notice = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            # A case has at most one decision of each kind: deciding twice is impossible.
            models.UniqueConstraint(fields=["case", "kind"], name="one_decision_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case.reference})"

    @property
    def is_appealable(self) -> bool:
        return self.kind in self.APPEALABLE
