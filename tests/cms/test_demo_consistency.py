"""The demo tells one story (issue 10, "first user" list): the médiathèque has one name, a case study does not quote
a share its own consultation's results contradict, and an English parcours does not promise lessons it lacks."""

import io
import re

import pytest

from django.core.management import call_command
from django.utils.html import strip_tags

from wagtail.models import Page

pytestmark = pytest.mark.django_db

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@pytest.fixture
def demo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", credentials_file=str(tmp_path / "credentials.txt"), skip_index=True, stdout=io.StringIO())


def page_texts():
    """(url path, every text field of the page) for every live page, in both languages."""
    for page in Page.objects.live().specific():
        texts = [page.title]
        for name in ("summary", "introduction", "problem", "results", "search_description"):
            value = getattr(page, name, "")
            if isinstance(value, str):
                texts.append(strip_tags(value))
        body = getattr(page, "body", None)
        if body is not None and hasattr(body, "raw_data"):
            texts.append(strip_tags(str(body.raw_data)))
        yield page.url_path, " ".join(texts)


def test_the_demo_tells_one_story(client, demo):
    """One test, one demo load (a minute of work)."""
    from academie.models import CaseStudyPage, LessonPage, ParcoursPage

    # The médiathèque is the Colette one everywhere (news, projects, the satisfaction consultation).
    for path, text in page_texts():
        assert not re.search(r"médiathèque Jules-Verne|Jules-Verne media library", text), path

    # The case study quotes no share that the results of its own consultation contradict.
    case = CaseStudyPage.objects.get(slug="extinction-de-l-eclairage-nocturne-villebrune", locale__language_code="fr")
    response = client.get("/villebrune-sur-loire/consultations/eclairage-nocturne/resultats/")
    results = " ".join(strip_tags(response.content.decode()).split())
    found = re.search(r"Oui (\d+) \((\d+,\d) %\)", results)
    assert found, results[:3000]
    yes_share = float(found.group(2).replace(",", "."))
    quoted = [float(share.replace(",", ".")) for share in re.findall(r"(\d+(?:,\d+)?) ?% des habitants", case.summary)]
    assert all(abs(share - yes_share) < 0.5 for share in quoted), (quoted, yes_share)
    assert "un peu plus de la moitié" in case.summary
    assert 50 < yes_share < 60

    # An English parcours that counts its lessons counts the English ones.
    for parcours in ParcoursPage.objects.live().filter(locale__language_code="en"):
        lessons = LessonPage.objects.live().child_of(parcours).count()
        for word, number in NUMBERS.items():
            if re.search(rf"\b{word} lessons\b", parcours.summary, re.IGNORECASE):
                assert number == lessons, (parcours.title, parcours.summary, lessons)
