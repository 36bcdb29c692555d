"""An attacker with everything public tries to recover every suppressed figure (security review
finding 2).

The demo's three councils (Essex, Southend-on-Sea, Thurrock) get the demo's synthetic records,
calibrated to their published figures, at the demo's scale and at a twentieth of it (where small
numbers are everywhere), and a partnership of the three. For each council the attacker reads
every public table for the reporting year: the council's dashboard (key figures, comparisons,
trends, every breakdown with its percentages, totals and published percentages: the charts and
CSV files are the same cells, tests/dashboards/test_views.py checks that), its easy read page,
the partnership's and England's public dashboards and the other councils' own. Then it solves:

- every shown count and every breakdown's total as linear equations over the councils' counts
  (a partnership's or England's count is the sum of its councils');
- every shown percentage or rate as the integers it can come from, given its denominator (or
  its numerator): one candidate is a recovered count;
- a line whose hidden parts add up to exactly their number (each hidden count is at least 1);
- Gaussian elimination over the rationals for anything the equations pin down together.

It must recover nothing that is shown as "c", and no published figure may be shown beside a
hidden portal figure for the same area, year and measure (it can be the same number: the issue's
"0.3%" beside a "c"). Method: GSS, "Disclosure control guidance for tables produced from
administrative sources" (disclosure by differencing within and between tables and geographies).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse

from dashboards import published, summaries, synthetic
from dashboards.metrics import METRICS, MIXES, MIXES_BY_KEY
from send_portal.models import Organisation, OrganisationMembership
from tests.factories import la

pytestmark = pytest.mark.django_db

C = "c"
BY_TITLE = {metric.title: metric for metric in METRICS}
SCALE = {"percent": 100, "per100": 100}

# What the definitions page tells anyone (dashboards/metrics.py): each measure's numerator and
# the counts its denominator is made of, and which count each breakdown adds up to. Written out
# here, apart from the code that protects the figures, as an attacker would read them.
METRIC_PARTS = {
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
ADDS_UP_TO = {
    "timeliness_bands": "issued",
    "need_mix": "plans",
    "placement_mix": "plans",
    "complaints_by_stage": "complaints",
    "age": "plans",
    "sex": "plans",
    "ethnicity": "plans",
}


def part_key(mix, part) -> str:
    return f"{mix.key}:{part.portal_key}" if mix.area_scoped else part.portal_key


def truth_of(figures, la_id) -> dict:
    values = dict(figures.area([la_id]).values)
    for group, counter in figures.breakdown([la_id]).items():
        for code, n in counter.items():
            values[f"{group}:{code}"] = n
    return values


class Attack:
    """What the attacker knows, as linear equations over (council id, key) and rate clues."""

    def __init__(self, councils: list[int], everyone: list[int]):
        self.councils = councils
        self.others = [la_id for la_id in everyone if la_id not in councils]
        self.equations: list[tuple[dict, Fraction]] = []
        self.rates: list[tuple[list, list, str, int]] = []
        self.hidden_cells: set[tuple[int, str]] = set()
        self.leaks: list[str] = []

    def var(self, la_id, key):
        return (la_id, key)

    def sum_of(self, la_ids, key) -> dict:
        # Councils without records show 0 on their own public pages: the attacker knows them.
        return {self.var(la_id, key): 1 for la_id in la_ids if la_id in self.councils}

    def equal(self, combination: dict, value) -> None:
        if combination:
            self.equations.append((dict(combination), Fraction(value)))

    def rate(self, nums: list[dict], dens: list[dict], shown: str, scale: int) -> None:
        self.rates.append((nums, dens, shown, scale))

    # ---- solving --------------------------------------------------------------------------

    def solve(self) -> dict:
        known: dict = {}
        for _ in range(50):
            before = len(known)
            self._eliminate(known)
            self._ones(known)
            self._rates(known)
            if len(known) == before:
                break
        return known

    def _reduced(self, known):
        rows = []
        for combination, value in self.equations:
            row = {}
            rest = value
            for var, coef in combination.items():
                if var in known:
                    rest -= coef * known[var]
                else:
                    row[var] = row.get(var, 0) + Fraction(coef)
            row = {v: c for v, c in row.items() if c}
            if row:
                rows.append((row, rest))
        return rows

    def _eliminate(self, known) -> None:
        """Reduced row echelon form over the rationals: a row left with one unknown fixes it."""
        rows = self._reduced(known)
        pivots: list[tuple[object, dict, Fraction]] = []
        for row, value in rows:
            row = dict(row)
            for var, prow, pvalue in pivots:
                if var in row:
                    factor = row[var]
                    for v, c in prow.items():
                        row[v] = row.get(v, 0) - factor * c
                        if row[v] == 0:
                            del row[v]
                    value -= factor * pvalue
            if not row:
                continue
            var = next(iter(row))
            coef = row[var]
            row = {v: c / coef for v, c in row.items()}
            value /= coef
            for index, (pv, prow, pvalue) in enumerate(pivots):
                if var in prow:
                    factor = prow[var]
                    new = dict(prow)
                    for v, c in row.items():
                        new[v] = new.get(v, 0) - factor * c
                        if new[v] == 0:
                            del new[v]
                    pivots[index] = (pv, new, pvalue - factor * value)
            pivots.append((var, row, value))
        for _, row, value in pivots:
            if len(row) == 1:
                (var,) = row
                known[var] = value / row[var]

    def _ones(self, known) -> None:
        for row, value in self._reduced(known):
            ones = all(c == 1 for c in row.values())
            if ones and value == len(row) and all(v in self.hidden_cells for v in row):
                for var in row:
                    known[var] = Fraction(1)

    def _rates(self, known) -> None:
        def total(parts):
            if all(all(v in known for v in p) for p in parts):
                return sum(sum(c * known[v] for v, c in p.items()) for p in parts)
            return None

        for nums, dens, shown, scale in self.rates:
            num, den = total(nums), total(dens)
            if den is not None and den > 0 and num is None and len(nums) == 1:
                fits = [
                    n
                    for n in range(int(den) + 1)
                    if f"{scale * n / float(den):.1f}" == shown.replace("%", "")
                ]
                if len(fits) == 1:
                    self.equal(nums[0], fits[0])
            if num is not None and num > 0 and den is None and len(dens) == 1:
                value = float(shown.replace("%", "").replace(",", ""))
                if value > 0:
                    guess = int(scale * float(num) / value)
                    fits = [
                        d
                        for d in range(max(1, guess - 50), guess + 50)
                        if f"{scale * float(num) / d:.1f}" == shown.replace("%", "")
                    ]
                    if len(fits) == 1:
                        self.equal(dens[0], fits[0])

    def determined(self, combination: dict, known) -> bool:
        """Whether the sum ``combination`` follows from what is known (row space test)."""
        probe = Attack(self.councils, [])
        probe.equations = list(self.equations)
        marker = ("probe", "probe")
        probe.equations.append(({**combination, marker: -1}, Fraction(0)))
        found: dict = dict(known)
        probe._eliminate(found)
        return marker in found


def _number(cell: str):
    text = cell.replace(",", "").replace("%", "")
    try:
        return Fraction(text)
    except ValueError:
        return None


def _read_metric(attack, la_ids, metric, cell, published_cell, where):
    nums, dens = METRIC_PARTS[metric.key]
    if cell == C:
        if published_cell not in (None, C, "No data"):
            attack.leaks.append(f"{where}: published {published_cell} beside a hidden figure")
        return
    if cell in ("No data", "Not recorded") or metric.key == "average_weeks":
        return
    if not dens:
        attack.equal(attack.sum_of(la_ids, nums[0]), _number(cell))
    else:
        attack.rate(
            [attack.sum_of(la_ids, key) for key in nums],
            [attack.sum_of(la_ids, key) for key in dens],
            cell,
            SCALE[metric.unit],
        )


def read_page(attack: Attack, tables, la_ids, region_ids, everyone, where: str) -> list:
    """Every equation a dashboard's tables give. Returns the (la id, key) cells shown as "c"."""
    hidden = []
    by_key = {table.key: table for table in tables}
    key_table = by_key.get("key-figures")
    if key_table is not None:
        for row in key_table.rows:
            metric = BY_TITLE[row[0]]
            _read_metric(attack, la_ids, metric, row[1], row[2], f"{where} {row[0]}")
            if row[1] == C:
                hidden.extend((la_ids, key) for key in METRIC_PARTS[metric.key][0])
    easy = by_key.get("easy-read")
    if easy is not None:
        for row, key in zip(easy.rows, EASY_READ, strict=True):
            _read_metric(attack, la_ids, BY_TITLE_KEY[key], row[1], row[2], f"{where} {key}")
    comparison = by_key.get("comparison")
    if comparison is not None:
        groups = [la_ids]
        for column in comparison.columns[2:]:
            if column.endswith("(region)"):
                groups.append(region_ids)
            elif column == "England":
                groups.append(everyone)
            else:
                groups.append(None)
        for row in comparison.rows:
            metric = BY_TITLE[row[0]]
            for ids, cell in zip(groups, row[1:], strict=False):
                if ids is not None:
                    _read_metric(attack, ids, metric, cell, None, f"{where} {row[0]}")
    trends = by_key.get("trends")
    if trends is not None:
        year_column = len(trends.columns) - 2
        for row in trends.rows:
            metric = BY_TITLE[row[0]]
            _read_metric(
                attack,
                la_ids,
                metric,
                row[year_column],
                row[year_column + 1],
                f"{where} trend {row[0]}",
            )
    for table in tables:
        mix = MIXES_BY_KEY.get(table.key.replace("-", "_"))
        if mix is None:
            continue
        parts = table.rows[:-1]
        total_row = table.rows[-1]
        keys = [part_key(mix, part) for part in mix.parts]
        for key, row in zip(keys, parts, strict=True):
            if row[1] == C:
                hidden.append((la_ids, key))
                if len(row) > 3 and row[3] not in (C, "No data"):
                    attack.leaks.append(
                        f"{where} {table.key} {row[0]}: published {row[3]} beside a hidden count"
                    )
            else:
                attack.equal(attack.sum_of(la_ids, key), _number(row[1]))
        if total_row[1] != C:
            combination = {}
            for key in keys:
                combination.update(attack.sum_of(la_ids, key))
            attack.equal(combination, _number(total_row[1]))
        else:
            # A total worked out from a shown part and its percentage.
            for key, row in zip(keys, parts, strict=True):
                if row[1] != C and row[2] not in (C, "No data") and _number(row[1]):
                    dens = {}
                    for k in keys:
                        dens.update(attack.sum_of(la_ids, k))
                    attack.rate([attack.sum_of(la_ids, key)], [dens], row[2], 100)
    return hidden


