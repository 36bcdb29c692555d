"""``{% legal_period "final_plan" %}``: a legal period in words ("20 weeks"), made from the rule
in the law table (``ehcp.deadlines.RULES``) that owns it, never typed into a template.
``adjective=True`` gives "6-week" (the 6-week clock)."""

from django import template

from ehcp.deadlines.wording import rule_period_words

register = template.Library()


@register.simple_tag
def legal_period(key: str, adjective: bool = False) -> str:
    return rule_period_words(key, adjective=adjective)
