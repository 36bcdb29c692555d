"""The settings directory: importing a CSV in the layout of the DfE's Get Information about Schools
(GIAS) extract, and where places are (postcode-district centroids for travel distance).

Columns (a header row is required; names are matched without regard to case, and either the
snake_case names of ``shared/data/schools/edubase_2017-07_partial_schools_england.csv`` or the
original GIAS ``edubasealldata`` names in brackets are accepted):

Required
    ``urn`` (URN), ``establishment_name`` (EstablishmentName), ``type_of_establishment``
    (TypeOfEstablishment (name)), ``phase_of_education`` (PhaseOfEducation (name)),
    ``statutory_low_age`` (StatutoryLowAge), ``statutory_high_age`` (StatutoryHighAge),
    ``la_code`` (LA (code)), ``postcode`` (Postcode).
Optional
    ``ukprn`` (UKPRN), ``establishment_status`` (EstablishmentStatus (name)), ``town`` (Town),
    ``website`` (SchoolWebsite), ``latitude`` / ``longitude`` (WGS84; when absent the postcode
    district centroid is used), ``onspd_la_district_code`` (DistrictAdministrative (code): used when
    ``la_code`` is a council that no longer exists, e.g. 928 Northamptonshire),
    ``type_of_resourced_provision`` (TypeOfResourcedProvision (name): "Resourced provision",
    "SEN unit", "Resourced provision and SEN unit"), ``sen1`` ... ``sen13`` (SEN1 (name) ...:
    "ASD - Autistic Spectrum Disorder" etc.) or ``sen_needs`` (SEN2 need codes separated by ``;``),
    ``school_capacity`` (SchoolCapacity), ``number_of_pupils`` (NumberOfPupils), ``vacancies``
    (places free now; otherwise capacity minus pupils), ``s41_approved`` (yes/no),
    ``specialist_provision`` (keys from ``matching.PROVISION`` separated by ``;``).

Row numbers in problems count the header as row 1, as a spreadsheet does. If any row has a
problem nothing is imported. Rows of types outside English pre-16/post-16 education (Welsh
establishments, British schools overseas, offshore schools, higher education institutions) are
skipped and counted, not imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dashboards import summaries
from ehcp.models.codes import NeedType
from send_portal import audit
from send_portal.models import AuditEvent, Organisation

from .matching import PROVISION, distance_km  # noqa: F401 (distance_km: defined here before)
from .models import Category, DirectoryImport, SettingProfile, needs_key_for

SHARED_DATA = Path(settings.SEND_PORTAL_SHARED_DATA)
SCHOOLS_CSV = SHARED_DATA / "schools" / "edubase_2017-07_partial_schools_england.csv"
TYPES_CSV = SHARED_DATA / "schools" / "gias_establishment_types_20250422.csv"
CENTROIDS_CSV = SHARED_DATA / "geo" / "postcode_district_centroids_england.csv"

#: canonical column -> accepted header names (lower case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("urn",),
    "ukprn": ("ukprn",),
    "establishment_name": ("establishment_name", "establishmentname"),
    "type_of_establishment": ("type_of_establishment", "typeofestablishment (name)"),
    "type_code": ("type_of_establishment_code", "typeofestablishment (code)"),
    "phase_of_education": ("phase_of_education", "phaseofeducation (name)"),
    "statutory_low_age": ("statutory_low_age", "statutorylowage"),
    "statutory_high_age": ("statutory_high_age", "statutoryhighage"),
    "establishment_status": ("establishment_status", "establishmentstatus (name)"),
    "la_code": ("la_code", "la (code)"),
    "district_code": ("onspd_la_district_code", "districtadministrative (code)"),
    "town": ("town",),
    "postcode": ("postcode",),
    "website": ("website", "schoolwebsite"),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "resourced_provision": ("type_of_resourced_provision", "typeofresourcedprovision (name)"),
    "sen_needs": ("sen_needs",),
    "school_capacity": ("school_capacity", "schoolcapacity"),
    "number_of_pupils": ("number_of_pupils", "numberofpupils"),
    "vacancies": ("vacancies",),
    "s41_approved": ("s41_approved",),
    "specialist_provision": ("specialist_provision",),
}
for _n in range(1, 14):
    COLUMNS[f"sen{_n}"] = (f"sen{_n}", f"sen{_n} (name)")

REQUIRED = (
    "urn",
    "establishment_name",
    "type_of_establishment",
    "phase_of_education",
    "statutory_low_age",
    "statutory_high_age",
    "la_code",
    "postcode",
)

PHASES = {
    "primary": Organisation.Phase.PRIMARY,
    "secondary": Organisation.Phase.SECONDARY,
    "middle deemed primary": Organisation.Phase.MIDDLE,
    "middle deemed secondary": Organisation.Phase.MIDDLE,
    "all through": Organisation.Phase.ALL_THROUGH,
    "all-through": Organisation.Phase.ALL_THROUGH,
    "16 plus": Organisation.Phase.POST_16,
    "nursery": Organisation.Phase.EARLY_YEARS,
    "not applicable": Organisation.Phase.NOT_APPLICABLE,
}

#: GIAS type-of-establishment codes by directory category.
SPECIAL_TYPES = {"7", "8", "12", "33", "36", "44"}
INDEPENDENT_SPECIAL_TYPES = {"10"}
INDEPENDENT_TYPES = {"11"}
AP_TYPES = {"14", "24", "38", "42", "43"}
POST_16_TYPES = {"18", "31", "39", "45", "46", "57"}
SPECIALIST_POST_16_TYPES = {"32"}
#: Not English schools or colleges for children and young people: skipped, counted.
OUT_OF_SCOPE_TYPES = {"25", "29", "30", "37"}

#: Older SEN provision codes in GIAS and their SEN2 equivalents.
LEGACY_NEED_CODES = {"BESD": "SEMH", "SPLD": "SPLD", "SLCN": "SLCN"}


class DirectoryImportError(Exception):
    """The file has problems; nothing was imported. ``problems`` is ``[(row, message)]``."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file; nothing was imported")


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    record: DirectoryImport | None = None


