"""Setting up an authenticator app, and entering its code after the password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login

from send_portal import audit
from send_portal.models import AuditEvent

from .otp import (
    base32_secret,
    confirmed_device,
    current_code,
    demo_mode,
    enrolment_device,
    needs_second_factor,
    qr_code_svg,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6 digits shown in your authenticator app")
        return code


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return reverse("home")
    return target


def _check(request, form, device) -> bool:
    """Verify the code on ``device`` (django-otp throttles repeated wrong codes)."""
    if not form.is_valid():
        return False
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "code",
            "You entered a wrong code too many times. Wait a minute, then enter the code "
            "your app shows now.",
        )
        return False
    if not device.verify_token(form.cleaned_data["code"]):
        form.add_error(
            "code",
            "That code is not right. Enter the code your app shows now: it changes every "
            "30 seconds.",
        )
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.SIGN_IN_FAILED,
            summary="Wrong authenticator app code",
            obj=request.user,
            request=request,
        )
        return False
    return True


def _verified(request, device, summary: str):
    otp_login(request, device)
    # A new session id once the second factor is accepted (as Django does at the password), so
    # an id seen or planted before the code was entered is worth nothing afterwards.
    request.session.cycle_key()
    # Staff sessions also end when the browser closes (besides the idle and absolute limits).
    request.session.set_expiry(0)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.SIGN_IN,
        summary=summary,
        obj=request.user,
        request=request,
    )
    return redirect(_next(request))


def _demo(device):
    if not demo_mode():
        return None
    return {"secret": base32_secret(device), "code": current_code(device)}


@login_required
def verify(request):
    if not needs_second_factor(request.user):
        return redirect(_next(request))
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two-factor-enrol')}?{urlencode({'next': _next(request)})}")
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form, device):
        return _verified(request, device, "Signed in with an authenticator app code")
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": _next(request), "demo": _demo(device)},
    )


@login_required
def enrol(request):
    if not needs_second_factor(request.user):
        return redirect(_next(request))
    if confirmed_device(request.user) is not None:
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': _next(request)})}")
    device = enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _verified(request, device, "Set up an authenticator app for two-factor sign-in")
    return render(
        request,
        "security/enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr_svg": qr_code_svg(device),
            "secret": base32_secret(device),
            "demo": _demo(device),
        },
    )
