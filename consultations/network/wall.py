"""The wall: live public consultations of the whole network, filtered (territory, theme, status), sorted (newest,
closing soon) and paginated in the database; and, for a citizen with a commune, those that concern them."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from cms.models import CollectiviteSpace, Territory
from cms.models.base import prefetch_spaces
from consultations.models import ConsultationPage

from .forms import WallFilterForm

PER_PAGE = 12
NEAR_YOU_COUNT = 6


def wall_queryset(locale_id=None):
    """Live public consultations of the network, each once: in the language `locale_id` when translated, else in
    the default language (an English visitor sees the French consultations that have no English version)."""
    from wagtail.models import Locale

    queryset = ConsultationPage.objects.live().public().listed().select_related("territory")
    default_id = Locale.get_default().pk
    if locale_id is None or locale_id == default_id:
        return queryset.filter(locale_id=default_id)
    translated = ConsultationPage.objects.live().public().filter(locale_id=locale_id).values("translation_key")
    return queryset.filter(Q(locale_id=locale_id) | (Q(locale_id=default_id) & ~Q(translation_key__in=translated)))


def national_q():
    """Consultations of the national network (no territory, and not in a collectivité's space)."""
    query = Q(territory__isnull=True)
    for path in CollectiviteSpace.objects.values_list("path", flat=True):
        query &= ~Q(path__startswith=path)
    return query


def filter_wall(queryset, territory=None, theme=None, status=None, now=None):
    now = now or timezone.now()
    if territory is not None:
        related = Territory.objects.filter(
            Q(pk__in=Territory.objects.within(territory).values("pk"))
            | Q(pk__in=Territory.objects.filter(pk=territory.pk).containing_ids())
        )
        queryset = queryset.concerning(related)
    if theme:
        queryset = queryset.filter(theme=theme)
    if status:
        queryset = queryset.in_status(status, now)
    return queryset


def sort_wall(queryset, sort=None, now=None):
    now = now or timezone.now()
    if sort == "closing":
        # Open ones first (closing soonest), then upcoming, then closed (most recently closed first).
        rank = Case(
            When(opens_at__lte=now, closes_at__gt=now, then=Value(0)),
            When(opens_at__gt=now, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return queryset.annotate(wall_rank=rank).order_by("wall_rank", "closes_at", "-pk")
    return queryset.order_by("-opens_at", "-pk")


def near_you(user, locale_id=None, now=None):
    """Open or upcoming consultations whose territory contains the citizen's commune, or national ones."""
    if not user.is_authenticated or not user.commune_id:
        return []
    now = now or timezone.now()
    around = Territory.objects.filter(pk=user.commune_id).containing()
    concerning = wall_queryset(locale_id).concerning(around).values("pk")
    queryset = wall_queryset(locale_id).filter(Q(pk__in=concerning) | national_q()).filter(closes_at__gt=now)
    return list(queryset.order_by("closes_at")[:NEAR_YOU_COUNT])


def wall(request, locale_id=None):
    """(form, page of consultations, filter query string) for the request's GET parameters; a bad filter value
    leaves the form's error shown and the list unfiltered."""
    form = WallFilterForm(request.GET or None)
    params = {}
    if form.is_bound and form.is_valid():
        params = {name: value for name, value in form.cleaned_data.items() if value}
    queryset = filter_wall(wall_queryset(locale_id), params.get("territory"), params.get("theme"), params.get("status"))
    queryset = sort_wall(queryset, params.get("sort"))
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    prefetch_spaces(page.object_list)  # each card names its space: one query for the page
    query = {name: request.GET.get(name) for name in ("territory", "theme", "status", "sort") if params.get(name)}
    return form, page, (urlencode(query) + "&") if query else ""
