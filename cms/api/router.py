"""The headless API (Wagtail API v2 at /api/v2/): pages with their own fields, images, documents.

Wagtail's viewsets, whose errors also carry a `code`, as the platform's API does: {"code", "message"} (Wagtail's own
errors have a message only; the message stays as Wagtail writes it, so clients that read it keep working), and whose
ids are `<id:…>` (cms/converters.py): an id beyond 64 bits is a 404, not SQLite's OverflowError.
"""

from rest_framework import status

from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.documents import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet

from .errors import ErrorFormatMixin

_CODES = {status.HTTP_400_BAD_REQUEST: "invalid", status.HTTP_404_NOT_FOUND: "not_found"}


class _ErrorCodes(ErrorFormatMixin):
    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"message"}:
            response.data = {"code": _CODES.get(response.status_code, "error"), **response.data}
        return response


class PagesAPI(_ErrorCodes, PagesAPIViewSet):
    """Wagtail's page endpoint, its errors with a code."""


class ImagesAPI(_ErrorCodes, PublicImagesAPIViewSet):
    """Wagtail's image endpoint, only images public pages use (cms/documents.py), its errors with a code."""


class DocumentsAPI(_ErrorCodes, PublicDocumentsAPIViewSet):
    """Wagtail's document endpoint, only public documents (cms/documents.py), its errors with a code."""


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
