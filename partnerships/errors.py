"""Domain errors of partnerships and local inclusion plans: the core's hierarchy
(``send_portal.errors``) and this app's own refusals. Views show their message."""

from send_portal.errors import DomainError, InvalidTransition

__all__ = ["DomainError", "InvalidTransition", "NotEditable"]


class NotEditable(InvalidTransition):
    """Only a draft version can be changed."""
