"""All of France in the territory list (issue 13): the overseas collectivités and their communes, the shipped
full list (`import_territories --france`) next to the demo's fictional communes, and `name_key` kept by the bulk
import."""

import csv
import gzip
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from cms.models import Territory
from cms.territories import (
    SHIPPED_COLLECTIVITES,
    SHIPPED_DEPARTEMENTS,
    SHIPPED_REGIONS,
    FileKind,
    TerritoryImporter,
    TerritoryImportError,
    import_shipped_territories,
)
from cms.territories.names import name_key
from cms.territories.shipped import FRANCE_COMMUNES, FRANCE_COMMUNES_OUTRE_MER
from tests.cms.test_territories import get, write

Kind = Territory.Kind
OUTRE_MER = ("975", "977", "978", "984", "986", "987", "988", "989")

# The rows the converted file (v_commune format, from @etalab/decoupage-administratif) had for each overseas
# collectivité: refused on main, the 975 ones for an unknown département, the others for an invalid code.
CONVERTED_COMMUNES = """TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,44109,52,44,,442,0,NANTES,Nantes,Nantes,,
COM,97105,01,971,,,0,BASSE TERRE,Basse-Terre,Basse-Terre,,
COM,97502,975,975,,,0,SAINT PIERRE,Saint-Pierre,Saint-Pierre,,
COM,97701,977,977,,,0,SAINT BARTHELEMY,Saint-Barthélemy,Saint-Barthélemy,,
COM,97801,978,978,,,0,SAINT MARTIN,Saint-Martin,Saint-Martin,,
COM,98411,984,984,,,0,ILES SAINT PAUL ET NOUVELLE AMSTERDAM,,Îles Saint-Paul et Nouvelle-Amsterdam,,
COM,98611,986,986,,,0,ALO,Alo,Alo,,
COM,98735,987,987,,,0,PAPEETE,Papeete,Papeete,,
COM,98818,988,988,,,0,NOUMEA,Nouméa,Nouméa,,
COM,98901,989,989,,,0,ILE DE CLIPPERTON,Île de Clipperton,Île de Clipperton,,
"""
COMER = """COMER,TNCC,NCC,NCCENR,LIBELLE
975,0,SAINT PIERRE ET MIQUELON,Saint-Pierre-et-Miquelon,Saint-Pierre-et-Miquelon
987,0,POLYNESIE FRANCAISE,Polynésie française,Polynésie française
984,0,TERRES AUSTRALES ET ANTARCTIQUES FRANCAISES,,Terres australes et antarctiques françaises
986,0,WALLIS ET FUTUNA,Wallis et Futuna,Wallis et Futuna
989,0,ILE DE CLIPPERTON,Île de Clipperton,Île de Clipperton
"""
COMMUNES_COMER = """COM_COMER,TNCC,NCC,NCCENR,LIBELLE,NATURE_ZONAGE,COMER,LIBELLE_COMER
97501,0,MIQUELON LANGLADE,Miquelon-Langlade,Miquelon-Langlade,COM,975,Saint-Pierre-et-Miquelon
97502,0,SAINT PIERRE,Saint-Pierre,Saint-Pierre,COM,975,Saint-Pierre-et-Miquelon
98735,0,PAPEETE,Papeete,Papeete,COM,987,Polynésie française
98412,0,ARCHIPEL DES KERGUELEN,,Archipel des Kerguelen,DIS,984,Terres australes et antarctiques françaises
98611,0,ALO,Alo,Alo,CIR,986,Wallis et Futuna
98901,0,ILE DE CLIPPERTON,,Île de Clipperton,CPT,989,Île de Clipperton
"""
POPULATION_OUTRE_MER = """COM,PMUN
97501,596
97502,5194
98735,26654
"""


def reference_importer():
    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, SHIPPED_REGIONS).add(FileKind.DEPARTEMENTS, SHIPPED_DEPARTEMENTS)
    return importer.add(FileKind.COLLECTIVITES_OUTRE_MER, SHIPPED_COLLECTIVITES)


# -- the overseas cases the issue found refused ------------------------------------------------------------------


