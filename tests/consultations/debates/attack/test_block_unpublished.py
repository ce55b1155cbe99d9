"""A debate block pointing at a debate that is not (or no longer) published must not show its card: its title, date
and place were on every page that embeds it, as the survey block already refuses for a consultation."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_an_unpublished_debate_shows_no_card(space, make_debate):
    from cms.blocks import DebateBlock

    debate = make_debate(title="Fermeture de l'école Jaurès", place="Salle du conseil, à huis clos")
    debate.unpublish()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    block = DebateBlock()
    html = block.render(block.to_python({"debate": debate.pk, "heading": ""}), context={"request": request})
    assert "Fermeture de l" not in html and "huis clos" not in html
    assert "pas disponible" in html
