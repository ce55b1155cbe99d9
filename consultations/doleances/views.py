"""Public views of the cahier de doléances page (its routes, in `models.CahierDoleancesPage`): the archive, a
collectivité's part of it, an entry, and the carrying form (a plain form: it works without JavaScript)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Max, Min, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.models import CollectiviteSpace
from consultations.comments.models import Comment

from . import services
from .forms import ArchiveFilterForm, CarryForm
from .models import ArchiveEntry
from .query import IdsFirstPaginator
from .rules import carrying_role
from .services import (
    CarryRefused,
    carry_threshold,
    highlighted_comments,
    localized_pages,
    visible_entry,
)

LISTED_HIGHLIGHTS = 2


@dataclass
class Row:
    """An entry as a page shows it: the version of its consultation in the visitor's language, its summary."""

    entry: ArchiveEntry
    page: object
    summary: dict
    comments: list = field(default_factory=list)
    results_url: str = ""


def _rows(request, entries, language):
    pages = localized_pages(entries, language)
    rows = []
    for entry in entries:
        page = pages.get(entry.pk)
        if page is None:  # unpublished since the entry was last refreshed: not shown
            continue
        comments = [comment for comment in entry.highlighted_comments.all() if comment.page_id == entry.page_id]
        rows.append(
            Row(
                entry=entry,
                page=page,
                summary=entry.summary_in(language),
                comments=comments,
                results_url=results_url(page, request),
            )
        )
    return rows


def results_url(page, request):
    """Where an entry's results are read: a consultation's results page, or a debate's own page (its report)."""
    return page.results_url(request) if hasattr(page, "results_url") else page.get_url(request)


def published_years():
    """Every year from the newest closing to the oldest: two index lookups, where a DISTINCT over the entries read
    them all (87 ms at 100,000 entries)."""
    bounds = ArchiveEntry.objects.published().aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


def archive(request, page, space_slug=None):
    space = None
    if space_slug is not None:
        space = CollectiviteSpace.objects.live().public().filter(slug=space_slug).order_by("pk").first()
        if space is None:
            raise Http404
    form = ArchiveFilterForm(request.GET or None, years=published_years())
    params = {}
    if form.is_bound and form.is_valid():
        params = {name: value for name, value in form.cleaned_data.items() if value}
    entries = (
        ArchiveEntry.objects.published()
        .filtered(space=space, **params)
        .newest_first()
        .select_related("territory", "locale", "carrying__territory")
        .prefetch_related(
            Prefetch("highlighted_comments", queryset=Comment.objects.visible().order_by("created_at", "pk"))
        )
    )
    listing = IdsFirstPaginator(entries, page.per_page).get_page(request.GET.get("page"))
    language = translation.get_language() or "fr"
    context = page.get_context(request)
    query = {name: (value.pk if hasattr(value, "pk") else value) for name, value in params.items()}
    context.update(
        filter_form=form,
        filter_query=urlencode(query) + "&" if query else "",
        entries_page=listing,
        rows=_rows(request, listing.object_list, language),
        filtered_space=space,
        listed_highlights=LISTED_HIGHLIGHTS,
        archive_url=page.space_url(space.slug, request) if space else page.get_url(request),
    )
    return TemplateResponse(request, "doleances/cahier_doleances_page.html", context)


def _entry_row(request, page, entry_id):
    entry = visible_entry(entry_id)
    if entry is None:
        raise Http404
    language = translation.get_language() or "fr"
    version = localized_pages([entry], language).get(entry.pk)
    if version is None:
        raise Http404
    return Row(
        entry=entry,
        page=version,
        summary=entry.summary_in(language),
        comments=list(highlighted_comments(entry)),
        results_url=results_url(version, request),
    )


def _carrying_state(request, entry):
    threshold = carry_threshold()
    return {
        "threshold": threshold,
        "above_threshold": entry.participants >= threshold,
        "carry_role": carrying_role(request.user, entry),
    }


def entry_detail(request, page, entry_id):
    row = _entry_row(request, page, entry_id)
    context = page.get_context(request)
    context.update(
        row=row, entry=row.entry, carry_url=page.carry_url(row.entry, request), **_carrying_state(request, row.entry)
    )
    return TemplateResponse(request, "doleances/entry_detail.html", context)


def carry_form(request, page, entry_id):
    row = _entry_row(request, page, entry_id)
    entry = row.entry
    entry_url = page.entry_url(entry, request)
    if not request.user.is_authenticated:
        return redirect_to_login(page.carry_url(entry, request))
    context = page.get_context(request)
    context.update(row=row, entry=entry, entry_url=entry_url, **_carrying_state(request, entry))
    status = 200
    refusal = None
    if hasattr(entry, "carrying"):
        refusal = CarryRefused(
            "already_carried", _("Cette consultation a déjà été portée auprès d'un acteur public."), 409
        )
    elif not context["above_threshold"]:
        refusal = CarryRefused(
            "below_threshold",
            _(
                "Cette consultation a réuni %(participants)d participants : il en faut au moins %(threshold)d pour "
                "la porter auprès d'un acteur public."
            )
            % {"participants": entry.participants, "threshold": context["threshold"]},
            403,
        )
    elif context["carry_role"] is None:
        refusal = CarryRefused(
            "not_allowed",
            _("Seuls l'auteur de la consultation et sa rédaction peuvent la porter auprès d'un acteur public."),
            403,
        )
    form = CarryForm(request.POST if request.method == "POST" else None, entry=entry)
    if refusal is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.carry(
                entry,
                request.user,
                territory=data["territory"],
                institution=data["institution"],
                message=data["message"],
            )
        except CarryRefused as refused:
            refusal = refused
        else:
            messages.success(request, _("La consultation est portée : le cahier de doléances l'indique désormais."))
            return redirect(entry_url)
    if refusal is not None:
        status = refusal.status
    elif form.is_bound:
        status = 400
    context.update(form=form, refusal=refusal)
    return TemplateResponse(request, "doleances/carry_form.html", context, status=status)