@pytest.mark.django_db
def test_converted_commune_file_with_overseas_collectivites_imports_after_the_shipped_reference(tmp_path):
    """Failed on main: `import_territories` then `--communes` refused the 975 to 989 rows (94 errors, 0 rows)."""
    call_command("import_territories", stdout=StringIO())
    call_command("import_territories", communes=write(tmp_path, "communes.csv", CONVERTED_COMMUNES), stdout=StringIO())

    assert Territory.objects.communes().count() == 10
    assert Territory.objects.filter(kind=Kind.COLLECTIVITE_OUTRE_MER).count() == 8
    for code in OUTRE_MER:
        collectivite = get(Kind.COLLECTIVITE_OUTRE_MER, code)
        assert collectivite.parent is None  # no région above a collectivité d'outre-mer
        assert Territory.objects.communes().get(code__startswith=code).parent == collectivite
    assert get(Kind.COLLECTIVITE_OUTRE_MER, "977").name == "Saint-Barthélemy"
    assert get(Kind.COLLECTIVITE_OUTRE_MER, "977").get_kind_display() == "Collectivité d'outre-mer"
    assert get(Kind.COMMUNE, "97105").parent == get(Kind.DEPARTEMENT, "971")  # a DROM stays a département
    assert get(Kind.COMMUNE, "98818").name_key == "noumea"


@pytest.mark.django_db
def test_shipped_reference_has_the_eight_collectivites_d_outre_mer():
    call_command("import_territories", stdout=StringIO())

    assert dict(Territory.objects.filter(kind=Kind.COLLECTIVITE_OUTRE_MER).values_list("code", "name")) == {
        "975": "Saint-Pierre-et-Miquelon",
        "977": "Saint-Barthélemy",
        "978": "Saint-Martin",
        "984": "Terres australes et antarctiques françaises",
        "986": "Wallis et Futuna",
        "987": "Polynésie française",
        "988": "Nouvelle-Calédonie",
        "989": "Île de Clipperton",
    }
    assert Territory.objects.departements().count() == 101
    assert not Territory.objects.departements().filter(code="975").exists()


@pytest.mark.django_db
def test_overseas_commune_without_its_collectivite_names_the_missing_file(tmp_path):
    importer = TerritoryImporter()
    importer.add(FileKind.REGIONS, SHIPPED_REGIONS).add(FileKind.DEPARTEMENTS, SHIPPED_DEPARTEMENTS)
    importer.add(FileKind.COMMUNES, write(tmp_path, "communes.csv", CONVERTED_COMMUNES))

    with pytest.raises(TerritoryImportError) as error:
        importer.run()

    assert len(error.value.errors) == 8
    assert error.value.errors[0] == (
        "communes.csv, ligne 4 : collectivité d'outre-mer « 975 » inconnue : ni en base ni dans les fichiers importés "
        "(le fichier v_comer du COG, ou « manage.py import_territories » sans option qui charge celui du projet)"
    )
    assert not any("zéro initial" in message for message in error.value.errors)
    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_three_digit_overseas_code_gets_no_dropped_zero_hint(tmp_path):
    departements = "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n977,01,97701,0,SAINT BARTHELEMY,,Saint-Barthélemy\n"
    communes = CONVERTED_COMMUNES.replace("COM,98611,986,986,", "COM,98611,986,985,").replace(",01,971,", ",01,1,")
    importer = TerritoryImporter().add(FileKind.REGIONS, SHIPPED_REGIONS)
    importer.add(FileKind.DEPARTEMENTS, write(tmp_path, "v_departement.csv", departements))
    importer.add(FileKind.COMMUNES, write(tmp_path, "v_commune.csv", communes))

    with pytest.raises(TerritoryImportError) as error:
        importer.run()

    messages = error.value.errors
    # A converted départements file may list a collectivité: imported as one, not refused.
    assert not any("v_departement.csv" in message for message in messages)
    assert (
        "v_commune.csv, ligne 3 : code département « 1 » invalide : 01 à 95, 2A, 2B, 971 à 974, 976 ou le code d'une "
        "collectivité d'outre-mer (975, 977, 978, 984, 986 à 989) attendu (zéro initial supprimé par un tableur ?)"
    ) in messages
    assert (
        "v_commune.csv, ligne 8 : code département « 985 » invalide : 01 à 95, 2A, 2B, 971 à 974, 976 ou le code "
        "d'une collectivité d'outre-mer (975, 977, 978, 984, 986 à 989) attendu"
    ) in messages


