"""Statistical disclosure control: which figures may be shown, to whom (security review
findings 2 and 6b).

Who sees what (shared/domain/ROLES.md): aggregates shown outside a council are suppressed.
Only a council's own caseworkers and SEND managers see its figures unsuppressed; everyone else
(the public, partnership board members, DfE Regions Group officers and national analysts) sees
the suppressed figures, and every page shows other areas' figures suppressed.

How (following the DfE's and the Government Statistical Service's published practice, cited on
the definitions page):

- **Primary suppression.** A count of children from 1 to 4 is shown as ``c`` (the GSS and DfE
  symbol for confidential). Zero is a true zero and is shown.
- **Rates.** A percentage or rate is shown only if its numerator, its denominator (each of its
  parts) and the complement (denominator less numerator) are neither suppressed nor 1 to 4:
  beside a published denominator a rate *is* its numerator.
- **Secondary suppression.** Each table of parts and their total (timeliness bands, primary need,
  placement, outcomes, complaints, age, sex, ethnicity) is a linear relation; where it holds a
  suppressed small count, at least one more part is suppressed (the smallest), until nobody can
  work out any hidden part exactly from the total and the other parts. If every non-zero part is
  hidden and that is still not enough, the zeros are hidden too.
- **One decision per area and period.** A count is hidden or shown everywhere it appears for the
  same area and year: the key figures, the comparisons, the trends, the breakdowns, their
  percentages, the charts and the CSV files all read the same :class:`AreaCells`. A figure the
  DfE published for the same area and year is hidden beside a hidden portal figure (they can be
  the same number).
- **Across areas.** A partnership, a region and England are sums of councils. Where exactly one
  council hides a count (or the hidden councils' counts add up to too little), the sum hides it
  too, and the sum's own tables are protected as above, preferring cells that no council shows;
  if that is impossible, another council hides the count too. So a council's hidden figure cannot
  be worked out from a partnership's, region's or England's minus the others'.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from send_portal.models import Organisation, OrganisationMembership

from .metrics import MIXES

LOW, HIGH = 1, 4

#: For each metric: the counts it shows (numerator) and the counts its denominator is made of
#: (tests/dashboards/test_views.py checks that every metric has its entry).
METRIC_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "plans": (("plans",), ()),
    "requests": (("requests",), ()),
    "requests_assessed": (("requests_assessed",), ("requests",)),
    "new_plans": (("new_plans",), ()),
    "within_20_incl": (("issued_within",), ("issued",)),
    "within_20_excl": (("issued_ex_within",), ("issued_ex",)),
    "average_weeks": ((), ("issued",)),
    "band_20_52": (("issued_20_52",), ("issued",)),
    "band_52": (("issued_over_52",), ("issued",)),
    "reviews_on_time": (("reviews_on_time",), ("reviews_due",)),
    "phase_transfers": (("transfers_on_time",), ("transfers_due",)),
    "mediations": (("mediations",), ()),
    "mediation_appeal": (("mediations_appealed",), ("mediations",)),
    "appeals": (("appeals",), ()),
    "appeal_rate": (("appeals",), ("refusals", "plans")),
    "complaints": (("complaints",), ()),
    "tailored_lists": (("tailored_first_met",), ("tailored_lists",)),
}

#: The count each breakdown's parts add up to, where the key figures show it too.
MIX_TOTALS = {
    "timeliness_bands": "issued",
    "need_mix": "plans",
    "placement_mix": "plans",
    "complaints_by_stage": "complaints",
    "age": "plans",
    "sex": "plans",
    "ethnicity": "plans",
}


def small(n: float | None) -> bool:
    return n is not None and LOW <= n <= HIGH


@dataclass(frozen=True)
class Group:
    """Parts of a whole: ``total`` is the synthetic key of the parts' sum (the breakdown's
    "Total" row); ``linked`` the count shown elsewhere that should equal it."""

    name: str
    total: str
    parts: tuple[str, ...]
    linked: str | None


def part_key(mix, part) -> str:
    return f"{mix.key}:{part.portal_key}" if mix.area_scoped else part.portal_key


def _groups() -> tuple[Group, ...]:
    return tuple(
        Group(
            name=mix.key,
            total=f"total:{mix.key}",
            parts=tuple(part_key(mix, part) for part in mix.parts),
            linked=MIX_TOTALS.get(mix.key),
        )
        for mix in MIXES
    )


GROUPS = _groups()


def _exposed_keys() -> frozenset[str]:
    """Counts a page shows, or lets anyone work out exactly: counts, breakdown parts and totals,
    and a rate's numerator where its denominator is itself shown as a count."""
    exposed: set[str] = set()
    for group in GROUPS:
        exposed.update(group.parts)
        exposed.add(group.total)
        if group.linked:
            exposed.add(group.linked)
    for nums, dens in METRIC_PARTS.values():
        if not dens:
            exposed.update(nums)
    for nums, dens in METRIC_PARTS.values():
        if len(dens) == 1 and dens[0] in exposed:
            exposed.update(nums)
    return frozenset(exposed)


