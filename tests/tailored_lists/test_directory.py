"""Importing the settings directory from a GIAS-layout CSV: all rows or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from send_portal.models import Organisation
from tailored_lists import directory
from tailored_lists.models import Category, DirectoryImport, SettingProfile
from tests.tailored_lists.helpers import (
    CITY_GIRLS,
    THRIFTWOOD,
    csv_text,
    import_real,
    real_rows,
    setting,
)

pytestmark = pytest.mark.django_db


def _settings_count() -> int:
    return Organisation.objects.filter(kind=Organisation.Kind.SETTING).count()


def test_the_real_extract_imports_all_6022_schools_with_location_and_category():
    result = directory.import_shared_schools()
    assert (result.rows, result.created, result.skipped) == (6022, 6022, 0)
    assert SettingProfile.objects.count() == 6022
    girls = setting(CITY_GIRLS)
    assert girls.name == "City of London School for Girls"
    assert girls.postcode == "EC2Y 8BB"
    profile = girls.directory_profile
    assert (profile.latitude, profile.longitude) == (51.519129, -0.094509)
    assert profile.location_source == "file"
    assert profile.category == Category.INDEPENDENT and not profile.is_specialist
    assert (profile.low_age, profile.high_age) == (7, 18)
    assert (
        SettingProfile.objects.filter(category=Category.SPECIAL).count()
        == 177 + 17 + 11 + 44 + 11 + 8
    )
    # Other independent special schools are independent and specialist.
    assert (
        SettingProfile.objects.filter(category=Category.INDEPENDENT, is_specialist=True).count()
        == 124
    )
    assert DirectoryImport.objects.get().rows == 6022


def test_schools_of_councils_reorganised_since_2017_go_to_the_council_that_covers_them_now():
    header, rows = real_rows(("928", "909", "836"))
    result = directory.import_directory(io.StringIO(csv_text(header, rows)), file_name="old.csv")
    assert result.created == len(rows) == 80 + 91 + 17
    councils = set(
        Organisation.objects.filter(kind="setting").values_list(
            "local_authority__la_code", flat=True
        )
    )
    # The successor councils (one Northamptonshire school sits in Hillingdon, 312).
    assert {"940", "941", "942", "943", "839"} <= councils
    assert not councils & {"928", "909", "835", "836", "837"}


def test_importing_again_updates_the_same_settings():
    import_real()
    before = _settings_count()
    result = import_real()
    assert (result.created, result.updated) == (0, 173)
    assert _settings_count() == before


def test_bad_rows_are_each_reported_with_their_row_number_and_nothing_is_imported():
    header, rows = real_rows(("881",))
    rows = rows[:6]
    rows[1] = {**rows[1], "urn": "12AB"}  # row 3
    rows[2] = {**rows[2], "type_of_establishment": "Castle"}  # row 4
    rows[3] = {**rows[3], "statutory_low_age": "16", "statutory_high_age": "11"}  # row 5
    rows[5] = {**rows[5], "la_code": "999"}  # row 7
    before = _settings_count()
    with pytest.raises(directory.DirectoryImportError) as raised:
        directory.import_directory(io.StringIO(csv_text(header, rows)), file_name="bad.csv")
    problems = raised.value.problems
    assert [row for row, _ in problems] == [3, 4, 5, 7]
    assert "URN must be 6 to 8 digits, not '12AB'" in problems[0][1]
    assert "'Castle' is not a GIAS type of establishment" in problems[1][1]
    assert "low age (16) is above the high age (11)" in problems[2][1]
    assert "'999' is not the number of a local authority" in problems[3][1]
    assert _settings_count() == before
    assert not SettingProfile.objects.exists()
    assert not DirectoryImport.objects.exists()


def test_a_missing_required_column_is_reported_on_row_1():
    header, rows = real_rows(("883",))
    header = [h for h in header if h != "postcode"]
    for row in rows:
        row.pop("postcode")
    with pytest.raises(directory.DirectoryImportError) as raised:
        directory.import_directory(io.StringIO(csv_text(header, rows)), file_name="x.csv")
    assert raised.value.problems == [(1, "Missing column: postcode")]


def test_a_urn_twice_in_the_file_is_a_problem():
    header, rows = real_rows(("883",))
    rows = rows[:3] + [rows[0]]
    with pytest.raises(directory.DirectoryImportError) as raised:
        directory.import_directory(io.StringIO(csv_text(header, rows)), file_name="x.csv")
    assert raised.value.problems == [(5, f"URN {rows[0]['urn']} is also on row 2")]


GIAS_HEADER = (
    "URN,UKPRN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),"
    "StatutoryLowAge,StatutoryHighAge,EstablishmentStatus (name),LA (code),Town,Postcode,"
    "TypeOfResourcedProvision (name),SEN1 (name),SEN2 (name),SchoolCapacity,NumberOfPupils\n"
)


def test_gias_column_names_sen_provision_and_capacity_are_read():
    text = GIAS_HEADER + (
        "137554,10037000,Thriftwood School,Academy special converter,Not applicable,5,19,Open,"
        "881,Chelmsford,CM2 8RW,Not applicable,ASD - Autistic Spectrum Disorder,"
        "SLCN - Speech language and Communication,120,112\n"
        "114707,,Lexden Primary School with Unit for Hearing Impaired Pupils,Community school,"
        "Primary,3,11,Open,881,Colchester,CO3 9AS,SEN unit,HI - Hearing Impairment,,420,400\n"
        "999001,,A Welsh School,Welsh establishment,Primary,3,11,Open,881,Cardiff,CF10 1AA,,,,,\n"
    )
    result = directory.import_directory(io.StringIO(text), file_name="gias.csv")
    assert (result.created, result.skipped) == (2, 1), "the Welsh establishment is skipped"
    thrift = setting(THRIFTWOOD).directory_profile
    assert thrift.needs == ["ASD", "SLCN"]
    assert (thrift.places, thrift.vacancies) == (120, 8)
    assert thrift.category == Category.SPECIAL and thrift.is_specialist
    # No latitude/longitude in the file: the postcode district centroid (ONS, CM2).
    assert thrift.location_source == "postcode_district"
    assert round(thrift.latitude, 3) == round(directory.district_centroids()["CM2"][0], 3)
    lexden = setting("114707").directory_profile
    assert lexden.sen_unit and not lexden.resourced_provision and lexden.needs == ["HI"]
    assert lexden.category == Category.MAINSTREAM


def test_an_unknown_need_code_or_postcode_district_is_a_problem():
    text = GIAS_HEADER + (
        "137554,,Thriftwood School,Academy special converter,Not applicable,5,19,Open,881,"
        "Chelmsford,ZZ9 9ZZ,,XYZ - Made up,,,\n"
    )
    with pytest.raises(directory.DirectoryImportError) as raised:
        directory.import_directory(io.StringIO(text), file_name="x.csv")
    messages = [m for _, m in raised.value.problems]
    assert any("'XYZ - Made up' is not a SEN2 type of need" in m for m in messages)
    assert any("Postcode district ZZ9 is not in the ONS postcode directory" in m for m in messages)


def test_the_command_imports_a_good_file(tmp_path, capsys):
    header, rows = real_rows(("882",))
    path = tmp_path / "good.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    call_command("import_settings_directory", str(path))
    assert "Imported 17 settings from good.csv: 17 new" in capsys.readouterr().out


def test_the_command_lists_bad_rows_and_imports_nothing(tmp_path, capsys):
    header, rows = real_rows(("882",))
    rows[4] = {**rows[4], "postcode": "not a postcode"}
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_settings_directory", str(path))
    assert "Row 6: 'not a postcode' is not a UK postcode" in capsys.readouterr().err
    assert _settings_count() == 0 or not SettingProfile.objects.exists()


def test_distance_between_postcode_districts_is_great_circle():
    centroids = directory.district_centroids()
    assert len(centroids) == 2323
    assert centroids["SW1A"] == (51.50197, -0.13389)
    london_leeds = directory.distance_km(*centroids["SW1A"], *centroids["LS1"])
    assert 268 < london_leeds < 275
    assert directory.postcode_district("cm1 1aa") == "CM1"
    assert directory.postcode_district("SW1A1AA") == "SW1A"
