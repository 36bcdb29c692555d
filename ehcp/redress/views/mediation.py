"""Council and mediator pages for mediation: the case's disputes, each mediation case, every step,
and the mediator's own list."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from ehcp import deadlines
from ehcp import selectors as case_selectors
from ehcp.models import Case, Decision
from ehcp.views.base import visible_case
from send_portal import audit, permissions
from send_portal.models import Role

from .. import forms, selectors
from ..models import MediationCase
from ..services import mediation as services
from ..timeline import mediation_rows, step_rows
from .base import (
    STAFF_ONLY,
    CaseLevelActionView,
    MediationActionView,
    staff_case,
    visible_mediation,
)

Status = MediationCase.Status


def appealable_decisions(case: Case):
    return (
        case.decisions.filter(kind__in=Decision.APPEALABLE, notice_sent_on__isnull=False)
        .prefetch_related("mediation_cases", "tribunal_appeals")
        .order_by("notice_sent_on", "id")
    )


@dataclass
class Action:
    text: str
    href: str
    primary: bool = False


@login_required
def case_overview(request, reference):
    """Mediation and appeals for one case, by decision (council staff)."""
    case = visible_case(request, reference)
    if not case_selectors.is_staff_of_case(request.user, case):
        if case_selectors.is_family_of_case(request.user, case):
            return redirect("redress-family", case.reference)
        raise PermissionDenied(STAFF_ONLY)
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed mediation and appeals of {case.reference}",
        request=request,
    )
    rows = [
        {
            "decision": decision,
            "mediation": next(iter(decision.mediation_cases.all()), None),
            "appeal": next(iter(decision.tribunal_appeals.all()), None),
        }
        for decision in appealable_decisions(case)
    ]
    return render(
        request,
        "redress/case_overview.html",
        {
            "case": case,
            "child": case.child,
            "rows": rows,
            "can_open": any(r["mediation"] is None for r in rows),
            "can_register": any(r["appeal"] is None for r in rows),
            "complaints": case.complaints.all(),
        },
    )


def mediation_actions(mediation: MediationCase, user) -> list[Action]:
    """The steps this person can take on the mediation case now."""
    ref, pk = mediation.case.reference, mediation.pk

    def url(name):
        return reverse(name, args=[ref, pk])

    staff = permissions.can(user, "redress.manage", mediation)
    mediate = permissions.can(user, "redress.mediate", mediation)
    status = mediation.status
    actions: list[Action] = []
    if staff and status == Status.ADVISER_CONTACTED:
        actions.append(
            Action("Record whether the family wants mediation", url("redress-mediation-choice"))
        )
    if staff and status in (Status.ARRANGING, Status.ARRANGED):
        label = "Re-arrange the mediation" if status == Status.ARRANGED else "Arrange the mediation"
        actions.append(Action(label, url("redress-mediation-arrange")))
    if (
        staff
        and mediation.wishes_to_mediate
        and mediation.health_in_dispute
        and mediation.icb_notified_on is None
    ):
        actions.append(
            Action("Record that the integrated care board was told", url("redress-mediation-icb"))
        )
    # The next step first: the outcome once a meeting has been held, then what was agreed,
    # then the certificate.
    if mediate and status == Status.IN_MEDIATION:
        actions.append(Action("Record the outcome", url("redress-mediation-conclude")))
    if mediate and status in (Status.ARRANGED, Status.IN_MEDIATION):
        actions.append(Action("Record a mediation meeting", url("redress-mediation-session")))
    if (
        mediate
        and status in (Status.CONCLUDED, Status.CERTIFICATE_ISSUED)
        and mediation.reached_agreement
    ):
        actions.append(Action("Record something agreed", url("redress-mediation-action")))
    if mediate and status in MediationCase.CERTIFICATE_DUE:
        by_mediator = mediation.mediator_id == user.pk
        label = (
            "Issue the mediation certificate"
            if by_mediator
            else "Record the mediation certificate the adviser issued"
        )
        actions.append(Action(label, url("redress-mediation-certificate")))
    if mediate and status in (Status.ARRANGED, Status.IN_MEDIATION, Status.CONCLUDED):
        actions.append(Action("Add someone who took part", url("redress-mediation-participant")))
    if staff and status in (Status.ARRANGING, Status.ARRANGED):
        actions.append(
            Action(
                "Record that mediation cannot be arranged in time",
                url("redress-mediation-not-arranged"),
            )
        )
    if staff and status != Status.CERTIFICATE_ISSUED:
        actions.append(
            Action("Name the mediation adviser or mediator", url("redress-mediation-assign"))
        )
    if actions:
        actions[0].primary = True
    return actions


@login_required
def mediation_detail(request, reference, pk):
    mediation = visible_mediation(request, reference, pk)
    user = request.user
    staff = case_selectors.is_staff_of_case(user, mediation.case)
    if not staff and mediation.mediator_id != user.pk:
        # The family sees their mediation on their own page.
        return redirect("redress-family", mediation.case.reference)
    audit.record_view(
        actor=user,
        obj=mediation,
        child_id=mediation.case.child_id,
        summary=f"Viewed mediation {mediation.reference} ({mediation.case.reference})",
        request=request,
    )
    today = case_selectors.today()
    actions = mediation.actions.prefetch_related("steps")
    return render(
        request,
        "redress/mediation_detail.html",
        {
            "mediation": mediation,
            "case": mediation.case,
            "child": mediation.case.child,
            "staff": staff,
            "deadline_rows": mediation_rows(mediation, today=today),
            "sessions": mediation.sessions.all(),
            "participants": mediation.participants.select_related("organisation"),
            "agreement": [
                {"action": action, "steps": step_rows(list(action.steps.all()), today=today)}
                for action in actions
            ],
            "actions": mediation_actions(mediation, user),
            "today": today,
        },
    )


@login_required
def mediation_list(request):
    """A mediator's own cases; the council's mediation cases for its SEND staff."""
    user = request.user
    if not user.has_role(Role.MEDIATOR, Role.CASEWORKER, Role.SEND_MANAGER):
        raise PermissionDenied("This page is for mediators and council SEND staff.")
    today = case_selectors.today()
    status = request.GET.get("status", "")
    qs = selectors.mediation_list(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    rows = []
    for mediation in qs[:200]:
        due = mediation.certificate_due if mediation.status != Status.CERTIFICATE_ISSUED else None
        if due is None and mediation.status in (Status.ARRANGING, Status.ARRANGED):
            due = mediation.held_by
        rows.append(
            {
                "mediation": mediation,
                "due": due,
                "due_status": _due_status(due, today),
            }
        )
    return render(
        request,
        "redress/mediation_list.html",
        {
            "rows": rows,
            "statuses": Status.choices,
            "status": status,
            "is_mediator": user.has_role(Role.MEDIATOR),
        },
    )


def _due_status(due, today) -> str:
    if due is None:
        return ""
    return deadlines.overdue_status(due=due.due, today=today).value


# ---- steps ------------------------------------------------------------------------------------


class OpenMediationView(CaseLevelActionView):
    form_class = forms.AdviserContactedForm
    title = "Record that the family contacted the mediation adviser"
    intro = (
        "Families who want to appeal must contact the mediation adviser first (except about "
        "section I alone). Mediation itself is optional."
    )
    submit_label = "Record"
    permission = "redress.manage"
    success_message = "Contact with the mediation adviser recorded"

    def get_object(self, request, **kwargs):
        return staff_case(request, kwargs["reference"])

    def get_form_kwargs(self, case):
        return {
            "decisions": appealable_decisions(case).filter(mediation_cases__isnull=True),
            "staff": True,
        }

    def perform(self, form, case):
        return services.open_mediation_case(
            actor=self.request.user,
            decision_id=form.cleaned_data["decision"].pk,
            contacted_on=form.cleaned_data["contacted_on"],
        )

    def success_url(self, case, result):
        return reverse("redress-mediation", args=[case.reference, result.pk])


class MediationChoiceView(MediationActionView):
    form_class = forms.MediationChoiceForm
    title = "Record whether the family wants mediation"
    intro = (
        "Mediation is optional. If the family does not want it, the mediation adviser issues a "
        "certificate so they can appeal."
    )
    submit_label = "Record"
    permission = "redress.manage"
    success_message = "Recorded"

    def get_form_kwargs(self, mediation):
        return {"mediation": mediation, "staff": True}

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.record_mediation_choice(
            actor=self.request.user,
            mediation_id=mediation.pk,
            wishes_to_mediate=data["wishes"] == "yes",
            told_on=data["told_on"],
            issues=data["issues"],
        )


class AssignMediatorView(MediationActionView):
    form_class = forms.AssignMediatorForm
    title = "Name the mediation adviser or mediator"
    intro = "They will see this mediation case, and nothing else of the child's records."
    submit_label = "Save"
    success_message = "Mediator named"

    def get_initial(self, mediation):
        return {
            "mediator": mediation.mediator_id,
            "mediation_service": mediation.mediation_service_id,
        }

    def perform(self, form, mediation):
        return services.assign_mediator(
            actor=self.request.user,
            mediation_id=mediation.pk,
            mediator=form.cleaned_data["mediator"],
            mediation_service=form.cleaned_data["mediation_service"],
        )


class ArrangeView(MediationActionView):
    form_class = forms.ArrangeMediationForm
    title = "Arrange the mediation"
    intro = (
        "The council arranges mediation at no cost to the family and cannot refuse it. Whoever "
        "attends for the council must have authority to resolve the issues."
    )
    submit_label = "Arrange"
    success_message = "Mediation arranged"

    def get_initial(self, mediation):
        return {
            "mediator": mediation.mediator_id,
            "mediation_service": mediation.mediation_service_id,
        }

    def extra_context(self, mediation):
        return {"deadline": mediation.held_by}

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.arrange_mediation(
            actor=self.request.user,
            mediation_id=mediation.pk,
            arranged_for=data["arranged_for"],
            mediator=data["mediator"],
            mediation_service=data["mediation_service"],
        )


class IcbView(MediationActionView):
    form_class = forms.IcbNotifiedForm
    title = "Record that the integrated care board was told"
    intro = (
        "Tell each integrated care board about the health care issues the family wants to mediate."
    )
    submit_label = "Record"
    success_message = "Recorded"

    def get_initial(self, mediation):
        return {"icb": mediation.icb_id}

    def extra_context(self, mediation):
        return {"deadline": mediation.icb_due}

    def perform(self, form, mediation):
        return services.record_icb_notified(
            actor=self.request.user,
            mediation_id=mediation.pk,
            icb=form.cleaned_data["icb"],
            notified_on=form.cleaned_data["notified_on"],
        )


class CannotArrangeView(MediationActionView):
    form_class = forms.CannotArrangeForm
    title = "Record that mediation cannot be arranged in time"
    intro = (
        "Tell the mediation adviser: they must then issue a certificate so the family can appeal."
    )
    submit_label = "Record"
    success_message = "Recorded: the certificate is now due"

    def extra_context(self, mediation):
        return {"deadline": mediation.held_by}

    def perform(self, form, mediation):
        return services.record_cannot_arrange(
            actor=self.request.user,
            mediation_id=mediation.pk,
            told_adviser_on=form.cleaned_data["told_adviser_on"],
            reason=form.cleaned_data["reason"],
        )


class SessionView(MediationActionView):
    form_class = forms.SessionForm
    title = "Record a mediation meeting"
    permission = "redress.mediate"
    submit_label = "Record meeting"
    success_message = "Meeting recorded"

    def extra_context(self, mediation):
        return {"deadline": mediation.held_by}

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.record_session(
            actor=self.request.user,
            mediation_id=mediation.pk,
            held_on=data["held_on"],
            format=data["format"],
            duration_minutes=data["duration_minutes"],
            notes=data["notes"],
        )


class ParticipantView(MediationActionView):
    form_class = forms.ParticipantForm
    title = "Add someone who took part"
    permission = "redress.mediate"
    submit_label = "Add"
    success_message = "Added"

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.add_participant(
            actor=self.request.user,
            mediation_id=mediation.pk,
            name=data["name"],
            kind=data["kind"],
            has_authority=data["has_authority"],
        )


class ConcludeView(MediationActionView):
    form_class = forms.ConcludeForm
    title = "Record the outcome of the mediation"
    permission = "redress.mediate"
    submit_label = "Record outcome"
    success_message = "Outcome recorded: the certificate is now due"

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.conclude_mediation(
            actor=self.request.user,
            mediation_id=mediation.pk,
            concluded_on=data["concluded_on"],
            outcome=data["outcome"],
            summary=data["summary"],
        )


class AgreementActionView(MediationActionView):
    form_class = forms.AgreementActionForm
    title = "Record something agreed at mediation"
    intro = (
        "The council (or the integrated care board) must do what it agreed by the dates the law "
        "sets, counted from the day of the agreement."
    )
    permission = "redress.mediate"
    submit_label = "Record"
    success_message = "Agreement recorded with its deadlines"

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.add_agreement_action(
            actor=self.request.user,
            mediation_id=mediation.pk,
            description=data["description"],
            order_type=data["order_type"],
            responsible=data["responsible"],
        )


class CertificateView(MediationActionView):
    form_class = forms.CertificateForm
    permission = "redress.mediate"
    submit_label = "Issue the certificate"
    success_message = "Mediation certificate issued"

    @property
    def title(self):
        if self.object.mediator_id == self.request.user.pk:
            return "Issue the mediation certificate"
        return "Record the mediation certificate the adviser issued"

    def extra_context(self, mediation):
        return {
            "deadline": mediation.certificate_due,
            "notes": [
                "Issuing the certificate can move the family's appeal deadline: "
                + deadlines.RULES["appeal_deadline_after_certificate"].basis
                + "."
            ],
        }

    def perform(self, form, mediation):
        return services.issue_certificate(
            actor=self.request.user,
            mediation_id=mediation.pk,
            issued_on=form.cleaned_data["issued_on"],
        )

    def get_success_message(self, result):
        return (
            f"Mediation certificate issued. The appeal deadline is now "
            f"{result.decision.appeal_deadline:%-d %B %Y}"
        )