EXPOSED = _exposed_keys()


@dataclass
class AreaCells:
    """One area's counts for one year and the ones that must not be shown. ``open`` is set for
    a council's own staff looking at their own council: nothing is hidden from them."""

    values: dict[str, float]
    hidden: set[str] = field(default_factory=set)
    open: bool = False

    def value(self, key: str) -> float:
        return self.values.get(key, 0) or 0

    def lower_bound(self, key: str) -> int:
        """What an outsider knows a hidden cell is at least: 1, unless zeros are hidden too."""
        return 0 if self.value(key) == 0 else 1

    def is_hidden(self, key: str) -> bool:
        return not self.open and key in self.hidden

    def hides_count(self, key: str) -> bool:
        return not self.open and (key in self.hidden or small(self.value(key)))

    def hides_metric(self, metric_key: str, extra: dict | None = None) -> bool:
        """Whether the metric's figure must be shown as ``c`` (``extra``: counts the page adds,
        such as the tailored lists')."""
        if self.open:
            return False
        nums, dens = METRIC_PARTS[metric_key]

        def value(key):
            if extra and key in extra:
                return extra[key] or 0
            return self.value(key)

        for key in (*nums, *dens):
            if key in self.hidden or small(value(key)):
                return True
        if nums and dens:
            numerator = sum(value(k) for k in nums)
            denominator = sum(value(k) for k in dens)
            if small(denominator) or small(denominator - numerator):
                return True
        return False

    def with_open(self, open_: bool) -> AreaCells:
        return AreaCells(self.values, self.hidden, open_) if open_ != self.open else self


def area_values(figures, la_ids) -> dict[str, float]:
    """The counts of an area (summed over its councils) with its breakdowns and each breakdown's
    total, in one dictionary keyed as :data:`GROUPS` reads them."""
    values: dict[str, float] = dict(figures.area(la_ids).values)
    if figures.breakdowns_by_la:
        for group, counter in figures.breakdown(la_ids).items():
            for code, n in counter.items():
                values[f"{group}:{code}"] = n
    for group in GROUPS:
        values[group.total] = sum(values.get(k, 0) or 0 for k in group.parts)
    return values


# ---- one area ----------------------------------------------------------------------------------


def _unsafe(cells: AreaCells, hidden_parts: list[str]) -> bool:
    """A line (total shown) whose hidden parts an outsider could pin down: one alone, or several
    adding up to no more than their smallest possible values. Every hidden part counts, not only
    the small ones: a part hidden to protect another line must not be given away by its own."""
    if not hidden_parts:
        return False
    if len(hidden_parts) < 2:
        return True
    bound = sum(cells.lower_bound(k) for k in hidden_parts)
    return sum(cells.value(k) for k in hidden_parts) <= bound


