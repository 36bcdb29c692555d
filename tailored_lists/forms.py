"""Forms for tailored lists. Each form is one question; services do the checking that matters."""

from __future__ import annotations

from django import forms


def setting_label(setting) -> str:
    """``Name, Town (URN 123456)``."""
    profile = getattr(setting, "directory_profile", None)
    where = profile.town if profile and profile.town else ""
    if not where and setting.local_authority_id:
        where = setting.local_authority.name
    return f"{setting.name}{', ' + where if where else ''} (URN {setting.urn or 'none'})"


class BuildListForm(forms.Form):
    school_year = forms.ChoiceField(
        label="Which school year is the list for?",
        help_text="Settings are chosen for the child's age at the start of that school year.",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which school year the list is for"},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = years


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the settings directory",
        help_text="Type part of the name, the town, or the URN.",
        max_length=100,
        required=False,
    )


class AddSettingForm(forms.Form):
    setting = forms.ChoiceField(
        label="Setting to add",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the setting to add"},
    )
    reason = forms.CharField(
        label="Why is this setting on the list?",
        help_text="The family will see this reason.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why this setting is on the list"},
    )

    def __init__(self, *args, settings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [(str(s.pk), setting_label(s)) for s in settings]


class ChooseFromListForm(forms.Form):
    entry = forms.ChoiceField(
        label="Which setting from the list do you want to add?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a school or college from the list"},
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [(str(e.pk), e.setting.name) for e in entries]


class OtherSettingForm(forms.Form):
    setting = forms.ChoiceField(
        label="Schools and colleges found",
        widget=forms.RadioSelect,
        required=False,
    )
    setting_name = forms.CharField(
        label="Or type the name of the school or college",
        help_text="If it is not in the directory, type its name and where it is. You can ask "
        "for any school or college the law allows.",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, settings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [(str(s.pk), setting_label(s)) for s in settings]

    def clean(self):
        data = super().clean()
        if not data.get("setting") and not (data.get("setting_name") or "").strip():
            self.add_error(
                "setting_name",
                "Choose a school or college from the search results, or type its name",
            )
        return data
