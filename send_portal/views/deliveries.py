"""The council's delivery log (which e-mails went, which failed, which are unknown) and its
reminder settings (lead times, on the day, overdue, daily digest).

Scope follows ROLES.md: a caseworker or SEND manager sees the deliveries of notifications about
their own council's cases (``Notification.local_authority``); anything else is a 404. Only a
SEND manager sends a failed or unknown e-mail again, or changes the council's reminder settings.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import audit
from ..delivery import resend
from ..models import AuditEvent, EmailDelivery, Organisation, ReminderPolicy, Role

LOG_ROLES = (Role.SEND_MANAGER, Role.CASEWORKER)


def _councils(user, *roles: str) -> list[int]:
    councils = user.organisations_for(*(roles or LOG_ROLES))
    if not councils:
        raise Http404("No delivery log for this account")
    return councils


def _visible_deliveries(user):
    return EmailDelivery.objects.filter(notification__local_authority_id__in=_councils(user))


@login_required
@require_http_methods(["GET"])
def delivery_log(request):
    deliveries = _visible_deliveries(request.user)
    counts = dict(
        deliveries.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    status = request.GET.get("status", "")
    if status in EmailDelivery.Status.values:
        deliveries = deliveries.filter(status=status)
    else:
        status = ""
    deliveries = deliveries.select_related(
        "notification", "notification__recipient", "notification__local_authority"
    ).order_by("-notification__created_at", "-pk")
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    filters = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in EmailDelivery.Status.choices
    ]
    return render(
        request,
        "send_portal/deliveries.html",
        {
            "page": page,
            "status": status,
            "filters": filters,
            "total": sum(counts.values()),
            "can_resend": request.user.has_role(Role.SEND_MANAGER),
        },
    )


@login_required
@require_http_methods(["GET"])
def delivery_detail(request, pk: int):
    delivery = get_object_or_404(
        _visible_deliveries(request.user).select_related(
            "notification", "notification__recipient", "notification__local_authority"
        ),
        pk=pk,
    )
    may_resend = delivery.notification.local_authority_id in request.user.organisations_for(
        Role.SEND_MANAGER
    )
    return render(
        request,
        "send_portal/delivery_detail.html",
        {
            "delivery": delivery,
            "attempts": delivery.log.all(),
            "may_resend": may_resend and delivery.status in EmailDelivery.RESENDABLE,
        },
    )


@login_required
@require_POST
def delivery_resend(request, pk: int):
    delivery = get_object_or_404(_visible_deliveries(request.user), pk=pk)
    managed = request.user.organisations_for(Role.SEND_MANAGER)
    if delivery.notification.local_authority_id not in managed:
        raise PermissionDenied("Only a SEND manager of the council can send an e-mail again.")
    if delivery.status not in EmailDelivery.RESENDABLE:
        messages.info(request, "That e-mail is not failed or unknown, so it was not sent again.")
    else:
        resend(delivery, actor=request.user)
        messages.success(request, f"The e-mail to {delivery.to_address} will be sent again.")
    return redirect("delivery-detail", pk=delivery.pk)


# ---- reminder settings ---------------------------------------------------------------------------


class ReminderPolicyForm(forms.Form):
    lead_working_days = forms.CharField(
        label="Working days before a deadline to remind",
        help_text="Whole numbers between 1 and 60, separated by commas, for example 10, 3",
        max_length=60,
    )
    remind_on_the_day = forms.BooleanField(label="Remind on the day it is due", required=False)
    remind_when_overdue = forms.BooleanField(
        label="Remind once when it becomes overdue", required=False
    )
    daily_digest = forms.BooleanField(
        label="Send caseworkers and SEND managers a daily summary",
        help_text="One message each morning listing their deadlines that are overdue or coming up",
        required=False,
    )

    def clean_lead_working_days(self) -> list[int]:
        raw = [part.strip() for part in self.cleaned_data["lead_working_days"].split(",")]
        try:
            leads = sorted({int(part) for part in raw if part}, reverse=True)
        except ValueError:
            raise forms.ValidationError(
                "Enter whole numbers of working days separated by commas, for example 10, 3"
            ) from None
        if not leads or not all(0 < n <= 60 for n in leads):
            raise forms.ValidationError(
                "Enter whole numbers of working days between 1 and 60, for example 10, 3"
            )
        return leads


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    councils = _councils(request.user, Role.SEND_MANAGER)
    chosen = request.GET.get("council") or request.POST.get("council")
    council_id = int(chosen) if chosen and chosen.isdigit() and int(chosen) in councils else None
    council = get_object_or_404(Organisation, pk=council_id or councils[0])
    policy = (
        ReminderPolicy.objects.filter(local_authority=council).first()
        or ReminderPolicy.objects.filter(local_authority=None).first()
        or ReminderPolicy.default()
    )
    initial = {
        "lead_working_days": ", ".join(str(n) for n in policy.lead_working_days),
        "remind_on_the_day": policy.remind_on_the_day,
        "remind_when_overdue": policy.remind_when_overdue,
        "daily_digest": policy.daily_digest,
    }
    form = ReminderPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ReminderPolicy.objects.update_or_create(local_authority=council, defaults=form.cleaned_data)
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.UPDATE,
            summary=f"Reminder settings of {council} changed",
            obj=council,
            detail=dict(form.cleaned_data),
            request=request,
        )
        messages.success(request, f"Reminder settings of {council} saved.")
        return redirect(f"{reverse('reminder-settings')}?council={council.pk}")
    return render(
        request,
        "send_portal/reminder_settings.html",
        {
            "form": form,
            "council": council,
            "councils": Organisation.objects.filter(pk__in=councils).order_by("name"),
        },
    )
