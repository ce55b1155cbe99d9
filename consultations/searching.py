"""The free-text answers of closed consultations, as the site's search finds them (the cahier de doléances).

A free-text answer is searchable when a moderator published it (`APPROVED`) and its consultation (the ballot box's
page, the first language version) is live, public, served, closed, and its results frozen (the snapshot: the
results page lists the published answers from then on). An answer of an open consultation never is, even with
results shown live: its text could be told apart from the few that came with it.

What the index receives is what the results page shows: the text, the question, the consultation (title, place,
theme) and its closing date. A `FreeText` row has nothing else (no ballot, batch, time of answer, nor any
demographic), and nothing else is looked up: see tests/search/test_sources.py.

Registered from `consultations.plugins`; the features call `registry.search_changed("free_texts", ids)` where rows
change without a page event (moderation, the results frozen).
"""

from django.utils.translation import gettext_lazy as _

from cms.registry import SearchItem, SearchSource, registry
from cms.searchable import readable_pages

from .models import ConsultationPage, FreeText, ResultsSnapshot

NAME = "free_texts"
KIND = "free_text"


def _published():
    return FreeText.objects.filter(moderation=FreeText.Moderation.APPROVED)


def _closed_consultations(page_ids, now=None):
    """{page id: (page, place)} of those consultations whose free texts may be searched now."""
    frozen = set(
        ConsultationPage.objects.filter(pk__in=list(page_ids))
        .closed_at(now)
        .filter(pk__in=ResultsSnapshot.objects.values("consultation_id"))
        .values_list("pk", flat=True)
    )
    return {pk: value for pk, value in readable_pages(frozen).items() if value[0].results_are_public(now)}


def items(ids):
    rows = list(_published().filter(pk__in=list(ids)).values("id", "consultation_id", "question_id", "text"))
    consultations = _closed_consultations({row["consultation_id"] for row in rows})
    surveys = {}
    found = []
    for row in rows:
        if row["consultation_id"] not in consultations:
            continue
        page, place = consultations[row["consultation_id"]]
        if page.pk not in surveys:
            surveys[page.pk] = page.get_survey()
        question = surveys[page.pk].by_id.get(row["question_id"])
        found.append(
            SearchItem(
                key=f"{KIND}:{row['id']}",
                kind=KIND,
                title=(question.label if question is not None and question.label else page.title)[:255],
                url=place.url + page.reverse_subpage("results"),  # where the published answers are read
                body=row["text"],
                language="",
                date=page.closes_at,
                territory_code=place.territory_code,
                territory_name=place.territory_name,
                theme=page.theme or "",
                space_id=place.space_id,
                context_title=page.title,
                page_id=page.pk,
            )
        )
    return found


def all_ids():
    """The published answers of every consultation searchable now, consultation by consultation."""
    candidates = (
        ConsultationPage.objects.live()
        .closed_at()
        .filter(pk__in=ResultsSnapshot.objects.values("consultation_id"))
        .values_list("pk", flat=True)
    )
    for consultation_id in sorted(_closed_consultations(list(candidates))):
        yield from (
            _published()
            .filter(consultation_id=consultation_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .iterator(chunk_size=2000)
        )


def ids_for_pages(page_ids):
    return FreeText.objects.filter(consultation_id__in=list(page_ids)).values_list("pk", flat=True)


def ids_of_consultation(consultation_id):
    return list(FreeText.objects.filter(consultation_id=consultation_id).values_list("pk", flat=True))


def register():
    registry.register_search_source(
        SearchSource(
            name=NAME,
            kinds={KIND: _("Réponse libre")},
            items=items,
            all_ids=all_ids,
            ids_for_pages=ids_for_pages,
            key_prefix=KIND,
        )
    )