@dataclass
class _Row:
    number: int
    urn: str
    values: dict
    profile: dict = field(default_factory=dict)


def _normalise_type(name: str) -> str:
    text = name.lower().replace("-", " ")
    text = re.sub(r"\b16 19\b", "16 to 19", text)
    text = re.sub(r"^la nursery", "local authority nursery", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def establishment_types() -> dict[str, tuple[str, str, str]]:
    """Normalised GIAS type name -> (type code, type name, group name), from the GIAS lookup."""
    types: dict[str, tuple[str, str, str]] = {}
    with TYPES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["type-of-establishment-code"]
            name = row["type-of-establishment-name"]
            types[_normalise_type(name)] = (code, name, row["establishment-type-group-name"])
    return types


def _types_by_code() -> dict[str, tuple[str, str, str]]:
    return {code: (code, name, group) for code, name, group in establishment_types().values()}


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode: ``SW1A 1AA`` -> ``SW1A``."""
    text = "".join(postcode.upper().split())
    if len(text) < 5:
        return text
    return text[:-3]


@lru_cache(maxsize=1)
def district_centroids() -> dict[str, tuple[float, float]]:
    """Postcode district -> (latitude, longitude), ONS Postcode Directory Nov 2025 (derived)."""
    with CENTROIDS_CSV.open(encoding="utf-8") as handle:
        return {
            row["postcode_district"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def locate(postcode: str) -> tuple[float, float] | None:
    return district_centroids().get(postcode_district(postcode)) if postcode else None


def category_for(type_code: str) -> tuple[str, bool]:
    """(category, is_specialist) for a GIAS type code."""
    if type_code in SPECIAL_TYPES:
        return Category.SPECIAL, True
    if type_code in INDEPENDENT_SPECIAL_TYPES:
        return Category.INDEPENDENT, True
    if type_code in INDEPENDENT_TYPES:
        return Category.INDEPENDENT, False
    if type_code in AP_TYPES:
        return Category.ALTERNATIVE_PROVISION, False
    if type_code in POST_16_TYPES:
        return Category.POST_16, False
    if type_code in SPECIALIST_POST_16_TYPES:
        return Category.POST_16, True
    return Category.MAINSTREAM, False


def _headers(fieldnames: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    present = {name.strip().lower(): name for name in fieldnames if name}
    mapping: dict[str, str] = {}
    for canonical, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in present:
                mapping[canonical] = present[alias]
                break
    missing = [c for c in REQUIRED if c not in mapping]
    return mapping, missing


def _int(value: str, what: str, problems: list[str], *, low: int = 0, high: int = 10**6):
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = int(float(value)) if "." in value else int(value)
    except ValueError:
        problems.append(f"{what} must be a whole number, not '{value}'")
        return None
    if not low <= number <= high:
        problems.append(f"{what} must be between {low} and {high}, not {number}")
        return None
    return number


def _needs(values: dict, problems: list[str]) -> list[str]:
    codes: list[str] = []
    raw = [values.get(f"sen{n}", "") for n in range(1, 14)]
    raw += (values.get("sen_needs") or "").split(";")
    valid = set(NeedType.values)
    for item in raw:
        item = (item or "").strip()
        if not item or item.lower() in ("not applicable", "none"):
            continue
        code = item.split(" - ", 1)[0].strip().upper()
        code = LEGACY_NEED_CODES.get(code, code)
        if code not in valid:
            problems.append(
                f"'{item}' is not a SEN2 type of need (use one of {', '.join(sorted(valid))})"
            )
            continue
        if code not in codes:
            codes.append(code)
    return codes


def _validate(row_number: int, values: dict, councils: dict, ons_councils: dict):
    """The row ready to import and no problems, ``(None, problems)``, or ``(None, [])`` for a
    type of establishment out of scope. Problems are listed in the order of the columns."""
    problems: list[str] = []
    urn, name, found = _establishment(values, problems)
    if found and found[0] in OUT_OF_SCOPE_TYPES:
        return None, []  # skipped
    phase, low, high = _phase_and_ages(values, problems)
    council, postcode, lat, lon, source = _place(values, councils, ons_councils, problems)
    offer = _offer(values, problems)
    if problems:
        return None, problems
    category, specialist = category_for(found[0])
    status = (values.get("establishment_status") or "Open").strip().lower()
    website = (values.get("website") or "").strip()
    if website and not website.startswith("http"):
        website = f"http://{website}"
    return (
        _Row(
            number=row_number,
            urn=urn,
            values={
                "name": name[:200],
                "setting_type": found[1],
                "phase": phase,
                "ukprn": offer.pop("ukprn"),
                "postcode": postcode,
                "website": website[:200],
                "local_authority": council,
                "region_id": council.region_id,
                "is_active": not status.startswith("closed"),
            },
            profile={
                "gias_type_code": found[0],
                "type_group": found[2],
                "category": category,
                "is_specialist": specialist,
                "low_age": low,
                "high_age": high,
                **offer,
                "town": (values.get("town") or "").strip()[:100],
                "latitude": lat,
                "longitude": lon,
                "location_source": source,
                "is_open": not status.startswith("closed"),
            },
        ),
        [],
    )


def _establishment(values: dict, problems: list[str]):
    """The URN, the name and the GIAS type ``(code, setting type, group)`` (None if unknown)."""
    urn = values["urn"].strip()
    if not re.fullmatch(r"\d{6,8}", urn):
        problems.append(f"URN must be 6 to 8 digits, not '{urn}'")
    name = values["establishment_name"].strip()
    if not name:
        problems.append("Establishment name is empty")
    type_code = (values.get("type_code") or "").strip()
    types = _types_by_code()
    if type_code:
        found = types.get(type_code)
        if found is None:
            problems.append(f"'{type_code}' is not a GIAS type of establishment code")
    else:
        found = establishment_types().get(_normalise_type(values["type_of_establishment"]))
        if found is None:
            problems.append(
                f"'{values['type_of_establishment']}' is not a GIAS type of establishment"
            )
    return urn, name, found


def _phase_and_ages(values: dict, problems: list[str]):
    phase_text = " ".join(values["phase_of_education"].lower().split())
    phase = PHASES.get(phase_text)
    if phase is None:
        problems.append(f"'{values['phase_of_education']}' is not a GIAS phase of education")
    low = _int(values["statutory_low_age"], "Statutory low age", problems, high=25)
    high = _int(values["statutory_high_age"], "Statutory high age", problems, high=99)
    if low is None and not any("low age" in p for p in problems):
        problems.append("Statutory low age is empty")
    if high is None and not any("high age" in p for p in problems):
        problems.append("Statutory high age is empty")
    if low is not None and high is not None and low > high:
        problems.append(f"Statutory low age ({low}) is above the high age ({high})")
    return phase, low, high


def _place(values: dict, councils: dict, ons_councils: dict, problems: list[str]):
    """The council, the postcode, and where the setting is: ``lat, lon`` from the file, or else
    (if the row has no other problem) its postcode district's centroid, and which it was."""
    la_code = values["la_code"].strip()
    council = councils.get(la_code) or ons_councils.get((values.get("district_code") or "").strip())
    if council is None:
        problems.append(f"'{la_code}' is not the number of a local authority in England")
    postcode = values["postcode"].strip().upper()
    if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", postcode):
        problems.append(f"'{values['postcode']}' is not a UK postcode")
    lat = lon = None
    source = ""
    if (values.get("latitude") or "").strip() or (values.get("longitude") or "").strip():
        try:
            lat, lon = float(values["latitude"]), float(values["longitude"])
        except (TypeError, ValueError):
            problems.append("Latitude and longitude must both be numbers")
        else:
            if not (49.8 <= lat <= 55.9 and -6.5 <= lon <= 2.0):
                problems.append(f"Latitude {lat} and longitude {lon} are not in England")
            source = "file"
    if lat is None and not problems:
        centroid = locate(postcode)
        if centroid is None:
            problems.append(
                f"Postcode district {postcode_district(postcode)} is not in the ONS postcode "
                "directory, and the row has no latitude and longitude"
            )
        else:
            lat, lon = centroid
            source = "postcode_district"
    return council, postcode, lat, lon, source


def _offer(values: dict, problems: list[str]) -> dict:
    """What the setting offers (its profile's fields) and its UKPRN (``ukprn``)."""
    resourced = (values.get("resourced_provision") or "").strip().lower()
    needs = _needs(values, problems)
    capacity = _int(values.get("school_capacity"), "School capacity", problems)
    pupils = _int(values.get("number_of_pupils"), "Number of pupils", problems)
    vacancies = _int(values.get("vacancies"), "Vacancies", problems)
    if vacancies is None and capacity is not None and pupils is not None:
        vacancies = max(0, capacity - pupils)
    s41 = (values.get("s41_approved") or "").strip().lower()
    if s41 not in ("", "yes", "no", "true", "false", "1", "0", "y", "n"):
        problems.append(f"s41_approved must be yes or no, not '{values['s41_approved']}'")
    provision = [
        p.strip() for p in (values.get("specialist_provision") or "").split(";") if p.strip()
    ]
    for key in provision:
        if key not in PROVISION:
            problems.append(
                f"'{key}' is not a kind of specialist provision (use {', '.join(PROVISION)})"
            )
    ukprn = (values.get("ukprn") or "").strip()
    if ukprn and not re.fullmatch(r"\d{8}", ukprn):
        problems.append(f"UKPRN must be 8 digits, not '{ukprn}'")
    return {
        "ukprn": ukprn,
        "resourced_provision": "resourced" in resourced,
        "sen_unit": "unit" in resourced,
        "needs": needs,
        "needs_key": needs_key_for(needs),
        "provision": provision,
        "s41_approved": s41 in ("yes", "true", "1", "y"),
        "places": capacity,
        "vacancies": vacancies,
    }


def import_directory(handle, *, file_name: str, actor=None) -> ImportResult:
    """Check every row of a GIAS-layout CSV, then import all of it or nothing.

    Raises :class:`DirectoryImportError` listing each problem with its row number.
    """
    text = handle.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    elif text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text))
    mapping, missing = _headers(reader.fieldnames or [])
    if missing:
        raise DirectoryImportError([(1, f"Missing column: {name}") for name in missing])
    councils = {
        o.la_code: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).exclude(
            la_code=""
        )
    }
    ons_councils = {o.ons_code: o for o in councils.values() if o.ons_code}
    problems: list[tuple[int, str]] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    skipped = 0
    for number, raw in enumerate(reader, start=2):
        values = {canonical: raw.get(header) or "" for canonical, header in mapping.items()}
        row, row_problems = _validate(number, values, councils, ons_councils)
        problems.extend((number, message) for message in row_problems)
        if row is None and not row_problems:
            skipped += 1
            continue
        if row is not None:
            if row.urn in seen:
                problems.append((number, f"URN {row.urn} is also on row {seen[row.urn]}"))
            else:
                seen[row.urn] = number
                rows.append(row)
    if problems:
        raise DirectoryImportError(problems)
    if not rows:
        raise DirectoryImportError([(1, "The file has no settings in it")])
    return _write(rows, file_name=file_name, actor=actor, skipped=skipped)


