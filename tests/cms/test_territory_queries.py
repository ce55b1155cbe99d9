"""Territory.objects.within() (what a territory contains) and containing_ids() / containing() (what contains it: its
EPCI and parent chain, in one query)."""

import itertools

import pytest

from cms.models import Territory

Kind = Territory.Kind


@pytest.fixture
def tree(db):
    def make(kind, code, parent=None, epci=None):
        return Territory.objects.create(kind=kind, code=code, name=code, parent=parent, epci=epci)

    t = {}
    t["52"] = make(Kind.REGION, "52")
    t["53"] = make(Kind.REGION, "53")
    t["region-44"] = make(Kind.REGION, "44")  # Grand Est: the same code as the Loire-Atlantique
    t["44"] = make(Kind.DEPARTEMENT, "44", t["52"])
    t["49"] = make(Kind.DEPARTEMENT, "49", t["52"])
    t["35"] = make(Kind.DEPARTEMENT, "35", t["53"])
    t["epci"] = make(Kind.EPCI, "200000001", t["44"])  # spans 44 and 49
    t["44109"] = make(Kind.COMMUNE, "44109", t["44"], t["epci"])
    t["44143"] = make(Kind.COMMUNE, "44143", t["44"])
    t["49007"] = make(Kind.COMMUNE, "49007", t["49"], t["epci"])
    t["35238"] = make(Kind.COMMUNE, "35238", t["35"])
    t["orphan"] = make(Kind.COMMUNE, "99999")
    return t


# -- within() ----------------------------------------------------------------------------------------------------------


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_within_a_commune_is_itself(tree):
    assert codes(Territory.objects.within(tree["44143"])) == ["44143"]


def test_within_an_epci_are_its_communes_whatever_their_departement(tree):
    assert codes(Territory.objects.within(tree["epci"])) == ["200000001", "44109", "49007"]


def test_within_a_departement_are_its_communes_and_epci_not_other_departements_communes(tree):
    assert codes(Territory.objects.within(tree["44"])) == ["200000001", "44", "44109", "44143"]
    assert codes(Territory.objects.within(tree["49"])) == ["49", "49007"]


def test_within_a_region_are_its_departements_epci_and_communes(tree):
    assert codes(Territory.objects.within(tree["52"])) == ["200000001", "44", "44109", "44143", "49", "49007", "52"]
    assert codes(Territory.objects.communes().within(tree["53"])) == ["35238"]


# -- containing_ids() --------------------------------------------------------------------------------------------------


def containing(tree, *keys):
    ids = Territory.objects.filter(pk__in=[tree[key].pk for key in keys]).containing_ids()
    return sorted(key for key, territory in tree.items() if territory.pk in ids)


def test_a_commune_is_contained_in_its_epci_departement_and_region(tree):
    assert containing(tree, "44109") == ["44", "44109", "52", "epci"]
    # Not in the département its EPCI is attached to: that département's `within()` leaves it out too.
    assert containing(tree, "49007") == ["49", "49007", "52", "epci"]
    assert containing(tree, "44143") == ["44", "44143", "52"]
    assert containing(tree, "orphan") == ["orphan"]


def test_an_epci_a_departement_a_region(tree):
    assert containing(tree, "epci") == ["44", "52", "epci"]
    assert containing(tree, "35") == ["35", "53"]
    assert containing(tree, "52") == ["52"]


def test_several_territories_at_once_and_none(tree):
    assert containing(tree, "44143", "35238") == ["35", "35238", "44", "44143", "52", "53"]
    assert Territory.objects.filter(code="44").containing_ids() == {tree[k].pk for k in ("44", "52", "region-44")}
    assert Territory.objects.none().containing_ids() == set()
    assert Territory.objects.filter(code="00000").containing_ids() == set()


def test_containing_is_the_converse_of_within(tree):
    for territory, other in itertools.product(tree.values(), repeat=2):
        contains = other.pk in Territory.objects.filter(pk=territory.pk).containing_ids()
        assert contains == Territory.objects.within(other).filter(pk=territory.pk).exists(), (territory, other)


def test_containing_is_a_queryset(tree):
    assert sorted(Territory.objects.filter(code="44109").containing().values_list("code", flat=True)) == [
        "200000001",
        "44",
        "44109",
        "52",
    ]


def test_one_query_whatever_the_level(tree, django_assert_num_queries):
    for code in ("44109", "200000001", "44", "52"):
        with django_assert_num_queries(1):
            Territory.objects.filter(code=code).containing_ids()
    with django_assert_num_queries(1):
        Territory.objects.all().containing_ids()


def test_a_deeper_chain_than_insee_s_costs_a_query_per_three_levels(db, django_assert_num_queries):
    chain = [Territory.objects.create(kind=Kind.REGION, code="0", name="0")]
    for level in range(1, 7):
        chain.append(Territory.objects.create(kind=Kind.DEPARTEMENT, code=str(level), name="x", parent=chain[-1]))
    with django_assert_num_queries(3):
        assert Territory.objects.filter(pk=chain[-1].pk).containing_ids() == {t.pk for t in chain}


def test_a_parent_cycle_ends(db):
    first = Territory.objects.create(kind=Kind.DEPARTEMENT, code="1", name="1")
    second = Territory.objects.create(kind=Kind.DEPARTEMENT, code="2", name="2", parent=first)
    Territory.objects.filter(pk=first.pk).update(parent=second)
    assert Territory.objects.filter(pk=first.pk).containing_ids() == {first.pk, second.pk}
