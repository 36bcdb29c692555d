"""Domain errors of the National Standards catalogue. Views show their message to the person."""


class DomainError(Exception):
    """A request the catalogue cannot carry out; the message says why and what to do."""


class InvalidTransition(DomainError):
    """The version is not in a state that allows this action."""


class ImmutableVersion(InvalidTransition):
    """A published or statutory version cannot be changed."""