def _write(rows: list[_Row], *, file_name: str, actor, skipped: int) -> ImportResult:
    # The dashboards group plans by the type of the setting they name: the settings whose type
    # changes mark their plans' councils stale, each council once (rows written in bulk go past
    # the model signals).
    result = ImportResult(rows=len(rows), skipped=skipped)
    with transaction.atomic(), summaries.deferred_marks():
        existing = {
            o.urn: o
            for o in Organisation.objects.select_for_update().filter(
                kind=Organisation.Kind.SETTING, urn__in=[r.urn for r in rows]
            )
        }
        to_create, to_update, retyped = [], [], []
        for row in rows:
            org = existing.get(row.urn)
            if org is None:
                to_create.append(
                    Organisation(kind=Organisation.Kind.SETTING, urn=row.urn, **row.values)
                )
            else:
                if org.setting_type != row.values["setting_type"]:
                    retyped.append(org.pk)
                for name, value in row.values.items():
                    setattr(org, name, value)
                to_update.append(org)
        summaries.mark(settings=retyped)
        Organisation.objects.bulk_create(to_create, batch_size=500)
        Organisation.objects.bulk_update(
            to_update,
            [
                "name",
                "setting_type",
                "phase",
                "ukprn",
                "postcode",
                "website",
                "local_authority",
                "region_id",
                "is_active",
            ],
            batch_size=500,
        )
        result.created, result.updated = len(to_create), len(to_update)
        orgs = {
            o.urn: o.pk
            for o in Organisation.objects.filter(
                kind=Organisation.Kind.SETTING, urn__in=[r.urn for r in rows]
            )
        }
        profiles = {
            p.setting_id: p
            for p in SettingProfile.objects.filter(setting_id__in=list(orgs.values()))
        }
        new_profiles, old_profiles = [], []
        for row in rows:
            setting_id = orgs[row.urn]
            profile = profiles.get(setting_id)
            if profile is None:
                new_profiles.append(SettingProfile(setting_id=setting_id, **row.profile))
            else:
                for name, value in row.profile.items():
                    setattr(profile, name, value)
                old_profiles.append(profile)
        SettingProfile.objects.bulk_create(new_profiles, batch_size=500)
        SettingProfile.objects.bulk_update(old_profiles, list(rows[0].profile), batch_size=500)
        result.record = DirectoryImport.objects.create(
            file_name=file_name[:255],
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"Settings directory imported from {file_name}: {result.created} new, "
            f"{result.updated} updated, {result.skipped} skipped",
            obj=result.record,
        )
    return result


def import_shared_schools(*, actor=None) -> ImportResult:
    """Import the real partial GIAS extract in ``shared/data/schools`` (6,022 schools)."""
    with SCHOOLS_CSV.open(encoding="utf-8") as handle:
        return import_directory(handle, file_name=SCHOOLS_CSV.name, actor=actor)
