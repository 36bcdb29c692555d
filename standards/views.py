"""Pages of the National Standards catalogue: the public browser for families, versions and their
differences, and the DfE editors' pages. Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from send_portal import permissions
from send_portal.models import Organisation

from . import selectors, services
from .diff import compare
from .errors import DomainError
from .forms import (
    BrowseForm,
    NewStandardForm,
    StandardForm,
    StatusForm,
    SummaryOfChangesForm,
)
from .models import AREA_OF_NEED_FOR_FAMILIES, AreaOfNeed, CatalogueVersion, Setting

FIND_COUNCIL_URL = "https://www.gov.uk/find-local-council"


def _version(request, number: int) -> CatalogueVersion:
    return get_object_or_404(selectors.versions_visible_to(request.user), number=number)


def _support_links() -> dict:
    """Where families get local information and independent advice."""
    sendiass = Organisation.objects.filter(
        kind=Organisation.Kind.SENDIASS, is_active=True
    ).order_by("name")
    return {"find_council_url": FIND_COUNCIL_URL, "sendiass_services": sendiass}


def _frozen(request, version: CatalogueVersion):
    return render(request, "standards/frozen.html", {"version": version}, status=409)


@require_GET
def browse(request):
    """What support should my child's nursery, school or college offer for this kind of need?"""
    version = selectors.current_version()
    form = BrowseForm(request.GET or None)
    area = setting = ""
    if form.is_bound and form.is_valid():
        area, setting = form.cleaned_data["area"], form.cleaned_data["setting"]
    entries = []
    if version is not None:
        entries = list(selectors.entries_of(version, area=area, setting=setting))
    return render(
        request,
        "standards/browse.html",
        {
            "version": version,
            "form": form,
            "entries": entries,
            "area_label": AreaOfNeed(area).label if area else "",
            "setting_label": Setting(setting).label if setting else "",
            "areas": [
                (value, label, AREA_OF_NEED_FOR_FAMILIES[value])
                for value, label in AreaOfNeed.choices
            ],
            **_support_links(),
        },
    )


@require_GET
def standard_current(request, code: str):
    """A standard as it stands in the newest published version."""
    version = selectors.current_version()
    if version is None:
        raise Http404("No version of the National Standards has been published")
    return standard_detail(request, version.number, code)


@require_GET
def standard_detail(request, number: int, code: str):
    version = _version(request, number)
    entry = get_object_or_404(selectors.entries_of(version), standard__code=code)
    other_versions = (
        selectors.standard_versions_visible_to(request.user)
        .filter(standard=entry.standard)
        .exclude(pk=entry.pk)
        .order_by("-catalogue_version__number")
    )
    return render(
        request,
        "standards/standard_detail.html",
        {
            "version": version,
            "entry": entry,
            "other_versions": other_versions,
            "is_current": version == selectors.current_version(),
            "can_edit": permissions.can(request.user, "standards.edit_catalogue")
            and not version.is_frozen,
            **_support_links(),
        },
    )


@require_GET
def version_list(request):
    versions = list(selectors.versions_visible_to(request.user).annotate(n=Count("entries")))
    return render(
        request,
        "standards/version_list.html",
        {
            "versions": versions,
            "version": versions[0] if versions else None,
            "can_edit": permissions.can(request.user, "standards.edit_catalogue"),
        },
    )


@require_GET
def version_detail(request, number: int):
    version = _version(request, number)
    return render(
        request,
        "standards/version_detail.html",
        {
            "version": version,
            "entries": selectors.entries_of(version),
            "previous": selectors.previous_visible_version(request.user, version),
            "can_edit": permissions.can(request.user, "standards.edit_catalogue")
            and not version.is_frozen,
            "can_change_status": permissions.can(request.user, "standards.edit_catalogue")
            and bool(services.TRANSITIONS[version.status]),
        },
    )


