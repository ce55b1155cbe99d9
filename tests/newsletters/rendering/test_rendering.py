"""Rendering an issue: HTML with inlined styles in the space's theme, its language, alt texts, preheader and footer
placeholders; a text alternative that reads well; automatic sections; the version rendered; the frozen renderings."""

import re
import threading

import pytest

from django.db import connection

from cms.registry import registry
from newsletters import rendering
from newsletters.models import IssueRendering, IssueSending

from .conftest import ago, digest, paragraph

pytestmark = pytest.mark.django_db

RICH = (
    '<h3>Au programme</h3><p>Un <b>conseil</b> de quartier, <a href="https://example.org/agenda">l\'agenda</a>.</p>'
    "<ul><li>Mardi</li><li>Jeudi</li></ul>"
)


@pytest.fixture
def themed_space(space):
    space.primary_color = "#0b5d3b"
    space.secondary_color = "#7a2e0e"
    space.save_revision().publish()
    return space


def test_html_is_themed_with_inlined_styles_language_and_placeholders(themed_space, make_issue):
    issue = make_issue(body=[paragraph(RICH)], title="Lettre de mars", preheader="Trois nouvelles en bref")
    rendered = rendering.render_issue(issue, "fr")

    html = rendered.html
    assert rendered.subject == "Lettre de mars"
    assert '<html lang="fr"' in html
    # the masthead's colour is on the element itself, not only in a <style> rule
    masthead = re.search(r'<td[^>]*class="masthead"[^>]*>', html).group(0)
    assert "background-color: #0b5d3b" in masthead
    assert re.search(r'<a href="https://example.org/agenda" style="[^"]*color: #0b5d3b', html)
    # what remains in <style> is only the @media refinements
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is None or ".masthead {" not in style.group(1)
    assert "Trois nouvelles en bref" in html and 'class="preheader"' in html
    assert rendering.UNSUBSCRIBE_URL in html and rendering.PREFERENCES_URL in html
    assert "Vous recevez ce courriel parce que" in html and "La lettre de la ville" in html
    assert "max-width: 600px" in html


def test_national_newsletter_takes_the_default_theme(home):
    from tests.newsletters.rendering.factories import NewsletterIssuePageFactory, NewsletterPageFactory

    issue = NewsletterIssuePageFactory(parent=NewsletterPageFactory(parent=home, slug="lettre-nationale"))
    masthead = re.search(r'<td[^>]*class="masthead"[^>]*>', rendering.render_issue(issue, "fr").html).group(0)
    assert "background-color: #1d4e89" in masthead


def test_images_have_absolute_urls_and_their_alt_text(space, make_issue):
    from wagtail_factories import ImageFactory

    image = ImageFactory()
    space.logo = image
    space.save_revision().publish()
    block = {"type": "image", "value": {"image": image.pk, "alt": "Le marché du samedi", "caption": ""}, "id": "i"}
    html = rendering.render_issue(make_issue(body=[block]), "fr").html

    assert re.search(r'<img src="http://[^"]+" alt="Le marché du samedi"', html)
    assert re.search(r'<img src="http://[^"]+" alt="Ville de Test"', html)  # the logo


def test_text_alternative_reads_well(space, make_issue, make_news):
    make_news(days_ago=1, title="Le marché rouvre", summary="Dès samedi.")
    issue = make_issue(body=[paragraph(RICH), digest("news")], title="Lettre de mars", preheader="En bref")
    text = rendering.render_issue(issue, "fr").text

    assert "<" not in text
    assert "Au programme\n------------" in text
    assert "l'agenda (https://example.org/agenda)" in text
    assert "- Mardi\n- Jeudi" in text
    assert "DERNIÈRES ACTUALITÉS" in text and "- Le marché rouvre" in text and "Dès samedi." in text
    assert re.search(r"\n  http://\S+/actualites/\S+", text)
    assert f"Me désinscrire : {rendering.UNSUBSCRIBE_URL}" in text
    assert "\n\n\n" not in text