def _close_group(cells: AreaCells, group: Group, allowed=lambda key: True) -> bool:
    """Secondary suppression on one line; True if anything more was hidden."""
    changed = False
    hidden = cells.hidden
    values = cells.values
    linked_gap = (
        values.get(group.linked, 0) - values[group.total] if group.linked is not None else 0
    )
    # Parts not listed (e.g. an unrecorded code): the listed total and the linked count would
    # give their number away if it is small.
    if small(linked_gap) and group.total not in hidden:
        hidden.add(group.total)
        changed = True
    if (
        group.linked is not None
        and group.linked in hidden
        and linked_gap == 0
        and group.total not in hidden
    ):
        hidden.add(group.total)
        changed = True
    if small(values[group.total]):
        hidden.add(group.total)
    if group.total in hidden:
        for key in group.parts:
            if key not in hidden:
                hidden.add(key)
                changed = True
        if group.linked is not None and linked_gap == 0 and group.linked not in hidden:
            hidden.add(group.linked)
            changed = True
        return changed
    while True:
        hidden_parts = [k for k in group.parts if k in hidden]
        if not _unsafe(cells, hidden_parts):
            return changed
        shown_positive = sorted(
            (values.get(k, 0), k)
            for k in group.parts
            if k not in hidden and values.get(k, 0) > 0 and allowed(k)
        )
        if shown_positive:
            hidden.add(shown_positive[0][1])
            changed = True
            continue
        zeros = [k for k in group.parts if k not in hidden and values.get(k, 0) == 0]
        if zeros:
            hidden.update(zeros)
            changed = True
            continue
        # Nothing left to hide in the line: hide the whole line, its total included.
        hidden.add(group.total)
        hidden.update(group.parts)
        if group.linked is not None and linked_gap == 0:
            hidden.add(group.linked)
        return True


def _primary(values: dict[str, float]) -> set[str]:
    return {key for key, value in values.items() if small(value)}


def _displayed_counts() -> frozenset[str]:
    shown: set[str] = set()
    for group in GROUPS:
        shown.update(group.parts)
        shown.add(group.total)
        if group.linked:
            shown.add(group.linked)
    for nums, dens in METRIC_PARTS.values():
        if not dens:
            shown.update(nums)
    return frozenset(shown)


DISPLAYED_COUNTS = _displayed_counts()


def _hide_rate_numerators(cells: AreaCells) -> bool:
    """A numerator shown only through its rate (never as a count) is hidden wherever its rate
    is, so the sums of councils treat it as hidden."""
    changed = False
    for metric_key, (nums, dens) in METRIC_PARTS.items():
        if not dens:
            continue
        if cells.hides_metric(metric_key):
            for key in nums:
                if key not in DISPLAYED_COUNTS and key not in cells.hidden:
                    cells.hidden.add(key)
                    changed = True
    return changed


def protect(values: dict[str, float], seed: Iterable[str] = ()) -> AreaCells:
    """One area's hidden cells: primary suppression, then every line made safe, repeated until
    nothing changes (a cell hidden in one line may be a part or total in another)."""
    cells = AreaCells(values=values, hidden=_primary(values) | set(seed))
    for _ in range(20):
        changed = False
        for group in GROUPS:
            changed |= _close_group(cells, group)
        changed |= _hide_rate_numerators(cells)
        if not changed:
            break
    return cells


def protect_line(
    values: list[float | None], total: float | None, *, seed: Iterable[int], hide_all: bool
) -> set[int]:
    """The parts of one line (by index) to hide: ``seed`` and the small ones, then enough more
    that none of them can be worked out from ``total`` and the others (the published
    comparison of a breakdown)."""
    if hide_all or small(total):
        return set(range(len(values)))
    keys = [f"part:{index}" for index in range(len(values))]
    line_values = {key: value or 0 for key, value in zip(keys, values, strict=True)}
    line_values["total:line"] = sum(line_values.values())
    line_values["linked"] = total or 0
    cells = AreaCells(
        values=line_values,
        hidden={keys[i] for i in seed} | {k for k in keys if small(line_values[k])},
    )
    _close_group(cells, Group("line", "total:line", tuple(keys), "linked"))
    if "total:line" in cells.hidden:
        return set(range(len(values)))
    return {index for index, key in enumerate(keys) if key in cells.hidden}


