"""Budget CSV import: the parser, the draft revision it saves, the admin view and the management command."""

import html
from decimal import Decimal

import pytest

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils import WagtailTestUtils

from cms.admin_views import BudgetImportMenuItem
from cms.budget_import import BudgetImportError, ParsedLine, import_budget_lines, parse_amount, parse_budget_csv
from cms.models import BudgetLine, BudgetYearPage
from tests.factories import BudgetIndexPageFactory, BudgetLineFactory, BudgetYearPageFactory

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


def db_lines(page):
    """The live page's lines, as stored in the database."""
    return sorted((line.sector, line.nature, line.amount) for line in BudgetLine.objects.filter(page=page))


def draft_lines(page):
    """The lines of the page's latest revision."""
    draft = BudgetYearPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return [(line.sector, line.nature, line.amount, line.label) for line in draft.lines.all()]


@pytest.fixture
def budget_page(space):
    """A published budget year with one line (culture, 5 000 €), live and in its latest revision."""
    index = BudgetIndexPageFactory(parent=space)
    page = BudgetYearPageFactory(parent=index, fiscal_year=2026)
    BudgetLineFactory(page=page, sector="culture", nature="fonctionnement", amount=Decimal("5000"))
    page = BudgetYearPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return BudgetYearPage.objects.get(pk=page.pk)