@pytest.mark.django_db
def test_departements_file_refuses_an_overseas_code_where_a_departement_is_needed(tmp_path):
    epci = "CODGEO,LIBGEO,EPCI,LIBEPCI,DEP,REG\n97701,Saint-Barthélemy,200000001,CC fictive,977,01\n"
    importer = reference_importer()
    importer.add(FileKind.COMMUNES, write(tmp_path, "communes.csv", CONVERTED_COMMUNES))
    importer.add(FileKind.EPCI, write(tmp_path, "epci.csv", epci))

    with pytest.raises(TerritoryImportError) as error:
        importer.run()

    assert error.value.errors == [
        "epci.csv, ligne 2 : code département « 977 » invalide : 01 à 95, 2A, 2B, 971, 972, 973, 974 ou 976 attendu "
        "(« 977 » est une collectivité d'outre-mer : fichier v_comer du COG)"
    ]


# -- INSEE's own overseas files -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_insee_v_comer_and_v_commune_comer_files_with_populations(tmp_path):
    importer = TerritoryImporter()
    importer.add(FileKind.COLLECTIVITES_OUTRE_MER, write(tmp_path, "v_comer_2024.csv", COMER))
    importer.add(FileKind.COMMUNES_OUTRE_MER, write(tmp_path, "v_commune_comer_2024.csv", COMMUNES_COMER))
    importer.add(FileKind.POPULATION, write(tmp_path, "populations.csv", POPULATION_OUTRE_MER), year=2021)

    report = importer.run()

    assert report.created[Kind.COLLECTIVITE_OUTRE_MER] == 5
    assert report.created[Kind.COMMUNE] == 6
    assert get(Kind.COMMUNE, "98412").parent == get(Kind.COLLECTIVITE_OUTRE_MER, "984")  # a TAAF district
    assert get(Kind.COMMUNE, "98611").parent == get(Kind.COLLECTIVITE_OUTRE_MER, "986")  # a circonscription
    assert get(Kind.COMMUNE, "98901").name == "Île de Clipperton"
    assert get(Kind.COMMUNE, "98735").population == 26654
    spm = get(Kind.COLLECTIVITE_OUTRE_MER, "975")
    assert (spm.population, spm.population_year) == (596 + 5194, 2021)  # the sum of its communes
    assert get(Kind.COLLECTIVITE_OUTRE_MER, "984").population is None  # its districts have none
    assert "Collectivité d'outre-mer : 5 créé(s), 0 mis à jour, 0 inchangé(s)" in report.lines()


