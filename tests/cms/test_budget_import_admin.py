"""Budget CSV import: the draft revision it saves, the admin view (and its button) and the management command."""

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
from cms.budget_import import ParsedLine, import_budget_lines, parse_budget_csv
from cms.models import BudgetLine, BudgetYearPage
from tests.cms.test_budget_import import GOOD_CSV
from tests.factories import BudgetIndexPageFactory, BudgetLineFactory, BudgetYearPageFactory


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


# -- the template file -----------------------------------------------------------------------------------------------


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
