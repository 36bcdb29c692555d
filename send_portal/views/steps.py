"""The one-form step page every workflow app builds on (EHC assessment and plans, mediation and
appeals, reviews): the object is looked up through a permission-scoped selector (404 when out
of scope), the step's permission is checked before the form is shown or handled (403 with the
rule's message), the service does the work, and a DomainError goes back on the form as a
GOV.UK error message with nothing changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from send_portal import permissions
from send_portal.errors import DomainError
from send_portal.forms import default_dates_to_today


def apply_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class OneFormStepView(LoginRequiredMixin, View):
    """A page with one form that performs one step on one object.

    Subclasses (usually an app's base) define ``get_object(request, **kwargs)`` (a scoped
    lookup), ``perform(form, obj)`` (calls the service) and ``success_url(obj, result)``, and
    set ``template_name``, ``form_class``, ``title`` and ``permission``. ``object_name`` is the
    object's name on the view and in the template (``case``, ``obj``, ``object``).
    """

    template_name = ""
    form_class = None
    title = ""
    intro = ""
    submit_label = "Continue"
    permission = ""
    success_message = ""
    object_name = "object"
    #: Date fields that start as today (a reply recorded as it arrives, say).
    dates_default_today: tuple[str, ...] = ()

    # ---- hooks ------------------------------------------------------------------------------

    def get_object(self, request, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must say how it finds its object")

    def perform(self, form, obj):
        raise NotImplementedError(f"{type(self).__name__} must say which service it calls")

    def success_url(self, obj, result) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where to go next")

    def permission_object(self, obj):
        return obj

    def get_form_kwargs(self, obj) -> dict:
        return {}

    def get_initial(self, obj) -> dict:
        return {}

    def base_context(self, obj) -> dict:
        """What every page of an app's steps has (its back link, the case)."""
        return {}

    def extra_context(self, obj) -> dict:
        """What one step adds."""
        return {}

    def get_success_message(self, result) -> str:
        return self.success_message

    def _check(self, request, obj) -> None:
        permissions.require(request.user, self.permission, self.permission_object(obj))

    # ---- the page ---------------------------------------------------------------------------

    @property
    def step_object(self):
        return getattr(self, self.object_name)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        setattr(self, self.object_name, self.get_object(request, **kwargs))
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form, status: int = 200):
        obj = self.step_object
        context = {
            "form": form,
            self.object_name: obj,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            **self.base_context(obj),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self.step_object
        self._check(request, obj)
        form = self.form_class(initial=self.get_initial(obj), **self.get_form_kwargs(obj))
        if self.dates_default_today:
            default_dates_to_today(form, names=self.dates_default_today)
        return self.render_form(request, form)

    def post(self, request, *args, **kwargs):
        obj = self.step_object
        self._check(request, obj)
        form = self.form_class(request.POST, **self.get_form_kwargs(obj))
        if form.is_valid():
            try:
                result = self.perform(form, obj)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                message = self.get_success_message(result)
                if message:
                    messages.success(request, message)
                return redirect(self.success_url(obj, result))
        return self.render_form(request, form)
