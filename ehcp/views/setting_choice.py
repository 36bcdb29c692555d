"""Asking for a school or college, and the council's consultation: the setting is chosen from
the settings directory (search by name, town or postcode and type; special, independent and
section 41 approved shown), never typed as free text. The family is told when the setting they
choose is already being consulted. A setting they cannot find is recorded by the name they give
and the council finds it in the directory before consulting it (``match``)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from send_portal import directory, permissions

from .. import forms, selectors
from ..errors import DomainError
from ..models import SettingRequest, Stage
from ..services import workflow
from .base import apply_domain_error, visible_case

FAMILY_ONLY = "This page is for the child's parent or carer, or the young person."
OPEN_FOR_REQUESTS = (Stage.DRAFT_SERVED, Stage.CONSULTING)


class WhoAsksForm(directory.SettingChoiceForm):
    by = django_forms.ChoiceField(
        label="Who wants it named?",
        choices=[
            ("family", "The family asked for it (Children and Families Act 2014 s38(2)(b))"),
            ("council", "The council proposes it (s39(4) or s40: no request, or one refused)"),
        ],
        widget=django_forms.RadioSelect,
        initial="family",
        error_messages={"required": "Select who wants it named"},
    )


def _already(case) -> list[dict]:
    rows = []
    for request in case.setting_requests.select_related("setting"):
        status = request.get_status_display()
        if request.status == SettingRequest.Status.CONSULTED and request.response_due_on:
            status = f"Being consulted: reply due {request.response_due_on:%-d %B %Y}"
        if request.setting_id is None:
            status += " (not found in the directory yet)"
        rows.append({"name": request.display_name, "status": status})
    return rows


def _chooser_page(
    request,
    case,
    *,
    title,
    intro,
    submit_label,
    back_url,
    not_listed_url,
    perform,
    form_class=None,
    family=False,
):
    context = directory.search_context(
        request,
        data=request.POST if request.method == "POST" else None,
        label="Choose the school or college",
        required_message="Search for the school or college, then choose it from the results",
        form_class=form_class,
    )
    form = context["form"]
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data["setting"], form.cleaned_data)
        except DomainError as error:
            form.add_error("choice", error.message)
        else:
            return result
    return render(
        request,
        "ehcp/setting_choose.html",
        {
            **context,
            "case": case,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "back_url": back_url,
            "not_listed_url": not_listed_url,
            "already": _already(case),
            "family": family,
        },
    )


def _staff_case(request, reference):
    case = visible_case(request, reference)
    permissions.require(request.user, "ehcp.run_workflow", case)
    return case


def _family_case(request, reference):
    case = visible_case(request, reference)
    if not selectors.is_family_of_case(request.user, case):
        raise PermissionDenied(FAMILY_ONLY)
    permissions.require(request.user, "ehcp.make_representations", case)
    return case


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def case_setting_new(request, reference):
    """The council records a school or college the family asked for, or one it proposes."""
    case = _staff_case(request, reference)

    def perform(setting, data):
        workflow.request_setting(
            actor=request.user,
            case_id=case.pk,
            requested_on=selectors.today(),
            setting=setting,
            by_family=data["by"] == "family",
        )
        messages.success(request, f"{setting.name} recorded: consult it next")
        return redirect(reverse("case-detail", args=[case.reference]) + "#settings")

    return _chooser_page(
        request,
        case,
        title="Record a school or college to consult",
        intro="Find it in the settings directory. Its SENCo is asked in the portal when you "
        "consult it, and section I of the final plan names it from the directory.",
        submit_label="Record it",
        back_url=reverse("case-detail", args=[case.reference]),
        not_listed_url=reverse("case-setting-not-listed", args=[case.reference]),
        perform=perform,
        form_class=WhoAsksForm,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def family_request_setting(request, reference):
    """The family asks for a school or college to be named (CFA 2014 s38(2)(b))."""
    case = _family_case(request, reference)

    def perform(setting, data):
        result = workflow.request_setting(
            actor=request.user, case_id=case.pk, requested_on=selectors.today(), setting=setting
        )
        messages.success(
            request,
            f"You asked for {result.display_name}. The council must consult it and name it "
            "unless the law says otherwise.",
        )
        return redirect("family-case", case.reference)

    return _chooser_page(
        request,
        case,
        title="Ask for a school or college",
        intro="",
        submit_label="Send your request",
        back_url=reverse("family-case", args=[case.reference]),
        not_listed_url=reverse("family-setting-not-listed", args=[case.reference]),
        perform=perform,
        family=True,
    )


def _not_listed(request, case, *, family: bool):
    form = forms.NotListedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = workflow.request_setting(
                actor=request.user,
                case_id=case.pk,
                requested_on=selectors.today(),
                setting_name=form.name(),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if family:
                messages.success(
                    request,
                    f"You asked for {result.display_name}. The council will find it in the "
                    "directory of schools and colleges, consult it and name it unless the law "
                    "says otherwise.",
                )
                return redirect("family-case", case.reference)
            messages.success(request, f"{result.display_name} recorded: find it in the directory")
            return redirect(reverse("case-detail", args=[case.reference]) + "#settings")
    back = "family-request-setting" if family else "case-setting-new"
    return render(
        request,
        "ehcp/setting_not_listed.html",
        {
            "case": case,
            "form": form,
            "family": family,
            "back_url": reverse(back, args=[case.reference]),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def family_setting_not_listed(request, reference):
    return _not_listed(request, _family_case(request, reference), family=True)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def case_setting_not_listed(request, reference):
    return _not_listed(request, _staff_case(request, reference), family=False)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def case_setting_match(request, reference, pk):
    """Find in the directory a school or college asked for by name (or recorded as free text
    before the directory was required)."""
    case = _staff_case(request, reference)
    setting_request = get_object_or_404(case.setting_requests, pk=pk, setting=None)

    def perform(setting, data):
        workflow.match_setting_request(
            actor=request.user, setting_request_id=setting_request.pk, setting=setting
        )
        messages.success(request, f"{setting.name} chosen from the directory: consult it next")
        return redirect(reverse("case-detail", args=[case.reference]) + "#settings")

    return _chooser_page(
        request,
        case,
        title=f"Find \u201c{setting_request.setting_name}\u201d in the settings directory",
        intro="The family asked for it by this name. Choose the school or college it is, so "
        "that it can be consulted and named in section I.",
        submit_label="Choose this setting",
        back_url=reverse("case-detail", args=[case.reference]),
        not_listed_url="",
        perform=perform,
    )
