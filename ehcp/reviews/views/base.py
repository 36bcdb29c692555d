"""The one-form step page of this app: the object is looked up through a permission-scoped
selector (404 when out of scope), the step's permission is checked before the form is shown
(403 with the rule's message), and the service's DomainErrors go back on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from ehcp.errors import DomainError
from ehcp.views.base import apply_domain_error
from send_portal import permissions


class StepView(LoginRequiredMixin, View):
    template_name = "ehcp/reviews/action.html"
    form_class = None
    title = ""
    intro = ""
    submit_label = "Continue"
    permission = "reviews.manage"
    success_message = ""

    def queryset(self, request):
        raise NotImplementedError

    def case_of(self, obj):
        return obj.case

    def back_url(self, obj) -> str:
        raise NotImplementedError

    def success_url(self, obj, result) -> str:
        return self.back_url(obj)

    def get_form_kwargs(self, obj) -> dict:
        return {}

    def get_initial(self, obj) -> dict:
        return {}

    def extra_context(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.obj = get_object_or_404(self.queryset(request), **self.lookup(kwargs))
        return super().dispatch(request, *args, **kwargs)

    def lookup(self, kwargs) -> dict:
        return {"pk": kwargs["pk"]}

    def render_form(self, request, form):
        context = {
            "form": form,
            "obj": self.obj,
            "case": self.case_of(self.obj),
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "back_url": self.back_url(self.obj),
            **self.extra_context(self.obj),
        }
        return render(request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        permissions.require(request.user, self.permission, self.obj)
        return self.render_form(
            request,
            self.form_class(initial=self.get_initial(self.obj), **self.get_form_kwargs(self.obj)),
        )

    def post(self, request, *args, **kwargs):
        permissions.require(request.user, self.permission, self.obj)
        form = self.form_class(request.POST, **self.get_form_kwargs(self.obj))
        if form.is_valid():
            try:
                result = self.perform(form, self.obj)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.success_url(self.obj, result))
        return self.render_form(request, form)
