"""Decision letters after the plan is issued (PDF, rendered by a worker after commit), built
like the assessment workflow's notices (``ehcp.services.notices``): what was decided and why,
the family's rights, and the dates that run from the letter with their legal basis.

SEND Regulations 2014 reg 20(10)/reg 22 (after a review), reg 25-27 (re-assessment), reg 31
(ceasing) and reg 32 (mediation information) say what the letters must contain.
"""

from __future__ import annotations

from datetime import date

from ehcp import deadlines
from ehcp.models import Case
from ehcp.services.family import letter_heading
from ehcp.services.notices import DISAGREEMENT_RESOLUTION, MEDIATION_OPTIONAL, _sendiass
from send_portal.models import GeneratedDocument
from send_portal.pdf import request_document
from send_portal.text import in_sentence

from .models import PlanDecision

_APPEAL_WHAT = {
    PlanDecision.Kind.MAINTAIN: "this decision not to change the plan after the review",
    PlanDecision.Kind.AMENDED_PLAN: (
        "the special educational needs in section B, the special educational provision in "
        "section F, or the school or college named (or not named) in section I of the amended plan"
    ),
    PlanDecision.Kind.CEASE: "this decision to stop maintaining the EHC plan",
    PlanDecision.Kind.NOT_REASSESS: "this decision not to carry out a re-assessment",
}


def rights(decision: PlanDecision) -> list[str]:
    """Appeal, mediation, disagreement resolution and information and advice (reg 32)."""
    if not decision.is_appealable:
        return [_sendiass(decision.case)]
    return [
        "You have the right to appeal to the First-tier Tribunal (Special Educational Needs and "
        f"Disability) about {_APPEAL_WHAT[decision.kind]} "
        f"({PlanDecision.APPEAL_GROUNDS[decision.kind]}).",
        MEDIATION_OPTIONAL,
        DISAGREEMENT_RESOLUTION,
        _sendiass(decision.case),
    ]


def family_deadlines(decision: PlanDecision) -> list[deadlines.Deadline]:
    if not (decision.is_appealable and decision.notice_sent_on):
        return []
    return [
        deadlines.mediation_adviser_contact_by(decision_sent=decision.notice_sent_on),
        deadlines.appeal_deadline(decision_sent=decision.notice_sent_on),
    ]


def send_letter(
    decision: PlanDecision,
    *,
    sent_on: date,
    actor,
    paragraphs: list[str],
    extra_deadlines: list[deadlines.Deadline] = (),
) -> PlanDecision:
    """Record the letter as sent on ``sent_on``, work out any appeal deadline and queue the PDF.
    Call inside the transaction of the decision."""
    decision.notice_sent_on = sent_on
    if decision.is_appealable:
        appeal = deadlines.appeal_deadline(decision_sent=sent_on)
        decision.appeal_deadline = appeal.due
        decision.appeal_deadline_basis = appeal.basis
    text = list(paragraphs)
    if decision.reasons:
        text.append(f"Our reasons: {decision.reasons}")
    decision.notice = letter(
        decision.case,
        title=f"Decision: {in_sentence(decision.get_kind_display())} - "
        f"{decision.case.child.full_name}",
        sent_on=sent_on,
        actor=actor,
        paragraphs=text,
        rights_text=rights(decision),
        dates=[*extra_deadlines, *family_deadlines(decision)],
        council_name=decision.local_authority.name,
    )
    decision.save()
    return decision


def letter(
    case: Case,
    *,
    title: str,
    sent_on: date,
    actor,
    paragraphs: list[str],
    rights_text: list[str],
    dates: list[deadlines.Deadline],
    council_name: str = "",
) -> GeneratedDocument:
    council_name = council_name or case.local_authority.name
    context = {
        "council_name": council_name,
        **letter_heading(case, sent_on),
        "letter_date": f"{sent_on:%-d %B %Y}",
        "paragraphs": paragraphs,
        "rights": rights_text,
        "deadlines": [
            {"label": d.label, "due": f"{d.due:%A %-d %B %Y}", "basis": d.basis} for d in dates
        ],
        "signature": f"{council_name} SEND service",
    }
    return request_document(
        title=title[:200], template_name="pdf/letter.html", context=context, owner=case, actor=actor
    )
