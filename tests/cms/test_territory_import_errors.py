"""INSEE territories import (cms/territories/): every error of every file is reported, and nothing is imported."""

import pytest

from cms.models import Territory
from cms.territories import FileKind, TerritoryImporter, TerritoryImportError
from tests.cms.test_territories import COMMUNES, DEPARTEMENTS, EPCI, POPULATION, REGIONS, get, importer_for, write

Kind = Territory.Kind


# -- errors: all reported, nothing imported -------------------------------------------------------------------


@pytest.mark.django_db
def test_bad_row_is_reported_with_file_and_line_and_nothing_is_imported(tmp_path):
    Territory.objects.create(kind=Kind.REGION, code="52", name="Ancien nom")
    communes = COMMUNES.replace("COM,44143,", "COM,4414,")  # line 4 of the file

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, communes=communes, epci=EPCI, population=POPULATION).run()

    assert error.value.errors[0] == (
        "v_commune_test.csv, ligne 4 : code commune « 4414 » invalide : 5 caractères (ex. 44109, 2A004) attendu"
        " (zéro initial supprimé par un tableur ?)"
    )
    assert Territory.objects.count() == 1
    assert get(Kind.REGION, "52").name == "Ancien nom"


@pytest.mark.django_db
def test_every_error_of_every_file_is_collected(tmp_path):
    departements = DEPARTEMENTS + "22,99,22278,4,COTES D ARMOR,Côtes-d'Armor,Côtes-d'Armor\n"
    communes = COMMUNES + "COM,44109,52,44,44D,442,0,NANTES,Nantes,Nantes,4499,\nCOM,2A004,94,2A,,,0,AJACCIO,,,,\n"
    population = POPULATION.replace(";42998;", ";-12;").replace(";157175;", ";1,5;")

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, departements=departements, communes=communes, population=population).run()

    assert error.value.errors == [
        "v_departement_test.csv, ligne 5 : région « 99 » inconnue : ni en base ni dans les fichiers importés",
        "v_commune_test.csv, ligne 9 : code commune « 44109 » en double (déjà ligne 3)",
        "v_commune_test.csv, ligne 10 : nom (LIBELLE) vide",
        "v_commune_test.csv, ligne 10 : département « 2A » inconnu : ni en base ni dans les fichiers importés",
        "donnees_communes.csv, ligne 4 : population (PMUN) « -12 » invalide : nombre entier positif ou nul attendu",
        "donnees_communes.csv, ligne 5 : population (PMUN) « 1,5 » invalide : nombre entier positif ou nul attendu",
    ]
    assert Territory.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_parent_row_is_not_reported_again_for_each_child(tmp_path):
    departements = DEPARTEMENTS.replace(
        "44,52,44109,3,LOIRE ATLANTIQUE,Loire-Atlantique,Loire-Atlantique", "44,52,,,,,"
    )

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, departements=departements, communes=COMMUNES).run()

    assert error.value.errors == ["v_departement_test.csv, ligne 3 : nom (LIBELLE) vide"]


@pytest.mark.django_db
def test_missing_column_names_file_and_column_and_nothing_is_imported(tmp_path):
    departements = DEPARTEMENTS.replace("DEP,REG,", "DEP,REGION,")

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, departements=departements).run()

    assert error.value.errors == ["v_departement_test.csv, ligne 1 : colonne obligatoire « REG » absente"]
    assert Territory.objects.count() == 0  # not even the régions of the other, valid file


@pytest.mark.django_db
def test_utf16_file_is_rejected_with_a_clear_error(tmp_path):
    path = write(tmp_path, "v_region_utf16.csv", REGIONS, encoding="utf-16")

    with pytest.raises(TerritoryImportError) as error:
        TerritoryImporter().add(FileKind.REGIONS, path).run()

    assert error.value.errors == [
        "v_region_utf16.csv : fichier binaire ou encodé en UTF-16 (octets nuls) : "
        "enregistrez-le au format « CSV UTF-8 »"
    ]
    assert Territory.objects.count() == 0


@pytest.mark.django_db
def test_windows_1252_file_from_excel_keeps_its_accents(tmp_path):
    regions = "REG;CHEFLIEU;TNCC;NCC;NCCENR;LIBELLE\r\n11;75056;1;ILE DE FRANCE;Île-de-France;Île-de-France\r\n"
    departements = "DEP;REG;CHEFLIEU;TNCC;NCC;NCCENR;LIBELLE\r\n95;11;95500;2;VAL D OISE;Val-d'Oise;Val-d'Oise\r\n"
    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, write(tmp_path, "regions.csv", regions, encoding="cp1252"))
    importer.add(FileKind.DEPARTEMENTS, write(tmp_path, "departements.csv", departements, encoding="cp1252"))

    importer.run()

    assert get(Kind.REGION, "11").name == "Île-de-France"
    assert get(Kind.DEPARTEMENT, "95").name == "Val-d'Oise"


@pytest.mark.django_db
def test_utf8_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path, "regions.csv", "\ufeff" + REGIONS.replace(",", ";"))

    TerritoryImporter().add(FileKind.REGIONS, path).run()

    assert sorted(Territory.objects.regions().values_list("code", "name")) == [
        ("52", "Pays de la Loire"),
        ("53", "Bretagne"),
    ]


@pytest.mark.django_db
def test_line_numbers_are_the_spreadsheet_rows(tmp_path):
    communes = COMMUNES.replace(
        "COM,44109,52,44,44D,442,0,NANTES,Nantes,Nantes,4499,\n",
        'COM,44109,52,44,44D,442,0,NANTES,Nantes,"Nantes\n(ville)",4499,\n\n',  # one row over two text lines
    ).replace("COM,49007,", "COM,4900,")

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, communes=communes).run()

    # Header 1, Rennes 2, Nantes 3, empty row 4, Rezé 5, COMD 6, COMA 7, Angers 8.
    assert [message.split(" : ")[0] for message in error.value.errors] == ["v_commune_test.csv, ligne 8"]


@pytest.mark.django_db
def test_spreadsheet_workbook_is_rejected(tmp_path):
    path = tmp_path / "v_region_2024.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64)

    with pytest.raises(TerritoryImportError) as error:
        TerritoryImporter().add(FileKind.REGIONS, path).run()

    assert error.value.errors == [
        "v_region_2024.xlsx : classeur Excel ou OpenDocument (zip) : enregistrez la feuille au format CSV"
    ]


@pytest.mark.parametrize(
    ("departement", "codcom", "code"),
    [
        ("44", "109", "44109"),
        ("1", "9", "01009"),
        ("2A", "004", "2A004"),
        ("971", "105", "97105"),
        ("971", "05", "97105"),
    ],
)
def test_population_files_split_commune_codes(departement, codcom, code):
    assert TerritoryImporter._join_commune_code(departement, codcom) == code


@pytest.mark.django_db
def test_population_needs_a_year(tmp_path):
    path = write(tmp_path, "donnees_communes.csv", POPULATION)

    with pytest.raises(TerritoryImportError) as error:
        TerritoryImporter().add(FileKind.POPULATION, path).run()

    assert error.value.errors == ["donnees_communes.csv : année de population absente ou invalide (None)"]
