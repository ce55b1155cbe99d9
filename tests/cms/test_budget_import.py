"""Budget CSV import: the parser (cms/budget_import.py). The draft it saves, the admin view and the command are
tested in test_budget_import_admin.py."""

from decimal import Decimal

import pytest

from cms.budget_import import BudgetImportError, ParsedLine, parse_amount, parse_budget_csv

NBSP = "\u00a0"
NNBSP = "\u202f"
GOOD_CSV = (
    "secteur;nature;montant;détail\r\n"
    f"Enseignement et jeunesse;fonctionnement;1{NBSP}250{NBSP}000,50{NBSP}€;Écoles\r\n"
    "voirie;I;2 300 000;Rue de la République\r\n"
    "dette;F;1234.5;\r\n"
)


def errors_of(data):
    with pytest.raises(BudgetImportError) as excinfo:
        parse_budget_csv(data)
    return excinfo.value.errors


# -- parser: good files ----------------------------------------------------------------------------------------------


def test_parses_french_semicolon_file_with_bom_labels_codes_and_letters():
    lines = parse_budget_csv(("\ufeff" + GOOD_CSV).encode("utf-8"))

    assert lines == [
        ParsedLine(row=2, sector="enseignement", nature="fonctionnement", amount=Decimal("1250000.50"), label="Écoles"),
        ParsedLine(
            row=3, sector="voirie", nature="investissement", amount=Decimal("2300000.00"), label="Rue de la République"
        ),
        ParsedLine(row=4, sector="dette", nature="fonctionnement", amount=Decimal("1234.50"), label=""),
    ]


def test_parses_windows_1252_file_from_excel():
    text = "Secteur;Nature;Montant (€);Détail\r\nCulture et patrimoine;Investissement;1\xa0500,00 €;Musée\r\n"
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test really feeds a non-UTF-8 file

    assert parse_budget_csv(data) == [
        ParsedLine(row=2, sector="culture", nature="investissement", amount=Decimal("1500.00"), label="Musée")
    ]


def test_parses_comma_delimited_file_with_plain_and_quoted_amounts():
    data = b'secteur,nature,montant\nsport,I,1234567.89\nsport,fonctionnement,"12 345,6"\n'

    lines = parse_budget_csv(data)

    assert [(line.sector, line.nature, line.amount) for line in lines] == [
        ("sport", "investissement", Decimal("1234567.89")),
        ("sport", "fonctionnement", Decimal("12345.60")),
    ]


def test_headers_and_values_match_whatever_the_case_and_accents():
    data = "SECTEUR;NATURE;MONTANT;DETAIL\nAMENAGEMENT, URBANISME ET LOGEMENT;INVESTISSEMENT;0;x\n"
    data += "action economique;i;7;y\nServices_Generaux;f;8;z\n"

    lines = parse_budget_csv(data.encode())

    assert [(line.sector, line.nature, line.amount, line.label) for line in lines] == [
        ("amenagement", "investissement", Decimal("0.00"), "x"),
        ("economie", "investissement", Decimal("7.00"), "y"),
        ("services_generaux", "fonctionnement", Decimal("8.00"), "z"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"1{NNBSP}234{NNBSP}567,89", "1234567.89"),
        ("1 234 567,89 €", "1234567.89"),
        ("€ 12", "12.00"),
        ("1234567.8", "1234567.80"),
        ("0,05", "0.05"),
    ],
)
def test_amount_formats(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


def test_blank_rows_are_skipped_but_still_counted_in_row_numbers():
    data = b"secteur;nature;montant\n\nsport;F;12\n;;\nsport;I;nope\n"

    assert errors_of(data) == ["Ligne 5, colonne « montant » : « nope » n'est pas un montant."]


# -- parser: bad files -----------------------------------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_its_row_and_column():
    data = (
        "secteur;nature;montant;détail\n"
        "sport;F;12;ok\n"
        "sport;F;12,3,4;\n"
        "Police;X;-5;\n"
        ";investissement;;\n"
        f"culture;F;1,234;{'x' * 201}\n"
    )

    assert errors_of(data.encode()) == [
        "Ligne 3, colonne « montant » : « 12,3,4 » n'est pas un montant.",
        "Ligne 4, colonne « secteur » : « Police » n'est pas un secteur connu.",
        "Ligne 4, colonne « nature » : « X » n'est pas une nature connue (fonctionnement ou investissement).",
        "Ligne 4, colonne « montant » : « -5 » est négatif ; un montant est positif ou nul.",
        "Ligne 5, colonne « secteur » : la valeur est vide.",
        "Ligne 5, colonne « montant » : la valeur est vide.",
        "Ligne 6, colonne « montant » : « 1,234 » n'est pas un montant.",
        "Ligne 6, colonne « détail » : le texte dépasse 200 caractères.",
    ]


@pytest.mark.parametrize("amount", ["12 34", "1.234.567", "1e5", "12,", "€", "1 234 567,891", "(12)"])
def test_ambiguous_or_malformed_amounts_are_refused(amount):
    assert errors_of(f"secteur;nature;montant\nsport;F;{amount}\n".encode()) == [
        f"Ligne 2, colonne « montant » : « {amount} » n'est pas un montant."
    ]


def test_amount_too_large_for_the_database_is_refused():
    assert errors_of(b"secteur;nature;montant\nsport;F;1000000000000\n") == [
        "Ligne 2, colonne « montant » : « 1000000000000 » est trop grand."
    ]


def test_unquoted_french_amount_in_a_comma_file_is_reported_as_outside_the_columns():
    errors = errors_of(b"secteur,nature,montant\nsport,F,12 345,6\n")

    assert len(errors) == 1
    assert errors[0].startswith("Ligne 2 : la valeur « 6 » est hors des colonnes de l'en-tête")


def test_missing_and_unknown_columns_are_named():
    errors = errors_of(b"Secteur;Montant;Couleur;secteur\nsport;12;bleu;sport\n")

    assert errors[:3] == [
        "Colonne inconnue : « Couleur ».",
        "La colonne « secteur » apparaît deux fois.",
        "Colonne manquante : « nature ».",
    ]


@pytest.mark.parametrize("data", [b"", b"\r\n  \r\n", "\ufeff".encode()])
def test_empty_file_is_refused(data):
    assert errors_of(data) == ["Le fichier est vide."]


def test_header_without_lines_is_refused():
    assert errors_of(b"secteur;nature;montant\n;;\n") == [
        "Le fichier ne contient aucune ligne budgétaire, seulement l'en-tête."
    ]


def test_utf16_file_is_refused_with_a_clear_message():
    errors = errors_of("secteur;nature;montant\nsport;F;12\n".encode("utf-16"))

    assert len(errors) == 1
    assert "UTF-16" in errors[0]
    assert "CSV UTF-8" in errors[0]


def test_xlsx_file_is_refused_with_a_clear_message():
    assert "classeur Excel (.xlsx)" in errors_of(b"PK\x03\x04\x14\x00\x06\x00rest")[0]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    assert errors_of(b"secteur;nature;montant\n\x81\x8d;F;12\n") == [
        "L'encodage du fichier n'est pas reconnu. Enregistrez-le au format « CSV UTF-8 »."
    ]


def test_more_than_500_lines_are_refused():
    header = "secteur;nature;montant\n"
    assert len(parse_budget_csv((header + "sport;F;1\n" * 500).encode())) == 500

    assert errors_of((header + "sport;F;1\n" * 501).encode()) == [
        "Le fichier contient plus de 500 lignes budgétaires : regroupez des lignes ou découpez le budget."
    ]