# ---- sums of councils ---------------------------------------------------------------------------


def protect_sum(
    values: dict[str, float], members: list[AreaCells]
) -> tuple[AreaCells, list[tuple[int, str]]]:
    """An area that is the sum of ``members`` (councils, already protected). Returns its cells and
    the (member index, key) a member must hide as well when the sum cannot be protected alone."""
    cells = AreaCells(values=values, hidden=_primary(values))
    if len(members) == 1:
        cells.hidden |= members[0].hidden
        return protect(values, seed=cells.hidden), []

    def hiding(key):
        return [m for m in members if key in m.hidden]

    def derivable(key):
        return key in EXPOSED and not hiding(key)

    for key in EXPOSED:
        found = hiding(key)
        if not found:
            continue
        bound = sum(m.lower_bound(key) for m in found)
        total = sum(m.value(key) for m in found)
        if len(found) < 2 or total <= bound:
            cells.hidden.add(key)
    fixes: list[tuple[int, str]] = []
    for _ in range(20):
        changed = False
        for group in GROUPS:
            changed |= _close_group(cells, group, allowed=lambda key: not derivable(key))
            # A line whose only really hidden part is one council's: another council hides it.
            effective = [k for k in group.parts if k in cells.hidden and not derivable(k)]
            if group.total not in cells.hidden and len(effective) == 1:
                key = effective[0]
                holders = {id(m) for m in hiding(key)}
                candidates = sorted(
                    (m.value(key), index)
                    for index, m in enumerate(members)
                    if id(m) not in holders and m.value(key) > 0
                )
                if candidates:
                    fixes.append((candidates[0][1], key))
        changed |= _hide_rate_numerators(cells)
        if fixes or not changed:
            break
    return cells, fixes


# ---- every area of a reporting year ----------------------------------------------------------


def _summed(members: list[AreaCells]) -> dict[str, float]:
    """The counts of a sum of councils: their counts added up, key by key."""
    total: dict[str, float] = {}
    for member in members:
        for key, value in member.values.items():
            total[key] = total.get(key, 0) + (value or 0)
    return total


class YearDisclosure:
    """The hidden cells of every council and of every sum of councils a page can show (each
    partnership, region and England) for one reporting year, computed together so that a
    council's hidden figure stays hidden in every sum it is part of."""

    def __init__(self, figures, sums: dict[str, list[int]]):
        self.figures = figures
        self.councils: dict[int, AreaCells] = {}
        for la_id in figures.by_la:
            self.councils[la_id] = protect(area_values(figures, [la_id]))
        self.sums: dict[frozenset, AreaCells] = {}
        known = {frozenset(ids) for ids in sums.values() if ids}
        for _ in range(10):
            fixed = False
            self.sums = {}
            for ids in known:
                members = [self._council(la_id) for la_id in sorted(ids)]
                cells, fixes = protect_sum(_summed(members), members)
                self.sums[ids] = cells
                for index, key in fixes:
                    la_id = sorted(ids)[index]
                    council = self._council(la_id)
                    self.councils[la_id] = protect(council.values, seed=council.hidden | {key})
                    fixed = True
            if not fixed:
                break

    def _council(self, la_id: int) -> AreaCells:
        if la_id not in self.councils:
            self.councils[la_id] = protect(area_values(self.figures, [la_id]))
        return self.councils[la_id]

    def area(self, la_ids) -> AreaCells:
        ids = frozenset(la_ids)
        if len(ids) == 1:
            return self._council(next(iter(ids)))
        if ids not in self.sums:
            # A sum no page publishes as counts (similar areas: rates only): protected on its own.
            members = [self._council(la_id) for la_id in sorted(ids)]
            self.sums[ids], _ = protect_sum(_summed(members), members)
        return self.sums[ids]


