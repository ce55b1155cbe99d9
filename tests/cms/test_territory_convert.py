"""cms/data/territories/convert_decoupage_administratif.py: the npm package's JSON into COG files the import reads."""

import importlib.util
import json
import tarfile

import pytest

from cms.models import Territory
from cms.territories import FileKind, TerritoryImporter, add_reference_files
from cms.territories.shipped import DATA_DIR

Kind = Territory.Kind
spec = importlib.util.spec_from_file_location("convert", DATA_DIR / "convert_decoupage_administratif.py")
convert = importlib.util.module_from_spec(spec)
spec.loader.exec_module(convert)

COMMUNES = [
    {"code": "44109", "nom": "Nantes", "typeLiaison": 0, "departement": "44", "region": "52", "arrondissement": "442",
     "type": "commune-actuelle", "population": 327734},
    {"code": "72181", "nom": "Le Mans", "typeLiaison": 2, "departement": "72", "region": "52",
     "type": "commune-actuelle", "population": 145004},
    {"code": "44180", "nom": "Saint-Mars-du-Désert", "departement": "44", "region": "52", "type": "commune-deleguee"},
    {"code": "22016", "nom": "Île-de-Bréhat", "typeLiaison": 0, "departement": "22", "region": "53",
     "type": "commune-actuelle", "population": 376},
    {"code": "97611", "nom": "Mamoudzou", "departement": "976", "region": "06", "type": "commune-actuelle",
     "population": 71437},
    {"code": "98735", "nom": "Papeete", "departement": "987", "region": "987", "zone": "com",
     "type": "commune-actuelle", "population": 26654},
    {"code": "98412", "nom": "Archipel des Kerguelen", "departement": "984", "region": "984", "zone": "com",
     "type": "commune-actuelle"},
]  # fmt: skip
EPCI = [{"code": "244400404", "nom": "Nantes Métropole", "membres": [{"code": "44109"}]},
        {"code": "247200132", "nom": "Le Mans Métropole", "membres": [{"code": "72181"}]},
        {"code": "200060465", "nom": "CC de Petite-Terre, Mamoudzou", "membres": [{"code": "97611"}]}]  # fmt: skip
DEPARTEMENTS = [
    {"code": "44", "region": "52", "nom": "Loire-Atlantique", "zone": "metro"},
    {"code": "987", "region": "987", "nom": "Polynésie française", "typeLiaison": 0, "zone": "com"},
    {"code": "984", "region": "984", "nom": "Terres australes et antarctiques françaises", "zone": "com"},
]


def package(tmp_path, version="6.0.0"):
    folder = tmp_path / "package"
    (folder / "data").mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"version": version}))
    for name, data in (("communes", COMMUNES), ("epci", EPCI), ("departements", DEPARTEMENTS)):
        (folder / "data" / f"{name}.json").write_text(json.dumps(data))
    archive = tmp_path / f"etalab-decoupage-administratif-{version}.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="package")
    return archive


@pytest.mark.django_db
def test_converted_package_imports_with_overseas_epci_and_populations(tmp_path):
    version, written = convert.convert(package(tmp_path), tmp_path / "out")
    files = {path.name: path for path in written}

    assert version == "6.0.0"
    assert sorted(files) == [
        "epci_composition_2026.csv.gz",
        "populations_2023.csv.gz",
        "populations_mayotte_2017.csv",
        "v_comer_2026.csv",
        "v_commune_2026.csv.gz",
        "v_commune_comer_2026.csv",
    ]
    assert files["v_commune_comer_2026.csv"].read_text().splitlines()[1:] == [
        "98412,0,ARCHIPEL DES KERGUELEN,Archipel des Kerguelen,Archipel des Kerguelen,DIS,984,"
        "Terres australes et antarctiques françaises",
        "98735,0,PAPEETE,Papeete,Papeete,COM,987,Polynésie française",
    ]
    importer = add_reference_files(TerritoryImporter())
    importer.add(FileKind.COMMUNES, files["v_commune_2026.csv.gz"])
    importer.add(FileKind.COMMUNES_OUTRE_MER, files["v_commune_comer_2026.csv"])
    importer.add(FileKind.EPCI, files["epci_composition_2026.csv.gz"])
    importer.add(FileKind.POPULATION, files["populations_2023.csv.gz"], year=2023)
    importer.add(FileKind.POPULATION, files["populations_mayotte_2017.csv"], year=2017)
    report = importer.run()

    assert report.created[Kind.COMMUNE] == 6  # the commune déléguée left out
    assert report.skipped == {"ZZZZZZZZZ": 1}  # Île-de-Bréhat, in no EPCI
    communes = {t.code: t for t in Territory.objects.communes().select_related("parent", "epci")}
    assert communes["72181"].name == "Le Mans"
    assert communes["72181"].epci.name == "Le Mans Métropole"
    assert communes["98735"].parent.kind == Kind.COLLECTIVITE_OUTRE_MER
    assert (communes["98735"].population, communes["98735"].population_year) == (26654, 2023)
    assert (communes["97611"].population, communes["97611"].population_year) == (71437, 2017)
    assert communes["98412"].population is None


def test_same_package_converts_to_identical_bytes_and_unknown_versions_need_years(tmp_path):
    source = package(tmp_path)
    _version, first = convert.convert(source, tmp_path / "a")
    _version, second = convert.convert(source, tmp_path / "b")
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]
    assert convert.names("Le Mans", "2") == ("MANS", "Mans")
    assert convert.names("L'Abergement-Clémenciat", "5") == ("ABERGEMENT CLEMENCIAT", "Abergement-Clémenciat")

    with pytest.raises(SystemExit, match="version 9.9.9 inconnue"):
        convert.convert(package(tmp_path / "new", version="9.9.9"), tmp_path / "c")
    _version, written = convert.convert(
        package(tmp_path / "new2", version="9.9.9"),
        tmp_path / "d",
        cog_year=2027,
        population_year=2024,
        mayotte_year=2017,
    )
    assert "v_commune_2027.csv.gz" in [path.name for path in written]
