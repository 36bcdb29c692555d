"""Which settings go on a child's tailored list, in what order, and why.

The child's needs come from the plan: the broad areas of need in section B, the SEN2 primary and
secondary need, and the special educational provision in section F. A setting is a candidate when
it takes children of the child's age (at the start of the school year the list is for) and is
open. Then:

- a special school, specialist post-16 institution, resourced provision or SEN unit is on the list
  only if the directory records that it is set up to meet one of the child's needs, and it is not
  known to be full;
- the nearest mainstream schools or colleges for the child's age are always on the list, whether or
  not they have places: every child with an EHC plan may ask for a mainstream school (CFA 2014 s33;
  SEND and AP Improvement Plan chapter 2 paragraph 68).

Each setting gets a suitability score (needs met, provision in section F available on site,
places free) less a travel-distance penalty, and a reason for each thing that put it on the list.
Meeting needs is the central consideration (chapter 2 paragraph 67): distance only orders settings
that meet them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from ehcp.models.codes import NEED_AREA, AreaOfNeed, NeedType
from send_portal.text import in_sentence

from .models import Category, SettingProfile

#: Specialist provision a setting may have on site: key -> (label, words that show section F
#: asks for it).
PROVISION: dict[str, tuple[str, tuple[str, ...]]] = {
    "salt": (
        "speech and language therapy on site",
        ("speech and language", "salt ", "language therap", "speech therap"),
    ),
    "ot": ("occupational therapy on site", ("occupational therap",)),
    "physio": ("physiotherapy on site", ("physiotherap",)),
    "small_classes": (
        "small classes",
        ("small group", "small class", "1:1", "one-to-one", "one to one", "1:2"),
    ),
    "sensory": (
        "a sensory room or quiet spaces",
        ("sensory", "quiet space", "low arousal", "low-arousal", "calm space"),
    ),
    "nursing": ("nursing or medical care on site", ("nurse", "nursing", "medical", "medication")),
    "signing": (
        "a signing environment (BSL or Makaton)",
        ("bsl", "sign language", "makaton", "signing"),
    ),
    "hydrotherapy": ("a hydrotherapy pool", ("hydrotherap",)),
    "residential": ("residential places", ("residential", "waking day", "24-hour", "24 hour")),
}

INDEPENDENT_NOT_S41 = (
    "An independent school not on the section 41 list: if asked for, the council decides "
    "under section 9 of the Education Act 1996 (parents' wishes and public expenditure), not "
    "the duty to name in Children and Families Act 2014 s39."
)
MAINSTREAM_ALWAYS = 3
SPECIALIST_MAX = 12
MAINSTREAM_RADII_KM = (3, 10, 25, 60)
SPECIALIST_RADII_KM = (25, 50, 100)
KM_PER_DEGREE_LAT = 111.0


@dataclass
class ChildNeeds:
    """What the plan says the child needs, and where and how old they are."""

    age: int
    school_year_starts: date
    need_codes: list[str] = field(default_factory=list)
    areas: dict[str, list[str]] = field(default_factory=dict)
    provision: dict[str, list[str]] = field(default_factory=dict)
    home: tuple[float, float] | None = None
    home_district: str = ""
    local_authority_id: int | None = None

    def summary(self) -> dict:
        return {
            "need_codes": self.need_codes,
            "areas": self.areas,
            "provision": self.provision,
            "age": self.age,
            "school_year_starts": self.school_year_starts.isoformat(),
            "home_district": self.home_district,
        }


@dataclass
class Candidate:
    setting_id: int
    category: str
    score: float
    distance_km: float | None
    reasons: list[str]
    mainstream: bool


def next_school_year_start(on: date) -> date:
    """The 1 September on or after ``on``."""
    start = date(on.year, 9, 1)
    return start if on <= start else date(on.year + 1, 9, 1)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_for_school_year(born: date, school_year_starts: date) -> int:
    """Children are placed in a school year by their age on the 31 August before it starts."""
    return age_on(born, school_year_starts - timedelta(days=1))


def provision_asked_for(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Provision keys section F asks for, each with the provision that asks for it. ``items`` are
    ``(what the provision is, everything said about it)``."""
    found: dict[str, list[str]] = {}
    for quote, text in items:
        lower = f" {text.lower()} "
        for key, (_, words) in PROVISION.items():
            if any(word in lower for word in words):
                found.setdefault(key, []).append(quote[:200])
    return found


