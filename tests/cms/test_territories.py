"""INSEE territories import (cms/territories/, manage.py import_territories); Territory.objects.within() and
containing() are tested in test_territory_queries.py.

The errors an import reports are tested in test_territory_import_errors.py, with the files and helpers defined here."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from cms.models import Territory
from cms.territories import (
    SHIPPED_DEPARTEMENTS,
    SHIPPED_REGIONS,
    FileKind,
    TerritoryImporter,
    TerritoryImportError,
)

Kind = Territory.Kind

REGIONS = """REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
52,44109,4,PAYS DE LA LOIRE,Pays de la Loire,Pays de la Loire
53,35238,0,BRETAGNE,Bretagne,Bretagne
"""
DEPARTEMENTS = """DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
35,53,35238,1,ILLE ET VILAINE,Ille-et-Vilaine,Ille-et-Vilaine
44,52,44109,3,LOIRE ATLANTIQUE,Loire-Atlantique,Loire-Atlantique
49,52,49007,0,MAINE ET LOIRE,Maine-et-Loire,Maine-et-Loire
"""
COMMUNES = """TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
COM,35238,53,35,35D,353,0,RENNES,Rennes,Rennes,3599,
COM,44109,52,44,44D,442,0,NANTES,Nantes,Nantes,4499,
COM,44143,52,44,44D,442,0,REZE,Rezé,Rezé,4499,
COMD,44180,52,44,44D,442,0,SAINT MARS DU DESERT,Saint-Mars-du-Désert,Saint-Mars-du-Désert,,44180
COMA,49999,,,,,0,ANCIENNE,Ancienne,Ancienne,,49007
COM,49007,52,49,49D,491,1,ANGERS,Angers,Angers,4999,
ARM,75101,11,75,75C,751,0,PARIS 1ER ARRONDISSEMENT,Paris 1er Arrondissement,Paris 1er Arrondissement,,75056
"""
EPCI = """CODGEO,LIBGEO,EPCI,LIBEPCI,DEP,REG
44109,Nantes,244400404,Nantes Métropole,44,52
44143,Rezé,244400404,Nantes Métropole,44,52
49007,Angers,244900015,Angers Loire Métropole,49,52
35238,Rennes,ZZZZZZZZZ,Sans objet,35,53
"""
POPULATION = """CODREG;REG;CODDEP;CODARR;CODCAN;CODCOM;COM;PMUN;PCAP;PTOT
53;Bretagne;35;3;99;238;Rennes;225081;4000;229081
52;Pays de la Loire;44;2;99;109;Nantes;323204;6000;329204
52;Pays de la Loire;44;2;99;143;Rezé;42998;700;43698
52;Pays de la Loire;49;1;99;007;Angers;157175;3000;160175
75;Île-de-France;75;1;99;101;Paris 1er Arrondissement;15917;100;16017
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def importer_for(tmp_path, *, regions=REGIONS, departements=DEPARTEMENTS, communes=None, epci=None, population=None):
    importer = TerritoryImporter()
    if regions is not None:
        importer.add(FileKind.REGIONS, write(tmp_path, "v_region_test.csv", regions))
    if departements is not None:
        importer.add(FileKind.DEPARTEMENTS, write(tmp_path, "v_departement_test.csv", departements))
    if communes is not None:
        importer.add(FileKind.COMMUNES, write(tmp_path, "v_commune_test.csv", communes))
    if epci is not None:
        importer.add(FileKind.EPCI, write(tmp_path, "epci_test.csv", epci))
    if population is not None:
        importer.add(FileKind.POPULATION, write(tmp_path, "donnees_communes.csv", population), year=2021)
    return importer


def full_import(tmp_path):
    return importer_for(tmp_path, communes=COMMUNES, epci=EPCI, population=POPULATION).run()


