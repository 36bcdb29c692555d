"""Domain errors of partnerships and local inclusion plans. Views show their message."""


class DomainError(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


class InvalidTransition(DomainError):
    """The plan version is not at a stage that allows this action."""


class NotEditable(InvalidTransition):
    """Only a draft version can be changed."""
