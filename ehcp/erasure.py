"""How erasing a child's record treats the models of EHC assessments and plans, reviews,
mediation, appeals and complaints: registered with the core's erasure service
(:mod:`send_portal.erasure`, from ``EhcpConfig.ready``), which owns the mechanics (scrub, delete,
anonymise, audit, ledger) and imports no app.
"""

from __future__ import annotations

from datetime import date

from send_portal.erasure import (
    DELETE,
    ERASED,
    KEEP,
    SCRUB,
    Delegated,
    ErasureRefused,
    Subject,
    Treatment,
    register,
)

from .models import OPEN_STAGES

_CODES = "codes and legal bases only"

#: Every model of this app (and its reviews and redress apps) with a relation to ``ehcp.Child``
#: or ``ehcp.Case``. The order is the order of treatment: rows are deleted before the rows they
#: point to.
TREATMENTS: dict[str, Treatment] = {
    # Plan content (sections A-K) and everything written for it: personal content, deleted.
    "ehcp.PlanViews": Treatment(DELETE, "plan__case__child", why="section A: the family's views"),
    "ehcp.PlanPersonalBudget": Treatment(DELETE, "plan__case__child", why="section J"),
    "ehcp.PlanProvision": Treatment(DELETE, "plan__case__child", why="sections F, G, H1, H2"),
    "ehcp.PlanOutcome": Treatment(DELETE, "plan__case__child", why="section E"),
    "ehcp.PlanNeed": Treatment(DELETE, "plan__case__child", why="sections B, C, D"),
    "ehcp.PlanComment": Treatment(DELETE, "plan__case__child", why="comments on drafts"),
    "ehcp.AdviceItem": Treatment(DELETE, "advice__case__child", why="the advice itself"),
    "ehcp.ViewsContribution": Treatment(DELETE, "case__child", why="the family's views"),
    "ehcp.Message": Treatment(DELETE, "case__child", why="messages with the family"),
    "ehcp.CaseNote": Treatment(DELETE, "case__child", why="caseworker notes"),
    "ehcp.CaseTask": Treatment(DELETE, "case__child", why="work items, not statistics"),
    "ehcp.DecisionApproval": Treatment(
        DELETE, "case__child", why="decisions prepared for a manager: work items with reasons"
    ),
    "ehcp.Representation": Treatment(DELETE, "case__child", why="representations on a draft"),
    "reviews.ReviewViews": Treatment(DELETE, "review__case__child", why="views for a review"),
    "redress.MediationParticipant": Treatment(
        DELETE, "mediation__case__child", why="names of the people at mediation"
    ),
    "ehcp.ChildRelationship": Treatment(DELETE, "child", why="links to the family's accounts"),
    "ehcp.FamilyInvitation": Treatment(
        DELETE, "contact__child", why="e-mail addresses the family was invited at"
    ),
    "ehcp.FamilyContact": Treatment(
        DELETE, "child", why="names, addresses and contact details of the family"
    ),
    "ehcp.OnlineRequest": Treatment(
        DELETE, "case__child", why="the family's online request as they sent it"
    ),
    # The statistical skeleton: rows kept (dashboards, SEN2), free text scrubbed.
    "ehcp.Child": Treatment(
        SCRUB,
        "pk",
        keep=("sex", "ethnicity", "primary_need", "secondary_need"),
        why="council, sex, ethnicity, needs and month of birth for statistics",
    ),
    "ehcp.Case": Treatment(
        SCRUB,
        "child",
        keep=(
            "reference",
            "stage",
            "request_source",
            "next_due_key",
            # SEN2 codes of the plan (ehcp.returns): residential, cease reason, the council it
            # came from, and the codes and dates brought in from an earlier system's return.
            "plan_residential",
            "cease_reason",
            "transferred_in_from",
            "sen2_imported",
        ),
        why="statutory dates and stage (SEN2, timeliness); the reference is the council's "
        "pseudonymous number for the case",
    ),
    "ehcp.Placement": Treatment(
        SCRUB,
        "case__child",
        keep=("urn", "ukprn", "sen_setting", "residential"),
        why="where the child was educated, as SEN2 codes (the setting's numbers, not the "
        "child's); the description of another placement is free text",
    ),
    "ehcp.CaseEvent": Treatment(SCRUB, "case__child", keep=("kind", "legal_basis"), why=_CODES),
    "ehcp.StatutoryException": Treatment(
        SCRUB, "case__child", keep=("reason", "applies_to"), why="exceptions to time limits"
    ),
    "ehcp.Decision": Treatment(
        SCRUB, "case__child", keep=("kind", "appeal_deadline_basis"), why="kinds and dates"
    ),
    "ehcp.AdviceRequest": Treatment(
        SCRUB,
        "case__child",
        keep=("advice_type", "status", "reused_from", "exception_reason"),
        why="advice timeliness",
    ),
    "ehcp.PanelAgendaItem": Treatment(
        SCRUB, "case__child", keep=("decision_point", "recommendation"), why=_CODES
    ),
    "ehcp.Plan": Treatment(
        SCRUB,
        "case__child",
        keep=(
            "status",
            "section_i_type",
            "section_i_sen_setting",
            "section_i_urn",
            "section_i_ukprn",
        ),
        why="plan versions, issue dates and placement (SEN2, plans maintained)",
    ),
    "ehcp.SettingRequest": Treatment(
        SCRUB,
        "case__child",
        keep=("setting_name", "status", "response", "refusal_ground"),
        why="which settings were asked and answered (the name is the setting's)",
    ),
    "redress.MediationCase": Treatment(
        SCRUB,
        "case__child",
        keep=("status", "issues", "outcome", "certificate_kind"),
        why="mediation held, outcome (dashboards)",
    ),
    "redress.MediationSession": Treatment(SCRUB, "mediation__case__child", keep=("format",)),
    "redress.MediationAgreementAction": Treatment(
        SCRUB, "mediation__case__child", keep=("responsible", "order_type"), why=_CODES
    ),
    "redress.TribunalAppeal": Treatment(
        SCRUB,
        "case__child",
        keep=("matters", "unopposed_kind", "outcome"),
        why="appeals registered and outcomes (dashboards)",
    ),
    "redress.TribunalOrder": Treatment(SCRUB, "appeal__case__child", keep=("order_type",)),
    "redress.ComplianceStep": Treatment(
        SCRUB, "case__child", keep=("source", "key", "basis"), why=_CODES
    ),
    "redress.Complaint": Treatment(
        SCRUB,
        "case__child",
        keep=("category", "responsible", "stage", "outcome"),
        why="complaints (dashboards)",
    ),
    "redress.ComplaintStage": Treatment(
        SCRUB,
        "complaint__case__child",
        keep=("stage", "response_due_basis", "outcome"),
        why="complaint stages (dashboards)",
    ),
    "reviews.PlanDecision": Treatment(
        SCRUB, "case__child", keep=("kind", "appeal_deadline_basis"), why="kinds and dates"
    ),
    "reviews.PhaseTransfer": Treatment(
        SCRUB,
        "case__child",
        keep=("transfer", "from_phase", "to_phase", "next_setting_type"),
        why="phase transfers (dashboards)",
    ),
    "reviews.Review": Treatment(
        SCRUB,
        "case__child",
        keep=(
            "kind",
            "stage",
            "due_key",
            "due_basis",
            "report_recommendation",
            "outcome",
            "next_due_key",
        ),
        why="annual reviews (dashboards)",
    ),
    "reviews.Reassessment": Treatment(
        SCRUB, "case__child", keep=("stage", "requested_by"), why=_CODES
    ),
    "reviews.Cessation": Treatment(
        SCRUB, "case__child", keep=("ground", "stage"), why="ceased plans (plans maintained)"
    ),
    "reviews.PlanTransfer": Treatment(KEEP, "case__child", why="councils and dates only"),
}

