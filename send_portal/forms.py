"""GOV.UK-styled form building blocks shared by every app.

Forms are rendered with ``templates/includes/field.html`` (one GOV.UK form group per field) and
``templates/includes/error_summary.html``. Error messages follow the GOV.UK Design System: they
say what to do ("Enter your email address"), not what went wrong in the abstract.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import URLValidator

from .identity import normalise_email


def default_dates_to_today(form, today: date | None = None, *, names=None) -> None:
    """Pre-fill, with today, each date of an event just done that the person has not been given
    a value for (a field ``on`` or ``..._on`` that must be today or in the past; only those in
    ``names`` when given): the day a reply is sent from the portal, or recorded as it arrives,
    is most often the day it happened. Dates of birth and dates to come stay empty."""
    today = today or date.today()
    for name, field in form.fields.items():
        if (
            isinstance(field, GovukDateField)
            and field.past_only
            and (name == "on" or name.endswith("_on"))
            and (names is None or name in names)
            and form.initial.get(name) is None
            and field.initial is None
        ):
            form.initial[name] = today


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes (day, month, year), as the GOV.UK date input pattern."""

    template_name = "includes/widgets/date_input.html"

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric"}),
            forms.TextInput(attrs={"inputmode": "numeric"}),
            forms.TextInput(attrs={"inputmode": "numeric"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date from three boxes, with the GOV.UK Design System's error messages."""

    widget = GovukDateWidget
    is_govuk_date = True

    def __init__(self, *, label_lower: str = "the date", past_only=False, **kwargs):
        self.label_lower = label_lower
        self.past_only = past_only
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)
        self.error_messages["required"] = f"Enter {label_lower}"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{self.label_lower[0].upper()}{self.label_lower[1:]} must include a "
                + " and ".join(missing)
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(
                f"{self.label_lower[0].upper()}{self.label_lower[1:]} must be a real date"
            )
        try:
            value = date(int(year), int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(
                f"{self.label_lower[0].upper()}{self.label_lower[1:]} must be a real date"
            ) from exc
        if self.past_only and value > date.today():
            raise forms.ValidationError(
                f"{self.label_lower[0].upper()}{self.label_lower[1:]} must be today or in the past"
            )
        return value


class SignInForm(auth_forms.AuthenticationForm):
    """Sign-in by e-mail address, with GOV.UK error messages."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password. "
        "Passwords are case-sensitive.",
        "inactive": "This account has been switched off. Contact your administrator.",
    }

    def clean_username(self):
        # One spelling of the address for the lock-out, whatever the case or spaces typed.
        return normalise_email(self.cleaned_data["username"])


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class NewPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match. Enter them again."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "Use at least 12 characters. Avoid common passwords and ones like your name."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"


class EvidenceField(forms.CharField):
    """One link per line, written as: Title | https://address"""

    widget = forms.Textarea

    def to_python(self, value):
        text = super().to_python(value)
        links = []
        validate = URLValidator(schemes=["https", "http"])
        for number, line in enumerate(filter(None, (s.strip() for s in text.splitlines())), 1):
            title, separator, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not separator or not title:
                raise forms.ValidationError(
                    f"Write evidence link {number} as a title, a vertical bar and the web "
                    "address, like: Code of Practice | https://www.gov.uk/..."
                )
            try:
                validate(url)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    f"Enter a web address for evidence link {number} starting https://"
                ) from exc
            links.append({"title": title, "url": url})
        return links

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{link['title']} | {link['url']}" for link in value)
        return value
