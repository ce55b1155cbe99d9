"""The cahier de doléances API: the archive (filtered, paginated in the database), an entry, and carrying an entry.

Built on `cms.api` (error shape {"code", "message"}, JSON bodies only, limit/offset pagination). The rules are the
web's: the same refusals and messages come from `services.carry`.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from cms.api.errors import ErrorSerializer, error_response
from cms.api.views import PlatformAPIMixin, PlatformAPIView
from cms.choices import PublicPolicyTheme
from cms.models import CollectiviteSpace, Territory
from consultations.comments.models import Comment

from . import services
from .forms import carry_territories
from .models import ArchiveEntry, CahierDoleancesPage
from .serializers import ArchiveEntrySerializer, CarryingSerializer, CarryRequestSerializer

MAX_ID = 2**31 - 1


def _context(request, entries):
    language = translation.get_language() or "fr"
    cahiers = CahierDoleancesPage.objects.live().public().select_related("locale").order_by("pk")
    cahier = next((each for each in cahiers if each.locale.language_code == language), None) or cahiers.first()
    return {"request": request, "pages": services.localized_pages(entries, language), "cahier": cahier}


def _entries():
    return (
        ArchiveEntry.objects.published()
        .select_related("territory", "space", "locale", "carrying__territory")
        .prefetch_related(
            Prefetch("highlighted_comments", queryset=Comment.objects.visible().order_by("created_at", "pk"))
        )
    )


def _ascii_digits(value):
    """Only 0-9: « ² » or « ① » pass str.isdigit() but make int() raise."""
    return value.isascii() and value.isdigit()


def _positive_int(name, value, maximum=MAX_ID):
    if not _ascii_digits(value) or not 0 < int(value) <= maximum:
        raise ValidationError({name: [_("Un nombre entier positif est attendu.")]})
    return int(value)


class EntryListView(PlatformAPIMixin, generics.ListAPIView):
    serializer_class = ArchiveEntrySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "pages": {}}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # The page's ids first, then those rows (see query.IdsFirstPaginator): a deep offset walks the index only.
        ids = list(self.paginate_queryset(queryset.prefetch_related(None).values_list("pk", flat=True)))
        rows = {entry.pk: entry for entry in queryset.filter(pk__in=ids)}
        entries = [rows[pk] for pk in ids if pk in rows]
        serializer = ArchiveEntrySerializer(entries, many=True, context=_context(request, entries))
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Cahier de doléances: closed consultations, newest first",
        parameters=[
            OpenApiParameter("territory", int, description="A territory's id: its entries and those it contains."),
            OpenApiParameter("theme", str, enum=PublicPolicyTheme.values, description="A theme."),
            OpenApiParameter("year", int, description="The year the consultations closed."),
            OpenApiParameter("space", str, description="A collectivité space's slug: its entries only."),
        ],
    )
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except ValidationError as error:
            return error_response(
                "invalid",
                _("Les filtres de la requête sont incorrects."),
                status.HTTP_400_BAD_REQUEST,
                errors=error.detail,
            )

    def get_queryset(self):
        params = self.request.query_params
        filters = {}
        for name in ("limit", "offset"):
            if params.get(name) and (not _ascii_digits(params[name]) or int(params[name]) > MAX_ID):
                raise ValidationError({name: [_("Un nombre entier positif est attendu.")]})
        if params.get("territory"):
            territory_id = _positive_int("territory", params["territory"])
            filters["territory"] = Territory.objects.filter(pk=territory_id).first()
            if filters["territory"] is None:
                raise ValidationError({"territory": [_("Aucun territoire n'a cet identifiant.")]})
        if params.get("theme"):
            if params["theme"] not in PublicPolicyTheme.values:
                raise ValidationError(
                    {"theme": [_("Valeurs possibles : %(values)s.") % {"values": ", ".join(PublicPolicyTheme.values)}]}
                )
            filters["theme"] = params["theme"]
        if params.get("year"):
            filters["year"] = _positive_int("year", params["year"], maximum=9999)
        if params.get("space"):
            space = CollectiviteSpace.objects.live().public().filter(slug=params["space"][:255]).first()
            if space is None:
                raise ValidationError({"space": [_("Aucun espace public n'a cette adresse.")]})
            filters["space"] = space
        return _entries().filtered(**filters).newest_first()


def _visible_entry(entry_id):
    entry = services.visible_entry(entry_id)
    if entry is None:
        raise Http404
    return _entries().get(pk=entry.pk)


class EntryDetailView(PlatformAPIView):
    @extend_schema(summary="An entry of the cahier de doléances", responses=ArchiveEntrySerializer)
    def get(self, request, entry_id):
        entry = _visible_entry(entry_id)
        return Response(ArchiveEntrySerializer(entry, context=_context(request, [entry])).data)


class CarryingView(PlatformAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Carry an entry to a public body (its author, or its editors), once it has enough participants",
        request=CarryRequestSerializer,
        responses={
            201: CarryingSerializer,
            400: OpenApiResponse(ErrorSerializer, description="no recipient, both, an unknown territory, no message"),
            403: OpenApiResponse(ErrorSerializer, description="below the threshold, or not its author nor an editor"),
            409: OpenApiResponse(ErrorSerializer, description="already carried"),
        },
    )
    def post(self, request, entry_id):
        entry = services.visible_entry(entry_id)
        if entry is None:
            raise Http404
        if not isinstance(request.data, dict):
            return error_response(
                "invalid", _('Envoyez un objet JSON {"territory": …, "message": …}.'), status.HTTP_400_BAD_REQUEST
            )
        body = CarryRequestSerializer(data=request.data)
        if not body.is_valid():
            return error_response(
                "invalid", _("La requête est mal formée."), status.HTTP_400_BAD_REQUEST, errors=body.errors
            )
        data = body.validated_data
        territory = None
        if data.get("territory"):
            territory = carry_territories(entry).filter(pk=data["territory"]).first()
            if territory is None:
                return error_response(
                    "invalid",
                    _("Choisissez une collectivité dans la liste ou nommez une institution (l'une ou l'autre)."),
                    status.HTTP_400_BAD_REQUEST,
                    errors={"territory": [_("Ce territoire ne fait pas partie de la liste.")]},
                )
        try:
            carrying = services.carry(
                entry,
                request.user,
                territory=territory,
                institution=data.get("institution", ""),
                message=data["message"],
            )
        except services.CarryRefused as refusal:
            return error_response(refusal.code, refusal.message, refusal.status)
        return Response(CarryingSerializer(carrying).data, status=status.HTTP_201_CREATED)


__all__ = ["CarryingView", "EntryDetailView", "EntryListView"]