def published_sums() -> dict[str, list[int]]:
    """The sums of councils that pages publish as counts: each partnership, each region and
    England (two queries)."""
    la = Organisation.Kind.LOCAL_AUTHORITY
    partnership = Organisation.Kind.PARTNERSHIP
    rows = list(
        Organisation.objects.filter(kind__in=[la, partnership]).values_list(
            "pk", "kind", "region_id", "local_authority_id"
        )
    )
    councils = [(pk, region_id) for pk, kind, region_id, _ in rows if kind == la]
    sums: dict[str, list[int]] = {"england": [pk for pk, _ in councils]}
    for pk, region_id in councils:
        sums.setdefault(f"region:{region_id}", []).append(pk)
    for group_id, member_id in OrganisationMembership.objects.filter(
        group__kind=partnership, member__kind=la
    ).values_list("group_id", "member_id"):
        sums.setdefault(f"partnership:{group_id}", []).append(member_id)
    for pk, kind, _, council_id in rows:
        if kind == partnership and council_id is not None:
            sums.setdefault(f"partnership:{pk}", [council_id])
    return sums


def share(figures_by_year) -> None:
    """Let one page's years share one reading of :func:`published_sums`."""
    holder: dict = {}
    for figures in figures_by_year:
        figures._published_sums = holder


#: Decisions already made, by the exact figures and sums they were made from (a pure function
#: of both, so a page whose figures have not changed reuses them; a changed count is a new key).
_MADE: OrderedDict = OrderedDict()
_MADE_SIZE = 16


def _fingerprint(figures, sums: dict[str, list[int]]) -> int:
    layout = tuple(sorted((name, tuple(sorted(ids))) for name, ids in sums.items()))
    if figures.version is not None:
        # Figures read from the summaries: their version names them (issue 22: hashing every
        # council's counts on every page was about 9 ms at England scale).
        return hash((figures.version, layout))
    councils = tuple(
        (la_id, frozenset(counts.values.items())) for la_id, counts in sorted(figures.by_la.items())
    )
    parts = tuple(
        (la_id, tuple((group, frozenset(c.items())) for group, c in sorted(groups.items())))
        for la_id, groups in sorted(figures.breakdowns_by_la.items())
    )
    return hash((councils, parts, layout))


def for_year(figures) -> YearDisclosure:
    """The year's disclosure decisions, made once per ``YearFigures`` (one page's request) and
    kept for the same figures."""
    found = getattr(figures, "_disclosure", None)
    if found is None:
        holder = getattr(figures, "_published_sums", None)
        if holder is None:
            holder = {}
        if "sums" not in holder:
            holder["sums"] = published_sums()
        key = _fingerprint(figures, holder["sums"])
        found = _MADE.get(key)
        if found is None:
            found = YearDisclosure(figures, holder["sums"])
            _MADE[key] = found
            while len(_MADE) > _MADE_SIZE:
                _MADE.popitem(last=False)
        else:
            _MADE.move_to_end(key)
        figures._disclosure = found
    return found


class Viewer:
    """What one person may see unsuppressed: the councils they are caseworker or SEND manager
    of, and nothing else (``frozenset()`` for everyone outside a council)."""

    def __init__(self, own_la_ids: Iterable[int] = ()):
        self.own = frozenset(own_la_ids)

    def sees_all_of(self, la_ids) -> bool:
        ids = frozenset(la_ids)
        return bool(ids) and ids <= self.own

    def cells(self, figures, la_ids) -> AreaCells:
        ids = frozenset(la_ids)
        cells = for_year(figures).area(ids)
        return cells.with_open(bool(ids) and ids <= self.own)


PUBLIC = Viewer()

__all__ = ["GROUPS", "METRIC_PARTS", "PUBLIC", "AreaCells", "Viewer", "for_year", "small"]
