"""Administration pages (GOV.UK-styled): people, roles and organisations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user

from .. import administration, permissions
from ..identity import normalise_email
from ..models import AuditEvent, Organisation, Region, Role, RoleAssignment, RoleGrantRequest, User
from ..security.otp import needs_second_factor


def _admin(request, codename="send_portal.manage_users"):
    if not permissions.can(request.user, codename):
        raise PermissionDenied("Only a system administrator can manage people and organisations.")


def _error(form, error: administration.AdministrationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class PersonForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link to choose a password.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="None (parents, young people and system administrators)",
        help_text="Where they hold the role, for example their council, school or ICB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_active=True)
            .exclude(kind=Organisation.Kind.OTHER, name="")
            .order_by("kind", "name")
        )


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=Organisation.Kind.choices,
        error_messages={"required": "Select the type of organisation"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.all(), required=False, empty_label="None"
    )
    local_authority = forms.ModelChoiceField(
        label="Council it is in",
        required=False,
        empty_label="None",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
    )
    la_code = forms.CharField(
        label="DfE LA number (councils only)",
        max_length=3,
        required=False,
        help_text="For example, 886 for Kent",
    )
    ons_code = forms.CharField(label="ONS code", max_length=9, required=False)
    urn = forms.CharField(label="URN (schools and settings)", max_length=10, required=False)
    ukprn = forms.CharField(label="UKPRN", max_length=10, required=False)
    setting_type = forms.CharField(label="Type of establishment", max_length=120, required=False)
    phase = forms.ChoiceField(
        label="Phase", choices=[("", "Not applicable"), *Organisation.Phase.choices], required=False
    )
    ods_code = forms.CharField(label="NHS ODS code (ICBs)", max_length=10, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    telephone = forms.CharField(label="Telephone", max_length=40, required=False)
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk"},
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)


@login_required
def index(request):
    _admin(request)
    return render(
        request,
        "send_portal/administration/index.html",
        {
            "people": User.objects.count(),
            "organisations": Organisation.objects.count(),
            "waiting": RoleGrantRequest.objects.filter(status=RoleGrantRequest.Status.WAITING)
            .exclude(requested_by=request.user)
            .exclude(user=request.user)
            .count(),
        },
    )


@login_required
def people(request):
    _admin(request)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    qs = User.objects.order_by("last_name", "first_name", "pk")
    if query:
        qs = qs.filter(
            Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    if role in Role.values:
        qs = qs.filter(role_assignments__role=role, role_assignments__is_active=True).distinct()
    qs = qs.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(is_active=True).select_related("organisation"),
        )
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "send_portal/administration/people.html",
        {"page": page, "query": query, "role": role, "roles": Role.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request):
    _admin(request)
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = administration.create_person(
                actor=request.user, request=request, **form.cleaned_data
            )
        except administration.AdministrationError as error:
            _error(form, error)
        else:
            messages.success(
                request,
                f"Account created. We have emailed {person.email} a link to choose a password.",
            )
            return redirect("administration-person", person.pk)
    return render(request, "send_portal/administration/person_new.html", {"form": form})


@login_required
def person(request, pk):
    _admin(request)
    subject = get_object_or_404(User, pk=pk)
    assignments = subject.role_assignments.select_related("organisation").order_by(
        "-is_active", "role"
    )
    return render(
        request,
        "send_portal/administration/person.html",
        {
            "subject": subject,
            "assignments": assignments,
            "needs_second_factor": needs_second_factor(subject),
            "has_second_factor": any(True for _ in devices_for_user(subject, confirmed=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_add(request, pk):
    _admin(request)
    subject = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = administration.add_role(
                actor=request.user,
                person_id=subject.pk,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except administration.AdministrationError as error:
            _error(form, error)
        else:
            if isinstance(result, RoleGrantRequest):
                messages.success(
                    request,
                    f"{subject.display_name} will get this role once another system "
                    "administrator approves it on the audit page: it would let a system "
                    "administrator read children's records",
                )
            else:
                messages.success(request, f"Role added for {subject.display_name}")
            return redirect("administration-person", subject.pk)
    return render(
        request, "send_portal/administration/role_add.html", {"form": form, "subject": subject}
    )


@login_required
@require_POST
def role_end(request, pk, assignment_id):
    _admin(request)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id, user_id=pk)
    try:
        administration.end_role(actor=request.user, assignment_id=assignment.pk)
    except administration.AdministrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Role ended: {assignment.get_role_display()}")
    return redirect("administration-person", pk)


@login_required
@require_POST
def person_active(request, pk):
    _admin(request)
    subject = get_object_or_404(User, pk=pk)
    try:
        administration.set_active(
            actor=request.user, person_id=subject.pk, active=request.POST.get("active") == "yes"
        )
    except administration.AdministrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Account " + ("switched on" if subject.is_active is False else "switched off")
        )
    return redirect("administration-person", subject.pk)


@login_required
@require_POST
def person_two_factor_reset(request, pk):
    _admin(request)
    subject = get_object_or_404(User, pk=pk)
    try:
        administration.reset_two_factor(actor=request.user, person_id=subject.pk)
    except administration.AdministrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Two-factor authentication reset: {subject.display_name} will set up their "
            "authenticator app again when they next sign in",
        )
    return redirect("administration-person", subject.pk)


@login_required
def organisations(request):
    _admin(request, "send_portal.manage_organisations")
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    qs = Organisation.objects.select_related("region").order_by("kind", "name")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(la_code=query) | Q(urn=query))
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "send_portal/administration/organisations.html",
        {"page": page, "query": query, "kind": kind, "kinds": Organisation.Kind.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk=None):
    _admin(request, "send_portal.manage_organisations")
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    initial = {}
    if organisation is not None:
        initial = {
            name: getattr(organisation, name)
            for name in OrganisationForm.base_fields
            if hasattr(organisation, name)
        }
    form = OrganisationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = administration.save_organisation(
                actor=request.user, data=form.cleaned_data, organisation_id=pk
            )
        except administration.AdministrationError as error:
            _error(form, error)
        else:
            messages.success(request, f"Saved {saved.name}")
            return redirect("administration-organisations")
    return render(
        request,
        "send_portal/administration/organisation_edit.html",
        {"form": form, "organisation": organisation},
    )


#: What the audit page lists: changes to people, their roles and organisations.
ADMINISTRATION_OBJECTS = (
    "send_portal.user",
    "send_portal.roleassignment",
    "send_portal.rolegrantrequest",
    "send_portal.organisation",
)


@login_required
def audit(request):
    """Roles waiting for a second system administrator, the decisions on them, and the latest
    changes to people, roles and organisations."""
    _admin(request)
    grants = RoleGrantRequest.objects.select_related(
        "user", "organisation", "requested_by", "decided_by"
    )
    events = (
        AuditEvent.objects.filter(object_type__in=ADMINISTRATION_OBJECTS)
        .exclude(action=AuditEvent.Action.VIEW)
        .select_related("actor")[:100]
    )
    return render(
        request,
        "send_portal/administration/audit.html",
        {
            "waiting": grants.filter(status=RoleGrantRequest.Status.WAITING),
            "decided": grants.exclude(status=RoleGrantRequest.Status.WAITING)[:50],
            "events": events,
        },
    )


@login_required
@require_POST
def role_grant_decide(request, pk):
    _admin(request)
    grant = get_object_or_404(RoleGrantRequest, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        administration.decide_role_grant(actor=request.user, grant_id=grant.pk, approve=approve)
    except administration.AdministrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{'Approved' if approve else 'Refused'}: {grant.get_role_display()} for "
            f"{grant.user.display_name}",
        )
    return redirect("administration-audit")
