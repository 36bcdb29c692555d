"""Forms for the statutory returns pages: shape only; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from ehcp.models import (
    CeaseReason,
    Disability,
    Ethnicity,
    NeedType,
    Residential,
    SenSetting,
    Sex,
    UPNUnknown,
)
from send_portal.forms import GovukDateField

NOT_RECORDED = [("", "Not recorded")]


class ReturnDetailsForm(forms.Form):
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    postcode = forms.CharField(label="Home postcode", max_length=10, required=False)
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)
    uln = forms.CharField(label="Unique learner number (ULN)", max_length=10, required=False)
    upn_unknown = forms.ChoiceField(
        label="If there is no UPN or ULN, why not",
        choices=NOT_RECORDED + list(UPNUnknown.choices),
        required=False,
    )
    primary_need = forms.ChoiceField(
        label="Primary need", choices=NOT_RECORDED + list(NeedType.choices), required=False
    )
    secondary_need = forms.ChoiceField(
        label="Secondary need", choices=[("", "None")] + list(NeedType.choices), required=False
    )
    disability = forms.ChoiceField(
        label="Does the child or young person have a disability?",
        help_text="As defined in the Equality Act 2010 s6. Ofsted's Annex A asks for it.",
        choices=Disability.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    in_youth_accommodation = forms.BooleanField(
        label="The request was made while the child was in relevant youth accommodation",
        required=False,
    )
    plan_residential = forms.ChoiceField(
        label="Residential placement in the plan",
        choices=[("", "Not residential")] + list(Residential.choices),
        required=False,
    )
    plan_work_based = forms.BooleanField(
        label="The plan includes work-based learning (a supported internship, apprenticeship "
        "or traineeship)",
        required=False,
    )
    personal_budget = forms.BooleanField(label="A personal budget was taken up", required=False)
    personal_budget_organised = forms.BooleanField(
        label="Part of it is organised arrangements", required=False
    )
    personal_budget_direct = forms.BooleanField(
        label="Part of it is paid as direct payments", required=False
    )
    section_i_sen_setting = forms.ChoiceField(
        label="Section I: kind of placement when no school or college with a URN is named",
        choices=NOT_RECORDED + list(SenSetting.choices),
        required=False,
    )
    section_i_sen_unit = forms.BooleanField(
        label="Section I names a SEN unit of the school", required=False
    )
    section_i_resourced_provision = forms.BooleanField(
        label="Section I names resourced provision of the school", required=False
    )

    def __init__(self, *args, has_plan: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].error_messages["required"] = "Select the sex"
        self.fields["ethnicity"].error_messages["required"] = "Select the ethnicity"
        if not has_plan:
            for name in (
                "plan_residential",
                "plan_work_based",
                "personal_budget",
                "personal_budget_organised",
                "personal_budget_direct",
                "section_i_sen_setting",
                "section_i_sen_unit",
                "section_i_resourced_provision",
            ):
                del self.fields[name]

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()


class PlacementForm(forms.Form):
    setting_query = forms.CharField(
        label="School or college",
        help_text="Its name or URN as in the settings directory. Leave empty for a placement "
        "that is not a school or college with a URN.",
        max_length=200,
        required=False,
        # Suggestions from the directory as you type (static/js/setting-search.mjs fills the
        # datalist the page renders beside the field; without JavaScript the name or URN typed
        # is matched exactly), never thousands of names sent with the page.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "list": "setting-suggestions",
                "data-setting-search": reverse_lazy("settings-directory-search"),
                "data-setting-search-list": "setting-suggestions",
                "data-setting-search-status": "setting-suggestions-status",
            }
        ),
    )
    sen_setting = forms.ChoiceField(
        label="Otherwise, the kind of placement",
        choices=NOT_RECORDED + list(SenSetting.choices),
        required=False,
    )
    sen_setting_other = forms.CharField(
        label="Describe the placement", max_length=200, required=False
    )
    rank = forms.TypedChoiceField(
        label="Main or second placement",
        choices=[("1", "Main placement"), ("2", "Second placement (dual registration)")],
        coerce=int,
        initial="1",
        widget=forms.RadioSelect,
    )
    entry_on = GovukDateField(
        label="Date the placement started", label_lower="the date it started", past_only=True
    )
    sen_unit = forms.BooleanField(label="In a SEN unit of the school", required=False)
    resourced_provision = forms.BooleanField(
        label="In resourced provision of the school", required=False
    )
    residential = forms.ChoiceField(
        label="Residential",
        choices=[("", "Not residential")] + list(Residential.choices),
        required=False,
    )
    work_based = forms.BooleanField(label="Work-based learning", required=False)


class PlacementEndForm(forms.Form):
    leaving_on = GovukDateField(
        label="Date the placement ended", label_lower="the date it ended", past_only=True
    )


class PlanCeasedForm(forms.Form):
    ceased_on = GovukDateField(
        label="Date the council stopped maintaining the plan",
        label_lower="the date the plan ceased",
        past_only=True,
    )
    reason = forms.ChoiceField(
        label="Why",
        choices=CeaseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan ceased"},
    )


class OfficersForm(forms.Form):
    dmo = forms.BooleanField(label="A designated medical officer (DMO) is in post", required=False)
    dco = forms.BooleanField(label="A designated clinical officer (DCO) is in post", required=False)
    dsco = forms.BooleanField(
        label="A designated social care officer (DSCO) is in post", required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="SEN2 return (XML)",
        help_text="The SEN2 XML file your current system made for DfE COLLECT.",
        error_messages={"required": "Choose the SEN2 XML file"},
    )
    apply = forms.BooleanField(
        label="Write the caseload into the portal (leave unticked to check the file first)",
        required=False,
    )
