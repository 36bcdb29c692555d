"""The caseworker workbench: caseload, new requests, the case page and each workflow step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import F, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from send_portal import audit, permissions
from send_portal.models import Role

from .. import deadlines, forms, plan_quality, section_i, selectors
from ..deadlines.wording import rule_period_words as period
from ..errors import DomainError
from ..models import (
    AdviceRequest,
    PanelAgendaItem,
    Plan,
    ReservedKind,
    SettingRequest,
    Stage,
)
from ..plan_document import with_content
from ..services import plans, workflow
from ..timeline import case_deadlines, stage_actions
from .base import CaseActionView, ProposeIfReserved, visible_case

#: Stages in the order of the process (closed outcomes last), for sorting the caseload.
STAGE_ORDER = [
    Stage.REQUEST_RECEIVED,
    Stage.CONSIDERING,
    Stage.ASSESSING,
    Stage.PANEL,
    Stage.DRAFTING,
    Stage.DRAFT_SERVED,
    Stage.CONSULTING,
    Stage.FINAL_ISSUED,
    Stage.NOT_ASSESSED,
    Stage.NOT_ISSUED,
    Stage.WITHDRAWN,
]
_DUE = F("next_due_on").asc(nulls_last=True)  # closed cases (no next date) after open ones
#: Each sort ends with the primary key so that pages never repeat or skip a case.
SORTS = {
    "due": (_DUE, "received_on", "pk"),
    "received": ("received_on", "pk"),
    "name": ("child__last_name", "child__first_name", "pk"),
    "stage": (
        DbCase(*(When(stage=s, then=Value(i)) for i, s in enumerate(STAGE_ORDER))),
        _DUE,
        "pk",
    ),
}


def _require_la_staff(request):
    if not request.user.has_role(Role.CASEWORKER, Role.SEND_MANAGER):
        raise PermissionDenied("Only council SEND staff have a caseload.")


@login_required
def caseload(request):
    _require_la_staff(request)
    today = selectors.today()
    # A SEND manager holds few cases of their own: their list starts with the team's.
    default = (
        "team"
        if request.user.has_role(Role.SEND_MANAGER) and not request.user.has_role(Role.CASEWORKER)
        else "mine"
    )
    scope = request.GET.get("scope", default)
    if scope not in ("mine", "team", "all"):
        scope = default
    qs = selectors.caseload(request.user, scope=scope)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    due = request.GET.get("due", "")
    soon = deadlines.add_working_days(today, deadlines.DUE_SOON_WORKING_DAYS)
    if due == "overdue":
        qs = qs.filter(next_due_on__lt=today)
    elif due == "soon":
        qs = qs.filter(next_due_on__gte=today, next_due_on__lte=soon)
    if request.GET.get("exception") == "yes":
        qs = qs.filter(has_exception=True)
    query = request.GET.get("q", "").strip()
    # Every word must match the reference or a name, so "Oliver Green" finds Oliver Green.
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(reference__icontains=word)
            | Q(child__last_name__icontains=word)
            | Q(child__first_name__icontains=word)
        )
    sort = request.GET.get("sort", "due")
    qs = qs.order_by(*SORTS.get(sort, SORTS["due"]))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for case in page.object_list:
        status = (
            deadlines.overdue_status(due=case.next_due_on, today=today).value
            if case.next_due_on
            else ""
        )
        label = (
            deadlines.RULES[case.next_due_key].label
            if case.next_due_key in (deadlines.RULES)
            else ""
        )
        rows.append({"case": case, "status": status, "due_label": label})
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "ehcp/caseload.html",
        {
            "page": page,
            "rows": rows,
            "scope": scope,
            "stage": stage,
            "due": due,
            "sort": sort,
            "query": query,
            "exception": request.GET.get("exception", ""),
            "stages": Stage.choices,
            "querystring": params.urlencode(),
        },
    )


@login_required
def case_detail(request, reference):
    case = visible_case(request, reference)
    if not selectors.is_staff_of_case(request.user, case):
        if selectors.is_family_of_case(request.user, case):
            return redirect("family-case", case.reference)
        if request.user.has_role(Role.SENCO):
            consultation = case.setting_requests.filter(
                setting_id__in=request.user.organisations_for(Role.SENCO)
            ).first()
            if consultation is not None:
                return redirect("consultation-respond", consultation.pk)
        advice = case.advice_requests.filter(
            adviser=request.user, status=AdviceRequest.Status.REQUESTED
        ).first()
        if advice is not None:
            return redirect("advice-submit", advice.pk)
        raise PermissionDenied("This page is for the council's SEND team.")
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed case {case.reference}",
        request=request,
    )
    today = selectors.today()
    context = {
        "case": case,
        "child": case.child,
        "deadline_rows": case_deadlines(case, today=today),
        "next": workflow.next_due(case),
        "actions": stage_actions(case, request.user),
        "events": selectors.timeline_for(request.user, case),
        "advice_requests": case.advice_requests.select_related(
            "adviser", "adviser_organisation"
        ).prefetch_related("items"),
        "plans": case.plans.select_related("document").order_by("-version"),
        "views_contributions": case.views_contributions.all()[:5],
        "setting_requests": case.setting_requests.select_related("setting"),
        "decisions": case.decisions.select_related("notice"),
        "exceptions": case.exceptions.all(),
        "panel_items": case.panel_items.select_related("meeting"),
        "tasks": case.tasks.select_related("assignee"),
        "notes": case.notes.select_related("author")[:20],
        "family": case.child.relationships.select_related("user"),
        "contacts": family_panel(case),
        "section_i_problem": _latest_section_i_problem(case),
        "online_request": case.online_requests.first(),
        "today": today,
        "child_age": case.child.age_on(today),
    }
    if case.next_due_on:
        context["next_status"] = deadlines.overdue_status(due=case.next_due_on, today=today).value
    return render(request, "ehcp/case_detail.html", context)


def _latest_section_i_problem(case) -> str:
    """Section I of the plan in force, when it is free text recorded before section I had to
    name a directory setting or a type: the case page asks for it to be put right."""
    latest = case.plans.filter(status__in=list(Plan.ISSUED)).order_by("-version").first()
    return section_i.plan_problem(latest) if latest is not None else ""


def family_panel(case) -> dict:
    """Who in the family the council writes to, how, and whether they can follow the case
    online: each contact with their invitation's state, and accounts linked without contact
    details."""
    from django.utils import timezone

    from ..services.family import rights_holders

    now = timezone.now()
    today = selectors.today()
    holders = {c.pk for c in rights_holders(case, today)}
    rows = []
    contacts = case.child.contacts.filter(is_active=True).prefetch_related("invitations")
    for contact in contacts:
        last = contact.invitations.all()[:1]
        last = last[0] if last else None
        if contact.user_id:
            state, tag = "Account linked: follows the case online", "green"
        elif last is not None and last.is_open_at(now):
            state = (
                f"Invited on {timezone.localtime(last.created_at):%-d %B %Y}; the link works "
                f"until {timezone.localtime(last.expires_at):%-d %B %Y}"
            )
            tag = "blue"
        elif last is not None:
            state, tag = "The invitation expired without being used", "yellow"
        elif contact.email:
            state, tag = "Not invited to create an account yet", "grey"
        else:
            state, tag = "No e-mail address: cannot have an account", "grey"
        rows.append(
            {
                "contact": contact,
                "state": state,
                "tag": tag,
                "can_invite": bool(contact.email) and not contact.user_id,
                "invited": last is not None,
                "holds_rights": contact.pk in holders,
                "by_post": contact.hears_by_post,
                "not_told_online": contact.pk in holders
                and not contact.user_id
                and not contact.hears_by_post
                and contact.preferred_contact == "email",
            }
        )
    linked = {c["contact"].user_id for c in rows if c["contact"].user_id}
    accounts = [
        rel
        for rel in case.child.relationships.filter(is_active=True).select_related("user")
        if rel.user_id not in linked
    ]
    return {"rows": rows, "accounts": accounts}


# ---- workflow steps --------------------------------------------------------------------------


class AllocateView(CaseActionView):
    form_class = forms.AllocateForm
    title = "Allocate a caseworker"
    submit_label = "Allocate"
    success_message = "Caseworker allocated"

    def _check(self, request, case):
        if not (
            permissions.can(request.user, "ehcp.allocate_caseworker", case)
            or (
                case.caseworker_id is None
                and permissions.can(request.user, "ehcp.run_workflow", case)
            )
        ):
            permissions.require(request.user, "ehcp.allocate_caseworker", case)

    def get_form_kwargs(self, case):
        return {"local_authority": case.local_authority}

    def perform(self, form, case):
        return workflow.allocate_caseworker(
            actor=self.request.user,
            case_id=case.pk,
            caseworker=form.cleaned_data["caseworker"],
            on=selectors.today(),
        )


class ConsiderView(CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Tell people the council is considering an assessment"
    intro = (
        "Record the date the parent or young person, the integrated care board, children's "
        "social care and the school or setting were told (SEND Regulations 2014 reg 4(2))."
    )
    submit_label = "Record"
    success_message = "Recorded that people were told"

    def get_form_kwargs(self, case):
        return {"label": "Date they were told", "label_lower": "the date people were told"}

    def perform(self, form, case):
        return workflow.start_considering(
            actor=self.request.user, case_id=case.pk, notified_on=form.cleaned_data["on"]
        )


class DecideAssessmentView(ProposeIfReserved, CaseActionView):
    reserved_kind = ReservedKind.ASSESS
    decision_form_class = forms.DecisionForm
    title = "Decide whether to carry out an EHC needs assessment"
    submit_label = "Record decision and send letter"
    success_message = "Decision recorded and letter queued"

    def get_form_kwargs(self, case):
        return {"question": "Will the council carry out an EHC needs assessment?"}

    def extra_context(self, case):
        return {
            "deadline": deadlines.decision_to_assess(received=case.received_on),
            "panel_items": case.panel_items.filter(
                decision_point=PanelAgendaItem.DecisionPoint.REQUEST
            ).exclude(recommendation=""),
        }

    def decide(self, form, case):
        data = form.cleaned_data
        return workflow.decide_whether_to_assess(
            actor=self.request.user,
            case_id=case.pk,
            assess=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class RequestAdviceView(CaseActionView):
    form_class = forms.AdviceRequestForm
    title = "Ask for advice"
    submit_label = "Send request"
    success_message = "Advice requested"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.request_advice(
            actor=self.request.user,
            case_id=case.pk,
            advice_type=data["advice_type"],
            requested_on=data["requested_on"],
            adviser=data["adviser"],
            adviser_name=data["adviser_name"],
        )


class ReuseAdviceView(CaseActionView):
    form_class = forms.AdviceReuseForm
    title = "Use advice the family already has"
    intro = (
        "Advice given before (for example in the last 12 months) can be used instead of "
        "asking again only if the council, the person who gave it and the parent or young "
        "person all agree it is enough (SEND Regulations 2014 reg 6(4))."
    )
    submit_label = "Use this advice"
    success_message = "Existing advice recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.reuse_existing_advice(
            actor=self.request.user,
            case_id=case.pk,
            advice_type=data["advice_type"],
            reused_from=data["reused_from"],
            agreed_by_council=data["agreed_by_council"],
            agreed_by_adviser=data["agreed_by_adviser"],
            agreed_by_family=data["agreed_by_family"],
            on=data["on"],
        )


class AdviceReceivedView(CaseActionView):
    form_class = forms.AdviceReceivedForm
    title = "Record advice received"
    submit_label = "Record"
    success_message = "Advice recorded"

    def advice(self, case) -> AdviceRequest:
        return get_object_or_404(case.advice_requests, pk=self.kwargs["pk"])

    def extra_context(self, case):
        return {"advice": self.advice(case)}

    def perform(self, form, case):
        return workflow.record_advice_received(
            actor=self.request.user,
            advice_id=self.advice(case).pk,
            received_on=form.cleaned_data["received_on"],
            summary=form.cleaned_data["summary"],
        )


class ReferToPanelView(CaseActionView):
    form_class = forms.ReferToPanelForm
    title = "Refer the case to the multi-agency panel"
    submit_label = "Add to the agenda"
    success_message = "Added to the panel's agenda"

    def get_form_kwargs(self, case):
        return {"local_authority": case.local_authority, "today": selectors.today()}

    def extra_context(self, case):
        question = (
            "whether to carry out an EHC needs assessment"
            if case.stage == Stage.CONSIDERING
            else "whether to issue an EHC plan"
        )
        return {
            "intro": f"The panel will be asked {question}. Only meetings still to come are "
            "listed: a case cannot join the agenda of a panel that has already met."
        }

    def perform(self, form, case):
        return workflow.refer_to_panel(
            actor=self.request.user,
            case_id=case.pk,
            meeting_id=form.cleaned_data["meeting"].pk,
            summary=form.cleaned_data["summary"],
            on=selectors.today(),
        )


class DecidePlanView(ProposeIfReserved, CaseActionView):
    reserved_kind = ReservedKind.ISSUE
    decision_form_class = forms.DecisionForm
    title = "Decide whether to issue an EHC plan"
    submit_label = "Record decision and send letter"
    success_message = "Decision recorded and letter queued"

    def get_form_kwargs(self, case):
        return {"question": "Will the council issue an EHC plan?"}

    def extra_context(self, case):
        return {
            "deadline": deadlines.no_plan_notice(received=case.received_on),
            "panel_items": case.panel_items.exclude(recommendation=""),
        }

    def decide(self, form, case):
        data = form.cleaned_data
        return workflow.decide_whether_to_issue(
            actor=self.request.user,
            case_id=case.pk,
            issue=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class ServeDraftView(CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Send the draft EHC plan"
    intro = (
        "The draft must not name a school, college or type of setting in section I "
        "(Children and Families Act 2014 s38(5)). The family then has at least "
        f"{period('representations_close')}, beginning with the day it is sent, to comment and ask "
        "for a setting."
    )
    submit_label = "Record the draft as sent"
    success_message = "Draft plan recorded as sent"

    def get_form_kwargs(self, case):
        return {"label": "Date the draft was sent", "label_lower": "the date the draft was sent"}

    def perform(self, form, case):
        return workflow.serve_draft_plan(
            actor=self.request.user, case_id=case.pk, served_on=form.cleaned_data["on"]
        )


class RepresentationsView(CaseActionView):
    form_class = forms.RepresentationsForm
    title = "Record the family's views on the draft plan"
    submit_label = "Record views"
    success_message = "Views recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_representations(
            actor=self.request.user,
            case_id=case.pk,
            received_on=data["received_on"],
            comments=data["comments"],
            meeting_requested=data["meeting_requested"],
            no_further_representations=data["no_further_representations"],
        )


class SettingActionMixin:
    def setting_request(self, case) -> SettingRequest:
        return get_object_or_404(
            case.setting_requests.select_related("setting"), pk=self.kwargs["pk"]
        )

    def extra_context(self, case):
        return {"setting_request": self.setting_request(case)}


class ConsultSettingView(SettingActionMixin, CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Consult the school or college"
    submit_label = "Record consultation"
    success_message = "Consultation recorded"

    def get_form_kwargs(self, case):
        return {"label": "Date the consultation was sent", "label_lower": "the consultation date"}

    def perform(self, form, case):
        return workflow.consult_setting(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            consulted_on=form.cleaned_data["on"],
        )


class SettingResponseView(SettingActionMixin, CaseActionView):
    form_class = forms.ConsultationResponseForm
    dates_default_today = ("responded_on",)
    title = "Record the setting's reply"
    submit_label = "Record reply"
    success_message = "Reply recorded"

    def get_form_kwargs(self, case):
        return {"for_staff": True}

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_setting_response(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            response=data["response"],
            responded_on=data["responded_on"],
            detail=data["detail"],
        )


class DecidePlacementView(SettingActionMixin, CaseActionView):
    form_class = forms.PlacementDecisionForm
    title = "Decide whether to name this setting"
    submit_label = "Record decision"
    success_message = "Decision recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.decide_placement(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            name_it=data["decision"] == "yes",
            decided_on=data["decided_on"],
            refusal_ground=data["refusal_ground"],
            reasons=data["reasons"],
        )


class IssueFinalView(CaseActionView):
    form_class = forms.FinalPlanForm
    title = "Issue the final EHC plan"
    submit_label = "Issue the final plan"
    success_message = "Final plan issued and letter queued"
    template_name = "ehcp/plans/issue_final.html"

    def extra_context(self, case):
        draft = plans.current_draft(case)
        findings = []
        if draft is not None:
            draft = with_content(Plan.objects.filter(pk=draft.pk)).get()
            findings = plan_quality.check(draft)
        return {
            "deadline": deadlines.final_plan(received=case.received_on),
            "window": case.representations_window,
            "named": case.setting_requests.filter(status=SettingRequest.Status.NAMED)
            .select_related("setting")
            .first(),
            "section_i_basis": section_i.BASIS,
            "draft": draft,
            "blocking": plan_quality.blocking(findings),
            "warnings": [f for f in findings if not f.blocking],
            "sent_comments": sum(p.comments.count() for p in case.plans.exclude(served_on=None)),
            "representations": case.representations.count(),
        }

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.issue_final_plan(
            actor=self.request.user,
            case_id=case.pk,
            issued_on=data["issued_on"],
            notice_sent_on=data["notice_sent_on"],
            setting_type=data["setting_type"],
        )


class ExceptionView(CaseActionView):
    form_class = forms.ExceptionForm
    title = "Record an exception to a time limit"
    intro = deadlines.EXCEPTION_NOTE
    submit_label = "Record exception"
    success_message = "Exception recorded"

    def get_form_kwargs(self, case):
        return {"advice_requests": case.advice_requests.exclude(status="cancelled")}

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_exception(
            actor=self.request.user,
            case_id=case.pk,
            reason=data["reason"],
            applies_to=data["applies_to"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            evidence=data["evidence"],
            advice_request_id=int(data["advice_request"]) if data["advice_request"] else None,
        )


class NoteView(CaseActionView):
    form_class = forms.NoteForm
    title = "Add a note"
    submit_label = "Add note"
    success_message = "Note added"

    def perform(self, form, case):
        return workflow.add_note(
            actor=self.request.user, case_id=case.pk, text=form.cleaned_data["text"]
        )


class TaskView(CaseActionView):
    form_class = forms.TaskForm
    title = "Add a task"
    submit_label = "Add task"
    success_message = "Task added"

    def perform(self, form, case):
        return workflow.add_task(
            actor=self.request.user,
            case_id=case.pk,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        )


class WithdrawView(CaseActionView):
    form_class = forms.WithdrawForm
    title = "Record that the request was withdrawn"
    submit_label = "Record withdrawal"
    success_message = "Withdrawal recorded"

    def perform(self, form, case):
        return workflow.withdraw_request(
            actor=self.request.user,
            case_id=case.pk,
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        )


@login_required
@require_http_methods(["POST"])
def complete_task(request, reference, pk):
    case = visible_case(request, reference)
    task = get_object_or_404(case.tasks, pk=pk)
    try:
        workflow.complete_task(actor=request.user, task_id=task.pk, on=selectors.today())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Task done: {task.title}")
    return redirect(reverse("case-detail", args=[case.reference]) + "#tasks")


@login_required
def case_document(request, reference, pk):
    """A decision letter or plan PDF of a case the person can see (404 otherwise)."""
    from django.http import Http404

    from send_portal.models import GeneratedDocument

    case = visible_case(request, reference)
    document = get_object_or_404(
        GeneratedDocument, pk=pk, owner_type="ehcp.case", owner_id=str(case.pk)
    )
    if not (
        selectors.is_staff_of_case(request.user, case)
        or selectors.is_family_of_case(request.user, case)
    ):
        raise Http404
    return serve_document(request, case, document)


def serve_document(request, case, document):
    """The stored PDF, never rebuilt; while it is being made, the page that shows progress."""
    from django.http import FileResponse

    from send_portal.models import GeneratedDocument

    if document.status != GeneratedDocument.Status.READY:
        return render(request, "ehcp/document_pending.html", {"case": case, "document": document})
    audit.record_view(
        actor=request.user,
        obj=document,
        child_id=case.child_id,
        summary=f"Downloaded '{document.title}' ({case.reference})",
        request=request,
    )
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"{case.reference}-{document.pk}.pdf",
    )
