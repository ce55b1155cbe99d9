"""Admin views of the comments: the moderators' queue (« Commentaires signalés »), one comment with its reports and
decisions (hide, restore, dismiss the reports), the moderation log, and the page button that turns comments on or off
on a page that is not a consultation.

Who sees what is `rules.py`: a collectivité's editor sees only the comments of their own space's pages; any other
comment is a 404 for them, as if it did not exist.
"""

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs
from cms.models.base import BasePage

from . import rules, services
from .models import Comment, CommentModeration, CommentReport, CommentSettings

STATES = {
    "signales": gettext_lazy("Signalés"),
    "masques": gettext_lazy("Masqués"),
    "visibles": gettext_lazy("Visibles"),
    "tous": gettext_lazy("Tous"),
}


def _filtered(queryset, state):
    if state == "signales":
        return queryset.filter(open_reports_count__gt=0)
    if state == "masques":
        return queryset.filter(status=Comment.Status.HIDDEN)
    if state == "visibles":
        return queryset.filter(status=Comment.Status.VISIBLE)
    return queryset.exclude(status=Comment.Status.DELETED)


def reported_view(request):
    if not rules.may_moderate_any(request.user):
        raise Http404
    state = request.GET.get("etat")
    state = state if state in STATES else "signales"
    comments = rules.moderatable_comments(request.user)
    counts = {key: _filtered(comments, key).count() for key in STATES}
    listing = (
        _filtered(comments, state)
        .select_related("author", "page")
        .order_by("-open_reports_count", "-created_at", "-pk")
    )
    page_obj = Paginator(listing, 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "citizen_comments/admin/reported.html",
        {
            "page_obj": page_obj,
            "state": state,
            "states": [(key, label, counts[key]) for key, label in STATES.items()],
            "header_title": _("Commentaires signalés"),
            "breadcrumbs_items": [{"url": "", "label": _("Commentaires signalés")}],
        },
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "hide"), ("restore", "restore"), ("dismiss", "dismiss")])
    reason = forms.CharField(
        label=gettext_lazy("Motif (obligatoire pour masquer ou rétablir)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def comment_view(request, comment_id):
    comment = get_object_or_404(
        rules.moderatable_comments(request.user).select_related("author", "page", "parent"), pk=comment_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            action = form.cleaned_data["action"]
            decide = {"hide": services.hide, "restore": services.restore, "dismiss": services.dismiss_reports}[action]
            try:
                decide(comment.pk, request.user, form.cleaned_data["reason"])
            except services.CommentRefused as refusal:
                form.add_error("reason" if refusal.field == "reason" else None, refusal.message)
            else:
                done = {
                    "hide": _("Le commentaire est masqué."),
                    "restore": _("Le commentaire est rétabli."),
                    "dismiss": _("Les signalements sont écartés."),
                }[action]
                messages.success(request, done)
                return redirect("citizen_comments_admin_comment", comment.pk)
        if form.errors:
            messages.error(request, _("La décision n'est pas enregistrée : corrigez ce qui est signalé."))
    public_page = Page.objects.filter(translation_key=comment.page.translation_key, live=True).order_by("pk").first()
    return TemplateResponse(
        request,
        "citizen_comments/admin/comment.html",
        {
            "comment": comment,
            "author": services.author_name(comment.author),
            "public_page": public_page,
            "reports": CommentReport.objects.filter(comment=comment).order_by("-created_at"),
            "moderations": CommentModeration.objects.filter(comment=comment).select_related("moderator"),
            "form": form,
            "header_title": _("Commentaire"),
            "breadcrumbs_items": [
                {"url": reverse("citizen_comments_admin_reported"), "label": _("Commentaires signalés")},
                {"url": "", "label": _("Commentaire")},
            ],
        },
        status=400 if form.errors else 200,
    )


def log_view(request):
    if not rules.may_moderate_any(request.user):
        raise Http404
    entries = CommentModeration.objects.select_related("moderator", "comment")
    if not rules.moderates_everything(request.user):
        entries = entries.filter(comment__in=rules.moderatable_comments(request.user))
    page_obj = Paginator(entries.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "citizen_comments/admin/log.html",
        {
            "page_obj": page_obj,
            "header_title": _("Journal de modération des commentaires"),
            "breadcrumbs_items": [
                {"url": reverse("citizen_comments_admin_reported"), "label": _("Commentaires signalés")},
                {"url": "", "label": _("Journal de modération")},
            ],
        },
    )


# -- turning comments on or off on a page ----------------------------------------------------------------------------


def settings_view(request, page_id):
    page = editable_page(request, Page, page_id).specific  # Wagtail's permissions: an editor's own space only
    if not isinstance(page, BasePage) or services.is_consultation(page):
        raise Http404  # a consultation always has its discussion
    original = services.discussion_page(page)
    current = CommentSettings.objects.filter(page_id=original.pk).first()
    enabled = bool(current and current.enabled)
    if request.method == "POST":
        enabled = request.POST.get("enabled") == "1"
        with transaction.atomic():
            CommentSettings.objects.update_or_create(
                page_id=original.pk, defaults={"enabled": enabled, "updated_by": request.user}
            )
        messages.success(
            request,
            _("Les citoyens peuvent maintenant commenter cette page.")
            if enabled
            else _("Les commentaires des citoyens sont fermés sur cette page."),
        )
        return redirect("citizen_comments_admin_settings", page.pk)
    return TemplateResponse(
        request,
        "citizen_comments/admin/settings.html",
        {
            "page": page,
            "enabled": enabled,
            "comments_count": services.visible_count(original),
            "header_title": _("Commentaires des citoyens"),
            "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Commentaires des citoyens")),
        },
    )


class CommentSettingsMenuItem(PageActionMenuItem):
    page_model = BasePage
    label = gettext_lazy("Commentaires des citoyens")
    icon_name = "comment"
    url_name = "citizen_comments_admin_settings"
    header_priority = 20
    listing_priority = 20

    def is_shown_for(self, user):
        return not services.is_consultation(self.page)


class ReportedCommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.may_moderate_any(request.user)
