"""Documents of the Académie's full library: served only to those who may read a page that uses them."""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _

from wagtail.models import Page, ReferenceIndex

from .models import CaseStudyPage, LessonPage


def full_library_documents(document, request):
    """A document that only full-library pages use is served only to those who may read one of them.

    Wagtail's reference index says which pages use the document; if any other page (a news item, a basic lesson)
    uses it, it is public there anyway and is served."""
    sources = ReferenceIndex.get_references_to(document).values_list("content_type_id", "object_id").distinct()
    if not sources:
        return None
    gated_types = {ContentType.objects.get_for_model(model).pk: model for model in (LessonPage, CaseStudyPage)}
    page_type = ContentType.objects.get_for_model(Page).pk
    gated = []
    for content_type_id, object_id in sources:
        model = gated_types.get(content_type_id)
        if model is None:
            source_type = ContentType.objects.get_for_id(content_type_id)
            if source_type.pk == page_type or issubclass(source_type.model_class() or object, Page):
                return None  # used by another kind of page: public there
            continue  # a snippet or a setting: not a reader-facing page
        page = model.objects.filter(pk=object_id).first()
        if page is None:
            continue
        if not page.is_locked_for(request):
            return None
        gated.append(page)
    if gated:
        return HttpResponseForbidden(
            _("Ce document fait partie de la bibliothèque complète de l'Académie : ouvrez-la pour le télécharger.")
        )
    return None
