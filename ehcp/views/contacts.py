"""The family on the case page: adding and changing a parent, carer or the young person, inviting
them to create an account (or sending the invitation again), and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from send_portal.models import User

from .. import forms
from ..errors import DomainError
from ..models import FamilyContact
from ..services import contacts as contact_services
from .base import CaseActionView, apply_domain_error


class ContactView(CaseActionView):
    """Add a parent, carer or the young person (``pk`` absent), or change their details."""

    form_class = forms.ContactForm
    template_name = "ehcp/family/contact_form.html"
    submit_label = "Save"

    def contact(self, case) -> FamilyContact | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        return get_object_or_404(case.child.contacts, pk=pk)

    @property
    def title(self):
        contact = self.contact(self.case)
        if contact is None:
            return "Add a parent, carer or the young person"
        return f"Change {contact.full_name}'s details"

    def get_initial(self, case):
        contact = self.contact(case)
        if contact is None:
            lines = case.child.address.splitlines()
            return {
                "address_line_1": lines[0] if lines else "",
                "town": lines[-1] if len(lines) > 1 else "",
                "postcode": case.child.postcode,
                "language": "English",
                "preferred_contact": "email",
            }
        return {name: getattr(contact, name) for name in contact_services.FIELDS}

    def extra_context(self, case):
        return {"contact": self.contact(case)}

    def perform(self, form, case):
        contact = self.contact(case)
        if contact is None:
            return contact_services.add_contact(
                actor=self.request.user, case_id=case.pk, values=form.cleaned_data
            )
        return contact_services.update_contact(
            actor=self.request.user,
            case_id=case.pk,
            contact_id=contact.pk,
            values=form.cleaned_data,
        )

    def get_success_message(self, result):
        return f"{result.full_name}'s details saved"

    def success_url(self, case, result):
        return reverse("case-detail", args=[case.reference]) + "#family"


class InviteView(CaseActionView):
    """Invite a contact to create their account, or send the invitation again."""

    form_class = forms.InviteForm
    template_name = "ehcp/family/invite.html"
    submit_label = "Send the invitation"

    def contact(self, case) -> FamilyContact:
        return get_object_or_404(case.child.contacts, pk=self.kwargs["pk"], is_active=True)

    @property
    def title(self):
        contact = self.contact(self.case)
        if contact.invitations.exists():
            return f"Send {contact.full_name} a new invitation"
        return f"Invite {contact.full_name} to follow the case online"

    def extra_context(self, case):
        contact = self.contact(case)
        return {
            "contact": contact,
            "last": contact.invitations.first(),
            "days": contact_services.INVITATION_DAYS,
            "now": timezone.now(),
            "has_account": User.objects.filter(email__iexact=contact.email).exists()
            if contact.email
            else False,
        }

    def perform(self, form, case):
        return contact_services.invite(
            actor=self.request.user,
            case_id=case.pk,
            contact_id=self.contact(case).pk,
            site_url=self.request.build_absolute_uri("/"),
        )

    def get_success_message(self, result):
        return f"Invitation sent to {result.email}"

    def success_url(self, case, result):
        return reverse("case-detail", args=[case.reference]) + "#family"


PROBLEMS = {
    "expired": (
        "This link has expired",
        "Invitation links work for {days} days. Ask your caseworker to send you a new one.",
    ),
    "used": (
        "This link has already been used",
        "Each invitation link works once. If you created your account, sign in. If not, ask "
        "your caseworker to send you a new invitation.",
    ),
    "replaced": (
        "This link has been replaced",
        "The council sent you a newer invitation. Use the link in the most recent e-mail.",
    ),
    "invalid": (
        "This link is not right",
        "Check that you copied the whole link from the e-mail. If it still does not work, ask "
        "your caseworker to send you a new invitation.",
    ),
}


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """Create an account from an invitation (or link the account you have), then see the case."""
    try:
        invitation = contact_services.invitation_from_token(token)
    except contact_services.InvitationProblem as problem:
        title, text = PROBLEMS[problem.message]
        return render(
            request,
            "ehcp/family/invitation_problem.html",
            {"title": title, "text": text.format(days=contact_services.INVITATION_DAYS)},
            # A changed link is not found; one that expired or was used is explained (200: the
            # person did nothing wrong, and a browser would report an error status as a fault).
            status=404 if problem.message == "invalid" else 200,
        )
    contact = invitation.contact
    council = contact.child.local_authority
    context = {"invitation": invitation, "contact": contact, "council": council}
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(request, "ehcp/family/invitation_other_account.html", context)
        if request.method == "POST":
            try:
                contact_services.accept_invitation(token=token, user=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                return _accepted(request, invitation)
        return render(request, "ehcp/family/invitation_link.html", context)
    if has_account:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "ehcp/family/invitation_sign_in.html", context)
    form = forms.CreateAccountForm(
        request.POST if request.method == "POST" else None,
        initial={"first_name": contact.first_name, "last_name": contact.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = contact_services.accept_invitation(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["new_password1"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _accepted(request, invitation)
    return render(request, "ehcp/family/invitation_create.html", {**context, "form": form})


def _accepted(request, invitation):
    messages.success(
        request,
        f"Your account is set up. You can follow {invitation.contact.child.known_as}'s case here.",
    )
    if invitation.case_id:
        return redirect("family-case", invitation.case.reference)
    return redirect("family-cases")
