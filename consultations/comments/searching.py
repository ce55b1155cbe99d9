"""Citizens' comments as the site's search finds them.

A comment is searchable while it is visible (not hidden by a moderator, not deleted by its author or with their
account) on a page whose discussion is shown (a consultation, or a page whose editor turned comments on) and that an
anonymous visitor may read (`cms.searchable`). Its item says what the page says: the text, the page's title, its
address at the comment's anchor, the date it was posted; never its author (nor anything about them).

Registered from `consultations.comments.plugins`; `signals.py` and `personal_data.py` call
`registry.search_changed("comments", ids)` when comments change.
"""

from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.registry import SearchItem, SearchSource, registry
from cms.searchable import readable_pages, searchable_pages

from .models import Comment, CommentSettings

NAME = "comments"
KIND = "comment"


def _with_discussion(pages):
    """Those of these {id: (page, place)} whose discussion is shown."""
    consultation = apps.get_model("consultations", "ConsultationPage")
    enabled = set(
        CommentSettings.objects.filter(page_id__in=list(pages), enabled=True).values_list("page_id", flat=True)
    )
    return {pk: value for pk, value in pages.items() if isinstance(value[0], consultation) or pk in enabled}


def items(ids):
    rows = list(
        Comment.objects.visible().filter(pk__in=list(ids)).values("id", "page_id", "text", "created_at").order_by()
    )
    pages = _with_discussion(readable_pages({row["page_id"] for row in rows}))
    found = []
    for row in rows:
        if row["page_id"] not in pages:
            continue
        page, place = pages[row["page_id"]]
        facets = page.search_facets()
        title = gettext("Commentaire sur « %(page)s »") % {"page": Truncator(page.title).chars(200)}
        found.append(
            SearchItem(
                key=f"{KIND}:{row['id']}",
                kind=KIND,
                title=title[:255],
                url=f"{place.url}#commentaire-{row['id']}",
                body=row["text"],
                language="",
                date=row["created_at"],
                territory_code=place.territory_code,
                territory_name=place.territory_name,
                theme=facets.get("theme") or "",
                space_id=place.space_id,
                context_title=page.title,
                page_id=page.pk,
            )
        )
    return found


def all_ids():
    """The visible comments of every page whose discussion a visitor may read now."""
    commented = Comment.objects.visible().values("page_id")
    page_ids = searchable_pages().filter(pk__in=commented).values_list("pk", flat=True)
    pages = _with_discussion(readable_pages(page_ids))
    for page_id in sorted(pages):
        yield from Comment.objects.visible().filter(page_id=page_id).order_by("pk").values_list("pk", flat=True)


def ids_for_pages(page_ids):
    return Comment.objects.filter(page_id__in=list(page_ids)).values_list("pk", flat=True)


def register():
    registry.register_search_source(
        SearchSource(
            name=NAME,
            kinds={KIND: _("Commentaire")},
            items=items,
            all_ids=all_ids,
            ids_for_pages=ids_for_pages,
            key_prefix=KIND,
        )
    )