#: Models outside the child's record that those rows point to, and how they are treated.
REFERENCED: dict[str, str] = {
    "ehcp.PanelMeeting": "kept: a meeting of the council's panel (its agenda items are scrubbed)",
    "standards.StandardVersion": "kept: the National Standards catalogue",
}

#: Models whose rows are erased by their own function (it also removes the stored files).
DELEGATED: dict[str, Delegated] = {
    "ehcp.EvidenceUpload": Delegated(
        "case__child",
        "ehcp.uploads.services.delete_uploads_for_case",
        why="the family's and professionals' uploaded files: rows and stored files deleted",
    ),
}


def refuse_unless_closed(child, today: date) -> None:
    """An open request, or a plan still maintained for a child under 26, keeps the record."""
    if child.cases.filter(stage__in=OPEN_STAGES).exists():
        raise ErasureRefused(
            "A request for this child is still open: the statutory process must finish "
            "(or the request be withdrawn) before the record can be erased."
        )
    maintained = child.cases.filter(final_issued_on__isnull=False)
    from ehcp.reviews.models import Cessation

    maintained = maintained.exclude(
        pk__in=Cessation.objects.filter(stage=Cessation.Stage.CEASED).values("case_id")
    )
    if maintained.exists() and child.age_on(today) < 26:
        raise ErasureRefused(
            "The council maintains an EHC plan for this child: the plan must be ceased "
            "(Children and Families Act 2014 s45) before the record can be erased."
        )


def scrubbed_child(child) -> dict:
    """The child's own row: a placeholder name, the month and year of birth only, no setting."""
    return {
        "first_name": ERASED,
        "last_name": "record",
        "date_of_birth": child.date_of_birth.replace(day=1),
        "current_setting": None,
    }


register(
    TREATMENTS,
    referenced=REFERENCED,
    delegated=DELEGATED,
    subject=Subject(
        child="ehcp.Child",
        case="ehcp.Case",
        refuse_unless_closed=refuse_unless_closed,
        scrubbed_child=scrubbed_child,
    ),
)
