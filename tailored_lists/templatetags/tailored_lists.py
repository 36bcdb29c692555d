"""``{% tailored_list_link case %}`` for the case pages: the caseworker always gets a link (the page
says whether lists are switched on); the family gets one once a list has been sent to them."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def tailored_list_link(case, for_family=False):
    if for_family:
        sent = case.tailored_lists.exclude(sent_on=None).order_by("-version").first()
        if sent is None:
            return ""
        return format_html(
            '<p class="govuk-body"><a class="govuk-link" href="{}">Schools and colleges the '
            "council suggests (tailored list, {})</a>. You can still ask for any school or "
            "college the law allows.</p>",
            reverse("tailored-list-family", args=[case.reference]),
            f"sent {sent.sent_on:%-d %B %Y}",
        )
    return format_html(
        '<p class="govuk-body"><a class="govuk-link" href="{}">Tailored list of settings</a></p>',
        reverse("tailored-list-case", args=[case.reference]),
    )
