"""Recording a request for an EHC needs assessment, as a council does: a question flow about the
child, who asked and why, each parent or carer, the young person's own contact when they are
over compulsory school age and the current setting from the directory; a warning (with links)
when the council may already know the child; check your answers; then the case. And the queue
of requests families made online."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from send_portal import directory
from send_portal.models import Organisation

from .. import deadlines, intake_forms, selectors
from ..models import Child, end_of_compulsory_school_age
from ..question_flow import Flow, Question
from ..services import intake as intake_service

NEW_REQUEST = "Only council SEND staff can record a request."
SETTING_EXTRAS = [
    ("none", "Not in a school, college or early years setting"),
    ("unknown", "Not known yet"),
]


def _council(request) -> Organisation:
    councils = selectors.intake_councils(request.user)
    if not councils:
        raise PermissionDenied(NEW_REQUEST)
    return Organisation.objects.get(pk=councils[0])


def _dob(answers: dict) -> date | None:
    value = (answers.get("child") or {}).get("date_of_birth")
    return date.fromisoformat(value) if value else None


def over_compulsory_school_age(answers: dict, on: date | None = None) -> bool:
    dob = _dob(answers)
    if dob is None:
        return False
    received = (answers.get("request") or {}).get("received_on")
    on = on or (date.fromisoformat(received) if received else selectors.today())
    return on > end_of_compulsory_school_age(dob)


def matches_for(flow, answers: dict):
    child = answers.get("child") or {}
    if not (child.get("first_name") and child.get("date_of_birth")):
        return []
    return list(
        selectors.possible_duplicates(
            flow.council_id(answers),
            first_name=child["first_name"],
            last_name=child.get("last_name", ""),
            date_of_birth=_dob(answers),
            upn=child.get("upn", ""),
        )
    )


def _existing_child(answers: dict) -> bool:
    choice = (answers.get("duplicate") or {}).get("choice", "")
    return bool(choice) and choice != "new"


def _new_child(flow, answers) -> bool:
    return not _existing_child(answers)


def _has_matches(flow, answers) -> bool:
    return bool(matches_for(flow, answers))


CHILD = "The child or young person"
REQUEST = "The request"
SETTING = "Current school or setting"

#: Who the child is: the same three questions for the council's intake and a family's online
#: request.
CHILD_QUESTIONS = [
    Question(
        "child-name",
        "What is the child or young person's name?",
        intake_forms.ChildNameForm,
        CHILD,
        "child",
        keys={"preferred_name": "Known as"},
    ),
    Question(
        "child-date-of-birth",
        "What is their date of birth?",
        intake_forms.ChildDateOfBirthForm,
        CHILD,
        "child",
        keys={"date_of_birth": "Date of birth"},
    ),
    Question(
        "child-upn",
        "Unique pupil number",
        intake_forms.ChildUpnForm,
        CHILD,
        "child",
        keys={"upn": "Unique pupil number"},
    ),
]

CONTACT_QUESTIONS = [
    Question(
        "parent-name",
        "Parent or carer",
        intake_forms.ContactNameForm,
        "Parents and carers",
        "contact",
        keys={
            "first_name": "First name",
            "last_name": "Last name",
            "relationship": "Relationship",
            "parental_responsibility": "Parental responsibility",
        },
    ),
    Question(
        "parent-address",
        "Their address",
        intake_forms.ContactAddressForm,
        "Parents and carers",
        "contact",
        template="ehcp/intake/contact_address.html",
        keys={"same_address": "Lives at the child's address"},
    ),
    Question(
        "parent-contact",
        "How to contact them",
        intake_forms.ContactMethodForm,
        "Parents and carers",
        "contact",
        keys={"preferred_contact": "Hears from the council by", "email": "Email", "phone": "Phone"},
    ),
    Question(
        "parent-needs",
        "Language and access needs",
        intake_forms.ContactNeedsForm,
        "Parents and carers",
        "contact",
        keys={
            "language": "Language",
            "needs_interpreter": "Needs an interpreter",
            "accessibility_needs": "Access needs",
        },
    ),
]


class IntakeFlow(LoginRequiredMixin, Flow):
    """The council's flow (``/cases/new/``)."""

    session_key = "ehcp_intake"
    url_step = "case-new-step"
    url_step_index = "case-new-step-index"
    url_check = "case-new-check"
    url_start = "case-new"
    contacts_after = "request-received"
    contact_questions = CONTACT_QUESTIONS
    check_title = "Check your answers before recording the request"
    check_button = "Record the request"

    questions = [
        *CHILD_QUESTIONS,
        Question(
            "known-child",
            "The council may already know this child",
            intake_forms.DuplicateForm,
            CHILD,
            "duplicate",
            applies=_has_matches,
            template="ehcp/intake/duplicate.html",
            keys={"choice": "Already known to the council"},
        ),
        Question(
            "child-sex",
            "What is their sex?",
            intake_forms.ChildSexForm,
            CHILD,
            "child",
            applies=_new_child,
            keys={"sex": "Sex"},
        ),
        Question(
            "child-address",
            "What is their home address?",
            intake_forms.AddressForm,
            CHILD,
            "child",
            applies=_new_child,
            keys={"address_line_1": "Address", "address_line_2": "Address line 2"},
        ),
        Question(
            "child-ethnicity",
            "What is their ethnicity?",
            intake_forms.ChildEthnicityForm,
            CHILD,
            "child",
            applies=_new_child,
            keys={"ethnicity": "Ethnicity"},
        ),
        Question(
            "child-need",
            "What is their main type of need?",
            intake_forms.ChildNeedForm,
            CHILD,
            "child",
            applies=_new_child,
            keys={"primary_need": "Main type of need"},
        ),
        Question(
            "request-source",
            "Who made the request?",
            intake_forms.RequestSourceForm,
            REQUEST,
            "request",
            keys={"source": "Made by"},
        ),
        Question(
            "requested-by",
            "Who made the request?",
            intake_forms.RequestedByForm,
            REQUEST,
            "request",
            applies=lambda flow, a: (a.get("request") or {}).get("source") != "s24",
            keys={"requested_by_name": "Name"},
        ),
        Question(
            "request-reasons",
            "Why was the request made?",
            intake_forms.RequestReasonsForm,
            REQUEST,
            "request",
            keys={"reasons": "Reasons"},
        ),
        Question(
            "request-received",
            "When did the council receive the request?",
            intake_forms.ReceivedForm,
            REQUEST,
            "request",
            keys={"received_on": "Received", "allocate_to_me": "Allocated to me"},
        ),
        Question(
            "young-person-contact",
            "The young person's own contact details",
            intake_forms.YoungPersonContactForm,
            "The young person",
            "young_person",
            applies=lambda flow, a: over_compulsory_school_age(a),
            intro="They are over compulsory school age, so the rights in the case are theirs "
            "(Children and Families Act 2014 s80): the council writes to them.",
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
            SETTING,
            "setting",
            template="ehcp/intake/setting.html",
            keys={"choice": "Current setting"},
        ),
    ]

    def allowed(self, request) -> None:
        self.council = _council(request)
        self.caption = f"Record a request: {self.council.name}"

    def council_id(self, answers) -> int:
        return self.council.pk

    def contacts_optional(self, answers: dict) -> bool:
        return over_compulsory_school_age(answers) or _existing_child(answers)

    def form_kwargs(self, question, answers, index) -> dict:
        if question.store == "duplicate":
            return {"matches": matches_for(self, answers)}
        if question.store == "setting":
            return setting_kwargs(self.request, answers)
        return {}

    def extra_context(self, question, answers, index) -> dict:
        context = {"council": self.council}
        if question is not None and question.store == "setting":
            context.update(setting_context(self.request, answers))
        if question is not None and question.store == "duplicate":
            context["matches"] = [
                {"child": child, "cases": list(child.cases.all())}
                for child in matches_for(self, answers)
            ]
        if question is None:  # the check page
            received = (answers.get("request") or {}).get("received_on")
            if received:
                context["deadline"] = deadlines.decision_to_assess(
                    received=date.fromisoformat(received)
                )
        return context

    def display_value(self, question, name, value, answers) -> str:
        return display_choice(question, name, value)

    def after_store(self, answers, question, index, form) -> None:
        if question.store == "duplicate" and form.cleaned_data["choice"] != "new":
            child = Child.objects.filter(
                pk=int(form.cleaned_data["choice"]), local_authority=self.council
            ).first()
            if child is not None:  # its address, for the parents who live there
                lines = child.address.splitlines()
                answers["child"].update(
                    {
                        "address_line_1": lines[0] if lines else "",
                        "address_line_2": lines[1] if len(lines) > 2 else "",
                        "town": lines[-1] if len(lines) > 1 else "",
                        "postcode": child.postcode,
                    }
                )

    def finish(self, request, answers, form):
        case = intake_service.record_request(
            actor=request.user,
            local_authority=self.council,
            answers=answers,
            caseworker=request.user if answers["request"].get("allocate_to_me") else None,
        )
        messages.success(request, f"Request recorded as case {case.reference}")
        return redirect("case-detail", case.reference)