EASY_READ = (
    "plans",
    "requests",
    "requests_assessed",
    "within_20_incl",
    "average_weeks",
    "mediations",
    "appeals",
)
BY_TITLE_KEY = {metric.key: metric for metric in METRICS}


def _definitions(attack: Attack, figures, la_ids) -> None:
    """The definitions page says each breakdown adds up to a count shown elsewhere (the attacker
    uses it where it is true)."""
    values = truth_of(figures, la_ids[0])
    for mix in MIXES:
        linked = ADDS_UP_TO.get(mix.key)
        keys = [part_key(mix, part) for part in mix.parts]
        if linked and values.get(linked, 0) == sum(values.get(k, 0) for k in keys):
            combination = {}
            for key in keys:
                combination.update(attack.sum_of(la_ids, key))
            for var in attack.sum_of(la_ids, linked):
                combination[var] = combination.get(var, 0) - 1
            attack.equal(combination, 0)


@pytest.fixture
def demo_councils():
    councils = [la("881"), la("882"), la("883")]
    codes = {published.ENGLAND_CODE}
    for council in Organisation.objects.filter(kind="la", region_id=councils[0].region_id):
        codes.update({council.ons_code, council.region.code})
    published.import_release(area_codes=codes)
    partnership = Organisation.objects.create(
        kind=Organisation.Kind.PARTNERSHIP,
        name="Essex, Southend and Thurrock partnership",
        region=councils[0].region,
        local_authority=councils[0],
    )
    for council in councils:
        OrganisationMembership.objects.create(group=partnership, member=council, sector="la")
    return councils, partnership