def _need_label(code: str) -> str:
    return in_sentence(NeedType(code).label) if code in NeedType.values else code


def _area_label(area: str) -> str:
    return in_sentence(AreaOfNeed(area).label) if area in AreaOfNeed.values else area


#: The mean radius of the Earth, for distances between settings and homes.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _bbox(home, radius_km):
    lat, lon = home
    dlat = radius_km / KM_PER_DEGREE_LAT
    # Longitude degrees shrink with latitude; England is 50 to 56 degrees north.
    dlon = radius_km / (KM_PER_DEGREE_LAT * 0.55)
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


FIELDS = (
    "setting_id",
    "category",
    "is_specialist",
    "resourced_provision",
    "sen_unit",
    "needs",
    "provision",
    "vacancies",
    "vacancies_on",
    "s41_approved",
    "latitude",
    "longitude",
)


def _query(child: ChildNeeds, *, specialist: bool, radius_km: float | None):
    qs = SettingProfile.objects.filter(is_open=True, low_age__lte=child.age, high_age__gt=child.age)
    if specialist:
        qs = qs.filter(Q(is_specialist=True) | Q(resourced_provision=True) | Q(sen_unit=True))
        qs = qs.filter(Q(vacancies__isnull=True) | Q(vacancies__gt=0))
        wanted = set(child.need_codes) | {
            code for code, area in NEED_AREA.items() if area in child.areas
        }
        needs = Q(pk__in=[])
        for code in sorted(wanted):
            needs |= Q(needs_key__contains=f",{code},")
        qs = qs.filter(needs)
    else:
        qs = qs.filter(category__in=[Category.MAINSTREAM, Category.POST_16], is_specialist=False)
    if child.home is not None and radius_km is not None:
        lat_range, lon_range = _bbox(child.home, radius_km)
        qs = qs.filter(latitude__range=lat_range, longitude__range=lon_range)
    elif child.local_authority_id is not None:
        qs = qs.filter(setting__local_authority_id=child.local_authority_id)
    return list(qs.values(*FIELDS))


def _distance(child: ChildNeeds, row) -> float | None:
    if child.home is None or row["latitude"] is None:
        return None
    return round(distance_km(*child.home, row["latitude"], row["longitude"]), 1)


def _within(child, rows, radius_km):
    if child.home is None:
        return [(row, None) for row in rows]
    out = []
    for row in rows:
        d = _distance(child, row)
        if d is not None and d <= radius_km:
            out.append((row, d))
    return out


def _needs_reasons(child: ChildNeeds, row) -> tuple[float, list[str]]:
    """Score and reasons for the needs the setting is set up to meet."""
    score = 0.0
    reasons: list[str] = []
    setting_needs = set(row["needs"] or [])
    if not setting_needs:
        return 0.0, []
    if row["is_specialist"]:
        kind = "It is a specialist setting"
    elif row["sen_unit"]:
        kind = "Its SEN unit is"
    else:
        kind = "Its resourced provision is"
    exact = [code for code in child.need_codes if code in setting_needs]
    for code in exact:
        which = "primary" if code == child.need_codes[0] else "secondary"
        score += 40 if which == "primary" else 20
        reasons.append(
            f"{kind} set up for children with {_need_label(code)}, the {which} need in the plan."
        )
    setting_areas = {NEED_AREA[c] for c in setting_needs if c in NEED_AREA}
    for area, descriptions in child.areas.items():
        if area in setting_areas:
            score += 15
            met = ", ".join(
                sorted(_need_label(c) for c in setting_needs if NEED_AREA.get(c) == area)
            )
            example = descriptions[0] if descriptions else ""
            reasons.append(
                f"Section B: needs in {_area_label(area)}"
                + (f" (\u201c{example}\u201d)" if example else "")
                + f". The setting is set up for {met}."
            )
    return score, reasons


