"""Domain errors. Views turn them into GOV.UK error messages; the API into 4xx bodies."""


class DomainError(Exception):
    """A request the domain refuses, with a message a person can act on."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """The case is not at a stage where this step can happen (or it has already happened)."""
