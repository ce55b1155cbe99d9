"""What a rolled-back transaction noted for the index must not change what a later one does on the same thread (a
web worker's thread serves many requests)."""

import pytest

from django.db import transaction
from django.test import TestCase

from search import indexing
from tests.factories import ConsultationIndexPageFactory
from tests.search.fake_backend import install
from tests.search.test_sources import closed_consultation, free_text

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def test_issue14_a_consultation_deleted_after_a_rolled_back_change_takes_its_free_texts_out(monkeypatch, home):
    backend = install(monkeypatch)
    indexing._pending.__init__()
    consultation = closed_consultation(ConsultationIndexPageFactory(parent=home))
    answer = free_text(consultation, text="Le texte publié puis la consultation supprimée.")
    backend.rebuild(indexing.all_batches())
    assert f"free_text:{answer.pk}" in backend.docs
    # An earlier request on this thread noted the page (an editor's publication), then failed and rolled back.
    with pytest.raises(RuntimeError), transaction.atomic():
        indexing.pages_changed([consultation.pk])
        raise RuntimeError("the publication failed")
    with TestCase.captureOnCommitCallbacks(execute=True):
        consultation.delete()
    assert f"page:{consultation.pk}" not in backend.docs
    assert f"free_text:{answer.pk}" not in backend.docs  # its text stays searchable (and counted) otherwise