def _provision_reasons(child: ChildNeeds, row) -> tuple[float, list[str]]:
    score = 0.0
    reasons = []
    for key in row["provision"] or []:
        if key in child.provision:
            score += 8
            reasons.append(
                f"Section F asks for \u201c{child.provision[key][0]}\u201d; the setting has "
                f"{PROVISION[key][0]}."
            )
    return score, reasons


def _places_reason(row) -> tuple[float, str, bool]:
    """(score, reason, full)."""
    vacancies = row["vacancies"]
    if vacancies is None:
        return 0.0, "Places free: not recorded. The council asks when it consults.", False
    when = f" on {row['vacancies_on']:%-d %B %Y}" if row["vacancies_on"] else ""
    if vacancies == 0:
        return -10.0, f"No places free{when}.", True
    return 5.0, f"{vacancies} place{'s' if vacancies != 1 else ''} free{when}.", False


def build_candidates(child: ChildNeeds) -> list[Candidate]:
    """The settings for a child's list, best first."""
    chosen: dict[int, Candidate] = {}
    has_needs = bool(child.need_codes or child.areas)
    if has_needs:
        specialist: list[tuple[dict, float | None]] = []
        for radius in SPECIALIST_RADII_KM if child.home else (None,):
            rows = _query(child, specialist=True, radius_km=radius)
            specialist = _within(child, rows, radius) if radius else [(r, None) for r in rows]
            if len(specialist) >= SPECIALIST_MAX:
                break
        scored = []
        for row, distance in specialist:
            need_score, reasons = _needs_reasons(child, row)
            if not need_score:
                continue
            place_score, place_reason, full = _places_reason(row)
            if full:
                continue
            provision_score, provision_reasons = _provision_reasons(child, row)
            score = need_score + provision_score + place_score - 0.8 * (distance or 0)
            if row["category"] == "independent" and not row["s41_approved"]:
                provision_reasons.append(INDEPENDENT_NOT_S41)
            scored.append(
                Candidate(
                    setting_id=row["setting_id"],
                    category=row["category"],
                    score=round(score, 1),
                    distance_km=distance,
                    reasons=reasons
                    + provision_reasons
                    + [place_reason]
                    + ([f"{distance} km from home (straight line)."] if distance else []),
                    mainstream=row["category"] in ("mainstream", "post16")
                    and not row["is_specialist"],
                )
            )
        scored.sort(key=lambda c: (-c.score, c.distance_km or 0))
        for candidate in scored[:SPECIALIST_MAX]:
            chosen[candidate.setting_id] = candidate

    mainstream: list[tuple[dict, float | None]] = []
    for radius in MAINSTREAM_RADII_KM if child.home else (None,):
        rows = _query(child, specialist=False, radius_km=radius)
        mainstream = _within(child, rows, radius) if radius else [(r, None) for r in rows]
        if len(mainstream) >= MAINSTREAM_ALWAYS:
            break
    mainstream.sort(key=lambda pair: (pair[1] if pair[1] is not None else 0, pair[0]["setting_id"]))
    for row, distance in mainstream[:MAINSTREAM_ALWAYS]:
        what = "college or sixth form" if row["category"] == "post16" else "school"
        reasons = [
            f"Mainstream {what} for a child or young person aged {child.age}"
            + (f", {distance} km from home (straight line)." if distance is not None else ".")
            + " Every child or young person with an EHC plan can ask for a mainstream place "
            "(Children and Families Act 2014 s33)."
        ]
        need_score, need_reasons = _needs_reasons(child, row)
        provision_score, provision_reasons = _provision_reasons(child, row)
        place_score, place_reason, _ = _places_reason(row)
        score = 30 + need_score + provision_score + place_score - 1.5 * (distance or 0)
        existing = chosen.get(row["setting_id"])
        if existing:
            existing.mainstream = True
            continue
        chosen[row["setting_id"]] = Candidate(
            setting_id=row["setting_id"],
            category=row["category"],
            score=round(score, 1),
            distance_km=distance,
            reasons=reasons + need_reasons + provision_reasons + [place_reason],
            mainstream=True,
        )
    return sorted(chosen.values(), key=lambda c: (-c.score, c.distance_km or 0))
