"""The permission service: one place that answers "may this person do this to that?".

Access follows relationships, not just roles (shared/domain/ROLES.md). Each permission is a rule
function ``(user, obj) -> bool`` registered with :func:`rule`; apps register theirs in their own
``rules.py`` (imported from their ``AppConfig.ready``). django-guardian adds explicit per-object
shares on top ("plus what was shared with them"): a guardian grant of the same codename on the
object also allows the action.

Reads are scoped by selectors (``<app>/selectors.py``) so that an object outside a person's
relationships is a 404 by construction; :func:`require` is for *actions* on objects the person can
already see, and raises ``PermissionDenied`` (403) with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

RuleFn = Callable[[Any, Any], bool]
_RULES: dict[str, tuple[RuleFn, str]] = {}


class PermissionRuleMissing(LookupError):
    """A permission was checked that no app registered: a programming error, never allowed."""


def rule(codename: str, *, denied_message: str = "You do not have permission to do that."):
    """Register ``fn(user, obj) -> bool`` as the rule for ``codename``."""

    def decorator(fn: RuleFn) -> RuleFn:
        if codename in _RULES and _RULES[codename][0] is not fn:
            raise ValueError(f"Permission rule {codename!r} is registered twice")
        _RULES[codename] = (fn, denied_message)
        return fn

    return decorator


def registered() -> list[str]:
    return sorted(_RULES)


def can(user, codename: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``codename`` (to ``obj``, if given)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    try:
        fn, _ = _RULES[codename]
    except KeyError as exc:
        raise PermissionRuleMissing(codename) from exc
    if fn(user, obj):
        return True
    if obj is not None and getattr(obj, "pk", None) is not None:
        # Explicit per-object share recorded with django-guardian.
        from guardian.shortcuts import get_perms

        return codename.split(".", 1)[-1] in get_perms(user, obj)
    return False


def require(user, codename: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may do ``codename``."""
    if not can(user, codename, obj):
        _, message = _RULES.get(codename, (None, "You do not have permission to do that."))
        raise PermissionDenied(message)
