"""A GOV.UK question flow: one thing per page, answers kept in the server-side session until the
person checks them, change links that come back to the check page, and an "add another" loop for
the parents and carers (GOV.UK Design System: "Question pages", "Check answers", "Add multiple
things").

A flow is a list of :class:`Question`; the parents and carers are asked with the questions in
``contact_questions`` once for each person, then :class:`Flow.contacts_summary` asks whether to
add another. Answers are plain JSON in the session under ``Flow.session_key`` (dates as
``YYYY-MM-DD``), and nothing is written to the database until the check page is sent: then the
flow's ``finish`` calls a service, and the answers are removed from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from send_portal.forms import GovukDateField

from .errors import DomainError


def _always(flow, answers) -> bool:
    return True


@dataclass
class Question:
    slug: str
    title: str
    form_class: type[forms.Form]
    section: str
    #: Where the answer is kept: "child", "request", "contact" (one of the parents and carers),
    #: "young_person", "setting", "duplicate", "council".
    store: str
    applies: Callable = _always
    template: str = "ehcp/intake/question.html"
    #: Short names of the fields on the check page (default: the field's label).
    keys: dict = field(default_factory=dict)
    intro: str = ""
    #: Fields not shown on the check page.
    hidden: tuple[str, ...] = ()


def to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


class Flow(View):
    """The engine. Subclasses set ``questions``, ``contact_questions``, ``session_key``, the URL
    names and the page furniture, and define ``allowed`` and ``finish``."""

    questions: list[Question] = []
    contact_questions: list[Question] = []
    #: Where the parents and carers are asked (after the question with this slug).
    contacts_after: str = ""
    session_key = ""
    url_step = ""
    url_step_index = ""
    url_check = ""
    url_start = ""
    caption = ""
    check_title = "Check your answers before recording the request"
    check_button = "Record the request"
    base_template = "base.html"
    check = False

    # ---- hooks --------------------------------------------------------------------------

    def allowed(self, request) -> None:
        """Raise PermissionDenied (or Http404) when the person may not use the flow."""

    def finish(self, request, answers: dict, form):
        """Write the answers with a service; return the response (a redirect)."""
        raise NotImplementedError

    def contacts_optional(self, answers: dict) -> bool:
        return False

    def form_kwargs(self, question: Question, answers: dict, index) -> dict:
        return {}

    def extra_context(self, question: Question | None, answers: dict, index) -> dict:
        return {}

    def check_form(self, data=None):
        return forms.Form(data)

    def display_value(self, question: Question, name: str, value, answers: dict) -> str:
        return ""

    # ---- answers in the session ---------------------------------------------------------

    def answers(self) -> dict:
        return self.request.session.get(self.session_key) or {}

    def save_answers(self, answers: dict) -> None:
        self.request.session[self.session_key] = answers
        self.request.session.modified = True

    def clear(self) -> None:
        self.request.session.pop(self.session_key, None)

    # ---- the sequence of pages ----------------------------------------------------------

    def sequence(self, answers: dict) -> list[tuple[Question, int | None]]:
        pages: list[tuple[Question, int | None]] = []
        for question in self.questions:
            if question.applies(self, answers):
                pages.append((question, None))
            if question.slug == self.contacts_after:
                count = len(answers.get("contacts", []))
                if count == 0 and not self.contacts_optional(answers):
                    count = 1
                for index in range(count):
                    pages.extend((q, index) for q in self.contact_questions)
                pages.append((self.contacts_summary, None))
        return pages

    contacts_summary = Question(
        slug="parents-and-carers",
        title="Parents and carers",
        form_class=None,  # set in __init_subclass__ users: see AddAnotherForm
        section="Parents and carers",
        store="",
        template="ehcp/intake/contacts.html",
    )

    def find(self, slug: str) -> Question:
        for question in [*self.questions, *self.contact_questions, self.contacts_summary]:
            if question.slug == slug:
                return question
        raise Http404("No such question")

    @staticmethod
    def mark(question: Question, index) -> str:
        return f"{question.slug}:{'' if index is None else index}"

    def first_unanswered(self, answers: dict):
        seen = set(answers.get("_seen", []))
        for question, index in self.sequence(answers):
            if self.mark(question, index) not in seen:
                return question, index
        return None

    def url_for(self, question: Question, index=None, *, change=False) -> str:
        if index is None:
            url = reverse(self.url_step, args=[question.slug])
        else:
            url = reverse(self.url_step_index, args=[question.slug, index])
        return url + ("?change=1" if change else "")

    def next_url(self, answers: dict, question: Question, index, *, change: bool) -> str:
        pages = self.sequence(answers)
        if change:
            missing = self.first_unanswered(answers)
            return self.url_for(*missing) if missing else reverse(self.url_check)
        try:
            position = pages.index((question, index))
        except ValueError:
            return reverse(self.url_check)
        following = pages[position + 1 :]
        if not following:
            return reverse(self.url_check)
        return self.url_for(*following[0])

    def back_url(self, answers: dict, question: Question, index, *, change: bool) -> str:
        if change:
            return reverse(self.url_check)
        pages = self.sequence(answers)
        try:
            position = pages.index((question, index))
        except ValueError:
            return reverse(self.url_start)
        if position == 0:
            return reverse(self.url_start)
        return self.url_for(*pages[position - 1])

    # ---- storing one answer -------------------------------------------------------------

    def _store(self, answers: dict, question: Question, index):
        if question.store == "contact":
            contacts = answers.setdefault("contacts", [])
            while len(contacts) <= index:
                contacts.append({})
            return contacts[index]
        if question.store:
            return answers.setdefault(question.store, {})
        return {}

    def initial(self, answers: dict, question: Question, index) -> dict:
        if question.store == "contact":
            contacts = answers.get("contacts", [])
            stored = contacts[index] if index is not None and index < len(contacts) else {}
        else:
            stored = answers.get(question.store, {}) if question.store else {}
        initial = {}
        for name, form_field in question.form_class.base_fields.items():
            if name not in stored:
                continue
            value = stored[name]
            if isinstance(form_field, GovukDateField) and value:
                value = date.fromisoformat(value)
            if isinstance(form_field, forms.ChoiceField) and isinstance(value, bool):
                value = "yes" if value else "no"
            initial[name] = value
        return initial

    def store_answer(self, answers: dict, question: Question, index, cleaned: dict) -> None:
        target = self._store(answers, question, index)
        for name in question.form_class.base_fields:
            if name in cleaned:
                value = to_json(cleaned[name])
                if name == "same_address":
                    value = value == "yes"
                target[name] = value
        seen = answers.setdefault("_seen", [])
        mark = self.mark(question, index)
        if mark not in seen:
            seen.append(mark)

    # ---- pages --------------------------------------------------------------------------

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        self.allowed(request)
        return super().dispatch(request, *args, **kwargs)

    def _question(self, kwargs):
        question = self.find(kwargs["slug"])
        index = kwargs.get("index")
        if (question.store == "contact") != (index is not None):
            raise Http404("No such question")
        if index is not None and index > len(self.answers().get("contacts", [])):
            raise Http404("No such parent or carer")
        return question, index

    def get(self, request, *args, **kwargs):
        answers = self.answers()
        if self.check:
            missing = self.first_unanswered(answers)
            if missing:
                return redirect(self.url_for(*missing))
            return self.render_check(answers, self.check_form())
        question, index = self._question(kwargs)
        if question is self.contacts_summary:
            return self.render_contacts(answers, self.contacts_form())
        form = question.form_class(
            initial=self.initial(answers, question, index),
            **self.form_kwargs(question, answers, index),
        )
        return self.render_question(answers, question, index, form)

    def post(self, request, *args, **kwargs):
        answers = self.answers()
        change = request.GET.get("change") == "1"
        if self.check:
            missing = self.first_unanswered(answers)
            if missing:
                return redirect(self.url_for(*missing))
            form = self.check_form(request.POST)
            if form.is_valid():
                try:
                    response = self.finish(request, answers, form)
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    self.clear()
                    return response
            return self.render_check(answers, form)
        question, index = self._question(kwargs)
        if question is self.contacts_summary:
            return self.post_contacts(answers)
        form = question.form_class(request.POST, **self.form_kwargs(question, answers, index))
        if form.is_valid():
            self.store_answer(answers, question, index, form.cleaned_data)
            self.after_store(answers, question, index, form)
            self.save_answers(answers)
            return redirect(self.next_url(answers, question, index, change=change))
        return self.render_question(answers, question, index, form)

    def after_store(self, answers: dict, question: Question, index, form) -> None:
        """A hook for answers that change others (choosing a child the council knows)."""

    # ---- the add-another loop -----------------------------------------------------------

    def contacts_form(self, data=None):
        from .intake_forms import AddAnotherForm

        return AddAnotherForm(data)

    def post_contacts(self, answers: dict):
        contacts = answers.get("contacts", [])
        remove = self.request.POST.get("remove")
        if remove is not None:
            try:
                position = int(remove)
            except ValueError as exc:
                raise Http404("No such parent or carer") from exc
            if not 0 <= position < len(contacts):
                raise Http404("No such parent or carer")
            contacts.pop(position)
            # Forget which contact pages were seen: their numbers have moved.
            answers["_seen"] = [
                mark
                for mark in answers.get("_seen", [])
                if not any(mark.startswith(f"{q.slug}:") for q in self.contact_questions)
            ]
            for i in range(len(contacts)):
                for q in self.contact_questions:
                    answers["_seen"].append(self.mark(q, i))
            self.save_answers(answers)
            return redirect(self.url_for(self.contacts_summary))
        form = self.contacts_form(self.request.POST)
        if not form.is_valid():
            return self.render_contacts(answers, form)
        if form.cleaned_data["add_another"] == "yes":
            return redirect(self.url_for(self.contact_questions[0], len(contacts)))
        if not contacts and not self.contacts_optional(answers):
            form.add_error("add_another", "Add at least one parent or carer")
            return self.render_contacts(answers, form)
        seen = answers.setdefault("_seen", [])
        mark = self.mark(self.contacts_summary, None)
        if mark not in seen:
            seen.append(mark)
        self.save_answers(answers)
        change = self.request.GET.get("change") == "1"
        return redirect(self.next_url(answers, self.contacts_summary, None, change=change))

    # ---- rendering ----------------------------------------------------------------------

    def common_context(self, answers: dict) -> dict:
        return {
            "caption": self.caption,
            "base_template": self.base_template,
            "start_url": reverse(self.url_start),
            "url_step": self.url_step,
        }

    def render_question(self, answers, question, index, form):
        change = self.request.GET.get("change") == "1"
        visible = [f for f in form.visible_fields() if f.name != "website"]
        context = {
            **self.common_context(answers),
            "question": question,
            "index": index,
            "form": form,
            "single": len(visible) == 1,
            "back_url": self.back_url(answers, question, index, change=change),
            "contact_number": None if index is None else index + 1,
            **self.extra_context(question, answers, index),
        }
        return render(self.request, question.template, context)

    def contact_cards(self, answers: dict, *, with_links: bool = True) -> list[dict]:
        cards = []
        for index, contact in enumerate(answers.get("contacts", [])):
            rows = []
            for question in self.contact_questions:
                rows.extend(self.rows(answers, question, index, contact, with_links=with_links))
            name = f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip()
            cards.append(
                {"index": index, "name": name or f"Parent or carer {index + 1}", "rows": rows}
            )
        return cards

    def render_contacts(self, answers, form):
        change = self.request.GET.get("change") == "1"
        context = {
            **self.common_context(answers),
            "question": self.contacts_summary,
            "form": form,
            "cards": self.contact_cards(answers),
            "optional": self.contacts_optional(answers),
            "back_url": self.back_url(answers, self.contacts_summary, None, change=change),
            **self.extra_context(self.contacts_summary, answers, None),
        }
        return render(self.request, self.contacts_summary.template, context)

    def rows(self, answers, question, index, stored, *, with_links=True) -> list[dict]:
        rows = []
        form = question.form_class(**self.form_kwargs(question, answers, index))
        for name, form_field in form.fields.items():
            if name in question.hidden or name == "website":
                continue
            value = stored.get(name)
            text = self.display_value(question, name, value, answers)
            if not text:
                text = _display(form_field, value)
            rows.append(
                {
                    "key": question.keys.get(name, form_field.label),
                    "value": text,
                    "href": self.url_for(question, index, change=True) if with_links else "",
                    "field": form_field.label,
                }
            )
        return rows

    def sections(self, answers: dict, *, with_links: bool = True) -> list[dict]:
        """The check page: each section's rows, and a card for each parent or carer."""
        sections: list[dict] = []
        for question, index in self.sequence(answers):
            if question.store == "contact" or question is self.contacts_summary:
                if not any(s.get("contacts") for s in sections):
                    sections.append(
                        {
                            "title": "Parents and carers",
                            "contacts": True,
                            "cards": self.contact_cards(answers, with_links=with_links),
                            "rows": [],
                        }
                    )
                continue
            stored = answers.get(question.store, {}) if question.store else {}
            if not sections or sections[-1]["title"] != question.section:
                sections.append({"title": question.section, "rows": [], "contacts": False})
            sections[-1]["rows"].extend(
                self.rows(answers, question, index, stored, with_links=with_links)
            )
        return sections

    def render_check(self, answers, form):
        context = {
            **self.common_context(answers),
            "form": form,
            "sections": self.sections(answers),
            "title": self.check_title,
            "button": self.check_button,
            "back_url": self.url_for(*self.sequence(answers)[-1]),
            **self.extra_context(None, answers, None),
        }
        return render(self.request, "ehcp/intake/check.html", context)


def _display(form_field, value) -> str:
    if value in (None, ""):
        return "Not given"
    if isinstance(form_field, GovukDateField):
        return f"{date.fromisoformat(value):%-d %B %Y}"
    if isinstance(form_field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(form_field.choices).get(value, value))
    return str(value)
