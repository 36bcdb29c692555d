"""Pages of the statutory returns: the caseworker's pages that record what the returns need
(on the case, where caseworkers already work), and the SEND manager's import, Annex A and
council details. The SEN2 check and download pages are ``dashboards.views.sen2_*``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dashboards.selectors import council_or_404
from ehcp.errors import DomainError
from ehcp.models import Placement
from ehcp.selectors import today
from ehcp.views.base import CaseActionView
from send_portal import directory, permissions
from send_portal.models import Organisation
from send_portal.views.steps import OneFormStepView

from . import annex_a, importer, services
from .forms import (
    ImportForm,
    OfficersForm,
    PlacementEndForm,
    PlacementForm,
    PlanCeasedForm,
    ReturnDetailsForm,
)


def _council_for_manager(request, la_code: str) -> Organisation:
    """The council, if the person is one of its SEND managers; otherwise 404."""
    council = council_or_404(la_code)
    if not permissions.can(request.user, "returns.manage", council):
        raise Http404("No such return")
    return council


# ---- on the case ------------------------------------------------------------------------------


class ReturnDetailsView(CaseActionView):
    form_class = ReturnDetailsForm
    title = "Details for statutory returns"
    intro = (
        "What the DfE's SEN2 return and Ofsted's Annex A need about the child or young person "
        "and the plan."
    )
    submit_label = "Save details"
    success_message = "Details saved"

    def get_form_kwargs(self, case):
        return {"has_plan": bool(case.final_issued_on)}

    def get_initial(self, case):
        child = case.child
        initial = {name: getattr(child, name) for name in services.CHILD_FIELDS}
        initial.update({name: getattr(case, name) for name in services.CASE_FIELDS})
        plan = services.latest_issued_plan(case)
        if plan is not None:
            initial.update({name: getattr(plan, name) for name in services.PLAN_FIELDS})
        return initial

    def perform(self, form, case):
        return services.record_return_details(
            actor=self.request.user, case_id=case.pk, **form.cleaned_data
        )


class AddPlacementView(CaseActionView):
    form_class = PlacementForm
    title = "Record a placement"
    intro = (
        "Where the child or young person is educated while the plan is maintained (SEN2 "
        "placement detail). It may differ from the school or college named in section I."
    )
    submit_label = "Record placement"
    success_message = "Placement recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        query = data["setting_query"].strip()
        setting = directory.find_exact(query) if query else None
        if query and setting is None:
            raise DomainError(
                "No school or college with that name or URN is in the settings directory",
                field="setting_query",
            )
        return services.add_placement(
            actor=self.request.user,
            case_id=case.pk,
            setting=setting,
            sen_setting=data["sen_setting"],
            sen_setting_other=data["sen_setting_other"],
            rank=data["rank"],
            entry_on=data["entry_on"],
            sen_unit=data["sen_unit"],
            resourced_provision=data["resourced_provision"],
            residential=data["residential"],
            work_based=data["work_based"],
        )


class EndPlacementView(CaseActionView):
    form_class = PlacementEndForm
    title = "Record the end of a placement"
    submit_label = "Record"
    success_message = "Placement ended"

    def placement(self, case) -> Placement:
        return get_object_or_404(case.placements.select_related("setting"), pk=self.kwargs["pk"])

    def extra_context(self, case):
        return {"intro": f"Placement: {self.placement(case).display_name}."}

    def perform(self, form, case):
        return services.end_placement(
            actor=self.request.user,
            placement_id=self.placement(case).pk,
            leaving_on=form.cleaned_data["leaving_on"],
        )


class PlanCeasedView(CaseActionView):
    form_class = PlanCeasedForm
    title = "Record that the plan is no longer maintained"
    intro = (
        "For a plan that ended without the ceasing steps in the portal (for example the young "
        "person died or moved out of England). To propose ceasing a plan, use the review "
        "pages (CFA 2014 s45; SEND Regulations 2014 reg 31)."
    )
    submit_label = "Record"
    success_message = "Recorded that the plan ended"

    def perform(self, form, case):
        return services.record_plan_ceased(
            actor=self.request.user,
            case_id=case.pk,
            ceased_on=form.cleaned_data["ceased_on"],
            reason=form.cleaned_data["reason"],
        )


# ---- the SEND manager's pages -------------------------------------------------------------------


class OfficersView(OneFormStepView):
    template_name = "returns/officers.html"
    form_class = OfficersForm
    title = "Designated officers for the SEN2 return"
    submit_label = "Save"
    success_message = "Saved"
    permission = "returns.manage"
    object_name = "council"

    def get_object(self, request, **kwargs):
        return _council_for_manager(request, kwargs["la_code"])

    def get_initial(self, council):
        details = getattr(council, "return_details", None)
        if details is None:
            return {}
        return {
            "dmo": details.designated_medical_officer,
            "dco": details.designated_clinical_officer,
            "dsco": details.designated_social_care_officer,
        }

    def perform(self, form, council):
        data = form.cleaned_data
        return services.record_council_officers(
            actor=self.request.user,
            local_authority=council,
            dmo=data["dmo"],
            dco=data["dco"],
            dsco=data["dsco"],
        )

    def success_url(self, council, result):
        return reverse("dashboards:sen2", args=[council.la_code])


@login_required
@require_http_methods(["GET", "POST"])
def sen2_import(request, la_code: str):
    council = _council_for_manager(request, la_code)
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importer.import_sen2(
                actor=request.user,
                council=council,
                stream=upload.file,
                dry_run=not form.cleaned_data["apply"],
            )
        except DomainError as error:  # ImportRefused among them
            form.add_error("file", error.message)
    # Errors are shown on the page, as every other form does (GOV.UK error summary).
    return render(
        request, "returns/sen2_import.html", {"council": council, "form": form, "report": report}
    )


@login_required
@require_GET
def annex_a_check(request, la_code: str):
    council = _council_for_manager(request, la_code)
    result = annex_a.build(council, today())
    return render(request, "returns/annex_a.html", {"council": council, "result": result})


@login_required
@require_GET
def annex_a_download(request, la_code: str):
    council = _council_for_manager(request, la_code)
    try:
        content, result = services.export_annex_a(
            actor=request.user, council=council, request=request
        )
    except services.AnnexAHasErrors:
        return redirect("returns-annex-a", council.la_code)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="Annex-A-{council.la_code}-{result.on.isoformat()}.xlsx"'
    )
    return response
