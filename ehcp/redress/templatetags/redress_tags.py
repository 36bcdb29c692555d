"""Template filters for the redress pages."""

from django import template

from ..models import lower_first as _lower_first

register = template.Library()


@register.filter
def lower_first(value) -> str:
    """A label in the middle of a sentence: only its first letter lower-cased ("EHC" stays)."""
    return _lower_first(str(value))
