"""Editors' views of the cahier de doléances: the entries they may edit, an entry's analysis and highlighted
comments, and the answer of the public body it was carried to. Scoped by `rules`: a collectivité's editor sees and
changes the entries of their space only (another's is a 404), AimPact's team the national network's."""

import datetime

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from consultations.comments.models import Comment, CommentModeration

from . import services
from .forms import AnswerForm, EntryEditForm
from .rules import can_edit_entry, editable_entries


class CahierMenuItem(MenuItem):
    def is_shown(self, request):
        return editable_entries(request.user).exists()


def entries_view(request):
    entries = editable_entries(request.user).order_by("-closed_at", "-pk")
    listing = Paginator(entries, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "doleances/admin/entries.html",
        {
            "entries": listing,
            "header_title": _("Cahier de doléances"),
            "breadcrumbs_items": [{"url": "", "label": _("Cahier de doléances")}],
        },
    )


def _editable_entry(request, entry_id):
    """The entry if the user may edit it; a 404 otherwise (another space's entry is not even named)."""
    entry = editable_entries(request.user).filter(pk=entry_id).first()
    if entry is None or not can_edit_entry(request.user, entry):
        raise Http404
    return entry


def entry_edit_view(request, entry_id):
    entry = _editable_entry(request, entry_id)
    carrying = entry.carrying if hasattr(entry, "carrying") else None
    form = EntryEditForm(
        request.POST if request.method == "POST" and "save_entry" in request.POST else None, instance=entry
    )
    answer_form = AnswerForm(
        request.POST if request.method == "POST" and "save_answer" in request.POST else None,
        initial={
            "answer": carrying.answer if carrying else "",
            "answered_at": carrying.answered_at if carrying else None,
        },
    )
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            before = set(entry.highlighted_comments.values_list("pk", flat=True))
            form.save()
            after = set(entry.highlighted_comments.values_list("pk", flat=True))
            _log_highlights(request.user, entry, added=after - before, removed=before - after)
        messages.success(request, _("L'entrée du cahier de doléances est enregistrée."))
        return redirect(reverse("doleances_admin_entry", args=[entry.pk]))
    if answer_form.is_bound and carrying is not None and answer_form.is_valid():
        answered_on = answer_form.cleaned_data.get("answered_at")
        answered_at = None
        if answered_on:
            answered_at = timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(12)))
        services.record_answer(carrying, request.user, answer_form.cleaned_data["answer"], answered_at=answered_at)
        messages.success(request, _("La réponse de l'acteur public est enregistrée."))
        return redirect(reverse("doleances_admin_entry", args=[entry.pk]))
    return TemplateResponse(
        request,
        "doleances/admin/entry_edit.html",
        {
            "entry": entry,
            "form": form,
            "answer_form": answer_form,
            "carrying": carrying,
            "header_title": entry.title,
            "breadcrumbs_items": [
                {"url": reverse("doleances_admin_entries"), "label": _("Cahier de doléances")},
                {"url": "", "label": entry.title},
            ],
        },
        status=400 if (form.is_bound or answer_form.is_bound) else 200,
    )


def _log_highlights(user, entry, added, removed):
    """Highlighting is a moderation decision: it goes to the comments' audit log."""
    comments = {comment.pk: comment for comment in Comment.objects.filter(pk__in=added | removed)}
    CommentModeration.objects.bulk_create(
        CommentModeration(
            comment=comments[pk],
            comment_excerpt=comments[pk].text[:200],
            moderator=user,
            action=CommentModeration.Action.HIGHLIGHT if pk in added else CommentModeration.Action.UNHIGHLIGHT,
            reason=_("Cahier de doléances : %(title)s") % {"title": entry.title[:150]},
        )
        for pk in sorted(added | removed)
        if pk in comments
    )
