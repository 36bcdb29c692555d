"""The one domain error hierarchy of the portal. Views turn these into GOV.UK error messages
(on the field named by ``field`` when the form has it, else in the summary at the top); the API
into 4xx bodies.

The core owns the hierarchy so that its shared pages (the one-form step page, uploads) catch the
errors of every app without importing one. Apps re-export these names from their own ``errors``
module (``ehcp.errors``, ``partnerships.errors``, ``standards.errors``) and add their own
subclasses there.
"""

from __future__ import annotations

__all__ = ["DomainError", "InvalidTransition"]


class DomainError(Exception):
    """A request the domain refuses, with a message a person can act on.

    ``field`` names the form field the message belongs on (None: the whole form).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """The object is not at a stage where this step can happen (or it has already happened)."""
