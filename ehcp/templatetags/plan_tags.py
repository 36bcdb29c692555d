"""Template helpers for the plan pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None: for dictionaries keyed by a section letter."""
    if not mapping:
        return None
    return mapping.get(key)