def get(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def snapshot():
    return sorted(
        Territory.objects.values_list(
            "kind", "code", "name", "parent__code", "epci__code", "population", "population_year"
        )
    )


# -- each file type -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_regions_and_departements(tmp_path):
    report = importer_for(tmp_path).run()

    assert report.created[Kind.REGION] == 2
    assert report.created[Kind.DEPARTEMENT] == 3
    assert get(Kind.REGION, "52").name == "Pays de la Loire"
    assert get(Kind.REGION, "52").parent is None
    assert get(Kind.DEPARTEMENT, "44").name == "Loire-Atlantique"
    assert get(Kind.DEPARTEMENT, "44").parent == get(Kind.REGION, "52")
    assert get(Kind.DEPARTEMENT, "35").parent == get(Kind.REGION, "53")


@pytest.mark.django_db
def test_import_communes_keeps_only_typecom_com_and_counts_the_others(tmp_path):
    report = importer_for(tmp_path, communes=COMMUNES).run()

    assert sorted(Territory.objects.communes().values_list("code", flat=True)) == ["35238", "44109", "44143", "49007"]
    assert report.created[Kind.COMMUNE] == 4
    assert report.skipped == {"COMD": 1, "COMA": 1, "ARM": 1}
    rezé = get(Kind.COMMUNE, "44143")
    assert rezé.name == "Rezé"
    assert rezé.parent == get(Kind.DEPARTEMENT, "44")
    assert rezé.epci is None
    assert rezé.population is None


@pytest.mark.django_db
def test_import_epci_composition(tmp_path):
    epci = EPCI + "49999,Fictive,200000001,CC des Deux Rives,44,52\n"  # unknown commune: checked below
    importer_for(tmp_path, communes=COMMUNES, epci=EPCI).run()

    nantes_metropole = get(Kind.EPCI, "244400404")
    assert nantes_metropole.name == "Nantes Métropole"
    assert nantes_metropole.parent == get(Kind.DEPARTEMENT, "44")
    assert get(Kind.COMMUNE, "44109").epci == nantes_metropole
    assert get(Kind.COMMUNE, "44143").epci == nantes_metropole
    assert get(Kind.COMMUNE, "49007").epci == get(Kind.EPCI, "244900015")
    assert get(Kind.COMMUNE, "35238").epci is None  # ZZZZZZZZZ: no EPCI
    assert Territory.objects.epcis().count() == 2

    with pytest.raises(TerritoryImportError) as error:
        importer_for(tmp_path, regions=None, departements=None, epci=epci).run()
    assert error.value.errors == [
        "epci_test.csv, ligne 6 : commune « 49999 » inconnue : ni en base ni dans les fichiers importés"
    ]


@pytest.mark.django_db
def test_epci_departement_is_the_one_of_most_of_its_communes(tmp_path):
    communes = COMMUNES + "COM,49015,52,49,49D,491,0,AVRILLE,Avrillé,Avrillé,4999,\n"
    epci = """CODGEO,LIBGEO,EPCI,LIBEPCI,DEP,REG
44109,Nantes,200000001,CC des Deux Rives,44,52
49007,Angers,200000001,CC des Deux Rives,49,52
49015,Avrillé,200000001,CC des Deux Rives,49,52
"""
    report = importer_for(tmp_path, communes=communes, epci=epci).run()

    assert get(Kind.EPCI, "200000001").parent == get(Kind.DEPARTEMENT, "49")
    assert report.created[Kind.EPCI] == 1


@pytest.mark.django_db
def test_import_population_from_insee_donnees_communes(tmp_path):
    report = importer_for(tmp_path, communes=COMMUNES, population=POPULATION).run()

    nantes = get(Kind.COMMUNE, "44109")
    assert (nantes.population, nantes.population_year) == (323204, 2021)
    assert get(Kind.COMMUNE, "49007").population == 157175  # CODCOM "007" keeps its zeros
    assert report.skipped["ARM_POPULATION"] == 1
    assert not Territory.objects.filter(code="75101").exists()


@pytest.mark.django_db
def test_import_population_with_a_com_code_column_and_commas(tmp_path):
    importer_for(tmp_path, communes=COMMUNES).run()
    population = 'COM,PMUN\n44109,320000\n44143,"41 500"\n'

    TerritoryImporter().add(FileKind.POPULATION, write(tmp_path, "pop.csv", population), year=2020).run()

    assert get(Kind.COMMUNE, "44109").population == 320000
    assert get(Kind.COMMUNE, "44143").population == 41500
    assert get(Kind.COMMUNE, "44143").population_year == 2020
    assert get(Kind.COMMUNE, "49007").population is None


# -- idempotency and updates ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_run_changes_nothing(tmp_path):
    full_import(tmp_path)
    before = snapshot()

    report = full_import(tmp_path)

    assert snapshot() == before
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert report.aggregated == 0
    assert report.unchanged[Kind.REGION] == 2
    assert report.unchanged[Kind.DEPARTEMENT] == 3
    assert report.unchanged[Kind.EPCI] == 2
    assert report.unchanged[Kind.COMMUNE] == 4
    assert len(before) == 11


@pytest.mark.django_db
def test_rerun_updates_what_changed(tmp_path):
    full_import(tmp_path)
    regions = REGIONS.replace("Pays de la Loire,Pays de la Loire", "Pays-de-la-Loire,Pays-de-la-Loire")
    departements = DEPARTEMENTS.replace("35,53,", "35,52,")
    population = POPULATION.replace("323204", "324000")

    report = importer_for(
        tmp_path, regions=regions, departements=departements, communes=COMMUNES, epci=EPCI, population=population
    ).run()

    assert get(Kind.REGION, "52").name == "Pays-de-la-Loire"
    assert get(Kind.DEPARTEMENT, "35").parent == get(Kind.REGION, "52")
    assert get(Kind.COMMUNE, "44109").population == 324000
    assert report.updated[Kind.COMMUNE] == 1
    assert report.updated[Kind.DEPARTEMENT] == 2  # 35 moved; 44's population follows Nantes'
    assert report.created == {}


# -- population of groupings ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_groupings_get_the_sum_of_their_communes_when_all_have_a_population(tmp_path):
    full_import(tmp_path)

    assert get(Kind.EPCI, "244400404").population == 323204 + 42998
    assert get(Kind.EPCI, "244400404").population_year == 2021
    assert get(Kind.EPCI, "244900015").population == 157175
    assert get(Kind.DEPARTEMENT, "44").population == 323204 + 42998
    assert get(Kind.DEPARTEMENT, "49").population == 157175
    assert get(Kind.REGION, "52").population == 323204 + 42998 + 157175
    assert get(Kind.REGION, "53").population == 225081


@pytest.mark.django_db
def test_groupings_are_left_alone_when_a_commune_has_no_population(tmp_path):
    importer_for(tmp_path).run()
    Territory.objects.filter(kind=Kind.DEPARTEMENT, code="44").update(population=1_429_272, population_year=2021)
    Territory.objects.filter(kind=Kind.REGION, code="52").update(population=3_873_096, population_year=2021)
    population = POPULATION.replace("52;Pays de la Loire;44;2;99;143;Rezé;42998;700;43698\n", "")

    importer_for(tmp_path, communes=COMMUNES, epci=EPCI, population=population).run()

    assert get(Kind.COMMUNE, "44143").population is None
    assert get(Kind.DEPARTEMENT, "44").population == 1_429_272  # Rezé has none: left as it was
    assert get(Kind.REGION, "52").population == 3_873_096
    assert get(Kind.EPCI, "244400404").population is None
    assert get(Kind.DEPARTEMENT, "49").population == 157175  # every commune of 49 has one
    assert get(Kind.EPCI, "244900015").population == 157175


# -- the command ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_without_arguments_loads_the_shipped_regions_and_departements():
    out = StringIO()

    call_command("import_territories", stdout=out)

    assert Territory.objects.regions().count() == 18
    assert Territory.objects.departements().count() == 101
    assert sorted(Territory.objects.regions().values_list("code", flat=True)) == [
        "01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
    ]  # fmt: skip
    assert get(Kind.DEPARTEMENT, "2A").parent.name == "Corse"
    assert get(Kind.DEPARTEMENT, "976").parent == get(Kind.REGION, "06")
    assert get(Kind.DEPARTEMENT, "75").parent.name == "Île-de-France"
    assert get(Kind.REGION, "93").name == "Provence-Alpes-Côte d'Azur"
    assert not Territory.objects.communes().exists()
    assert "Département : 101 créé(s)" in out.getvalue()


@pytest.mark.django_db
def test_command_demo_loads_the_fictional_communes_epci_and_populations():
    call_command("import_territories", "--demo", stdout=StringIO())

    communes = {t.code: t for t in Territory.objects.communes().select_related("epci", "parent")}
    assert {code: (t.name, t.population, t.population_year) for code, t in communes.items()} == {
        "44990": ("Villebrune-sur-Loire", 18450, 2022),
        "44991": ("Saint-Aubin-des-Vignes", 4320, 2022),
        "44992": ("La Chapelle-aux-Prés", 2870, 2022),
        "44993": ("Montrelais-la-Forêt", 6105, 2022),
    }
    epci = get(Kind.EPCI, "200099990")
    assert epci.name == "Communauté de communes Loire et Vignoble"
    assert epci.parent == get(Kind.DEPARTEMENT, "44")
    assert epci.population == 31745
    assert all(t.epci == epci and t.parent.code == "44" for t in communes.values())
    assert Territory.objects.regions().count() == 18
    # Four fictional communes are not the population of a real département or région.
    assert get(Kind.DEPARTEMENT, "44").population is None
    assert get(Kind.REGION, "52").population is None


@pytest.mark.django_db
def test_command_prints_every_error_and_imports_nothing(tmp_path):
    communes = write(tmp_path, "v_commune_2024.csv", COMMUNES.replace("COM,44143,52,44", "COM,44143,52,4X"))
    err = StringIO()

    with pytest.raises(CommandError, match="1 erreur : import annulé, rien n'a été importé."):
        call_command(
            "import_territories",
            f"--regions={SHIPPED_REGIONS}",
            f"--departements={SHIPPED_DEPARTEMENTS}",
            f"--communes={communes}",
            stdout=StringIO(),
            stderr=err,
        )

    assert "v_commune_2024.csv, ligne 4 : code département « 4X » invalide" in err.getvalue()
    assert Territory.objects.count() == 0


@pytest.mark.django_db
def test_command_population_needs_its_year(tmp_path):
    path = write(tmp_path, "donnees_communes.csv", POPULATION)

    with pytest.raises(CommandError, match="--population-year est obligatoire"):
        call_command("import_territories", "--population", str(path))