def setting_kwargs(request, answers) -> dict:
    chosen = directory.get_setting((answers.get("setting") or {}).get("choice"))
    search = directory.DirectorySearchForm((request.GET if request is not None else None) or None)
    results = []
    if search.is_valid() and (search.cleaned_data["q"] or search.cleaned_data["category"]):
        results = directory.search_settings(
            search.cleaned_data["q"], category=search.cleaned_data["category"]
        )
    return {
        "results": results,
        "extra_choices": SETTING_EXTRAS,
        "chosen": chosen,
        "label": "Choose the school, college or setting",
        "required_message": "Search for the school or setting and choose it, or say they are "
        "not in one",
    }


def setting_context(request, answers) -> dict:
    search = directory.DirectorySearchForm(request.GET or None)
    query = category = ""
    if search.is_valid():
        query, category = search.cleaned_data["q"], search.cleaned_data["category"]
    return {
        "search_form": search,
        "searched": bool(query or category),
        "query": query,
        "change": request.GET.get("change") == "1",
        "change_keep": {"change": "1"},
    }


def display_choice(question, name, value) -> str:
    if question.store == "setting" and name == "choice":
        if value in dict(SETTING_EXTRAS):
            return dict(SETTING_EXTRAS)[value]
        setting = directory.get_setting(value)
        return directory.summary(setting).label if setting else ""
    if question.store == "duplicate" and name == "choice":
        if value == "new":
            return "No: a new record"
        child = Child.objects.filter(pk=value).first() if value else None
        return f"Yes: {child.full_name} (born {child.date_of_birth:%-d %B %Y})" if child else ""
    return ""


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    """The start of recording a request: what will be asked, and continue or start again."""
    council = _council(request)
    flow_answers = request.session.get(IntakeFlow.session_key)
    if request.method == "POST":
        request.session[IntakeFlow.session_key] = {}
        return redirect("case-new-step", "child-name")
    return render(
        request,
        "ehcp/intake/start.html",
        {"council": council, "in_progress": bool(flow_answers)},
    )
