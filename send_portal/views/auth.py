"""Sign-in, sign-out and password reset with GOV.UK forms (Django's views, our templates).

The lock-out is django-axes' (send_portal/security/lockout.py); these views add what axes does
not do: remembering a browser the account signed in from, limiting password reset e-mails per
address and per client, and clearing an account's failures once its owner has reset it.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..client import client_ip
from ..forms import NewPasswordForm, PasswordResetRequestForm, SignInForm
from ..security import limits, lockout

RESET_LIMITED = (
    "You have asked for too many password reset emails. Wait an hour, then try again. If you "
    "still cannot sign in, contact your caseworker or your system administrator."
)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.remember_device(self.request, response, form.cleaned_data["username"])
        return response

    def get_context_data(self, **kwargs):
        from ..security.demo import DEMO_TOTP_BASE32

        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_mode"] = True
            context["demo_totp_secret"] = DEMO_TOTP_BASE32
        return context


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        """Send the e-mail unless this address, or this client, asked too often within the
        hour (security review finding 9). Both counters move on every request, so the answer
        says nothing about whether an account exists."""
        window = settings.PASSWORD_RESET_WINDOW
        allowed = [
            limits.hit(
                "password-reset:account",
                form.cleaned_data["email"],
                limit=settings.PASSWORD_RESET_LIMITS["account"],
                window=window,
            ),
            limits.hit(
                "password-reset:address",
                client_ip(self.request) or "",
                limit=settings.PASSWORD_RESET_LIMITS["address"],
                window=window,
            ),
        ]
        if not all(allowed):
            form.add_error("email", RESET_LIMITED)
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(window)
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # The owner proved they hold the address: whoever locked the account out gains nothing.
        lockout.clear_account_failures(self.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
