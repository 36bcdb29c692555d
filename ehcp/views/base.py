"""Shared pieces of the EHC views: scoped case lookup and the one-form action page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from send_portal import permissions

from ..errors import DomainError
from ..models import Case
from ..selectors import cases_visible_to


def visible_case(request, reference: str) -> Case:
    """The case with this reference if the person may see it; otherwise 404."""
    return get_object_or_404(
        cases_visible_to(request.user).select_related("child", "local_authority", "caseworker"),
        reference=reference,
    )


def apply_domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class CaseActionView(LoginRequiredMixin, View):
    """A page with one form that performs one workflow step on a case.

    Subclasses set ``form_class``, ``title`` and ``permission`` and define
    ``perform(form, case)``, which calls the service.
    The case is looked up through the permission-scoped selector (404 when out of scope); the
    step's permission is checked before the form is shown (403 with the rule's message).
    """

    template_name = "ehcp/action.html"
    form_class = None
    title = ""
    submit_label = "Continue"
    permission = "ehcp.run_workflow"
    success_message = ""
    intro = ""

    def get_form_kwargs(self, case) -> dict:
        return {}

    def get_initial(self, case) -> dict:
        return {}

    def permission_object(self, case):
        return case

    def success_url(self, case, result) -> str:
        from django.urls import reverse

        return reverse("case-detail", args=[case.reference])

    def extra_context(self, case) -> dict:
        return {}

    def _check(self, request, case):
        permissions.require(request.user, self.permission, self.permission_object(case))

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.case = visible_case(request, kwargs["reference"])
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form, status=200):
        context = {
            "form": form,
            "case": self.case,
            "title": self.title,
            "submit_label": self.submit_label,
            "intro": self.intro,
            **self.extra_context(self.case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self._check(request, self.case)
        form = self.form_class(
            initial=self.get_initial(self.case), **self.get_form_kwargs(self.case)
        )
        return self.render_form(request, form)

    def post(self, request, *args, **kwargs):
        self._check(request, self.case)
        form = self.form_class(request.POST, **self.get_form_kwargs(self.case))
        if form.is_valid():
            try:
                result = self.perform(form, self.case)
            except DomainError as error:
                apply_domain_error(form, error)
            except PermissionDenied:
                raise
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.success_url(self.case, result))
        return self.render_form(request, form)