@pytest.mark.parametrize("factor", [1.0, 0.05], ids=["demo scale", "a twentieth"])
def test_no_suppressed_figure_can_be_recovered_from_everything_public(demo_councils, factor):
    from django.core.cache import cache

    cache.clear()
    councils, partnership = demo_councils
    synthetic.generate(councils, factor, progress=lambda message: None)
    client = Client()
    first = client.get(reverse("dashboards:public-council", args=["881"]))
    year = first.context["year"]
    figures = summaries.figures_for_years([year])[year]
    everyone = list(figures.by_la)
    ids = [c.pk for c in councils]
    attack = Attack(ids, everyone)
    region_ids = list(
        Organisation.objects.filter(kind="la", region_id=councils[0].region_id).values_list(
            "pk", flat=True
        )
    )
    hidden: list = []
    for council in councils:
        page = client.get(reverse("dashboards:public-council", args=[council.la_code]))
        hidden += read_page(
            attack, page.context["tables"], [council.pk], region_ids, everyone, council.name
        )
        easy = client.get(reverse("dashboards:public-easy-read", args=[council.la_code]))
        read_page(attack, easy.context["tables"], [council.pk], region_ids, everyone, "easy")
        _definitions(attack, figures, [council.pk])
    partnership_page = client.get(reverse("dashboards:public-partnership", args=[partnership.pk]))
    sums = read_page(
        attack, partnership_page.context["tables"], ids, region_ids, everyone, "partnership"
    )
    england = client.get(reverse("dashboards:public-england"))
    sums += read_page(attack, england.context["tables"], everyone, everyone, everyone, "England")
    for la_ids, key in hidden:
        attack.hidden_cells.add((la_ids[0], key))

    known = attack.solve()
    truth = {c.pk: truth_of(figures, c.pk) for c in councils}
    recovered = []
    for la_ids, key in hidden:
        var = (la_ids[0], key)
        if var in known:
            assert known[var] == truth[la_ids[0]].get(key, 0), (var, known[var])
            recovered.append(f"{var}: {known[var]}")
    for la_ids, key in sums:
        combination = attack.sum_of(la_ids, key)
        if combination and attack.determined(combination, known):
            recovered.append(f"sum of {len(la_ids)} councils' {key}")
    assert hidden, "the test data must have suppressed figures to attack"
    assert not attack.leaks, "\n".join(attack.leaks)
    assert not recovered, "recovered:\n" + "\n".join(recovered)
