"""Issuing the final EHC plan: within 20 weeks of the request (SEND Regulations 2014 reg 13(2)),
after the family's 15 days (reg 13(1)), with section I completed, appeal information (reg 14)
and the named school or college told."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.deadlines.wording import rule_period_words
from send_portal import permissions
from send_portal.models import Role, User
from send_portal.notifications import notify

from .. import deadlines, plan_quality, section_i
from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    Decision,
    Plan,
    SettingRequest,
    Stage,
)
from ..plan_document import with_content
from . import plans
from ._case import (
    expect,
    lock_case,
    record_decision,
    record_event,
    save_case,
)
from .dates import not_before, not_in_future
from .family import tell_family


def issue_final_plan(
    *, actor: User, case_id: int, issued_on: date, notice_sent_on: date, setting_type: str = ""
) -> Plan:
    """Issue the final plan within 20 weeks of the request (SEND Regulations 2014 reg 13(2)),
    never before the family's 15-day window closes (reg 13(1)) unless they said they have
    nothing more to add, with section I completed and appeal information (reg 14)."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="issue the final plan")
        not_in_future(issued_on, "The issue date", "issued_on")
        not_before(
            notice_sent_on,
            issued_on,
            "The date the plan was sent",
            "the issue date",
            "notice_sent_on",
        )
        not_in_future(notice_sent_on, "The date the plan was sent", "notice_sent_on")
        _require_representations_window_closed(case, issued_on)
        named = _setting_for_section_i(case, setting_type)
        draft = _draft_ready_to_finalise(case, issued_on)
        plan = plans.new_version_from(
            draft,
            status=Plan.Status.FINAL,
            actor=actor,
            served_on=issued_on,
            issued_on=issued_on,
            section_i_setting=named.setting if named else None,
            section_i_type=_named_type(named) if named else setting_type.strip(),
        )
        decision = record_decision(
            case,
            Decision.Kind.FINAL_PLAN,
            actor=actor,
            decided_on=issued_on,
            notice_sent_on=notice_sent_on,
            already="The final plan has already been issued.",
        )
        plans.request_plan_pdf(plan, actor=actor)
        case.stage = Stage.FINAL_ISSUED
        case.final_issued_on = issued_on
        case.closed_on = issued_on
        save_case(case, "stage", "final_issued_on", "closed_on")
        placement = named.display_name if named else setting_type
        _record_final_plan_issued(case, actor=actor, decision=decision, placement=placement)
        if named is not None and named.setting_id:
            _tell_named_setting(case, named, plan, issued_on=issued_on)
    return plan


def _require_representations_window_closed(case: Case, issued_on: date) -> None:
    """The family's 15 days to comment on the draft (reg 13(1)) are over, or they said they have
    nothing more to add."""
    window = case.representations_window
    waived = (
        case.no_further_representations_on is not None
        and issued_on >= case.no_further_representations_on
    )
    if issued_on <= window.due and not waived:
        raise InvalidTransition(
            f"The family can still comment on the draft until {window.due:%-d %B %Y} "
            f"({window.basis}). Issue the final plan after that, unless they tell you they "
            "have nothing more to add."
        )


def _setting_for_section_i(case: Case, setting_type: str) -> SettingRequest | None:
    """The setting to name in section I (every requested one decided, the named one from the
    directory), or None when section I names only a type of institution, which must be one the
    law accepts."""
    open_requests = [r for r in case.setting_requests.all() if r.is_open]
    if open_requests:
        names = ", ".join(r.display_name for r in open_requests)
        raise InvalidTransition(f"Decide about every requested setting first: {names}.")
    named = (
        case.setting_requests.filter(status=SettingRequest.Status.NAMED)
        .select_related("setting")
        .first()
    )
    if named is not None and named.setting_id is None:
        raise InvalidTransition(
            f"\u201c{named.setting_name}\u201d is not in the settings directory: choose it "
            "from the directory on the case page before issuing the final plan "
            f"({section_i.BASIS})."
        )
    if named is None:
        problem = section_i.problem(setting_id=None, setting_type=setting_type)
        if problem:
            raise DomainError(problem, field="setting_type")
    return named