@pytest.mark.django_db
def test_v_commune_comer_errors(tmp_path):
    communes = COMMUNES_COMER + (
        "98812,0,BOULOUPARI,,Bouloupari,COM,988,Nouvelle-Calédonie\n"  # 988 is in neither the base nor the files
        "98736,0,X,,Rangiroa,ZZZ,987,Polynésie française\n"
        "98737,0,X,,Ailleurs,COM,986,Wallis et Futuna\n"
        "98738,0,X,,Nulle part,COM,985,?\n"
    )
    importer = TerritoryImporter()
    importer.add(FileKind.COLLECTIVITES_OUTRE_MER, write(tmp_path, "v_comer.csv", COMER + "99,0,X,,Nulle part\n"))
    importer.add(FileKind.COMMUNES_OUTRE_MER, write(tmp_path, "v_commune_comer.csv", communes))

    with pytest.raises(TerritoryImportError) as error:
        importer.run()

    assert error.value.errors == [
        "v_comer.csv, ligne 7 : code de collectivité d'outre-mer « 99 » invalide : 975, 977, 978, 984, 986, 987, "
        "988 ou 989 attendu",
        "v_commune_comer.csv, ligne 8 : collectivité d'outre-mer « 988 » inconnue : ni en base ni dans les fichiers "
        "importés (le fichier v_comer du COG, ou « manage.py import_territories » sans option qui charge celui du "
        "projet)",
        "v_commune_comer.csv, ligne 9 : nature de zonage (NATURE_ZONAGE) « ZZZ » inconnue : COM, DIS, CIR ou CPT "
        "attendu",
        "v_commune_comer.csv, ligne 10 : le code commune « 98737 » n'appartient pas à la collectivité d'outre-mer "
        "« 986 »",
        "v_commune_comer.csv, ligne 11 : code de collectivité d'outre-mer « 985 » invalide : 975, 977, 978, 984, "
        "986, 987, 988 ou 989 attendu",
    ]
    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_converted_regions_file_listing_collectivites_skips_them(tmp_path):
    regions = "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n52,44109,4,,,Pays de la Loire\n975,97502,0,,,Saint-Pierre\n"
    departements = "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n44,52,44109,3,,,Loire-Atlantique\n975,975,97502,0,,,SPM\n"
    importer = TerritoryImporter().add(FileKind.REGIONS, write(tmp_path, "regions.csv", regions))
    importer.add(FileKind.DEPARTEMENTS, write(tmp_path, "departements.csv", departements))

    report = importer.run()

    assert report.skipped == {"REGION_OUTRE_MER": 1}
    assert list(Territory.objects.regions().values_list("code", flat=True)) == ["52"]
    assert get(Kind.COLLECTIVITE_OUTRE_MER, "975").name == "SPM"
    assert "1 collectivités d'outre-mer listées comme régions ignorées" in report.lines()


# -- name_key and compressed files -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_import_fills_and_mends_name_key(tmp_path):
    communes = write(tmp_path, "communes.csv", CONVERTED_COMMUNES)
    reference_importer().add(FileKind.COMMUNES, communes).run()
    assert get(Kind.COMMUNE, "97701").name_key == "saint barthelemy"
    assert get(Kind.DEPARTEMENT, "2A").name_key == "corse du sud"
    Territory.objects.filter(code="98611").update(name_key="")  # a row written before the column existed

    renamed = write(tmp_path, "communes.csv", CONVERTED_COMMUNES.replace(",Nouméa,,", ",Nouméa-Ville,,"))
    report = reference_importer().add(FileKind.COMMUNES, renamed).run()

    assert report.updated[Kind.COMMUNE] == 2
    assert get(Kind.COMMUNE, "98818").name_key == "noumea ville"
    assert get(Kind.COMMUNE, "98611").name_key == "alo"
    assert not Territory.objects.filter(name_key="").exists()


@pytest.mark.django_db
def test_gzip_file_is_read_and_a_broken_one_reported(tmp_path):
    path = tmp_path / "v_commune.csv.gz"
    path.write_bytes(gzip.compress(CONVERTED_COMMUNES.encode()))
    reference_importer().add(FileKind.COMMUNES, path).run()
    assert Territory.objects.communes().count() == 10

    path.write_bytes(gzip.compress(CONVERTED_COMMUNES.encode())[:-20])
    with pytest.raises(TerritoryImportError) as error:
        TerritoryImporter().add(FileKind.COMMUNES, path).run()
    assert error.value.errors == ["v_commune.csv.gz : archive gzip tronquée ou corrompue"]


# -- the whole of France ----------------------------------------------------------------------------------------


def shipped_communes():
    with gzip.open(FRANCE_COMMUNES, "rt", encoding="utf-8") as file:
        communes = {row["COM"]: row["LIBELLE"] for row in csv.DictReader(file)}
    with FRANCE_COMMUNES_OUTRE_MER.open(encoding="utf-8") as file:
        communes.update({row["COM_COMER"]: row["LIBELLE"] for row in csv.DictReader(file)})
    return communes


