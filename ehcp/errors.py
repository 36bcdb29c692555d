"""Domain errors of EHC needs assessments and plans: the core's hierarchy (``send_portal.errors``),
re-exported so that ``from ehcp.errors import DomainError`` keeps working. Views turn them into
GOV.UK error messages; the API into 4xx bodies."""

from send_portal.errors import DomainError, InvalidTransition

__all__ = ["DomainError", "InvalidTransition"]
