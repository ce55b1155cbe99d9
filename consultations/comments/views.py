"""The citizens' web views behind the discussion panel's forms (plain POSTs: everything works without JavaScript).

Each sends the visitor back to the page they came from (`next`, on this site only) at the comment's anchor. A
refused comment comes back in the panel with its message next to the field and the text as typed (kept in the
session for that one display)."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from cms.http import safe_next_url

from . import services
from .forms import ReportForm
from .limits import PostingLimited
from .models import Comment

FORM_STATE_KEY = "citizen_comments_form"


def _with_anchor(url, anchor):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, anchor))


def _back(request, page, anchor):
    return redirect(_with_anchor(safe_next_url(request, page.get_url(request) or "/"), anchor))


def _readable_discussion(request, page):
    """The page's discussion if the visitor may read it (404 otherwise: nothing says it exists)."""
    if not services.may_view(page, request) or not services.comments_enabled(page):
        raise Http404
    return page


def _comment_and_page(request, comment_id):
    """The comment and the language version of its page the visitor may read (404 otherwise)."""
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    page = services.readable_version(comment.page, request)
    if page is None or not services.comments_enabled(page):
        raise Http404
    return comment, page


@require_POST
def post_view(request, page_id):
    page = _readable_discussion(request, get_object_or_404(Page, pk=page_id))
    if not request.user.is_authenticated:
        return redirect_to_login(_with_anchor(safe_next_url(request, page.get_url(request) or "/"), "commentaires"))
    text, parent = request.POST.get("text", ""), request.POST.get("parent", "")
    try:
        comment = services.post_comment(page, request.user, text, parent_id=parent or None)
    except (services.CommentRefused, PostingLimited) as refusal:
        request.session[FORM_STATE_KEY] = {
            "page": services.discussion_page(page).pk,
            "parent": parent[:20],
            "text": text[:5000],
            "error": str(refusal.message),
        }
        anchor = f"repondre-{parent}" if parent.isascii() and parent.isdigit() else "commenter"
        return _back(request, page, anchor)
    messages.success(
        request, _("Votre réponse est publiée.") if comment.parent_id else _("Votre commentaire est publié.")
    )
    return _back(request, page, f"commentaire-{comment.pk}")


@require_POST
def upvote_view(request, comment_id):
    comment, page = _comment_and_page(request, comment_id)
    if not request.user.is_authenticated:
        return redirect_to_login(_with_anchor(safe_next_url(request, page.get_url(request) or "/"), "commentaires"))
    try:
        if request.POST.get("action") == "retirer":
            services.remove_upvote(comment, request.user)
            messages.success(request, _("Votre soutien est retiré."))
        else:
            services.upvote(comment, request.user)
            messages.success(request, _("Votre soutien est enregistré."))
    except services.CommentRefused as refusal:
        messages.error(request, refusal.message)
    return _back(request, page, f"commentaire-{comment.pk}")


@require_http_methods(["GET", "POST"])
def report_view(request, comment_id):
    comment, page = _comment_and_page(request, comment_id)
    if not comment.shows_text:
        raise Http404  # a hidden or erased comment: its text is not shown, not even here
    back = safe_next_url(request, page.get_url(request) or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(comment, request.user, form.cleaned_data["reason"], form.cleaned_data["details"])
        except services.CommentRefused as refusal:
            if refusal.code == "already_reported":
                messages.info(request, refusal.message)
                return redirect(_with_anchor(back, f"commentaire-{comment.pk}"))
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, _("Merci : votre signalement est transmis aux modérateurs."))
            return redirect(_with_anchor(back, f"commentaire-{comment.pk}"))
    return TemplateResponse(
        request,
        "citizen_comments/report.html",
        {
            "form": form,
            "comment": comment,
            "discussion_page": page,
            "author_name": services.author_name(comment.author),
            "next": back,
        },
        status=400 if form.errors else 200,
    )
