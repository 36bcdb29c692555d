"""Asking for an EHC needs assessment online, without an account (a parent, carer or the young
person: Children and Families Act 2014 s36(1)). The request lands in the council's queue
(``ehcp.views.intake.online_request_list``) with a reference, and the acknowledgement gives the
date the council must decide by and the law (``ehcp.deadlines.decision_to_assess``).

Protection of a public form that takes special category data: Django's CSRF protection on every
page; a limit on how often one address can send requests (and pages); a honeypot field; answers
kept only in the server-side session (never in the address or a cookie) and removed once sent;
pages not cached; nothing about an existing child is ever shown to the person filling it in.
"""

from __future__ import annotations

import logging

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from send_portal import directory
from send_portal.models import Organisation
from send_portal.ratelimit import allow, client_address

from .. import intake_forms
from ..errors import DomainError
from ..question_flow import Flow, Question
from ..services import online_requests
from .intake import (
    CHILD_QUESTIONS,
    CONTACT_QUESTIONS,
    display_choice,
    over_compulsory_school_age,
    setting_context,
    setting_kwargs,
)

logger = logging.getLogger("ehcp.self_referral")

#: How many requests one address may send in an hour, and how many pages it may post a minute.
SUBMISSIONS_PER_HOUR = 5
POSTS_PER_MINUTE = 60
SENT_KEY = "ehcp_self_referral_sent"

CHILD = "The child or young person"


def _made_by(answers) -> str:
    return (answers.get("request") or {}).get("source", "")


def _parent_asking(flow, answers) -> bool:
    return _made_by(answers) == "parent"


def too_many(request):
    response = render(request, "ehcp/self_referral/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


class FamilyRequestFlow(Flow):
    session_key = "ehcp_self_referral"
    url_step = "request-assessment-step"
    url_step_index = "request-assessment-step-index"
    url_check = "request-assessment-check"
    url_start = "request-assessment"
    contacts_after = "child-address"
    contact_questions = CONTACT_QUESTIONS
    caption = "Ask for an EHC needs assessment"
    check_title = "Check your answers before sending your request"
    check_button = "Send the request"

    questions = [
        Question(
            "council",
            "Which council is responsible for the child or young person?",
            intake_forms.CouncilForm,
            "Your request",
            "council",
            keys={"council": "Council"},
        ),
        Question(
            "who-are-you",
            "Who are you?",
            intake_forms.MadeByForm,
            "Your request",
            "request",
            keys={"source": "You are"},
        ),
        *CHILD_QUESTIONS,
        Question(
            "child-address",
            "What is their home address?",
            intake_forms.AddressForm,
            CHILD,
            "child",
            keys={"address_line_1": "Address", "address_line_2": "Address line 2"},
        ),
        Question(
            "young-person-contact",
            "How should the council contact the young person?",
            intake_forms.YoungPersonContactForm,
            "The young person",
            "young_person",
            applies=lambda flow, a: _made_by(a) == "young_person" or over_compulsory_school_age(a),
            keys={
                "preferred_contact": "Hears from the council by",
                "email": "Email",
                "phone": "Phone",
                "language": "Language",
                "needs_interpreter": "Needs an interpreter",
                "accessibility_needs": "Access needs",
            },
        ),
        Question(
            "current-setting",
            "Which school, college or setting do they go to now?",
            directory.SettingChoiceForm,
            "Current school or setting",
            "setting",
            template="ehcp/intake/setting.html",
            keys={"choice": "Current setting"},
        ),
        Question(
            "reasons",
            "Why are you asking for an assessment?",
            intake_forms.FamilyReasonsForm,
            "Your request",
            "request",
            keys={"reasons": "Why you are asking"},
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and not allow(
            f"self-referral-post:{client_address(request)}", limit=POSTS_PER_MINUTE, period=60
        ):
            return too_many(request)
        return super().dispatch(request, *args, **kwargs)

    def council_obj_for(self, answers):
        if getattr(self, "council_obj", None) is not None:
            return self.council_obj
        pk = (answers.get("council") or {}).get("council")
        return Organisation.objects.filter(pk=pk).first() if pk else None

    def contacts_optional(self, answers: dict) -> bool:
        return _made_by(answers) == "young_person" or over_compulsory_school_age(answers)

    def form_kwargs(self, question, answers, index) -> dict:
        if question.store == "council":
            return {"councils": online_requests.councils_taking_requests()}
        if question.store == "setting":
            return setting_kwargs(self.request, answers)
        return {}

    def extra_context(self, question, answers, index) -> dict:
        context = {"public": True}
        council = self.council_obj_for(answers)
        if council is not None:
            context["council_name_for_request"] = council.name
        if question is not None and question.store == "setting":
            context.update(setting_context(self.request, answers))
        if question is not None and question.store == "contact" and _parent_asking(self, answers):
            context["you_first"] = index == 0
        return context

    def display_value(self, question, name, value, answers) -> str:
        if question.store == "council" and value:
            council = self.council_obj_for(answers)
            return council.name if council else ""
        return display_choice(question, name, value)

    def check_form(self, data=None):
        return intake_forms.DeclarationForm(data)

    def finish(self, request, answers, form):
        if form.cleaned_data.get("website"):
            logger.warning(
                "Online request refused: honeypot filled from %s", client_address(request)
            )
            raise DomainError(
                "We could not accept this request. If you are a person, contact the council's "
                "SEND team by phone or post."
            )
        if not allow(
            f"self-referral:{client_address(request)}", limit=SUBMISSIONS_PER_HOUR, period=3600
        ):
            raise DomainError(
                "Too many requests have been sent from this connection in the last hour. Try "
                "again later, or contact the council's SEND team."
            )
        answers = {k: v for k, v in answers.items() if not k.startswith("_")}
        online = online_requests.submit(
            local_authority_id=int(answers["council"]["council"]), answers=answers
        )
        due = online_requests.decision_due(online)
        request.session[SENT_KEY] = {
            "reference": online.reference,
            "council": online.local_authority.name,
            "received_on": online.received_on.isoformat(),
            "due": due.due.isoformat(),
            "basis": due.basis,
            "label": due.label,
            "emailed": bool(online_requests._acknowledgement_address(answers)),
        }
        return redirect("request-assessment-sent")


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    """The start page: who can ask, what happens, how long it takes."""
    if request.method == "POST":
        request.session[FamilyRequestFlow.session_key] = {}
        return redirect("request-assessment-step", "council")
    return render(
        request,
        "ehcp/self_referral/start.html",
        {
            "in_progress": bool(request.session.get(FamilyRequestFlow.session_key)),
            "councils": online_requests.councils_taking_requests(),
        },
    )


@never_cache
def sent(request):
    """The confirmation: the reference, and the date the council must decide by, with its law."""
    from datetime import date

    receipt = request.session.get(SENT_KEY)
    if not receipt:
        return redirect(reverse("request-assessment"))
    return render(
        request,
        "ehcp/self_referral/sent.html",
        {
            "receipt": receipt,
            "received_on": date.fromisoformat(receipt["received_on"]),
            "due": date.fromisoformat(receipt["due"]),
        },
    )
