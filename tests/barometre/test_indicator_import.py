"""Indicator CSV import (barometre/indicator_import.py): parser, import, management command and admin view."""

import datetime
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from barometre.indicator_import import IndicatorImportError, import_indicator_values, parse_indicator_csv
from barometre.models import Indicator, IndicatorValue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "indicateur;date;valeur;unité;cible;source\r\n"
    "Part des trajets à vélo;01/2025;4,2;%;9;Enquête mobilité\r\n"
    "Part des trajets à vélo;2026-01-15;5,1;%;;\r\n"
    "Arceaux à vélo;31/12/2025;1 250;places;;Services techniques\r\n"
)


def test_good_file_creates_indicators_and_values(make_entry):
    entry = make_entry()
    report = import_indicator_values(entry, parse_indicator_csv(GOOD.encode("utf-8-sig")))
    assert report.created_indicators == ["Part des trajets à vélo", "Arceaux à vélo"]
    assert report.created_values == 3
    bike = Indicator.objects.get(name="Part des trajets à vélo")
    assert (bike.unit, bike.target, bike.source) == ("%", Decimal("9"), "Enquête mobilité")
    assert [(v.date, v.value) for v in bike.series()] == [
        (datetime.date(2025, 1, 1), Decimal("4.2")),
        (datetime.date(2026, 1, 15), Decimal("5.1")),
    ]
    again = 'indicateur,date,valeur\nPart des trajets à vélo,2026-01-15,"5,4"\n'
    report = import_indicator_values(entry, parse_indicator_csv(again.encode("cp1252")))
    assert (report.created_values, report.updated_values) == (0, 1)
    assert IndicatorValue.objects.get(date=datetime.date(2026, 1, 15)).value == Decimal("5.4")


def test_bad_rows_are_named_and_nothing_is_imported(make_entry):
    make_entry()
    bad = (
        "indicateur;date;valeur;unité\n"
        "Trafic;01/2025;8000;véhicules\n"
        "Trafic;32/13/2025;7900;véhicules\n"
        ";01/2026;12;\n"
        "Trafic;01/2026;beaucoup;véhicules\n"
        "Trafic;01/2025;7000;véhicules\n"
        "Trafic;02/2026;7000;voitures\n"
    )
    with pytest.raises(IndicatorImportError) as caught:
        parse_indicator_csv(bad.encode())
    errors = caught.value.errors
    assert any(e.startswith("Ligne 3, colonne « date » : « 32/13/2025 » n'est pas une date") for e in errors)
    assert "Ligne 4, colonne « indicateur » : la valeur est vide." in errors
    assert "Ligne 5, colonne « valeur » : « beaucoup » n'est pas un nombre." in errors
    assert any(e.startswith("Ligne 6 : « Trafic » a déjà une valeur au 01/01/2025 (ligne 2)") for e in errors)
    assert any(e.startswith("Ligne 7, colonne « unité »") for e in errors)
    assert not Indicator.objects.exists()


def test_unit_conflict_with_existing_indicator_rolls_everything_back(make_entry):
    entry = make_entry()
    Indicator.objects.create(entry=entry, name="Trafic", unit="véhicules")
    data = "indicateur;date;valeur;unité\nNouvel indicateur;2026;3;%\nTrafic;2026;5;tonnes\n".encode()
    with pytest.raises(IndicatorImportError) as caught:
        import_indicator_values(entry, parse_indicator_csv(data))
    assert caught.value.errors[0].startswith("Ligne 3, colonne « unité »")
    assert list(Indicator.objects.values_list("name", flat=True)) == ["Trafic"]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("indicateur;date;valeur\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04xlsx", "classeur Excel"),
        (b"nom;jour;valeur\nA;2026;1\n", "Colonne inconnue : « jour »."),
        (b"", "Le fichier est vide."),
    ],
)
def test_bad_files(data, message):
    with pytest.raises(IndicatorImportError) as caught:
        parse_indicator_csv(data)
    assert any(message in error for error in caught.value.errors)


def test_management_command(make_entry, tmp_path):
    entry = make_entry()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text("indicateur;date;valeur\nA;hier;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 erreur, rien n'a été importé"):
        call_command("import_indicators", entry.pk, str(bad))
    assert not Indicator.objects.exists()
    call_command("import_indicators", entry.pk, str(good))
    assert IndicatorValue.objects.count() == 3


def test_admin_import_view(client, make_entry):
    entry = make_entry()
    admin = UserFactory(username="admin-baro", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = f"/admin/barometre/{entry.pk}/indicateurs/import/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"csv_file": SimpleUploadedFile("x.csv", b"indicateur;date;valeur\nA;2026;abc\n")})
    assert response.status_code == 200
    assert "Ligne 2, colonne « valeur » : « abc » n&#x27;est pas un nombre." in response.content.decode()
    assert 'id="indicator-import-errors"' in response.content.decode()
    assert not Indicator.objects.exists()
    response = client.post(url, {"csv_file": SimpleUploadedFile("x.csv", GOOD.encode())})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 3
    assert client.get(f"/admin/barometre_indicators/edit/{Indicator.objects.first().pk}/").status_code == 200
