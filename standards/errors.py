"""Domain errors of the National Standards catalogue: the core's hierarchy
(``send_portal.errors``) and this app's own refusals. Views show their message to the person."""

from send_portal.errors import DomainError, InvalidTransition

__all__ = ["DomainError", "ImmutableVersion", "InvalidTransition"]


class ImmutableVersion(InvalidTransition):
    """A published or statutory version cannot be changed."""
