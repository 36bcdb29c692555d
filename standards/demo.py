"""Demo data for the National Standards catalogue: illustrative version 1 (published) and
version 2 (in development, with visible changes), loaded on behalf of the demo DfE editor."""

from __future__ import annotations

from . import content


def build(ctx) -> None:
    content.install(actor=ctx.people.get("analyst"))