def test_an_empty_automatic_section_is_left_out(space, make_issue):
    issue = make_issue(body=[paragraph("<p>Bonjour</p>"), digest("news", title="Rubrique vide")])
    rendered = rendering.render_issue(issue, "fr")
    assert "Rubrique vide" not in rendered.html and "Rubrique vide" not in rendered.text
    assert "Bonjour" in rendered.html


def test_sections_collect_since_the_previous_issue_was_sent(space, make_issue, make_news):
    make_news(days_ago=10, title="Avant le numéro précédent")
    make_news(days_ago=2, title="Après le numéro précédent")
    previous = make_issue()
    IssueSending.objects.create(issue=previous)
    IssueSending.objects.filter(issue=previous).update(started_at=ago(5))
    html = rendering.render_issue(make_issue(body=[digest("news", days=30)]), "fr").html

    assert "Après le numéro précédent" in html
    assert "Avant le numéro précédent" not in html


def test_sections_collect_at_most_days_days(space, make_issue, make_news):
    make_news(days_ago=10, title="Il y a dix jours")
    html = rendering.render_issue(make_issue(body=[digest("news", days=7)]), "fr").html
    assert "Il y a dix jours" not in html


def test_preview_renders_the_latest_revision_and_publication_the_live_one(space, make_issue):
    issue = make_issue(title="Titre publié")
    issue.title = "Titre du brouillon"
    issue.save_revision()

    assert rendering.render_issue(issue, "fr").subject == "Titre publié"
    assert rendering.render_issue(issue, "fr", preview=True).subject == "Titre du brouillon"


def test_a_language_without_translation_gets_the_default_version(space, make_issue):
    issue = make_issue(title="Seulement en français")
    rendered = rendering.render_issue(issue, "en")
    assert rendered.subject == "Seulement en français"
    assert '<html lang="en"' in rendered.html
    assert re.search(r'<td[^>]*class="content"[^>]*lang="fr"', rendered.html)  # the French content says so


def test_freeze_makes_one_rendering_per_language(space, make_issue):
    issue = make_issue(title="Figé")
    first = rendering.freeze(issue, "fr")
    second = rendering.freeze(issue, "fr")

    assert first.pk == second.pk
    assert IssueRendering.objects.filter(issue=issue).count() == 1
    assert first.source_page_id == issue.pk and first.subject == "Figé"
    assert rendering.UNSUBSCRIBE_URL in first.html


def test_freeze_returns_the_row_another_worker_wrote_meanwhile(space, make_issue, monkeypatch):
    """The other worker inserts between our check and our insert: we keep its row, write none."""
    issue = make_issue()
    original_render = rendering.render_issue

    def render_while_another_worker_freezes(page, language, **kwargs):
        IssueRendering.objects.create(issue=issue, language=language, subject="L'autre", html="<p>x</p>", text="x")
        return original_render(page, language, **kwargs)

    monkeypatch.setattr(rendering, "render_issue", render_while_another_worker_freezes)
    frozen = rendering.freeze(issue, "fr")
    assert frozen.subject == "L'autre"
    assert IssueRendering.objects.filter(issue=issue, language="fr").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_freezing_at_once_end_with_one_row(migrated_data):
    from tests.factories import CollectiviteSpaceFactory
    from tests.newsletters.rendering.factories import NewsletterIssuePageFactory, NewsletterPageFactory

    space = CollectiviteSpaceFactory(parent=migrated_data)
    issue = NewsletterIssuePageFactory(parent=NewsletterPageFactory(parent=space))
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(rendering.freeze(issue, "fr").pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert IssueRendering.objects.filter(issue=issue).count() == 1


def test_registry_order_is_the_block_choices_order():
    from newsletters.blocks import digest_choices

    assert [name for name, _label in digest_choices()] == [source.name for source in registry.digests()]
