"""The search's demo: a draft project that must never be found, then the whole index built from the database.

Registered to run after every other demo (`after=("*",)`): the pages and contributions the demos made are all
there (some made without a publication signal, some by `update()`), and the rebuild reads them as they are. With
`load_demo --skip-index` the index is left as it is.
"""

from django.utils import timezone

from cms.models import CollectiviteSpace, ProjectIndexPage, ProjectPage

DRAFT_SLUG = "nouvelle-ecole-maternelle-des-coteaux"
DRAFT_TITLE = "Nouvelle école maternelle des Coteaux"


def ensure_draft_project(loader):
    """A project still being written in Villebrune's space: saved as a draft, never published."""
    space = CollectiviteSpace.objects.filter(slug="villebrune-sur-loire", locale=loader.french_locale).first()
    index = ProjectIndexPage.objects.child_of(space).first() if space else None
    if index is None or ProjectPage.objects.filter(slug=DRAFT_SLUG).exists():
        return []
    page = ProjectPage(
        title=DRAFT_TITLE,
        slug=DRAFT_SLUG,
        summary="Brouillon : une école maternelle de six classes pour le quartier des Coteaux (projet non publié).",
        theme="education",
        owner=loader.admin,
        locale=loader.french_locale,
        live=False,
        start_date=timezone.localdate(),
    )
    index.add_child(instance=page)
    page.save_revision(user=loader.admin)
    return [page]


def load(loader):
    created = ensure_draft_project(loader)
    if getattr(loader, "update_index", True):
        from .management.commands.rebuild_search_index import rebuild

        rebuild(progress=False)
        # The demos' publications were noted for after the commit: the rebuild has just read them all.
        from .indexing import discard_pending

        discard_pending()
    return created
