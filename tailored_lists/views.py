"""Pages for tailored lists: the caseworker's list for a child, the family's list with the rights
notice and their preferences, and the pilot evaluation. Thin: look up through the scoped
selectors (404 outside someone's relationships), check the permission (403 with a reason), call a
service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ehcp import deadlines
from ehcp.errors import DomainError
from ehcp.selectors import today, visible_case_or_404
from send_portal import permissions
from send_portal.models import Organisation
from send_portal.views.steps import apply_domain_error

from . import forms, rights, selectors, services
from .matching import next_school_year_start
from .models import ListEntry, TailoredList


def _staff_case(request, reference):
    case = visible_case_or_404(request.user, reference)
    permissions.require(request.user, "tailored_lists.manage", case)
    return case


def _family_case(request, reference):
    case = visible_case_or_404(request.user, reference)
    permissions.require(request.user, "tailored_lists.express_preferences", case)
    return case


def _latest(case) -> TailoredList | None:
    return case.tailored_lists.order_by("-version").first()


def _latest_sent(case) -> TailoredList | None:
    return selectors.lists_for_family(case).first()


def _rights(case) -> dict:
    return rights.notice(selectors.sendiass_for(case.local_authority))


def _error(request, error: DomainError) -> None:
    messages.error(request, error.message)


# ---- Caseworker -------------------------------------------------------------------------------


@login_required
def case_list(request, reference):
    case = _staff_case(request, reference)
    allowed, why = selectors.area_status(case.local_authority)
    versions = list(selectors.lists_for_staff(case))
    current = versions[0] if versions else None
    sent = next((v for v in versions if v.is_sent), None)
    return render(
        request,
        "tailored_lists/case_list.html",
        {
            "case": case,
            "allowed": allowed,
            "why": why,
            "versions": versions,
            "current": current,
            "entries": list(selectors.entries_of(current)) if current else [],
            "sent": sent,
            "preferences": list(selectors.preferences_of(sent)) if sent else [],
            "rights": _rights(case),
            "reply_basis": deadlines.RULES["consultation_response_due"].basis,
        },
    )


def _school_years(on: date) -> list[tuple[str, str]]:
    upcoming = next_school_year_start(on)
    current = date(upcoming.year - 1, 9, 1)
    choices = []
    if current <= on:
        choices.append(
            (current.isoformat(), f"This school year ({current.year} to {current.year + 1})")
        )
    choices.append(
        (upcoming.isoformat(), f"Next school year ({upcoming.year} to {upcoming.year + 1})")
    )
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def build(request, reference):
    case = _staff_case(request, reference)
    allowed, why = selectors.area_status(case.local_authority)
    if not allowed:
        return redirect("tailored-list-case", case.reference)
    years = _school_years(today())
    form = forms.BuildListForm(request.POST if request.method == "POST" else None, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            tailored = services.build_list(
                actor=request.user,
                case_id=case.pk,
                on=today(),
                school_year_starts=date.fromisoformat(form.cleaned_data["school_year"]),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Version {tailored.version} built with {tailored.entries.count()} settings",
            )
            return redirect("tailored-list-case", case.reference)
    return render(request, "tailored_lists/build.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def add_setting(request, reference):
    case = _staff_case(request, reference)
    current = _latest(case)
    if current is None or current.is_sent:
        raise Http404("No list version is open for changes")
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    found = selectors.search_directory(query) if query else []
    form = forms.AddSettingForm(request.POST if request.method == "POST" else None, settings=found)
    if request.method == "POST" and form.is_valid():
        setting = Organisation.objects.get(
            pk=form.cleaned_data["setting"], kind=Organisation.Kind.SETTING
        )
        try:
            services.add_setting(
                actor=request.user,
                list_id=current.pk,
                setting=setting,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{setting.name} added to the list")
            return redirect("tailored-list-case", case.reference)
    return render(
        request,
        "tailored_lists/add_setting.html",
        {
            "case": case,
            "current": current,
            "query": query,
            "found": found,
            "search_form": forms.SearchForm(initial={"q": query}),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request, reference):
    case = _staff_case(request, reference)
    current = _latest(case)
    if current is None or current.is_sent:
        raise Http404("No list version is waiting to be sent")
    error = None
    if request.method == "POST":
        try:
            services.send_list(actor=request.user, list_id=current.pk, sent_on=today())
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"Version {current.version} sent to the family")
            return redirect("tailored-list-case", case.reference)
    return render(
        request,
        "tailored_lists/send.html",
        {
            "case": case,
            "current": current,
            "entries": list(selectors.entries_of(current)),
            "rights": _rights(case),
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decisions_letter(request, reference):
    case = _staff_case(request, reference)
    sent = _latest_sent(case)
    if sent is None or sent.preferences_sent_on is None:
        raise Http404("No preferences have been sent")
    error = None
    if request.method == "POST":
        try:
            services.send_decisions_letter(actor=request.user, list_id=sent.pk, sent_on=today())
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Letter sent to the family")
            return redirect("tailored-list-case", case.reference)
    return render(
        request,
        "tailored_lists/decisions_letter.html",
        {
            "case": case,
            "sent": sent,
            "preferences": list(selectors.preferences_of(sent)),
            "error": error,
        },
    )


# ---- Family -----------------------------------------------------------------------------------


@login_required
def family_list(request, reference):
    case = _family_case(request, reference)
    versions = list(selectors.lists_for_family(case))
    if not versions:
        raise Http404("No list has been sent")
    wanted = request.GET.get("version")
    shown = versions[0]
    if wanted:
        shown = next((v for v in versions if str(v.version) == wanted), None)
        if shown is None:
            raise Http404("No such version")
    latest = versions[0]
    return render(
        request,
        "tailored_lists/family_list.html",
        {
            "case": case,
            "shown": shown,
            "is_latest": shown.pk == latest.pk,
            "versions": versions,
            "entries": list(selectors.entries_of(shown)),
            "preferences": list(selectors.preferences_of(latest)),
            "latest": latest,
            "can_choose": latest.preferences_sent_on is None
            and case.stage in services.PREFERENCE_STAGES,
            "rights": _rights(case),
        },
    )


def _family_open_list(request, reference):
    case = _family_case(request, reference)
    latest = _latest_sent(case)
    if latest is None:
        raise Http404("No list has been sent")
    if latest.preferences_sent_on is not None:
        messages.info(
            request,
            f"You sent your preferences on {latest.preferences_sent_on:%-d %B %Y}.",
        )
        return case, latest, redirect("tailored-list-family", case.reference)
    return case, latest, None


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request, reference):
    case, latest, done = _family_open_list(request, reference)
    if done:
        return done
    if request.method == "POST":
        action = request.POST.get("action", "")
        pref_id = request.POST.get("preference", "")
        if not pref_id.isdigit() or not latest.preferences.filter(pk=pref_id).exists():
            raise Http404("No such preference")
        try:
            if action == "up":
                services.move_preference_up(actor=request.user, preference_id=int(pref_id))
            elif action == "remove":
                services.remove_preference(actor=request.user, preference_id=int(pref_id))
            else:
                raise Http404("Unknown action")
        except DomainError as error:
            _error(request, error)
        return redirect("tailored-list-preferences", case.reference)
    return render(
        request,
        "tailored_lists/preferences.html",
        {
            "case": case,
            "latest": latest,
            "preferences": list(selectors.preferences_of(latest)),
            "rights": _rights(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_from_list(request, reference):
    case, latest, done = _family_open_list(request, reference)
    if done:
        return done
    chosen = set(latest.preferences.exclude(setting=None).values_list("setting_id", flat=True))
    entries = [e for e in selectors.entries_of(latest) if e.setting_id not in chosen]
    form = forms.ChooseFromListForm(
        request.POST if request.method == "POST" else None, entries=entries
    )
    if request.method == "POST" and form.is_valid():
        entry = get_object_or_404(ListEntry, pk=form.cleaned_data["entry"], tailored_list=latest)
        try:
            pref = services.add_preference(
                actor=request.user, list_id=latest.pk, setting=entry.setting
            )
        except DomainError as error:
            form.add_error("entry", error.message)
        else:
            messages.success(request, f"{pref.display_name} added as preference {pref.rank}")
            return redirect("tailored-list-preferences", case.reference)
    return render(
        request,
        "tailored_lists/preference_from_list.html",
        {"case": case, "latest": latest, "form": form, "entries": entries},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_other(request, reference):
    case, latest, done = _family_open_list(request, reference)
    if done:
        return done
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    found = selectors.search_directory(query) if query else []
    form = forms.OtherSettingForm(
        request.POST if request.method == "POST" else None, settings=found
    )
    if request.method == "POST" and form.is_valid():
        setting = None
        if form.cleaned_data["setting"]:
            setting = Organisation.objects.get(
                pk=form.cleaned_data["setting"], kind=Organisation.Kind.SETTING
            )
        try:
            pref = services.add_preference(
                actor=request.user,
                list_id=latest.pk,
                setting=setting,
                setting_name="" if setting else form.cleaned_data["setting_name"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{pref.display_name} added as preference {pref.rank}")
            return redirect("tailored-list-preferences", case.reference)
    return render(
        request,
        "tailored_lists/preference_other.html",
        {
            "case": case,
            "latest": latest,
            "query": query,
            "found": found,
            "search_form": forms.SearchForm(initial={"q": query}),
            "form": form,
            "rights": _rights(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences_check(request, reference):
    case, latest, done = _family_open_list(request, reference)
    if done:
        return done
    prefs = list(selectors.preferences_of(latest))
    error = None
    if request.method == "POST":
        try:
            services.send_preferences(actor=request.user, list_id=latest.pk, on=today())
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                "Your preferences have been sent. The council must consult each school or "
                "college and name it unless the law gives a reason not to.",
            )
            return redirect("tailored-list-family", case.reference)
    return render(
        request,
        "tailored_lists/preferences_check.html",
        {
            "case": case,
            "latest": latest,
            "preferences": prefs,
            "error": error,
            "rights": _rights(case),
            "can_send": case.stage in services.PREFERENCE_STAGES,
        },
    )


# ---- Pilot evaluation -------------------------------------------------------------------------


@login_required
def evaluation(request):
    permissions.require(request.user, "tailored_lists.view_evaluation")
    councils = list(selectors.evaluation_areas_for(request.user))
    if not councils:
        raise PermissionDenied("You do not work with any council's tailored lists pilot.")
    return render(
        request,
        "tailored_lists/evaluation.html",
        {
            "rows": selectors.evaluation_rows(councils),
            "total": selectors.evaluation_total(councils),
            "council_count": len(councils),
        },
    )