@require_GET
def version_changes(request, number: int):
    """What changed in this version, compared with an earlier one (the previous by default)."""
    version = _version(request, number)
    earlier = None
    if request.GET.get("from", "").isdigit():
        earlier = (
            selectors.versions_visible_to(request.user)
            .filter(number=int(request.GET["from"]), number__lt=version.number)
            .first()
        )
    earlier = earlier or selectors.previous_visible_version(request.user, version)
    return render(
        request,
        "standards/version_changes.html",
        {
            "version": version,
            "earlier": earlier,
            "changes": compare(earlier, version) if earlier else [],
            "earlier_options": selectors.versions_visible_to(request.user).filter(
                number__lt=version.number
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_new(request):
    permissions.require(request.user, "standards.edit_catalogue")
    form = SummaryOfChangesForm(request.POST or None)
    latest = CatalogueVersion.objects.order_by("-number").first()
    if request.method == "POST" and form.is_valid():
        try:
            version = services.start_new_version(
                actor=request.user, summary_of_changes=form.cleaned_data["summary_of_changes"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Version {version.number} started")
            return redirect("standards:version", number=version.number)
    return render(
        request,
        "standards/version_new.html",
        {"form": form, "latest": latest, "version": latest},
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_details_edit(request, number: int):
    version = _version(request, number)
    permissions.require(request.user, "standards.edit_catalogue")
    if version.is_frozen:
        return _frozen(request, version)
    form = SummaryOfChangesForm(
        request.POST or None, initial={"summary_of_changes": version.summary_of_changes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version_details(
                actor=request.user,
                version_id=version.pk,
                summary_of_changes=form.cleaned_data["summary_of_changes"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Summary of changes saved")
            return redirect("standards:version", number=version.number)
    return render(
        request, "standards/version_details_edit.html", {"form": form, "version": version}
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, number: int, code: str):
    version = _version(request, number)
    entry = get_object_or_404(selectors.entries_of(version), standard__code=code)
    permissions.require(request.user, "standards.edit_catalogue")
    if version.is_frozen:
        return _frozen(request, version)
    form = StandardForm(request.POST or None, initial=StandardForm.initial_from(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_standard(
                actor=request.user, version_id=version.pk, code=code, content=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Standard {code} saved")
            return redirect("standards:standard", number=version.number, code=code)
    return render(
        request,
        "standards/standard_form.html",
        {"form": form, "version": version, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request, number: int):
    version = _version(request, number)
    permissions.require(request.user, "standards.edit_catalogue")
    if version.is_frozen:
        return _frozen(request, version)
    form = NewStandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        content = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            entry = services.add_standard(
                actor=request.user,
                version_id=version.pk,
                code=form.cleaned_data["code"],
                content=content,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Standard {entry.code} added")
            return redirect("standards:standard", number=version.number, code=entry.code)
    return render(
        request, "standards/standard_form.html", {"form": form, "version": version, "entry": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_remove(request, number: int, code: str):
    version = _version(request, number)
    entry = get_object_or_404(selectors.entries_of(version), standard__code=code)
    permissions.require(request.user, "standards.edit_catalogue")
    if version.is_frozen:
        return _frozen(request, version)
    error = ""
    if request.method == "POST":
        try:
            services.remove_standard(actor=request.user, version_id=version.pk, code=code)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Standard {code} removed from version {version.number}")
            return redirect("standards:version", number=version.number)
    return render(
        request,
        "standards/standard_remove.html",
        {"version": version, "entry": entry, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_status(request, number: int):
    version = _version(request, number)
    permissions.require(request.user, "standards.edit_catalogue")
    allowed = sorted(services.TRANSITIONS[version.status], key=list(CatalogueVersion.Status).index)
    if not allowed:
        return _frozen(request, version)
    form = StatusForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user, version_id=version.pk, to_status=form.cleaned_data["status"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            version.refresh_from_db()
            messages.success(
                request,
                f"Version {version.number} is now {version.get_status_display().lower()}",
            )
            return redirect(reverse("standards:version", kwargs={"number": version.number}))
    return render(request, "standards/version_status.html", {"form": form, "version": version})
