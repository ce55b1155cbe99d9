"""Which documents a visitor may list (`/api/v2/documents/`) and download (`/documents/<id>/<filename>`); which
images the API lists (`/api/v2/images/`, `listable_images`: the same rule).

An uploaded document is not public by being uploaded: an editor may be preparing next month's budget, or a file meant
for the council only. A document is public when:

- **a live page the visitor may read uses it** (Wagtail's reference index: a link in a rich text, a document block,
  a foreign key), view restrictions included (a page behind the space's access code serves its documents to whom
  has entered the code); or
- **its collection is the root collection**, the platform's public shelf: only AimPact's team can file a document
  there (a space's editors have permissions on their space's collection only, `cms.spaces`).

Those who may manage a document in the admin (its collection's editors, superusers) always get it. The API list,
which cannot check each page's restriction for each document, lists only documents used by live pages without any
view restriction, and the root collection's. Other apps may refuse more (the Académie's full library,
`academie/documents.py`); the serve hooks all have to agree.

Files are served by Wagtail's view (`WAGTAILDOCS_SERVE_METHOD` left to its default, `serve_view`, for local storage):
the media folder's `documents/` must not be published by the web server directly.
"""

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import Http404, HttpResponseForbidden
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .converters import IdDetailURLMixin

MANAGE_ACTIONS = ["add", "change", "choose"]


def public_collection():
    return Collection.get_first_root_node()


def _references_from_pages(pages, model=None):
    """Reference index rows pointing at the outer document (or object of `model`) from one of `pages`."""
    document_type = ReferenceIndex._get_base_content_type(model or get_document_model())
    page_type = ReferenceIndex._get_base_content_type(Page)
    return ReferenceIndex.objects.filter(
        to_content_type=document_type,
        to_object_id=Cast(OuterRef("pk"), CharField()),
        base_content_type=page_type,
        object_id__in=pages.annotate(id_text=Cast("pk", CharField())).values("id_text"),
    )


def listable_documents(queryset):
    """`queryset` without the documents no public page uses, outside the public collection."""
    used = Exists(_references_from_pages(Page.objects.live().public()))
    return queryset.filter(Q(collection=public_collection()) | used)


def listable_images(queryset):
    """`/api/v2/images/`: as for documents, the images public pages use (a logo, a block, a rich text) and the
    public collection's; an image uploaded for a draft or a reserved page is not listed."""
    image_type = ReferenceIndex._get_base_content_type(get_image_model())
    page_type = ReferenceIndex._get_base_content_type(Page)
    pages = Page.objects.live().public().annotate(id_text=Cast("pk", CharField())).values("id_text")
    used = ReferenceIndex.objects.filter(to_content_type=image_type, base_content_type=page_type, object_id__in=pages)
    # A list of ids, not a subquery: the search backends cannot filter on an Exists().
    used_ids = [int(pk) for pk in used.values_list("to_object_id", flat=True).distinct() if pk.isdigit()]
    return queryset.filter(Q(collection=public_collection()) | Q(pk__in=used_ids))


class PublicImagesAPIViewSet(IdDetailURLMixin, ImagesAPIViewSet):
    """`/api/v2/images/`: the images public pages use, and the public collection's."""

    def get_queryset(self):
        return listable_images(super().get_queryset())


def may_download(document, request):
    """None when the visitor may download the document; otherwise why not: "forbidden" or "unknown"."""
    user = request.user
    if user.is_authenticated:
        policy = policy_registry.get_by_type(type(document))
        if policy.user_has_any_permission_for_instance(user, MANAGE_ACTIONS, document):
            return None
    if document.collection_id == public_collection().pk:
        return None
    document_type = ReferenceIndex._get_base_content_type(get_document_model())
    page_type = ReferenceIndex._get_base_content_type(Page)
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=document_type, to_object_id=str(document.pk), base_content_type=page_type
    ).values_list("object_id", flat=True)
    pages = Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()])
    if not pages:
        return "unknown"
    for page in pages:
        if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return None
    return "forbidden"


def serve_only_public_documents(document, request):
    """`before_serve_document` hook: an unused document is not found, one of a reserved page is refused."""
    refusal = may_download(document, request)
    if refusal == "unknown":
        raise Http404(_("Ce document n'est pas publié."))
    if refusal == "forbidden":
        return HttpResponseForbidden(
            _("Ce document accompagne une page réservée : ouvrez d'abord la page, puis téléchargez-le.")
        )
    return None


class PublicDocumentsAPIViewSet(IdDetailURLMixin, DocumentsAPIViewSet):
    """`/api/v2/documents/`: the documents public pages use, and the public collection's."""

    def get_queryset(self):
        return listable_documents(super().get_queryset())
