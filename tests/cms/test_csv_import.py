"""The CSV reading every import shares (cms/csv_import.py): encodings, delimiters, header, limits, row errors."""

import pytest

from cms.csv_import import (
    BINARY,
    ENCODING,
    MAX_BYTES,
    WORKBOOK,
    CsvImportError,
    CsvParser,
    UndecodableFile,
    decode,
    normalize,
    shorten,
    sniff_delimiter,
)

# -- decoding --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "nom;âge\nÉlodie;31\n".encode(),
        "\ufeffnom;âge\nÉlodie;31\n".encode(),  # Excel's « CSV UTF-8 » starts with a BOM
        "nom;âge\nÉlodie;31\n".encode("cp1252"),  # Excel's « CSV » on Windows
    ],
)
def test_utf8_with_or_without_bom_and_windows_1252_are_read(data):
    assert decode(data) == "nom;âge\nÉlodie;31\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest", WORKBOOK),
        ("nom;âge\n".encode("utf-16"), BINARY),
        ("nom;âge\n".encode("utf-16-be"), BINARY),  # no byte-order mark, but NUL bytes
        ("\ufeff\u4e2d\u6587".encode("utf-16-le"), BINARY),  # a byte-order mark, and no NUL byte
        (b"nom\n\x81\x8d\n", ENCODING),  # bytes Windows-1252 leaves undefined
    ],
)
def test_what_is_not_a_text_file_we_read_says_why(data, reason):
    with pytest.raises(UndecodableFile) as error:
        decode(data)

    assert error.value.reason == reason
    assert len(error.value.errors) == 1


def test_undecodable_messages_tell_the_editor_what_to_do():
    assert "classeur Excel (.xlsx)" in UndecodableFile(WORKBOOK).errors[0]
    assert "UTF-16" in UndecodableFile(BINARY).errors[0]
    assert UndecodableFile(ENCODING).errors == [
        "L'encodage du fichier n'est pas reconnu. Enregistrez-le au format « CSV UTF-8 »."
    ]


# -- delimiter, names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "preferred", "expected"),
    [
        ("secteur;nature;montant", ";", ";"),
        ("secteur,nature,montant", ";", ","),
        ("secteur\tnature\tmontant", ";", "\t"),
        ("a;b,c", ";", ";"),  # a tie goes to the preferred one
        ("a;b,c", ",", ","),
        ("a,b\tc", ";", ","),  # a tie without the preferred one: comma, then semicolon, then tab
        ("a;b\tc", ",", ";"),
        ("montant", ";", ";"),  # one column: the preferred one
        ("COM", ",", ","),
    ],
)
def test_the_delimiter_is_the_one_the_header_holds_most_of(line, preferred, expected):
    assert sniff_delimiter(line, preferred=preferred) == expected


def test_names_are_compared_without_case_accents_or_punctuation():
    assert normalize("  Aménagement, URBANISME  ") == "amenagement urbanisme"
    assert normalize("Montant (€)") == "montant"
    assert normalize("Services_Généraux") == "services generaux"


def test_long_values_are_shortened_in_messages():
    assert shorten("court") == "court"
    assert shorten("x" * 61) == "x" * 59 + "…"
    assert len(shorten("x" * 500)) == 60


# -- a parser --------------------------------------------------------------------------------------------------------


class PeopleError(CsvImportError):
    """The error a sample import raises, as budget and indicator imports raise theirs."""


class PeopleParser(CsvParser):
    """« nom » (required, 10 characters at most) and « âge » (a whole number, optional)."""

    error_class = PeopleError
    column_aliases = {"nom": "nom", "name": "nom", "age": "âge"}
    required_columns = ("nom",)
    header_hint = "La première ligne doit nommer les colonnes « nom » et, si vous le souhaitez, « âge »."
    max_rows = 3
    too_big_message = "Le fichier est trop gros."
    too_many_rows_message = "Plus de %(max)d personnes."
    no_rows_message = "Personne dans le fichier."
    extra_cells_message = "Ligne %(row)d : « %(value)s » est hors des colonnes."

    def parse_row(self, row):
        if row.required("nom"):
            row.check_length("nom", 10)
        age = row["âge"]
        if age and not age.isdigit():
            row.error("âge", "Ligne %(row)d, colonne « %(column)s » : « %(value)s » n'est pas un âge.", age)
        return (row.number, row["nom"], int(age) if age.isdigit() else None)

    def check(self, parsed):
        names = [name for _number, name, _age in parsed]
        return [f"« {name} » apparaît deux fois." for name in sorted(set(names)) if names.count(name) > 1]


def errors_of(data):
    with pytest.raises(PeopleError) as error:
        PeopleParser().parse(data)
    return error.value.errors


def test_rows_are_parsed_with_their_spreadsheet_line_numbers():
    data = "\ufeffNom;Âge;\n\nÉlodie;31;\n;;\nMarc;\n".encode()

    assert PeopleParser().parse(data) == [(3, "Élodie", 31), (5, "Marc", None)]


def test_every_error_of_every_row_is_collected_in_french_with_its_line():
    data = "nom,âge\nÉlodie,trente\n,12\nMaximilien-Alexandre,40\nMarc,1,en trop\n".encode("cp1252")

    assert errors_of(data) == [
        "Ligne 2, colonne « âge » : « trente » n'est pas un âge.",
        "Ligne 3, colonne « nom » : la valeur est vide.",
        "Ligne 4, colonne « nom » : le texte dépasse 10 caractères.",
        "Ligne 5 : « en trop » est hors des colonnes.",
    ]


def test_errors_of_the_rows_taken_together_come_after_those_of_each_row():
    assert errors_of(b"nom;age\nMarc;x\nAnne;1\nAnne;2\n") == [
        "Ligne 2, colonne « âge » : « x » n'est pas un âge.",
        "« Anne » apparaît deux fois.",
    ]


def test_a_wrong_header_names_every_problem_then_the_expected_columns():
    assert errors_of(b"age;couleur;age\n12;bleu;13\n") == [
        "Colonne inconnue : « couleur ».",
        "La colonne « âge » apparaît deux fois.",
        "Colonne manquante : « nom ».",
        "La première ligne doit nommer les colonnes « nom » et, si vous le souhaitez, « âge ».",
    ]


def test_size_and_row_limits():
    assert errors_of(b"nom\n" + b"x\n" * (MAX_BYTES // 2)) == ["Le fichier est trop gros."]
    assert len(PeopleParser().parse(b"nom\nA\nB\nC\n")) == 3
    assert errors_of(b"nom\nA\nB\nC\nD\n") == ["Plus de 3 personnes."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b" \r\n\r\n", "Le fichier est vide."),
        (b"nom\n;\n", "Personne dans le fichier."),
    ],
)
def test_empty_files_and_header_only_files_are_refused(data, message):
    assert errors_of(data) == [message]


def test_an_undecodable_file_is_refused_with_the_parsers_error():
    errors = errors_of("nom\nÉlodie\n".encode("utf-16"))

    assert errors == UndecodableFile(BINARY).errors


def test_a_malformed_csv_file_names_its_line():
    data = b"nom\nMarc\n" + b"x" * 140_000 + b"\n"  # longer than the csv module's field limit

    errors = errors_of(data)

    assert len(errors) == 1
    assert errors[0].startswith("Ligne 3 : le fichier CSV est mal formé (")
