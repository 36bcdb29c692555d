"""After the plan is issued: reviews (CFA 2014 s44; SEND Regulations 2014 regs 18-22), phase
transfers (reg 18), re-assessment (regs 24-27), ceasing to maintain a plan (CFA s45; reg 31),
moving to another council (regs 15-17) and the decision letters of each.

Every date a step must happen by comes from ``ehcp.deadlines``; the services store the computed
date (and the next date due, for sorting and reminders) beside the step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from send_portal.models import GeneratedDocument, Organisation


class Outcome(models.TextChoices):
    """What the council decides after a review (SEND Regulations 2014 reg 20(10))."""

    MAINTAIN = "maintain", "Keep the plan as it is"
    AMEND = "amend", "Change (amend) the plan"
    CEASE = "cease", "Stop maintaining the plan"


class PlanDecision(models.Model):
    """A decision about a plan after it was issued, with its letter. Appealable decisions carry
    the appeal and mediation information and the family's appeal deadline (Tribunal rules
    r20(1)(c)). Kept apart from ``ehcp.Decision`` (one decision of each kind per case): a plan
    is reviewed every year."""

    class Kind(models.TextChoices):
        MAINTAIN = "maintain", "After the review: keep the plan as it is"
        AMEND = "amend", "After the review: change the plan (proposed amendments)"
        AMENDED_PLAN = "amended_plan", "Amended EHC plan issued"
        CEASE = "cease", "Stop maintaining the EHC plan"
        KEEP_AFTER_CEASE_PROPOSAL = "keep", "Keep the EHC plan (not ceasing it)"
        REASSESS = "reassess", "To carry out a re-assessment"
        NOT_REASSESS = "not_reassess", "Not to carry out a re-assessment"
        TRANSFER_REASSESS = "transfer_reassess", "New council: to carry out an assessment"
        TRANSFER_NO_REASSESS = "transfer_keep", "New council: keep the transferred plan"

    #: The Children and Families Act 2014 s51(2) ground for each appealable decision.
    APPEAL_GROUNDS = {
        Kind.MAINTAIN: "Children and Families Act 2014 s51(2)(e)",
        Kind.AMENDED_PLAN: "Children and Families Act 2014 s51(2)(c) and s51(3)",
        Kind.CEASE: "Children and Families Act 2014 s51(2)(f)",
        Kind.NOT_REASSESS: "Children and Families Act 2014 s51(2)(d)",
    }
    APPEALABLE = frozenset(APPEAL_GROUNDS)

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="plan_decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council that made the decision (a plan can move between councils).",
    )
    reasons = models.TextField(blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    appeal_deadline = models.DateField(null=True, blank=True, db_index=True)
    appeal_deadline_basis = models.TextField(blank=True)
    notice = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case.reference})"

    @property
    def is_appealable(self) -> bool:
        return self.kind in self.APPEALABLE


class PhaseTransfer(models.Model):
    """A child or young person within 12 months of moving between phases of education, whose
    plan must be reviewed and amended to name the next school or college by 15 February, 31
    March, or 5 months before the move (SEND Regulations 2014 reg 18)."""

    class Transfer(models.TextChoices):
        SCHOOL = "school", "Into or between schools (15 February)"
        POST16 = "post16", "Secondary school to post-16 (31 March)"
        POST16_OTHER = "post16_other", "Between post-16 institutions (5 months before)"

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="phase_transfers")
    transfer = models.CharField(max_length=12, choices=Transfer.choices)
    from_phase = models.CharField(max_length=60)
    to_phase = models.CharField(max_length=60)
    transfer_year = models.PositiveIntegerField(help_text="Calendar year of the move.")
    transfer_date = models.DateField(
        null=True, blank=True, help_text="Date of the move (post-16 moves at another time)."
    )
    deadline_on = models.DateField(db_index=True)
    next_setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "setting"},
    )
    next_setting_type = models.CharField(max_length=200, blank=True)
    named_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date the amended plan naming the next school or college was issued.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "transfer_year", "transfer"], name="one_phase_transfer_a_year"
            )
        ]
        indexes = [models.Index(fields=["transfer_year", "deadline_on"])]

    def __str__(self) -> str:
        return f"{self.from_phase} to {self.to_phase} {self.transfer_year} ({self.case_id})"


class Review(models.Model):
    """One review of an issued EHC plan, from its due date to the council's decision and, when
    the plan is amended, the amended plan (SEND Regulations 2014 regs 18-22)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual review"
        PHASE_TRANSFER = "phase_transfer", "Phase transfer review"
        AFTER_MOVE = "after_move", "Review after moving to a new council"
        EARLY = "early", "Early review"

    class Stage(models.TextChoices):
        DUE = "due", "Meeting to be arranged"
        ARRANGED = "arranged", "Meeting arranged"
        HELD = "held", "Meeting held: waiting for the report"
        REPORTED = "reported", "Report received: council to decide"
        AMENDING = "amending", "Amending the plan"
        COMPLETED = "completed", "Review finished"
        CEASING = "ceasing", "Council proposes to stop the plan"

    OPEN_STAGES = frozenset({Stage.DUE, Stage.ARRANGED, Stage.HELD, Stage.REPORTED, Stage.AMENDING})

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="reviews")
    plan = models.ForeignKey(
        "ehcp.Plan",
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The issued version of the plan being reviewed.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ANNUAL)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.DUE, db_index=True)
    phase_transfer = models.ForeignKey(
        PhaseTransfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    due_on = models.DateField(help_text="The review must be finished by this date.")
    due_key = models.CharField(max_length=40)
    due_basis = models.TextField()
    suggested_on = models.DateField(
        null=True, blank=True, help_text="Under-5s: the earlier date suggested by guidance."
    )
    setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "setting"},
        help_text="The school or college that holds the meeting and writes the report.",
    )
    meeting_on = models.DateField(null=True, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    invitations_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    meeting_held_on = models.DateField(null=True, blank=True)
    report_sent_on = models.DateField(null=True, blank=True)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_progress = models.TextField(blank=True)
    report_recommendation = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    report_changes = models.TextField(blank=True)
    report_differences = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decision = models.ForeignKey(
        PlanDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_plan = models.ForeignKey(
        "ehcp.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amended_plan = models.ForeignKey(
        "ehcp.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    next_due_key = models.CharField(max_length=40, blank=True)
    next_due_on = models.DateField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due_on", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(stage__in=["due", "arranged", "held", "reported", "amending"]),
                name="one_open_review_per_case",
            )
        ]
        indexes = [models.Index(fields=["stage", "next_due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on} ({self.case_id})"

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES


class ReviewViews(models.Model):
    """The views, wishes and feelings of the child, parent or young person for the review
    (Children and Families Act 2014 s19; SEND Regulations 2014 reg 20(4))."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="views_given")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_on = models.DateField()
    going_well = models.TextField()
    should_change = models.TextField(blank=True)
    hopes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"Views for review {self.review_id}"


class Reassessment(models.Model):
    """A request for a re-assessment of needs (CFA 2014 s44(2); SEND Regulations 2014 regs
    24-27): the decision within 15 days, then the amended plan within 14 weeks."""

    class Stage(models.TextChoices):
        REQUESTED = "requested", "Requested: council to decide"
        REASSESSING = "reassessing", "Re-assessing"
        REFUSED = "refused", "Council decided not to re-assess"
        COMPLETED = "completed", "Re-assessment finished"

    class RequestedBy(models.TextChoices):
        FAMILY = "family", "The parent or young person"
        SETTING = "setting", "The school or college"
        COUNCIL = "council", "The council itself"

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="reassessments")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.REQUESTED)
    requested_by = models.CharField(max_length=10, choices=RequestedBy.choices)
    requested_on = models.DateField()
    reasons = models.TextField()
    decision_due_on = models.DateField()
    decision = models.ForeignKey(
        PlanDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_on = models.DateField(null=True, blank=True)
    final_due_on = models.DateField(null=True, blank=True)
    plan = models.ForeignKey(
        "ehcp.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"Re-assessment requested {self.requested_on} ({self.case_id})"


class Cessation(models.Model):
    """Ceasing to maintain a plan (CFA 2014 s45; SEND Regulations 2014 regs 29-31): the council
    informs and consults, decides, and sends the decision with appeal rights. The plan stays in
    force until the appeal window closes or any appeal ends."""

    class Ground(models.TextChoices):
        NOT_NECESSARY = "not_necessary", "The plan is no longer necessary (s45(1)(b))"
        MOVED = "moved", "The council is no longer responsible: moved away (s45(1)(a))"
        EMPLOYMENT = "employment", "The young person started paid employment (s45(1)(a))"
        HIGHER_EDUCATION = "higher_ed", "The young person started higher education (s45(1)(a))"
        NO_LONGER_ENGAGING = "not_engaging", "Aged 18 or over and left education (reg 30)"
        AGE_25 = "age_25", "The young person has reached 25 (s45(1)(a))"

    class Stage(models.TextChoices):
        CONSULTING = "consulting", "Consulting the family and school"
        DECIDED_CEASE = "decided", "Decided to stop: plan in force until the appeal window ends"
        KEPT = "kept", "Decided to keep the plan"
        CEASED = "ceased", "Plan no longer maintained"
        APPEAL_SUCCEEDED = "appeal_won", "Appeal succeeded: the plan continues"

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="cessations")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="cessations"
    )
    ground = models.CharField(max_length=14, choices=Ground.choices)
    explanation = models.TextField()
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.CONSULTING)
    consulted_on = models.DateField()
    consultation_letter = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_response = models.TextField(blank=True)
    setting_response = models.TextField(blank=True)
    decision = models.ForeignKey(
        PlanDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_ended_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-consulted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(stage__in=["consulting", "decided"]),
                name="one_open_cessation_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Ceasing the plan ({self.case_id})"


class PlanTransfer(models.Model):
    """The plan moving with the child to a new council (SEND Regulations 2014 regs 15-17)."""

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="plan_transfers")
    from_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField()
    old_council_aware_on = models.DateField()
    transfer_due_on = models.DateField()
    transferred_on = models.DateField()
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassess_decision_due_on = models.DateField()
    review_due_on = models.DateField()
    decision = models.ForeignKey(
        PlanDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-id"]

    def __str__(self) -> str:
        return f"Plan moved {self.from_authority_id} to {self.to_authority_id} ({self.case_id})"
