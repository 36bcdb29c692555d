"""Shared form pieces: dates of things just done start as today; dates of birth do not."""

from __future__ import annotations

from datetime import date

from django import forms

from send_portal.forms import GovukDateField, default_dates_to_today


class _StepForm(forms.Form):
    decided_on = GovukDateField(label="Date of the decision", past_only=True)
    on = GovukDateField(label="Date", past_only=True)
    date_of_birth = GovukDateField(label="Date of birth", past_only=True)
    meeting_on = GovukDateField(label="Date of the meeting")
    notice_sent_on = GovukDateField(label="Date the letter was sent", past_only=True)


def test_event_dates_default_to_today_but_births_and_dates_to_come_do_not():
    form = _StepForm(initial={"notice_sent_on": date(2026, 1, 5)})
    default_dates_to_today(form, date(2026, 11, 22))
    assert form.initial == {
        "decided_on": date(2026, 11, 22),
        "on": date(2026, 11, 22),
        "notice_sent_on": date(2026, 1, 5),
    }
    assert 'value="22"' in str(form["decided_on"])


def test_only_the_dates_named_default_to_today():
    form = _StepForm()
    default_dates_to_today(form, date(2026, 11, 22), names=("notice_sent_on",))
    assert form.initial == {"notice_sent_on": date(2026, 11, 22)}
