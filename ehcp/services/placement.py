"""The school or college to be named in section I: the family's request or the council's
proposal (Children and Families Act 2014 s38(2)(b), s39(4), s40), finding it in the settings
directory, consulting it (s39(2)), its reply, and the council's decision (s39(3)-(4))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import permissions
from send_portal.models import Organisation, Role, User
from send_portal.notifications import notify
from send_portal.text import in_sentence

from .. import deadlines, selectors
from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    SettingRequest,
    Stage,
)
from ._case import (
    expect,
    lock_case,
    record_event,
    save_case,
)
from .dates import not_before, not_in_future


def _lock_request(setting_request_id: int) -> tuple[SettingRequest, Case]:
    """The request for a setting and its case, both locked."""
    request = SettingRequest.objects.select_for_update().get(pk=setting_request_id)
    return request, lock_case(request.case_id)


def request_setting(
    *,
    actor: User,
    case_id: int,
    requested_on: date,
    setting: Organisation | None = None,
    setting_name: str = "",
    by_family: bool = True,
) -> SettingRequest:
    """Record the school or college the family asks to be named (CFA 2014 s38(2)(b)), or one the
    council proposes (s39(4), s40), chosen from the settings directory.

    The family may ask for any institution the law allows (s38(3)), so one that cannot be found
    in the directory is still recorded, by the name they gave (``setting_name``), as needing a
    directory setting: the council finds it in the directory (``match_setting_request``) before
    it can be consulted, so no consultation and no section I is ever free text."""
    setting_name = " ".join(setting_name.split())
    if setting is None and not setting_name:
        raise DomainError(
            "Choose the school or college from the settings directory", field="setting"
        )
    if setting is not None and setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    if setting is None and not by_family:
        raise DomainError(
            "Choose the school or college the council proposes from the settings directory",
            field="setting",
        )
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        if not by_family:  # the council's own proposal
            permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="ask for a school or college")
        not_in_future(requested_on, "The date of the request", "requested_on")
        not_before(
            requested_on,
            case.draft_served_on,
            "The date of the request",
            "the date the draft was sent",
            "requested_on",
        )
        if setting is not None:
            earlier = case.setting_requests.filter(setting=setting).first()
            if earlier is not None:
                raise InvalidTransition(_already_requested(earlier))
        rank = case.setting_requests.count() + 1
        request = SettingRequest.objects.create(
            case=case,
            setting=setting,
            setting_name=setting_name[:200] if setting is None else "",
            requested_by_family=by_family,
            preference_rank=rank,
            requested_on=requested_on,
        )
        who = "Asked for" if by_family else "The council proposes"
        detail = (
            "The council must consult it and name it unless the law says otherwise."
            if setting is not None
            else "It is not in the settings directory yet: the council will find it there, "
            "then consult it and name it unless the law says otherwise."
        )
        record_event(
            case,
            CaseEvent.Kind.SETTING_REQUESTED,
            on=requested_on,
            actor=actor,
            title=f"{who} {request.display_name} to be named",
            detail=detail,
            basis="Children and Families Act 2014 s38(2)(b) and s39"
            if by_family
            else "Children and Families Act 2014 s39(4) and s40",
        )
    return request


def _already_requested(earlier: SettingRequest) -> str:
    """What the family is told when they ask for a setting already asked for on the case."""
    name = earlier.display_name
    if earlier.status == SettingRequest.Status.CONSULTED:
        return (
            f"{name} has already been requested and is being consulted: the council asked it on "
            f"{earlier.consulted_on:%-d %B %Y} to reply by {earlier.response_due_on:%-d %B %Y}."
        )
    if earlier.status == SettingRequest.Status.RESPONDED:
        return (
            f"{name} has already been consulted and replied on "
            f"{earlier.responded_on:%-d %B %Y}: the council will decide whether to name it."
        )
    if earlier.status == SettingRequest.Status.NAMED:
        return f"The council has already decided to name {name} in the plan."
    if earlier.status == SettingRequest.Status.REFUSED:
        return f"The council has already decided not to name {name}, with its reasons."
    return (
        f"{name} has already been requested, on {earlier.requested_on:%-d %B %Y}: the council "
        "will consult it."
    )


def match_setting_request(
    *, actor: User, setting_request_id: int, setting: Organisation
) -> SettingRequest:
    """Put a directory setting on a request recorded by the name the family gave (or on one
    recorded as free text before the directory was required). The name they gave is kept."""
    if setting is None or setting.kind != Organisation.Kind.SETTING:
        raise DomainError(
            "Choose the school or college from the settings directory", field="choice"
        )
    with transaction.atomic():
        request, case = _lock_request(setting_request_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if request.setting_id is not None:
            raise InvalidTransition(f"{request.setting.name} is already chosen from the directory.")
        if not request.is_open:
            raise InvalidTransition(
                "The decision about this request has been made: amend the plan instead."
            )
        earlier = case.setting_requests.filter(setting=setting).exclude(pk=request.pk).first()
        if earlier is not None:
            raise DomainError(_already_requested(earlier), field="choice")
        asked_as = request.setting_name
        request.setting = setting
        request.save(update_fields=["setting"])
        record_event(
            case,
            CaseEvent.Kind.SETTING_REQUESTED,
            on=selectors.today(),
            actor=actor,
            title=f"\u201c{asked_as}\u201d found in the settings directory: {setting.name}",
            detail=f"URN {setting.urn}. The council can now consult it." if setting.urn else "",
            basis="Children and Families Act 2014 s38(2)(b) and s39",
        )
    return request


def consult_setting(*, actor: User, setting_request_id: int, consulted_on: date) -> SettingRequest:
    """Consult the requested school or college (CFA 2014 s39(2)); it is asked to reply within
    15 days (``deadlines.consultation_response_due``)."""
    with transaction.atomic():
        request, case = _lock_request(setting_request_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="consult a school or college")
        if request.status != SettingRequest.Status.REQUESTED:
            raise InvalidTransition(f"{request.display_name} has already been consulted.")
        if request.setting_id is None:
            raise InvalidTransition(
                f"Find \u201c{request.display_name}\u201d in the settings directory before "
                "consulting it, so that its SENCo is asked and section I can name it."
            )
        not_in_future(consulted_on, "The consultation date", "consulted_on")
        not_before(
            consulted_on,
            request.requested_on,
            "The consultation date",
            "the date it was requested",
            "consulted_on",
        )
        request.status = SettingRequest.Status.CONSULTED
        request.consulted_on = consulted_on
        reply = deadlines.consultation_response_due(consulted=consulted_on)
        request.response_due_on = reply.due
        request.save()
        if case.stage == Stage.DRAFT_SERVED:
            case.stage = Stage.CONSULTING
            save_case(case, "stage")
        record_event(
            case,
            CaseEvent.Kind.SETTING_CONSULTED,
            on=consulted_on,
            actor=actor,
            title=f"{request.display_name} consulted",
            detail=f"Reply asked for by {request.response_due_on:%-d %B %Y}.",
            basis=reply.basis,
        )
        if request.setting_id:
            for senco in User.objects.filter(
                role_assignments__role=Role.SENCO, role_assignments__organisation=request.setting
            ):
                notify(
                    recipient=senco,
                    subject=f"Consultation: can {request.setting.name} meet "
                    f"{case.child.full_name}'s needs?",
                    what_happened=f"{case.local_authority.name} is consulting you about naming "
                    f"your setting in {case.child.full_name}'s EHC plan ({case.reference}).",
                    what_to_do="Read the draft plan and reply in the portal.",
                    due_date=request.response_due_on,
                    legal_basis=reply.basis,
                    dedupe_key=f"ehcp:consultation:{request.pk}:senco:{senco.pk}",
                )
    return request


def record_setting_response(
    *, actor: User, setting_request_id: int, response: str, responded_on: date, detail: str = ""
) -> SettingRequest:
    if response not in SettingRequest.Response.values:
        raise DomainError("Select whether the setting can meet the child's needs", field="response")
    with transaction.atomic():
        request, case = _lock_request(setting_request_id)
        permissions.require(actor, "ehcp.respond_to_consultation", request)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="record the reply")
        if request.status != SettingRequest.Status.CONSULTED:
            raise InvalidTransition("This consultation is not waiting for a reply.")
        not_in_future(responded_on, "The date of the reply", "responded_on")
        not_before(
            responded_on,
            request.consulted_on,
            "The date of the reply",
            "the consultation date",
            "responded_on",
        )
        request.status = SettingRequest.Status.RESPONDED
        request.response = response
        request.response_detail = detail
        request.responded_on = responded_on
        request.responded_by = actor
        request.save()
        record_event(
            case,
            CaseEvent.Kind.SETTING_RESPONDED,
            on=responded_on,
            actor=actor,
            title=f"{request.display_name} replied: {in_sentence(request.get_response_display())}",
            detail=detail,
            basis="Children and Families Act 2014 s39(2)",
        )
    return request


def decide_placement(
    *,
    actor: User,
    setting_request_id: int,
    name_it: bool,
    decided_on: date,
    refusal_ground: str = "",
    reasons: str = "",
) -> SettingRequest:
    """Name the requested setting, or refuse on a ground in CFA 2014 s39(4), recorded."""
    with transaction.atomic():
        request, case = _lock_request(setting_request_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="decide about naming a setting")
        if not request.is_open:
            raise InvalidTransition(
                f"The decision about {request.display_name} has already been made."
            )
        if request.status == SettingRequest.Status.REQUESTED:
            raise InvalidTransition(f"Consult {request.display_name} before deciding.")
        not_in_future(decided_on, "The decision date", "decided_on")
        not_before(
            decided_on,
            request.consulted_on,
            "The decision date",
            "the consultation date",
            "decided_on",
        )
        if name_it and case.setting_requests.filter(status=SettingRequest.Status.NAMED).exists():
            raise InvalidTransition("A setting has already been chosen for section I.")
        if not name_it:
            if refusal_ground not in SettingRequest.RefusalGround.values:
                raise DomainError(
                    "Select the legal ground for not naming the setting "
                    "(Children and Families Act 2014 s39(4))",
                    field="refusal_ground",
                )
            if not reasons.strip():
                raise DomainError("Enter the reasons for not naming the setting", field="reasons")
        request.status = SettingRequest.Status.NAMED if name_it else SettingRequest.Status.REFUSED
        request.decided_on = decided_on
        request.refusal_ground = "" if name_it else refusal_ground
        request.refusal_reasons = "" if name_it else reasons
        request.save()
        title = (
            f"{request.display_name} will be named in the plan"
            if name_it
            else f"{request.display_name} will not be named"
        )
        record_event(
            case,
            CaseEvent.Kind.PLACEMENT_DECIDED,
            on=decided_on,
            actor=actor,
            title=title,
            detail="" if name_it else f"{request.get_refusal_ground_display()}. {reasons}",
            basis="Children and Families Act 2014 s39(3)-(4)",
        )
    return request
