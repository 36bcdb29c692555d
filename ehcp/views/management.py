"""The SEND manager's pages: the team's caseloads with bulk reallocation, the council's choice of
decisions reserved to managers, and the approval queue."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from send_portal import audit, permissions
from send_portal.forms import GovukDateField, default_dates_to_today
from send_portal.models import User

from .. import deadlines, selectors
from ..errors import DomainError
from ..models import OPEN_STAGES, Case, DecisionApproval, ReservedKind
from ..services import management
from .base import apply_domain_error

MANAGERS_ONLY = "This page is for the council's SEND managers."


def _council(request):
    """The council whose team the manager is looking at (``?council=`` when they manage more
    than one)."""
    councils = selectors.managed_councils(request.user)
    if not councils:
        raise PermissionDenied(MANAGERS_ONLY)
    wanted = request.GET.get("council") or request.POST.get("council")
    for council in councils:
        if wanted and str(council.pk) == wanted:
            return council, councils
    return councils[0], councils


@login_required
def team(request):
    council, councils = _council(request)
    today = selectors.today()
    soon = deadlines.add_working_days(today, deadlines.DUE_SOON_WORKING_DAYS)
    caseloads = selectors.team_caseloads(council, today=today, soon=soon)
    pending = DecisionApproval.objects.filter(
        case__local_authority=council, status=DecisionApproval.Status.PENDING
    ).count()
    return render(
        request,
        "ehcp/management/team.html",
        {
            "council": council,
            "councils": councils,
            "caseloads": caseloads,
            "pending": pending,
            "reserved": [
                ReservedKind(k).label for k in sorted(management.reserved_kinds(council.pk))
            ],
        },
    )


class ReallocateForm(django_forms.Form):
    cases = django_forms.MultipleChoiceField(
        label="Cases to move",
        widget=django_forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one case to move"},
    )
    to = django_forms.ModelChoiceField(
        label="Move them to",
        queryset=User.objects.none(),
        empty_label="Choose a caseworker",
        error_messages={
            "required": "Choose who the cases move to",
            "invalid_choice": "Choose a caseworker of the council",
        },
    )
    on = GovukDateField(
        label="Date of the move", label_lower="the date of the move", past_only=True
    )

    def __init__(self, *args, cases, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [
            (
                str(case.pk),
                f"{case.reference}: {case.child.full_name} ({case.get_stage_display()})",
            )
            for case in cases
        ]
        self.fields["to"].queryset = people


@login_required
@require_http_methods(["GET", "POST"])
def team_reallocate(request):
    council, councils = _council(request)
    source = request.GET.get("from", "")
    open_cases = (
        Case.objects.filter(local_authority=council, stage__in=[s.value for s in OPEN_STAGES])
        .select_related("child", "caseworker")
        .order_by("next_due_on", "reference")
    )
    source_label = "every caseworker"
    if source == "unallocated":
        open_cases = open_cases.filter(caseworker=None)
        source_label = "nobody (unallocated)"
    elif source.isdigit():
        person = get_object_or_404(User, pk=int(source))
        open_cases = open_cases.filter(caseworker=person)
        source_label = person.display_name
    shown = 200
    total = open_cases.count()
    cases = list(open_cases[:shown])
    people = selectors.team_caseworkers(council)
    form = ReallocateForm(
        request.POST if request.method == "POST" else None, cases=cases, people=people
    )
    if request.method != "POST":
        default_dates_to_today(form, selectors.today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = management.reallocate_cases(
                actor=request.user,
                case_ids=[int(pk) for pk in data["cases"]],
                to_caseworker=data["to"],
                on=data["on"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{moved} case{'s' if moved != 1 else ''} moved to {data['to'].display_name}",
            )
            return redirect(f"{reverse('team')}?council={council.pk}")
    return render(
        request,
        "ehcp/management/reallocate.html",
        {
            "council": council,
            "form": form,
            "cases": cases,
            "source": source,
            "source_label": source_label,
            "total": total,
            "today": selectors.today(),
        },
    )


class ReservedDecisionsForm(django_forms.Form):
    kinds = django_forms.MultipleChoiceField(
        label="Decisions a SEND manager must approve",
        choices=ReservedKind.choices,
        widget=django_forms.CheckboxSelectMultiple,
        required=False,
        help_text="A caseworker prepares these decisions; a SEND manager approves them before "
        "the letter goes. Leave them all unticked to let caseworkers decide.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def reserved_decisions(request):
    council, councils = _council(request)
    form = ReservedDecisionsForm(
        request.POST if request.method == "POST" else None,
        initial={"kinds": sorted(management.reserved_kinds(council.pk))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            management.set_reserved_decisions(
                actor=request.user,
                local_authority_id=council.pk,
                kinds=form.cleaned_data["kinds"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The decisions reserved to SEND managers have been saved")
            return redirect(f"{reverse('team')}?council={council.pk}")
    return render(request, "ehcp/management/reserved.html", {"council": council, "form": form})


@login_required
def approvals(request):
    councils = selectors.managed_councils(request.user)
    if not councils:
        raise PermissionDenied(MANAGERS_ONLY)
    rows = DecisionApproval.objects.filter(case__local_authority__in=councils).select_related(
        "case", "case__child", "case__local_authority", "proposed_by", "decided_by"
    )
    pending = list(rows.filter(status=DecisionApproval.Status.PENDING).order_by("proposed_at"))
    for approval in pending:
        approval.deadline = _deadline(approval)
    done = list(rows.exclude(status=DecisionApproval.Status.PENDING).order_by("-decided_at")[:20])
    return render(request, "ehcp/management/approvals.html", {"pending": pending, "done": done})


def _deadline(approval: DecisionApproval):
    """The legal date the decision must be made (or told) by, where the law sets one."""
    case = approval.case
    if approval.kind == ReservedKind.ASSESS:
        return deadlines.decision_to_assess(received=case.received_on)
    if approval.kind == ReservedKind.ISSUE:
        return deadlines.no_plan_notice(received=case.received_on)
    return None


class ApprovalForm(django_forms.Form):
    choice = django_forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            ("approve", "Approve: make this decision and send the letter"),
            ("return", "Return it to the caseworker with a note"),
        ],
        widget=django_forms.RadioSelect,
        error_messages={"required": "Select whether to approve or return the decision"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        label_lower="the decision date",
        past_only=True,
        required=False,
    )
    notice_sent_on = GovukDateField(
        label="Date the decision letter was sent",
        label_lower="the date the letter was sent",
        past_only=True,
        required=False,
        help_text="Any appeal deadline runs from this date.",
    )
    note = django_forms.CharField(
        label="Note to the caseworker (if you return it)",
        widget=django_forms.Textarea,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("choice") == "approve":
            for name, message in (
                ("decided_on", "Enter the decision date"),
                ("notice_sent_on", "Enter the date the letter was sent"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        elif data.get("choice") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why it is returned and what to change")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def approval_detail(request, pk):
    councils = selectors.managed_councils(request.user)
    if not councils:
        raise PermissionDenied(MANAGERS_ONLY)
    approval = get_object_or_404(
        DecisionApproval.objects.filter(case__local_authority__in=councils).select_related(
            "case", "case__child", "case__local_authority", "proposed_by", "decided_by"
        ),
        pk=pk,
    )
    permissions.require(request.user, "ehcp.approve_decision", approval)
    audit.record_view(
        actor=request.user,
        obj=approval.case,
        child_id=approval.case.child_id,
        summary=f"Read the decision waiting for approval on {approval.case.reference}",
        request=request,
    )
    form = None
    if approval.status == DecisionApproval.Status.PENDING:
        form = ApprovalForm(request.POST if request.method == "POST" else None)
        if request.method != "POST":
            default_dates_to_today(form, selectors.today())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["choice"] == "approve":
                    management.approve_decision(
                        actor=request.user,
                        approval_id=approval.pk,
                        decided_on=data["decided_on"],
                        notice_sent_on=data["notice_sent_on"],
                    )
                    messages.success(request, "Decision approved and letter queued")
                else:
                    management.return_decision(
                        actor=request.user, approval_id=approval.pk, note=data["note"]
                    )
                    messages.success(request, "Decision returned to the caseworker")
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                return redirect("approvals")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "ehcp/management/approval.html",
        {
            "approval": approval,
            "case": approval.case,
            "form": form,
            "deadline": _deadline(approval),
            "panel_items": approval.case.panel_items.exclude(recommendation=""),
        },
    )
