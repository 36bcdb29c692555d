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

from send_portal import audit
from send_portal.models import Role

from .. import deadlines, section_i, selectors
from ..errors import DomainError
from ..models import (
    AdviceRequest,
    Plan,
    Stage,
)
from ..services import workflow
from ..timeline import case_deadlines, stage_actions
from .base import visible_case

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


# ---- tasks and documents (the steps themselves: case_steps.py) -------------------------------


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
