"""Pages for parents and young people: what they can do if they disagree, in plain language, with
their own dates, their mediation and appeals, and free independent advice (SENDIASS)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ehcp import deadlines, rights
from ehcp import selectors as case_selectors
from ehcp.models import Case, Decision
from ehcp.views.base import visible_case
from send_portal.models import Organisation, Role

from .. import forms
from ..models import NO_CERTIFICATE_BASIS, MediationCase
from ..services import mediation as services
from ..timeline import decision_rows, mediation_rows, step_rows
from .base import ActionView, family_case
from .mediation import appealable_decisions

#: The routes, in plain English first and the law after (ehcp.rights).
ROUTES = tuple(rights.right(key) for key in ("mediation", "appeal", "complain"))

#: The rules whose legal basis the family pages quote (the numbers live in ehcp.deadlines).
RULE_KEYS = (
    "mediation_adviser_contact_by",
    "mediation_certificate_due",
    "mediation_held_by",
    "mediation_certificate_after_mediation",
    "appeal_deadline",
    "appeal_deadline_after_certificate",
    "mediation_agreement_action",
    "mediation_agreement_appealable",
)

WHAT_CAN_BE_APPEALED = {
    Decision.Kind.NOT_ASSESS: "the decision not to carry out an EHC needs assessment",
    Decision.Kind.NOT_ISSUE: "the decision not to issue an EHC plan",
    Decision.Kind.FINAL_PLAN: (
        "the special educational needs in section B, the special educational provision in "
        "section F, and the school or college named (or not named) in section I. The Tribunal "
        "can also make recommendations about health and social care alongside these"
    ),
}


def sendiass_for(case: Case) -> Organisation | None:
    return Organisation.objects.filter(
        kind=Organisation.Kind.SENDIASS, local_authority=case.local_authority_id, is_active=True
    ).first()


def mediation_services_for(case: Case):
    council = case.local_authority
    return (
        Organisation.objects.filter(kind=Organisation.Kind.MEDIATION_SERVICE, is_active=True)
        .filter(Q(local_authority=council) | Q(local_authority=None, region=council.region_id))
        .order_by("name")
    )


def _rules() -> dict[str, deadlines.Rule]:
    return {key: deadlines.RULES[key] for key in RULE_KEYS}


@login_required
def family_home(request):
    """The routes explained, with a link to each of the person's cases."""
    cases = (
        Case.objects.filter(case_selectors.family_case_filter(request.user))
        .select_related("child", "local_authority")
        .order_by("-received_on")
        if request.user.has_role(Role.PARENT, Role.YOUNG_PERSON)
        else Case.objects.none()
    )
    return render(
        request,
        "redress/family_home.html",
        {
            "cases": cases,
            "rules": _rules(),
            "no_certificate_basis": NO_CERTIFICATE_BASIS,
            "rights_routes": ROUTES,
        },
    )


@login_required
def family_routes(request, reference):
    case = visible_case(request, reference)
    if case_selectors.is_staff_of_case(request.user, case):
        return redirect("redress-case", case.reference)
    case = family_case(request, reference)
    today = case_selectors.today()
    decisions = []
    for decision in appealable_decisions(case):
        mediation = next(iter(decision.mediation_cases.all()), None)
        appeal = next(iter(decision.tribunal_appeals.all()), None)
        contact_by = deadlines.mediation_adviser_contact_by(decision_sent=decision.notice_sent_on)
        decisions.append(
            {
                "decision": decision,
                "what": WHAT_CAN_BE_APPEALED.get(decision.kind, ""),
                "mediation": mediation,
                "mediation_rows": mediation_rows(mediation, today=today) if mediation else [],
                "mediation_steps": step_rows(
                    [s for a in mediation.actions.all() for s in a.steps.all()], today=today
                )
                if mediation
                else [],
                "appeal": appeal,
                "appeal_steps": step_rows(list(appeal.steps.select_related("order")), today=today)
                if appeal
                else [],
                "deadline_rows": decision_rows(
                    decision,
                    today=today,
                    mediation=mediation,
                    appealed_on=appeal.registered_on if appeal else None,
                ),
                "can_contact": mediation is None and appeal is None and today <= contact_by.due,
                "can_choose": mediation is not None
                and mediation.status == MediationCase.Status.ADVISER_CONTACTED,
            }
        )
    return render(
        request,
        "redress/family_routes.html",
        {
            "case": case,
            "child": case.child,
            "decisions": decisions,
            "sendiass": sendiass_for(case),
            "mediation_services": mediation_services_for(case),
            "rules": _rules(),
            "no_certificate_basis": NO_CERTIFICATE_BASIS,
            "rights_routes": ROUTES,
            "today": today,
        },
    )


class FamilyActionView(ActionView):
    permission = "redress.family_step"
    back_text = "Back"
    template_name = "redress/action.html"

    def back_url(self, obj) -> str:
        case = obj if isinstance(obj, Case) else obj.case
        return reverse("redress-family", args=[case.reference])

    def extra_context(self, obj):
        return {"family_page": True}


class FamilyContactedView(FamilyActionView):
    form_class = forms.AdviserContactedForm
    title = "Tell us you have contacted the mediation adviser"
    intro = (
        "If you want to appeal, you must contact the mediation adviser first (unless your appeal "
        "is only about the school or college in section I). The adviser explains mediation; "
        "you do not have to take part in it."
    )
    submit_label = "Send"
    success_message = "Thank you: we have recorded that you contacted the mediation adviser"

    def get_object(self, request, **kwargs):
        return family_case(request, kwargs["reference"])

    def get_form_kwargs(self, case):
        return {"decisions": appealable_decisions(case).filter(mediation_cases__isnull=True)}

    def perform(self, form, case):
        return services.open_mediation_case(
            actor=self.request.user,
            decision_id=form.cleaned_data["decision"].pk,
            contacted_on=form.cleaned_data["contacted_on"],
        )


class FamilyChoiceView(FamilyActionView):
    form_class = forms.MediationChoiceForm
    title = "Do you want to try mediation?"
    intro = (
        "Mediation is a meeting with an independent mediator and the council to try to settle "
        "the disagreement. It is free and optional. If you do not want it, the mediation adviser "
        "sends you a certificate so you can appeal."
    )
    submit_label = "Send"

    def get_object(self, request, **kwargs):
        case = family_case(request, kwargs["reference"])
        return get_object_or_404(
            MediationCase.objects.select_related("case__child", "decision"),
            pk=kwargs["pk"],
            case=case,
        )

    def get_form_kwargs(self, mediation):
        return {"mediation": mediation}

    def perform(self, form, mediation):
        data = form.cleaned_data
        return services.record_mediation_choice(
            actor=self.request.user,
            mediation_id=mediation.pk,
            wishes_to_mediate=data["wishes"] == "yes",
            told_on=case_selectors.today(),
            issues=data["issues"],
        )

    def get_success_message(self, result: MediationCase) -> str:
        due = result.certificate_due if not result.wishes_to_mediate else result.held_by
        if not result.wishes_to_mediate:
            return f"Your mediation certificate must be issued by {due.due:%A %-d %B %Y}"
        if due is None:
            return "The council will arrange your mediation"
        return (
            f"The council will arrange your mediation: it must take place by {due.due:%A %-d %B %Y}"
        )
