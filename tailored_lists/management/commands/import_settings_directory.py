"""Import the settings directory from a CSV in the GIAS extract layout (all rows or none)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tailored_lists import directory


class Command(BaseCommand):
    help = (
        "Import education settings into the settings directory from a CSV in the layout of the "
        "DfE Get Information about Schools (GIAS) extract. Without a file, imports the real "
        "partial extract in shared/data/schools (6,022 schools). Every row is checked first; if "
        "any row has a problem, each problem is listed with its row number (the header is row 1) "
        "and nothing is imported.\n\n"
        "Required columns (snake_case as in shared/data/schools, or the GIAS name): urn (URN), "
        "establishment_name (EstablishmentName), type_of_establishment (TypeOfEstablishment "
        "(name)), phase_of_education (PhaseOfEducation (name)), statutory_low_age "
        "(StatutoryLowAge), statutory_high_age (StatutoryHighAge), la_code (LA (code)), postcode "
        "(Postcode). Optional: ukprn, establishment_status, town, website, latitude, longitude "
        "(else the postcode district centroid), onspd_la_district_code (DistrictAdministrative "
        "(code), for councils that have since been reorganised), type_of_resourced_provision, "
        "sen1..sen13 (SEN1 (name)..) or sen_needs (SEN2 codes separated by ;), school_capacity, "
        "number_of_pupils, vacancies, s41_approved (yes/no), specialist_provision (keys "
        "separated by ;: salt, ot, physio, small_classes, sensory, nursing, signing, "
        "hydrotherapy, residential). See tailored_lists/directory.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", nargs="?", help="Path to the CSV file")

    def handle(self, *args, csv_file=None, **options):
        path = Path(csv_file) if csv_file else directory.SCHOOLS_CSV
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            try:
                result = directory.import_directory(handle, file_name=path.name)
            except directory.DirectoryImportError as error:
                for row, message in error.problems:
                    self.stderr.write(f"Row {row}: {message}")
                raise CommandError(
                    f"{len(error.problems)} problem(s) in {path.name}; nothing was imported."
                ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.rows} settings from {path.name}: {result.created} new, "
                f"{result.updated} updated, {result.skipped} skipped (outside scope)."
            )
        )