@pytest.fixture
def superuser(db):
    return WagtailTestUtils.create_superuser("chef", password="motdepasse-test-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def upload(text, encoding="utf-8", name="budget.csv"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


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


def test_the_downloadable_template_is_a_valid_import(admin_client):
    response = admin_client.get(reverse("cms_budget_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="modele-budget.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeffsecteur;nature;montant;détail\r\n".encode())
    lines = parse_budget_csv(response.content)
    assert len(lines) == 5
    assert lines[0] == ParsedLine(
        row=2,
        sector="enseignement",
        nature="fonctionnement",
        amount=Decimal("1250000.00"),
        label="Écoles maternelles et élémentaires",
    )


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


# -- import into a draft revision ------------------------------------------------------------------------------------


def test_import_saves_a_draft_revision_keeping_unpublished_edits(budget_page, superuser):
    draft = budget_page.get_latest_revision_as_object()
    draft.introduction = "Brouillon en cours"
    draft.save_revision()
    revisions_before = Revision.objects.for_instance(budget_page).count()

    revision = import_budget_lines(budget_page, parse_budget_csv(GOOD_CSV.encode()), superuser)

    assert Revision.objects.for_instance(budget_page).count() == revisions_before + 1
    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert page.latest_revision == revision
    assert page.has_unpublished_changes
    assert revision.user == superuser
    assert draft_lines(page) == [
        ("enseignement", "fonctionnement", Decimal("1250000.50"), "Écoles"),
        ("voirie", "investissement", Decimal("2300000.00"), "Rue de la République"),
        ("dette", "fonctionnement", Decimal("1234.50"), ""),
    ]
    assert page.get_latest_revision_as_object().introduction == "Brouillon en cours"
    # The live page is unchanged until the editor publishes.
    assert page.introduction == ""
    assert db_lines(page) == [("culture", "fonctionnement", Decimal("5000.00"))]
    entry = PageLogEntry.objects.filter(page=page).order_by("-timestamp", "-pk").first()
    assert (entry.action, entry.revision, entry.user) == ("wagtail.edit", revision, superuser)

    revision.publish(user=superuser)
    assert len(db_lines(page)) == 3


def test_import_with_publish_replaces_the_live_lines(budget_page):
    import_budget_lines(budget_page, parse_budget_csv(b"secteur;nature;montant\nsport;I;42\n"), publish=True)

    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert db_lines(page) == [("sport", "investissement", Decimal("42.00"))]
    assert not page.has_unpublished_changes


def test_nothing_is_written_when_the_import_fails_midway(budget_page, monkeypatch):
    revisions_before = Revision.objects.for_instance(budget_page).count()
    latest_before = budget_page.latest_revision_id

    def fail(*args, **kwargs):
        raise RuntimeError("publication impossible")

    monkeypatch.setattr(Revision, "publish", fail)
    with pytest.raises(RuntimeError):
        import_budget_lines(budget_page, parse_budget_csv(b"secteur;nature;montant\nsport;I;42\n"), publish=True)

    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert Revision.objects.for_instance(page).count() == revisions_before
    assert page.latest_revision_id == latest_before
    assert draft_lines(page) == [("culture", "fonctionnement", Decimal("5000.00"), "")]


# -- admin view ------------------------------------------------------------------------------------------------------


def import_url(page):
    return reverse("cms_budget_import", args=[page.pk])


def test_get_shows_the_upload_form(admin_client, budget_page):
    response = admin_client.get(import_url(budget_page))

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    file_input = soup.select_one("form#w-editor-form input[type=file]")
    assert file_input["name"] == "csv_file"
    assert file_input["accept"] == ".csv"
    assert soup.select_one("form#w-editor-form")["enctype"] == "multipart/form-data"
    assert soup.select_one(f'a[href="{reverse("cms_budget_import_template")}"]') is not None
    assert "Budget 2026" in soup.select_one("#header-title").get_text()
    assert "Enseignement et jeunesse" in soup.get_text()


def test_post_good_file_imports_a_draft_and_redirects_to_the_editor(admin_client, budget_page, superuser):
    revisions_before = Revision.objects.for_instance(budget_page).count()

    response = admin_client.post(import_url(budget_page), {"csv_file": upload(GOOD_CSV, "cp1252")})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[budget_page.pk])
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "3 lignes importées dans un brouillon : relisez puis publiez."
    ]
    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert Revision.objects.for_instance(page).count() == revisions_before + 1
    assert page.latest_revision.user == superuser
    assert [line[:3] for line in draft_lines(page)] == [
        ("enseignement", "fonctionnement", Decimal("1250000.50")),
        ("voirie", "investissement", Decimal("2300000.00")),
        ("dette", "fonctionnement", Decimal("1234.50")),
    ]
    assert db_lines(page) == [("culture", "fonctionnement", Decimal("5000.00"))]

    # The editor then sees the imported lines in the edit form.
    edit = admin_client.get(response["Location"])
    assert edit.status_code == 200
    assert 'value="2300000.00"' in edit.content.decode()


def test_post_bad_file_shows_every_error_and_writes_nothing(admin_client, budget_page):
    revisions_before = Revision.objects.for_instance(budget_page).count()
    data = "secteur;nature;montant\nsport;F;12,3,4\nPolice;F;1\n"

    response = admin_client.post(import_url(budget_page), {"csv_file": upload(data)})

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    errors = [item.get_text() for item in soup.select("#budget-import-errors li")]
    assert errors == [
        "Ligne 2, colonne « montant » : « 12,3,4 » n'est pas un montant.",
        "Ligne 3, colonne « secteur » : « Police » n'est pas un secteur connu.",
    ]
    assert "corrigez les 2 erreurs" in html.unescape(response.content.decode())
    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert Revision.objects.for_instance(page).count() == revisions_before
    assert draft_lines(page) == [("culture", "fonctionnement", Decimal("5000.00"), "")]


def test_post_without_file_shows_the_field_error(admin_client, budget_page):
    response = admin_client.post(import_url(budget_page), {})

    assert response.status_code == 200
    assert len(response.context["form"].errors["csv_file"]) == 1
    assert response.context["import_errors"] == []
    assert Revision.objects.for_instance(budget_page).count() == 1


def test_locked_page_refuses_the_import(admin_client, budget_page):
    other = WagtailTestUtils.create_superuser("autre", password="motdepasse-test-123")
    BudgetYearPage.objects.filter(pk=budget_page.pk).update(locked=True, locked_by=other)

    response = admin_client.post(import_url(budget_page), {"csv_file": upload(GOOD_CSV)})

    assert response.status_code == 200
    assert "rien n'a été importé" in html.unescape(response.content.decode())
    assert Revision.objects.for_instance(budget_page).count() == 1


def test_user_without_edit_permission_is_refused(client, budget_page):
    user = WagtailTestUtils.create_user("curieux", password="motdepasse-test-123", permissions=["access_admin"])
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do reach the admin

    # The view raises PermissionDenied: a plain 403 for scripts, and for browsers Wagtail's admin turns it into
    # a redirect to the dashboard with its « permission » error message, as for its own page views.
    assert client.get(import_url(budget_page), headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    response = client.post(import_url(budget_page), {"csv_file": upload(GOOD_CSV)})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert len(list(get_messages(response.wsgi_request))) == 1
    assert Revision.objects.for_instance(budget_page).count() == 1
    assert not BudgetImportMenuItem(page=budget_page).is_shown(user)


def test_import_button_is_shown_to_editors_of_budget_years_only(budget_page, superuser):
    assert BudgetImportMenuItem(page=budget_page).is_shown(superuser)
    assert BudgetImportMenuItem(page=budget_page.page_ptr).is_shown(superuser)  # generic Page, as in listings
    assert not BudgetImportMenuItem(page=budget_page.get_parent()).is_shown(superuser)


def test_anonymous_user_is_sent_to_the_login_page(client, budget_page):
    response = client.get(import_url(budget_page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_other_page_types_are_not_found(admin_client, space):
    assert admin_client.get(reverse("cms_budget_import", args=[space.pk])).status_code == 404
    assert admin_client.get(reverse("cms_budget_import", args=[999999])).status_code == 404


def test_edit_view_links_to_the_import(admin_client, budget_page):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[budget_page.pk]))

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    links = soup.select(f'a[href="{import_url(budget_page)}"]')
    # One in the header's action menu, one in the help panel above the lines.
    assert len(links) == 2
    assert all("Importer un CSV" in link.get_text() for link in links)


def test_create_view_asks_to_save_the_page_first(admin_client, budget_page):
    index = budget_page.get_parent()
    url = reverse("wagtailadmin_pages:add", args=["cms", "budgetyearpage", index.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "Enregistrez d'abord la page, puis importez un fichier CSV." in html.unescape(response.content.decode())


def test_explorer_listing_offers_the_import_for_budget_years_only(admin_client, budget_page):
    index = budget_page.get_parent()

    response = admin_client.get(reverse("wagtailadmin_explore", args=[index.pk]))

    content = response.content.decode()
    assert import_url(budget_page) in content
    assert reverse("cms_budget_import", args=[index.pk]) not in content


# -- management command ----------------------------------------------------------------------------------------------


def test_command_imports_a_draft(budget_page, tmp_path, capsys):
    path = tmp_path / "budget.csv"
    path.write_bytes(GOOD_CSV.encode("cp1252"))

    call_command("import_budget", budget_page.pk, str(path))

    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert len(draft_lines(page)) == 3
    assert db_lines(page) == [("culture", "fonctionnement", Decimal("5000.00"))]
    assert "3 lignes importées dans un brouillon de « Budget 2026 »" in capsys.readouterr().out


def test_command_can_publish_and_record_the_author(budget_page, superuser, tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")

    call_command("import_budget", budget_page.pk, str(path), "--publish", "--user", "chef")

    page = BudgetYearPage.objects.get(pk=budget_page.pk)
    assert len(db_lines(page)) == 3
    assert page.live_revision.user == superuser


def test_command_prints_every_error_and_writes_nothing(budget_page, tmp_path, capsys):
    path = tmp_path / "budget.csv"
    path.write_text("secteur;nature;montant\nsport;F;12,3,4\nPolice;F;1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="2 erreurs, rien n'a été importé"):
        call_command("import_budget", budget_page.pk, str(path))

    err = capsys.readouterr().err
    assert "Ligne 2, colonne « montant » : « 12,3,4 » n'est pas un montant." in err
    assert "Ligne 3, colonne « secteur » : « Police » n'est pas un secteur connu." in err
    assert Revision.objects.for_instance(budget_page).count() == 1


def test_command_refuses_an_unknown_page(db, tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")

    with pytest.raises(CommandError, match="Aucun budget annuel"):
        call_command("import_budget", 999999, str(path))
