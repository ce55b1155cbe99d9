"""Publishing several pages at once went round the consultation's rules with a 500 (found by the audit of the
merged work): an empty consultation is refused with the editor's message, and nothing is published."""

import pytest

from django.contrib.messages import get_messages

from wagtail.models import Page

from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.mark.security
def test_bulk_publishing_an_empty_consultation_is_refused_with_a_message_not_a_500(admin_client, space):
    empty = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=space), survey=[], live=False, slug="vide"
    )
    empty.save_revision()
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=space), live=False)
    news.save_revision()
    response = admin_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={empty.pk}&id={news.pk}", {})
    assert response.status_code == 302
    assert not Page.objects.get(pk=empty.pk).live
    assert not Page.objects.get(pk=news.pk).live  # all or nothing
    assert any("Rien n'a été publié" in str(message) for message in get_messages(response.wsgi_request))
