"""Template helpers every template can use without ``{% load %}`` (registered as a builtin in
``TEMPLATES``):

- ``{{ label|in_sentence }}``: a label in the middle of a sentence, first letter only lower-cased
  ("To issue an EHC plan" -> "to issue an EHC plan"; ``|lower`` would give "ehc").
- ``{% capture name %}...{% endcapture %}``: render a part of the page (a block, say) into a
  variable, so the base template can wrap it in a landmark only when it is not empty.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from send_portal.text import in_sentence as _in_sentence

register = template.Library()


@register.filter(is_safe=True)
def in_sentence(value) -> str:
    return _in_sentence(value)


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The nodelist's output is already escaped where it needed to be.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Usage: {% capture name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