def _draft_ready_to_finalise(case: Case, issued_on: date) -> Plan:
    """The latest draft, once a draft was sent, with nothing in it that stops a final plan."""
    draft = plans.current_draft(case)
    if (
        draft is None
        or not case.plans.filter(status=Plan.Status.DRAFT).exclude(served_on=None).exists()
    ):
        raise InvalidTransition("Send a draft plan before issuing the final plan.")
    stopping = plan_quality.blocking(
        plan_quality.check(with_content(Plan.objects.filter(pk=draft.pk)).get(), on=issued_on)
    )
    if stopping:
        raise InvalidTransition(" ".join(finding.message for finding in stopping))
    return draft


def _record_final_plan_issued(
    case: Case, *, actor: User, decision: Decision, placement: str
) -> None:
    """The timeline says in which week the plan was issued; the family hears how to appeal."""
    issued_on, notice_sent_on = decision.decided_on, decision.notice_sent_on
    due = deadlines.final_plan(received=case.received_on)
    late = issued_on > due.due
    weeks = deadlines.week_of(case.received_on, issued_on)
    record_event(
        case,
        CaseEvent.Kind.FINAL_ISSUED,
        on=issued_on,
        actor=actor,
        title="Final EHC plan issued",
        detail=f"Section I: {placement}. Issued in week {weeks} "
        + (
            f"(after the {rule_period_words('final_plan', adjective=True)} time limit"
            + ("; an exception was recorded)." if case.twenty_week_exception_applies else ").")
            if late
            else f"(within {rule_period_words('final_plan')})."
        )
        + f" Appeal by {decision.appeal_deadline:%-d %B %Y}.",
        basis=due.basis,
    )
    tell_family(
        case,
        on=notice_sent_on,
        key="final_issued",
        subject=f"Final EHC plan for {case.child.known_as} issued",
        what_happened=f"{case.local_authority.name} issued the final EHC plan on "
        f"{issued_on:%-d %B %Y}, naming {placement}. You can read it in the portal, download "
        "it as a PDF, and see what changed from the draft, section by section.",
        what_to_do="If you disagree with sections B, F or I, you can appeal to the "
        "SEND Tribunal. Before appealing (except about section I alone), contact a "
        "mediation adviser; mediation itself is optional.",
        due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
    )


def _tell_named_setting(case: Case, named: SettingRequest, plan: Plan, *, issued_on: date) -> None:
    """The council sends the finalised plan to the school or college it names (SEND
    Regulations 2014 reg 14): its SENCos are told and can read the plan in the portal."""

    for senco in User.objects.filter(
        role_assignments__role=Role.SENCO, role_assignments__organisation=named.setting
    ).distinct():
        notify(
            recipient=senco,
            subject=f"Final EHC plan naming {named.setting.name}: {case.child.full_name}",
            what_happened=f"{case.local_authority.name} issued {case.child.full_name}'s final "
            f"EHC plan ({case.reference}) on {issued_on:%-d %B %Y}. Section I names "
            f"{named.setting.name}.",
            what_to_do="Read the final plan in the portal and download it as a PDF. The school "
            "or college named in a plan must admit the child or young person (Children and "
            "Families Act 2014 s43) and make the provision in section F with the council.",
            legal_basis="SEND Regulations 2014 reg 14; Children and Families Act 2014 s43",
            dedupe_key=f"ehcp:final-plan:{plan.pk}:senco:{senco.pk}",
        )


def _named_type(named: SettingRequest | None) -> str:
    """Section I's type of institution for the named setting: its type in the directory."""
    if named is None or named.setting_id is None:
        return ""
    return named.setting.setting_type
