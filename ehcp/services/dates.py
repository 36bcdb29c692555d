"""Date checks every workflow service makes on the dates people enter (the EHC assessment and
the reviews after the plan): a clear DomainError on the form's field, nothing changed."""

from __future__ import annotations

from datetime import date

from .. import selectors
from ..errors import DomainError


def not_in_future(on: date, what: str, field: str) -> None:
    if on > selectors.today():
        raise DomainError(f"{what} must be today or in the past", field=field)


def not_before(on: date, earlier: date | None, what: str, earlier_what: str, field: str) -> None:
    if earlier is not None and on < earlier:
        raise DomainError(
            f"{what} must be on or after {earlier_what} ({earlier:%-d %B %Y})", field=field
        )
