"""Finding a school, college or early years setting in the settings directory.

The directory is every ``Organisation(kind="setting")`` with the facts the directory import keeps
about it (``tailored_lists.SettingProfile``: town, category, specialist, section 41 approval;
imported by ``tailored_lists.directory`` from the DfE's Get Information about Schools extract).
Wherever the portal names a setting (the current school at intake, a family asking for a school,
a consultation, section I of a plan) it is chosen from here, never typed as free text.

:func:`search_settings` finds settings by name, town, postcode (whole or district) or URN, with a
type filter; :class:`SettingChoiceForm` is the radio list of results every page uses, and
``templates/includes/setting_chooser.html`` the search-then-choose page that works without
JavaScript. ``static/js/setting-search.mjs`` adds suggestions as you type from
:func:`suggestions` (``/settings-directory/search/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from .models import Organisation

#: The type filter: (value, label). Values are directory categories, plus the s41 list.
CATEGORIES = [
    ("", "Any type"),
    ("mainstream", "Mainstream school"),
    ("special", "Special school"),
    ("independent", "Independent school"),
    ("s41", "On the section 41 list (independent special or specialist post-16)"),
    ("ap", "Alternative provision"),
    ("post16", "College or sixth form (post-16)"),
]
CATEGORY_VALUES = {value for value, _ in CATEGORIES}

_URN_IN_TEXT = re.compile(r"\bURN\s*(\d{6,8})\b", re.IGNORECASE)
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
MIN_QUERY = 2


def _directory() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.SETTING)


def _category_filter(qs: QuerySet[Organisation], category: str) -> QuerySet[Organisation]:
    if category == "s41":
        return qs.filter(directory_profile__s41_approved=True)
    if category == "special":
        return qs.filter(
            Q(directory_profile__category="special")
            | Q(directory_profile__category="independent", directory_profile__is_specialist=True)
        )
    if category:
        return qs.filter(directory_profile__category=category)
    return qs


def search_settings(query: str, *, category: str = "", limit: int = 20) -> list[Organisation]:
    """Settings matching every word of ``query`` (in the name, the town or the postcode), or the
    URN or UKPRN, or a whole postcode or postcode district; open ones first, then by name.

    "Colchester special" finds special schools in Colchester; "CO3" every setting in that
    postcode district; "URN 115381" (as the suggestions put it) exactly that school.
    """
    query = " ".join((query or "").split())
    category = category if category in CATEGORY_VALUES else ""
    if len(query) < MIN_QUERY and not category:
        return []
    qs = _category_filter(_directory(), category)
    urn = _URN_IN_TEXT.search(query)
    upper = query.upper()
    if urn:
        qs = qs.filter(urn=urn.group(1))
    elif query.isdigit():
        qs = qs.filter(Q(urn=query) | Q(ukprn=query))
    elif _FULL_POSTCODE.match(upper):
        outward, inward = _FULL_POSTCODE.match(upper).groups()
        qs = qs.filter(postcode__iexact=f"{outward} {inward}")
    elif query:
        condition = Q()
        for word in query.split()[:6]:
            word_q = Q(name__icontains=word) | Q(directory_profile__town__iexact=word)
            if _DISTRICT.match(word.upper()):
                word_q |= Q(postcode__istartswith=f"{word} ")
            condition &= word_q
        qs = qs.filter(condition)
    return list(
        qs.select_related("local_authority", "directory_profile").order_by("-is_active", "name")[
            :limit
        ]
    )


def profile(setting: Organisation):
    """The directory facts of a setting, or None for a setting added by hand."""
    try:
        return setting.directory_profile
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class SettingSummary:
    """How a setting is shown in a list of results."""

    pk: int
    name: str
    where: str
    urn: str
    setting_type: str
    flags: tuple[str, ...]

    @property
    def label(self) -> str:
        """``Name, Town CO3 4AB (URN 123456)``: also the text of a suggestion."""
        place = f", {self.where}" if self.where else ""
        return f"{self.name}{place} (URN {self.urn or 'none'})"


def summary(setting: Organisation) -> SettingSummary:
    facts = profile(setting)
    town = facts.town if facts and facts.town else ""
    if not town and setting.local_authority_id:
        town = setting.local_authority.name
    where = " ".join(part for part in (town, setting.postcode) if part)
    flags = []
    if facts is not None:
        if facts.category == "special" or (facts.category == "independent" and facts.is_specialist):
            flags.append("Special school")
        elif facts.is_specialist:
            flags.append("Specialist")
        if facts.category == "independent":
            flags.append("Independent")
        if facts.s41_approved:
            flags.append("Section 41 approved")
        if facts.resourced_provision or facts.sen_unit:
            flags.append("Resourced provision or SEN unit")
    if not setting.is_active:
        flags.append("Closed")
    return SettingSummary(
        pk=setting.pk,
        name=setting.name,
        where=where,
        urn=setting.urn,
        setting_type=setting.setting_type,
        flags=tuple(flags),
    )


def suggestions(query: str, *, category: str = "", limit: int = 10) -> list[dict]:
    """What the autocomplete offers as you type (no personal data: the directory is public)."""
    return [
        {"id": s.pk, "label": summary(s).label, "type": s.setting_type}
        for s in search_settings(query, category=category, limit=limit)
    ]


def find_exact(query: str) -> Organisation | None:
    """The one setting a typed answer names exactly: its URN (alone or as a suggestion puts it,
    "URN 115381") or its whole name, any case; else None. For forms that take a typed answer
    rather than the chooser (a placement's setting)."""
    query = " ".join((query or "").split())
    urn = _URN_IN_TEXT.search(query)
    if urn or query.isdigit():
        return _directory().filter(urn=urn.group(1) if urn else query).first()
    return _directory().filter(name__iexact=query).first() if query else None


def get_setting(pk) -> Organisation | None:
    try:
        return _directory().select_related("directory_profile").get(pk=int(pk))
    except (Organisation.DoesNotExist, TypeError, ValueError):
        return None


class DirectorySearchForm(forms.Form):
    """The search box and type filter (sent with GET: a school's name is not personal data)."""

    q = forms.CharField(
        label="Search by name, town or postcode",
        help_text="For example, Lexden, Colchester, CO3 or the school's URN.",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    category = forms.ChoiceField(
        label="Type of school or college", choices=CATEGORIES, required=False
    )


class _DirectoryChoiceField(forms.ChoiceField):
    """The radio list of results; any setting in the directory is a valid answer (the form
    looks it up), so a choice survives a page sent without its search."""

    def valid_value(self, value):
        return super().valid_value(value) or str(value).isdigit()


class SettingChoiceForm(forms.Form):
    """Choose one of the search results (radio buttons), or one of ``extra_choices`` (such as
    "Not in a school or setting"). ``cleaned_data["setting"]`` is the chosen ``Organisation``
    (or None when an extra choice was made; ``cleaned_data["choice"]`` says which)."""

    choice = _DirectoryChoiceField(widget=forms.RadioSelect)

    def __init__(
        self,
        *args,
        results=(),
        extra_choices=(),
        label: str = "Choose the school or college",
        required_message: str = "Search for the school or college, then choose it from the results",
        chosen: Organisation | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        options = [summary(s) for s in results]
        if chosen is not None and chosen.pk not in {o.pk for o in options}:
            options.insert(0, summary(chosen))
        self.summaries = {str(o.pk): o for o in options}
        self.extra_values = {value for value, _ in extra_choices}
        field = self.fields["choice"]
        field.label = label
        field.choices = [(str(o.pk), o.label) for o in options] + list(extra_choices)
        field.error_messages["required"] = required_message
        field.error_messages["invalid_choice"] = required_message
        if not self.is_bound and not self.initial.get("choice"):
            if chosen is not None:
                self.initial["choice"] = str(chosen.pk)
            elif len(results) == 1:  # one match (a chosen suggestion names its URN): ready
                self.initial["choice"] = str(results[0].pk)

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        data["setting"] = None
        if choice and choice not in self.extra_values:
            setting = get_setting(choice)
            if setting is None:
                self.add_error("choice", self.fields["choice"].error_messages["required"])
            data["setting"] = setting
        return data

    def options(self):
        """(value, summary or label, checked) for the template: results show their flags."""
        current = self["choice"].value()
        for value, label in self.fields["choice"].choices:
            yield {
                "value": value,
                "summary": self.summaries.get(value),
                "label": label,
                "checked": str(current) == str(value),
                "extra": value in self.extra_values,
            }


def search_context(
    request, *, extra_choices=(), chosen=None, data=None, form_class=None, **form_kwargs
) -> dict:
    """The chooser's context for a page: the search form (from the query string), the results
    and the choice form (bound to ``data`` when the page was posted)."""
    search = DirectorySearchForm(request.GET or None)
    query = category = ""
    if search.is_valid():
        query = search.cleaned_data["q"]
        category = search.cleaned_data["category"]
    results = search_settings(query, category=category) if (query or category) else []
    choose = (form_class or SettingChoiceForm)(
        data, results=results, extra_choices=extra_choices, chosen=chosen, **form_kwargs
    )
    return {
        "search_form": search,
        "query": query,
        "category": category,
        "results": results,
        "searched": bool(query or category),
        "form": choose,
    }