@pytest.mark.django_db
def test_full_france_import_next_to_the_demo_twice():
    """The shipped full list (34,969 communes, overseas included) with the demo's: counts, parents, name_key,
    populations, and a second run that changes nothing."""
    call_command("import_territories", "--demo", stdout=StringIO())
    demo_epci = get(Kind.EPCI, "200099990")

    first = import_shipped_territories(france=True)

    communes = Territory.objects.communes()
    assert first.created[Kind.COMMUNE] == 34969
    assert communes.count() == 34969 + 4
    assert first.created[Kind.COLLECTIVITE_OUTRE_MER] == 0  # already there: loaded with the demo's reference
    assert Territory.objects.filter(kind=Kind.COLLECTIVITE_OUTRE_MER).count() == 8
    assert Territory.objects.epcis().count() == 1255 + 1
    expected = shipped_communes()
    assert len(expected) == 34969
    stored = dict(communes.exclude(code__in=["44990", "44991", "44992", "44993"]).values_list("code", "name"))
    assert stored == expected
    # Every commune has a parent of the right kind: its département, or its collectivité d'outre-mer.
    parents = dict(communes.values_list("code", "parent__kind").distinct())
    assert {code for code, kind in parents.items() if kind == Kind.COLLECTIVITE_OUTRE_MER} == {
        code for code in expected if code[:3] in OUTRE_MER
    }
    assert {code for code, kind in parents.items() if kind != Kind.COLLECTIVITE_OUTRE_MER} == {
        code for code in parents if code[:3] not in OUTRE_MER
    }
    assert not communes.filter(parent__isnull=True).exists()
    assert communes.filter(parent__kind=Kind.COLLECTIVITE_OUTRE_MER).count() == 94
    assert all(key == name_key(name) for name, key in Territory.objects.values_list("name", "name_key"))
    assert get(Kind.COMMUNE, "42218").name_key == "saint etienne"
    # Populations: 34,963 communes have one (the TAAF's 5 districts and Clipperton have none).
    assert communes.filter(population__isnull=False).count() == 34963 + 4
    assert get(Kind.COMMUNE, "97611").population_year == 2017  # Mayotte's census
    assert get(Kind.COMMUNE, "75056").population_year == 2023
    # The demo survives, and its four fictional communes are not counted in the real département 44.
    assert set(communes.filter(epci=demo_epci).values_list("code", flat=True)) == {"44990", "44991", "44992", "44993"}
    assert get(Kind.COMMUNE, "44990").name == "Villebrune-sur-Loire"
    assert get(Kind.EPCI, "200099990").population == 31745
    real = communes.filter(parent__code="44", parent__kind=Kind.DEPARTEMENT).exclude(code__startswith="4499")
    assert get(Kind.DEPARTEMENT, "44").population == sum(real.values_list("population", flat=True))
    snapshot = sorted(
        Territory.objects.values_list(
            "kind", "code", "name", "name_key", "parent__code", "epci__code", "population", "population_year"
        )
    )

    second = import_shipped_territories(france=True)

    assert second.changed == 0
    assert second.aggregated == 0
    assert second.unchanged[Kind.COMMUNE] == 34969
    assert snapshot == sorted(
        Territory.objects.values_list(
            "kind", "code", "name", "name_key", "parent__code", "epci__code", "population", "population_year"
        )
    )


@pytest.mark.django_db
def test_command_france_refuses_files(tmp_path):
    with pytest.raises(CommandError, match="--france"):
        call_command("import_territories", "--france", communes=tmp_path / "x.csv", stdout=StringIO())


@pytest.mark.django_db
def test_demo_loads_all_of_france_once_when_the_setting_is_on(settings):
    from cms.demo.loader import ensure_demo_territories

    settings.DEMO_TERRITORIES_FRANCE = True
    ensure_demo_territories()

    assert Territory.objects.communes().count() == 34969 + 4
    assert get(Kind.COMMUNE, "44990").epci == get(Kind.EPCI, "200099990")
    Territory.objects.filter(code="98818").update(name="Renommée à la main")
    ensure_demo_territories()  # everything there: no import again
    assert get(Kind.COMMUNE, "98818").name == "Renommée à la main"
