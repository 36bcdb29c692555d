"""What an import of a SEN2 return did (or would do): counts of what was created and updated, and
each person refused with the module, item and reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from send_portal.models import Organisation


@dataclass
class Refusal:
    person: str
    module: str
    item: str
    reason: str


@dataclass
class ImportReport:
    council: Organisation
    year: int | None = None
    dry_run: bool = False
    persons: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.refusals

    def count(self, what: str, name: str, n: int = 1) -> None:
        bucket = self.created if what == "created" else self.updated
        bucket[name] = bucket.get(name, 0) + n

    def summary(self) -> str:
        created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
        updated = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())) or "nothing"
        state = (
            "dry run: nothing written"
            if self.dry_run
            else ("nothing written: every person must be accepted" if self.refusals else "written")
        )
        return (
            f"{self.persons} persons read; created {created}; updated {updated}; "
            f"{self.unchanged} unchanged; {len(self.refusals)} refused ({state})"
        )
