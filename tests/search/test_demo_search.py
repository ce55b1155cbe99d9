"""The issue's « done when » on the demo: searching « ecole » finds the school project, the consultation about the
school canteen and a citizen's comment about it, with facets and highlights; the draft page is never found."""

import io

import pytest

from django.core.management import call_command

from cms.models import ProjectPage
from consultations.comments.models import Comment
from consultations.models import ConsultationPage
from search.backends import get_backend
from search.backends.base import MARK_START, SearchQuery
from search.demo import DRAFT_SLUG
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def all_hits(backend, text, **kwargs):
    hits, offset = [], 0
    while True:
        results = backend.search(SearchQuery(text=text, offset=offset, limit=50, **kwargs))
        hits.extend(results.hits)
        offset += 50
        if offset >= results.total or not results.hits:
            return hits, results


def test_ecole_finds_the_school_project_the_canteen_consultation_and_a_comment_never_the_draft(tmp_path):
    stdout = io.StringIO()
    call_command("load_demo", credentials_file=str(tmp_path / "credentials.txt"), stdout=stdout, stderr=io.StringIO())
    assert "Search: 1 draft page (never indexed)." in stdout.getvalue()

    school = ProjectPage.objects.get(slug="renovation-ecole-jules-verne", locale__language_code="fr")
    canteen = ConsultationPage.objects.get(title="Faut-il généraliser les cantines bio et locales ?")
    comment = Comment.objects.get(text__startswith="Pour moi la priorité reste l'école")
    draft = ProjectPage.objects.get(slug=DRAFT_SLUG)
    assert not draft.live and draft.first_published_at is None

    backend = get_backend()
    hits, results = all_hits(backend, "ecole")
    keys = {hit.key for hit in hits}
    assert f"page:{school.pk}" in keys
    assert f"page:{canteen.pk}" in keys
    assert f"comment:{comment.pk}" in keys
    assert f"page:{draft.pk}" not in keys
    # Never indexed at all, whatever the words.
    assert not SearchDocument.objects.filter(key=f"page:{draft.pk}").exists()
    assert not SearchDocument.objects.filter(title__icontains="maternelle").exists()

    # Facets and highlights.
    kinds = {facet.value for facet in results.facets["kind"]}
    assert {"cms.projectpage", "consultations.consultationpage", "comment"} <= kinds
    by_key = {hit.key: hit for hit in hits}
    assert MARK_START in by_key[f"page:{school.pk}"].excerpt + by_key[f"page:{school.pk}"].title_marked
    assert MARK_START in by_key[f"comment:{comment.pk}"].excerpt
    assert by_key[f"comment:{comment.pk}"].url.endswith(f"#commentaire-{comment.pk}")

    # Accents and plurals: « Écoles » finds the same school project.
    assert f"page:{school.pk}" in {hit.key for hit in all_hits(backend, "Écoles")[0]}

    # The index holds what the rebuild reads, nothing private: the reserved pages of the demo space are absent.
    from wagtail.models import PageViewRestriction

    private_paths = [restriction.page.path for restriction in PageViewRestriction.objects.select_related("page")]
    private_ids = [
        page_id
        for page_id, path in ConsultationPage.objects.values_list("pk", "path")
        if any(path.startswith(prefix) for prefix in private_paths)
    ]
    assert not SearchDocument.objects.filter(page_id__in=private_ids).exists()
